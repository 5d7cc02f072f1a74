//! What the store commands share: finding and opening the store, reading times, the team's
//! calendar, showing times in the team's time zone, and triage of a new case.

use crate::setup::Setup;
use crate::user_error;
use anyhow::{Context, Result};
use jiff::{tz::TimeZone, Timestamp};
use std::future::Future;
use tact_core::promises::Calendar;
use tact_store::{Store, StoreError};

/// Run a future to completion on a small runtime of its own.
pub fn block_on<F: Future>(f: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    Ok(rt.block_on(f))
}

/// The database URL: `--db`, `TACT_DATABASE_URL`, or `.tact/tact.db` beside `tact.toml`
/// (the current folder when there is none).
pub fn database_url(setup: &Setup, db: Option<&str>) -> String {
    if let Some(url) = db.filter(|u| !u.trim().is_empty()) {
        return url.trim().to_string();
    }
    tact_store::sqlite_url(&setup.dir().join(".tact").join("tact.db"))
}

/// Open the store, bringing its schema up to date.
pub async fn open(url: &str) -> Result<Store> {
    Store::open(url).await.map_err(store_error)
}

/// A store error as the binary reports it: the user's mistakes exit 2 with the message.
pub fn store_error(e: StoreError) -> anyhow::Error {
    if e.is_user_error() {
        user_error(e.to_string())
    } else {
        anyhow::Error::new(e)
    }
}

/// An RFC 3339 time from option `flag`, or now.
pub fn time_arg(flag: &str, value: Option<&str>) -> Result<Timestamp> {
    match value {
        None => Ok(Timestamp::now()),
        Some(v) => parse_time(v).map_err(|e| user_error(format!("{flag}: {e}"))),
    }
}

/// Parse an RFC 3339 time (`2026-11-23T09:30:00Z`, `2026-11-23T10:30:00+01:00`).
pub fn parse_time(v: &str) -> Result<Timestamp, String> {
    let t = v.trim();
    t.parse::<Timestamp>()
        .map_err(|_| format!("`{v}` is not an RFC 3339 time such as 2026-11-23T09:30:00Z"))
}

/// The team's calendar from `[team]` in tact.toml.
pub fn calendar(setup: &Setup) -> Result<Calendar> {
    Calendar::from_team(&setup.config.team).map_err(|e| {
        let file = setup
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "tact.toml".into());
        user_error(format!("{file}: {e}"))
    })
}

/// A time in the team's zone, to the minute: `2026-11-24 17:00 CET`.
pub fn show_time(t: Timestamp, tz: &TimeZone) -> String {
    let z = t.to_zoned_datetime(tz.clone());
    let abbrev = z.time_zone().to_offset_info(t).abbreviation().to_string();
    format!("{} {abbrev}", z.strftime("%Y-%m-%d %H:%M"))
}

/// A duration in words: `42 min`, `3 h 05 min`, `2 d 4 h`.
pub fn show_duration(secs: i64) -> String {
    let m = secs.max(0) / 60;
    if m < 60 {
        format!("{m} min")
    } else if m < 24 * 60 {
        format!("{} h {:02} min", m / 60, m % 60)
    } else {
        format!("{} d {} h", m / (24 * 60), (m / 60) % 24)
    }
}

/// What triage says about a customer's message.
pub use tact_store::Triage as CaseTriage;

/// Triage of a new case's first message: category, urgency, situation, and the whole triage
/// (sentiment, emotions, facts, the reply plan) as details.
pub fn triage_message(text: &str) -> Result<CaseTriage> {
    let t = tact_core::triage::triage(text).map_err(|e| anyhow::anyhow!("triage: {e}"))?;
    Ok(CaseTriage {
        category: Some(t.category.id().to_string()),
        urgency: Some(t.urgency.id().to_string()),
        situation: Some(t.situation.id().to_string()),
        details: serde_json::to_value(&t)?,
    })
}

/// The first line of a text, cut to `max` characters.
pub fn first_line(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() <= max {
        line.to_string()
    } else {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
