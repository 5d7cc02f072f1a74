//! The web workspace: a static single-page UI (HTML, CSS and JavaScript modules) compiled into
//! the binary and served at `/` and `/assets/...`.
//!
//! The files need no build step and load nothing from other origins; every answer carries a
//! strict Content-Security-Policy. Pages route with the URL fragment (`/#/cases/12`), so `/` is
//! the only HTML document. Assets are revalidated with an `ETag` so a new binary never serves a
//! stale script.

use axum::extract::Path;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The policy of every page and asset: only this origin's scripts, styles, images and API.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

/// An embedded file of `web/` with its content type.
macro_rules! asset {
    ($name:literal, $content_type:expr) => {
        Asset {
            name: $name,
            content_type: $content_type,
            body: include_bytes!(concat!("../web/", $name)),
        }
    };
}

const INDEX: Asset = asset!("index.html", "text/html; charset=utf-8");

const JS: &str = "text/javascript; charset=utf-8";

/// The files under `/assets/`.
const ASSETS: &[Asset] = &[
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("app.js", JS),
    asset!("api.js", JS),
    asset!("text.js", JS),
    asset!("charts.js", JS),
    asset!("composer.js", JS),
    asset!("dom.js", JS),
    asset!("favicon.svg", "image/svg+xml"),
];

/// The routes of the UI: `/`, `/index.html` and `/assets/{file}`. They need no sign-in.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/favicon.ico", get(favicon))
        .route("/assets/{file}", get(asset))
}

async fn index(headers: HeaderMap) -> Response {
    serve(&INDEX, &headers)
}

async fn favicon(headers: HeaderMap) -> Response {
    match ASSETS.iter().find(|a| a.name == "favicon.svg") {
        Some(a) => serve(a, &headers),
        None => not_found(),
    }
}

async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Response {
    match ASSETS.iter().find(|a| a.name == file) {
        Some(a) => serve(a, &headers),
        None => not_found(),
    }
}

fn not_found() -> Response {
    crate::ApiError::NotFound.into_response()
}

/// The answer for one file: the body, or 304 when the browser's copy is current.
fn serve(asset: &Asset, request: &HeaderMap) -> Response {
    let etag = etag(asset);
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut headers = security_headers();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    (StatusCode::OK, headers, asset.body).into_response()
}

/// A strong validator of the file's bytes (stable across runs of the same binary).
fn etag(asset: &Asset) -> String {
    let mut h = DefaultHasher::new();
    asset.name.hash(&mut h);
    asset.body.hash(&mut h);
    format!("\"{:016x}\"", h.finish())
}

fn security_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h
}
