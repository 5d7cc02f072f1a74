//! Accuracy on replies written for this project in wordings the development sets don't use
//! (`tests/data/unseen-wordings.jsonl`, labelled against RUBRIC.md). A floor, so that detection
//! that only fits the development sets' phrasing shows up here.

use tact_core::eval::Tally;
use tact_core::{Channel, CheckInput, Checker, Label, Situation};

fn is_component(label: &str) -> bool {
    matches!(label.parse::<Label>(), Ok(Label::Component(_)))
}

#[test]
fn unseen_wordings_stay_above_their_floor() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/unseen-wordings.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("the unseen-wordings set is in the repository");
    let checker = Checker::builtin().expect("built-in packs compile");
    let mut tally = Tally::default();
    let mut records = 0;
    for (n, line) in text.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let field = |k: &str| v.get(k).and_then(|x| x.as_str());
        let labels = |k: &str| -> Vec<String> {
            v[k].as_array()
                .unwrap_or_else(|| panic!("line {}: no `{k}` list", n + 1))
                .iter()
                .map(|x| x.as_str().expect("labels are strings").to_string())
                .collect()
        };
        let input = CheckInput {
            text: field("reply").expect("a reply"),
            situation: field("situation")
                .and_then(|s| s.parse::<Situation>().ok())
                .unwrap_or_default(),
            channel: field("channel")
                .and_then(|s| s.parse::<Channel>().ok())
                .unwrap_or(Channel::Email),
            customer: field("customer"),
        };
        let report = checker.check(&input);
        let gold: Vec<String> = labels("components")
            .into_iter()
            .chain(labels("anti_patterns"))
            .collect();
        for g in &gold {
            assert!(
                g.parse::<Label>().is_ok(),
                "line {}: unknown label {g}",
                n + 1
            );
        }
        let predicted: Vec<&str> = report
            .components
            .iter()
            .map(|c| c.id())
            .chain(report.anti_patterns.iter().map(|a| a.id()))
            .collect();
        tally.add(gold.iter().map(String::as_str), predicted);
        records += 1;
    }
    assert!(records >= 100, "only {records} records");
    let components = tally.group(is_component).micro_f1;
    let anti_patterns = tally.group(|k| !is_component(k)).micro_f1;
    let weakest: Vec<String> = tally
        .labels()
        .into_iter()
        .filter(|(_, s)| s.f1 < 0.7)
        .map(|(k, s)| format!("{k} {:.3}", s.f1))
        .collect();
    assert!(
        components >= 0.82 && anti_patterns >= 0.84,
        "components micro-F1 {components:.3} (floor 0.82), anti-patterns {anti_patterns:.3} \
         (floor 0.84); labels below 0.7: {weakest:?}"
    );
}
