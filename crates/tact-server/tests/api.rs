//! The API over real HTTP: each test starts the server on a free port, with a fresh SQLite
//! database, and talks to it.

mod common;

use common::{spawn, Srv};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn post_raw(srv: &Srv, path: &str, body: impl Into<reqwest::Body>) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .post(format!("{srv}{path}"))
        .header("content-type", "application/json")
        .bearer_auth(&srv.token)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn post(srv: &Srv, path: &str, body: Value) -> (StatusCode, Value) {
    post_raw(srv, path, body.to_string()).await
}

#[tokio::test]
async fn health() {
    let base = spawn().await;
    let res = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"status": "ok"}));
}

#[tokio::test]
async fn check_flags_a_generic_apology_with_its_span() {
    let base = spawn().await;
    let text = "Sorry for any inconvenience.";
    let (status, doc) = post(&base, "/api/v1/check", json!({"text": text})).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    for field in [
        "id",
        "score",
        "situation",
        "channel",
        "components",
        "missing",
        "anti_patterns",
        "diagnostics",
        "evidence",
        "breakdown",
    ] {
        assert!(doc.get(field).is_some(), "no `{field}` in {doc}");
    }
    assert_eq!(doc["situation"], "our_fault");
    assert_eq!(doc["channel"], "email");
    let anti: Vec<&str> = doc["anti_patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(anti.contains(&"generic"), "{doc}");
    let diag = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "generic")
        .unwrap_or_else(|| panic!("no generic diagnostic in {doc}"));
    let (start, end) = (
        diag["start"].as_u64().unwrap() as usize,
        diag["end"].as_u64().unwrap() as usize,
    );
    assert!(start < end && end <= text.len(), "{diag}");
    assert!(text[start..end].contains("inconvenience"), "{diag}");
}

#[tokio::test]
async fn check_takes_situation_and_channel_and_echoes_the_id() {
    let base = spawn().await;
    let (status, doc) = post(
        &base,
        "/api/v1/check",
        json!({"text": "Sorry about that, we will fix it today.", "situation": "policy_no",
               "channel": "chat", "id": 7}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["situation"], "policy_no");
    assert_eq!(doc["channel"], "chat");
    assert_eq!(doc["id"], 7);
}

#[tokio::test]
async fn triage_reads_an_angry_message() {
    let base = spawn().await;
    let (status, doc) = post(
        &base,
        "/api/v1/triage",
        json!({"text": "This is the THIRD time my order arrived broken. I am furious and I want a refund NOW!"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["sentiment"]["label"], "negative", "{doc}");
    assert!(doc["emotions"]["anger"].as_f64().unwrap() > 0.5, "{doc}");
    assert_eq!(doc["complaint"]["is_complaint"], true, "{doc}");
}

#[tokio::test]
async fn malformed_json_is_400() {
    let base = spawn().await;
    let (status, doc) = post_raw(&base, "/api/v1/check", "{\"text\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        doc["error"].as_str().unwrap().contains("not valid JSON"),
        "{doc}"
    );
}

#[tokio::test]
async fn unknown_channel_is_422_naming_the_field() {
    let base = spawn().await;
    let (status, doc) = post(
        &base,
        "/api/v1/check",
        json!({"text": "Sorry.", "channel": "pigeon"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let msg = doc["error"].as_str().unwrap();
    assert!(msg.contains("channel") && msg.contains("pigeon"), "{doc}");
}

#[tokio::test]
async fn unknown_situation_and_empty_text_are_422() {
    let base = spawn().await;
    let (status, doc) = post(
        &base,
        "/api/v1/check",
        json!({"text": "Sorry.", "situation": "meteor"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        doc["error"].as_str().unwrap().contains("situation"),
        "{doc}"
    );
    for path in ["/api/v1/check", "/api/v1/triage"] {
        let (status, doc) = post(&base, path, json!({"text": "  \n"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(doc["error"].as_str().unwrap().contains("empty"), "{doc}");
    }
    let (status, doc) = post(&base, "/api/v1/triage", json!({"message": "hi"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(doc["error"].is_string(), "{doc}");
}

#[tokio::test]
async fn oversize_body_is_413() {
    let base = spawn().await;
    let body = json!({"text": "a".repeat(tact_server::BODY_LIMIT + 1)}).to_string();
    let (status, doc) = post_raw(&base, "/api/v1/check", body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(doc["error"].is_string(), "{doc}");
}

#[tokio::test]
async fn unknown_route_is_404_json() {
    let base = spawn().await;
    let res = reqwest::get(format!("{base}/api/v1/nope")).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["error"].is_string(), "{doc}");
    let res = reqwest::get(format!("{base}/api/v1/check")).await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    // A truncated body is a syntax error (400), not a body with the wrong fields.
    for body in ["[1", "{\"text\":", "{\"text\": \"hi\"} x"] {
        let (status, doc) = post_raw(&base, "/api/v1/check", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {doc}");
    }
    assert!(res.json::<Value>().await.unwrap()["error"].is_string());
}

#[tokio::test]
async fn openapi_lists_the_paths() {
    let base = spawn().await;
    let res = reqwest::get(format!("{base}/openapi.json")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{doc}");
    for path in ["/healthz", "/api/v1/check", "/api/v1/triage"] {
        assert!(doc["paths"].get(path).is_some(), "no {path} in {doc}");
    }
    let check = &doc["components"]["schemas"]["CheckOutput"];
    assert!(check["properties"].get("diagnostics").is_some(), "{check}");
    // `id` echoes whatever the caller sent: any JSON value, not only objects.
    assert!(check["properties"]["id"].get("type").is_none(), "{check}");
}
