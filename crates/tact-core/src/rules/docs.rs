//! Rule documentation (generated from the rule files) and the rules' own inline tests.

use super::{Kind, Rule, RuleSet};
use crate::check::{CheckInput, Checker};
use std::fmt::Write as _;

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Existence => "existence",
        Kind::Substitution => "substitution",
        Kind::Occurrence => "occurrence",
        Kind::Conditional => "conditional",
        Kind::Metric => "metric",
        Kind::Readability => "readability",
        Kind::Capitalization => "capitalization",
        Kind::Detector => "detector",
    }
}

/// A one-line summary of what the rule flags or finds.
pub fn summary(r: &Rule) -> String {
    let what = r.spec.doc.what.lines().next().unwrap_or("").trim();
    if what.is_empty() {
        r.spec.message.clone()
    } else {
        what.to_string()
    }
}

/// `tact rules explain CODE`.
pub fn explain(r: &Rule) -> String {
    let mut s = String::new();
    let role = if r.component().is_some() {
        "finds the component"
    } else {
        "flags the anti-pattern"
    };
    let _ = writeln!(
        s,
        "{} ({}): {role} `{}`",
        r.spec.code, r.spec.name, r.spec.target
    );
    let _ = writeln!(
        s,
        "kind: {}, severity: {}, from {}",
        kind_name(r.spec.kind),
        r.severity,
        r.source
    );
    if !r.spec.situations.is_empty() {
        let v: Vec<&str> = r.spec.situations.iter().map(|x| x.id()).collect();
        let _ = writeln!(s, "situations: {}", v.join(", "));
    }
    if !r.spec.channels.is_empty() {
        let v: Vec<&str> = r.spec.channels.iter().map(|x| x.id()).collect();
        let _ = writeln!(s, "channels: {}", v.join(", "));
    }
    let d = &r.spec.doc;
    for (title, body) in [
        ("What", &d.what),
        ("Why", &d.why),
        ("Example", &d.example),
        ("Use instead", &d.instead),
    ] {
        if !body.trim().is_empty() {
            let _ = writeln!(s, "\n{title}:\n  {}", body.trim().replace('\n', "\n  "));
        }
    }
    if let Some(f) = &r.spec.fix {
        let _ = writeln!(
            s,
            "\nFix ({:?}): {}",
            f.applicability,
            f.message.as_deref().unwrap_or(&f.replacement)
        );
    }
    s
}

/// `docs/rules.md`: the rule reference, generated from the rule files.
pub fn markdown(set: &RuleSet) -> String {
    let mut s = String::new();
    s.push_str("# tact rules\n\n");
    s.push_str("<!-- Generated from crates/tact-core/rules/*.toml by `tact rules docs`; do not edit by hand. -->\n\n");
    s.push_str("Components are what a good reply contains; anti-patterns are what it avoids (see the rubric). ");
    s.push_str("Each rule names one rubric id; a team can select, ignore or re-level rules in `tact.toml`.\n\n");
    for (title, comp) in [("Components", true), ("Anti-patterns", false)] {
        let _ = writeln!(s, "## {title}\n");
        s.push_str("| code | name | id | kind | severity | what |\n|---|---|---|---|---|---|\n");
        for r in set.rules.iter().filter(|r| r.component().is_some() == comp) {
            let _ = writeln!(
                s,
                "| [{}](#{}) | {} | `{}` | {} | {} | {} |",
                r.spec.code,
                r.spec.code.to_lowercase(),
                r.spec.name,
                r.spec.target,
                kind_name(r.spec.kind),
                r.severity,
                summary(r).replace('|', "\\|")
            );
        }
        s.push('\n');
    }
    s.push_str("## Rule details\n\n");
    for r in &set.rules {
        let _ = writeln!(s, "### {}\n", r.spec.code);
        let _ = writeln!(
            s,
            "`{}` — {} `{}`, {} rule, severity {}.\n",
            r.spec.name,
            if r.component().is_some() {
                "component"
            } else {
                "anti-pattern"
            },
            r.spec.target,
            kind_name(r.spec.kind),
            r.severity
        );
        let d = &r.spec.doc;
        for (title, body) in [
            ("What", &d.what),
            ("Why", &d.why),
            ("Example", &d.example),
            ("Use instead", &d.instead),
        ] {
            if !body.trim().is_empty() {
                let _ = writeln!(s, "- **{title}:** {}", body.trim().replace('\n', " "));
            }
        }
        s.push('\n');
    }
    s
}

/// A rule's inline test that did not hold.
#[derive(Debug, Clone)]
pub struct TestFailure {
    pub code: String,
    pub text: String,
    pub expected_fire: bool,
}

impl std::fmt::Display for TestFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: expected the rule {} on {:?}",
            self.code,
            if self.expected_fire {
                "to fire"
            } else {
                "not to fire"
            },
            self.text
        )
    }
}

/// Run every rule's `[[test]]` cases; returns the failures and the number of cases run.
pub fn run_inline_tests(checker: &Checker) -> (Vec<TestFailure>, usize) {
    let mut failures = Vec::new();
    let mut n = 0;
    for r in &checker.rules.rules {
        for t in &r.spec.tests {
            n += 1;
            let input = CheckInput {
                text: &t.text,
                situation: t.situation.unwrap_or_default(),
                channel: t.channel.unwrap_or_default(),
                customer: t.customer.as_deref(),
            };
            let report = checker.check(&input);
            let fired = if !r.is_finding() {
                report.evidence.iter().any(|e| e.code == r.spec.code)
            } else {
                report.diagnostics.iter().any(|d| d.code == r.spec.code)
            };
            if fired != t.fires {
                failures.push(TestFailure {
                    code: r.spec.code.clone(),
                    text: t.text.clone(),
                    expected_fire: t.fires,
                });
            }
        }
    }
    (failures, n)
}
