//! The VADER port against the reference Python package (`pip install vaderSentiment`) on real
//! messages read from the shared data folder at test time. Skips with a notice when either the
//! data or the package is missing; CI installs the package so the comparison runs there.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use tact_core::triage::vader::vader;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn messages() -> Option<Vec<String>> {
    let dir = data_dir();
    let mut out = Vec::new();
    let jl = std::fs::read_to_string(dir.join("triage/customer-messages-labelled.jsonl")).ok()?;
    for line in jl.lines().filter(|l| !l.trim().is_empty()).take(400) {
        let v: serde_json::Value = serde_json::from_str(line).expect("customer messages: JSON");
        out.push(v["text"].as_str().expect("text field").to_string());
    }
    let tsv = std::fs::read_to_string(dir.join("triage/goemotions-dev.tsv")).ok()?;
    for line in tsv.lines().take(400) {
        out.push(line.split('\t').next().unwrap_or("").to_string());
    }
    Some(out)
}

const SCRIPT: &str = r#"
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
a = SentimentIntensityAnalyzer()
texts = json.load(sys.stdin)
json.dump([a.polarity_scores(t)["compound"] for t in texts], sys.stdout)
"#;

fn reference(texts: &[String]) -> Option<Vec<f64>> {
    let python = ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import vaderSentiment"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })?;
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let input = serde_json::to_vec(texts).expect("encode");
    child.stdin.take()?.write_all(&input).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "the reference script failed");
    Some(serde_json::from_slice(&out.stdout).expect("reference output"))
}

#[test]
fn compound_agrees_with_the_reference_package() {
    let Some(texts) = messages() else {
        eprintln!("NOTICE: ../shared/data not found; VADER reference comparison skipped");
        return;
    };
    let Some(expected) = reference(&texts) else {
        eprintln!(
            "NOTICE: python vaderSentiment not installed; VADER reference comparison skipped"
        );
        return;
    };
    assert_eq!(expected.len(), texts.len());
    assert!(texts.len() >= 300, "too few messages: {}", texts.len());
    let v = vader();
    let mut agree = 0usize;
    let mut worst = Vec::new();
    for (t, e) in texts.iter().zip(&expected) {
        let got = v.polarity(t).compound;
        if (got - e).abs() <= 0.01 {
            agree += 1;
        } else if worst.len() < 5 {
            worst.push(format!("{got:.4} vs {e:.4}: {t:?}"));
        }
    }
    let share = agree as f64 / texts.len() as f64;
    eprintln!(
        "VADER agreement with the reference: {agree}/{} = {:.2}%",
        texts.len(),
        share * 100.0
    );
    assert!(
        share >= 0.99,
        "only {:.2}% within 0.01; for example:\n{}",
        share * 100.0,
        worst.join("\n")
    );
}
