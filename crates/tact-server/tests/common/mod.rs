//! A server on a free port over a fresh SQLite database, with two teams and people in them.

#![allow(dead_code)]

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tact_core::Checker;
use tact_server::AppState;
use tact_store::testing::TestDb;
use tact_store::{NewUser, Role, Store, TokenKind};

/// A running server and the tokens of the people in it: `admin` (team `default`), `ana`
/// (agent) and `lee` (lead) in team `red`, `bo` (agent) in team `blue`.
pub struct Srv {
    pub base: String,
    /// The admin's token.
    pub token: String,
    pub ana: String,
    pub lee: String,
    pub bo: String,
    pub store: Store,
    pub red: i64,
    pub blue: i64,
    /// The database's URL.
    pub url: String,
    _db: TestDb,
}

impl std::fmt::Display for Srv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base)
    }
}

async fn person(store: &Store, login: &str, role: Role, team: i64) -> String {
    let u = store
        .create_user(&NewUser {
            login: login.into(),
            name: Some(format!("{}{}", login[..1].to_uppercase(), &login[1..])),
            password: format!("{login}-password"),
            role,
            team_id: team,
        })
        .await
        .unwrap();
    store
        .create_token(u.id, TokenKind::Api, "tests", None)
        .await
        .unwrap()
        .1
}

pub async fn spawn() -> Srv {
    spawn_on(TestDb::sqlite().unwrap()).await
}

/// A server on a free port over `store`; its base URL.
pub async fn listen(store: Store) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(Checker::builtin().expect("builtin rules load")).with_store(store);
    tokio::spawn(tact_server::serve(listener, state));
    format!("http://{addr}")
}

/// The server of [`spawn`] over a database of the caller's choice.
pub async fn spawn_on(db: TestDb) -> Srv {
    let store = Store::open(&db.url).await.unwrap();
    let default = store.ensure_team("default").await.unwrap().id;
    let red = store.create_team("red").await.unwrap().id;
    let blue = store.create_team("blue").await.unwrap().id;
    let token = person(&store, "admin", Role::Admin, default).await;
    let ana = person(&store, "ana", Role::Agent, red).await;
    let lee = person(&store, "lee", Role::Lead, red).await;
    let bo = person(&store, "bo", Role::Agent, blue).await;
    Srv {
        base: listen(store.clone()).await,
        url: db.url.clone(),
        token,
        ana,
        lee,
        bo,
        store,
        red,
        blue,
        _db: db,
    }
}

/// A request with an optional bearer token and JSON body: the status and the JSON answer
/// (null when there is no body).
pub async fn call(
    srv: &Srv,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new().request(method, format!("{srv}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    let doc = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    (status, doc)
}

pub async fn get(srv: &Srv, path: &str, token: &str) -> (StatusCode, Value) {
    call(srv, Method::GET, path, Some(token), None).await
}

pub async fn post(srv: &Srv, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    call(srv, Method::POST, path, Some(token), Some(body)).await
}

pub async fn delete(srv: &Srv, path: &str, token: &str) -> (StatusCode, Value) {
    call(srv, Method::DELETE, path, Some(token), None).await
}
