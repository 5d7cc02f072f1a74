//! `tact-store`: the record of a support team's work — cases, the messages in them, the checks
//! of our replies, the promises those replies made (dated follow-ups), and the lessons learned
//! when a case closes.
//!
//! One code path serves SQLite (the default: a file beside the user) and PostgreSQL (a team
//! running several servers): sqlx's `Any` driver with runtime queries, the same SQL for both
//! except where a database needs its own words (`FOR UPDATE SKIP LOCKED` on PostgreSQL), and
//! versioned migrations for each under `migrations/`, applied when the store opens.
//!
//! Every write that matters is one transaction: a case with its first message, a reply with its
//! check and promises, a batch of imported messages with their idempotency keys.
//!
//! ```no_run
//! # async fn demo() -> Result<(), tact_store::StoreError> {
//! let store = tact_store::Store::open("sqlite://.tact/tact.db").await?;
//! let due = store.followups(jiff::Timestamp::now(), jiff::Timestamp::now()).await?;
//! # Ok(()) }
//! ```

mod auth;
mod breakdown;
mod import;
mod model;
mod report;
pub mod testing;
mod work;

pub use auth::{random_hex, NewUser, Role, Team, TokenInfo, TokenKind, User, MIN_PASSWORD_LEN};
pub use breakdown::{AgentStats, Breakdowns, Bucket, SeriesPoint, TeamStats, MAX_PERIODS};
pub use import::{ImportMessage, ImportStats};
pub use model::*;
use model::{followup_select, CASE_SELECT};
pub use report::{
    CategoryTrend, FirstResponse, PromiseCounts, ReportScope, ScoreBand, StoreReport, Tally,
};
pub use work::{CaseFilter, CaseSummary, Exemplar, FollowupFilter, MessagePlace};

use jiff::Timestamp;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor, Row};
use std::path::Path;
use std::time::Duration;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://USER@HOST/DB")]
    Url(String),
    #[error("cannot open the database {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the folder for the database {path}: {source}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("no case `{0}`")]
    NoCase(String),
    #[error("no follow-up {0}")]
    NoFollowup(i64),
    #[error("{0}")]
    Invalid(String),
    /// Something with that name exists already.
    #[error("{0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("stored JSON is not readable: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// Whether the user can fix it by changing their input (as opposed to the database failing).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::Url(_)
                | StoreError::NoCase(_)
                | StoreError::NoFollowup(_)
                | StoreError::Invalid(_)
                | StoreError::Conflict(_)
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a URL names.
    pub fn of_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Url(redact(url)))
        }
    }
}

/// The URL with any password hidden, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// The SQLite URL for a database file (created when missing).
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The migrations of a backend, compiled in: (version, description, SQL).
fn migrations(backend: Backend) -> [(i64, &'static str, &'static str); 3] {
    match backend {
        Backend::Sqlite => [
            (
                1,
                "cases",
                include_str!("../migrations/sqlite/0001_cases.sql"),
            ),
            (
                2,
                "report indexes",
                include_str!("../migrations/sqlite/0002_report_indexes.sql"),
            ),
            (
                3,
                "teams and users",
                include_str!("../migrations/sqlite/0003_teams_users.sql"),
            ),
        ],
        Backend::Postgres => [
            (
                1,
                "cases",
                include_str!("../migrations/postgres/0001_cases.sql"),
            ),
            (
                2,
                "report indexes",
                include_str!("../migrations/postgres/0002_report_indexes.sql"),
            ),
            (
                3,
                "teams and users",
                include_str!("../migrations/postgres/0003_teams_users.sql"),
            ),
        ],
    }
}

fn migrator(backend: Backend) -> Migrator {
    Migrator::with_migrations(
        migrations(backend)
            .into_iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    version,
                    description.into(),
                    MigrationType::Simple,
                    sqlx::AssertSqlSafe(sql).into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

use sqlx::SqlSafeStr as _;

/// The store: a pool of connections to one database, its schema up to date.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Open (creating when needed) the database at `url` and apply the migrations it lacks.
    /// `sqlite://FILE` creates the file and its folder; `postgres://…` needs the database to exist.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            .acquire_timeout(Duration::from_secs(30));
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;",
                    )
                    .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options
            .connect(&url)
            .await
            .map_err(|source| StoreError::Connect {
                url: redact(&url),
                source,
            })?;
        migrator(backend).run(&pool).await?;
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begin a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a transaction that reads first and writes later would otherwise fail
    /// with "database is locked" (SQLITE_BUSY_SNAPSHOT) when another connection wrote in
    /// between, and waiting (busy_timeout) cannot cure that.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Close the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The latest applied migration version.
    pub async fn schema_version(&self) -> Result<i64> {
        let row = sqlx::query("SELECT MAX(version) AS v FROM _sqlx_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<Option<i64>, _>("v")?.unwrap_or(0))
    }

    /// The number of rows in one of the store's tables.
    pub async fn count_rows(&self, table: &str) -> Result<i64> {
        const TABLES: [&str; 10] = [
            "cases",
            "messages",
            "checks",
            "promises",
            "lessons",
            "import_keys",
            "teams",
            "users",
            "tokens",
            "exemplars",
        ];
        let Some(table) = TABLES.iter().find(|t| **t == table) else {
            return Err(StoreError::Invalid(format!("no table `{table}`")));
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM {table}"
        )))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// The case opened or imported under `external_id`, if any.
    pub async fn find_external(&self, external_id: &str) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT id FROM cases WHERE external_id = $1")
            .bind(external_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("id")?),
            None => None,
        })
    }

    /// Find a case by its number, or by the id it was opened or imported under.
    pub async fn resolve_case(&self, key: &str) -> Result<i64> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            let row = sqlx::query("SELECT id FROM cases WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
            if let Some(r) = row {
                return Ok(r.try_get("id")?);
            }
        }
        self.find_external(key)
            .await?
            .ok_or_else(|| StoreError::NoCase(key.to_string()))
    }

    /// Open a case of the team `default`, with the customer's first message when there is one.
    pub async fn open_case(&self, new: &NewCase) -> Result<Case> {
        self.open_case_in(None, new).await
    }

    /// Open a case of a team (`None`: the team `default`), with the customer's first message
    /// when there is one. One transaction.
    pub async fn open_case_in(&self, team_id: Option<i64>, new: &NewCase) -> Result<Case> {
        let mut tx = self.begin_write().await?;
        let team_id = match team_id {
            Some(t) => t,
            None => default_team(&mut tx).await?,
        };
        let triage = new.triage.as_ref();
        let details = triage.map(|t| t.details.to_string());
        let row = sqlx::query(
            "INSERT INTO cases (external_id, customer, channel, opened_at, category, urgency, \
             situation, triage, team_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(new.external_id.as_deref())
        .bind(new.customer.as_deref())
        .bind(new.channel.as_str())
        .bind(new.opened_at.as_second())
        .bind(triage.and_then(|t| t.category.as_deref()))
        .bind(triage.and_then(|t| t.urgency.as_deref()))
        .bind(
            new.situation
                .as_deref()
                .or(triage.and_then(|t| t.situation.as_deref())),
        )
        .bind(details)
        .bind(team_id)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        if let Some(body) = &new.message {
            sqlx::query(
                "INSERT INTO messages (case_id, direction, author, at, body) \
                 VALUES ($1, 'inbound', $2, $3, $4)",
            )
            .bind(id)
            .bind(new.customer.as_deref())
            .bind(new.opened_at.as_second())
            .bind(body.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.case(id).await
    }

    /// A case by number.
    pub async fn case(&self, id: i64) -> Result<Case> {
        sqlx::query_as::<_, Case>(CASE_SELECT)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NoCase(id.to_string()))
    }

    /// The first message the customer sent in a case.
    pub async fn first_inbound(&self, case_id: i64) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT body FROM messages WHERE case_id = $1 AND direction = 'inbound' \
             ORDER BY at, id LIMIT 1",
        )
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("body")?),
            None => None,
        })
    }

    /// Record a reply we sent, with its check and the promises it made; set the case's first
    /// response time when this is the first reply. One transaction.
    pub async fn add_reply(&self, case_id: i64, reply: &NewReply) -> Result<ReplyOutcome> {
        let mut tx = self.begin_write().await?;
        let case = sqlx::query("SELECT opened_at, first_response_at FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NoCase(case_id.to_string()))?;
        let opened_at: i64 = case.try_get("opened_at")?;
        let first: Option<i64> = case.try_get("first_response_at")?;
        let at = reply.sent_at.as_second();
        let message_id = insert_message(
            &mut tx,
            case_id,
            Direction::Outbound,
            reply.author.as_deref(),
            at,
            &reply.body,
        )
        .await?;
        insert_check(&mut tx, message_id, case_id, at, &reply.check).await?;
        let mut promise_ids = Vec::with_capacity(reply.promises.len());
        for p in &reply.promises {
            promise_ids.push(insert_promise(&mut tx, case_id, message_id, at, p).await?);
        }
        let mut first_response = None;
        if first.is_none_or(|f| at < f) && at >= opened_at {
            let secs = at - opened_at;
            sqlx::query(
                "UPDATE cases SET first_response_at = $1, first_response_secs = $2, \
                 first_response_target_secs = $3 WHERE id = $4",
            )
            .bind(at)
            .bind(secs)
            .bind(reply.first_response_target_secs)
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
            first_response = Some(secs);
        }
        tx.commit().await?;
        Ok(ReplyOutcome {
            message_id,
            promise_ids,
            first_response_secs: first_response,
        })
    }

    /// Add a later message from the customer to a case.
    pub async fn add_inbound(
        &self,
        case_id: i64,
        author: Option<&str>,
        at: Timestamp,
        body: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query("SELECT id FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NoCase(case_id.to_string()));
        }
        let id = insert_message(
            &mut tx,
            case_id,
            Direction::Inbound,
            author,
            at.as_second(),
            body,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Close a case with its resolution, and the lesson learned when one is given. One transaction.
    pub async fn close_case(&self, case_id: i64, closing: &Closing) -> Result<Case> {
        if let Some(s) = closing.satisfaction {
            if !(1..=5).contains(&s) {
                return Err(StoreError::Invalid(format!(
                    "satisfaction {s} is out of range: use 1 (very unhappy) to 5 (very happy)"
                )));
            }
        }
        let mut tx = self.begin_write().await?;
        let status: Option<String> = sqlx::query("SELECT status FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("status"))
            .transpose()?;
        match status.as_deref() {
            None => return Err(StoreError::NoCase(case_id.to_string())),
            Some("closed") => {
                return Err(StoreError::Invalid(format!(
                    "case {case_id} is already closed"
                )))
            }
            _ => {}
        }
        sqlx::query(
            "UPDATE cases SET status = 'closed', closed_at = $1, resolution = $2, \
             satisfaction = $3 WHERE id = $4",
        )
        .bind(closing.at.as_second())
        .bind(closing.resolution.as_str())
        .bind(closing.satisfaction)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
        if closing.root_cause.is_some() || closing.prevention.is_some() {
            sqlx::query(
                "INSERT INTO lessons (case_id, root_cause, prevention, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(case_id)
            .bind(closing.root_cause.as_deref())
            .bind(closing.prevention.as_deref())
            .bind(closing.at.as_second())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.case(case_id).await
    }

    /// Open follow-ups due before `due_before`, oldest first; those past `now` are broken.
    pub async fn followups(&self, due_before: Timestamp, now: Timestamp) -> Result<Vec<Followup>> {
        let rows = sqlx::query_as::<_, Followup>(followup_select!(
            "WHERE p.status = 'open' AND p.due_at <= $1 ORDER BY p.due_at, p.id"
        ))
        .bind(due_before.as_second())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|f| f.at(now)).collect())
    }

    /// Every promise of a case, in order.
    pub async fn case_followups(&self, case_id: i64, now: Timestamp) -> Result<Vec<Followup>> {
        let rows = sqlx::query_as::<_, Followup>(followup_select!(
            "WHERE p.case_id = $1 ORDER BY p.made_at, p.id"
        ))
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|f| f.at(now)).collect())
    }

    /// Record that a promise was kept (the follow-up was done).
    pub async fn complete_followup(
        &self,
        id: i64,
        note: Option<&str>,
        at: Timestamp,
    ) -> Result<Followup> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT status FROM promises WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NoFollowup(id))?;
        let status: String = row.try_get("status")?;
        if status == "done" {
            return Err(StoreError::Invalid(format!(
                "follow-up {id} is already done"
            )));
        }
        sqlx::query("UPDATE promises SET status = 'done', done_at = $1, note = $2 WHERE id = $3")
            .bind(at.as_second())
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.followup(id, at).await
    }

    async fn followup(&self, id: i64, now: Timestamp) -> Result<Followup> {
        sqlx::query_as::<_, Followup>(followup_select!("WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|f| f.at(now))
            .ok_or(StoreError::NoFollowup(id))
    }

    /// Hand out up to `limit` open, unclaimed follow-ups due before `due_before` to `worker`, for
    /// a reminder. Each follow-up is handed out once, however many workers claim at the same
    /// time: PostgreSQL locks the rows it picks and skips rows other workers hold
    /// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time, and the claim is one statement.
    pub async fn claim_followups(
        &self,
        worker: &str,
        limit: i64,
        due_before: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<Followup>> {
        if worker.trim().is_empty() {
            return Err(StoreError::Invalid("the worker needs a name".into()));
        }
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE promises SET claimed_by = $1, claimed_at = $2 WHERE id IN (\
             SELECT id FROM promises WHERE status = 'open' AND claimed_by IS NULL AND due_at <= $3 \
             ORDER BY due_at, id LIMIT $4{lock}) RETURNING id"
        );
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .bind(now.as_second())
            .bind(due_before.as_second())
            .bind(limit.max(0))
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut ids: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<Result<_, _>>()?;
        ids.sort_unstable();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.followup(id, now).await?);
        }
        out.sort_by_key(|f| (f.due_at, f.id));
        Ok(out)
    }

    /// A case and everything that happened in it, in time order.
    pub async fn timeline(&self, case_id: i64, now: Timestamp) -> Result<Timeline> {
        let case = self.case(case_id).await?;
        let messages = sqlx::query_as::<_, Message>(
            "SELECT m.id, m.case_id, m.direction, m.author, m.at, m.body, c.score, \
             c.anti_patterns, c.missing, \
             CAST(CASE WHEN e.message_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS starred \
             FROM messages m LEFT JOIN checks c ON c.message_id = m.id \
             LEFT JOIN exemplars e ON e.message_id = m.id \
             WHERE m.case_id = $1 ORDER BY m.at, m.id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        let followups = self.case_followups(case_id, now).await?;
        let lessons = sqlx::query_as::<_, Lesson>(
            "SELECT id, case_id, root_cause, prevention, created_at FROM lessons \
             WHERE case_id = $1 ORDER BY created_at, id",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Timeline {
            case,
            messages,
            followups,
            lessons,
        })
    }
}

fn prepare_sqlite(url: &str) -> Result<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or("");
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_string());
    }
    if let Some(dir) = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
            path: path.to_string(),
            source,
        })?;
    }
    Ok(if rest.contains("mode=") {
        url.to_string()
    } else if rest.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

pub(crate) type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// The id of the team `default`, which holds the cases opened without a team.
pub(crate) async fn default_team(tx: &mut Tx<'_>) -> Result<i64> {
    let row = sqlx::query("SELECT id FROM teams WHERE name = 'default'")
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(r) => Ok(r.try_get("id")?),
        None => {
            let row = sqlx::query(
                "INSERT INTO teams (name, created_at) VALUES ('default', $1) RETURNING id",
            )
            .bind(Timestamp::now().as_second())
            .fetch_one(&mut **tx)
            .await?;
            Ok(row.try_get("id")?)
        }
    }
}

pub(crate) async fn insert_message(
    tx: &mut Tx<'_>,
    case_id: i64,
    direction: Direction,
    author: Option<&str>,
    at: i64,
    body: &str,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO messages (case_id, direction, author, at, body) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(case_id)
    .bind(direction.as_str())
    .bind(author)
    .bind(at)
    .bind(body)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

pub(crate) async fn insert_check(
    tx: &mut Tx<'_>,
    message_id: i64,
    case_id: i64,
    at: i64,
    c: &CheckRecord,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO checks (message_id, case_id, at, score, situation, channel, components, \
         missing, anti_patterns, findings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(message_id)
    .bind(case_id)
    .bind(at)
    .bind(i64::from(c.score))
    .bind(c.situation.as_str())
    .bind(c.channel.as_str())
    .bind(serde_json::to_string(&c.components)?)
    .bind(serde_json::to_string(&c.missing)?)
    .bind(serde_json::to_string(&c.anti_patterns)?)
    .bind(c.findings.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn insert_promise(
    tx: &mut Tx<'_>,
    case_id: i64,
    message_id: i64,
    made_at: i64,
    p: &NewPromise,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO promises (case_id, message_id, text, due_text, made_at, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(case_id)
    .bind(message_id)
    .bind(p.text.as_str())
    .bind(p.due_text.as_str())
    .bind(made_at)
    .bind(p.due_at.as_second())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

pub(crate) fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(crate) fn opt_ts(secs: Option<i64>) -> Option<Timestamp> {
    secs.map(ts)
}
