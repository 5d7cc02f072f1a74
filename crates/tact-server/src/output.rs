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
