//! The composer against the checker: every situation × channel, every subset of facts.

use proptest::prelude::*;
use tact_core::compose::{wanted_facts, CaseFacts, Composer, DraftOptions, Fact};
use tact_core::{Channel, Checker, Situation};

/// A realistic case per situation with every fact given. Each fact's text is distinctive so a
/// test can tell whether it leaked into a draft that wasn't given it.
fn full_case(situation: Situation, channel: Channel) -> CaseFacts {
    let mut f = CaseFacts::new(situation, channel);
    f.customer_name = Some("Dana".into());
    f.company = Some("Northwind".into());
    f.agent_name = Some("Sam".into());
    match situation {
        Situation::OurFault => {
            f.problem = Some("we charged your card twice for order 88213".into());
            f.cause =
                Some("our payment page sent the charge a second time when it timed out".into());
            f.remedy = Some("I've refunded the second $42.10 charge".into());
            f.timeframe = Some("within 3 business days".into());
            f.options = vec![
                "the refund to your card".into(),
                "a store credit of the same amount".into(),
            ];
            f.follow_up = Some("email you on Friday to confirm the refund has arrived".into());
            f.prevention = Some(
                "we've added a check at payment so an order can't be charged twice again".into(),
            );
            f.goodwill =
                Some("I've also added a $10 credit to your account for the trouble".into());
        }
        Situation::NotOurFault => {
            f.problem = Some("your garden chairs are four days late".into());
            f.cause = Some("a storm closed the sorting depot".into());
            f.remedy = Some("we've put your parcel on the first truck out".into());
            f.timeframe = Some("by Thursday".into());
            f.options = vec!["a refund now".into(), "a new delivery slot".into()];
            f.follow_up = Some("check the tracking on Thursday morning and message you".into());
        }
        Situation::CustomerMistaken => {
            f.problem = Some("the spring coupon didn't work at checkout".into());
            f.cause = Some("the coupon ended on 30 April".into());
            f.options = vec!["10% off your next order".into(), "free shipping".into()];
            f.follow_up =
                Some("keep an eye on your order and make sure the discount is applied".into());
        }
        Situation::PolicyNo => {
            f.problem = Some("you'd like a refund for your January jacket".into());
            f.cause = Some("refunds close 30 days after delivery".into());
            f.options = vec!["an exchange".into(), "a free zip repair".into()];
            f.follow_up =
                Some("email you the exchange label today once you tell me which you'd like".into());
        }
    }
    f
}

fn checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| Checker::builtin().unwrap())
}

fn composer() -> &'static Composer {
    static C: std::sync::OnceLock<Composer> = std::sync::OnceLock::new();
    C.get_or_init(|| Composer::builtin().unwrap())
}

#[test]
fn full_facts_score_90_without_anti_patterns() {
    let mut bad = Vec::new();
    for &s in Situation::ALL {
        for &c in Channel::ALL {
            for variant in 0..4 {
                let f = full_case(s, c);
                let d = composer()
                    .draft(
                        checker(),
                        &f,
                        DraftOptions {
                            variant,
                            placeholders: false,
                        },
                    )
                    .unwrap();
                println!(
                    "{s} {c} v{variant}: {} {:?} missing={:?} words={}",
                    d.report.score, d.report.anti_patterns, d.report.missing, d.report.words
                );
                if d.report.score < 90 || !d.report.anti_patterns.is_empty() {
                    bad.push(format!(
                        "{s} {c} v{variant}: {}\n{}\n{:#?}",
                        d.report.score, d.text, d.report.breakdown
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}

fn situation() -> impl Strategy<Value = Situation> {
    prop::sample::select(Situation::ALL.to_vec())
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any subset of a case's facts: the draft renders, leaves no template syntax, says only
    /// the facts it was given, and names every wanted fact it lacks.
    #[test]
    fn drafts_use_only_the_given_facts(
        s in situation(),
        c in channel(),
        keep in prop::collection::vec(any::<bool>(), Fact::ALL.len()),
        variant in 0u64..6,
    ) {
        let full = full_case(s, c);
        let mut f = CaseFacts::new(s, c);
        for (&fact, &k) in Fact::ALL.iter().zip(&keep) {
            if k && fact != Fact::CustomerMessage {
                match fact {
                    Fact::Options => f.options = full.options.clone(),
                    _ => f.set(fact, full.get(fact)),
                }
            }
        }
        let d = composer()
            .draft(checker(), &f, DraftOptions { variant, placeholders: false })
            .unwrap();
        prop_assert!(!d.text.contains("{{") && !d.text.contains("{%") && !d.text.contains("[["), "{}", d.text);
        prop_assert!(!d.text.trim().is_empty());
        for &fact in Fact::ALL {
            if f.has(fact) {
                continue;
            }
            let texts: Vec<String> = match fact {
                Fact::Options => full.options.clone(),
                _ => full.get(fact).into_iter().collect(),
            };
            for t in texts {
                prop_assert!(!d.text.contains(&t), "{fact} not given but `{t}` appears:\n{}", d.text);
            }
        }
        let wanted = wanted_facts(s, c);
        let missing: Vec<Fact> = d.missing_facts.iter().map(|m| m.fact).collect();
        let expected: Vec<Fact> = wanted.iter().copied().filter(|w| !f.has(*w)).collect();
        prop_assert_eq!(missing, expected);
        if wanted.iter().all(|w| f.has(*w)) {
            prop_assert!(d.report.score >= 90, "{s} {c}: {}\n{}", d.report.score, d.text);
            prop_assert!(d.report.anti_patterns.is_empty(), "{:?}\n{}", d.report.anti_patterns, d.text);
        }
    }

    /// With placeholders every missing wanted fact is marked for the agent.
    #[test]
    fn placeholders_mark_missing_facts(s in situation(), c in channel()) {
        let f = CaseFacts::new(s, c);
        let text = composer()
            .render(&f, DraftOptions { variant: 0, placeholders: true })
            .unwrap();
        prop_assert!(text.contains("[[customer_name]]"), "{}", text);
        prop_assert!(!text.contains("{{"));
    }
}

#[test]
fn variants_differ_and_repeat_with_the_same_seed() {
    let f = full_case(Situation::OurFault, Channel::Email);
    let a = composer().variants(checker(), &f, 3, 7, false).unwrap();
    let b = composer().variants(checker(), &f, 3, 7, false).unwrap();
    assert_eq!(a.len(), 3);
    let ta: Vec<&str> = a.iter().map(|d| d.text.as_str()).collect();
    let tb: Vec<&str> = b.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(ta, tb);
    assert!(ta[0] != ta[1] && ta[1] != ta[2] && ta[0] != ta[2]);
}

#[test]
fn missing_facts_cost_points() {
    let f = CaseFacts::new(Situation::NotOurFault, Channel::Email);
    let d = composer()
        .draft(checker(), &f, DraftOptions::default())
        .unwrap();
    let cost = |fact: Fact| {
        d.missing_facts
            .iter()
            .find(|m| m.fact == fact)
            .unwrap()
            .cost
    };
    assert!(cost(Fact::Cause) > 0, "{:?}", d.missing_facts);
    assert!(cost(Fact::Options) > 0, "{:?}", d.missing_facts);
}

/// One representative draft per situation × channel, so wording changes are reviewed.
#[test]
fn snapshots_of_full_fact_drafts() {
    for &s in Situation::ALL {
        for &c in Channel::ALL {
            let d = composer()
                .draft(checker(), &full_case(s, c), DraftOptions::default())
                .unwrap();
            let shown = format!(
                "{}\n---\nscore: {}\ncomponents: {:?}\nanti_patterns: {:?}\n",
                d.text, d.report.score, d.report.components, d.report.anti_patterns
            );
            insta::assert_snapshot!(format!("draft_{s}_{c}"), shown);
        }
    }
}

/// The seeds' classic cases in examples/cases: each parses and drafts a reply that passes.
#[test]
fn classic_cases_pass_the_checker() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/cases");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let f = CaseFacts::from_toml(&name, &text).unwrap();
        let d = composer()
            .draft(checker(), &f, DraftOptions::default())
            .unwrap();
        assert!(
            d.report.score >= 90 && d.report.anti_patterns.is_empty(),
            "{name}: {} {:?}\n{}",
            d.report.score,
            d.report.anti_patterns,
            d.text
        );
        names.push(name);
    }
    names.sort();
    assert_eq!(
        names,
        [
            "double-charge.toml",
            "expired-coupon.toml",
            "late-delivery.toml",
            "meal-eaten-refund.toml",
            "out-of-stock.toml",
            "outage.toml",
            "price-increase.toml",
            "rude-agent.toml"
        ]
    );
}
