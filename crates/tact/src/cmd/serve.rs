//! `tact serve`: the HTTP API and the team's workspace.

use super::store::{calendar, open, store_error};
use crate::cli::ServeArgs;
use crate::setup::Setup;
use crate::user_error;
use anyhow::{Context, Result};
use std::io::Write;
use tact_server::AppState;
use tact_store::{NewUser, Role, Store};

pub fn run(setup: &Setup, url: &str, args: ServeArgs) -> Result<u8> {
    // The team's rules, templates, calendar and config apply to the API as they do to the
    // other commands.
    let checker = setup.checker()?;
    let composer = super::draft::composer(setup)?;
    let cal = calendar(setup)?;
    let target = i64::from(setup.config.team.first_response_minutes) * 60;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let store = open(url).await?;
        first_run(&store).await?;
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| user_error(format!("cannot listen on {}: {e}", args.addr)))?;
        let addr = listener.local_addr()?;
        let mut out = std::io::stdout();
        writeln!(out, "tact: listening on http://{addr}")?;
        out.flush()?;
        let state = AppState::new(checker)
            .with_store(store)
            .with_calendar(cal)
            .with_composer(composer)
            .with_company(setup.config.company.clone())
            .with_first_response_target(target);
        tact_server::serve_until(listener, state, shutdown_signal())
            .await
            .context("the server stopped")?;
        eprintln!("tact: stopped");
        Ok(0)
    })
}

/// On a store nobody can sign in to, make the team `default` and the user `admin` with a
/// random password, shown once.
async fn first_run(store: &Store) -> Result<()> {
    if store.user_count().await.map_err(store_error)? > 0 {
        return Ok(());
    }
    let team = store.ensure_team("default").await.map_err(store_error)?;
    let password = tact_store::random_hex(12).map_err(store_error)?;
    store
        .create_user(&NewUser {
            login: "admin".into(),
            name: Some("Admin".into()),
            password: password.clone(),
            role: Role::Admin,
            team_id: team.id,
        })
        .await
        .map_err(store_error)?;
    eprintln!("tact: first run: sign in as admin with password {password}");
    eprintln!("tact: (shown once; add people with `tact users add`)");
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
