//! `tact case open | reply | close | show`.

use super::check::Output;
use super::store::{
    block_on, calendar, first_line, open, show_duration, show_time, store_error, time_arg,
    triage_message,
};
use crate::cli::{
    CaseAction, CaseCloseArgs, CaseMessageArgs, CaseOpenArgs, CaseReplyArgs, CaseShowArgs, Format,
};
use crate::input;
use crate::setup::Setup;
use crate::user_error;
use anyhow::Result;
use jiff::tz::TimeZone;
use serde_json::json;
use std::fmt::Write as _;
use std::io::Write;
use tact_core::promises::extract;
use tact_core::{Channel, CheckInput, Situation};
use tact_store::{CheckRecord, Closing, NewCase, NewPromise, NewReply, Timeline};

pub fn run(setup: &Setup, url: &str, action: CaseAction, color: bool) -> Result<u8> {
    match action {
        CaseAction::Open(a) => open_case(setup, url, a),
        CaseAction::Reply(a) => reply(setup, url, a, color),
        CaseAction::Message(a) => message(url, a),
        CaseAction::Close(a) => close(setup, url, a),
        CaseAction::Show(a) => show(setup, url, a),
    }
}

fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn print_json(v: &impl serde::Serialize) -> Result<()> {
    print(&format!("{}\n", serde_json::to_string_pretty(v)?))
}

fn open_case(_setup: &Setup, url: &str, a: CaseOpenArgs) -> Result<u8> {
    let inp = input::read(a.file.as_deref())?;
    if inp.text.trim().is_empty() {
        return Err(user_error(format!("{}: the message is empty", inp.name)));
    }
    let received = time_arg("--received", a.received.as_deref())?;
    let triage = Some(triage_message(&inp.text)?);
    let new = NewCase {
        external_id: a.id.clone(),
        customer: a.customer.clone(),
        channel: Channel::from(a.channel).id().to_string(),
        opened_at: received,
        situation: a.situation.map(|s| Situation::from(s).id().to_string()),
        triage,
        message: Some(inp.text),
    };
    let case = block_on(async {
        let store = open(url).await?;
        if let Some(id) = &a.id {
            if store
                .find_external(id)
                .await
                .map_err(store_error)?
                .is_some()
            {
                return Err(user_error(format!("--id: a case `{id}` already exists")));
            }
        }
        store.open_case(&new).await.map_err(store_error)
    })??;
    match a.format {
        Format::Text => print(&format!("{}\n", case.id))?,
        Format::Json => print_json(&case)?,
    }
    Ok(0)
}

fn reply(setup: &Setup, url: &str, a: CaseReplyArgs, color: bool) -> Result<u8> {
    let inp = input::read(a.file.as_deref())?;
    if inp.text.trim().is_empty() {
        return Err(user_error(format!("{}: the reply is empty", inp.name)));
    }
    let sent = time_arg("--sent", a.sent.as_deref())?;
    let checker = setup.checker()?;
    let cal = calendar(setup)?;
    let target = i64::from(setup.config.team.first_response_minutes) * 60;
    let (case, report, promises, outcome) = block_on(async {
        let store = open(url).await?;
        let id = store.resolve_case(&a.case).await.map_err(store_error)?;
        let case = store.case(id).await.map_err(store_error)?;
        let customer = store.first_inbound(id).await.map_err(store_error)?;
        let situation = case
            .situation
            .as_deref()
            .and_then(|s| s.parse::<Situation>().ok())
            .unwrap_or_default();
        let channel = case.channel.parse::<Channel>().unwrap_or_default();
        let report = checker.check(&CheckInput {
            text: &inp.text,
            situation,
            channel,
            customer: customer.as_deref(),
        });
        let promises = extract(&inp.text, sent, &cal);
        let outcome = store
            .add_reply(
                id,
                &NewReply {
                    body: inp.text.clone(),
                    author: a.author.clone(),
                    sent_at: sent,
                    check: CheckRecord::from_report(&report),
                    promises: promises.iter().map(NewPromise::from).collect(),
                    first_response_target_secs: Some(target),
                },
            )
            .await
            .map_err(store_error)?;
        anyhow::Ok((case, report, promises, outcome))
    })??;
    match a.format {
        Format::Json => print_json(&json!({
            "case": case.id,
            "message": outcome.message_id,
            "check": Output::new(json!(inp.name), &report),
            "promises": promises.iter().zip(&outcome.promise_ids).map(|(p, id)| json!({
                "id": id, "text": p.text, "when": p.when, "due": p.due, "start": p.start, "end": p.end,
            })).collect::<Vec<_>>(),
            "first_response": outcome.first_response_secs.map(|s| json!({
                "secs": s, "target_secs": target, "within_target": s <= target,
            })),
        }))?,
        Format::Text => {
            let mut out = crate::render::report(&inp.name, &inp.text, &report, color, true);
            let _ = writeln!(
                out,
                "stored as message {} of case {}",
                outcome.message_id, case.id
            );
            for (p, id) in promises.iter().zip(&outcome.promise_ids) {
                let _ = writeln!(
                    out,
                    "  follow-up {id} due {}: \u{201c}{}\u{201d}",
                    show_time(p.due, &cal.tz),
                    p.text
                );
            }
            if let Some(s) = outcome.first_response_secs {
                let verdict = if s <= target { "within" } else { "over" };
                let _ = writeln!(
                    out,
                    "  first response: {} ({verdict} the {} target)",
                    show_duration(s),
                    show_duration(target)
                );
            }
            print(&out)?;
        }
    }
    Ok(0)
}

fn message(url: &str, a: CaseMessageArgs) -> Result<u8> {
    let inp = input::read(a.file.as_deref())?;
    if inp.text.trim().is_empty() {
        return Err(user_error(format!("{}: the message is empty", inp.name)));
    }
    let received = time_arg("--received", a.received.as_deref())?;
    let id = block_on(async {
        let store = open(url).await?;
        let id = store.resolve_case(&a.case).await.map_err(store_error)?;
        let case = store.case(id).await.map_err(store_error)?;
        let author = a.author.as_deref().or(case.customer.as_deref());
        store
            .add_inbound(id, author, received, &inp.text)
            .await
            .map_err(store_error)
    })??;
    print(&format!("{id}\n"))?;
    Ok(0)
}

fn close(_setup: &Setup, url: &str, a: CaseCloseArgs) -> Result<u8> {
    if a.resolution.trim().is_empty() {
        return Err(user_error("--resolution: say how the case ended"));
    }
    let at = time_arg("--at", a.at.as_deref())?;
    let case = block_on(async {
        let store = open(url).await?;
        let id = store.resolve_case(&a.case).await.map_err(store_error)?;
        store
            .close_case(
                id,
                &Closing {
                    resolution: a.resolution.clone(),
                    satisfaction: a.satisfaction,
                    root_cause: a.root_cause.clone().filter(|s| !s.trim().is_empty()),
                    prevention: a.prevention.clone().filter(|s| !s.trim().is_empty()),
                    at,
                },
            )
            .await
            .map_err(store_error)
    })??;
    match a.format {
        Format::Text => print(&format!("case {} closed\n", case.id))?,
        Format::Json => print_json(&case)?,
    }
    Ok(0)
}

fn show(setup: &Setup, url: &str, a: CaseShowArgs) -> Result<u8> {
    let cal = calendar(setup)?;
    let now = jiff::Timestamp::now();
    let t = block_on(async {
        let store = open(url).await?;
        let id = store.resolve_case(&a.case).await.map_err(store_error)?;
        store.timeline(id, now).await.map_err(store_error)
    })??;
    match a.format {
        Format::Json => print_json(&t)?,
        Format::Text => print(&render_timeline(&t, &cal.tz))?,
    }
    Ok(0)
}

/// One line of a timeline.
struct Event {
    at: jiff::Timestamp,
    order: u8,
    text: String,
}

fn render_timeline(t: &Timeline, tz: &TimeZone) -> String {
    let c = &t.case;
    let mut out = String::new();
    let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(
        out,
        "case {}{} · {} · {} · {}",
        c.id,
        c.external_id
            .as_ref()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default(),
        dash(&c.customer),
        c.channel,
        c.status
    );
    let _ = writeln!(
        out,
        "  situation {} · category {} · urgency {}",
        c.situation.as_deref().unwrap_or("our_fault (default)"),
        dash(&c.category),
        dash(&c.urgency)
    );
    if let Some(s) = c.first_response_secs {
        let target = c
            .first_response_target_secs
            .map(|t| format!(" (target {})", show_duration(t)))
            .unwrap_or_default();
        let _ = writeln!(out, "  first response {}{target}", show_duration(s));
    }
    let mut events = vec![Event {
        at: c.opened_at,
        order: 0,
        text: "opened".into(),
    }];
    for m in &t.messages {
        let who = m.author.clone().unwrap_or_else(|| {
            if m.direction == "inbound" {
                "customer".into()
            } else {
                "us".into()
            }
        });
        let mut text = if m.direction == "inbound" {
            format!("\u{2190} {who}: {}", first_line(&m.body, 70))
        } else {
            format!("\u{2192} {who}: {}", first_line(&m.body, 70))
        };
        if let Some(score) = m.score {
            let _ = write!(text, "\n      score {score}");
            if !m.missing.is_empty() {
                let _ = write!(text, " · missing {}", m.missing.join(", "));
            }
            if !m.anti_patterns.is_empty() {
                let _ = write!(text, " · anti-patterns {}", m.anti_patterns.join(", "));
            }
        }
        for f in t.followups.iter().filter(|f| f.message_id == m.id) {
            let _ = write!(
                text,
                "\n      promise {}: \u{201c}{}\u{201d} due {} [{}]",
                f.id,
                f.text,
                show_time(f.due_at, tz),
                f.state.as_str()
            );
        }
        events.push(Event {
            at: m.at,
            order: 1,
            text,
        });
    }
    for f in &t.followups {
        if let Some(done) = f.done_at {
            let note = f
                .note
                .as_ref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            events.push(Event {
                at: done,
                order: 2,
                text: format!("follow-up {} done ({}){note}", f.id, f.state.as_str()),
            });
        }
    }
    if let Some(closed) = c.closed_at {
        let mut text = format!("closed: {}", c.resolution.as_deref().unwrap_or("-"));
        if let Some(s) = c.satisfaction {
            let _ = write!(text, " · satisfaction {s}/5");
        }
        for l in &t.lessons {
            if let Some(rc) = &l.root_cause {
                let _ = write!(text, "\n      root cause: {rc}");
            }
            if let Some(p) = &l.prevention {
                let _ = write!(text, "\n      prevention: {p}");
            }
        }
        events.push(Event {
            at: closed,
            order: 3,
            text,
        });
    }
    events.sort_by_key(|e| (e.at, e.order));
    for e in events {
        let _ = writeln!(out, "{}  {}", show_time(e.at, tz), e.text);
    }
    out
}
