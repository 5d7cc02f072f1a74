//! `tact check`.

use crate::cli::{CheckArgs, Format};
use crate::input;
use crate::record::parse_record;
use crate::setup::Setup;
use crate::user_error;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde_json::Value;
use std::io::{BufWriter, Write};
use tact_core::{apply_fixes, CheckInput, Checker, Report, Severity};

pub fn run(setup: &Setup, args: CheckArgs, color: bool) -> Result<u8> {
    let checker = setup.checker()?;
    if args.jsonl.jsonl {
        if args.fix {
            return Err(user_error("--fix works on text files, not with --jsonl"));
        }
        return run_jsonl(&checker, &args);
    }
    let customer = match &args.customer {
        Some(p) => Some(input::read(Some(p))?.text),
        None => None,
    };
    let files = input::files_or_stdin(&args.files);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut docs = Vec::new();
    for f in &files {
        let inp = input::read(f.as_deref())?;
        if inp.text.trim().is_empty() {
            return Err(user_error(format!("{}: the reply is empty", inp.name)));
        }
        let ci = CheckInput {
            text: &inp.text,
            situation: args.situation.into(),
            channel: args.channel.into(),
            customer: customer.as_deref(),
        };
        let report = checker.check(&ci);
        failed |= fails(&report, &args);
        if args.fix {
            let (fixed, n) = apply_fixes(&inp.text, &report.diagnostics, args.unsafe_fixes);
            if args.write {
                let Some(path) = f else {
                    return Err(user_error("--write needs a file, not standard input"));
                };
                write_atomic(path, &fixed)?;
                eprintln!(
                    "{}: applied {n} fix{}",
                    inp.name,
                    if n == 1 { "" } else { "es" }
                );
            } else {
                out.write_all(fixed.as_bytes())?;
            }
            continue;
        }
        match args.format {
            Format::Text => {
                out.write_all(
                    crate::render::report(&inp.name, &inp.text, &report, color, args.quiet)
                        .as_bytes(),
                )?;
            }
            Format::Json => docs.push(serde_json::to_value(Output::new(
                Value::String(inp.name.clone()),
                &report,
            ))?),
        }
    }
    if args.format == Format::Json && !args.fix {
        if docs.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &docs[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &docs)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(u8::from(failed))
}

fn write_atomic(path: &std::path::Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tact-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("reply")
    ));
    std::fs::write(&tmp, text).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

fn fails(r: &Report, args: &CheckArgs) -> bool {
    let by_severity = args
        .fail_on
        .threshold()
        .is_some_and(|t: Severity| r.diagnostics.iter().any(|d| d.severity >= t));
    let by_score = args.fail_under.is_some_and(|min| r.score < min);
    by_severity || by_score
}

/// The JSON shape of one checked reply, shared with `POST /api/v1/check`.
pub use tact_server::CheckOutput as Output;

/// Run `f` over the lines of `input` in parallel batches, writing results in input order: `f`
/// appends line `n`'s output to the buffer it is given, or returns the error to report for it.
pub fn for_each_line_ordered<W: Write>(
    input: &mut input::Lines,
    threads: Option<usize>,
    out: &mut W,
    f: impl Fn(usize, &str, &mut Vec<u8>) -> LineResult + Sync,
) -> Result<usize> {
    for_each_batch_ordered(input, threads, out, |lines, buf| {
        lines
            .iter()
            .map(|&(n, l)| append_line(buf, |buf| f(n, l, buf)))
            .collect()
    })
}

/// Append one line's output to `buf` with `write`; when it fails, nothing of the line stays.
fn append_line(buf: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>) -> LineResult) -> LineResult {
    let len = buf.len();
    let r = write(buf);
    if r.is_err() {
        buf.truncate(len);
    }
    r
}

/// One line's outcome: its output was appended to the batch's buffer, or the error to report.
pub type LineResult = std::result::Result<(), String>;

/// Non-empty lines a worker takes at a time: enough for each stage of the checker to run over
/// several replies before the next (see `Checker::check_all`), few enough to spread the work.
const LINES_PER_TASK: usize = 32;

/// Lines read before they are handed out to the workers, and about how many bytes: the memory
/// held at once, whatever the size of the input.
const BATCH_LINES: usize = 4096;
const BATCH_BYTES: usize = 8 << 20;

/// Run `f` over runs of numbered lines of `input` in parallel, a batch at a time, writing the
/// output in input order and reporting the errors on stderr by line number. `f` appends the
/// output of a run's lines, in order, to one buffer, and returns one result per line. Returns
/// the number of lines that failed. `out` is given each run's buffer whole, tens of kilobytes of
/// whole lines: stdout's own line writer passes them straight through, where a `BufWriter`
/// would copy each one first.
pub fn for_each_batch_ordered<W: Write>(
    input: &mut input::Lines,
    threads: Option<usize>,
    out: &mut W,
    f: impl Fn(&[(usize, &str)], &mut Vec<u8>) -> Vec<LineResult> + Sync,
) -> Result<usize> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut bad = 0usize;
    let (mut text, mut batch) = (String::new(), Vec::new());
    // One output buffer per task, kept from batch to batch: fresh ones would be fresh pages
    // for the kernel to zero every time, which cost more than writing the JSON into them.
    let mut bufs: Vec<Vec<u8>> = Vec::new();
    while input.next_batch(&mut text, &mut batch, BATCH_LINES, BATCH_BYTES)? {
        // Lines read whole and UTF-8 go to the workers; the others are reported in their place.
        let lines: Vec<(usize, &str)> = batch
            .iter()
            .filter_map(|(n, r)| Some((*n, &text[r.as_ref().ok()?.clone()])))
            .collect();
        let tasks = lines.len().div_ceil(LINES_PER_TASK);
        if bufs.len() < tasks {
            bufs.resize_with(tasks, Vec::new);
        }
        let results: Vec<Vec<LineResult>> = pool.install(|| {
            lines
                .par_chunks(LINES_PER_TASK)
                .zip(bufs.par_iter_mut())
                .map(|(task, buf)| {
                    buf.clear();
                    f(task, buf)
                })
                .collect()
        });
        for buf in &bufs[..tasks] {
            out.write_all(buf)?;
        }
        let mut results = results.iter().flatten();
        for (n, r) in &batch {
            let outcome = match r {
                Ok(_) => results
                    .next()
                    .context("internal error: fewer results than lines")?
                    .as_ref()
                    .err()
                    .cloned(),
                Err(msg) => Some(msg.clone()),
            };
            // Every line gets its result or its error: none may go missing.
            if let Some(msg) = outcome {
                bad += 1;
                eprintln!("tact: line {n}: {msg}");
            }
        }
        anyhow::ensure!(
            results.next().is_none(),
            "internal error: more results than lines"
        );
    }
    Ok(bad)
}

fn run_jsonl(checker: &Checker, args: &CheckArgs) -> Result<u8> {
    let mut failed = std::sync::atomic::AtomicBool::new(false);
    let mut total_bad = 0;
    let files = input::files_or_stdin(&args.files);
    // Whole task buffers go to stdout as they are (see `for_each_batch_ordered`).
    let mut out = std::io::stdout().lock();
    for f in &files {
        let mut inp = input::lines(f.as_deref())?;
        let name = inp.name.clone();
        let bad = for_each_batch_ordered(&mut inp, args.jsonl.threads, &mut out, |lines, buf| {
            let records: Vec<std::result::Result<_, String>> = lines
                .iter()
                .map(|&(n, line)| {
                    parse_record(line, n, &args.jsonl, "reply").map_err(|e| format!("{name}: {e}"))
                })
                .collect();
            let inputs: Vec<CheckInput> = records
                .iter()
                .flatten()
                .map(|rec| CheckInput {
                    text: &rec.text,
                    situation: rec.situation.unwrap_or(args.situation.into()),
                    channel: rec.channel.unwrap_or(args.channel.into()),
                    customer: rec.customer.as_deref(),
                })
                .collect();
            let mut reports = checker.check_all(&inputs).into_iter();
            drop(inputs);
            records
                .into_iter()
                .map(|rec| {
                    let rec = rec?;
                    let report = reports
                        .next()
                        .ok_or_else(|| "no report for this line".to_string())?;
                    if fails(&report, args) {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    append_line(buf, |buf| {
                        Output::new(rec.id, &report)
                            .write_json(buf)
                            .map_err(|e| e.to_string())?;
                        buf.push(b'\n');
                        Ok(())
                    })
                })
                .collect()
        })?;
        total_bad += bad;
    }
    out.flush()?;
    if let Some(code) = input::malformed_lines_exit(total_bad) {
        return Ok(code);
    }
    Ok(u8::from(*failed.get_mut()))
}
