//! The request bodies and query strings of the workspace endpoints, and the shapes of their
//! answers as the OpenAPI document describes them (the answers themselves are the store's
//! types, serialized).

#![allow(dead_code)]

use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

// ---------------------------------------------------------------- requests

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamRequest {
    pub name: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub login: String,
    #[serde(default)]
    pub name: Option<String>,
    /// At least 8 characters.
    pub password: String,
    /// `agent`, `lead` or `admin`.
    pub role: String,
    /// The team's name or id.
    #[schema(value_type = Object)]
    pub team: Value,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    /// What the token is for.
    pub name: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// A case whose first message, situation, channel and customer fill the gaps.
    #[serde(default)]
    pub case_id: Option<i64>,
    #[serde(default)]
    pub situation: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Defaults to the signed-in user's name.
    #[serde(default)]
    pub agent_name: Option<String>,
    #[serde(default)]
    pub problem: Option<String>,
    #[serde(default)]
    pub cause: Option<String>,
    #[serde(default)]
    pub remedy: Option<String>,
    #[serde(default)]
    pub options: Option<Vec<String>>,
    #[serde(default)]
    pub timeframe: Option<String>,
    #[serde(default)]
    pub follow_up: Option<String>,
    #[serde(default)]
    pub prevention: Option<String>,
    #[serde(default)]
    pub goodwill: Option<String>,
    #[serde(default)]
    pub customer_message: Option<String>,
    /// Write missing facts as `[[fact]]` for the agent to fill in.
    #[serde(default)]
    pub placeholders: Option<bool>,
    /// Chooses among the templates' wordings.
    #[serde(default)]
    pub seed: Option<u64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCaseRequest {
    /// The customer's first message; triaged and stored.
    pub message: String,
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    /// The case's id elsewhere; unique.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Wins over triage's guess.
    #[serde(default)]
    pub situation: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    pub text: String,
    /// The case's situation when left out.
    #[serde(default)]
    pub situation: Option<String>,
    /// The case's channel when left out.
    #[serde(default)]
    pub channel: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageRequest {
    pub text: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    pub resolution: String,
    /// 1 (very unhappy) to 5 (very happy).
    #[serde(default)]
    pub satisfaction: Option<i64>,
    #[serde(default)]
    pub root_cause: Option<String>,
    #[serde(default)]
    pub prevention: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct DoneRequest {
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StarRequest {
    /// One of our replies.
    pub message_id: i64,
    #[serde(default)]
    pub note: Option<String>,
}

// ---------------------------------------------------------------- queries

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// `open`, `closed` or `all` (default).
    #[param(pattern = "^(open|closed|all)$")]
    pub status: Option<String>,
    /// 1–500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// Cases to skip (newest first), default 0.
    #[param(minimum = 0)]
    pub offset: Option<i64>,
    /// An admin's choice of team.
    pub team: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowupQuery {
    /// `team` (default; every team for an admin) or `mine` (promises in the caller's replies).
    #[param(pattern = "^(team|mine)$")]
    pub scope: Option<String>,
    /// `due` (default: open, overdue or due within 24 hours) or `all`.
    #[param(pattern = "^(due|all)$")]
    pub state: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// RFC 3339; everything when left out.
    pub since: Option<String>,
    /// RFC 3339; now when left out.
    pub until: Option<String>,
    /// An admin's choice of team (a lead's own team otherwise).
    pub team: Option<i64>,
    /// One agent's login.
    pub agent: Option<String>,
    /// `day` (default) or `week`.
    #[param(pattern = "^(day|week)$")]
    pub bucket: Option<String>,
}

// ---------------------------------------------------------------- answers

#[derive(ToSchema)]
pub struct TeamDoc {
    pub id: i64,
    pub name: String,
}

#[derive(ToSchema)]
pub struct TeamList {
    pub teams: Vec<TeamDoc>,
}

#[derive(ToSchema)]
pub struct UserDoc {
    pub id: i64,
    pub login: String,
    pub name: Option<String>,
    /// `agent`, `lead` or `admin`.
    pub role: String,
    pub team: TeamDoc,
}

#[derive(ToSchema)]
pub struct UserList {
    pub users: Vec<UserDoc>,
}

#[derive(ToSchema)]
pub struct LoginOutput {
    pub user: UserDoc,
    /// A session token, good for 12 hours, for `Authorization: Bearer`.
    pub token: String,
}

#[derive(ToSchema)]
pub struct NewTokenOutput {
    pub id: i64,
    pub name: String,
    /// The secret, shown this once.
    pub token: String,
}

#[derive(ToSchema)]
pub struct TokenDoc {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// `api` or `session`.
    pub kind: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
}

#[derive(ToSchema)]
pub struct TokenList {
    pub tokens: Vec<TokenDoc>,
}

#[derive(ToSchema)]
pub struct DraftOutput {
    pub text: String,
    /// The template the draft came from.
    pub template: String,
    /// Facts the case lacks: `fact`, `cost` (score points) and `hint`.
    #[schema(value_type = Vec<Object>)]
    pub missing_facts: Vec<Value>,
    #[schema(value_type = Object)]
    pub check: Value,
}

#[derive(ToSchema, serde::Serialize)]
pub struct CaseDoc {
    pub id: i64,
    pub external_id: Option<String>,
    pub customer: Option<String>,
    pub channel: String,
    /// RFC 3339.
    pub opened_at: String,
    /// `open` or `closed`.
    pub status: String,
    pub category: Option<String>,
    pub urgency: Option<String>,
    pub situation: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub triage: Option<Value>,
    pub first_response_at: Option<String>,
    pub first_response_secs: Option<i64>,
    pub first_response_target_secs: Option<i64>,
    pub closed_at: Option<String>,
    pub resolution: Option<String>,
    pub satisfaction: Option<i64>,
    pub team_id: Option<i64>,
}

#[derive(ToSchema, serde::Serialize)]
pub struct CaseSummaryDoc {
    #[serde(flatten)]
    pub case: CaseDoc,
    /// The score of the latest reply, if any.
    pub last_score: Option<i64>,
}

#[derive(ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseSummaryDoc>,
}

#[derive(ToSchema)]
pub struct OpenedCase {
    pub case: CaseDoc,
    /// As `POST /api/v1/triage` answers.
    #[schema(value_type = Object)]
    pub triage: Value,
}

#[derive(ToSchema)]
pub struct MessageDoc {
    pub id: i64,
    pub case_id: i64,
    /// `inbound` (the customer) or `outbound` (us).
    pub direction: String,
    pub author: Option<String>,
    pub at: String,
    pub body: String,
    /// The check's score, for our replies.
    pub score: Option<i64>,
    pub anti_patterns: Vec<String>,
    pub missing: Vec<String>,
    /// Marked as exemplary.
    pub starred: bool,
}

#[derive(ToSchema)]
pub struct FollowupDoc {
    pub id: i64,
    pub case_id: i64,
    pub case_external_id: Option<String>,
    pub customer: Option<String>,
    pub message_id: i64,
    /// The promise.
    pub text: String,
    /// When the reply said it would happen ("tomorrow").
    pub due_text: String,
    pub made_at: String,
    pub due_at: String,
    /// `open`, `broken`, `kept` or `late`.
    pub state: String,
    pub done_at: Option<String>,
    pub note: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<String>,
}

#[derive(ToSchema)]
pub struct FollowupList {
    pub followups: Vec<FollowupDoc>,
}

#[derive(ToSchema)]
pub struct LessonDoc {
    pub id: i64,
    pub case_id: i64,
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
    pub created_at: String,
}

#[derive(ToSchema)]
pub struct CaseDetail {
    pub case: CaseDoc,
    pub messages: Vec<MessageDoc>,
    pub followups: Vec<FollowupDoc>,
    pub lessons: Vec<LessonDoc>,
}

#[derive(ToSchema)]
pub struct ReplyOutput {
    pub message_id: i64,
    /// As `POST /api/v1/check` answers.
    #[schema(value_type = Object)]
    pub check: Value,
    /// The promises the reply made.
    pub followups: Vec<FollowupDoc>,
    /// Set when this was the case's first reply.
    pub first_response_secs: Option<i64>,
}

#[derive(ToSchema)]
pub struct MessageCreated {
    pub message_id: i64,
}

#[derive(ToSchema)]
pub struct SeriesPointDoc {
    /// When the period starts (RFC 3339).
    pub period: String,
    pub cases: i64,
    pub replies: i64,
    pub mean_score: Option<f64>,
    pub median_first_response_secs: Option<i64>,
    pub promises_kept: i64,
    pub promises_broken: i64,
}

#[derive(ToSchema)]
pub struct TallyDoc {
    pub name: String,
    pub count: i64,
}

#[derive(ToSchema)]
pub struct AgentDoc {
    pub login: String,
    pub replies: i64,
    pub mean_score: Option<f64>,
    pub first_response_median_secs: Option<i64>,
    pub top_anti_patterns: Vec<TallyDoc>,
}

#[derive(ToSchema)]
pub struct TeamStatsDoc {
    pub team_id: i64,
    pub name: String,
    pub cases: i64,
    pub replies: i64,
    pub mean_score: Option<f64>,
    pub median_first_response_secs: Option<i64>,
    pub promises_kept: i64,
    pub promises_broken: i64,
}

/// The fields of `tact report --format json`, plus the breakdowns.
#[derive(ToSchema)]
pub struct ReportDoc {
    pub since: Option<String>,
    pub now: String,
    pub cases: i64,
    pub closed: i64,
    #[schema(value_type = Vec<Object>)]
    pub categories: Vec<Value>,
    pub weeks: Vec<String>,
    #[schema(value_type = Object)]
    pub first_response: Value,
    pub replies: i64,
    pub mean_score: Option<f64>,
    #[schema(value_type = Vec<Object>)]
    pub score_bands: Vec<Value>,
    pub anti_patterns: Vec<TallyDoc>,
    pub missing: Vec<TallyDoc>,
    #[schema(value_type = Object)]
    pub promises: Value,
    pub root_causes: Vec<TallyDoc>,
    pub mean_satisfaction: Option<f64>,
    /// `day` or `week`.
    pub bucket: String,
    pub series: Vec<SeriesPointDoc>,
    pub agents: Vec<AgentDoc>,
    /// Every team for an admin; the lead's own otherwise.
    pub teams: Vec<TeamStatsDoc>,
}

#[derive(ToSchema)]
pub struct ExemplarDoc {
    pub message_id: i64,
    pub case_id: i64,
    pub team_id: Option<i64>,
    pub body: String,
    pub score: Option<i64>,
    pub author: Option<String>,
    /// The login of who starred it.
    pub starred_by: Option<String>,
    pub note: Option<String>,
    pub starred_at: String,
}

#[derive(ToSchema)]
pub struct ExemplarList {
    pub exemplars: Vec<ExemplarDoc>,
}
