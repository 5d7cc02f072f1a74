//! The store commands, run as a user would run them: the real binary against a SQLite file, and
//! against a fresh PostgreSQL database when `TACT_TEST_POSTGRES_URL` is set.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use tact_store::testing::TestDb;
use tact_store::Store;

const TACT: &str = env!("CARGO_BIN_EXE_tact");

/// Run `body` against SQLite, then against PostgreSQL when configured.
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                let db = tact_store::testing::TestDb::sqlite().unwrap();
                super::$name(&db);
            }

            #[test]
            fn postgres() {
                let Some(db) = super::block_on(tact_store::testing::TestDb::postgres()).unwrap()
                else {
                    eprintln!("TACT_TEST_POSTGRES_URL is not set: PostgreSQL not tested");
                    return;
                };
                super::$name(&db);
                super::block_on(db.cleanup());
            }
        }
    };
}

on_both!(case_lifecycle);
on_both!(bad_input_exits_2_and_writes_nothing);
on_both!(import_reports_bad_rows_and_is_idempotent);
on_both!(killed_import_completes_exactly_once_on_rerun);
on_both!(two_claiming_processes_share_the_work);

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn count(url: &str, table: &str) -> i64 {
    block_on(async {
        let s = Store::open(url).await.unwrap();
        let n = s.count_rows(table).await.unwrap();
        s.close().await;
        n
    })
}

/// Run tact in an empty folder (no tact.toml) with `--db url`.
fn tact(dir: &Path, url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(TACT);
    cmd.current_dir(dir)
        .arg("--db")
        .arg(url)
        .args(args)
        .env_remove("TACT_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(s) = stdin {
        // tact may exit on a usage error before reading its input.
        let _ = child.stdin.take().unwrap().write_all(s.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn case_lifecycle(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db.url.as_str();
    let id = ok(&tact(
        d,
        url,
        &[
            "case",
            "open",
            "--customer",
            "Dana",
            "--received",
            "2026-11-23T09:00:00Z",
            "--situation",
            "our-fault",
            "-",
        ],
        Some("You charged me twice for order 88213!"),
    ));
    assert_eq!(id.trim(), "1");
    std::fs::write(
        d.join("reply.txt"),
        "Hi Dana, I'm sorry we charged you twice for order 88213; that was our mistake. \
         I've refunded the second charge and I'll email you tomorrow to confirm it arrived.",
    )
    .unwrap();
    let out = ok(&tact(
        d,
        url,
        &[
            "case",
            "reply",
            "1",
            "reply.txt",
            "--sent",
            "2026-11-23T10:30:00Z",
            "--format",
            "json",
        ],
        None,
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["check"]["score"].as_u64().unwrap() > 0);
    assert_eq!(v["promises"][0]["due"], "2026-11-24T17:00:00Z");
    assert_eq!(v["first_response"]["secs"], 5400);
    assert_eq!(v["first_response"]["within_target"], false);

    // The customer writes again; the timeline shows it.
    ok(&tact(
        d,
        url,
        &[
            "case",
            "message",
            "1",
            "--received",
            "2026-11-23T11:00:00Z",
            "-",
        ],
        Some("Thanks, waiting for the email."),
    ));

    // Wednesday: the promised email is overdue and shows as broken.
    let list = ok(&tact(
        d,
        url,
        &["followups", "--now", "2026-11-25T09:00:00Z"],
        None,
    ));
    assert!(list.contains("broken"), "{list}");
    assert!(list.contains("I'll email you tomorrow"), "{list}");
    let json = ok(&tact(
        d,
        url,
        &[
            "followups",
            "--due-before",
            "2026-11-24T00:00:00Z",
            "--format",
            "json",
        ],
        None,
    ));
    assert_eq!(json.trim(), "[]");
    ok(&tact(
        d,
        url,
        &[
            "followups",
            "done",
            "1",
            "--note",
            "emailed",
            "--at",
            "2026-11-25T10:00:00Z",
        ],
        None,
    ));
    let list = ok(&tact(
        d,
        url,
        &["followups", "--now", "2026-11-25T09:00:00Z"],
        None,
    ));
    assert!(list.contains("nothing due"), "{list}");
    ok(&tact(
        d,
        url,
        &[
            "case",
            "close",
            "1",
            "--resolution",
            "refunded",
            "--satisfaction",
            "5",
            "--root-cause",
            "payment page retried a charge",
            "--prevention",
            "idempotency key on charges",
        ],
        None,
    ));
    let show = ok(&tact(d, url, &["case", "show", "1"], None));
    for needle in [
        "Dana",
        "closed: refunded",
        "root cause: payment page retried a charge",
        "score",
        "follow-up 1 done",
        "\u{2190} Dana: Thanks, waiting for the email.",
    ] {
        assert!(show.contains(needle), "{needle} missing from:\n{show}");
    }
    let report = ok(&tact(d, url, &["report", "--format", "json"], None));
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(r["cases"], 1);
    assert_eq!(r["first_response"]["median_secs"], 5400);
    assert_eq!(r["promises"]["late"], 1);
}

fn bad_input_exits_2_and_writes_nothing(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db.url.as_str();
    let out = tact(
        d,
        url,
        &["case", "reply", "999", "-"],
        Some("I'll call you tomorrow."),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no case `999`"), "{}", stderr(&out));
    let out = tact(
        d,
        url,
        &["case", "open", "--received", "yesterday", "-"],
        Some("Where is my parcel?"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--received"), "{}", stderr(&out));
    assert!(stderr(&out).contains("RFC 3339"), "{}", stderr(&out));
    let out = tact(d, url, &["followups", "done", "5"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no follow-up 5"), "{}", stderr(&out));
    assert_eq!(count(url, "cases"), 0);
    assert_eq!(count(url, "messages"), 0);
    let out = tact(d, "mysql://nope", &["report"], None);
    assert_eq!(out.status.code(), Some(2));
    // A case id from another system is unique.
    let open = |d: &Path| {
        tact(
            d,
            url,
            &["case", "open", "--id", "T-7", "-"],
            Some("Hello?"),
        )
    };
    ok(&open(d));
    let out = open(d);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`T-7` already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(url, "cases"), 1);
    // And `case reply` finds a case by it.
    let out = tact(
        d,
        url,
        &["case", "reply", "T-7", "-", "--format", "json"],
        Some("Sorry! I'll call you today."),
    );
    assert!(ok(&out).contains("\"case\": 1"));
}

const CSV: &str = "case,direction,author,time,text
A1,inbound,Dana,2026-11-23T09:00:00Z,\"You charged me twice, again!\"
A1,outbound,Sam,2026-11-23T09:20:00Z,\"Hi Dana, I'm sorry we charged you twice. I've refunded it and I'll email you tomorrow.\"
A2,inbound,Lee,not-a-time,Where is my order?
A2,sideways,Lee,2026-11-23T10:00:00Z,Hello?
A3,inbound,Kim,2026-11-23T11:00:00Z,
";

fn import_reports_bad_rows_and_is_idempotent(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db.url.as_str();
    std::fs::write(d.join("past.csv"), CSV).unwrap();
    let out = tact(d, url, &["import", "past.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("past.csv:4: field `time`"), "{err}");
    assert!(err.contains("past.csv:5: field `direction`"), "{err}");
    assert!(err.contains("past.csv:6: field `text`"), "{err}");
    assert!(err.contains("3 rows rejected"), "{err}");
    // The good rows are in; the bad ones left nothing behind (no case A2 or A3).
    assert_eq!(count(url, "messages"), 2);
    assert_eq!(count(url, "cases"), 1);
    assert_eq!(count(url, "promises"), 1);
    // Again: nothing added twice.
    let out = tact(d, url, &["import", "past.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 already imported"));
    assert_eq!(count(url, "messages"), 2);
    assert_eq!(count(url, "promises"), 1);

    // JSON Lines, with ids; a broken line is named.
    let jsonl = "{\"id\":\"m1\",\"case\":\"B1\",\"direction\":\"inbound\",\"author\":\"Ana\",\"time\":\"2026-11-20T08:00:00+01:00\",\"text\":\"The app logs me out.\"}\n\
                 {\"id\":\"m2\",\"case\":\"B1\",\"direction\":\"outbound\",\"author\":\"Sam\",\"time\":\"2026-11-20T08:45:00+01:00\",\"text\":\"Sorry Ana, we'll fix it by Friday 5pm.\"}\n\
                 {\"id\":\"m3\",\"case\":\"B1\",\n";
    std::fs::write(d.join("past.jsonl"), jsonl).unwrap();
    let out = tact(d, url, &["import", "past.jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("past.jsonl:3: field `-`: invalid JSON"),
        "{}",
        stderr(&out)
    );
    let out = tact(d, url, &["import", "past.jsonl", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stats"]["added"], 0);
    assert_eq!(v["stats"]["skipped"], 2);
    assert_eq!(count(url, "messages"), 4);
    let show = ok(&tact(
        d,
        url,
        &["case", "show", "B1", "--format", "json"],
        None,
    ));
    let t: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(t["case"]["first_response_secs"], 45 * 60);
    assert_eq!(t["followups"][0]["due_at"], "2026-11-20T17:00:00Z");
}

/// Write an import of `cases` conversations, four messages each.
fn big_import(path: &Path, cases: usize) -> usize {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut n = 0;
    for c in 0..cases {
        let base = 1_790_000_000 + (c as i64) * 3600;
        let msgs = [
            ("inbound", 0, "My order has not arrived and nobody answers."),
            (
                "outbound",
                900,
                "Hi, I'm sorry your order is late; that's on us. I'll call you tomorrow with a delivery date.",
            ),
            ("inbound", 2000, "Thanks, waiting for your call."),
            (
                "outbound",
                4000,
                "I've booked delivery for Friday; you'll get a text within 2 hours of arrival.",
            ),
        ];
        for (i, (dir, off, text)) in msgs.iter().enumerate() {
            let at = jiff::Timestamp::from_second(base + off).unwrap();
            writeln!(
                f,
                "{}",
                serde_json::json!({"id": format!("{c}-{i}"), "case": format!("K{c}"), "direction": dir,
                    "author": if *dir == "inbound" { "Customer" } else { "Agent" }, "time": at.to_string(), "text": text})
            )
            .unwrap();
            n += 1;
        }
    }
    f.flush().unwrap();
    n
}

fn killed_import_completes_exactly_once_on_rerun(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db.url.as_str();
    let file = d.join("big.jsonl");
    let total = big_import(&file, 5000) as i64;
    // Create the schema first so the poll below can read while the import runs.
    assert_eq!(count(url, "messages"), 0);
    let mut child = Command::new(TACT)
        .current_dir(d)
        .args(["--db", url, "import", "big.jsonl", "--batch", "500"])
        .env_remove("TACT_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut seen = 0;
    while seen == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the import stored nothing in two minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
        seen = count(url, "messages");
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let at_kill = count(url, "messages");
    assert!(
        at_kill < total,
        "the import finished before it was killed ({at_kill} of {total}); make it bigger"
    );
    // Only whole batches are there.
    assert_eq!(at_kill % 500, 0, "a batch was half written: {at_kill}");
    assert_eq!(count(url, "import_keys"), at_kill);
    let out = ok(&tact(
        d,
        url,
        &["import", "big.jsonl", "--batch", "500"],
        None,
    ));
    assert!(
        out.contains(&format!("{} already imported", at_kill)),
        "{out}"
    );
    assert_eq!(count(url, "messages"), total);
    assert_eq!(count(url, "import_keys"), total);
    assert_eq!(count(url, "cases"), total / 4);
    assert_eq!(count(url, "checks"), total / 2);
    // Three promises a case: "tomorrow", "for Friday", "within 2 hours".
    assert_eq!(count(url, "promises"), total / 4 * 3);
    // And a third run adds nothing.
    let out = ok(&tact(d, url, &["import", "big.jsonl"], None));
    assert!(out.contains("0 messages added"), "{out}");
    assert_eq!(count(url, "messages"), total);
}

fn two_claiming_processes_share_the_work(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db.url.as_str();
    big_import(&d.join("conv.jsonl"), 150);
    ok(&tact(d, url, &["import", "conv.jsonl"], None));
    let total = count(url, "promises");
    assert_eq!(total, 450);
    // Two workers, each a loop of `tact followups claim`, at the same time.
    let worker = |name: &'static str| {
        let d = d.to_path_buf();
        let url = url.to_string();
        std::thread::spawn(move || {
            let mut ids = Vec::new();
            loop {
                let out = tact(
                    &d,
                    &url,
                    &[
                        "followups",
                        "claim",
                        "--worker",
                        name,
                        "--limit",
                        "9",
                        "--due-before",
                        "2030-01-01T00:00:00Z",
                        "--format",
                        "json",
                    ],
                    None,
                );
                let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
                let got = v.as_array().unwrap();
                if got.is_empty() {
                    break;
                }
                for f in got {
                    assert_eq!(f["claimed_by"], name);
                    ids.push(f["id"].as_i64().unwrap());
                }
            }
            ids
        })
    };
    let a = worker("alpha");
    let b = worker("beta");
    let (a, b) = (a.join().unwrap(), b.join().unwrap());
    let mut all: Vec<i64> = a.iter().chain(&b).copied().collect();
    all.sort_unstable();
    let before = all.len();
    all.dedup();
    assert_eq!(before, all.len(), "a follow-up was handed out twice");
    assert_eq!(all.len() as i64, total);
}

#[test]
fn garbage_imports_are_rejected_without_a_panic() {
    let db = TestDb::sqlite().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for (k, name) in ["a.csv", "b.jsonl", "c.csv", "d.jsonl"].iter().enumerate() {
        // Bytes of every kind, some lines that look almost right.
        let mut bytes = Vec::new();
        if k >= 2 {
            bytes.extend_from_slice(b"case,direction,author,time,text\n");
        }
        for _ in 0..4000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push(match seed % 7 {
                0 => b'\n',
                1 => b',',
                2 => b'"',
                3 => b'{',
                _ => (seed >> 8) as u8,
            });
        }
        bytes.extend_from_slice(
            b"\n{\"case\":\"Z\",\"direction\":\"outbound\",\"time\":\"2026-13-45T99:00:00Z\",\"text\":\"x\"}\n",
        );
        std::fs::write(d.join(name), &bytes).unwrap();
        let out = tact(d, &db.url, &["import", name], None);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    }
    assert_eq!(count(&db.url, "messages"), 0);
}
