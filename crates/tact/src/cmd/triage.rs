//! `tact triage`.

use super::check::for_each_line_ordered;
use crate::cli::{Format, TriageArgs};
use crate::input;
use crate::record::parse_record;
use crate::user_error;
use anyhow::Result;
use serde_json::Value;
use std::io::{BufWriter, Write};
use tact_core::triage::{Evidence, Found, Triage, Triager};

/// The JSON shape of one triaged message, shared with `POST /api/v1/triage`.
use tact_server::TriageOutput as Output;

pub fn run(args: TriageArgs, color: bool) -> Result<u8> {
    let triager = Triager::builtin().map_err(|e| anyhow::anyhow!("{e}"))?;
    if args.jsonl.jsonl {
        return run_jsonl(triager, &args);
    }
    let files = input::files_or_stdin(&args.files);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut docs = Vec::new();
    for f in &files {
        let inp = input::read(f.as_deref())?;
        if inp.text.trim().is_empty() {
            return Err(user_error(format!("{}: the message is empty", inp.name)));
        }
        let t = triager.triage(&inp.text);
        match args.format {
            Format::Text => out.write_all(render(&inp.name, &t, color).as_bytes())?,
            Format::Json => docs.push(serde_json::to_value(Output {
                id: Value::String(inp.name.clone()),
                triage: &t,
            })?),
        }
    }
    if args.format == Format::Json {
        if docs.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &docs[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &docs)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(0)
}

fn run_jsonl(triager: &Triager, args: &TriageArgs) -> Result<u8> {
    let files = input::files_or_stdin(&args.files);
    // Whole task buffers go to stdout as they are (see `for_each_batch_ordered`).
    let mut out = std::io::stdout().lock();
    let mut total_bad = 0;
    for f in &files {
        let mut inp = input::lines(f.as_deref())?;
        let name = inp.name.clone();
        total_bad +=
            for_each_line_ordered(&mut inp, args.jsonl.threads, &mut out, |n, line, buf| {
                let rec = parse_record(line, n, &args.jsonl, "text")
                    .map_err(|e| format!("{name}: {e}"))?;
                let t = triager.triage(&rec.text);
                serde_json::to_writer(
                    &mut *buf,
                    &Output {
                        id: rec.id,
                        triage: &t,
                    },
                )
                .map_err(|e| e.to_string())?;
                buf.push(b'\n');
                Ok(())
            })?;
    }
    out.flush()?;
    if let Some(code) = input::malformed_lines_exit(total_bad) {
        return Ok(code);
    }
    Ok(0)
}

fn quote(e: &Evidence) -> String {
    format!("\"{}\" [{}..{}]", e.text.replace('\n', " "), e.start, e.end)
}

fn why(t: &Triage, about: &str) -> String {
    let q: Vec<String> = t
        .evidence
        .iter()
        .filter(|e| e.about == about)
        .take(3)
        .map(quote)
        .collect();
    if q.is_empty() {
        String::new()
    } else {
        format!("  <- {}", q.join(", "))
    }
}

fn found(label: &str, v: &[Found], parts: &mut Vec<String>) {
    for f in v {
        parts.push(format!("{label} {} [{}..{}]", f.text, f.start, f.end));
    }
}

/// The readable lines of one triage.
pub fn render(name: &str, t: &Triage, color: bool) -> String {
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut o = String::new();
    o.push_str(&bold(name));
    o.push('\n');
    let line = |o: &mut String, k: &str, v: String| {
        o.push_str(&format!("  {:<12} {v}\n", k));
    };
    line(
        &mut o,
        "sentiment",
        format!(
            "{} (VADER compound {:+.3}){}",
            t.sentiment.label,
            t.sentiment.compound,
            why(t, "sentiment")
        ),
    );
    let mut emo: Vec<String> = t
        .present
        .iter()
        .map(|e| format!("{e} {:.2}{}", t.emotion(e), why(t, &format!("emotion:{e}"))))
        .collect();
    if emo.is_empty() {
        emo.push("none clearly present".into());
    }
    line(&mut o, "emotions", emo.join("\n               "));
    line(
        &mut o,
        "complaint",
        format!(
            "{} (probability {:.2}){}",
            if t.complaint.is_complaint {
                "yes"
            } else {
                "no"
            },
            t.complaint.probability,
            why(t, "complaint")
        ),
    );
    line(
        &mut o,
        "category",
        format!(
            "{} ({:.2}){}",
            t.category,
            t.category_confidence,
            why(t, "category")
        ),
    );
    let mut reasons: Vec<String> = Vec::new();
    for r in &t.urgency_reasons {
        reasons.push(format!(
            "{}{}",
            r.id(),
            why(t, &format!("urgency:{}", r.id())).replace("  <- ", " ")
        ));
    }
    line(
        &mut o,
        "urgency",
        if reasons.is_empty() {
            t.urgency.to_string()
        } else {
            format!("{}: {}", t.urgency, reasons.join("; "))
        },
    );
    line(
        &mut o,
        "situation",
        format!(
            "{} (likely){}",
            t.situation,
            why(t, &format!("situation:{}", t.situation))
        ),
    );
    let mut facts = Vec::new();
    if let Some(n) = &t.facts.customer_name {
        facts.push(format!("name {} [{}..{}]", n.text, n.start, n.end));
    }
    found("reference", &t.facts.references, &mut facts);
    found("amount", &t.facts.amounts, &mut facts);
    found("date", &t.facts.dates, &mut facts);
    found("product", &t.facts.products, &mut facts);
    if facts.is_empty() {
        facts.push("none found".into());
    }
    line(&mut o, "facts", facts.join("; "));
    let plan: Vec<String> = t
        .plan
        .iter()
        .filter(|p| p.need != tact_core::Need::Bonus)
        .map(|p| {
            let need = match p.need {
                tact_core::Need::Required => "required",
                _ => "expected",
            };
            format!("{} ({need}): {}", p.component, p.why)
        })
        .collect();
    line(&mut o, "reply needs", plan.join("\n               "));
    o
}
