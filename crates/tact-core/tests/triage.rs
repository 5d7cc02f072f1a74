//! Triage properties: no input panics, spans lie on char boundaries inside the text, and the
//! public shape other parts of tact rely on.

use proptest::prelude::*;
use tact_core::triage::{triage, Category, Urgency, UrgencyReason};
use tact_core::{Component, Situation};

fn check_spans(text: &str) {
    let t = triage(text).expect("built-in model");
    for e in &t.evidence {
        assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
        assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "{e:?}"
        );
        assert_eq!(&text[e.start..e.end], e.text);
    }
    let f = &t.facts;
    for x in f
        .customer_name
        .iter()
        .chain(&f.references)
        .chain(&f.amounts)
        .chain(&f.dates)
        .chain(&f.products)
    {
        assert!(
            text.is_char_boundary(x.start) && text.is_char_boundary(x.end),
            "{x:?}"
        );
        assert_eq!(&text[x.start..x.end], x.text);
    }
    for p in t.emotions.values() {
        assert!((0.0..=1.0).contains(p));
    }
    assert!((0.0..=1.0).contains(&t.complaint.probability));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_text_is_triaged_without_panic(s in "\\PC{0,200}") {
        check_spans(&s);
    }

    #[test]
    fn messy_customer_text(s in "([A-Za-z]{1,8}|[0-9]{1,6}|[!?.,#$£'’ ]|😡|🙏|\n|é){0,60}") {
        check_spans(&s);
    }
}

#[test]
fn an_angry_repeat_complaint() {
    let text = "3rd time this week!!! ORDER #A12345 STILL hasn't arrived, it was supposed to come Monday. I want my $49.99 back or I'm cancelling my account.";
    check_spans(text);
    let t = triage(text).unwrap();
    assert!(t.complaint.is_complaint);
    assert!(t.urgency >= Urgency::High, "{:?}", t.urgency_reasons);
    assert!(t.repeated_contact());
    assert!(t.needs.contains(&Component::Empathy));
    assert!(t.needs.contains(&Component::Ownership));
    assert!(t.facts.references.iter().any(|r| r.text == "A12345"));
    assert!(t.facts.amounts.iter().any(|r| r.text == "$49.99"));
    // Serializes with snake_case ids, as stores and the API expect.
    let v = serde_json::to_value(&t).unwrap();
    assert!(v["category"].as_str().unwrap().parse::<Category>().is_ok());
    assert!(v["situation"]
        .as_str()
        .unwrap()
        .parse::<Situation>()
        .is_ok());
    assert!(v["urgency"].as_str().unwrap().parse::<Urgency>().is_ok());
}

#[test]
fn thanks_is_not_a_complaint_and_safety_is_critical() {
    let t =
        triage("Thank you so much for sorting my refund so quickly, you were brilliant!").unwrap();
    assert!(!t.complaint.is_complaint, "{:?}", t.complaint);
    assert!(t.present.iter().any(|e| e == "gratitude"));
    let t = triage("The charger you sold me caught fire last night and burned my desk").unwrap();
    assert_eq!(t.urgency, Urgency::Critical);
}

#[test]
fn a_repeat_contact_with_a_deadline_is_high() {
    for text in [
        "This is the third time I'm writing about my passport renewal. I need it back by Friday for my flight.",
        "I already emailed about the missing invoice and we need it before the end of the day today.",
    ] {
        let t = triage(text).unwrap();
        let has = |r| t.urgency_reasons.contains(&r);
        assert!(
            has(UrgencyReason::RepeatedContact) && has(UrgencyReason::Deadline),
            "{text}: {:?}",
            t.urgency_reasons
        );
        assert!(t.urgency >= Urgency::High, "{text}: {:?}", t.urgency);
    }
    // A deadline alone, politely asked, is not raised.
    let t = triage("Could you send the invoice by Friday? Thanks!").unwrap();
    assert!(t.urgency < Urgency::High, "{:?}", t.urgency);
}

#[test]
fn an_ultimatum_is_a_threat_to_leave() {
    for text in [
        "My order was supposed to arrive Monday. Fix it or I'm leaving.",
        "Sort this out today, otherwise we will be going elsewhere",
        "I want to close my account after this.",
    ] {
        let t = triage(text).unwrap();
        assert!(
            t.urgency_reasons.contains(&UrgencyReason::ThreatToLeave),
            "{text}: {:?}",
            t.urgency_reasons
        );
        assert!(t.urgency >= Urgency::High, "{text}: {:?}", t.urgency);
    }
    let t = triage("I'm leaving for a trip on Monday, can I change my delivery address?").unwrap();
    assert!(!t.urgency_reasons.contains(&UrgencyReason::ThreatToLeave));
}

#[test]
fn the_handle_and_links_are_not_shown_as_the_words_behind_a_judgement() {
    for text in [
        "@AcmeBank 3rd time this week!!! My card was charged $40 TWICE and nobody has replied. Sort it out by Friday or I'm switching banks.",
        "@united @united lost my bag again, 2 days now and no call back www.example.com/x pic.twitter.com/abc",
        "@user so annoyed, the app keeps crashing https://t.co/xyz",
    ] {
        check_spans(text);
        let t = triage(text).unwrap();
        assert!(!t.evidence.is_empty(), "{text}");
        for e in &t.evidence {
            assert!(
                e.text.split(' ').any(|w| !w.starts_with('@')
                    && !w.starts_with("http")
                    && !w.starts_with("www.")
                    && !w.starts_with("pic.twitter.com")),
                "{e:?}"
            );
        }
    }
}
