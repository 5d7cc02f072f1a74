//! The workspace endpoints: signing in, teams, users and tokens, drafts, cases, follow-ups,
//! reports and exemplary replies. Every one needs a signed-in caller; an agent sees only their
//! team's work, and another team's case answers 404 so that ids do not leak.

use crate::extract::{store, Caller, Id, JsonBody, OptionalJson, Params, SESSION_COOKIE};
use crate::schema::*;
use crate::{parse_field, ApiError, AppState, CheckOutput, ErrorBody, TriageOutput};
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use tact_core::compose::{CaseFacts, Fact};
use tact_core::promises::extract as extract_promises;
use tact_core::{Channel, CheckInput, Situation};
use tact_store::{
    Bucket, CaseFilter, CheckRecord, Closing, FollowupFilter, NewCase, NewPromise, NewReply,
    NewUser, ReportScope, Role, TokenKind,
};

/// How long a session from signing in lasts.
const SESSION_HOURS: i64 = 12;

fn cookie(secret: &str, max_age: i64) -> String {
    format!("{SESSION_COOKIE}={secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}")
}

/// Run CPU-heavy engine work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::Internal)?
}

fn no_case(id: i64) -> ApiError {
    ApiError::Missing(format!("no case {id}"))
}

/// The case's team, when the caller may see it; 404 otherwise.
async fn visible_case(state: &AppState, caller: &Caller, id: i64) -> Result<(), ApiError> {
    match store(state)?.case_team(id).await? {
        Some(team) if caller.sees(team) => Ok(()),
        _ => Err(no_case(id)),
    }
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------- sign in

#[utoipa::path(
    post,
    path = "/api/v1/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = LoginOutput, description = "Signed in; also sets the `tact_session` cookie"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody, description = "Unknown login or wrong password"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<LoginRequest>,
) -> Result<Response, ApiError> {
    let store = store(&state)?;
    let Some(user) = store.check_password(&req.login, &req.password).await? else {
        return Err(ApiError::BadCredentials);
    };
    let (_, secret) = store
        .create_token(
            user.id,
            TokenKind::Session,
            "web session",
            Some(Timestamp::now() + SESSION_HOURS.hours()),
        )
        .await?;
    let body = Json(json!({ "user": user, "token": secret }));
    Ok(([(SET_COOKIE, cookie(&secret, SESSION_HOURS * 3600))], body).into_response())
}

#[utoipa::path(
    post,
    path = "/api/v1/logout",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "The session is revoked and the cookie cleared"),
        (status = 401, body = ErrorBody), (status = 500, body = ErrorBody),
    )
)]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    if caller.token.kind == TokenKind::Session {
        store(&state)?
            .delete_token(caller.user.id, caller.token.id)
            .await?;
    }
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie("", 0))]).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = UserDoc), (status = 401, body = ErrorBody), (status = 500, body = ErrorBody))
)]
pub async fn me(caller: Caller) -> Json<Value> {
    Json(json!(caller.user))
}

// ---------------------------------------------------------------- teams, users, tokens

#[utoipa::path(
    get,
    path = "/api/v1/teams",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = TeamList), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Not an admin"), (status = 500, body = ErrorBody),
    )
)]
pub async fn teams(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.require(Role::Admin)?;
    Ok(Json(json!({ "teams": store(&state)?.teams().await? })))
}

#[utoipa::path(
    post,
    path = "/api/v1/teams",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    request_body = NewTeamRequest,
    responses(
        (status = 201, body = TeamDoc), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "A team of that name exists"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn create_team(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<NewTeamRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Role::Admin)?;
    let team = store(&state)?.create_team(&req.name).await?;
    Ok((StatusCode::CREATED, Json(json!(team))))
}

#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = UserList, description = "Everyone for an admin; the team for a lead"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "An agent"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn users(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, ApiError> {
    caller.require(Role::Lead)?;
    let team = (!caller.is_admin()).then_some(caller.user.team.id);
    Ok(Json(json!({ "users": store(&state)?.users(team).await? })))
}

#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    request_body = NewUserRequest,
    responses(
        (status = 201, body = UserDoc), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "The login is taken"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Unknown role or team, bad login, short password"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<NewUserRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Role::Admin)?;
    let store = store(&state)?;
    let role = Role::parse(&req.role).ok_or_else(|| {
        ApiError::Invalid(format!(
            "`role`: `{}` is not agent, lead or admin",
            req.role
        ))
    })?;
    let team = match &req.team {
        Value::Number(n) => match n.as_i64() {
            Some(id) => store.team(id).await?,
            None => None,
        },
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(id) => store.team(id).await?,
            Err(_) => store.team_by_name(s).await?,
        },
        _ => return Err(ApiError::Invalid("`team`: give a team's name or id".into())),
    }
    .ok_or_else(|| ApiError::Invalid(format!("`team`: no team {}", req.team)))?;
    let user = store
        .create_user(&NewUser {
            login: req.login,
            name: nonempty(req.name),
            password: req.password,
            role,
            team_id: team.id,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!(user))))
}

#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = NewTokenRequest,
    responses(
        (status = 201, body = NewTokenOutput, description = "The token, shown this once"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 500, body = ErrorBody),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<NewTokenRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let name = req.name.trim();
    if name.is_empty() {
        return Err(ApiError::Invalid(
            "`name`: say what the token is for".into(),
        ));
    }
    let (info, secret) = store(&state)?
        .create_token(caller.user.id, TokenKind::Api, name, None)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": info.id, "name": info.name, "token": secret })),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody), (status = 500, body = ErrorBody))
)]
pub async fn tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Value>, ApiError> {
    let list = store(&state)?
        .tokens(caller.user.id, Timestamp::now())
        .await?;
    Ok(Json(json!({ "tokens": list })))
}

#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Deleted"), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such token of the caller's"), (status = 500, body = ErrorBody),
    )
)]
pub async fn delete_token(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    if store(&state)?.delete_token(caller.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Missing(format!("no token {id}")))
    }
}

// ---------------------------------------------------------------- draft

#[utoipa::path(
    post,
    path = "/api/v1/draft",
    tag = "engine",
    security(("bearer" = []), ("cookie" = [])),
    request_body = DraftRequest,
    responses(
        (status = 200, body = DraftOutput), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such case (or another team's)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Unknown situation or channel"), (status = 500, body = ErrorBody),
    )
)]
pub async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<DraftRequest>,
) -> Result<Json<Value>, ApiError> {
    let mut facts = CaseFacts::default();
    if let Some(id) = req.case_id {
        visible_case(&state, &caller, id).await?;
        let store = store(&state)?;
        let case = store.case(id).await?;
        if let Some(s) = case.situation.as_deref().and_then(|s| s.parse().ok()) {
            facts.situation = s;
        }
        if let Ok(c) = case.channel.parse() {
            facts.channel = c;
        }
        facts.customer_name = case.customer.clone();
        facts.customer_message = store.first_inbound(id).await?;
    }
    if req.situation.is_some() {
        facts.situation = parse_field::<Situation>("situation", req.situation.as_deref())?;
    }
    if req.channel.is_some() {
        facts.channel = parse_field::<Channel>("channel", req.channel.as_deref())?;
    }
    facts.agent_name = Some(caller.user.display_name().to_string());
    let given = [
        (Fact::CustomerName, req.customer_name),
        (Fact::AgentName, req.agent_name),
        (Fact::Problem, req.problem),
        (Fact::Cause, req.cause),
        (Fact::Remedy, req.remedy),
        (Fact::Timeframe, req.timeframe),
        (Fact::FollowUp, req.follow_up),
        (Fact::Prevention, req.prevention),
        (Fact::Goodwill, req.goodwill),
        (Fact::CustomerMessage, req.customer_message),
    ];
    for (fact, value) in given {
        if let Some(v) = nonempty(value) {
            facts.set(fact, Some(v));
        }
    }
    let options: Vec<String> = req
        .options
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect();
    if !options.is_empty() {
        facts.options = options;
    }
    if facts.company.is_none() {
        facts.company = state.company.clone();
    }
    let checker = Arc::clone(&state.checker);
    let composer = Arc::clone(&state.composer);
    let placeholders = req.placeholders.unwrap_or(false);
    let seed = req.seed.unwrap_or(0);
    blocking(move || {
        let drafts = composer
            .variants(&checker, &facts, 1, seed, placeholders)
            .map_err(|e| ApiError::Invalid(e.to_string()))?;
        let d = drafts.first().ok_or(ApiError::Internal)?;
        Ok(Json(json!({
            "text": d.text,
            "template": d.template,
            "missing_facts": d.missing_facts,
            "check": CheckOutput::new(Value::Null, &d.report),
        })))
    })
    .await
}

// ---------------------------------------------------------------- cases

#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    security(("bearer" = []), ("cookie" = [])),
    params(CaseQuery),
    responses(
        (status = 200, body = CaseList), (status = 400, body = ErrorBody, description = "A bad query value"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "`team` of another team"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn cases(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<CaseQuery>,
) -> Result<Json<Value>, ApiError> {
    let status = match q.status.as_deref().unwrap_or("all") {
        "all" => None,
        s @ ("open" | "closed") => Some(s.to_string()),
        other => {
            return Err(ApiError::BadQuery(format!(
                "`status`: `{other}` is not open, closed or all"
            )))
        }
    };
    let team_id = match (caller.is_admin(), q.team) {
        (true, t) => t,
        (false, Some(t)) if t != caller.user.team.id => {
            return Err(ApiError::Forbidden("an agent sees only their own team"))
        }
        (false, _) => Some(caller.user.team.id),
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadQuery(format!(
            "`limit`: {limit} is not between 1 and 500"
        )));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(ApiError::BadQuery(format!(
            "`offset`: {offset} is negative"
        )));
    }
    let list = store(&state)?
        .cases(&CaseFilter {
            team_id,
            status,
            limit,
            offset,
        })
        .await?;
    Ok(Json(json!({ "cases": list })))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases",
    tag = "cases",
    security(("bearer" = []), ("cookie" = [])),
    request_body = NewCaseRequest,
    responses(
        (status = 201, body = OpenedCase), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A case with that external_id exists"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Empty message, unknown situation or channel"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn open_case(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<NewCaseRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if req.message.trim().is_empty() {
        return Err(ApiError::Invalid("`message` is empty".into()));
    }
    let situation = match req.situation.as_deref() {
        Some(_) => Some(parse_field::<Situation>(
            "situation",
            req.situation.as_deref(),
        )?),
        None => None,
    };
    let channel = parse_field::<Channel>("channel", req.channel.as_deref())?;
    let store = store(&state)?;
    let external_id = nonempty(req.external_id);
    if let Some(ext) = &external_id {
        if store.find_external(ext).await?.is_some() {
            return Err(ApiError::Conflict(format!(
                "`external_id`: a case `{ext}` already exists"
            )));
        }
    }
    let text = req.message.clone();
    let (triage_doc, triage) = blocking(move || {
        let t = tact_core::triage::triage(&text).map_err(|_| ApiError::Internal)?;
        let doc = serde_json::to_value(TriageOutput {
            id: Value::Null,
            triage: &t,
        })
        .map_err(|_| ApiError::Internal)?;
        let record = tact_store::Triage {
            category: Some(t.category.id().to_string()),
            urgency: Some(t.urgency.id().to_string()),
            situation: Some(t.situation.id().to_string()),
            details: serde_json::to_value(&t).map_err(|_| ApiError::Internal)?,
        };
        Ok((doc, record))
    })
    .await?;
    let case = store
        .open_case_in(
            Some(caller.user.team.id),
            &NewCase {
                external_id,
                customer: nonempty(req.customer),
                channel: channel.id().to_string(),
                opened_at: Timestamp::now(),
                situation: situation.map(|s| s.id().to_string()),
                triage: Some(triage),
                message: Some(req.message),
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "case": case, "triage": triage_doc })),
    ))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    tag = "cases",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The case number")),
    responses(
        (status = 200, body = CaseDetail), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such case (or another team's)"), (status = 500, body = ErrorBody),
    )
)]
pub async fn case(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    visible_case(&state, &caller, id).await?;
    let t = store(&state)?.timeline(id, Timestamp::now()).await?;
    Ok(Json(json!(t)))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/replies",
    tag = "cases",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The case number")),
    request_body = ReplyRequest,
    responses(
        (status = 201, body = ReplyOutput), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such case (or another team's)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Empty text, unknown situation or channel"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonBody(req): JsonBody<ReplyRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::EmptyText);
    }
    visible_case(&state, &caller, id).await?;
    let store = store(&state)?;
    let case = store.case(id).await?;
    let situation = match req.situation.as_deref() {
        Some(_) => parse_field::<Situation>("situation", req.situation.as_deref())?,
        None => case
            .situation
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default(),
    };
    let channel = match req.channel.as_deref() {
        Some(_) => parse_field::<Channel>("channel", req.channel.as_deref())?,
        None => case.channel.parse().unwrap_or_default(),
    };
    let customer = store.first_inbound(id).await?;
    let checker = Arc::clone(&state.checker);
    let calendar = Arc::clone(&state.calendar);
    let sent = Timestamp::now();
    let text = req.text.clone();
    let (doc, record, promises) = blocking(move || {
        let report = checker.check(&CheckInput {
            text: &text,
            situation,
            channel,
            customer: customer.as_deref(),
        });
        let promises: Vec<NewPromise> = extract_promises(&text, sent, &calendar)
            .iter()
            .map(NewPromise::from)
            .collect();
        let doc = serde_json::to_value(CheckOutput::new(Value::Null, &report))
            .map_err(|_| ApiError::Internal)?;
        Ok((doc, CheckRecord::from_report(&report), promises))
    })
    .await?;
    let outcome = store
        .add_reply(
            id,
            &NewReply {
                body: req.text,
                author: Some(caller.user.login.clone()),
                sent_at: sent,
                check: record,
                promises,
                first_response_target_secs: Some(state.first_response_target_secs),
            },
        )
        .await?;
    let followups: Vec<_> = store
        .case_followups(id, sent)
        .await?
        .into_iter()
        .filter(|f| f.message_id == outcome.message_id)
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "message_id": outcome.message_id,
            "check": doc,
            "followups": followups,
            "first_response_secs": outcome.first_response_secs,
        })),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/messages",
    tag = "cases",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The case number")),
    request_body = MessageRequest,
    responses(
        (status = 201, body = MessageCreated), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such case (or another team's)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Empty text"), (status = 500, body = ErrorBody),
    )
)]
pub async fn message(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonBody(req): JsonBody<MessageRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::EmptyText);
    }
    visible_case(&state, &caller, id).await?;
    let store = store(&state)?;
    let case = store.case(id).await?;
    let message_id = store
        .add_inbound(id, case.customer.as_deref(), Timestamp::now(), &req.text)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "message_id": message_id })),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/close",
    tag = "cases",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The case number")),
    request_body = CloseRequest,
    responses(
        (status = 200, body = CaseDoc), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such case (or another team's)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Empty resolution, satisfaction out of 1-5, case already closed"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonBody(req): JsonBody<CloseRequest>,
) -> Result<Json<Value>, ApiError> {
    if req.resolution.trim().is_empty() {
        return Err(ApiError::Invalid(
            "`resolution`: say how the case ended".into(),
        ));
    }
    visible_case(&state, &caller, id).await?;
    let case = store(&state)?
        .close_case(
            id,
            &Closing {
                resolution: req.resolution.trim().to_string(),
                satisfaction: req.satisfaction,
                root_cause: nonempty(req.root_cause),
                prevention: nonempty(req.prevention),
                at: Timestamp::now(),
            },
        )
        .await?;
    Ok(Json(json!(case)))
}

// ---------------------------------------------------------------- follow-ups

#[utoipa::path(
    get,
    path = "/api/v1/followups",
    tag = "followups",
    security(("bearer" = []), ("cookie" = [])),
    params(FollowupQuery),
    responses(
        (status = 200, body = FollowupList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn followups(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<FollowupQuery>,
) -> Result<Json<Value>, ApiError> {
    let now = Timestamp::now();
    let author = match q.scope.as_deref().unwrap_or("team") {
        "team" => None,
        "mine" => Some(caller.user.login.clone()),
        other => {
            return Err(ApiError::BadQuery(format!(
                "`scope`: `{other}` is not mine or team"
            )))
        }
    };
    let due_before = match q.state.as_deref().unwrap_or("due") {
        "due" => Some(now + 24.hours()),
        "all" => None,
        other => {
            return Err(ApiError::BadQuery(format!(
                "`state`: `{other}` is not due or all"
            )))
        }
    };
    let team_id = (!caller.is_admin()).then_some(caller.user.team.id);
    let list = store(&state)?
        .followups_where(
            &FollowupFilter {
                team_id,
                author,
                due_before,
            },
            now,
        )
        .await?;
    Ok(Json(json!({ "followups": list })))
}

#[utoipa::path(
    post,
    path = "/api/v1/followups/{id}/done",
    tag = "followups",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = i64, Path, description = "The follow-up's id")),
    request_body(content = DoneRequest, description = "Optional"),
    responses(
        (status = 200, body = FollowupDoc), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such follow-up (or another team's)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Already done"), (status = 500, body = ErrorBody),
    )
)]
pub async fn followup_done(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    OptionalJson(req): OptionalJson<DoneRequest>,
) -> Result<Json<Value>, ApiError> {
    let store = store(&state)?;
    match store.followup_team(id).await? {
        Some(team) if caller.sees(team) => {}
        _ => return Err(ApiError::Missing(format!("no follow-up {id}"))),
    }
    let note = nonempty(req.note);
    let f = store
        .complete_followup(id, note.as_deref(), Timestamp::now())
        .await?;
    Ok(Json(json!(f)))
}

// ---------------------------------------------------------------- reports

fn time_param(field: &str, v: Option<&str>) -> Result<Option<Timestamp>, ApiError> {
    v.map(|v| {
        v.trim().parse::<Timestamp>().map_err(|_| {
            ApiError::BadQuery(format!(
                "`{field}`: `{v}` is not an RFC 3339 time such as 2026-11-23T09:30:00Z"
            ))
        })
    })
    .transpose()
}

#[utoipa::path(
    get,
    path = "/api/v1/reports",
    tag = "reports",
    security(("bearer" = []), ("cookie" = [])),
    params(ReportQuery),
    responses(
        (status = 200, body = ReportDoc),
        (status = 400, body = ErrorBody, description = "A bad time, bucket or team"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "An agent, or a lead asking for another team"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn reports(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<ReportQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.require(Role::Lead)?;
    let since = time_param("since", q.since.as_deref())?;
    let now = time_param("until", q.until.as_deref())?.unwrap_or_else(Timestamp::now);
    let bucket = match q.bucket.as_deref() {
        None => Bucket::Day,
        Some(b) => Bucket::parse(b)
            .ok_or_else(|| ApiError::BadQuery(format!("`bucket`: `{b}` is not day or week")))?,
    };
    let team_id = match (caller.is_admin(), q.team) {
        (true, t) => t,
        (false, Some(t)) if t != caller.user.team.id => {
            return Err(ApiError::Forbidden(
                "a lead sees only their own team's report",
            ))
        }
        (false, _) => Some(caller.user.team.id),
    };
    let scope = ReportScope {
        since,
        now,
        team_id,
        agent: nonempty(q.agent),
    };
    let store = store(&state)?;
    let report = store.report_scoped(&scope).await?;
    let b = store.report_breakdowns(&scope, bucket).await?;
    let mut doc = serde_json::to_value(&report).map_err(|_| ApiError::Internal)?;
    if let Value::Object(m) = &mut doc {
        m.insert("bucket".into(), json!(b.bucket));
        m.insert("series".into(), json!(b.series));
        m.insert("agents".into(), json!(b.agents));
        m.insert("teams".into(), json!(b.teams));
    }
    Ok(Json(doc))
}

// ---------------------------------------------------------------- exemplars

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExemplarQuery {
    /// An admin's choice of team (everyone else sees their own).
    pub team: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/exemplars",
    tag = "exemplars",
    security(("bearer" = []), ("cookie" = [])),
    params(ExemplarQuery),
    responses(
        (status = 200, body = ExemplarList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn exemplars(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<ExemplarQuery>,
) -> Result<Json<Value>, ApiError> {
    let team = if caller.is_admin() {
        q.team
    } else {
        Some(caller.user.team.id)
    };
    Ok(Json(
        json!({ "exemplars": store(&state)?.exemplars(team).await? }),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/exemplars",
    tag = "exemplars",
    security(("bearer" = []), ("cookie" = [])),
    request_body = StarRequest,
    responses(
        (status = 201, body = ExemplarDoc), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "An agent"),
        (status = 404, body = ErrorBody, description = "No such message (or another team's)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The customer's message, not a reply"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn star(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<StarRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Role::Lead)?;
    let store = store(&state)?;
    match store.message_place(req.message_id).await? {
        Some(p) if caller.sees(p.team_id) => {}
        _ => return Err(ApiError::Missing(format!("no message {}", req.message_id))),
    }
    let e = store
        .star(
            req.message_id,
            caller.user.id,
            req.note.as_deref(),
            Timestamp::now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!(e))))
}

#[utoipa::path(
    delete,
    path = "/api/v1/exemplars/{message_id}",
    tag = "exemplars",
    security(("bearer" = []), ("cookie" = [])),
    params(("message_id" = i64, Path, description = "The starred reply")),
    responses(
        (status = 204, description = "The star is off"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "An agent"),
        (status = 404, body = ErrorBody, description = "Not starred, no such message, or another team's"),
        (status = 500, body = ErrorBody),
    )
)]
pub async fn unstar(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<StatusCode, ApiError> {
    caller.require(Role::Lead)?;
    let store = store(&state)?;
    let visible = matches!(store.message_place(id).await?, Some(p) if caller.sees(p.team_id));
    if visible && store.unstar(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Missing(format!("no exemplary reply {id}")))
    }
}
