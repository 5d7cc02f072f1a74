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
    /// Write a reply from the facts of a case, and check it.
    Draft(DraftArgs),
    /// Read a customer's message: sentiment, emotions, category, urgency, situation, facts,
    /// and what the reply needs.
    Triage(TriageArgs),
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Message files; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub jsonl: JsonlFields,
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
    /// Replies labelled with components and anti-patterns (JSON Lines).
    Replies,
    /// Messages labelled `is_complaint` 1/0 (CSV with `text` and `is_complaint` columns).
    Complaints,
    /// Texts labelled with GoEmotions label ids (TSV: text, ids, id).
    Emotions,
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
    /// Exit 1 when the complaint class F1 is below this (`--task complaints`).
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    /// Exit 1 when an emotion group's F1 is below a floor, as GROUP=F1 (repeatable;
    /// `--task emotions`).
    #[arg(long, value_name = "GROUP=F1")]
    pub min_group_f1: Vec<String>,
    /// Also print the records where tact and the labels disagree.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The case file (`.toml` or `.json`; `-` reads standard input). Flags override its facts.
    #[arg(value_name = "CASE")]
    pub case: Option<PathBuf>,
    /// Read the customer's message from this file and fill in what it says (their name, their
    /// words); the facts only a person can supply are listed.
    #[arg(long, value_name = "FILE", conflicts_with = "case")]
    pub from_complaint: Option<PathBuf>,
    /// What kind of bad news the reply delivers (required without a case file).
    #[arg(long, value_enum)]
    pub situation: Option<SituationArg>,
    /// Where the reply is sent (default: the case's, or email).
    #[arg(long, value_enum)]
    pub channel: Option<ChannelArg>,
    #[arg(long, value_name = "NAME")]
    pub customer_name: Option<String>,
    /// Default: `company` in tact.toml.
    #[arg(long, value_name = "NAME")]
    pub company: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub agent_name: Option<String>,
    /// What happened, in the customer's terms.
    #[arg(long, value_name = "TEXT")]
    pub problem: Option<String>,
    /// Why it happened (a clause after "because").
    #[arg(long, value_name = "TEXT")]
    pub cause: Option<String>,
    /// What we are doing, as a sentence.
    #[arg(long, value_name = "TEXT")]
    pub remedy: Option<String>,
    /// An alternative the customer can choose (repeat for several).
    #[arg(long = "option", value_name = "TEXT")]
    pub options: Vec<String>,
    /// When the remedy lands.
    #[arg(long, value_name = "TEXT")]
    pub timeframe: Option<String>,
    /// What we will check and when (after "I'll").
    #[arg(long, value_name = "TEXT")]
    pub follow_up: Option<String>,
    /// What we changed so it won't happen again, as a sentence.
    #[arg(long, value_name = "TEXT")]
    pub prevention: Option<String>,
    /// A gesture for the trouble, as a sentence.
    #[arg(long, value_name = "TEXT")]
    pub goodwill: Option<String>,
    /// The customer's original message (judges reflection and personalization).
    #[arg(long, value_name = "TEXT")]
    pub customer_message: Option<String>,
    /// How many different wordings to write.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=50))]
    pub variants: u16,
    /// Chooses the wordings; the same seed gives the same drafts.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub seed: u64,
    /// Mark missing facts as `[[fact]]` for the agent to fill in, instead of leaving them out.
    #[arg(long)]
    pub placeholders: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
