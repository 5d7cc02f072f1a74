//! The HTTP API of tact: check a reply and triage a customer's message over JSON.
//!
//! [`app`] builds the router; [`serve`] runs it on a listener. `GET /openapi.json` describes
//! every endpoint (OpenAPI 3.1). Errors are JSON `{"error": "..."}` with a 4xx status for
//! anything the caller can fix, and never carry internal details.

mod error;
mod output;
mod web;

pub use error::ApiError;
pub use output::{CheckOutput, TriageOutput};

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use tact_core::{Channel, CheckInput, Checker, Situation};
use tokio::net::TcpListener;
use utoipa::{OpenApi, ToSchema};

/// The largest request body the API reads (1 MB); larger ones get 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub checker: Arc<Checker>,
}

impl AppState {
    pub fn new(checker: Checker) -> Self {
        AppState {
            checker: Arc::new(checker),
        }
    }
}

/// The router of the API.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/api/v1/check", post(check))
        .route("/api/v1/triage", post(triage))
        .merge(web::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serve the API on `listener` until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, app(state)).await
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tact",
        description = "Check customer-service apologies and bad-news replies; triage customers' messages."
    ),
    paths(healthz, check, triage),
    components(schemas(
        Health,
        CheckRequest,
        TriageRequest,
        CheckOutput,
        TriageOutput,
        ErrorBody
    ))
)]
pub struct ApiDoc;

/// The answer of `GET /healthz`.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// A reply to check.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The reply.
    pub text: String,
    /// `our_fault` (default), `not_our_fault`, `customer_mistaken` or `policy_no`.
    #[serde(default)]
    pub situation: Option<String>,
    /// `email` (default), `chat`, `social`, `sms` or `phone`.
    #[serde(default)]
    pub channel: Option<String>,
    /// The customer's message the reply answers, if known.
    #[serde(default)]
    pub customer: Option<String>,
    /// Echoed back as `id` in the answer.
    #[serde(default)]
    pub id: Option<Value>,
}

/// A customer's message to triage.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageRequest {
    /// The message.
    pub text: String,
    /// Echoed back as `id` in the answer.
    #[serde(default)]
    pub id: Option<Value>,
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person to read.
    pub error: String,
}

/// Whether the server is up.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Check a reply: components, anti-patterns, diagnostics with spans, and a 0–100 score.
///
/// The answer has the shape of `tact check --format json` for one reply.
#[utoipa::path(
    post,
    path = "/api/v1/check",
    request_body = CheckRequest,
    responses(
        (status = 200, body = CheckOutput),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 413, description = "The body is over 1 MB", body = ErrorBody),
        (status = 422, description = "Empty text, or an unknown situation or channel", body = ErrorBody),
    )
)]
async fn check(
    State(state): State<AppState>,
    body: Result<Json<CheckRequest>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(req) = body?;
    if req.text.trim().is_empty() {
        return Err(ApiError::EmptyText);
    }
    let situation = parse_field::<Situation>("situation", req.situation.as_deref())?;
    let channel = parse_field::<Channel>("channel", req.channel.as_deref())?;
    let checker = Arc::clone(&state.checker);
    let id = req.id.unwrap_or(Value::Null);
    let doc = tokio::task::spawn_blocking(move || {
        let report = checker.check(&CheckInput {
            text: &req.text,
            situation,
            channel,
            customer: req.customer.as_deref(),
        });
        serde_json::to_value(CheckOutput::new(id, &report))
    })
    .await
    .map_err(|_| ApiError::Internal)?
    .map_err(|_| ApiError::Internal)?;
    Ok(Json(doc))
}

/// Triage a customer's message: sentiment, emotions, category, urgency, situation, facts and
/// what the reply needs.
///
/// The answer has the shape of `tact triage --format json` for one message.
#[utoipa::path(
    post,
    path = "/api/v1/triage",
    request_body = TriageRequest,
    responses(
        (status = 200, body = TriageOutput),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 413, description = "The body is over 1 MB", body = ErrorBody),
        (status = 422, description = "Empty text", body = ErrorBody),
    )
)]
async fn triage(body: Result<Json<TriageRequest>, JsonRejection>) -> Result<Json<Value>, ApiError> {
    let Json(req) = body?;
    if req.text.trim().is_empty() {
        return Err(ApiError::EmptyText);
    }
    let id = req.id.unwrap_or(Value::Null);
    let doc = tokio::task::spawn_blocking(move || {
        let t = tact_core::triage::triage(&req.text).map_err(|_| ApiError::Internal)?;
        serde_json::to_value(TriageOutput { id, triage: &t }).map_err(|_| ApiError::Internal)
    })
    .await
    .map_err(|_| ApiError::Internal)??;
    Ok(Json(doc))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A rubric id from the request, or the default when the field is absent.
fn parse_field<T>(field: &'static str, value: Option<&str>) -> Result<T, ApiError>
where
    T: std::str::FromStr<Err = tact_core::rubric::UnknownId> + Default,
{
    match value {
        None => Ok(T::default()),
        Some(v) => v
            .parse()
            .map_err(|e: tact_core::rubric::UnknownId| ApiError::UnknownId {
                field,
                message: e.to_string(),
            }),
    }
}
