//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tact_core::{Channel, Severity, Situation};

#[derive(Debug, Parser)]
#[command(
    name = "tact",
    version,
    about = "Check, triage and draft customer-service apologies and bad-news replies."
)]
pub struct Cli {
    /// The team's config file (default: ./tact.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to use colours.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a reply: components, anti-patterns, fixes and a 0–100 score.
    Check(CheckArgs),
    /// List the rules, or explain one.
    Rules(RulesArgs),
    /// Compare tact with a labelled file and print precision, recall and F1.
    Eval(EvalArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SituationArg {
    OurFault,
    NotOurFault,
    CustomerMistaken,
    PolicyNo,
}

impl From<SituationArg> for Situation {
    fn from(s: SituationArg) -> Self {
        match s {
            SituationArg::OurFault => Situation::OurFault,
            SituationArg::NotOurFault => Situation::NotOurFault,
            SituationArg::CustomerMistaken => Situation::CustomerMistaken,
            SituationArg::PolicyNo => Situation::PolicyNo,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    Email,
    Chat,
    Social,
    Sms,
    Phone,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Self {
        match c {
            ChannelArg::Email => Channel::Email,
            ChannelArg::Chat => Channel::Chat,
            ChannelArg::Social => Channel::Social,
            ChannelArg::Sms => Channel::Sms,
            ChannelArg::Phone => Channel::Phone,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Info,
    Warning,
    Error,
    /// Never fail on findings.
    Never,
}

impl SeverityArg {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            SeverityArg::Info => Some(Severity::Info),
            SeverityArg::Warning => Some(Severity::Warning),
            SeverityArg::Error => Some(Severity::Error),
            SeverityArg::Never => None,
        }
    }
}

/// Fields of a JSON Lines record.
#[derive(Debug, Args, Clone)]
pub struct JsonlFields {
    /// Read JSON Lines (one object per line) and write one result per line, in input order.
    #[arg(long)]
    pub jsonl: bool,
    /// The field holding the text.
    #[arg(long, value_name = "NAME")]
    pub text_field: Option<String>,
    /// The field holding the record id (the line number when absent).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// The field holding the customer's message.
    #[arg(long, value_name = "NAME")]
    pub customer_field: Option<String>,
    /// The field holding the situation (overrides --situation per record).
    #[arg(long, value_name = "NAME")]
    pub situation_field: Option<String>,
    /// The field holding the channel (overrides --channel per record).
    #[arg(long, value_name = "NAME")]
    pub channel_field: Option<String>,
    /// Worker threads for --jsonl (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Reply files to check; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// What kind of bad news the reply delivers.
    #[arg(long, value_enum, default_value_t = SituationArg::OurFault)]
    pub situation: SituationArg,
    /// Where the reply is sent.
    #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
    pub channel: ChannelArg,
    /// The customer's message the reply answers (judges reflection and personalization).
    #[arg(long, value_name = "FILE")]
    pub customer: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub jsonl: JsonlFields,
    /// Exit 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning, value_name = "SEVERITY")]
    pub fail_on: SeverityArg,
    /// Exit 1 when the score is below this.
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<u8>,
    /// Apply the fixes marked safe and print the result.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply unsafe fixes.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// With --fix, write the result back to the files instead of printing it.
    #[arg(long, requires = "fix")]
    pub write: bool,
    /// Hide the score breakdown in text output.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Print a rule's documentation: what, why, example, use instead.
    Explain {
        /// Rule code or name.
        code: String,
    },
    /// Print the rule reference (docs/rules.md) generated from the rule files.
    Docs,
    /// Run every rule's inline tests.
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalTask {
    Replies,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The labelled file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = EvalTask::Replies)]
    pub task: EvalTask,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Channel for records without a `channel` field.
    #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
    pub channel: ChannelArg,
    /// Exit 1 when component micro-F1 is below this.
    #[arg(long, value_name = "F1")]
    pub min_components: Option<f64>,
    /// Exit 1 when anti-pattern micro-F1 is below this.
    #[arg(long, value_name = "F1")]
    pub min_anti_patterns: Option<f64>,
    /// Also print the records where tact and the labels disagree.
    #[arg(long)]
    pub errors: bool,
}
