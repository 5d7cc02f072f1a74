//! `tact rules`.

use crate::cli::{Format, RulesAction, RulesArgs};
use crate::setup::Setup;
use crate::user_error;
use anyhow::Result;
use std::io::Write;
use tact_core::rules::docs;

pub fn run(setup: &Setup, args: RulesArgs) -> Result<u8> {
    let checker = setup.checker()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.action {
        None => match args.format {
            Format::Text => {
                for r in &checker.rules.rules {
                    let state = if r.enabled { "" } else { "  (off)" };
                    writeln!(
                        out,
                        "{:<8} {:<30} {:<20} {:<8} {}{state}",
                        r.spec.code,
                        r.spec.name,
                        r.spec.target.id(),
                        r.severity.id(),
                        docs::summary(r)
                    )?;
                }
            }
            Format::Json => {
                let v: Vec<serde_json::Value> = checker
                    .rules
                    .rules
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "code": r.spec.code, "name": r.spec.name, "rule": r.spec.target.id(),
                            "severity": r.severity, "enabled": r.enabled, "what": docs::summary(r),
                            "source": r.source,
                        })
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            }
        },
        Some(RulesAction::Explain { code }) => {
            let Some(r) = checker.rules.find(&code) else {
                return Err(user_error(format!(
                    "unknown rule `{code}` (see `tact rules` for the list)"
                )));
            };
            write!(out, "{}", docs::explain(r))?;
        }
        Some(RulesAction::Docs) => write!(out, "{}", docs::markdown(&checker.rules))?,
        Some(RulesAction::Test) => {
            let (failures, n) = docs::run_inline_tests(&checker);
            for f in &failures {
                writeln!(out, "FAIL {f}")?;
            }
            writeln!(
                out,
                "{} passed, {} failed",
                n - failures.len(),
                failures.len()
            )?;
            return Ok(u8::from(!failures.is_empty()));
        }
    }
    Ok(0)
}
