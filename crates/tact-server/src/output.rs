//! The JSON shapes of a checked reply and a triaged message, shared with the command line
//! (`tact check --format json`, `tact triage --format json`) so both doors answer alike.

use serde::Serialize;
use serde_json::Value;
use tact_core::triage::Triage;
use tact_core::{AntiPattern, Channel, Component, Diagnostic, Report, Situation};
use utoipa::ToSchema;

/// The JSON shape of one checked reply (also one line of `tact check --jsonl`).
#[derive(Serialize, ToSchema)]
pub struct CheckOutput<'a> {
    /// The file name on the command line; the request's `id` (or null) over HTTP.
    pub id: Value,
    /// 0–100.
    pub score: u8,
    #[schema(value_type = String)]
    pub situation: Situation,
    #[schema(value_type = String)]
    pub channel: Channel,
    /// Components found, in rubric order.
    #[schema(value_type = Vec<String>)]
    pub components: &'a [Component],
    /// Components the situation requires that the reply lacks.
    #[schema(value_type = Vec<String>)]
    pub missing: &'a [Component],
    /// Anti-patterns committed, in rubric order.
    #[schema(value_type = Vec<String>)]
    pub anti_patterns: &'a [AntiPattern],
    /// Findings with byte spans, messages and fixes.
    #[schema(value_type = Vec<Object>)]
    pub diagnostics: &'a [Diagnostic],
    /// The phrases behind each component found.
    #[schema(value_type = Vec<Object>)]
    pub evidence: &'a [tact_core::Evidence],
    /// Where every lost (or earned) point went.
    #[schema(value_type = Vec<Object>)]
    pub breakdown: &'a [tact_core::score::Line],
}

impl<'a> CheckOutput<'a> {
    pub fn new(id: Value, r: &'a Report) -> Self {
        CheckOutput {
            id,
            score: r.score,
            situation: r.situation,
            channel: r.channel,
            components: &r.components,
            missing: &r.missing,
            anti_patterns: &r.anti_patterns,
            diagnostics: &r.diagnostics,
            evidence: &r.evidence,
            breakdown: &r.breakdown,
        }
    }
}

impl CheckOutput<'_> {
    /// Append the record as JSON to `out`: the same bytes as `serde_json::to_writer`, written
    /// field by field. `tact check --jsonl` writes one per reply, and the fixed parts of a
    /// record (its keys, the rubric ids, the component lines of the score) cost more through
    /// the generic serializer than the checking they report on.
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"id\":");
        serde_json::to_writer(&mut *out, &self.id)?;
        out.extend_from_slice(b",\"score\":");
        out.extend_from_slice(itoa::Buffer::new().format(self.score).as_bytes());
        out.extend_from_slice(b",\"situation\":");
        out.extend_from_slice(self.situation.json().as_bytes());
        out.extend_from_slice(b",\"channel\":");
        out.extend_from_slice(self.channel.json().as_bytes());
        out.extend_from_slice(b",\"components\":");
        json_ids(out, self.components.iter().map(|c| c.json()));
        out.extend_from_slice(b",\"missing\":");
        json_ids(out, self.missing.iter().map(|c| c.json()));
        out.extend_from_slice(b",\"anti_patterns\":");
        json_ids(out, self.anti_patterns.iter().map(|a| a.json()));
        out.extend_from_slice(b",\"diagnostics\":");
        serde_json::to_writer(&mut *out, self.diagnostics)?;
        out.extend_from_slice(b",\"evidence\":[");
        let mut num = itoa::Buffer::new();
        for (i, e) in self.evidence.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"component\":");
            out.extend_from_slice(e.component.json().as_bytes());
            out.extend_from_slice(b",\"code\":");
            json_str(out, &e.code);
            out.extend_from_slice(b",\"start\":");
            out.extend_from_slice(num.format(e.start).as_bytes());
            out.extend_from_slice(b",\"end\":");
            out.extend_from_slice(num.format(e.end).as_bytes());
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"breakdown\":[");
        for (i, line) in self.breakdown.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match line.stored_json() {
                Some(raw) => out.extend_from_slice(raw.get().as_bytes()),
                None => serde_json::to_writer(&mut *out, line)?,
            }
        }
        out.extend_from_slice(b"]}");
        Ok(())
    }
}

/// A JSON string; only text with a quote, a backslash or a control character goes through the
/// escaping serializer.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// A JSON array of rubric ids, each already written as JSON.
fn json_ids<'s>(out: &mut Vec<u8>, items: impl Iterator<Item = &'s str>) {
    out.push(b'[');
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(s.as_bytes());
    }
    out.push(b']');
}

/// The JSON shape of one triaged message (also one line of `tact triage --jsonl`): the `id`
/// and the fields of the triage (sentiment, emotions, category, urgency, situation, facts,
/// needs).
#[derive(Serialize, ToSchema)]
pub struct TriageOutput<'a> {
    /// The file name on the command line; the request's `id` (or null) over HTTP.
    pub id: Value,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub triage: &'a Triage,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use tact_core::{CheckInput, Checker};

    fn checker() -> &'static Checker {
        static C: OnceLock<Checker> = OnceLock::new();
        C.get_or_init(|| Checker::builtin().expect("built-in rules compile"))
    }

    /// The record `write_json` writes, and the one serde writes.
    fn both(id: Value, input: &CheckInput<'_>) -> (String, String) {
        let report = checker().check(input);
        let out = CheckOutput::new(id, &report);
        let mut fast = Vec::new();
        out.write_json(&mut fast).expect("writes");
        let serde = serde_json::to_string(&out).expect("serializes");
        (String::from_utf8(fast).expect("UTF-8"), serde)
    }

    #[test]
    fn written_record_is_the_serialized_one() {
        let texts = [
            include_str!("../../../examples/double-charge.txt"),
            include_str!("../../../examples/double-charge.fixed.txt"),
            "Sorry for any inconvenience. Per our policy there is nothing we can do.",
            "We're sorry if you feel that way, but the courier lost it. Kindly revert ASAP!!!",
            "Hi Dana, I'm so sorry we charged you twice for order #88213. I've refunded \
             the second charge of $42.10 today; it will show within 3-5 business days. \
             We've fixed the billing bug so this won't happen again. Thanks, Sam",
            "THIS IS UNACCEPTABLE. \"Quoted\" words, a back\\slash, a tab\there and \u{1}.",
            "Désolé pour le retard — nous avons remboursé 🙂",
            "",
        ];
        let customer = include_str!("../../../examples/double-charge.customer.txt");
        let ids = [
            Value::from(7),
            Value::from("reply \"7\"\n"),
            Value::Null,
            Value::from(2.5),
            serde_json::json!({"ticket": [1, "é", null]}),
        ];
        for (k, text) in texts.iter().enumerate() {
            for situation in Situation::ALL {
                for channel in Channel::ALL {
                    let input = CheckInput {
                        text,
                        situation: *situation,
                        channel: *channel,
                        customer: (k % 2 == 0).then_some(customer),
                    };
                    let (fast, serde) = both(ids[k % ids.len()].clone(), &input);
                    assert_eq!(fast, serde, "{text:?} {situation} {channel}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_reply_is_written_as_serde_writes_it(text in "\\PC{0,300}", id in "\\PC{0,20}") {
            let (fast, serde) = both(Value::from(id), &CheckInput::new(&text));
            prop_assert_eq!(fast, serde);
        }
    }
}
