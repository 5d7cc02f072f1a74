//! Properties of the checker on arbitrary input: nothing panics, every span lies on char
//! boundaries inside the text, fixes never overlap, and applying them keeps valid UTF-8.

use proptest::prelude::*;
use std::sync::OnceLock;
use tact_core::{
    apply_fixes, Applicability, Channel, CheckInput, Checker, Diagnostic, Report, Situation,
};

fn checker() -> &'static Checker {
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(|| Checker::builtin().expect("built-in packs compile"))
}

/// Fragments real replies are made of, so generated texts reach the rules, mixed with noise.
const FRAGMENTS: &[&str] = &[
    "Sorry for any inconvenience",
    "We apologize if you feel that way",
    "I'm so sorry we charged you twice",
    "That was our mistake",
    "I've refunded $42.10 today",
    "it will reach your card within 3 business days",
    "Per our policy there is nothing we can do",
    "The courier messed up, not us",
    "PLEASE DM US YOUR ORDER NUMBER",
    "We'll look into it",
    "I understand how frustrating this must be",
    "Hi Dana,",
    "Thanks, Sam",
    "you should have read the terms",
    "We're not sorry",
    "!!!",
    "🙂",
    "é",
    "\n\n",
    "  ",
    "–",
    "“quoted”",
    "can't",
    "SLA breach on the API endpoint",
];

fn reply_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[a-zA-Z ,.!?'$0-9-]{0,30}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.join(" "))
}

fn situation() -> impl Strategy<Value = Situation> {
    prop::sample::select(vec![
        Situation::OurFault,
        Situation::NotOurFault,
        Situation::CustomerMistaken,
        Situation::PolicyNo,
    ])
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(vec![
        Channel::Email,
        Channel::Chat,
        Channel::Social,
        Channel::Sms,
        Channel::Phone,
    ])
}

fn assert_span(text: &str, start: usize, end: usize, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && end <= text.len(),
        "{what} {start}..{end} outside 0..{}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} {start}..{end} splits a character"
    );
    Ok(())
}

fn assert_report(text: &str, report: &Report) -> Result<(), TestCaseError> {
    prop_assert!(report.score <= 100);
    for d in &report.diagnostics {
        assert_span(text, d.start, d.end, &d.code)?;
        if let Some(fix) = &d.fix {
            let mut edits: Vec<_> = fix.edits.iter().collect();
            edits.sort_by_key(|e| (e.start, e.end));
            for e in &edits {
                assert_span(text, e.start, e.end, &format!("{} fix", d.code))?;
            }
            for w in edits.windows(2) {
                prop_assert!(
                    w[0].end <= w[1].start,
                    "{}: edits of one fix overlap",
                    d.code
                );
            }
        }
    }
    for e in &report.evidence {
        assert_span(text, e.start, e.end, &e.code)?;
    }
    // Fixes that would be applied together never overlap one another.
    let mut spans: Vec<(usize, usize, &str)> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
        .filter(|(_, f)| f.applicability != Applicability::DisplayOnly)
        .flat_map(|(d, f)| {
            f.edits
                .iter()
                .map(move |e| (e.start, e.end, d.code.as_str()))
        })
        .collect();
    spans.sort();
    for w in spans.windows(2) {
        prop_assert!(
            w[0].1 <= w[1].0,
            "fixes of {} ({}..{}) and {} ({}..{}) overlap",
            w[0].2,
            w[0].0,
            w[0].1,
            w[1].2,
            w[1].0,
            w[1].1
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), customer in prop::option::of(any::<String>()),
                                   sit in situation(), ch in channel()) {
        let input = CheckInput { text: &text, situation: sit, channel: ch, customer: customer.as_deref() };
        let report = checker().check(&input);
        assert_report(&text, &report)?;
    }

    #[test]
    fn reply_like_text_has_sound_spans_and_fixes(text in reply_like(), customer in prop::option::of(reply_like()),
                                                 sit in situation(), ch in channel()) {
        let input = CheckInput { text: &text, situation: sit, channel: ch, customer: customer.as_deref() };
        let report = checker().check(&input);
        assert_report(&text, &report)?;
        for include_unsafe in [false, true] {
            let (fixed, _) = apply_fixes(&text, &report.diagnostics, include_unsafe);
            // A String is valid UTF-8 by construction; checking the result again must hold too.
            let again = checker().check(&CheckInput { text: &fixed, ..input });
            assert_report(&fixed, &again)?;
        }
    }

    /// Checking replies together gives each the report it gets alone, whatever its neighbours
    /// (situations, channels and customers mixed within the batch).
    #[test]
    fn a_batch_reports_each_reply_as_alone(
        replies in prop::collection::vec(
            (reply_like(), prop::option::of(reply_like()), situation(), channel()),
            0..12,
        )
    ) {
        let inputs: Vec<CheckInput> = replies
            .iter()
            .map(|(text, customer, sit, ch)| CheckInput {
                text,
                situation: *sit,
                channel: *ch,
                customer: customer.as_deref(),
            })
            .collect();
        let together = checker().check_all(&inputs);
        prop_assert_eq!(together.len(), inputs.len());
        for (input, report) in inputs.iter().zip(&together) {
            prop_assert_eq!(report, &checker().check(input));
        }
    }
}

/// Hard-wrap a text at `width` bytes, as a mail client does: spaces inside a paragraph become
/// line breaks where a line would grow too long.
fn hard_wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (p, para) in text.split("\n\n").enumerate() {
        if p > 0 {
            out.push_str("\n\n");
        }
        let mut line = 0;
        for (k, word) in para.split(' ').enumerate() {
            if k > 0 {
                if line + 1 + word.len() > width {
                    out.push('\n');
                    line = 0;
                } else {
                    out.push(' ');
                    line += 1;
                }
            }
            out.push_str(word);
            line += word.len();
        }
    }
    out
}

#[test]
fn hard_wrapping_an_email_changes_nothing_found() {
    let replies = [
        "Hi Dana,\n\nI'm so sorry we charged you twice for order 88213; that was our mistake and I understand how frustrating it is to see money leave your account for nothing. I've refunded the second charge of $42.10 today, and it will reach your card within 3 business days. We've added a check at payment so it won't happen again, and I'll email you on Friday to confirm the money arrived.\n\nIf anything else comes up, just reply to this email.\n\nBest regards,\nKarla",
        "Dear customer,\n\nNotwithstanding the aforementioned considerations pertaining to the reconciliation of your account, the subsequent adjustment necessitated by the preceding irregularity will consequently be administered in accordance with the applicable contractual provisions governing remuneration.\n\nWe apologize for any inconvenience this may have caused.",
        "Hello Sam,\n\nWe can't refund a ticket once the show has started, but we can move you to the Saturday performance at no cost or give you a voucher for the full price that you can use any time this year. Let me know which you prefer and I'll sort it out today.",
    ];
    let mut findings = 0;
    for reply in replies {
        for width in [50, 64, 72] {
            let wrapped = hard_wrap(reply, width);
            assert_ne!(wrapped, reply);
            let check = |text: &str| {
                checker().check(&CheckInput {
                    text,
                    situation: Situation::OurFault,
                    channel: Channel::Email,
                    customer: None,
                })
            };
            let (a, b) = (check(reply), check(&wrapped));
            assert_eq!(a.components, b.components, "width {width}:\n{wrapped}");
            assert_eq!(
                a.anti_patterns, b.anti_patterns,
                "width {width}:\n{wrapped}"
            );
            findings += a.anti_patterns.len();
        }
    }
    assert!(
        findings > 0,
        "the replies should exercise some anti-patterns"
    );
}

/// The shouting findings of a report.
fn shouting(report: &Report) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "shouting")
        .collect()
}

#[test]
fn a_run_of_marks_inside_a_shouted_sentence_is_fixed_with_it() {
    let text = "PLEASE DM US YOUR ORDER NUMBER 0'A!!0AA PLEASE DM US YOUR ORDER NUMBER";
    let report = checker().check(&CheckInput::new(text));
    assert_report(text, &report).unwrap();
    let found = shouting(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    let fix = found[0].fix.as_ref().expect("a sentence-case fix");
    assert_eq!(
        fix.edits[0].replacement,
        "Please dm us your order number 0'a!0aa please dm us your order number"
    );
    // A run of marks outside any shouted sentence keeps its own finding and fix.
    let report = checker().check(&CheckInput::new("We are on it!! Thanks"));
    let bangs = shouting(&report);
    assert_eq!(bangs.len(), 1, "{bangs:?}");
    assert_eq!(bangs[0].fix.as_ref().unwrap().edits[0].replacement, "!");
}
