//! The embedded web workspace over real HTTP: pages, content types, caching and the
//! Content-Security-Policy.

use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use tact_core::Checker;
use tact_server::AppState;

async fn spawn() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(Checker::builtin().expect("builtin rules load"));
    tokio::spawn(tact_server::serve(listener, state));
    format!("http://{addr}")
}

fn header(res: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    res.headers()
        .get(&name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_root_serves_the_workspace_under_a_strict_policy() {
    let base = spawn().await;
    let res = reqwest::get(format!("{base}/")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, CONTENT_TYPE), "text/html; charset=utf-8");
    let csp = header(&res, CONTENT_SECURITY_POLICY);
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(
            csp.contains(directive),
            "{directive:?} missing from {csp:?}"
        );
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(
        header(&res, "x-content-type-options".parse().unwrap()),
        "nosniff"
    );
    assert_eq!(header(&res, CACHE_CONTROL), "no-cache");
    let body = res.text().await.unwrap();
    assert!(
        body.contains(r#"<script type="module" src="/assets/app.js">"#),
        "{body}"
    );
    // No inline script or style would pass the policy.
    assert!(!body.contains("<script>") && !body.contains("<style") && !body.contains("style="));
}

#[tokio::test]
async fn every_asset_the_page_loads_exists_with_its_content_type() {
    let base = spawn().await;
    let page = reqwest::get(format!("{base}/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut paths: Vec<&str> = page
        .split('"')
        .filter(|s| s.starts_with("/assets/"))
        .collect();
    // The modules the entry point imports.
    let app = reqwest::get(format!("{base}/assets/app.js"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let imports: Vec<String> = app
        .lines()
        .filter_map(|l| l.strip_prefix("import ").and_then(|l| l.split('\'').nth(1)))
        .map(|p| format!("/assets/{}", p.trim_start_matches("./")))
        .collect();
    assert!(imports.len() >= 4, "{imports:?}");
    paths.extend(imports.iter().map(String::as_str));
    for path in paths {
        let res = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let ct = header(&res, CONTENT_TYPE);
        let want = match path.rsplit('.').next().unwrap() {
            "js" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "svg" => "image/svg+xml",
            other => panic!("unexpected asset type {other} in {path}"),
        };
        assert_eq!(ct, want, "{path}");
        assert!(
            res.headers().contains_key(CONTENT_SECURITY_POLICY),
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_unchanged_asset_answers_304_to_its_etag() {
    let base = spawn().await;
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{base}/assets/app.css"))
        .send()
        .await
        .unwrap();
    let etag = header(&res, ETAG);
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let again = client
        .get(format!("{base}/assets/app.css"))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
    let other = client
        .get(format!("{base}/assets/app.css"))
        .header(IF_NONE_MATCH, "\"stale\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_asset_is_a_json_404() {
    let base = spawn().await;
    for path in ["/assets/nope.js", "/assets/..%2Fsrc%2Flib.rs", "/assets/"] {
        let res = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let doc: serde_json::Value = res.json().await.unwrap();
        assert!(doc["error"].is_string(), "{path}: {doc}");
    }
}

#[tokio::test]
async fn every_file_of_the_web_folder_is_served_as_is() {
    let base = spawn().await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let url = if name == "index.html" {
            format!("{base}/")
        } else {
            format!("{base}/assets/{name}")
        };
        let res = reqwest::get(&url).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{name} is not served");
        let body = res.bytes().await.unwrap();
        assert_eq!(
            body.as_ref(),
            std::fs::read(&path).unwrap(),
            "{name} differs"
        );
        n += 1;
    }
    assert!(n >= 8, "only {n} files in {}", dir.display());
}
