//! Check every reply of a JSON Lines file with the built-in rules, 32 at a time as `tact check
//! --jsonl` does, and print the time the engine took, without reading or writing JSON in the
//! loop: for profiling the engine alone
//! (`cargo run --release -p tact-core --example check_file -- FILE [ROUNDS]`, or under
//! `valgrind --tool=callgrind`). Uses each record's `reply` (or `text`), `channel` and
//! `situation` fields.

use std::time::Instant;
use tact_core::{Channel, CheckInput, Checker, Situation};

// The allocator of the `tact` binary, so the figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: check_file FILE.jsonl [ROUNDS]")?;
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(1);
    let mut records = Vec::new();
    for (n, line) in std::fs::read_to_string(&path)?.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let text = v["reply"].as_str().or(v["text"].as_str()).unwrap_or("");
        let situation = v["situation"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(Situation::OurFault);
        let channel = v["channel"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(Channel::Email);
        records.push((text.to_string(), situation, channel));
    }
    let checker = Checker::builtin()?;
    let bytes: usize = records.iter().map(|r| r.0.len()).sum::<usize>() * rounds;
    let start = Instant::now();
    let mut score = 0u64;
    let inputs: Vec<CheckInput> = records
        .iter()
        .map(|(text, situation, channel)| CheckInput {
            text,
            situation: *situation,
            channel: *channel,
            customer: None,
        })
        .collect();
    for _ in 0..rounds {
        for batch in inputs.chunks(32) {
            for report in checker.check_all(batch) {
                score += u64::from(report.score);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} replies, {:.1} MB in {secs:.2} s: {:.1} MB/s, {:.1} µs per reply (score sum {score})",
        records.len() * rounds,
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        secs * 1e6 / (records.len() * rounds) as f64
    );
    Ok(())
}
