//! `tact serve` from the outside: it prints the address it listens on and answers HTTP there.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, even when it fails.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn request(addr: &str, raw: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn post(addr: &str, path: &str, token: Option<&str>, body: &str) -> String {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    request(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// Start `tact serve` on a free port in `dir`: the server, its address, and the first-run
/// admin password it printed on stderr.
fn start(dir: &std::path::Path) -> (Server, String, String, std::process::ChildStderr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let mut err = BufReader::new(stderr);
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let password = first
        .trim()
        .strip_prefix("tact: first run: sign in as admin with password ")
        .unwrap_or_else(|| panic!("unexpected first line on stderr: {first:?}"))
        .to_string();
    let mut rest = String::new();
    err.read_line(&mut rest).unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("tact: listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    (server, addr, password, err.into_inner())
}

fn body_json(response: &str) -> serde_json::Value {
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
}

#[test]
fn serve_prints_its_address_and_answers_there() {
    let dir = tempfile::tempdir().unwrap();
    let (server, addr, password, _stderr) = start(dir.path());
    // Without signing in: 401.
    let body = r#"{"text": "Sorry for any inconvenience."}"#;
    let refused = post(&addr, "/api/v1/check", None, body);
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    let login = post(
        &addr,
        "/api/v1/login",
        None,
        &serde_json::json!({"login": "admin", "password": password}).to_string(),
    );
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    assert!(login.contains("tact_session="), "{login}");
    let token = body_json(&login)["token"].as_str().unwrap().to_string();

    let health = request(
        &addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with(r#"{"status":"ok"}"#), "{health}");

    let check = post(&addr, "/api/v1/check", Some(&token), body);
    assert!(check.starts_with("HTTP/1.1 200"), "{check}");
    assert!(check.contains(r#""anti_patterns":["#), "{check}");
    assert!(check.contains(r#""generic""#), "{check}");
    drop(server);
}

#[test]
fn the_admin_password_is_made_once_and_users_and_tokens_come_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let tact =
        |args: &[&str], stdin: &str| common::tact_with_input(args, dir.path(), stdin.as_bytes());
    let add = tact(
        &[
            "users", "add", "ana", "--team", "billing", "--role", "agent", "--name", "Ana",
        ],
        "correct horse battery\n",
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let short = tact(
        &["users", "add", "bo", "--team", "billing", "--role", "agent"],
        "short\n",
    );
    assert_eq!(short.status.code(), Some(2), "{short:?}");
    let list = tact(&["users", "list"], "");
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("ana") && list.contains("billing"), "{list}");
    let token = tact(&["tokens", "create", "ana", "--name", "script"], "");
    assert_eq!(token.status.code(), Some(0), "{token:?}");
    let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("tact_"), "{token}");
    let nobody = tact(&["tokens", "create", "nobody"], "");
    assert_eq!(nobody.status.code(), Some(2));

    // Someone can sign in already: no first-run admin.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let pid = child.id();
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("tact: listening on http://")
        .unwrap()
        .to_string();
    let me = request(
        &addr,
        &format!("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\r\n"),
    );
    assert!(me.starts_with("HTTP/1.1 200"), "{me}");
    assert_eq!(body_json(&me)["team"]["name"], "billing");
    assert_eq!(body_json(&me)["name"], "Ana");
    // SIGTERM: the server stops cleanly.
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut server = server;
    let status = server.0.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    assert!(!err.contains("first run"), "{err}");
    assert!(err.contains("tact: stopped"), "{err}");
}

#[test]
fn serve_on_a_bad_address_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_tact"))
        .args(["serve", "--addr", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
