//! `tact report`: the team's report over the store.

use super::store::{block_on, calendar, open, show_duration, show_time, store_error, time_arg};
use crate::cli::{Format, ReportArgs};
use crate::setup::Setup;
use anyhow::Result;
use std::fmt::Write as _;
use std::io::Write;
use tact_store::{StoreReport, Tally};

pub fn run(setup: &Setup, url: &str, args: ReportArgs) -> Result<u8> {
    let cal = calendar(setup)?;
    let since = match args.since.as_deref() {
        Some(v) => Some(time_arg("--since", Some(v))?),
        None => None,
    };
    let now = time_arg("--now", args.now.as_deref())?;
    let r = block_on(async {
        let store = open(url).await?;
        store.report(since, now).await.map_err(store_error)
    })??;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &r)?;
            writeln!(out)?;
        }
        Format::Text => out.write_all(render(&r, &cal.tz).as_bytes())?,
    }
    out.flush()?;
    Ok(0)
}

fn pct(n: i64, of: i64) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * n as f64 / of as f64)
    }
}

fn render(r: &StoreReport, tz: &jiff::tz::TimeZone) -> String {
    let mut s = String::new();
    let period = match r.since {
        Some(t) => format!("since {}", show_time(t, tz)),
        None => "all time".into(),
    };
    let _ = writeln!(
        s,
        "{} case{} ({period}), {} closed",
        r.cases,
        if r.cases == 1 { "" } else { "s" },
        r.closed
    );
    if !r.categories.is_empty() {
        let _ = writeln!(
            s,
            "\nby category (cases, then cases per week from {}, oldest first)",
            r.weeks
                .first()
                .map(|w| show_time(*w, tz))
                .unwrap_or_default()
        );
        for c in &r.categories {
            let weekly: Vec<String> = c.weekly.iter().map(i64::to_string).collect();
            let trend = match c.change {
                0 => "steady".to_string(),
                d if d > 0 => format!("up {d}"),
                d => format!("down {}", -d),
            };
            let _ = writeln!(
                s,
                "  {:<18} {:>6}   {}   {trend}",
                c.category,
                c.cases,
                weekly.join(" ")
            );
        }
    }
    let fr = &r.first_response;
    let _ = writeln!(
        s,
        "\nfirst response: median {} over {} answered case{}; {} within target; {} unanswered",
        fr.median_secs
            .map(show_duration)
            .unwrap_or_else(|| "-".into()),
        fr.measured,
        if fr.measured == 1 { "" } else { "s" },
        pct(fr.within_target, fr.measured),
        fr.unanswered
    );
    let _ = writeln!(
        s,
        "\nreplies: {} checked, mean score {}",
        r.replies,
        r.mean_score
            .map(|m| format!("{m:.0}"))
            .unwrap_or_else(|| "-".into())
    );
    for b in &r.score_bands {
        let _ = writeln!(
            s,
            "  {:<5} {:>3}-{:<3} {:>7}  {:>4}",
            b.band,
            b.min,
            b.max,
            b.replies,
            pct(b.replies, r.replies)
        );
    }
    let top = |s: &mut String, title: &str, list: &[Tally]| {
        if list.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n{title}");
        for t in list.iter().take(8) {
            let _ = writeln!(
                s,
                "  {:<22} {:>7}  {:>4}",
                t.name,
                t.count,
                pct(t.count, r.replies)
            );
        }
    };
    top(
        &mut s,
        "most frequent anti-patterns (replies)",
        &r.anti_patterns,
    );
    top(&mut s, "most often missing (replies)", &r.missing);
    let p = &r.promises;
    let _ = writeln!(
        s,
        "\npromises: {} kept, {} kept late, {} broken, {} open",
        p.kept, p.late, p.broken, p.open
    );
    if let Some(m) = r.mean_satisfaction {
        let _ = writeln!(s, "satisfaction: {m:.1}/5");
    }
    if !r.root_causes.is_empty() {
        let _ = writeln!(s, "\nrecurring root causes");
        for t in &r.root_causes {
            let _ = writeln!(s, "  {:>5}  {}", t.count, t.name);
        }
    }
    s
}
