//! A team's daily work: its cases, its follow-ups, and the replies its leads hold up as
//! examples.

use crate::model::{followup_select, CASE_COLUMNS};
use crate::{ts, Case, Followup, Result, Store, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

/// Which cases to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFilter {
    /// One team's cases; every team's when `None`.
    pub team_id: Option<i64>,
    /// `open` or `closed`; both when `None`.
    pub status: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Default for CaseFilter {
    fn default() -> Self {
        CaseFilter {
            team_id: None,
            status: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// A case in a list, with the score of its latest reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseSummary {
    #[serde(flatten)]
    pub case: Case,
    /// The score of the latest reply checked, if any.
    pub last_score: Option<i64>,
}

impl<'r> FromRow<'r, AnyRow> for CaseSummary {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(CaseSummary {
            case: Case::from_row(row)?,
            last_score: row.try_get("last_score")?,
        })
    }
}

/// Which follow-ups to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowupFilter {
    /// One team's; every team's when `None`.
    pub team_id: Option<i64>,
    /// Only promises made in replies this author (a login) wrote.
    pub author: Option<String>,
    /// Only open promises due before this time; every promise when `None`.
    pub due_before: Option<Timestamp>,
}

/// A reply a lead marked as exemplary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exemplar {
    pub message_id: i64,
    pub case_id: i64,
    pub team_id: Option<i64>,
    pub body: String,
    pub score: Option<i64>,
    pub author: Option<String>,
    /// The login of who starred it.
    pub starred_by: Option<String>,
    pub note: Option<String>,
    pub starred_at: Timestamp,
}

impl<'r> FromRow<'r, AnyRow> for Exemplar {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Exemplar {
            message_id: row.try_get("message_id")?,
            case_id: row.try_get("case_id")?,
            team_id: row.try_get("team_id")?,
            body: row.try_get("body")?,
            score: row.try_get("score")?,
            author: row.try_get("author")?,
            starred_by: row.try_get("starred_by")?,
            note: row.try_get("note")?,
            starred_at: ts(row.try_get("starred_at")?),
        })
    }
}

const EXEMPLAR_SELECT: &str =
    "SELECT e.message_id, m.case_id, c.team_id, m.body, ch.score, m.author, \
     u.login AS starred_by, e.note, e.starred_at FROM exemplars e \
     JOIN messages m ON m.id = e.message_id JOIN cases c ON c.id = m.case_id \
     LEFT JOIN checks ch ON ch.message_id = e.message_id \
     LEFT JOIN users u ON u.id = e.starred_by";

/// The team of a case: its own, or `default` for a case from before teams.
const TEAM_OF_CASE: &str =
    "COALESCE(c.team_id, (SELECT id FROM teams WHERE name = 'default')) AS team_id";

/// Where a message is: its case, the case's team, and whether it is ours or the customer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessagePlace {
    pub case_id: i64,
    pub team_id: i64,
    pub outbound: bool,
}

impl Store {
    /// Cases, newest first.
    pub async fn cases(&self, f: &CaseFilter) -> Result<Vec<CaseSummary>> {
        if let Some(s) = &f.status {
            if s != "open" && s != "closed" {
                return Err(StoreError::Invalid(format!(
                    "status `{s}`: use open or closed"
                )));
            }
        }
        let mut sql = format!(
            "SELECT {CASE_COLUMNS}, (SELECT ch.score FROM checks ch WHERE ch.case_id = cases.id \
             ORDER BY ch.at DESC, ch.message_id DESC LIMIT 1) AS last_score FROM cases WHERE 1 = 1"
        );
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if f.team_id.is_some() {
            sql.push_str(&format!(" AND team_id = ${}", next()));
        }
        if f.status.is_some() {
            sql.push_str(&format!(" AND status = ${}", next()));
        }
        sql.push_str(&format!(
            " ORDER BY opened_at DESC, id DESC LIMIT ${} OFFSET ${}",
            next(),
            next()
        ));
        let mut q = sqlx::query_as::<_, CaseSummary>(sqlx::AssertSqlSafe(sql));
        if let Some(t) = f.team_id {
            q = q.bind(t);
        }
        if let Some(s) = &f.status {
            q = q.bind(s.clone());
        }
        Ok(q.bind(f.limit.clamp(0, 1000))
            .bind(f.offset.max(0))
            .fetch_all(&self.pool)
            .await?)
    }

    /// The team of a case; `None` when there is no such case.
    pub async fn case_team(&self, case_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TEAM_OF_CASE} FROM cases c WHERE c.id = $1"
        )))
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get("team_id"))
            .transpose()
            .map_err(Into::into)
    }

    /// The team of a follow-up's case; `None` when there is no such follow-up.
    pub async fn followup_team(&self, followup_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TEAM_OF_CASE} FROM promises p JOIN cases c ON c.id = p.case_id WHERE p.id = $1"
        )))
        .bind(followup_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get("team_id"))
            .transpose()
            .map_err(Into::into)
    }

    /// Where a message is; `None` when there is no such message.
    pub async fn message_place(&self, message_id: i64) -> Result<Option<MessagePlace>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT m.case_id, m.direction, {TEAM_OF_CASE} FROM messages m \
             JOIN cases c ON c.id = m.case_id WHERE m.id = $1"
        )))
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let direction: String = r.try_get("direction")?;
        Ok(Some(MessagePlace {
            case_id: r.try_get("case_id")?,
            team_id: r.try_get("team_id")?,
            outbound: direction == "outbound",
        }))
    }

    /// Follow-ups, by due date; states as of `now`.
    pub async fn followups_where(
        &self,
        f: &FollowupFilter,
        now: Timestamp,
    ) -> Result<Vec<Followup>> {
        let mut sql = String::from(followup_select!("WHERE 1 = 1"));
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if f.team_id.is_some() {
            sql.push_str(&format!(" AND c.team_id = ${}", next()));
        }
        if f.author.is_some() {
            sql.push_str(&format!(
                " AND p.message_id IN (SELECT id FROM messages WHERE author = ${})",
                next()
            ));
        }
        if f.due_before.is_some() {
            sql.push_str(&format!(
                " AND p.status = 'open' AND p.due_at <= ${}",
                next()
            ));
        }
        sql.push_str(" ORDER BY p.due_at, p.id");
        let mut q = sqlx::query_as::<_, Followup>(sqlx::AssertSqlSafe(sql));
        if let Some(t) = f.team_id {
            q = q.bind(t);
        }
        if let Some(a) = &f.author {
            q = q.bind(a.clone());
        }
        if let Some(d) = f.due_before {
            q = q.bind(d.as_second());
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|r| r.at(now)).collect())
    }

    /// Mark one of our replies as exemplary (again: the note and who starred it are replaced).
    pub async fn star(
        &self,
        message_id: i64,
        starred_by: i64,
        note: Option<&str>,
        at: Timestamp,
    ) -> Result<Exemplar> {
        let place = self
            .message_place(message_id)
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("no message {message_id}")))?;
        if !place.outbound {
            return Err(StoreError::Invalid(format!(
                "message {message_id} is the customer's: only our replies can be exemplary"
            )));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        sqlx::query(
            "INSERT INTO exemplars (message_id, starred_by, note, starred_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO UPDATE SET \
             starred_by = excluded.starred_by, note = excluded.note, \
             starred_at = excluded.starred_at",
        )
        .bind(message_id)
        .bind(starred_by)
        .bind(note)
        .bind(at.as_second())
        .execute(&self.pool)
        .await?;
        self.exemplar(message_id)
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("no message {message_id}")))
    }

    /// Take the star off a reply; whether it had one.
    pub async fn unstar(&self, message_id: i64) -> Result<bool> {
        let r = sqlx::query("DELETE FROM exemplars WHERE message_id = $1")
            .bind(message_id)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// One exemplary reply.
    pub async fn exemplar(&self, message_id: i64) -> Result<Option<Exemplar>> {
        Ok(sqlx::query_as::<_, Exemplar>(sqlx::AssertSqlSafe(format!(
            "{EXEMPLAR_SELECT} WHERE e.message_id = $1"
        )))
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The exemplary replies of one team (every team's when `None`), newest star first.
    pub async fn exemplars(&self, team_id: Option<i64>) -> Result<Vec<Exemplar>> {
        let sql = match team_id {
            Some(_) => format!("{EXEMPLAR_SELECT} WHERE c.team_id = $1 ORDER BY e.starred_at DESC, e.message_id DESC"),
            None => format!("{EXEMPLAR_SELECT} ORDER BY e.starred_at DESC, e.message_id DESC"),
        };
        let mut q = sqlx::query_as::<_, Exemplar>(sqlx::AssertSqlSafe(sql));
        if let Some(t) = team_id {
            q = q.bind(t);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }
}
