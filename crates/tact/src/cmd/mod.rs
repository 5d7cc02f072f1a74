//! One module per subcommand.

mod case;
mod check;
mod draft;
mod eval;
mod followups;
mod import;
mod report;
mod rules;
mod serve;
mod store;
mod triage;
mod users;

use crate::cli::{Cli, ColorChoice, Command};
use anyhow::Result;
use std::io::IsTerminal;

/// Run the command; the `u8` is the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let setup = crate::setup::load(cli.config.as_deref())?;
    match cli.command {
        Command::Check(args) => check::run(&setup, args, color),
        Command::Rules(args) => rules::run(&setup, args),
        Command::Eval(args) => eval::run(&setup, args),
        Command::Draft(args) => draft::run(&setup, args, color),
        Command::Triage(args) => triage::run(args, color),
        Command::Case(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            case::run(&setup, &url, args.action, color)
        }
        Command::Followups(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            followups::run(&setup, &url, args)
        }
        Command::Import(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            import::run(&setup, &url, args)
        }
        Command::Report(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            report::run(&setup, &url, args)
        }
        Command::Serve(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            serve::run(&setup, &url, args)
        }
        Command::Users(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            users::run_users(&url, args.action)
        }
        Command::Tokens(args) => {
            let url = store::database_url(&setup, cli.db.as_deref());
            users::run_tokens(&url, args.action)
        }
    }
}
