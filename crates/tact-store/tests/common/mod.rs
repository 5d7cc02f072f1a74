//! What the store's test files share: the macro that runs a test on both databases, and the
//! cases and replies they write.

#![allow(dead_code)]

use jiff::Timestamp;
use tact_core::promises::{extract, Calendar};
use tact_core::{CheckInput, Checker};
use tact_store::*;

pub fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Run the test function `$name(&TestDb)` against SQLite, then against PostgreSQL when
/// `TACT_TEST_POSTGRES_URL` is set (a fresh database, dropped afterwards).
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = tact_store::testing::TestDb::sqlite().unwrap();
                super::$name(&db).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = tact_store::testing::TestDb::postgres().await.unwrap() else {
                    eprintln!("TACT_TEST_POSTGRES_URL is not set: PostgreSQL not tested");
                    return;
                };
                super::$name(&db).await;
                db.cleanup().await;
            }
        }
    };
}
pub(crate) use on_both;

/// A reply by `author`, checked by the built-in rules, with the promises it makes.
pub fn reply(text: &str, author: &str, sent: Timestamp) -> NewReply {
    let checker = Checker::builtin().unwrap();
    let report = checker.check(&CheckInput::new(text));
    NewReply {
        body: text.into(),
        author: Some(author.into()),
        sent_at: sent,
        check: CheckRecord::from_report(&report),
        promises: extract(text, sent, &Calendar::utc())
            .iter()
            .map(NewPromise::from)
            .collect(),
        first_response_target_secs: Some(3600),
    }
}

/// An email case opened at `at` with a customer's first message.
pub fn new_case(customer: &str, at: Timestamp) -> NewCase {
    NewCase {
        external_id: None,
        customer: Some(customer.into()),
        channel: "email".into(),
        opened_at: at,
        situation: Some("our_fault".into()),
        triage: None,
        message: Some("You charged me twice for order 88213!".into()),
    }
}
