//! `tact followups [done ID | claim]`.

use super::store::{block_on, calendar, open, show_time, store_error, time_arg};
use crate::cli::{FollowupsAction, FollowupsArgs, Format};
use crate::setup::Setup;
use anyhow::Result;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::fmt::Write as _;
use std::io::Write;
use tact_store::Followup;

pub fn run(setup: &Setup, url: &str, args: FollowupsArgs) -> Result<u8> {
    let cal = calendar(setup)?;
    let now = time_arg("--now", args.now.as_deref())?;
    match args.action {
        None => {
            let due_before = match args.due_before.as_deref() {
                Some(v) => time_arg("--due-before", Some(v))?,
                None => end_of_today(now, &cal.tz),
            };
            let list = block_on(async {
                let store = open(url).await?;
                store.followups(due_before, now).await.map_err(store_error)
            })??;
            emit(&list, args.format, &cal.tz, "nothing due")
        }
        Some(FollowupsAction::Done { id, note, at }) => {
            let at = time_arg("--at", at.as_deref())?;
            let f = block_on(async {
                let store = open(url).await?;
                store
                    .complete_followup(id, note.as_deref(), at)
                    .await
                    .map_err(store_error)
            })??;
            match args.format {
                Format::Json => emit(&[f], Format::Json, &cal.tz, ""),
                Format::Text => {
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "follow-up {} done ({})", f.id, f.state.as_str())?;
                    Ok(0)
                }
            }
        }
        Some(FollowupsAction::Claim {
            worker,
            limit,
            due_before,
            format,
        }) => {
            let due_before = time_arg(
                "--due-before",
                due_before.as_deref().or(args.now.as_deref()),
            )?;
            let list = block_on(async {
                let store = open(url).await?;
                store
                    .claim_followups(&worker, limit, due_before, now)
                    .await
                    .map_err(store_error)
            })??;
            emit(&list, format, &cal.tz, "nothing to claim")
        }
    }
}

/// The end of the calendar day holding `now`, in the team's zone.
fn end_of_today(now: Timestamp, tz: &TimeZone) -> Timestamp {
    let z = now.to_zoned_datetime(tz.clone());
    z.date()
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned_datetime(tz.clone()).ok())
        .map(|z| z.timestamp())
        .unwrap_or(now)
}

fn emit(list: &[Followup], format: Format, tz: &TimeZone, empty: &str) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, list)?;
            writeln!(out)?;
        }
        Format::Text => {
            if list.is_empty() {
                writeln!(out, "{empty}")?;
            }
            let mut s = String::new();
            for f in list {
                let case = match (&f.case_external_id, &f.customer) {
                    (Some(e), Some(c)) => format!("case {} ({e}, {c})", f.case_id),
                    (Some(e), None) => format!("case {} ({e})", f.case_id),
                    (None, Some(c)) => format!("case {} ({c})", f.case_id),
                    (None, None) => format!("case {}", f.case_id),
                };
                let _ = writeln!(
                    s,
                    "{:>5}  {:<7} due {}  {case}: \u{201c}{}\u{201d}",
                    f.id,
                    f.state.as_str(),
                    show_time(f.due_at, tz),
                    f.text
                );
            }
            out.write_all(s.as_bytes())?;
        }
    }
    out.flush()?;
    Ok(0)
}
