//! Teams, users, tokens, team-scoped work, exemplars and the report's breakdowns, against a
//! SQLite file always and a fresh PostgreSQL database when `TACT_TEST_POSTGRES_URL` is set.

mod common;

use common::{new_case, on_both, reply, t};
use jiff::{Timestamp, ToSpan};
use tact_store::testing::TestDb;
use tact_store::*;

on_both!(users_passwords_and_teams);
on_both!(tokens_authenticate_expire_and_delete);
on_both!(cases_and_followups_stay_in_their_team);
on_both!(exemplars_star_and_unstar);
on_both!(report_breaks_down_by_period_agent_and_team);
on_both!(cases_from_before_teams_join_the_default_team);

async fn add_user(store: &Store, login: &str, role: Role, team: &Team) -> User {
    store
        .create_user(&NewUser {
            login: login.into(),
            name: Some(format!("{login} name")),
            password: format!("{login}-secret-pw"),
            role,
            team_id: team.id,
        })
        .await
        .unwrap()
}

async fn users_passwords_and_teams(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    // The migration makes the team `default`; nobody can sign in yet.
    let teams = store.teams().await.unwrap();
    assert_eq!(
        teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["default"]
    );
    assert_eq!(store.user_count().await.unwrap(), 0);
    let billing = store.create_team("billing").await.unwrap();
    assert!(matches!(
        store.create_team("billing").await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.ensure_team("billing").await.unwrap(), billing);
    let ana = add_user(&store, "ana", Role::Agent, &billing).await;
    assert_eq!(ana.role, Role::Agent);
    assert_eq!(ana.team, billing);
    assert_eq!(ana.name.as_deref(), Some("ana name"));
    assert!(matches!(
        store
            .create_user(&NewUser {
                login: "ana".into(),
                name: None,
                password: "another-password".into(),
                role: Role::Lead,
                team_id: billing.id,
            })
            .await,
        Err(StoreError::Conflict(_))
    ));
    for (login, password) in [("bo", "short"), ("has space", "long enough pw"), ("", "x")] {
        let err = store
            .create_user(&NewUser {
                login: login.into(),
                name: None,
                password: password.into(),
                role: Role::Agent,
                team_id: billing.id,
            })
            .await
            .unwrap_err();
        assert!(err.is_user_error(), "{err}");
    }
    // The password is kept as an Argon2id PHC string, never as given.
    let hash: String = {
        use sqlx::Row;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let row = sqlx::query("SELECT password_hash FROM users WHERE login = 'ana'")
            .fetch_one(&pool)
            .await
            .unwrap();
        let h = row.try_get("password_hash").unwrap();
        pool.close().await;
        h
    };
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("ana-secret-pw"));
    assert_eq!(
        store
            .check_password("ana", "ana-secret-pw")
            .await
            .unwrap()
            .map(|u| u.id),
        Some(ana.id)
    );
    assert_eq!(store.check_password("ana", "wrong-pw").await.unwrap(), None);
    assert_eq!(store.check_password("nobody", "x").await.unwrap(), None);
    let lead = add_user(&store, "lee", Role::Lead, &teams[0]).await;
    assert_eq!(store.user_count().await.unwrap(), 2);
    assert_eq!(
        store
            .users(Some(billing.id))
            .await
            .unwrap()
            .iter()
            .map(|u| u.login.as_str())
            .collect::<Vec<_>>(),
        ["ana"]
    );
    assert_eq!(store.users(None).await.unwrap().len(), 2);
    assert_eq!(store.user_by_login("lee").await.unwrap(), Some(lead));
    store.close().await;
}

async fn tokens_authenticate_expire_and_delete(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let team = store.ensure_team("default").await.unwrap();
    let ana = add_user(&store, "ana", Role::Agent, &team).await;
    let now = Timestamp::now();
    let (api, secret) = store
        .create_token(ana.id, TokenKind::Api, "script", None)
        .await
        .unwrap();
    assert!(secret.starts_with("tact_") && secret.len() > 40, "{secret}");
    let (session, session_secret) = store
        .create_token(ana.id, TokenKind::Session, "web", Some(now + 1.hour()))
        .await
        .unwrap();
    assert_ne!(secret, session_secret);
    let (user, token) = store.authenticate(&secret, now).await.unwrap().unwrap();
    assert_eq!(
        (user.id, token.id, token.kind),
        (ana.id, api.id, TokenKind::Api)
    );
    assert!(store
        .authenticate("tact_0000", now)
        .await
        .unwrap()
        .is_none());
    // Sessions end when they expire.
    assert!(store
        .authenticate(&session_secret, now)
        .await
        .unwrap()
        .is_some());
    assert!(store
        .authenticate(&session_secret, now + 2.hours())
        .await
        .unwrap()
        .is_none());
    // Only the hash of a secret is stored.
    {
        use sqlx::Row;
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let rows = sqlx::query("SELECT secret_hash FROM tokens")
            .fetch_all(&pool)
            .await
            .unwrap();
        for r in rows {
            let h: String = r.try_get("secret_hash").unwrap();
            assert_eq!(h.len(), 64);
            assert_ne!(h, secret);
            assert!(!h.contains(&secret[5..]));
        }
        pool.close().await;
    }
    let listed = store.tokens(ana.id, now).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(!store.delete_token(ana.id + 1, api.id).await.unwrap());
    assert!(store.delete_token(ana.id, api.id).await.unwrap());
    assert!(store.authenticate(&secret, now).await.unwrap().is_none());
    assert_eq!(
        store.purge_expired_tokens(now + 2.hours()).await.unwrap(),
        1
    );
    assert!(store.tokens(ana.id, now).await.unwrap().is_empty());
    let _ = session;
    store.close().await;
}

async fn cases_and_followups_stay_in_their_team(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let red = store.create_team("red").await.unwrap();
    let blue = store.create_team("blue").await.unwrap();
    let opened = t("2026-11-23T09:00:00Z");
    let a = store
        .open_case_in(Some(red.id), &new_case("Dana", opened))
        .await
        .unwrap();
    let b = store
        .open_case_in(Some(blue.id), &new_case("Eli", opened + 1.hour()))
        .await
        .unwrap();
    assert_eq!(a.team_id, Some(red.id));
    assert_eq!(store.case_team(b.id).await.unwrap(), Some(blue.id));
    assert_eq!(store.case_team(b.id + 100).await.unwrap(), None);
    let sent = opened + 30.minutes();
    store
        .add_reply(a.id, &reply("Sorry. I'll call you tomorrow.", "ana", sent))
        .await
        .unwrap();
    store
        .add_reply(
            b.id,
            &reply("Sorry. I will email you by Friday.", "bo", sent),
        )
        .await
        .unwrap();
    let red_cases = store
        .cases(&CaseFilter {
            team_id: Some(red.id),
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(red_cases.len(), 1);
    assert_eq!(red_cases[0].case.id, a.id);
    assert!(red_cases[0].last_score.is_some());
    let all = store.cases(&CaseFilter::default()).await.unwrap();
    assert_eq!(
        all.iter().map(|c| c.case.id).collect::<Vec<_>>(),
        [b.id, a.id],
        "newest first"
    );
    let closed = store
        .cases(&CaseFilter {
            status: Some("closed".into()),
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert!(closed.is_empty());
    assert!(store
        .cases(&CaseFilter {
            status: Some("maybe".into()),
            ..CaseFilter::default()
        })
        .await
        .unwrap_err()
        .is_user_error());
    let paged = store
        .cases(&CaseFilter {
            limit: 1,
            offset: 1,
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(paged.len(), 1);
    assert_eq!(paged[0].case.id, a.id);

    let now = sent + 1.minute();
    let red_f = store
        .followups_where(
            &FollowupFilter {
                team_id: Some(red.id),
                ..FollowupFilter::default()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(red_f.len(), 1);
    assert_eq!(red_f[0].case_id, a.id);
    assert_eq!(
        store.followup_team(red_f[0].id).await.unwrap(),
        Some(red.id)
    );
    let mine = store
        .followups_where(
            &FollowupFilter {
                author: Some("bo".into()),
                ..FollowupFilter::default()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].case_id, b.id);
    // Due within a day: tomorrow's call, not Friday's email (2026-11-27).
    let due = store
        .followups_where(
            &FollowupFilter {
                due_before: Some(now + 48.hours()),
                ..FollowupFilter::default()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        due.iter().map(|f| f.case_id).collect::<Vec<_>>(),
        [a.id],
        "{due:?}"
    );
    store.close().await;
}

async fn exemplars_star_and_unstar(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let red = store.create_team("red").await.unwrap();
    let blue = store.create_team("blue").await.unwrap();
    let lead = add_user(&store, "lee", Role::Lead, &red).await;
    let opened = t("2026-11-23T09:00:00Z");
    let case = store
        .open_case_in(Some(red.id), &new_case("Dana", opened))
        .await
        .unwrap();
    let out = store
        .add_reply(
            case.id,
            &reply(
                "I'm sorry we charged you twice for order 88213. I have refunded the second charge.",
                "ana",
                opened + 10.minutes(),
            ),
        )
        .await
        .unwrap();
    let inbound = store
        .timeline(case.id, opened)
        .await
        .unwrap()
        .messages
        .iter()
        .find(|m| m.direction == "inbound")
        .unwrap()
        .id;
    assert!(store
        .star(inbound, lead.id, None, opened)
        .await
        .unwrap_err()
        .is_user_error());
    let e = store
        .star(out.message_id, lead.id, Some("names the order"), opened)
        .await
        .unwrap();
    assert_eq!(
        (e.case_id, e.starred_by.as_deref(), e.note.as_deref()),
        (case.id, Some("lee"), Some("names the order"))
    );
    assert!(e.score.is_some());
    // Starring again replaces the note.
    store
        .star(out.message_id, lead.id, Some("clear refund"), opened)
        .await
        .unwrap();
    let red_list = store.exemplars(Some(red.id)).await.unwrap();
    assert_eq!(red_list.len(), 1);
    assert_eq!(red_list[0].note.as_deref(), Some("clear refund"));
    assert!(store.exemplars(Some(blue.id)).await.unwrap().is_empty());
    let tl = store.timeline(case.id, opened).await.unwrap();
    assert!(tl
        .messages
        .iter()
        .any(|m| m.id == out.message_id && m.starred));
    assert!(tl.messages.iter().any(|m| m.id == inbound && !m.starred));
    assert!(store.unstar(out.message_id).await.unwrap());
    assert!(!store.unstar(out.message_id).await.unwrap());
    assert!(store.exemplars(None).await.unwrap().is_empty());
    store.close().await;
}

async fn report_breaks_down_by_period_agent_and_team(db: &TestDb) {
    let store = Store::open(&db.url).await.unwrap();
    let red = store.create_team("red").await.unwrap();
    let blue = store.create_team("blue").await.unwrap();
    // Two red cases on Monday 23rd, one blue case on Wednesday 25th.
    let day1 = t("2026-11-23T09:00:00Z");
    let day3 = t("2026-11-25T09:00:00Z");
    for (team, at, agent, delay) in [
        (&red, day1, "ana", 10),
        (&red, day1 + 1.hour(), "ana", 30),
        (&blue, day3, "bo", 20),
    ] {
        let c = store
            .open_case_in(Some(team.id), &new_case("Dana", at))
            .await
            .unwrap();
        store
            .add_reply(
                c.id,
                &reply(
                    "Sorry for any inconvenience. I'll call you tomorrow.",
                    agent,
                    at + delay.minutes(),
                ),
            )
            .await
            .unwrap();
    }
    let now = t("2026-12-01T00:00:00Z");
    let all = ReportScope::new(None, now);
    let b = store.report_breakdowns(&all, Bucket::Day).await.unwrap();
    // Monday to Wednesday, Tuesday empty.
    assert_eq!(b.series.len(), 3, "{:?}", b.series);
    assert_eq!(b.series[0].period, t("2026-11-23T00:00:00Z"));
    assert_eq!(
        b.series.iter().map(|p| p.replies).collect::<Vec<_>>(),
        [2, 0, 1]
    );
    assert_eq!(
        b.series.iter().map(|p| p.cases).collect::<Vec<_>>(),
        [2, 0, 1]
    );
    assert_eq!(b.series[0].median_first_response_secs, Some(600));
    assert_eq!(b.series[2].median_first_response_secs, Some(1200));
    assert_eq!(b.series[1].mean_score, None);
    // Every promise is a day old at `now` and was never followed up: broken.
    assert_eq!(
        b.series
            .iter()
            .map(|p| p.promises_broken)
            .collect::<Vec<_>>(),
        [2, 0, 1]
    );
    let weekly = store.report_breakdowns(&all, Bucket::Week).await.unwrap();
    assert_eq!(weekly.series.len(), 1);
    assert_eq!(weekly.series[0].period, t("2026-11-23T00:00:00Z"));
    assert_eq!(weekly.series[0].replies, 3);

    let logins: Vec<(&str, i64)> = b
        .agents
        .iter()
        .map(|a| (a.login.as_str(), a.replies))
        .collect();
    assert_eq!(logins, [("ana", 2), ("bo", 1)]);
    assert_eq!(b.agents[0].first_response_median_secs, Some(600));
    assert!(b.agents[0]
        .top_anti_patterns
        .iter()
        .any(|t| t.name == "generic" && t.count == 2));
    let teams: Vec<(&str, i64, i64)> = b
        .teams
        .iter()
        .map(|t| (t.name.as_str(), t.cases, t.replies))
        .collect();
    assert!(teams.contains(&("red", 2, 2)), "{teams:?}");
    assert!(teams.contains(&("blue", 1, 1)), "{teams:?}");
    assert!(teams.contains(&("default", 0, 0)), "{teams:?}");

    // One team: the base report and the breakdowns count only its work.
    let red_scope = ReportScope {
        team_id: Some(red.id),
        ..all.clone()
    };
    let r = store.report_scoped(&red_scope).await.unwrap();
    assert_eq!((r.cases, r.replies, r.promises.broken), (2, 2, 2));
    let rb = store
        .report_breakdowns(&red_scope, Bucket::Day)
        .await
        .unwrap();
    assert_eq!(rb.teams.len(), 1);
    assert_eq!(rb.agents.len(), 1);
    // One agent.
    let bo_scope = ReportScope {
        agent: Some("bo".into()),
        ..all.clone()
    };
    let r = store.report_scoped(&bo_scope).await.unwrap();
    assert_eq!((r.cases, r.replies), (1, 1));
    let everything = store.report_scoped(&all).await.unwrap();
    assert_eq!((everything.cases, everything.replies), (3, 3));
    store.close().await;
}

async fn cases_from_before_teams_join_the_default_team(db: &TestDb) {
    // Migrations 1 and 2, and a case.
    sqlx::any::install_default_drivers();
    {
        use sqlx::Executor;
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let backend = Backend::of_url(&db.url).unwrap();
        let dir = match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        for f in ["0001_cases.sql", "0002_report_indexes.sql"] {
            let path = format!("{}/migrations/{dir}/{f}", env!("CARGO_MANIFEST_DIR"));
            let sql = std::fs::read_to_string(path).unwrap();
            pool.execute(sqlx::AssertSqlSafe(sql)).await.unwrap();
        }
        pool.execute(
            "INSERT INTO cases (customer, channel, opened_at) VALUES ('Old', 'email', 1700000000)",
        )
        .await
        .unwrap();
        pool.close().await;
    }
    // Then migration 3: the case joins the team `default`.
    let sql = match Backend::of_url(&db.url).unwrap() {
        Backend::Sqlite => include_str!("../migrations/sqlite/0003_teams_users.sql"),
        Backend::Postgres => include_str!("../migrations/postgres/0003_teams_users.sql"),
    };
    {
        use sqlx::{Executor, Row};
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        pool.execute(sqlx::AssertSqlSafe(sql.to_string()))
            .await
            .unwrap();
        let row = sqlx::query(
            "SELECT t.name AS name FROM cases c JOIN teams t ON t.id = c.team_id \
             WHERE c.customer = 'Old'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let name: String = row.try_get("name").unwrap();
        assert_eq!(name, "default");
        pool.close().await;
    }
}
