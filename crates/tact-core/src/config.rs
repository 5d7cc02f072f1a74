//! A team's `tact.toml`: company name, customer-facing terms, team jargon, banned and preferred
//! phrases, rule selection and severities, extra rule files, required components.
//!
//! Parsing is pure; reading the file and the extra rule files is the caller's job.

use crate::check::Checker;
use crate::diagnostic::{Applicability, Severity};
use crate::rubric::{AntiPattern, Component, Label, Need, Situation};
use crate::rules::{self, FixSpec, Kind, PackSpec, RuleDoc, RuleError, RuleSet, RuleSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Rule selection and severities.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// When not empty, only these rules (codes or names) run, plus every component detector.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules (codes or names) that never run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Rule code → new severity.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Extra rule pack files, relative to the config file.
    #[serde(default)]
    pub files: Vec<String>,
}

/// The team's working hours, for follow-up dates.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    /// IANA time zone name or a fixed offset such as `+02:00`.
    #[serde(default = "default_tz")]
    pub timezone: String,
    /// Working days, `mon`…`sun`.
    #[serde(default = "default_days")]
    pub business_days: Vec<String>,
    /// Target first-response time in minutes.
    #[serde(default = "default_frt")]
    pub first_response_minutes: u32,
    /// When the working day ends (`HH:MM`): promises for a day without a time fall due then.
    #[serde(default = "default_end_of_day")]
    pub end_of_day: String,
}

fn default_tz() -> String {
    "UTC".into()
}
fn default_days() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}
fn default_frt() -> u32 {
    60
}
fn default_end_of_day() -> String {
    "17:00".into()
}

impl Default for TeamConfig {
    fn default() -> Self {
        TeamConfig {
            timezone: default_tz(),
            business_days: default_days(),
            first_response_minutes: default_frt(),
            end_of_day: default_end_of_day(),
        }
    }
}

/// `tact.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The company's name (and other names it goes by).
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub company_aliases: Vec<String>,
    /// Product and plan names the customers know: never jargon.
    #[serde(default)]
    pub terms: Vec<String>,
    /// The team's internal jargon: flagged wherever it appears.
    #[serde(default)]
    pub jargon: Vec<String>,
    /// Phrases never to send.
    #[serde(default)]
    pub banned: Vec<String>,
    /// Phrase → the wording to use instead.
    #[serde(default)]
    pub preferred: BTreeMap<String, String>,
    #[serde(default)]
    pub rules: RulesConfig,
    /// Situation → the components a reply must contain (replaces the rubric's list).
    #[serde(default)]
    pub required: BTreeMap<Situation, Vec<Component>>,
    #[serde(default)]
    pub team: TeamConfig,
    /// Folder of the team's reply templates (used by `tact draft`).
    #[serde(default)]
    pub templates: Option<String>,
}

/// A problem with `tact.toml`, naming the file and what is wrong.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: unknown rule `{rule}` in [rules].{key}")]
    UnknownRule {
        file: String,
        key: &'static str,
        rule: String,
    },
    #[error(transparent)]
    Rules(#[from] RuleError),
}

impl Config {
    /// Parse `tact.toml` text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        toml::from_str::<Config>(text).map_err(|e| ConfigError::Parse {
            file: file.to_string(),
            message: e.to_string().trim().replace('\n', " "),
        })
    }

    /// The config's own phrases (jargon, banned, preferred) as a rule pack.
    fn team_pack(&self) -> PackSpec {
        let mut rules = Vec::new();
        if !self.jargon.is_empty() {
            rules.push(RuleSpec {
                code: "TEAM001".into(),
                name: "team-jargon".into(),
                target: Label::AntiPattern(AntiPattern::Jargon),
                kind: Kind::Existence,
                severity: Some(Severity::Warning),
                message:
                    "\u{201c}{match}\u{201d} is team jargon: say what it means for the customer"
                        .into(),
                phrases: self.jargon.iter().map(|p| escape_phrase(p)).collect(),
                doc: RuleDoc {
                    what: "Terms from the team's jargon list in tact.toml.".into(),
                    why: "Clear language, no jargon [001, 002].".into(),
                    ..Default::default()
                },
                ..empty_rule()
            });
        }
        if !self.banned.is_empty() {
            rules.push(RuleSpec {
                code: "TEAM002".into(),
                name: "team-banned-phrase".into(),
                target: Label::AntiPattern(AntiPattern::Generic),
                kind: Kind::Existence,
                severity: Some(Severity::Error),
                message: "\u{201c}{match}\u{201d} is on the team's banned list".into(),
                phrases: self.banned.iter().map(|p| escape_phrase(p)).collect(),
                doc: RuleDoc {
                    what: "Phrases the team has banned in tact.toml.".into(),
                    ..Default::default()
                },
                ..empty_rule()
            });
        }
        if !self.preferred.is_empty() {
            rules.push(RuleSpec {
                code: "TEAM003".into(),
                name: "team-preferred-phrase".into(),
                target: Label::AntiPattern(AntiPattern::Generic),
                kind: Kind::Substitution,
                severity: Some(Severity::Info),
                message: "the team prefers other wording for \u{201c}{match}\u{201d}".into(),
                swap: self
                    .preferred
                    .iter()
                    .map(|(k, v)| (escape_phrase(k), v.clone()))
                    .collect(),
                fix: Some(FixSpec {
                    replacement: String::new(),
                    applicability: Applicability::Safe,
                    message: None,
                }),
                doc: RuleDoc {
                    what: "Preferred wordings from tact.toml.".into(),
                    ..Default::default()
                },
                ..empty_rule()
            });
        }
        PackSpec {
            vocab: BTreeMap::new(),
            rules,
            builtin: false,
        }
    }

    /// Build a checker: the built-in rules, the team's phrases, `extra` packs (the parsed
    /// `[rules].files`), selection, severities and requirements. `file` names the config in errors.
    pub fn build_checker(
        &self,
        file: &str,
        extra: Vec<(String, PackSpec)>,
    ) -> Result<Checker, ConfigError> {
        let mut packs = RuleSet::builtin_packs()?;
        packs.push(("tact.toml".into(), self.team_pack()));
        packs.extend(extra);
        let mut set = RuleSet::compile(packs)?;
        for (key, list) in [
            ("select", &self.rules.select),
            ("ignore", &self.rules.ignore),
        ] {
            for r in list {
                if set.find(r).is_none() {
                    return Err(ConfigError::UnknownRule {
                        file: file.into(),
                        key,
                        rule: r.clone(),
                    });
                }
            }
        }
        for code in self.rules.severity.keys() {
            if set.find(code).is_none() {
                return Err(ConfigError::UnknownRule {
                    file: file.into(),
                    key: "severity",
                    rule: code.clone(),
                });
            }
        }
        for rule in &mut set.rules {
            let named = |list: &Vec<String>| {
                list.iter().any(|x| {
                    x.eq_ignore_ascii_case(&rule.spec.code)
                        || x.eq_ignore_ascii_case(&rule.spec.name)
                })
            };
            if named(&self.rules.ignore) {
                rule.enabled = false;
            }
            if !self.rules.select.is_empty()
                && rule.anti_pattern().is_some()
                && !named(&self.rules.select)
            {
                rule.enabled = false;
            }
            for (code, sev) in &self.rules.severity {
                if code.eq_ignore_ascii_case(&rule.spec.code)
                    || code.eq_ignore_ascii_case(&rule.spec.name)
                {
                    rule.severity = *sev;
                }
            }
        }
        let mut checker = Checker::new(set);
        for (sit, comps) in &self.required {
            let mut v: Vec<(Component, Need)> =
                comps.iter().map(|c| (*c, Need::Required)).collect();
            for c in [Component::Thanks, Component::Goodwill] {
                if !comps.contains(&c) {
                    v.push((c, Need::Bonus));
                }
            }
            checker.requirements.overrides.insert(*sit, v);
        }
        checker.company_names = self
            .company
            .iter()
            .chain(self.company_aliases.iter())
            .cloned()
            .collect();
        checker.allowed_terms = self
            .terms
            .iter()
            .flat_map(|t| t.split_whitespace().map(str::to_string))
            .collect();
        Ok(checker)
    }
}

/// Team phrases are literal: escape the phrase syntax.
fn escape_phrase(p: &str) -> String {
    p.chars()
        .filter(|c| !matches!(c, '(' | ')' | '|' | '{' | '}'))
        .collect()
}

fn empty_rule() -> RuleSpec {
    RuleSpec {
        code: String::new(),
        name: String::new(),
        target: Label::Component(Component::Thanks),
        kind: Kind::Existence,
        severity: None,
        message: String::new(),
        phrases: vec![],
        patterns: vec![],
        exceptions: vec![],
        sentence_exceptions: vec![],
        sentence_requires: vec![],
        unless_sentence: vec![],
        negatable: Some(false),
        in_questions: None,
        situations: vec![],
        channels: vec![],
        unless: vec![],
        requires: vec![],
        cancels: vec![],
        cancels_sentence: false,
        detector: None,
        params: Default::default(),
        fix: None,
        swap: Default::default(),
        doc: RuleDoc::default(),
        tests: vec![],
    }
}

/// Parse an extra rule pack (for `[rules].files`).
pub fn parse_rule_file(file: &str, text: &str) -> Result<PackSpec, RuleError> {
    rules::parse_pack(file, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let e = Config::parse("tact.toml", "compnay = \"Acme\"").unwrap_err();
        assert!(e.to_string().contains("compnay"), "{e}");
        assert!(e.to_string().contains("tact.toml"));
    }

    #[test]
    fn unknown_rule_is_named() {
        let c = Config::parse("tact.toml", "[rules]\nignore = [\"NOPE99\"]").unwrap();
        let e = c.build_checker("tact.toml", vec![]).unwrap_err();
        assert!(e.to_string().contains("NOPE99"), "{e}");
    }

    #[test]
    fn team_jargon_and_banned_phrases_fire() {
        let c = Config::parse(
            "tact.toml",
            "jargon = [\"T2 queue\"]\nbanned = [\"no can do\"]",
        )
        .unwrap();
        let checker = c.build_checker("tact.toml", vec![]).unwrap();
        let r = checker.check(&crate::CheckInput::new(
            "I moved it to the T2 queue. No can do.",
        ));
        assert!(r.diagnostics.iter().any(|d| d.code == "TEAM001"));
        assert!(r.diagnostics.iter().any(|d| d.code == "TEAM002"));
    }
}
