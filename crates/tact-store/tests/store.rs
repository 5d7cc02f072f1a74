//! The store against real databases: a SQLite file always, and a fresh PostgreSQL database
//! when `TACT_TEST_POSTGRES_URL` is set (each test makes its own and drops it).

mod common;

use common::{new_case, on_both, reply, t};
use jiff::Timestamp;
use std::collections::BTreeSet;
use std::future::Future;
use tact_core::promises::{extract, Calendar};
use tact_core::{CheckInput, Checker};
use tact_store::testing::TestDb;
use tact_store::*;

on_both!(migrations_are_versioned_and_idempotent);
on_both!(open_reply_close_show);
on_both!(reply_to_unknown_case_writes_nothing);
on_both!(followups_due_broken_and_done);
on_both!(import_is_idempotent);
on_both!(two_workers_claim_each_followup_once);
on_both!(report_counts);
on_both!(concurrent_replies_all_land);

async fn count(store: &Store, table: &str) -> i64 {
    store.count_rows(table).await.unwrap()
}

async fn migrations_are_versioned_and_idempotent(db: &TestDb) {
    let a = Store::open(&db.url).await.unwrap();
    assert_eq!(a.schema_version().await.unwrap(), 3);
    a.close().await;
    // Opening again applies nothing and keeps the data.
    let b = Store::open(&db.url).await.unwrap();
    b.open_case(&new_case("Dana", t("2026-11-23T09:00:00Z")))
        .await
        .unwrap();
    b.close().await;
    let c = Store::open(&db.url).await.unwrap();
    assert_eq!(c.schema_version().await.unwrap(), 3);
    assert_eq!(count(&c, "cases").await, 1);
    c.close().await;
}

async fn open_reply_close_show(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let case = store
        .open_case(&new_case("Dana", t("2026-11-23T09:00:00Z")))
        .await
        .unwrap();
    assert_eq!(case.status, "open");
    assert_eq!(case.situation.as_deref(), Some("our_fault"));
    assert_eq!(case.category, None);
    let out = store
        .add_reply(
            case.id,
            &reply(
                "Hi Dana, I'm sorry we charged you twice. I've refunded the second charge and \
                 I'll email you tomorrow to confirm it arrived.",
                "Sam",
                t("2026-11-23T09:40:00Z"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(out.first_response_secs, Some(40 * 60));
    assert_eq!(out.promise_ids.len(), 1);
    // A second reply is not the first response.
    let out2 = store
        .add_reply(
            case.id,
            &reply("Done: refunded.", "Sam", t("2026-11-23T10:00:00Z")),
        )
        .await
        .unwrap();
    assert_eq!(out2.first_response_secs, None);
    let closed = store
        .close_case(
            case.id,
            &Closing {
                resolution: "refunded".into(),
                satisfaction: Some(4),
                root_cause: Some("payment page retried a timed-out charge".into()),
                prevention: Some("idempotency key on charges".into()),
                at: t("2026-11-24T09:00:00Z"),
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.status, "closed");
    assert_eq!(closed.first_response_secs, Some(2400));
    let again = store
        .close_case(
            case.id,
            &Closing {
                resolution: "x".into(),
                satisfaction: None,
                root_cause: None,
                prevention: None,
                at: t("2026-11-24T09:00:00Z"),
            },
        )
        .await;
    assert!(matches!(again, Err(StoreError::Invalid(_))));
    let tl = store
        .timeline(case.id, t("2026-11-25T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(tl.messages.len(), 3);
    assert_eq!(tl.messages[0].direction, "inbound");
    assert!(tl.messages[1].score.is_some());
    assert_eq!(tl.followups.len(), 1);
    assert_eq!(tl.followups[0].due_at, t("2026-11-24T17:00:00Z"));
    assert_eq!(tl.lessons.len(), 1);
    store.close().await;
}

async fn reply_to_unknown_case_writes_nothing(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let e = store
        .add_reply(
            4242,
            &reply("I'll call you tomorrow.", "Sam", t("2026-11-23T09:40:00Z")),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NoCase(_)), "{e}");
    assert!(e.is_user_error());
    assert!(matches!(
        store.resolve_case("nope").await,
        Err(StoreError::NoCase(_))
    ));
    assert_eq!(count(&store, "messages").await, 0);
    assert_eq!(count(&store, "promises").await, 0);
    assert!(matches!(
        store.complete_followup(7, None, Timestamp::now()).await,
        Err(StoreError::NoFollowup(7))
    ));
    store.close().await;
}

async fn followups_due_broken_and_done(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let case = store
        .open_case(&new_case("Ana", t("2026-11-23T09:00:00Z")))
        .await
        .unwrap();
    store
        .add_reply(
            case.id,
            &reply(
                "I'll call you tomorrow. Your refund will arrive within 5 business days.",
                "Sam",
                t("2026-11-23T10:00:00Z"),
            ),
        )
        .await
        .unwrap();
    // Wednesday: the call (due Tuesday 17:00) is broken, the refund (Monday 30th) is not due.
    let wed = t("2026-11-25T12:00:00Z");
    let due = store.followups(wed, wed).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].state, FollowupState::Broken);
    assert_eq!(due[0].customer.as_deref(), Some("Ana"));
    let all = store
        .followups(t("2026-12-31T00:00:00Z"), wed)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].state, FollowupState::Open);
    let done = store
        .complete_followup(all[1].id, Some("refund confirmed"), wed)
        .await
        .unwrap();
    assert_eq!(done.state, FollowupState::Kept);
    let late = store.complete_followup(all[0].id, None, wed).await.unwrap();
    assert_eq!(late.state, FollowupState::Late);
    assert!(store
        .followups(t("2026-12-31T00:00:00Z"), wed)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.complete_followup(all[0].id, None, wed).await,
        Err(StoreError::Invalid(_))
    ));
    store.close().await;
}

fn import_rows(n: usize) -> Vec<ImportMessage> {
    let checker = Checker::builtin().unwrap();
    (0..n)
        .map(|i| {
            let case = format!("C{}", i / 2);
            let at = Timestamp::from_second(1_790_000_000 + (i as i64) * 600).unwrap();
            if i % 2 == 0 {
                ImportMessage {
                    key: format!("k{i}"),
                    case,
                    customer: Some(format!("Customer {}", i / 2)),
                    channel: Some("email".into()),
                    situation: Some("our_fault".into()),
                    category: (i % 4 == 0).then(|| "delivery".to_string()),
                    direction: Direction::Inbound,
                    author: None,
                    at,
                    body: "My parcel is late.".into(),
                    check: None,
                    promises: vec![],
                }
            } else {
                let text = "Sorry, the parcel will arrive within 2 business days.";
                let report = checker.check(&CheckInput::new(text));
                ImportMessage {
                    key: format!("k{i}"),
                    case,
                    customer: None,
                    channel: Some("email".into()),
                    situation: Some("our_fault".into()),
                    category: None,
                    direction: Direction::Outbound,
                    author: Some("Sam".into()),
                    at,
                    body: text.into(),
                    check: Some(CheckRecord::from_report(&report)),
                    promises: extract(text, at, &Calendar::utc())
                        .iter()
                        .map(NewPromise::from)
                        .collect(),
                }
            }
        })
        .collect()
}

async fn import_is_idempotent(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let rows = import_rows(40);
    let now = Timestamp::now();
    let s1 = store
        .import_batch(&rows[..25], Some(3600), now)
        .await
        .unwrap();
    assert_eq!((s1.added, s1.cases), (25, 13));
    let s2 = store.import_batch(&rows, Some(3600), now).await.unwrap();
    assert_eq!((s2.added, s2.skipped, s2.cases), (15, 25, 7));
    let s3 = store.import_batch(&rows, Some(3600), now).await.unwrap();
    assert_eq!((s3.added, s3.skipped), (0, 40));
    assert_eq!(count(&store, "messages").await, 40);
    assert_eq!(count(&store, "cases").await, 20);
    assert_eq!(count(&store, "checks").await, 20);
    assert_eq!(count(&store, "promises").await, 20);
    let known = store
        .known_import_keys(&["k0".into(), "k39".into(), "k40".into()])
        .await
        .unwrap();
    assert_eq!(known, BTreeSet::from(["k0".to_string(), "k39".to_string()]));
    // Case C12 was split across the two batches: its first response is still measured.
    let id = store.resolve_case("C12").await.unwrap();
    let case = store.case(id).await.unwrap();
    assert_eq!(case.first_response_secs, Some(600));
    assert_eq!(case.customer.as_deref(), Some("Customer 12"));
    store.close().await;
}

async fn two_workers_claim_each_followup_once(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let rows = import_rows(400);
    store
        .import_batch(&rows, None, Timestamp::now())
        .await
        .unwrap();
    let total = count(&store, "promises").await;
    assert_eq!(total, 200);
    let now = t("2030-01-01T00:00:00Z");
    // Two workers, each with its own connection pool, as two processes would have.
    let work = |name: &'static str| {
        let url = db.url.clone();
        async move {
            let s = Store::open(&url).await.unwrap();
            let mut mine = Vec::new();
            loop {
                let got = s.claim_followups(name, 7, now, now).await.unwrap();
                if got.is_empty() {
                    break;
                }
                assert!(got.iter().all(|f| f.claimed_by.as_deref() == Some(name)));
                mine.extend(got.into_iter().map(|f| f.id));
                tokio::task::yield_now().await;
            }
            s.close().await;
            mine
        }
    };
    let (a, b) = tokio::join!(spawn(work("alpha")), spawn(work("beta")));
    let (a, b) = (a.unwrap(), b.unwrap());
    let all: BTreeSet<i64> = a.iter().chain(&b).copied().collect();
    assert_eq!(
        a.len() + b.len(),
        total as usize,
        "a follow-up was handed out twice"
    );
    assert_eq!(all.len(), total as usize);
    assert!(
        !a.is_empty() && !b.is_empty(),
        "both workers should get work: {} / {}",
        a.len(),
        b.len()
    );
    assert!(store
        .claim_followups("gamma", 10, now, now)
        .await
        .unwrap()
        .is_empty());
    store.close().await;
}

fn spawn<F>(f: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(f)
}

async fn report_counts(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let rows = import_rows(20);
    store
        .import_batch(&rows, Some(300), Timestamp::now())
        .await
        .unwrap();
    for (i, cause) in ["Courier delay", "courier delay ", "label printer"]
        .iter()
        .enumerate()
    {
        let id = store.resolve_case(&format!("C{i}")).await.unwrap();
        store
            .close_case(
                id,
                &Closing {
                    resolution: "delivered".into(),
                    satisfaction: Some(3 + i as i64 % 2),
                    root_cause: Some(cause.to_string()),
                    prevention: None,
                    at: t("2026-10-01T00:00:00Z"),
                },
            )
            .await
            .unwrap();
    }
    let r = store.report(None, t("2026-12-01T00:00:00Z")).await.unwrap();
    assert_eq!(r.cases, 10);
    assert_eq!(r.closed, 3);
    assert_eq!(r.replies, 10);
    assert_eq!(r.first_response.measured, 10);
    assert_eq!(r.first_response.median_secs, Some(600));
    assert_eq!(r.first_response.within_target, 0);
    assert_eq!(r.categories.len(), 2);
    assert_eq!(
        (r.categories[0].category.as_str(), r.categories[0].cases),
        ("delivery", 5)
    );
    assert_eq!(
        (r.categories[1].category.as_str(), r.categories[1].cases),
        ("uncategorized", 5)
    );
    assert_eq!(r.score_bands.iter().map(|b| b.replies).sum::<i64>(), 10);
    assert_eq!(r.promises.broken, 10);
    assert_eq!(
        r.root_causes,
        vec![Tally {
            name: "courier delay".into(),
            count: 2
        }]
    );
    assert!(
        r.missing
            .iter()
            .any(|t| t.name == "empathy" && t.count == 10),
        "{:?}",
        r.missing
    );
    // Nothing since the future.
    let later = store
        .report(Some(t("2030-01-01T00:00:00Z")), t("2030-01-02T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!((later.cases, later.replies), (0, 0));
    store.close().await;
}

/// Many replies written at once, each a transaction that reads before it writes: every one
/// lands. (On SQLite such a transaction that began as a reader used to fail with "database is
/// locked" when another connection wrote first.)
async fn concurrent_replies_all_land(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let at = t("2026-11-23T09:00:00Z");
    let mut cases = Vec::new();
    for i in 0..8 {
        cases.push(
            store
                .open_case(&new_case(&format!("Customer {i}"), at))
                .await
                .unwrap()
                .id,
        );
    }
    let text = "I'm sorry we charged you twice. I've refunded it and I'll email you tomorrow.";
    let reply = reply(text, "Sam", t("2026-11-23T09:30:00Z"));
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let (store, reply, case) = (store.clone(), reply.clone(), cases[i % cases.len()]);
            spawn(async move { store.add_reply(case, &reply).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(count(&store, "checks").await, 32);
    store.close().await;
}
