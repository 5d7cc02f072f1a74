//! The built-in packs: every rule's own `[[test]]` cases pass, and `docs/rules.md` is the
//! copy generated from the packs (regenerate with `cargo run -p tact -- rules docs > docs/rules.md`
//! or run this test with `TACT_UPDATE_DOCS=1`).

use tact_core::rules::docs;
use tact_core::{Checker, RuleSet};

#[test]
fn every_rule_passes_its_inline_tests() {
    let checker = Checker::builtin().expect("built-in packs compile");
    let (failures, n) = docs::run_inline_tests(&checker);
    assert!(n > 100, "only {n} inline cases ran");
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        report.is_empty(),
        "{} of {n} inline cases fail:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn every_rule_has_docs_and_a_case_each_way() {
    let set = RuleSet::builtin().unwrap();
    for r in &set.rules {
        let d = &r.spec.doc;
        assert!(!d.what.trim().is_empty(), "{}: no `what`", r.spec.code);
        assert!(!d.why.trim().is_empty(), "{}: no `why`", r.spec.code);
        assert!(
            d.why.contains('[') || d.why.contains("RUBRIC"),
            "{}: `why` cites no article of the rubric",
            r.spec.code
        );
        assert!(!r.spec.tests.is_empty(), "{}: no inline tests", r.spec.code);
    }
}

#[test]
fn rule_docs_are_current() {
    let set = RuleSet::builtin().unwrap();
    let fresh = docs::markdown(&set);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    if std::env::var_os("TACT_UPDATE_DOCS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/rules.md is stale: run `cargo run -p tact -- rules docs > docs/rules.md` \
         (or this test with TACT_UPDATE_DOCS=1)"
    );
}
