//! `tact eval`: precision, recall and F1 against a labelled file.

use crate::cli::{EvalArgs, EvalTask, Format};
use crate::input;
use crate::setup::Setup;
use crate::user_error;
use anyhow::Result;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use tact_core::eval::{GroupScore, LabelScore, Tally};
use tact_core::{AntiPattern, Channel, CheckInput, Component, Situation};

pub fn run(setup: &Setup, args: EvalArgs) -> Result<u8> {
    match args.task {
        EvalTask::Replies => replies(setup, &args),
        EvalTask::Complaints => complaints(&args),
        EvalTask::Emotions => emotions(&args),
    }
}

fn triager() -> Result<&'static tact_core::triage::Triager> {
    tact_core::triage::Triager::builtin().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Print the figures of a triage task (text or JSON) and apply the floors.
fn report_triage(
    args: &EvalArgs,
    task: &str,
    name: &str,
    n: usize,
    tally: &Tally,
    extra: serde_json::Map<String, Value>,
    floors: &[(String, f64)],
) -> Result<u8> {
    let labels = tally.labels();
    let all = tally.group(|_| true);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            let mut v = json!({"task": task, "records": n, "labels": labels, "overall": all});
            if let Value::Object(m) = &mut v {
                m.extend(extra);
            }
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(out, "{name}: {n} records")?;
            print_group(&mut out, task, &labels, all, |_| true)?;
            for (k, v) in &extra {
                writeln!(out, "  {k:<20} {v:.3}", v = v.as_f64().unwrap_or(f64::NAN))?;
            }
        }
    }
    let mut failed = false;
    for (label, min) in floors {
        let Some(s) = labels.get(label) else {
            return Err(user_error(format!("no label `{label}` in this task")));
        };
        if s.f1 < *min {
            eprintln!("tact: {label} F1 {:.3} is below {min}", s.f1);
            failed = true;
        }
    }
    Ok(u8::from(failed))
}

fn complaints(args: &EvalArgs) -> Result<u8> {
    let t = triager()?;
    let inp = input::read(Some(&args.file))?;
    let recs = tact_core::eval::parse_csv(&inp.text)
        .map_err(|e| user_error(format!("{}: {e}", inp.name)))?;
    let Some((_, header)) = recs.first() else {
        return Err(user_error(format!("{}: no records", inp.name)));
    };
    let col = |c: &str| {
        header
            .iter()
            .position(|h| h.trim() == c)
            .ok_or_else(|| user_error(format!("{}:1: no column `{c}` in the header", inp.name)))
    };
    let (ti, yi) = (col("text")?, col("is_complaint")?);
    let mut tally = Tally::default();
    tally.declare("complaint");
    let mut scored = Vec::new();
    for (line, r) in &recs[1..] {
        let (Some(text), Some(y)) = (r.get(ti), r.get(yi)) else {
            return Err(user_error(format!(
                "{}:{line}: expected {} fields, found {}",
                inp.name,
                header.len(),
                r.len()
            )));
        };
        let gold = match y.trim() {
            "1" => true,
            "0" => false,
            other => {
                return Err(user_error(format!(
                    "{}:{line}: is_complaint must be 0 or 1, not `{other}`",
                    inp.name
                )))
            }
        };
        let s = t.scores(text);
        let pred = s.complaint >= s.complaint_threshold;
        tally.add(gold.then_some("complaint"), pred.then_some("complaint"));
        scored.push((f64::from(s.complaint), gold));
        if args.errors && gold != pred {
            println!(
                "{}",
                json!({"line": line, "gold": gold, "probability": s.complaint, "text": text})
            );
        }
    }
    let mut extra = serde_json::Map::new();
    extra.insert("roc_auc".into(), json!(tact_core::eval::roc_auc(&scored)));
    let floors: Vec<(String, f64)> = args
        .min_f1
        .map(|m| ("complaint".to_string(), m))
        .into_iter()
        .collect();
    report_triage(
        args,
        "complaints",
        &inp.name,
        scored.len(),
        &tally,
        extra,
        &floors,
    )
}

fn emotions(args: &EvalArgs) -> Result<u8> {
    use tact_core::triage::{EMOTION_GROUPS, GOEMOTIONS_LABELS};
    let t = triager()?;
    let inp = input::read(Some(&args.file))?;
    let mut floors = Vec::new();
    for f in &args.min_group_f1 {
        let (g, v) = f
            .split_once('=')
            .ok_or_else(|| user_error(format!("--min-group-f1 `{f}`: expected GROUP=F1")))?;
        let v: f64 = v
            .trim()
            .parse()
            .map_err(|_| user_error(format!("--min-group-f1 `{f}`: `{v}` is not a number")))?;
        if !EMOTION_GROUPS.iter().any(|(name, _, _)| *name == g.trim()) {
            return Err(user_error(format!(
                "--min-group-f1: unknown group `{g}` (expected one of: {})",
                EMOTION_GROUPS
                    .iter()
                    .map(|x| x.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        floors.push((g.trim().to_string(), v));
    }
    let mut tally = Tally::default();
    for (g, _, _) in EMOTION_GROUPS {
        tally.declare(g);
    }
    let mut n = 0;
    for (i, line) in inp.text.lines().enumerate() {
        let lineno = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(text), Some(ids)) = (cols.next(), cols.next()) else {
            return Err(user_error(format!(
                "{}:{lineno}: expected tab-separated text and label ids",
                inp.name
            )));
        };
        let mut labels = Vec::new();
        for id in ids.split(',') {
            let label = id
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|k| GOEMOTIONS_LABELS.get(k))
                .ok_or_else(|| {
                    user_error(format!(
                        "{}:{lineno}: `{id}` is not a GoEmotions label id (0–27)",
                        inp.name
                    ))
                })?;
            labels.push(*label);
        }
        let s = t.scores(text);
        let gold: Vec<&str> = EMOTION_GROUPS
            .iter()
            .filter(|(_, members, _)| labels.iter().any(|l| members.contains(l)))
            .map(|g| g.0)
            .collect();
        let pred: Vec<&str> = EMOTION_GROUPS
            .iter()
            .filter(|(_, _, out)| s.emotion_present.get(*out).copied().unwrap_or(false))
            .map(|g| g.0)
            .collect();
        if args.errors && gold != pred {
            println!(
                "{}",
                json!({"line": lineno, "gold": gold, "predicted": pred, "text": text})
            );
        }
        tally.add(gold, pred);
        n += 1;
    }
    if n == 0 {
        return Err(user_error(format!("{}: no records", inp.name)));
    }
    report_triage(
        args,
        "emotions",
        &inp.name,
        n,
        &tally,
        serde_json::Map::new(),
        &floors,
    )
}

fn strings(v: Option<&Value>, field: &str, line: usize, name: &str) -> Result<Vec<String>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str().map(str::to_string).ok_or_else(|| {
                    user_error(format!(
                        "{name}:{line}: `{field}` must be a list of strings"
                    ))
                })
            })
            .collect(),
        Some(_) => Err(user_error(format!(
            "{name}:{line}: `{field}` must be a list of strings"
        ))),
    }
}

fn replies(setup: &Setup, args: &EvalArgs) -> Result<u8> {
    let checker = setup.checker()?;
    let inp = input::read(Some(&args.file))?;
    let mut tally = Tally::default();
    for c in Component::ALL {
        tally.declare(c.id());
    }
    for a in AntiPattern::ALL {
        tally.declare(a.id());
    }
    let mut errors = Vec::new();
    let mut n = 0usize;
    for (i, line) in inp.text.lines().enumerate() {
        let lineno = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| user_error(format!("{}:{lineno}: malformed JSON: {e}", inp.name)))?;
        let reply = v
            .get("reply")
            .and_then(Value::as_str)
            .ok_or_else(|| user_error(format!("{}:{lineno}: no string field `reply`", inp.name)))?;
        let gold_c = strings(v.get("components"), "components", lineno, &inp.name)?;
        let gold_a = strings(v.get("anti_patterns"), "anti_patterns", lineno, &inp.name)?;
        for l in gold_c.iter().chain(&gold_a) {
            l.parse::<tact_core::Label>()
                .map_err(|e| user_error(format!("{}:{lineno}: {e}", inp.name)))?;
        }
        // Situation "none" (no bad news) and missing fields fall back to the defaults.
        let situation = v
            .get("situation")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Situation>().ok());
        let channel = v
            .get("channel")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Channel>().ok());
        let ci = CheckInput {
            text: reply,
            situation: situation.unwrap_or_default(),
            channel: channel.unwrap_or(args.channel.into()),
            customer: v.get("customer").and_then(Value::as_str),
        };
        let r = checker.check(&ci);
        let pred_c: Vec<&str> = r.components.iter().map(|c| c.id()).collect();
        let pred_a: Vec<&str> = r.anti_patterns.iter().map(|a| a.id()).collect();
        tally.add(gold_c.iter().map(String::as_str), pred_c.iter().copied());
        tally.add(gold_a.iter().map(String::as_str), pred_a.iter().copied());
        if args.errors {
            let id = v.get("id").cloned().unwrap_or(Value::from(lineno));
            let fp: Vec<&str> = pred_c
                .iter()
                .chain(&pred_a)
                .copied()
                .filter(|p| !gold_c.iter().chain(&gold_a).any(|g| g == p))
                .collect();
            let fneg: Vec<&str> = gold_c
                .iter()
                .chain(&gold_a)
                .map(String::as_str)
                .filter(|g| !pred_c.contains(g) && !pred_a.contains(g))
                .collect();
            if !fp.is_empty() || !fneg.is_empty() {
                errors.push(json!({"id": id, "false_positives": fp, "false_negatives": fneg, "reply": reply}));
            }
        }
        n += 1;
    }
    if n == 0 {
        return Err(user_error(format!("{}: no records", inp.name)));
    }
    let labels = tally.labels();
    let is_component = |k: &str| k.parse::<Component>().is_ok();
    let comp = tally.group(is_component);
    let anti = tally.group(|k| !is_component(k));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            let v = json!({
                "task": "replies",
                "records": n,
                "labels": labels,
                "components": comp,
                "anti_patterns": anti,
            });
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(out, "{}: {n} records", inp.name)?;
            print_group(&mut out, "components", &labels, comp, is_component)?;
            print_group(&mut out, "anti-patterns", &labels, anti, |k| {
                !is_component(k)
            })?;
        }
    }
    if args.errors {
        for e in &errors {
            writeln!(out, "{e}")?;
        }
    }
    let mut failed = false;
    if let Some(min) = args.min_components {
        if comp.micro_f1 < min {
            eprintln!(
                "tact: component micro-F1 {:.3} is below {min}",
                comp.micro_f1
            );
            failed = true;
        }
    }
    if let Some(min) = args.min_anti_patterns {
        if anti.micro_f1 < min {
            eprintln!(
                "tact: anti-pattern micro-F1 {:.3} is below {min}",
                anti.micro_f1
            );
            failed = true;
        }
    }
    Ok(u8::from(failed))
}

fn print_group(
    out: &mut impl Write,
    title: &str,
    labels: &BTreeMap<String, LabelScore>,
    g: GroupScore,
    include: impl Fn(&str) -> bool,
) -> Result<()> {
    writeln!(
        out,
        "\n{title:<22} {:>9} {:>9} {:>9} {:>8}",
        "precision", "recall", "f1", "support"
    )?;
    for (k, s) in labels.iter().filter(|(k, _)| include(k)) {
        writeln!(
            out,
            "  {k:<20} {:>9.3} {:>9.3} {:>9.3} {:>8}",
            s.precision, s.recall, s.f1, s.support
        )?;
    }
    writeln!(
        out,
        "  {:<20} micro-F1 {:.3}  macro-F1 {:.3}",
        title, g.micro_f1, g.macro_f1
    )?;
    Ok(())
}
