//! Fresh, empty databases for tests: a SQLite file in a temporary folder, or — when
//! `TACT_TEST_POSTGRES_URL` names a PostgreSQL server — a new database made for the test and
//! dropped after it, so tests never see each other's rows.

use crate::{sqlite_url, Result, StoreError};
use sqlx::{AnyConnection, Connection, Executor};
use std::sync::atomic::{AtomicU32, Ordering};

/// A database that exists for as long as this value does.
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// (server URL, database name) to drop afterwards.
    pg: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A new SQLite file.
    pub fn sqlite() -> Result<TestDb> {
        let dir = tempfile::tempdir().map_err(|source| StoreError::Folder {
            path: "<temp>".into(),
            source,
        })?;
        let url = sqlite_url(&dir.path().join("tact.db"));
        Ok(TestDb {
            url,
            _dir: Some(dir),
            pg: None,
        })
    }

    /// A new PostgreSQL database on the server `TACT_TEST_POSTGRES_URL` names; `None` when unset.
    pub async fn postgres() -> Result<Option<TestDb>> {
        let Ok(server) = std::env::var("TACT_TEST_POSTGRES_URL") else {
            return Ok(None);
        };
        if server.trim().is_empty() {
            return Ok(None);
        }
        sqlx::any::install_default_drivers();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "tact_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        let mut conn = AnyConnection::connect(&server).await?;
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await?;
        conn.close().await?;
        let url = with_database(&server, &name);
        Ok(Some(TestDb {
            url,
            _dir: None,
            pg: Some((server, name)),
        }))
    }

    /// Drop the PostgreSQL database (SQLite files go with their folder).
    pub async fn cleanup(mut self) {
        if let Some((server, name)) = self.pg.take() {
            drop_database(&server, &name).await;
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // A test that failed before `cleanup` still drops its database, on a thread of its own
        // because this may run inside an async runtime.
        if let Some((server, name)) = self.pg.take() {
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(drop_database(&server, &name));
                }
            })
            .join();
        }
    }
}

async fn drop_database(server: &str, name: &str) {
    if let Ok(mut conn) = AnyConnection::connect(server).await {
        let _ = conn
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .await;
        let _ = conn.close().await;
    }
}

/// The server URL with its database replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}
