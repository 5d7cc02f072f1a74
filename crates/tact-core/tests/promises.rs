//! Promise extraction never panics, and what it returns points into the reply.

use proptest::prelude::*;
use tact_core::config::TeamConfig;
use tact_core::promises::{extract, Calendar};

fn calendars() -> Vec<Calendar> {
    let mut v = vec![Calendar::utc()];
    for (tz, days) in [
        ("Europe/Berlin", vec!["mon", "tue", "wed", "thu", "fri"]),
        (
            "America/Los_Angeles",
            vec!["sun", "mon", "tue", "wed", "thu"],
        ),
        ("+05:30", vec!["sat"]),
    ] {
        let team = TeamConfig {
            timezone: tz.into(),
            business_days: days.into_iter().map(String::from).collect(),
            ..TeamConfig::default()
        };
        v.push(Calendar::from_team(&team).unwrap());
    }
    v
}

const PIECES: &[&str] = &[
    "I'll call you ",
    "we'll update you ",
    "your refund will arrive ",
    "please allow ",
    "if you ",
    "tomorrow",
    "by Friday 5pm",
    "within 3-5 business days",
    "in 24 hours",
    "next week",
    "by end of day",
    "on December 31",
    "by 11:59pm",
    "in 9999 days",
    "within 3660 weeks",
    "on February 30",
    "on 2026-02-30",
    "this afternoon",
    "early next week",
    ", and ",
    ". ",
    "? ",
    "\u{2019}",
    "é",
    "  \n",
    "at 12am tomorrow",
    "the next business day",
    "by 5pm on Sunday",
    "in a couple of hours",
];

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}", secs in -1_000_000_000i64..4_000_000_000i64) {
        let sent = jiff::Timestamp::from_second(secs).unwrap();
        for cal in calendars() {
            for p in extract(&text, sent, &cal) {
                prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
                prop_assert!(text.is_char_boundary(p.when_start) && text.is_char_boundary(p.when_end));
                prop_assert!(p.due >= sent);
            }
        }
    }

    #[test]
    fn promise_like_text_has_sound_spans(parts in proptest::collection::vec(0..PIECES.len(), 0..12),
                                          secs in 0i64..4_000_000_000i64) {
        let text: String = parts.iter().map(|i| PIECES[*i]).collect();
        let sent = jiff::Timestamp::from_second(secs).unwrap();
        for cal in calendars() {
            for p in extract(&text, sent, &cal) {
                prop_assert_eq!(&text[p.start..p.end], p.text.as_str());
                prop_assert!(p.start <= p.when_start && p.when_end <= p.end.max(p.when_end));
                prop_assert_eq!(&text[p.when_start..p.when_end], p.when.as_str());
                prop_assert!(p.due >= sent);
            }
        }
    }
}
