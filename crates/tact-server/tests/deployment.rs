//! How the server behaves as a deployment: `/healthz` follows the database, and several servers
//! over one PostgreSQL database serve the same team's work.

mod common;

use common::{get, listen, post, spawn, spawn_on};
use reqwest::StatusCode;
use serde_json::json;
use tact_store::testing::TestDb;
use tact_store::Store;

#[tokio::test]
async fn healthz_answers_503_once_the_database_is_gone() {
    let srv = spawn().await;
    let res = reqwest::get(format!("{srv}/healthz")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap(),
        json!({"status": "ok"})
    );

    // The test's handle shares the server's pool: closing it takes the database away.
    srv.store.close().await;
    let res = reqwest::get(format!("{srv}/healthz")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let doc: serde_json::Value = res.json().await.unwrap();
    let error = doc["error"].as_str().unwrap();
    assert!(error.contains("database"), "{doc}");
    assert!(!error.contains("pool"), "internal detail leaked: {doc}");
}

#[tokio::test]
async fn two_servers_over_one_postgres_database_share_cases_tokens_and_sessions() {
    let Some(db) = TestDb::postgres().await.unwrap() else {
        eprintln!("TACT_TEST_POSTGRES_URL is not set: skipped");
        return;
    };
    let a = spawn_on(db).await;
    let b = listen(Store::open(&a.url).await.unwrap()).await;

    // A case opened on one server is on the other, for the same team only.
    let (status, doc) = post(
        &a,
        "/api/v1/cases",
        &a.ana,
        json!({"message": "My parcel never came and nobody answers the phone.", "customer": "Dana"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let id = doc["case"]["id"].as_i64().unwrap();
    let on_b = |path: String, token: String| {
        let b = b.clone();
        async move {
            let res = reqwest::Client::new()
                .get(format!("{b}{path}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            (
                res.status(),
                res.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let (status, doc) = on_b(format!("/api/v1/cases/{id}"), a.ana.clone()).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["case"]["customer"], "Dana");
    let (status, _) = on_b(format!("/api/v1/cases/{id}"), a.bo.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A reply sent through the second server shows on the first, with its follow-up.
    let res = reqwest::Client::new()
        .post(format!("{b}/api/v1/cases/{id}/replies"))
        .bearer_auth(&a.ana)
        .json(&json!({"text": "Hi Dana, I'm sorry your parcel never came. I'll call you tomorrow with the tracking result."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (status, doc) = get(&a, &format!("/api/v1/cases/{id}"), &a.ana).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["messages"].as_array().unwrap().len(), 2, "{doc}");
    assert_eq!(doc["followups"].as_array().unwrap().len(), 1, "{doc}");

    // A session started on one server is good on the other; signing out on it ends it on both.
    let (status, doc) = common::call(
        &a,
        reqwest::Method::POST,
        "/api/v1/login",
        None,
        Some(json!({"login": "lee", "password": "lee-password"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    let session = doc["token"].as_str().unwrap().to_string();
    let (status, doc) = on_b("/api/v1/me".into(), session.clone()).await;
    assert_eq!(
        (status, doc["login"].as_str()),
        (StatusCode::OK, Some("lee"))
    );
    let res = reqwest::Client::new()
        .post(format!("{b}/api/v1/logout"))
        .bearer_auth(&session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, _) = get(&a, "/api/v1/me", &session).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
