//! The HTTP API of tact: check a reply and triage a customer's message over JSON, and — with a
//! store — the workspace of a support team: signing in, cases, replies, follow-ups, reports
//! and exemplary replies.
//!
//! [`app`] builds the router; [`serve`] runs it on a listener. `GET /openapi.json` describes
//! every endpoint (OpenAPI 3.1). Errors are JSON `{"error": "..."}` with a 4xx status for
//! anything the caller can fix, and never carry internal details.

mod api;
mod error;
mod extract;
mod output;
mod schema;
mod web;

pub use error::ApiError;
pub use extract::SESSION_COOKIE;
pub use output::{CheckOutput, TriageOutput};

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use extract::{JsonBody, MaybeCaller};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use tact_core::compose::Composer;
use tact_core::promises::Calendar;
use tact_core::{Channel, CheckInput, Checker, Situation};
use tact_store::Store;
use tokio::net::TcpListener;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// The largest request body the API reads (1 MB); larger ones get 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub checker: Arc<Checker>,
    /// The store; without one only the engine endpoints (check, triage) answer, unauthenticated.
    pub store: Option<Store>,
    /// The team's calendar, which dates the promises replies make.
    pub calendar: Arc<Calendar>,
    pub composer: Arc<Composer>,
    /// The company name drafts sign with.
    pub company: Option<String>,
    /// The team's first-response target, recorded with each case's first reply.
    pub first_response_target_secs: i64,
}

impl AppState {
    /// The engine alone: no store, the UTC calendar, the built-in templates.
    pub fn new(checker: Checker) -> Self {
        AppState {
            checker: Arc::new(checker),
            store: None,
            calendar: Arc::new(Calendar::utc()),
            composer: Arc::new(Composer::builtin().expect("the built-in templates compile")),
            company: None,
            first_response_target_secs: 3600,
        }
    }

    pub fn with_store(mut self, store: Store) -> Self {
        self.store = Some(store);
        self
    }

    pub fn with_calendar(mut self, calendar: Calendar) -> Self {
        self.calendar = Arc::new(calendar);
        self
    }

    pub fn with_composer(mut self, composer: Composer) -> Self {
        self.composer = Arc::new(composer);
        self
    }

    pub fn with_company(mut self, company: Option<String>) -> Self {
        self.company = company;
        self
    }

    pub fn with_first_response_target(mut self, secs: i64) -> Self {
        self.first_response_target_secs = secs;
        self
    }
}

/// The router of the API.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/api/v1/check", post(check))
        .route("/api/v1/triage", post(triage))
        .route("/api/v1/login", post(api::login))
        .route("/api/v1/logout", post(api::logout))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/teams", get(api::teams).post(api::create_team))
        .route("/api/v1/users", get(api::users).post(api::create_user))
        .route("/api/v1/tokens", get(api::tokens).post(api::create_token))
        .route("/api/v1/tokens/{id}", delete(api::delete_token))
        .route("/api/v1/draft", post(api::draft))
        .route("/api/v1/cases", get(api::cases).post(api::open_case))
        .route("/api/v1/cases/{id}", get(api::case))
        .route("/api/v1/cases/{id}/replies", post(api::reply))
        .route("/api/v1/cases/{id}/messages", post(api::message))
        .route("/api/v1/cases/{id}/close", post(api::close))
        .route("/api/v1/followups", get(api::followups))
        .route("/api/v1/followups/{id}/done", post(api::followup_done))
        .route("/api/v1/reports", get(api::reports))
        .route("/api/v1/exemplars", get(api::exemplars).post(api::star))
        .route("/api/v1/exemplars/{id}", delete(api::unstar))
        .merge(web::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serve the API on `listener` until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(no_delay(listener), app(state)).await
}

/// Send each answer as soon as it is written: with Nagle's algorithm on, the tail of an answer
/// can wait for the client's delayed ACK, and the live check is meant to feel instant.
fn no_delay(
    listener: TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = std::net::SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        // A socket that refuses the option still works, only slower.
        let _ = tcp.set_nodelay(true);
    })
}

/// Serve the API on `listener` until `shutdown` completes, then finish the requests under way
/// and close the store's connections.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let result = axum::serve(no_delay(listener), app(state))
        .with_graceful_shutdown(shutdown)
        .await;
    if let Some(store) = store {
        store.close().await;
    }
    result
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tact",
        description = "Check customer-service apologies and bad-news replies; triage customers' messages."
    ),
    paths(
        healthz,
        check,
        triage,
        api::login,
        api::logout,
        api::me,
        api::teams,
        api::create_team,
        api::users,
        api::create_user,
        api::tokens,
        api::create_token,
        api::delete_token,
        api::draft,
        api::cases,
        api::open_case,
        api::case,
        api::reply,
        api::message,
        api::close,
        api::followups,
        api::followup_done,
        api::reports,
        api::exemplars,
        api::star,
        api::unstar,
    ),
    components(schemas(
        Health,
        CheckRequest,
        TriageRequest,
        CheckOutput,
        TriageOutput,
        ErrorBody
    )),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

/// The two ways to sign requests: `Authorization: Bearer <token>` and the session cookie.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (`tact tokens create`, POST /api/v1/tokens) or the session \
                         token from POST /api/v1/login",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}

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

/// Whether the server and its database are ready: 200 when a query reaches the database,
/// 503 when it does not (the reason goes to the server's log, not to the caller).
#[utoipa::path(
    get,
    path = "/healthz",
    responses(
        (status = 200, body = Health),
        (status = 503, body = ErrorBody, description = "The database does not answer"),
    )
)]
async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    if let Some(store) = &state.store {
        if let Err(e) = store.schema_version().await {
            eprintln!("tact serve: health check: {e}");
            return Err(ApiError::Unavailable);
        }
    }
    Ok(Json(Health { status: "ok" }))
}

/// Check a reply: components, anti-patterns, diagnostics with spans, and a 0–100 score.
///
/// The answer has the shape of `tact check --format json` for one reply.
#[utoipa::path(
    post,
    path = "/api/v1/check",
    request_body = CheckRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = CheckOutput),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "Not signed in (when the server has a database)", body = ErrorBody),
        (status = 413, description = "The body is over 1 MB", body = ErrorBody),
        (status = 415, description = "Not `Content-Type: application/json`", body = ErrorBody),
        (status = 422, description = "Empty text, unknown fields, or an unknown situation or channel", body = ErrorBody),
        (status = 500, body = ErrorBody),
    )
)]
async fn check(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    JsonBody(req): JsonBody<CheckRequest>,
) -> Result<Json<Value>, ApiError> {
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
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = TriageOutput),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "Not signed in (when the server has a database)", body = ErrorBody),
        (status = 413, description = "The body is over 1 MB", body = ErrorBody),
        (status = 415, description = "Not `Content-Type: application/json`", body = ErrorBody),
        (status = 422, description = "Empty text or unknown fields", body = ErrorBody),
        (status = 500, body = ErrorBody),
    )
)]
async fn triage(
    _caller: MaybeCaller,
    JsonBody(req): JsonBody<TriageRequest>,
) -> Result<Json<Value>, ApiError> {
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
pub(crate) fn parse_field<T>(field: &'static str, value: Option<&str>) -> Result<T, ApiError>
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
