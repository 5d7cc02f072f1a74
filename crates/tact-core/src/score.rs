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
///
/// Lines about components (missing ones and bonuses) repeat across replies with the same few
/// point values, so their JSON is written once and reused: serialized with `serde_json` (to
/// text or to a `Value`), a line is the same as its fields written one by one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Line {
    /// Negative for points lost, positive for points earned.
    pub points: i32,
    /// `missing` (a component), `finding` (a diagnostic) or `bonus`.
    pub kind: Cow<'static, str>,
    /// The rubric id.
    pub id: Cow<'static, str>,
    /// The rule code for findings.
    pub code: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub reason: Cow<'static, str>,
}

/// Point values whose component lines are kept written: `-POINTS_KEPT..=POINTS_KEPT`.
const POINTS_KEPT: i32 = 40;

/// The reasons of component lines, and the JSON of each component line once written: a line
/// costs more to serialize than the rest of a checked reply's record.
struct ComponentReasons {
    text: Vec<[String; 3]>,
    /// Address and length of each reason's text, its component and which of its three reasons
    /// it is; sorted by address.
    index: Vec<(usize, usize, Component, usize)>,
    /// For each entry of `index`, the JSON of its line by points.
    lines: Vec<Vec<OnceLock<Option<Box<serde_json::value::RawValue>>>>>,
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
        let mut index: Vec<(usize, usize, Component, usize)> = Component::ALL
            .iter()
            .flat_map(|&c| {
                let t = &text[c.index()];
                (0..3).map(move |what| (t[what].as_ptr() as usize, t[what].len(), c, what))
            })
            .collect();
        index.sort_unstable_by_key(|x| x.0);
        let lines = index
            .iter()
            .map(|_| (0..=2 * POINTS_KEPT).map(|_| OnceLock::new()).collect())
            .collect();
        ComponentReasons { text, index, lines }
    })
}

impl Line {
    /// The JSON of a component line, written once per reason and point value and reused; `None`
    /// for other lines (findings), which are written each time.
    pub fn stored_json(&self) -> Option<&'static serde_json::value::RawValue> {
        if self.code.is_some() || self.start.is_some() || self.end.is_some() {
            return None;
        }
        let r = component_reasons();
        // Only the stored reasons live at these addresses.
        let k = r
            .index
            .binary_search_by_key(&(self.reason.as_ptr() as usize), |x| x.0)
            .ok()?;
        let (_, len, c, what) = r.index[k];
        let kind = if what == 2 { "bonus" } else { "missing" };
        if len != self.reason.len() || self.kind != kind || self.id != c.id() {
            return None;
        }
        let slot = r.lines[k].get(usize::try_from(self.points + POINTS_KEPT).ok()?)?;
        slot.get_or_init(|| {
            serde_json::to_string(&Fields(self))
                .ok()
                .and_then(|json| serde_json::value::RawValue::from_string(json).ok())
        })
        .as_deref()
    }
}

/// A line written field by field.
struct Fields<'a>(&'a Line);

impl Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let l = self.0;
        let optional = [l.code.is_some(), l.start.is_some(), l.end.is_some()];
        let mut st = s.serialize_struct("Line", 4 + optional.iter().filter(|x| **x).count())?;
        st.serialize_field("points", &l.points)?;
        st.serialize_field("kind", &l.kind)?;
        st.serialize_field("id", &l.id)?;
        match &l.code {
            Some(c) => st.serialize_field("code", c)?,
            None => st.skip_field("code")?,
        }
        match &l.start {
            Some(x) => st.serialize_field("start", x)?,
            None => st.skip_field("start")?,
        }
        match &l.end {
            Some(x) => st.serialize_field("end", x)?,
            None => st.skip_field("end")?,
        }
        st.serialize_field("reason", &l.reason)?;
        st.end()
    }
}

impl Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.stored_json() {
            Some(raw) => raw.serialize(s),
            None => Fields(self).serialize(s),
        }
    }
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
    let mut lines = Vec::with_capacity(needs.len() + diags.len() + 4);
    let mut missing = Vec::with_capacity(needs.len());
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
    fn stored_lines_serialize_as_their_fields_would() {
        for &c in Component::ALL {
            for what in 0..3 {
                for points in [-64, -41, -40, -12, -3, 0, 2, 40, 41] {
                    let stored = Line {
                        points,
                        kind: Cow::Borrowed(if what == 2 { "bonus" } else { "missing" }),
                        id: Cow::Borrowed(c.id()),
                        code: None,
                        start: None,
                        end: None,
                        reason: Cow::Borrowed(component_line_reason(c, what)),
                    };
                    assert_eq!(stored.stored_json().is_some(), points.abs() <= 40);
                    let mut copied = stored.clone();
                    copied.reason = Cow::Owned(stored.reason.to_string());
                    assert!(copied.stored_json().is_none());
                    let (a, b) = (
                        serde_json::to_string(&stored).unwrap(),
                        serde_json::to_string(&copied).unwrap(),
                    );
                    assert_eq!(a, b);
                    // Twice: once written, once stored.
                    assert_eq!(serde_json::to_string(&stored).unwrap(), b);
                    assert_eq!(
                        serde_json::to_value(&stored).unwrap(),
                        serde_json::to_value(&copied).unwrap()
                    );
                    let back: Line = serde_json::from_str(&a).unwrap();
                    assert_eq!(back, copied);
                    // A line that only shares the reason is written from its own fields.
                    let mut other = stored.clone();
                    other.id = Cow::Borrowed("something_else");
                    assert!(other.stored_json().is_none());
                    assert!(serde_json::to_string(&other)
                        .unwrap()
                        .contains("something_else"));
                    let mut part = stored.clone();
                    part.reason = Cow::Borrowed(&component_line_reason(c, what)[..10]);
                    let json = serde_json::to_value(&part).unwrap();
                    assert_eq!(json["reason"], component_line_reason(c, what)[..10]);
                }
            }
        }
        // Findings keep their optional fields.
        let finding = Line {
            points: -4,
            kind: Cow::Borrowed("finding"),
            id: Cow::Borrowed("generic"),
            code: Some("GEN001".into()),
            start: Some(3),
            end: Some(9),
            reason: Cow::Owned("a \"stock\" phrase".into()),
        };
        assert_eq!(
            serde_json::to_string(&finding).unwrap(),
            r#"{"points":-4,"kind":"finding","id":"generic","code":"GEN001","start":3,"end":9,"reason":"a \"stock\" phrase"}"#
        );
    }
}
