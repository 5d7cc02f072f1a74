//! Teams, the people who sign in, and their tokens.
//!
//! Passwords are kept as Argon2id PHC strings. A token is a random secret shown once; the store
//! keeps only its SHA-256, so reading the database gives nobody a way in. Session tokens (from
//! signing in) expire; API tokens last until deleted.

use crate::{opt_ts, ts, Result, Store, StoreError};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works their team's cases.
    Agent,
    /// An agent who also sees the team's reports and stars exemplary replies.
    Lead,
    /// Everything, in every team; manages teams, users and tokens.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }

    /// `agent`, `lead` or `admin`.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" => Some(Role::Agent),
            "lead" => Some(Role::Lead),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A team of agents; every case belongs to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub id: i64,
    pub name: String,
}

impl<'r> FromRow<'r, AnyRow> for Team {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Team {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        })
    }
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub name: Option<String>,
    pub role: Role,
    pub team: Team,
}

impl User {
    /// The name to sign replies with: the name, or the login.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.login)
    }
}

impl<'r> FromRow<'r, AnyRow> for User {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let role: String = row.try_get("role")?;
        Ok(User {
            id: row.try_get("id")?,
            login: row.try_get("login")?,
            name: row.try_get("name")?,
            role: Role::parse(&role).unwrap_or(Role::Agent),
            team: Team {
                id: row.try_get("team_id")?,
                name: row.try_get("team_name")?,
            },
        })
    }
}

const USER_SELECT: &str = "SELECT u.id, u.login, u.name, u.role, u.team_id, t.name AS team_name \
                           FROM users u JOIN teams t ON t.id = u.team_id";

/// A person to add.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub login: String,
    pub name: Option<String>,
    pub password: String,
    pub role: Role,
    pub team_id: i64,
}

/// How a token came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Made for a script or another program; lasts until deleted.
    Api,
    /// Made by signing in; expires.
    Session,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Api => "api",
            TokenKind::Session => "session",
        }
    }
}

/// A token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub kind: TokenKind,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

impl<'r> FromRow<'r, AnyRow> for TokenInfo {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let kind: String = row.try_get("kind")?;
        Ok(TokenInfo {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            name: row.try_get("name")?,
            kind: if kind == "session" {
                TokenKind::Session
            } else {
                TokenKind::Api
            },
            created_at: ts(row.try_get("created_at")?),
            expires_at: opt_ts(row.try_get("expires_at")?),
            last_used_at: opt_ts(row.try_get("last_used_at")?),
        })
    }
}

/// The shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 8;

/// `len` random bytes from the operating system, as lowercase hex.
pub fn random_hex(len: usize) -> Result<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Invalid(format!("no random numbers from the system: {e}")))?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The SHA-256 of a token's secret, as stored.
fn secret_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Hash a password off the async threads (Argon2 takes tens of milliseconds on purpose).
async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Invalid(format!("cannot hash the password: {e}")))
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("cannot hash the password: {e}")))?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// The hash of a password nobody knows, checked against when the login is unknown so that an
/// unknown login takes as long to refuse as a wrong password.
fn dummy_hash() -> String {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let secret = random_hex(16).unwrap_or_else(|_| "unknown login".into());
            Argon2::default()
                .hash_password(secret.as_bytes())
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

fn valid_login(login: &str) -> Result<&str> {
    let login = login.trim();
    if login.is_empty() || login.len() > 64 {
        return Err(StoreError::Invalid(
            "a login needs 1 to 64 characters".into(),
        ));
    }
    if !login
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(StoreError::Invalid(format!(
            "login `{login}`: use letters, digits and . _ - @ only"
        )));
    }
    Ok(login)
}

impl Store {
    /// Every team, by name.
    pub async fn teams(&self) -> Result<Vec<Team>> {
        Ok(
            sqlx::query_as::<_, Team>("SELECT id, name FROM teams ORDER BY name")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// A team by id.
    pub async fn team(&self, id: i64) -> Result<Option<Team>> {
        Ok(
            sqlx::query_as::<_, Team>("SELECT id, name FROM teams WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A team by name.
    pub async fn team_by_name(&self, name: &str) -> Result<Option<Team>> {
        Ok(
            sqlx::query_as::<_, Team>("SELECT id, name FROM teams WHERE name = $1")
                .bind(name.trim())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Add a team; its name must be new.
    pub async fn create_team(&self, name: &str) -> Result<Team> {
        let name = name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(StoreError::Invalid(
                "a team name needs 1 to 100 characters".into(),
            ));
        }
        if self.team_by_name(name).await?.is_some() {
            return Err(StoreError::Conflict(format!(
                "a team `{name}` already exists"
            )));
        }
        let row = sqlx::query("INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(Timestamp::now().as_second())
            .fetch_one(&self.pool)
            .await?;
        Ok(Team {
            id: row.try_get("id")?,
            name: name.to_string(),
        })
    }

    /// The team called `name`, added when missing.
    pub async fn ensure_team(&self, name: &str) -> Result<Team> {
        match self.team_by_name(name).await? {
            Some(t) => Ok(t),
            None => self.create_team(name).await,
        }
    }

    /// How many people can sign in.
    pub async fn user_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Add a person; the login must be new, the password at least
    /// [`MIN_PASSWORD_LEN`] characters.
    pub async fn create_user(&self, new: &NewUser) -> Result<User> {
        let login = valid_login(&new.login)?;
        if new.password.chars().count() < MIN_PASSWORD_LEN {
            return Err(StoreError::Invalid(format!(
                "the password needs at least {MIN_PASSWORD_LEN} characters"
            )));
        }
        if self.team(new.team_id).await?.is_none() {
            return Err(StoreError::Invalid(format!("no team {}", new.team_id)));
        }
        if self.user_by_login(login).await?.is_some() {
            return Err(StoreError::Conflict(format!(
                "a user `{login}` already exists"
            )));
        }
        let hash = hash_password(new.password.clone()).await?;
        let name = new.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let row = sqlx::query(
            "INSERT INTO users (login, name, role, team_id, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(login)
        .bind(name)
        .bind(new.role.as_str())
        .bind(new.team_id)
        .bind(hash)
        .bind(Timestamp::now().as_second())
        .fetch_one(&self.pool)
        .await?;
        let id: i64 = row.try_get("id")?;
        self.user(id)
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("user {id} vanished")))
    }

    /// A person by id.
    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        Ok(sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(format!(
            "{USER_SELECT} WHERE u.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// A person by login.
    pub async fn user_by_login(&self, login: &str) -> Result<Option<User>> {
        Ok(sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(format!(
            "{USER_SELECT} WHERE u.login = $1"
        )))
        .bind(login.trim())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Everyone, or the people of one team, by login.
    pub async fn users(&self, team_id: Option<i64>) -> Result<Vec<User>> {
        let q = match team_id {
            Some(_) => format!("{USER_SELECT} WHERE u.team_id = $1 ORDER BY u.login"),
            None => format!("{USER_SELECT} ORDER BY u.login"),
        };
        let mut q = sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(q));
        if let Some(t) = team_id {
            q = q.bind(t);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// The person with this login and password; `None` for an unknown login or a wrong
    /// password alike (and in about the same time).
    pub async fn check_password(&self, login: &str, password: &str) -> Result<Option<User>> {
        let row = sqlx::query("SELECT id, password_hash FROM users WHERE login = $1")
            .bind(login.trim())
            .fetch_optional(&self.pool)
            .await?;
        let (id, hash) = match row {
            Some(r) => (
                Some(r.try_get::<i64, _>("id")?),
                r.try_get::<String, _>("password_hash")?,
            ),
            None => (
                None,
                tokio::task::spawn_blocking(dummy_hash)
                    .await
                    .unwrap_or_default(),
            ),
        };
        let ok = verify_password(password.to_string(), hash).await;
        match id {
            Some(id) if ok => self.user(id).await,
            _ => Ok(None),
        }
    }

    /// Make a token for a person: its record and the secret, which is shown once and never
    /// stored.
    pub async fn create_token(
        &self,
        user_id: i64,
        kind: TokenKind,
        name: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<(TokenInfo, String)> {
        let name = name.trim();
        if name.len() > 100 {
            return Err(StoreError::Invalid(
                "a token name has at most 100 characters".into(),
            ));
        }
        let secret = format!("tact_{}", random_hex(32)?);
        let row = sqlx::query(
            "INSERT INTO tokens (user_id, kind, name, secret_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(kind.as_str())
        .bind(name)
        .bind(secret_hash(&secret))
        .bind(Timestamp::now().as_second())
        .bind(expires_at.map(|t| t.as_second()))
        .fetch_one(&self.pool)
        .await?;
        let id: i64 = row.try_get("id")?;
        let info = sqlx::query_as::<_, TokenInfo>(
            "SELECT id, user_id, name, kind, created_at, expires_at, last_used_at FROM tokens \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        Ok((info, secret))
    }

    /// The person a token's secret belongs to, with the token, when it exists and has not
    /// expired at `now`.
    pub async fn authenticate(
        &self,
        secret: &str,
        now: Timestamp,
    ) -> Result<Option<(User, TokenInfo)>> {
        let token = sqlx::query_as::<_, TokenInfo>(
            "SELECT id, user_id, name, kind, created_at, expires_at, last_used_at FROM tokens \
             WHERE secret_hash = $1",
        )
        .bind(secret_hash(secret.trim()))
        .fetch_optional(&self.pool)
        .await?;
        let Some(token) = token else {
            return Ok(None);
        };
        if token.expires_at.is_some_and(|e| e <= now) {
            return Ok(None);
        }
        // Record the use at most once a minute, to spare the database a write per request.
        if token
            .last_used_at
            .is_none_or(|t| now.as_second() - t.as_second() >= 60)
        {
            sqlx::query("UPDATE tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now.as_second())
                .bind(token.id)
                .execute(&self.pool)
                .await?;
        }
        Ok(self.user(token.user_id).await?.map(|u| (u, token)))
    }

    /// A person's tokens, newest first, without secrets; expired sessions left out.
    pub async fn tokens(&self, user_id: i64, now: Timestamp) -> Result<Vec<TokenInfo>> {
        Ok(sqlx::query_as::<_, TokenInfo>(
            "SELECT id, user_id, name, kind, created_at, expires_at, last_used_at FROM tokens \
             WHERE user_id = $1 AND (expires_at IS NULL OR expires_at > $2) \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(user_id)
        .bind(now.as_second())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Delete one of a person's tokens; whether there was one.
    pub async fn delete_token(&self, user_id: i64, token_id: i64) -> Result<bool> {
        let r = sqlx::query("DELETE FROM tokens WHERE id = $1 AND user_id = $2")
            .bind(token_id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Forget expired sessions; how many.
    pub async fn purge_expired_tokens(&self, now: Timestamp) -> Result<u64> {
        let r = sqlx::query("DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= $1")
            .bind(now.as_second())
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }
}
