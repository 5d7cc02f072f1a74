//! `tact import FILE`: past conversations into the store, checked, their promises dated.
//!
//! Rows that cannot be read are reported with their line and field and left out; the rest are
//! stored in batches, one transaction each. Every message has a key (its `id`, or a digest of
//! its case, direction, time and text), so running the same import again adds nothing twice.

use super::store::{block_on, calendar, open, parse_time, store_error};
use crate::cli::{Format, ImportArgs, ImportFormat};
use crate::setup::Setup;
use crate::user_error;
use anyhow::Result;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use tact_core::promises::{extract, Calendar};
use tact_core::{Channel, CheckInput, Checker, Situation};
use tact_store::{CheckRecord, Direction, ImportMessage, ImportStats, NewPromise};

/// A row read from the file.
struct Row {
    id: Option<String>,
    case: String,
    direction: Direction,
    author: Option<String>,
    at: jiff::Timestamp,
    text: String,
    customer: Option<String>,
    channel: Option<Channel>,
    situation: Option<Situation>,
    category: Option<String>,
}

/// A row that cannot be imported, and why.
struct RowError {
    line: usize,
    field: String,
    message: String,
}

const CASE: &[&str] = &[
    "case",
    "case_id",
    "conversation",
    "conversation_id",
    "ticket",
];
const DIRECTION: &[&str] = &["direction"];
const AUTHOR: &[&str] = &["author", "from", "sender"];
const TIME: &[&str] = &["time", "at", "timestamp", "sent_at", "created_at", "date"];
const TEXT: &[&str] = &["text", "body", "message"];
const ID: &[&str] = &["id", "message_id"];
const CUSTOMER: &[&str] = &["customer", "customer_name"];
const CHANNEL: &[&str] = &["channel"];
const SITUATION: &[&str] = &["situation"];
const CATEGORY: &[&str] = &["category"];

pub fn run(setup: &Setup, url: &str, args: ImportArgs) -> Result<u8> {
    let name = args.file.display().to_string();
    let format = match args.input_format {
        Some(f) => f,
        None => match args
            .file
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("csv") => ImportFormat::Csv,
            Some("jsonl" | "ndjson" | "json") => ImportFormat::Jsonl,
            _ => {
                return Err(user_error(format!(
                    "{name}: cannot tell the format from the extension: use --input-format csv or jsonl"
                )))
            }
        },
    };
    let file = std::fs::File::open(&args.file)
        .map_err(|e| user_error(format!("{name}: cannot read: {e}")))?;
    let (rows, errors) = match format {
        ImportFormat::Csv => read_csv(&name, BufReader::new(file))?,
        ImportFormat::Jsonl => read_jsonl(BufReader::new(file)),
    };
    let checker = setup.checker()?;
    let cal = calendar(setup)?;
    let target = i64::from(setup.config.team.first_response_minutes) * 60;
    let defaults = (Situation::from(args.situation), Channel::from(args.channel));
    let cases = case_facts(&rows, defaults);
    let batch = args.batch as usize;
    let now = jiff::Timestamp::now();
    let stats = block_on(async {
        let store = open(url).await?;
        let mut stats = ImportStats::default();
        for chunk in rows.chunks(batch) {
            let keys: Vec<String> = chunk.iter().map(key).collect();
            let known = store.known_import_keys(&keys).await.map_err(store_error)?;
            let fresh: Vec<(&Row, String)> = chunk
                .iter()
                .zip(keys)
                .filter(|(_, k)| !known.contains(k))
                .collect();
            stats.skipped += (chunk.len() - fresh.len()) as u64;
            let messages: Vec<ImportMessage> = fresh
                .par_iter()
                .map(|(row, key)| prepare(row, key.clone(), &cases, &checker, &cal))
                .collect();
            let s = store
                .import_batch(&messages, Some(target), now)
                .await
                .map_err(store_error)?;
            stats.add(s);
        }
        anyhow::Ok(stats)
    })??;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let errs: Vec<Value> = errors
                .iter()
                .map(|e| serde_json::json!({"line": e.line, "field": e.field, "error": e.message}))
                .collect();
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({"file": name, "stats": stats, "rejected": errs}),
            )?;
            writeln!(out)?;
        }
        Format::Text => writeln!(
            out,
            "{name}: {} message{} added in {} new case{}, {} promise{} dated; {} already imported",
            stats.added,
            plural(stats.added),
            stats.cases,
            plural(stats.cases),
            stats.promises,
            plural(stats.promises),
            stats.skipped
        )?,
    }
    out.flush()?;
    if errors.is_empty() {
        return Ok(0);
    }
    let mut err = std::io::stderr().lock();
    for e in errors.iter().take(50) {
        writeln!(err, "{name}:{}: field `{}`: {}", e.line, e.field, e.message)?;
    }
    if errors.len() > 50 {
        writeln!(err, "… and {} more", errors.len() - 50)?;
    }
    Err(user_error(format!(
        "{name}: {} row{} rejected (nothing of them was stored); fix them and run the import again",
        errors.len(),
        plural(errors.len() as u64)
    )))
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What a case's rows say about it: the customer's first message (to judge replies against),
/// the customer, situation and channel.
struct CaseFacts<'a> {
    first_inbound: Option<(&'a jiff::Timestamp, &'a str)>,
    customer: Option<&'a str>,
    situation: Situation,
    channel: Channel,
    category: Option<&'a str>,
}

fn case_facts(rows: &[Row], defaults: (Situation, Channel)) -> HashMap<&str, CaseFacts<'_>> {
    let mut map: HashMap<&str, CaseFacts<'_>> = HashMap::new();
    let mut explicit: HashMap<&str, (bool, bool)> = HashMap::new();
    for r in rows {
        let f = map.entry(r.case.as_str()).or_insert(CaseFacts {
            first_inbound: None,
            customer: None,
            situation: defaults.0,
            channel: defaults.1,
            category: None,
        });
        if f.category.is_none() {
            f.category = r.category.as_deref();
        }
        let e = explicit.entry(r.case.as_str()).or_default();
        if r.direction == Direction::Inbound && f.first_inbound.is_none_or(|(at, _)| r.at < *at) {
            f.first_inbound = Some((&r.at, r.text.as_str()));
            if f.customer.is_none() {
                f.customer = r.customer.as_deref().or(r.author.as_deref());
            }
        }
        if let Some(c) = r.customer.as_deref() {
            f.customer = Some(c);
        }
        if let (false, Some(s)) = (e.0, r.situation) {
            f.situation = s;
            e.0 = true;
        }
        if let (false, Some(c)) = (e.1, r.channel) {
            f.channel = c;
            e.1 = true;
        }
    }
    map
}

/// The idempotency key of a row.
fn key(r: &Row) -> String {
    match &r.id {
        Some(id) => format!("id:{}:{id}", r.case),
        None => format!(
            "h:{}:{}:{}:{:016x}",
            r.case,
            r.direction.as_str(),
            r.at.as_second(),
            fnv1a(r.text.as_bytes())
        ),
    }
}

/// FNV-1a, 64 bits: stable across versions and platforms, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn prepare(
    r: &Row,
    key: String,
    cases: &HashMap<&str, CaseFacts<'_>>,
    checker: &Checker,
    cal: &Calendar,
) -> ImportMessage {
    let facts = cases.get(r.case.as_str());
    let situation = facts.map(|f| f.situation).unwrap_or_default();
    let channel = facts.map(|f| f.channel).unwrap_or_default();
    let (check, promises) = if r.direction == Direction::Outbound {
        let report = checker.check(&CheckInput {
            text: &r.text,
            situation,
            channel,
            customer: facts.and_then(|f| f.first_inbound.map(|(_, t)| t)),
        });
        let promises = extract(&r.text, r.at, cal)
            .iter()
            .map(NewPromise::from)
            .collect();
        (Some(CheckRecord::from_report(&report)), promises)
    } else {
        (None, Vec::new())
    };
    ImportMessage {
        key,
        case: r.case.clone(),
        customer: facts.and_then(|f| f.customer).map(str::to_string),
        channel: Some(channel.id().to_string()),
        situation: Some(situation.id().to_string()),
        category: facts.and_then(|f| f.category).map(str::to_string),
        direction: r.direction,
        author: r.author.clone(),
        at: r.at,
        body: r.text.clone(),
        check,
        promises,
    }
}

/// Build a row from its fields, looked up by name; errors name the field.
fn row_from(line: usize, get: &dyn Fn(&[&str]) -> Option<String>) -> Result<Row, RowError> {
    let err = |field: &str, message: String| RowError {
        line,
        field: field.to_string(),
        message,
    };
    let required = |names: &[&str]| -> Result<String, RowError> {
        match get(names) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(err(names[0], "is missing or empty".into())),
        }
    };
    let case = required(CASE)?.trim().to_string();
    let direction_text = required(DIRECTION)?;
    let direction = Direction::parse(&direction_text).ok_or_else(|| {
        err(
            "direction",
            format!("`{direction_text}` is neither inbound nor outbound"),
        )
    })?;
    let at = parse_time(&required(TIME)?).map_err(|m| err("time", m))?;
    let text = required(TEXT)?;
    let optional = |names: &[&str]| get(names).filter(|v| !v.trim().is_empty());
    let channel = match optional(CHANNEL) {
        Some(c) => Some(
            c.trim()
                .to_ascii_lowercase()
                .parse::<Channel>()
                .map_err(|e| err("channel", e.to_string()))?,
        ),
        None => None,
    };
    let situation = match optional(SITUATION) {
        Some(s) => Some(
            s.trim()
                .to_ascii_lowercase()
                .replace('-', "_")
                .parse::<Situation>()
                .map_err(|e| err("situation", e.to_string()))?,
        ),
        None => None,
    };
    Ok(Row {
        id: optional(ID).map(|s| s.trim().to_string()),
        case,
        direction,
        author: optional(AUTHOR),
        at,
        text,
        customer: optional(CUSTOMER),
        channel,
        situation,
        category: optional(CATEGORY).map(|c| c.trim().to_string()),
    })
}

fn read_csv(name: &str, reader: impl std::io::Read) -> Result<(Vec<Row>, Vec<RowError>)> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| user_error(format!("{name}: cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for (names, what) in [
        (CASE, "case"),
        (DIRECTION, "direction"),
        (TIME, "time"),
        (TEXT, "text"),
    ] {
        if !headers.iter().any(|h| names.contains(&h.as_str())) {
            return Err(user_error(format!(
                "{name}: the header has no `{what}` column (it has: {})",
                headers.join(", ")
            )));
        }
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(i + 2);
                errors.push(RowError {
                    line,
                    field: "-".into(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(i + 2);
        if rec.len() != headers.len() {
            errors.push(RowError {
                line,
                field: "-".into(),
                message: format!(
                    "{} fields where the header has {}",
                    rec.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let get = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.as_str()))
                .and_then(|i| rec.get(i))
                .map(str::to_string)
        };
        match row_from(line, &get) {
            Ok(r) => rows.push(r),
            Err(e) => errors.push(e),
        }
    }
    Ok((rows, errors))
}

fn read_jsonl(reader: impl BufRead) -> (Vec<Row>, Vec<RowError>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let n = i + 1;
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                errors.push(RowError {
                    line: n,
                    field: "-".into(),
                    message: format!("cannot read: {e}"),
                });
                break;
            }
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            errors.push(RowError {
                line: n,
                field: "-".into(),
                message: "invalid UTF-8".into(),
            });
            continue;
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let obj = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                errors.push(RowError {
                    line: n,
                    field: "-".into(),
                    message: "not a JSON object".into(),
                });
                continue;
            }
            Err(e) => {
                errors.push(RowError {
                    line: n,
                    field: "-".into(),
                    message: format!("invalid JSON: {e}"),
                });
                continue;
            }
        };
        let get = |names: &[&str]| {
            names.iter().find_map(|k| match obj.get(*k) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(x)) => Some(x.to_string()),
                Some(Value::Bool(b)) => Some(b.to_string()),
                _ => None,
            })
        };
        match row_from(n, &get) {
            Ok(r) => rows.push(r),
            Err(e) => errors.push(e),
        }
    }
    (rows, errors)
}
