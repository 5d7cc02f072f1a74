//! Importing past conversations, idempotently: every message carries a key, and a message whose
//! key the store has seen is skipped. A batch is one transaction holding the messages, their
//! checks, promises and keys, so a batch is either all there or not there at all, and running
//! the same import again (after a crash, or by mistake) adds nothing twice.

use crate::model::{CheckRecord, Direction, NewPromise};
use crate::{insert_check, insert_message, insert_promise, Result, Store, Tx};
use jiff::Timestamp;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

/// One message of a past conversation, ready to store.
#[derive(Debug, Clone)]
pub struct ImportMessage {
    /// Identifies the message across imports (the file's message id, or a digest of its fields).
    pub key: String,
    /// The case id in the source system.
    pub case: String,
    pub customer: Option<String>,
    pub channel: Option<String>,
    pub situation: Option<String>,
    /// The category the source system gave the case.
    pub category: Option<String>,
    pub direction: Direction,
    pub author: Option<String>,
    pub at: Timestamp,
    pub body: String,
    /// The check of a reply (outbound messages).
    pub check: Option<CheckRecord>,
    pub promises: Vec<NewPromise>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportStats {
    /// Messages added.
    pub added: u64,
    /// Messages already in the store, skipped.
    pub skipped: u64,
    /// Cases created.
    pub cases: u64,
    /// Promises recorded as follow-ups.
    pub promises: u64,
}

impl ImportStats {
    pub fn add(&mut self, o: ImportStats) {
        self.added += o.added;
        self.skipped += o.skipped;
        self.cases += o.cases;
        self.promises += o.promises;
    }
}

impl Store {
    /// Keys of `keys` the store already holds.
    pub async fn known_import_keys(&self, keys: &[String]) -> Result<BTreeSet<String>> {
        let mut known = BTreeSet::new();
        for chunk in keys.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT key FROM import_keys WHERE key IN ({})",
                placeholders.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for k in chunk {
                q = q.bind(k.as_str());
            }
            for row in q.fetch_all(&self.pool).await? {
                known.insert(row.try_get::<String, _>("key")?);
            }
        }
        Ok(known)
    }

    /// Store a batch of messages in one transaction, skipping those already imported, and bring
    /// the touched cases' opening and first-response times up to date.
    pub async fn import_batch(
        &self,
        batch: &[ImportMessage],
        first_response_target_secs: Option<i64>,
        now: Timestamp,
    ) -> Result<ImportStats> {
        let mut stats = ImportStats::default();
        let mut tx = self.begin_write().await?;
        let mut cases: HashMap<&str, i64> = HashMap::new();
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        let mut seen_in_batch: BTreeSet<&str> = BTreeSet::new();
        for m in batch {
            if !seen_in_batch.insert(m.key.as_str()) {
                stats.skipped += 1;
                continue;
            }
            let known = sqlx::query("SELECT 1 AS one FROM import_keys WHERE key = $1")
                .bind(m.key.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_some() {
                stats.skipped += 1;
                continue;
            }
            let case_id = match cases.get(m.case.as_str()) {
                Some(id) => *id,
                None => {
                    let (id, created) = find_or_create_case(&mut tx, m).await?;
                    stats.cases += u64::from(created);
                    cases.insert(m.case.as_str(), id);
                    id
                }
            };
            let at = m.at.as_second();
            let message_id = insert_message(
                &mut tx,
                case_id,
                m.direction,
                m.author.as_deref(),
                at,
                &m.body,
            )
            .await?;
            if let Some(check) = &m.check {
                insert_check(&mut tx, message_id, case_id, at, check).await?;
            }
            for p in &m.promises {
                insert_promise(&mut tx, case_id, message_id, at, p).await?;
                stats.promises += 1;
            }
            sqlx::query(
                "INSERT INTO import_keys (key, message_id, imported_at) VALUES ($1, $2, $3)",
            )
            .bind(m.key.as_str())
            .bind(message_id)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
            touched.insert(case_id);
            stats.added += 1;
        }
        for case_id in touched {
            refresh_case_times(&mut tx, case_id, first_response_target_secs).await?;
        }
        tx.commit().await?;
        Ok(stats)
    }
}

async fn find_or_create_case(tx: &mut Tx<'_>, m: &ImportMessage) -> Result<(i64, bool)> {
    let row = sqlx::query("SELECT id FROM cases WHERE external_id = $1")
        .bind(m.case.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(r) = row {
        return Ok((r.try_get("id")?, false));
    }
    let row = sqlx::query(
        "INSERT INTO cases (external_id, customer, channel, opened_at, situation, category, \
         team_id) VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM teams WHERE name = 'default')) \
         RETURNING id",
    )
    .bind(m.case.as_str())
    .bind(m.customer.as_deref())
    .bind(m.channel.as_deref().unwrap_or("email"))
    .bind(m.at.as_second())
    .bind(m.situation.as_deref())
    .bind(m.category.as_deref())
    .fetch_one(&mut **tx)
    .await?;
    Ok((row.try_get("id")?, true))
}

/// A case opens with the customer's first message (or its first message of any kind); the
/// first response is our first reply after that.
async fn refresh_case_times(tx: &mut Tx<'_>, case_id: i64, target: Option<i64>) -> Result<()> {
    let row = sqlx::query(
        "SELECT MIN(CASE WHEN direction = 'inbound' THEN at END) AS first_in, MIN(at) AS first_any \
         FROM messages WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut **tx)
    .await?;
    let first_in: Option<i64> = row.try_get("first_in")?;
    let first_any: Option<i64> = row.try_get("first_any")?;
    let Some(opened) = first_in.or(first_any) else {
        return Ok(());
    };
    let row = sqlx::query(
        "SELECT MIN(at) AS first_out FROM messages WHERE case_id = $1 AND direction = 'outbound' \
         AND at >= $2",
    )
    .bind(case_id)
    .bind(opened)
    .fetch_one(&mut **tx)
    .await?;
    let first_out: Option<i64> = row.try_get("first_out")?;
    sqlx::query(
        "UPDATE cases SET opened_at = $1, first_response_at = $2, first_response_secs = $3, \
         first_response_target_secs = COALESCE(first_response_target_secs, $4) WHERE id = $5",
    )
    .bind(opened)
    .bind(first_out)
    .bind(first_out.map(|f| f - opened))
    .bind(target)
    .bind(case_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
