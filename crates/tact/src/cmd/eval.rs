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
    }
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
