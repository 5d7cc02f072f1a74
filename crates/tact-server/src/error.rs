//! The one error type of the API.

use crate::ErrorBody;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Everything a request can fail with. Each variant maps to one status; the message says what
/// the caller can change and never carries internal details.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the request body does not have the expected fields: {0}")]
    InvalidBody(String),
    #[error("the request needs `Content-Type: application/json`")]
    NotJson,
    #[error("the request body is over the limit of {} bytes", crate::BODY_LIMIT)]
    TooLarge,
    #[error("the request body could not be read")]
    Unreadable,
    #[error("`text` is empty")]
    EmptyText,
    #[error("`{field}`: {message}")]
    UnknownId {
        field: &'static str,
        message: String,
    },
    #[error("no such endpoint; see /openapi.json")]
    NotFound,
    #[error("this endpoint does not take that method; see /openapi.json")]
    MethodNotAllowed,
    #[error("sign in: send `Authorization: Bearer <token>` or the tact_session cookie")]
    Unauthorized,
    #[error("sign in failed: unknown login or wrong password")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    Missing(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    BadQuery(String),
    #[error("{0}")]
    Conflict(String),
    #[error("this server runs without a database")]
    NoStore,
    #[error("the database does not answer")]
    Unavailable,
    #[error("internal error")]
    Internal,
}

impl From<tact_store::StoreError> for ApiError {
    fn from(e: tact_store::StoreError) -> Self {
        use tact_store::StoreError as E;
        match e {
            E::NoCase(_) | E::NoFollowup(_) => ApiError::Missing(e.to_string()),
            E::Invalid(m) => ApiError::Invalid(m),
            E::Conflict(m) => ApiError::Conflict(m),
            other => {
                // The detail goes to the server's log, never to the caller.
                eprintln!("tact serve: database error: {other}");
                ApiError::Internal
            }
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            ApiError::Unreadable => StatusCode::BAD_REQUEST,
            ApiError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidBody(_) | ApiError::EmptyText | ApiError::UnknownId { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::NotFound | ApiError::Missing(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::NoStore | ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonSyntaxError(e) => ApiError::MalformedJson(serde_cause(&e)),
            JsonRejection::JsonDataError(e) => ApiError::InvalidBody(serde_cause(&e)),
            JsonRejection::MissingJsonContentType(_) => ApiError::NotJson,
            JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::TooLarge
            }
            _ => ApiError::Unreadable,
        }
    }
}

/// The serde message under an axum rejection (line, column and what was expected), without
/// axum's own wording around it.
pub(crate) fn serde_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.to_string(),
        };
        (self.status(), Json(body)).into_response()
    }
}
