//! The 0–100 score: every point lost points at a missing component or at a finding.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rubric::{
    base_requirements, component_reason, component_weight, AntiPattern, Channel, Component, Need,
    Situation,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One line of the score's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Negative for points lost, positive for points earned.
    pub points: i32,
    /// `missing` (a component), `finding` (a diagnostic) or `bonus`.
    pub kind: Cow<'static, str>,
    /// The rubric id.
    pub id: Cow<'static, str>,
    /// The rule code for findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(serialize_with = "serialize_reason")]
    pub reason: Cow<'static, str>,
}

/// The reasons of component lines, with each one's JSON written once: a score line's reason
/// is the longest string of a checked reply's output, and escaping it anew for every reply
/// costs more than the rest of the line.
struct ComponentReasons {
    text: Vec<[String; 3]>,
    /// Address and length of each reason's text, and its JSON string; sorted by address.
    json: Vec<(usize, usize, Box<serde_json::value::RawValue>)>,
}

fn component_reasons() -> &'static ComponentReasons {
    static REASONS: OnceLock<ComponentReasons> = OnceLock::new();
    REASONS.get_or_init(|| {
        let text: Vec<[String; 3]> = Component::ALL
            .iter()
            .map(|&c| {
                let (id, why) = (c.id(), component_reason(c));
                [
                    format!("no {id} (required): {why}"),
                    format!("no {id} (expected): {why}"),
                    format!("has {id}: {why}"),
                ]
            })
            .collect();
        let mut json: Vec<(usize, usize, Box<serde_json::value::RawValue>)> = text
            .iter()
            .flatten()
            .filter_map(|s| {
                let raw = serde_json::value::to_raw_value(s).ok()?;
                Some((s.as_ptr() as usize, s.len(), raw))
            })
            .collect();
        json.sort_unstable_by_key(|x| x.0);
        ComponentReasons { text, json }
    })
}

/// A reason that is one of the component reasons is written from its stored JSON (the same
/// bytes `serde_json` would write); any other is serialized as a plain string.
fn serialize_reason<S: serde::Serializer>(reason: &str, s: S) -> Result<S::Ok, S::Error> {
    // Only the stored strings live at these addresses.
    let json = &component_reasons().json;
    if let Ok(k) = json.binary_search_by_key(&(reason.as_ptr() as usize), |x| x.0) {
        if json[k].1 == reason.len() {
            return json[k].2.serialize(s);
        }
    }
    s.serialize_str(reason)
}

/// The reason of a line about a component, written once per component: "no apology
/// (required): …", "no apology (expected): …", "has thanks: …".
fn component_line_reason(c: Component, what: usize) -> &'static str {
    &component_reasons().text[c.index()][what]
}

/// The components each situation requires; the rubric's table unless a team overrides it.
#[derive(Debug, Clone, Default)]
pub struct Requirements {
    /// Per situation, the team's list replaces the rubric's.
    pub overrides: BTreeMap<Situation, Vec<(Component, Need)>>,
}

impl Requirements {
    /// The needs for a situation and channel, before the reply's content is seen.
    pub fn for_situation(&self, situation: Situation, channel: Channel) -> Vec<(Component, Need)> {
        let mut v = self
            .overrides
            .get(&situation)
            .cloned()
            .unwrap_or_else(|| base_requirements(situation));
        // Short channels: a social post or SMS can't carry the whole structure; the long-form
        // parts become warnings there.
        if matches!(channel, Channel::Social | Channel::Sms | Channel::Chat) {
            for (c, n) in &mut v {
                if matches!(
                    c,
                    Component::Prevention | Component::FollowUp | Component::Reflection
                ) && *n == Need::Required
                {
                    *n = Need::Warn;
                }
            }
        }
        v
    }
}

pub(crate) struct Score {
    pub score: u8,
    pub missing: Vec<Component>,
    pub lines: Vec<Line>,
}

fn finding_points(sev: Severity, channel: Channel, rule: Option<AntiPattern>) -> i32 {
    let base = match sev {
        Severity::Error => 15,
        Severity::Warning => 8,
        Severity::Info => 3,
    };
    // Public channels make blame and private data worse; length matters more where space is short.
    let factor = match (channel, rule) {
        (
            Channel::Social,
            Some(
                AntiPattern::PublicDetails | AntiPattern::BlameCustomer | AntiPattern::BlameOthers,
            ),
        ) => 1.5,
        (Channel::Sms | Channel::Social | Channel::Chat, Some(AntiPattern::TooLong)) => 1.25,
        (Channel::Phone, Some(AntiPattern::HardToRead)) => 1.5,
        _ => 1.0,
    };
    (base as f64 * factor).round() as i32
}

pub(crate) fn score(
    req: &Requirements,
    situation: Situation,
    channel: Channel,
    present: &[bool],
    diags: &[Diagnostic],
) -> Score {
    let mut needs = req.for_situation(situation, channel);
    let has = |c: Component| present[c.index()];
    // Content-dependent needs: a remedy or follow-up calls for a timeframe; no remedy calls
    // for a next step.
    if (has(Component::Remedy) || has(Component::FollowUp))
        && !needs.iter().any(|(c, _)| *c == Component::Timeframe)
    {
        needs.push((Component::Timeframe, Need::Required));
    }
    if !has(Component::Remedy) && !needs.iter().any(|(c, _)| *c == Component::NextStep) {
        needs.push((Component::NextStep, Need::Required));
    }
    // When a remedy is not possible in this situation's reply, options or a next step stand in.
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    let mut total: i32 = 100;
    for (c, need) in &needs {
        if has(*c) {
            continue;
        }
        // Options and remedy stand in for each other where the rubric asks for either.
        if (*c == Component::Options
            && has(Component::Remedy)
            && situation == Situation::NotOurFault)
            || (*c == Component::Remedy && has(Component::Options))
        {
            continue;
        }
        let w = component_weight(*c) as i32;
        let pts = match need {
            Need::Required => w,
            Need::Warn => (w + 2) / 3,
            Need::Bonus => 0,
        };
        if pts == 0 {
            continue;
        }
        if *need == Need::Required {
            missing.push(*c);
        }
        total -= pts;
        lines.push(Line {
            points: -pts,
            kind: Cow::Borrowed("missing"),
            id: Cow::Borrowed(c.id()),
            code: None,
            start: None,
            end: None,
            reason: Cow::Borrowed(component_line_reason(
                *c,
                usize::from(*need != Need::Required),
            )),
        });
    }
    // Findings: each rule costs at most twice its weight, however often it fires.
    let mut per_rule: BTreeMap<&str, i32> = BTreeMap::new();
    for d in diags {
        let ap = d.rule.parse::<AntiPattern>().ok();
        let pts = finding_points(d.severity, channel, ap);
        let spent = per_rule.entry(d.code.as_str()).or_insert(0);
        let cap = pts * 2;
        let take = pts.min(cap - *spent);
        if take <= 0 {
            continue;
        }
        *spent += take;
        total -= take;
        lines.push(Line {
            points: -take,
            kind: Cow::Borrowed("finding"),
            id: match ap {
                Some(a) => Cow::Borrowed(a.id()),
                None => Cow::Owned(d.rule.clone()),
            },
            code: Some(d.code.clone()),
            start: Some(d.start),
            end: Some(d.end),
            reason: Cow::Owned(d.message.clone()),
        });
    }
    // Bonus components give a little back, never above 100.
    for c in [
        Component::Thanks,
        Component::Goodwill,
        Component::Prevention,
        Component::Reflection,
    ] {
        if has(c)
            && total < 100
            && !needs
                .iter()
                .any(|(n, need)| *n == c && *need != Need::Bonus)
        {
            let pts = 2.min(100 - total);
            total += pts;
            lines.push(Line {
                points: pts,
                kind: Cow::Borrowed("bonus"),
                id: Cow::Borrowed(c.id()),
                code: None,
                start: None,
                end: None,
                reason: Cow::Borrowed(component_line_reason(c, 2)),
            });
        }
    }
    let score = total.clamp(0, 100) as u8;
    Score {
        score,
        missing,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_reasons_serialize_as_their_text_would() {
        for &c in Component::ALL {
            for what in 0..3 {
                let stored = Line {
                    points: -3,
                    kind: Cow::Borrowed("missing"),
                    id: Cow::Borrowed(c.id()),
                    code: None,
                    start: None,
                    end: None,
                    reason: Cow::Borrowed(component_line_reason(c, what)),
                };
                let mut copied = stored.clone();
                copied.reason = Cow::Owned(stored.reason.to_string());
                let (a, b) = (
                    serde_json::to_string(&stored).unwrap(),
                    serde_json::to_string(&copied).unwrap(),
                );
                assert_eq!(a, b);
                assert!(a.contains(c.id()));
                // A part of a stored reason is not mistaken for the whole.
                let mut part = stored.clone();
                part.reason = Cow::Borrowed(&component_line_reason(c, what)[..10]);
                let json = serde_json::to_value(&part).unwrap();
                assert_eq!(json["reason"], component_line_reason(c, what)[..10]);
            }
        }
    }
}
