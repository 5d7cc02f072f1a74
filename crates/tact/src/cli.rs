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
    /// The case store: `sqlite://FILE` or `postgres://USER@HOST/DB` (default: SQLite in
    /// .tact/tact.db beside tact.toml, or in the current folder).
    #[arg(long, global = true, value_name = "URL", env = "TACT_DATABASE_URL")]
    pub db: Option<String>,
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
    /// Open, answer, close and show cases in the store.
    Case(CaseArgs),
    /// List the promises our replies made that are due or broken; mark them done; claim them.
    Followups(FollowupsArgs),
    /// Load past conversations (CSV or JSON Lines); running it again adds nothing twice.
    Import(ImportArgs),
    /// The team report: categories and trend, first response, reply quality, promises, causes.
    Report(ReportArgs),
    /// Serve the HTTP API and the team's workspace (OpenAPI at /openapi.json).
    Serve(ServeArgs),
    /// Add and list the people who sign in to `tact serve`.
    Users(UsersArgs),
    /// Make API tokens for `tact serve`.
    Tokens(TokensArgs),
}

#[derive(Debug, Args)]
pub struct UsersArgs {
    #[command(subcommand)]
    pub action: UsersAction,
}

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// Add a person; the password is the first line of standard input, or `--password-env`.
    Add {
        /// Their login.
        login: String,
        /// Their team, by name; made when missing.
        #[arg(long)]
        team: String,
        /// agent (their team's cases), lead (also reports and exemplars) or admin (everything).
        #[arg(long, value_parser = ["agent", "lead", "admin"])]
        role: String,
        /// The name replies are signed with.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from this environment variable instead of standard input.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// List everyone.
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct TokensArgs {
    #[command(subcommand)]
    pub action: TokensAction,
}

#[derive(Debug, Subcommand)]
pub enum TokensAction {
    /// Make an API token for a person and print it (it is shown this once).
    Create {
        /// Whose token.
        login: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
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
    // Named as in RUBRIC.md and the JSONL fields; the kebab-case spelling is accepted too.
    #[value(name = "our_fault", alias = "our-fault")]
    OurFault,
    #[value(name = "not_our_fault", alias = "not-our-fault")]
    NotOurFault,
    #[value(name = "customer_mistaken", alias = "customer-mistaken")]
    CustomerMistaken,
    #[value(name = "policy_no", alias = "policy-no")]
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

#[derive(Debug, Args)]
pub struct CaseArgs {
    #[command(subcommand)]
    pub action: CaseAction,
}

#[derive(Debug, Subcommand)]
pub enum CaseAction {
    /// Open a case from the customer's message and print its number.
    Open(CaseOpenArgs),
    /// Check a reply, store it with its score and findings, and date the promises it makes.
    Reply(CaseReplyArgs),
    /// Add a later message from the customer to a case.
    Message(CaseMessageArgs),
    /// Close a case with its resolution and what the team learned.
    Close(CaseCloseArgs),
    /// Print a case's timeline.
    Show(CaseShowArgs),
}

#[derive(Debug, Args)]
pub struct CaseOpenArgs {
    /// The customer's message; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
    pub channel: ChannelArg,
    /// When the message arrived (RFC 3339; default: now).
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
    /// What kind of bad news the replies deliver (default: triage's guess, else our_fault).
    #[arg(long, value_enum)]
    pub situation: Option<SituationArg>,
    /// The case's id in another system (unique; `case reply` accepts it too).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CaseReplyArgs {
    /// The case number (or the id it was opened or imported under).
    #[arg(value_name = "CASE")]
    pub case: String,
    /// The reply; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// When the reply was sent (RFC 3339; default: now).
    #[arg(long, value_name = "TIME")]
    pub sent: Option<String>,
    /// Who wrote it.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CaseMessageArgs {
    #[arg(value_name = "CASE")]
    pub case: String,
    /// The message; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// When it arrived (RFC 3339; default: now).
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
    /// Who wrote it (default: the case's customer).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

#[derive(Debug, Args)]
pub struct CaseCloseArgs {
    #[arg(value_name = "CASE")]
    pub case: String,
    /// How the case ended.
    #[arg(long, value_name = "TEXT")]
    pub resolution: String,
    /// The customer's satisfaction, 1 (very unhappy) to 5 (very happy).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=5))]
    pub satisfaction: Option<i64>,
    /// Why it happened, in a few words the team will recognise next time.
    #[arg(long, value_name = "TEXT")]
    pub root_cause: Option<String>,
    /// What changes so it does not happen again.
    #[arg(long, value_name = "TEXT")]
    pub prevention: Option<String>,
    /// When it closed (RFC 3339; default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CaseShowArgs {
    #[arg(value_name = "CASE")]
    pub case: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct FollowupsArgs {
    #[command(subcommand)]
    pub action: Option<FollowupsAction>,
    /// List what falls due before this time (RFC 3339; default: the end of today in the
    /// team's time zone).
    #[arg(long, value_name = "TIME")]
    pub due_before: Option<String>,
    /// The time to judge against (RFC 3339; default: now).
    #[arg(long, value_name = "TIME", hide = true)]
    pub now: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum FollowupsAction {
    /// Record that a promise was kept.
    Done {
        #[arg(value_name = "ID")]
        id: i64,
        /// What was done.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// When (RFC 3339; default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Take due follow-ups to send reminders for; each is handed to one worker only, however
    /// many run at once.
    Claim {
        /// The name of this worker.
        #[arg(long, value_name = "NAME")]
        worker: String,
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: i64,
        /// Claim what falls due before this time (RFC 3339; default: now).
        #[arg(long, value_name = "TIME")]
        due_before: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV with a header, or JSON Lines; fields `case`, `direction`, `author`, `time`, `text`
    /// (and optionally `id`, `customer`, `channel`, `situation`, `category`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format (default: from its extension).
    #[arg(long, value_enum)]
    pub input_format: Option<ImportFormat>,
    /// Situation for cases whose rows don't give one.
    #[arg(long, value_enum, default_value_t = SituationArg::OurFault)]
    pub situation: SituationArg,
    /// Channel for cases whose rows don't give one.
    #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
    pub channel: ChannelArg,
    /// Messages per transaction.
    #[arg(long, default_value_t = 2000, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Only cases opened and replies sent since this time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// The time to report at (RFC 3339; default: now).
    #[arg(long, value_name = "TIME", hide = true)]
    pub now: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
