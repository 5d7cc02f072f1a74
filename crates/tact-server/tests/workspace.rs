//! The workspace endpoints over real HTTP, on a fresh SQLite database: signing in, roles, team
//! scoping, cases, replies and follow-ups, drafts, reports, exemplars, and bad input.

mod common;

use common::{call, delete, get, post, spawn, Srv};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn error_of(doc: &Value) -> &str {
    doc["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {doc}"))
}

async fn open_case(srv: &Srv, token: &str, message: &str) -> i64 {
    let (status, doc) = post(
        srv,
        "/api/v1/cases",
        token,
        json!({"message": message, "customer": "Dana"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    doc["case"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn sign_in_with_a_password_then_the_cookie_then_sign_out() {
    let srv = spawn().await;
    // Unknown login and wrong password answer alike.
    let (s1, d1) = call(
        &srv,
        Method::POST,
        "/api/v1/login",
        None,
        Some(json!({"login": "ana", "password": "wrong-password"})),
    )
    .await;
    let (s2, d2) = call(
        &srv,
        Method::POST,
        "/api/v1/login",
        None,
        Some(json!({"login": "nobody", "password": "ana-password"})),
    )
    .await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(d1, d2);

    let res = reqwest::Client::new()
        .post(format!("{srv}/api/v1/login"))
        .json(&json!({"login": "ana", "password": "ana-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    for part in ["tact_session=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["user"]["login"], "ana");
    assert_eq!(doc["user"]["role"], "agent");
    assert_eq!(doc["user"]["team"]["name"], "red");
    let token = doc["token"].as_str().unwrap().to_string();
    let pair = cookie.split(';').next().unwrap().to_string();

    // The cookie signs requests in, as does the token.
    let me = reqwest::Client::new()
        .get(format!("{srv}/api/v1/me"))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<Value>().await.unwrap()["login"], "ana");
    let (status, doc) = get(&srv, "/api/v1/me", &token).await;
    assert_eq!(status, StatusCode::OK, "{doc}");

    // Signing out revokes the session and clears the cookie.
    let out = reqwest::Client::new()
        .post(format!("{srv}/api/v1/logout"))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let cleared = out.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let (status, doc) = get(&srv, "/api/v1/me", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(error_of(&doc).starts_with("sign in"), "{doc}");
}

#[tokio::test]
async fn every_api_endpoint_refuses_without_or_with_a_bad_token() {
    let srv = spawn().await;
    let endpoints = [
        (Method::POST, "/api/v1/logout"),
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/teams"),
        (Method::POST, "/api/v1/teams"),
        (Method::GET, "/api/v1/users"),
        (Method::POST, "/api/v1/users"),
        (Method::GET, "/api/v1/tokens"),
        (Method::POST, "/api/v1/tokens"),
        (Method::DELETE, "/api/v1/tokens/1"),
        (Method::POST, "/api/v1/check"),
        (Method::POST, "/api/v1/triage"),
        (Method::POST, "/api/v1/draft"),
        (Method::GET, "/api/v1/cases"),
        (Method::POST, "/api/v1/cases"),
        (Method::GET, "/api/v1/cases/1"),
        (Method::POST, "/api/v1/cases/1/replies"),
        (Method::POST, "/api/v1/cases/1/messages"),
        (Method::POST, "/api/v1/cases/1/close"),
        (Method::GET, "/api/v1/followups"),
        (Method::POST, "/api/v1/followups/1/done"),
        (Method::GET, "/api/v1/reports"),
        (Method::GET, "/api/v1/exemplars"),
        (Method::POST, "/api/v1/exemplars"),
        (Method::DELETE, "/api/v1/exemplars/1"),
    ];
    for (method, path) in endpoints {
        let body = (method == Method::POST).then(|| json!({"text": "x"}));
        for token in [None, Some("tact_not-a-real-token"), Some("")] {
            let (status, doc) = call(&srv, method.clone(), path, token, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} {token:?}: {doc}"
            );
            assert!(error_of(&doc).starts_with("sign in"), "{doc}");
        }
    }
    // Open without signing in.
    for path in ["/healthz", "/openapi.json"] {
        let res = reqwest::get(format!("{srv}{path}")).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn admins_manage_teams_users_and_tokens() {
    let srv = spawn().await;
    let (status, doc) = get(&srv, "/api/v1/teams", &srv.token).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = doc["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["blue", "default", "red"]);
    for token in [&srv.ana, &srv.lee] {
        let (status, _) = get(&srv, "/api/v1/teams", token).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = post(&srv, "/api/v1/teams", token, json!({"name": "green"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, green) = post(&srv, "/api/v1/teams", &srv.token, json!({"name": "green"})).await;
    assert_eq!(status, StatusCode::CREATED, "{green}");
    let (status, _) = post(&srv, "/api/v1/teams", &srv.token, json!({"name": "green"})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Users: by team name or id; bad role, short password, unknown team are 422.
    let (status, user) = post(
        &srv,
        "/api/v1/users",
        &srv.token,
        json!({"login": "gus", "password": "gus-password", "role": "lead", "team": "green"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["team"]["id"], green["id"]);
    let (status, user) = post(
        &srv,
        "/api/v1/users",
        &srv.token,
        json!({"login": "gia", "name": "Gia", "password": "gia-password", "role": "agent",
               "team": green["id"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["name"], "Gia");
    for bad in [
        json!({"login": "x1", "password": "long-enough", "role": "boss", "team": "green"}),
        json!({"login": "x2", "password": "short", "role": "agent", "team": "green"}),
        json!({"login": "x3", "password": "long-enough", "role": "agent", "team": "mauve"}),
        json!({"login": "x4", "password": "long-enough", "role": "agent", "team": [1]}),
    ] {
        let (status, doc) = post(&srv, "/api/v1/users", &srv.token, bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {doc}");
    }
    let (status, _) = post(
        &srv,
        "/api/v1/users",
        &srv.token,
        json!({"login": "gus", "password": "gus-password", "role": "lead", "team": "green"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post(
        &srv,
        "/api/v1/users",
        &srv.lee,
        json!({"login": "z", "password": "z-password", "role": "agent", "team": "red"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A lead sees their team; an agent nobody; an admin everyone.
    let (status, doc) = get(&srv, "/api/v1/users", &srv.lee).await;
    assert_eq!(status, StatusCode::OK);
    let logins: Vec<&str> = doc["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["ana", "lee"]);
    let (status, _) = get(&srv, "/api/v1/users", &srv.ana).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, doc) = get(&srv, "/api/v1/users", &srv.token).await;
    assert_eq!(doc["users"].as_array().unwrap().len(), 6);

    // Tokens: made for the caller, listed without secrets, deleted.
    let (status, made) = post(&srv, "/api/v1/tokens", &srv.ana, json!({"name": "macro"})).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let secret = made["token"].as_str().unwrap().to_string();
    let (status, me) = get(&srv, "/api/v1/me", &secret).await;
    assert_eq!(
        (status, me["login"].as_str()),
        (StatusCode::OK, Some("ana"))
    );
    let (_, list) = get(&srv, "/api/v1/tokens", &srv.ana).await;
    let list_text = list.to_string();
    assert!(list_text.contains("macro"), "{list}");
    assert!(!list_text.contains(&secret), "{list}");
    let path = format!("/api/v1/tokens/{}", made["id"]);
    let (status, _) = delete(&srv, &path, &srv.bo).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "someone else's token");
    let (status, _) = delete(&srv, &path, &srv.ana).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = get(&srv, "/api/v1/me", &secret).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = delete(&srv, &path, &srv.ana).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(&srv, "/api/v1/tokens", &srv.ana, json!({"name": " "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_agent_never_sees_another_teams_case() {
    let srv = spawn().await;
    let (status, doc) = post(
        &srv,
        "/api/v1/cases",
        &srv.ana,
        json!({"message": "You charged me twice for order 88213! I want my money back.",
               "customer": "Dana", "channel": "chat", "external_id": "T-1"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    assert_eq!(doc["case"]["team_id"], srv.red);
    assert_eq!(doc["case"]["channel"], "chat");
    assert!(doc["triage"]["category"].is_string(), "{doc}");
    let id = doc["case"]["id"].as_i64().unwrap();
    let (status, _) = post(
        &srv,
        "/api/v1/cases",
        &srv.ana,
        json!({"message": "again", "external_id": "T-1"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The other team: 404 everywhere, as for a case that does not exist.
    let case = format!("/api/v1/cases/{id}");
    let (status, _) = get(&srv, &case, &srv.bo).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (path, body) in [
        (format!("{case}/replies"), json!({"text": "Sorry."})),
        (format!("{case}/messages"), json!({"text": "Hello?"})),
        (format!("{case}/close"), json!({"resolution": "done"})),
        ("/api/v1/draft".to_string(), json!({"case_id": id})),
    ] {
        let (status, doc) = post(&srv, &path, &srv.bo, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {doc}");
    }
    let (_, doc) = get(&srv, "/api/v1/cases", &srv.bo).await;
    assert_eq!(doc["cases"], json!([]));
    let (status, _) = get(&srv, &format!("/api/v1/cases?team={}", srv.red), &srv.bo).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Their own team, and the admin, see it.
    let (_, doc) = get(&srv, "/api/v1/cases?status=open", &srv.lee).await;
    assert_eq!(doc["cases"][0]["id"], id);
    assert_eq!(doc["cases"][0]["last_score"], Value::Null);
    let (_, doc) = get(
        &srv,
        &format!("/api/v1/cases?team={}", srv.blue),
        &srv.token,
    )
    .await;
    assert_eq!(doc["cases"], json!([]));
    let (status, doc) = get(&srv, &case, &srv.token).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["messages"][0]["direction"], "inbound");
    // Unknown and malformed ids.
    for path in [
        "/api/v1/cases/99999",
        "/api/v1/cases/abc",
        "/api/v1/cases/-1",
    ] {
        let (status, doc) = get(&srv, path, &srv.ana).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {doc}");
    }
    let (_, doc) = get(&srv, "/api/v1/cases?status=closed", &srv.ana).await;
    assert_eq!(doc["cases"], json!([]));
    for q in ["status=maybe", "limit=abc", "team=x"] {
        let (status, doc) = get(&srv, &format!("/api/v1/cases?{q}"), &srv.ana).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {doc}");
    }
    // Out of the range the OpenAPI document gives: refused and named, not quietly clamped.
    for (q, name) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
    ] {
        let (status, doc) = get(&srv, &format!("/api/v1/cases?{q}"), &srv.ana).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {doc}");
        assert!(error_of(&doc).contains(name), "{q}: {doc}");
    }
}

#[tokio::test]
async fn a_reply_is_checked_its_promise_becomes_a_followup_and_is_marked_done() {
    let srv = spawn().await;
    let id = open_case(
        &srv,
        &srv.ana,
        "My parcel never arrived and nobody answers!",
    )
    .await;
    let (status, doc) = post(
        &srv,
        &format!("/api/v1/cases/{id}/replies"),
        &srv.ana,
        json!({"text": "Hi Dana, sorry for any inconvenience. I'll call you tomorrow."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let anti: Vec<&str> = doc["check"]["anti_patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(anti.contains(&"generic"), "{doc}");
    assert!(doc["first_response_secs"].is_i64(), "{doc}");
    let followups = doc["followups"].as_array().unwrap();
    assert_eq!(followups.len(), 1, "{doc}");
    let f = &followups[0];
    assert_eq!(f["case_id"], id);
    assert_eq!(f["state"], "open");
    assert!(f["text"].as_str().unwrap().contains("call you"), "{f}");
    let fid = f["id"].as_i64().unwrap();

    // Ana's, and her team's; not Bo's.
    let (_, mine) = get(&srv, "/api/v1/followups?scope=mine&state=all", &srv.ana).await;
    assert_eq!(mine["followups"][0]["id"], fid, "{mine}");
    let (_, team) = get(&srv, "/api/v1/followups?scope=team&state=all", &srv.lee).await;
    assert_eq!(team["followups"][0]["id"], fid, "{team}");
    let (_, lees) = get(&srv, "/api/v1/followups?scope=mine&state=all", &srv.lee).await;
    assert_eq!(lees["followups"], json!([]));
    let (_, bos) = get(&srv, "/api/v1/followups?state=all", &srv.bo).await;
    assert_eq!(bos["followups"], json!([]));
    let (status, _) = get(&srv, "/api/v1/followups?scope=everyone", &srv.ana).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = post(
        &srv,
        &format!("/api/v1/followups/{fid}/done"),
        &srv.bo,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Done (a body is optional), then done again is refused.
    let (status, done) = post(
        &srv,
        &format!("/api/v1/followups/{fid}/done"),
        &srv.ana,
        json!({"note": "called, refund sent"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["state"], "kept");
    assert_eq!(done["note"], "called, refund sent");
    let (status, _) = call(
        &srv,
        Method::POST,
        &format!("/api/v1/followups/{fid}/done"),
        Some(&srv.ana),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = post(&srv, "/api/v1/followups/424242/done", &srv.ana, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The customer writes again; the case shows it all; the case closes.
    let (status, doc) = post(
        &srv,
        &format!("/api/v1/cases/{id}/messages"),
        &srv.ana,
        json!({"text": "Thanks, got it."}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    assert!(doc["message_id"].is_i64());
    let (status, t) = get(&srv, &format!("/api/v1/cases/{id}"), &srv.ana).await;
    assert_eq!(status, StatusCode::OK);
    let dirs: Vec<&str> = t["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["direction"].as_str().unwrap())
        .collect();
    assert_eq!(dirs, ["inbound", "outbound", "inbound"]);
    assert_eq!(t["messages"][1]["author"], "ana");
    assert_eq!(t["messages"][1]["starred"], false);
    assert_eq!(t["followups"][0]["state"], "kept");
    let (status, c) = post(
        &srv,
        &format!("/api/v1/cases/{id}/close"),
        &srv.ana,
        json!({"resolution": "refunded", "satisfaction": 4, "root_cause": "courier lost it"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["status"], "closed");
    let (status, _) = post(
        &srv,
        &format!("/api/v1/cases/{id}/close"),
        &srv.ana,
        json!({"resolution": "again"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, t) = get(&srv, &format!("/api/v1/cases/{id}"), &srv.ana).await;
    assert_eq!(t["lessons"][0]["root_cause"], "courier lost it");
    let (_, list) = get(&srv, "/api/v1/cases?status=closed", &srv.ana).await;
    assert!(list["cases"][0]["last_score"].is_i64(), "{list}");
}

#[tokio::test]
async fn drafts_use_the_case_and_the_signed_in_name() {
    let srv = spawn().await;
    let id = open_case(
        &srv,
        &srv.ana,
        "You charged me twice for order 88213. Fix it.",
    )
    .await;
    let (status, doc) = post(
        &srv,
        "/api/v1/draft",
        &srv.ana,
        json!({"case_id": id, "remedy": "I have refunded the second charge",
               "cause": "a payment retry charged the card twice"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    let text = doc["text"].as_str().unwrap();
    assert!(
        text.contains("Ana"),
        "signed with the caller's name: {text}"
    );
    assert!(text.contains("refunded the second charge"), "{text}");
    assert!(doc["missing_facts"].is_array(), "{doc}");
    assert!(doc["check"]["score"].as_u64().unwrap() > 0, "{doc}");
    let (status, doc) = post(
        &srv,
        "/api/v1/draft",
        &srv.ana,
        json!({"situation": "policy_no", "agent_name": "Sam", "placeholders": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert!(doc["text"].as_str().unwrap().contains("Sam"), "{doc}");
    let (status, doc) = post(
        &srv,
        "/api/v1/draft",
        &srv.ana,
        json!({"situation": "meteor"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{doc}");
    let (status, _) = post(&srv, "/api/v1/draft", &srv.ana, json!({"case_id": 999999})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(&srv, "/api/v1/draft", &srv.ana, json!({"tone": "warm"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn reports_are_for_leads_of_their_team_and_admins() {
    let srv = spawn().await;
    let red_case = open_case(&srv, &srv.ana, "Where is my order 5521?").await;
    let blue_case = open_case(&srv, &srv.bo, "My invoice is wrong.").await;
    for (id, token) in [(red_case, &srv.ana), (blue_case, &srv.bo)] {
        let (status, _) = post(
            &srv,
            &format!("/api/v1/cases/{id}/replies"),
            token,
            json!({"text": "Sorry for any inconvenience."}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, _) = get(&srv, "/api/v1/reports", &srv.ana).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, doc) = get(&srv, "/api/v1/reports?bucket=week", &srv.lee).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    for field in [
        "cases",
        "replies",
        "first_response",
        "score_bands",
        "promises",
        "series",
    ] {
        assert!(doc.get(field).is_some(), "no `{field}` in {doc}");
    }
    assert_eq!(
        (doc["cases"].as_i64(), doc["replies"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(doc["bucket"], "week");
    assert_eq!(doc["series"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["series"][0]["replies"], 1);
    assert_eq!(doc["agents"][0]["login"], "ana");
    assert_eq!(doc["teams"].as_array().unwrap().len(), 1);
    assert_eq!(doc["teams"][0]["name"], "red");
    let (status, _) = get(
        &srv,
        &format!("/api/v1/reports?team={}", srv.blue),
        &srv.lee,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, doc) = get(&srv, "/api/v1/reports", &srv.token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["replies"], 2);
    assert_eq!(doc["teams"].as_array().unwrap().len(), 3, "{doc}");
    let (_, doc) = get(&srv, "/api/v1/reports?agent=bo", &srv.token).await;
    assert_eq!(doc["replies"], 1);
    let (_, doc) = get(
        &srv,
        "/api/v1/reports?since=2099-01-01T00:00:00Z",
        &srv.token,
    )
    .await;
    assert_eq!(doc["replies"], 0);
    for q in ["bucket=month", "since=yesterday", "until=2026-13-01"] {
        let (status, doc) = get(&srv, &format!("/api/v1/reports?{q}"), &srv.token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {doc}");
    }
}

#[tokio::test]
async fn leads_star_replies_and_their_team_reads_them() {
    let srv = spawn().await;
    let id = open_case(&srv, &srv.ana, "The app deleted my notes!").await;
    let (_, reply) = post(
        &srv,
        &format!("/api/v1/cases/{id}/replies"),
        &srv.ana,
        json!({"text": "I'm sorry the update deleted your notes. I have restored them from last night's backup."}),
    )
    .await;
    let mid = reply["message_id"].as_i64().unwrap();
    let (_, t) = get(&srv, &format!("/api/v1/cases/{id}"), &srv.ana).await;
    let inbound = t["messages"][0]["id"].as_i64().unwrap();

    let (status, _) = post(
        &srv,
        "/api/v1/exemplars",
        &srv.ana,
        json!({"message_id": mid}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, doc) = post(
        &srv,
        "/api/v1/exemplars",
        &srv.lee,
        json!({"message_id": inbound}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{doc}");
    let (status, _) = post(
        &srv,
        "/api/v1/exemplars",
        &srv.lee,
        json!({"message_id": 987654}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, e) = post(
        &srv,
        "/api/v1/exemplars",
        &srv.lee,
        json!({"message_id": mid, "note": "owns it, says what was done"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    assert_eq!(e["starred_by"], "lee");
    assert_eq!(e["author"], "ana");
    assert_eq!(e["case_id"], id);
    let (_, list) = get(&srv, "/api/v1/exemplars", &srv.ana).await;
    assert_eq!(list["exemplars"][0]["message_id"], mid, "{list}");
    let (_, list) = get(&srv, "/api/v1/exemplars", &srv.bo).await;
    assert_eq!(list["exemplars"], json!([]));
    let (_, t) = get(&srv, &format!("/api/v1/cases/{id}"), &srv.ana).await;
    assert_eq!(t["messages"][1]["starred"], true);

    let path = format!("/api/v1/exemplars/{mid}");
    let (status, _) = delete(&srv, &path, &srv.ana).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = delete(&srv, &path, &srv.lee).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = delete(&srv, &path, &srv.lee).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = get(&srv, "/api/v1/exemplars", &srv.ana).await;
    assert_eq!(list["exemplars"], json!([]));
}

#[tokio::test]
async fn bad_bodies_are_4xx_never_500() {
    let srv = spawn().await;
    let id = open_case(&srv, &srv.ana, "Hello, my order is late.").await;
    let paths = [
        "/api/v1/cases".to_string(),
        format!("/api/v1/cases/{id}/replies"),
        format!("/api/v1/cases/{id}/messages"),
        format!("/api/v1/cases/{id}/close"),
        "/api/v1/draft".to_string(),
        "/api/v1/exemplars".to_string(),
        "/api/v1/teams".to_string(),
        "/api/v1/users".to_string(),
        "/api/v1/tokens".to_string(),
        "/api/v1/login".to_string(),
    ];
    let client = reqwest::Client::new();
    for path in &paths {
        for (body, want) in [
            ("[1", StatusCode::BAD_REQUEST),
            ("{\"text\":", StatusCode::BAD_REQUEST),
            ("not json", StatusCode::BAD_REQUEST),
            (
                "{\"text\": \"hi\", \"mood\": 3}",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            ("[]", StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let res = client
                .post(format!("{srv}{path}"))
                .bearer_auth(&srv.token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = res.status();
            let doc: Value = res.json().await.unwrap();
            assert_eq!(status, want, "{path} {body}: {doc}");
            assert!(doc["error"].is_string());
        }
        let res = client
            .post(format!("{srv}{path}"))
            .bearer_auth(&srv.token)
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
        let big = json!({"text": "a".repeat(tact_server::BODY_LIMIT + 1)}).to_string();
        let res = client
            .post(format!("{srv}{path}"))
            .bearer_auth(&srv.token)
            .header("content-type", "application/json")
            .body(big)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
    let (status, doc) = post(
        &srv,
        &format!("/api/v1/cases/{id}/close"),
        &srv.ana,
        json!({"resolution": "ok", "satisfaction": 9}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{doc}");
    let (status, _) = post(&srv, "/api/v1/cases", &srv.ana, json!({"message": "  "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint_with_its_statuses() {
    let srv = spawn().await;
    let doc: Value = reqwest::get(format!("{srv}/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/api/v1/login", "post"),
        ("/api/v1/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/teams", "get"),
        ("/api/v1/teams", "post"),
        ("/api/v1/users", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/tokens", "get"),
        ("/api/v1/tokens", "post"),
        ("/api/v1/tokens/{id}", "delete"),
        ("/api/v1/check", "post"),
        ("/api/v1/triage", "post"),
        ("/api/v1/draft", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases", "post"),
        ("/api/v1/cases/{id}", "get"),
        ("/api/v1/cases/{id}/replies", "post"),
        ("/api/v1/cases/{id}/messages", "post"),
        ("/api/v1/cases/{id}/close", "post"),
        ("/api/v1/followups", "get"),
        ("/api/v1/followups/{id}/done", "post"),
        ("/api/v1/reports", "get"),
        ("/api/v1/exemplars", "get"),
        ("/api/v1/exemplars", "post"),
        ("/api/v1/exemplars/{message_id}", "delete"),
    ];
    for (path, method) in expected {
        let op = &paths.get(path).unwrap_or_else(|| panic!("no {path}"))[method];
        assert!(op.is_object(), "no {method} {path}");
        let responses = op["responses"].as_object().unwrap();
        if path != "/api/v1/login" {
            assert!(responses.contains_key("401"), "{method} {path}: no 401");
            assert!(op["security"].is_array(), "{method} {path}: no security");
        }
        if method == "post" && !path.ends_with("/logout") {
            assert!(op["requestBody"].is_object(), "{method} {path}: no body");
            for code in ["400", "413", "422"] {
                assert!(responses.contains_key(code), "{method} {path}: no {code}");
            }
        }
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["cookie"]["name"], "tact_session");
    assert!(doc["components"]["schemas"]["CaseDetail"].is_object());
}
