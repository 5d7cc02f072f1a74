//! `tact serve`: the HTTP API.

use crate::cli::ServeArgs;
use crate::setup::Setup;
use crate::user_error;
use anyhow::{Context, Result};
use std::io::Write;
use tact_server::AppState;

pub fn run(setup: &Setup, args: ServeArgs) -> Result<u8> {
    // The team's rules and config apply to the API as they do to `tact check`.
    let checker = setup.checker()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .map_err(|e| user_error(format!("cannot listen on {}: {e}", args.addr)))?;
        let addr = listener.local_addr()?;
        let mut out = std::io::stdout();
        writeln!(out, "tact: listening on http://{addr}")?;
        out.flush()?;
        tact_server::serve(listener, AppState::new(checker))
            .await
            .context("the server stopped")?;
        Ok(0)
    })
}
