//! `tact-core`: the pure engine of tact.
//!
//! It checks a customer-service reply against the apology rubric (`RUBRIC.md`): which
//! components it contains (empathy, apology, ownership, remedy, …), which anti-patterns it
//! commits (conditional apologies, blame, vague promises, jargon, …), where, how to fix them,
//! and an explainable 0–100 score that depends on the situation and the channel.
//!
//! The crate does no I/O: every door (the CLI, the server, the editor integration) calls the
//! same [`Checker`].
//!
//! ```
//! use tact_core::{Checker, CheckInput, Situation};
//! let checker = Checker::builtin().unwrap();
//! let mut input = CheckInput::new("Sorry for any inconvenience.");
//! input.situation = Situation::OurFault;
//! let report = checker.check(&input);
//! assert!(report.anti_patterns.iter().any(|a| a.id() == "generic"));
//! assert!(report.score < 60);
//! ```

pub mod check;
pub mod compose;
pub mod config;
pub mod detectors;
pub mod diagnostic;
pub mod eval;
pub mod promises;
pub mod rubric;
pub mod rules;
pub mod score;
pub mod text;
pub mod triage;
pub mod vocab;

pub use check::{CheckInput, Checker, Evidence, Report};
pub use config::{Config, ConfigError};
pub use diagnostic::{apply_fixes, line_col, Applicability, Diagnostic, Edit, Fix, Severity};
pub use rubric::{AntiPattern, Channel, Component, Label, Need, Situation};
pub use rules::{Kind, Rule, RuleError, RuleSet, RuleSpec};
