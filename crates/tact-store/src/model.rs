//! What the store holds, as Rust types, and how rows become them.

use crate::{opt_ts, ts};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the customer.
    Inbound,
    /// From us.
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    /// `inbound`/`in`/`customer` or `outbound`/`out`/`agent`/`reply`.
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inbound" | "in" | "customer" | "received" => Some(Direction::Inbound),
            "outbound" | "out" | "agent" | "reply" | "sent" => Some(Direction::Outbound),
            _ => None,
        }
    }
}

/// What triage said about the customer's first message.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Triage {
    pub category: Option<String>,
    pub urgency: Option<String>,
    pub situation: Option<String>,
    pub details: serde_json::Value,
}

/// A case to open.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// The id the case has elsewhere (an import's case id), unique.
    pub external_id: Option<String>,
    pub customer: Option<String>,
    pub channel: String,
    /// When the customer's message arrived.
    pub opened_at: Timestamp,
    /// Set explicitly by the agent; wins over triage's guess.
    pub situation: Option<String>,
    pub triage: Option<Triage>,
    /// The customer's message.
    pub message: Option<String>,
}

/// A case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    pub id: i64,
    pub external_id: Option<String>,
    pub customer: Option<String>,
    pub channel: String,
    pub opened_at: Timestamp,
    pub status: String,
    pub category: Option<String>,
    pub urgency: Option<String>,
    pub situation: Option<String>,
    /// Triage's details (JSON), when triage ran.
    pub triage: Option<serde_json::Value>,
    pub first_response_at: Option<Timestamp>,
    pub first_response_secs: Option<i64>,
    pub first_response_target_secs: Option<i64>,
    pub closed_at: Option<Timestamp>,
    pub resolution: Option<String>,
    pub satisfaction: Option<i64>,
    /// The team the case belongs to.
    pub team_id: Option<i64>,
}

/// The columns of a case, for `SELECT {CASE_COLUMNS} FROM cases`.
pub(crate) const CASE_COLUMNS: &str = "id, external_id, customer, channel, opened_at, status, \
     category, urgency, situation, triage, first_response_at, first_response_secs, \
     first_response_target_secs, closed_at, resolution, satisfaction, team_id";

pub(crate) const CASE_SELECT: &str =
    "SELECT id, external_id, customer, channel, opened_at, status, \
     category, urgency, situation, triage, first_response_at, first_response_secs, \
     first_response_target_secs, closed_at, resolution, satisfaction, team_id FROM cases WHERE id = $1";

impl<'r> FromRow<'r, AnyRow> for Case {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let triage: Option<String> = row.try_get("triage")?;
        Ok(Case {
            id: row.try_get("id")?,
            external_id: row.try_get("external_id")?,
            customer: row.try_get("customer")?,
            channel: row.try_get("channel")?,
            opened_at: ts(row.try_get("opened_at")?),
            status: row.try_get("status")?,
            category: row.try_get("category")?,
            urgency: row.try_get("urgency")?,
            situation: row.try_get("situation")?,
            triage: triage.and_then(|t| serde_json::from_str(&t).ok()),
            first_response_at: opt_ts(row.try_get("first_response_at")?),
            first_response_secs: row.try_get("first_response_secs")?,
            first_response_target_secs: row.try_get("first_response_target_secs")?,
            closed_at: opt_ts(row.try_get("closed_at")?),
            resolution: row.try_get("resolution")?,
            satisfaction: row.try_get("satisfaction")?,
            team_id: row.try_get("team_id")?,
        })
    }
}

/// The check of a reply, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRecord {
    pub score: u8,
    pub situation: String,
    pub channel: String,
    pub components: Vec<String>,
    pub missing: Vec<String>,
    pub anti_patterns: Vec<String>,
    /// The diagnostics, as JSON.
    pub findings: serde_json::Value,
}

impl CheckRecord {
    pub fn from_report(r: &tact_core::Report) -> CheckRecord {
        CheckRecord {
            score: r.score,
            situation: r.situation.to_string(),
            channel: r.channel.to_string(),
            components: r.components.iter().map(|c| c.id().to_string()).collect(),
            missing: r.missing.iter().map(|c| c.id().to_string()).collect(),
            anti_patterns: r.anti_patterns.iter().map(|a| a.id().to_string()).collect(),
            findings: serde_json::to_value(&r.diagnostics).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// A promise to store as a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPromise {
    pub text: String,
    pub due_text: String,
    pub due_at: Timestamp,
}

impl From<&tact_core::promises::Promise> for NewPromise {
    fn from(p: &tact_core::promises::Promise) -> Self {
        NewPromise {
            text: p.text.clone(),
            due_text: p.when.clone(),
            due_at: p.due,
        }
    }
}

/// A reply we sent, checked.
#[derive(Debug, Clone)]
pub struct NewReply {
    pub body: String,
    pub author: Option<String>,
    pub sent_at: Timestamp,
    pub check: CheckRecord,
    pub promises: Vec<NewPromise>,
    /// The team's first-response target, recorded with the first reply.
    pub first_response_target_secs: Option<i64>,
}

/// What recording a reply did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyOutcome {
    pub message_id: i64,
    pub promise_ids: Vec<i64>,
    /// Set when this was the first reply of the case.
    pub first_response_secs: Option<i64>,
}

/// Closing a case.
#[derive(Debug, Clone)]
pub struct Closing {
    pub resolution: String,
    /// 1 (very unhappy) to 5 (very happy).
    pub satisfaction: Option<i64>,
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
    pub at: Timestamp,
}

/// Where a promise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowupState {
    /// Not yet due.
    Open,
    /// Due date passed and no follow-up recorded.
    Broken,
    /// Followed up on time.
    Kept,
    /// Followed up after the due date.
    Late,
}

impl FollowupState {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowupState::Open => "open",
            FollowupState::Broken => "broken",
            FollowupState::Kept => "kept",
            FollowupState::Late => "late",
        }
    }
}

/// A promise made in a reply, and its follow-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Followup {
    pub id: i64,
    pub case_id: i64,
    pub case_external_id: Option<String>,
    pub customer: Option<String>,
    pub message_id: i64,
    pub text: String,
    pub due_text: String,
    pub made_at: Timestamp,
    pub due_at: Timestamp,
    pub state: FollowupState,
    pub done_at: Option<Timestamp>,
    pub note: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<Timestamp>,
}

impl Followup {
    /// Set the state as of `now`.
    pub(crate) fn at(mut self, now: Timestamp) -> Followup {
        self.state = match self.done_at {
            Some(d) if d <= self.due_at => FollowupState::Kept,
            Some(_) => FollowupState::Late,
            None if self.due_at < now => FollowupState::Broken,
            None => FollowupState::Open,
        };
        self
    }
}

/// The follow-up query with its case, ending in `$tail` (a literal, so the SQL stays static).
macro_rules! followup_select {
    ($tail:literal) => {
        concat!(
            "SELECT p.id, p.case_id, c.external_id, c.customer, p.message_id, p.text, \
             p.due_text, p.made_at, p.due_at, p.status, p.done_at, p.note, p.claimed_by, \
             p.claimed_at FROM promises p JOIN cases c ON c.id = p.case_id ",
            $tail
        )
    };
}
pub(crate) use followup_select;

impl<'r> FromRow<'r, AnyRow> for Followup {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Followup {
            id: row.try_get("id")?,
            case_id: row.try_get("case_id")?,
            case_external_id: row.try_get("external_id")?,
            customer: row.try_get("customer")?,
            message_id: row.try_get("message_id")?,
            text: row.try_get("text")?,
            due_text: row.try_get("due_text")?,
            made_at: ts(row.try_get("made_at")?),
            due_at: ts(row.try_get("due_at")?),
            state: FollowupState::Open,
            done_at: opt_ts(row.try_get("done_at")?),
            note: row.try_get("note")?,
            claimed_by: row.try_get("claimed_by")?,
            claimed_at: opt_ts(row.try_get("claimed_at")?),
        })
    }
}

/// A message of a case, with the check of it when it is our reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub id: i64,
    pub case_id: i64,
    pub direction: String,
    pub author: Option<String>,
    pub at: Timestamp,
    pub body: String,
    pub score: Option<i64>,
    pub anti_patterns: Vec<String>,
    pub missing: Vec<String>,
    /// Whether a lead marked the reply as exemplary.
    pub starred: bool,
}

impl<'r> FromRow<'r, AnyRow> for Message {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let list = |col: &str| -> Result<Vec<String>, sqlx::Error> {
            let s: Option<String> = row.try_get(col)?;
            Ok(s.and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default())
        };
        Ok(Message {
            id: row.try_get("id")?,
            case_id: row.try_get("case_id")?,
            direction: row.try_get("direction")?,
            author: row.try_get("author")?,
            at: ts(row.try_get("at")?),
            body: row.try_get("body")?,
            score: row.try_get("score")?,
            anti_patterns: list("anti_patterns")?,
            missing: list("missing")?,
            starred: row.try_get::<i64, _>("starred")? != 0,
        })
    }
}

/// What a closed case taught.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lesson {
    pub id: i64,
    pub case_id: i64,
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
    pub created_at: Timestamp,
}

impl<'r> FromRow<'r, AnyRow> for Lesson {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Lesson {
            id: row.try_get("id")?,
            case_id: row.try_get("case_id")?,
            root_cause: row.try_get("root_cause")?,
            prevention: row.try_get("prevention")?,
            created_at: ts(row.try_get("created_at")?),
        })
    }
}

/// A case with everything that happened in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub case: Case,
    pub messages: Vec<Message>,
    pub followups: Vec<Followup>,
    pub lessons: Vec<Lesson>,
}
