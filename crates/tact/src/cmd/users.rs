//! `tact users add | list` and `tact tokens create`: the people who sign in to `tact serve`.

use super::store::{block_on, open, store_error};
use crate::cli::{Format, TokensAction, UsersAction};
use crate::user_error;
use anyhow::Result;
use std::io::{BufRead, Write};
use tact_store::{NewUser, Role, TokenKind};

pub fn run_users(url: &str, action: UsersAction) -> Result<u8> {
    match action {
        UsersAction::Add {
            login,
            team,
            role,
            name,
            password_env,
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                user_error(format!("--role: `{role}` is not agent, lead or admin"))
            })?;
            let password = read_password(password_env.as_deref())?;
            let user = block_on(async {
                let store = open(url).await?;
                let team = store.ensure_team(&team).await.map_err(store_error)?;
                let user = store
                    .create_user(&NewUser {
                        login,
                        name,
                        password,
                        role,
                        team_id: team.id,
                    })
                    .await
                    .map_err(store_error);
                store.close().await;
                user
            })??;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "added {} ({}, team {})",
                user.login, user.role, user.team.name
            )?;
            Ok(0)
        }
        UsersAction::List { format } => {
            let users = block_on(async {
                let store = open(url).await?;
                store.users(None).await.map_err(store_error)
            })??;
            let mut out = std::io::stdout().lock();
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &users)?;
                    writeln!(out)?;
                }
                Format::Text => {
                    if users.is_empty() {
                        writeln!(
                            out,
                            "nobody yet: `tact users add LOGIN --team TEAM --role admin`"
                        )?;
                    }
                    for u in &users {
                        writeln!(
                            out,
                            "{:<20} {:<6} {:<16} {}",
                            u.login,
                            u.role.as_str(),
                            u.team.name,
                            u.name.as_deref().unwrap_or("")
                        )?;
                    }
                }
            }
            Ok(0)
        }
    }
}

/// The password from an environment variable, or the first line of standard input.
fn read_password(var: Option<&str>) -> Result<String> {
    let password = match var {
        Some(var) => std::env::var(var)
            .map_err(|_| user_error(format!("--password-env: `{var}` is not set")))?,
        None => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if password.is_empty() {
        return Err(user_error(
            "no password: give it on the first line of standard input, or with --password-env VAR",
        ));
    }
    Ok(password)
}

pub fn run_tokens(url: &str, action: TokensAction) -> Result<u8> {
    match action {
        TokensAction::Create { login, name } => {
            let secret = block_on(async {
                let store = open(url).await?;
                let user = store
                    .user_by_login(&login)
                    .await
                    .map_err(store_error)?
                    .ok_or_else(|| user_error(format!("no user `{login}`")))?;
                let (_, secret) = store
                    .create_token(user.id, TokenKind::Api, &name, None)
                    .await
                    .map_err(store_error)?;
                store.close().await;
                anyhow::Ok(secret)
            })??;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{secret}")?;
            Ok(0)
        }
    }
}
