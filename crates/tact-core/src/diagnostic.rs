//! The one diagnostic type every door of tact shows.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Severity {
    type Err = crate::rubric::UnknownId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" | "hint" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(crate::rubric::UnknownId {
                kind: "severity",
                value: s.to_string(),
                expected: "info, warning, error".into(),
            }),
        }
    }
}

/// Whether a fix can be applied without a person reading it (after ruff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Keeps the meaning; `tact check --fix` applies it.
    Safe,
    /// Changes the meaning or needs context; only suggested.
    #[default]
    Unsafe,
    /// Shown as guidance; the text it suggests needs facts only the agent has.
    DisplayOnly,
}

/// Replace the bytes `start..end` of the text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A suggested change: one or more edits that go together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One finding: a rule that fired on a span of the reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule's short code, e.g. `GEN001`.
    pub code: String,
    /// The rubric id the rule belongs to, e.g. `generic`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Byte offsets into the reply (UTF-8), `start <= end`, on char boundaries.
    pub start: usize,
    pub end: usize,
    /// Why it matters, citing the rubric.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// Apply the fixes whose applicability is at least `Safe` (or all, with `include_unsafe`),
/// skipping any that overlap an earlier one. Returns the new text and the number applied.
pub fn apply_fixes(
    text: &str,
    diagnostics: &[Diagnostic],
    include_unsafe: bool,
) -> (String, usize) {
    let mut edits: Vec<&Edit> = Vec::new();
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| {
            f.applicability == Applicability::Safe
                || (include_unsafe && f.applicability == Applicability::Unsafe)
        })
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.start).min().unwrap_or(0));
    let mut applied = 0;
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for fix in fixes {
        let valid = fix.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
        });
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|&(s, t)| {
                e.start < t && s < e.end || (e.start == e.end && e.start > s && e.start < t)
            })
        });
        if !valid || overlaps {
            continue;
        }
        for e in &fix.edits {
            taken.push((e.start, e.end));
            edits.push(e);
        }
        applied += 1;
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        if e.start < pos {
            continue;
        }
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// 1-based line and column (in chars) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(start: usize, end: usize, rep: &str, app: Applicability) -> Diagnostic {
        Diagnostic {
            code: "X".into(),
            rule: "generic".into(),
            severity: Severity::Warning,
            message: "m".into(),
            start,
            end,
            reason: None,
            fix: Some(Fix {
                message: "f".into(),
                applicability: app,
                edits: vec![Edit {
                    start,
                    end,
                    replacement: rep.into(),
                }],
            }),
        }
    }

    #[test]
    fn applies_safe_fixes_only_and_skips_overlaps() {
        let text = "abc def ghi";
        let ds = vec![
            diag(0, 3, "ABC", Applicability::Safe),
            diag(2, 5, "zz", Applicability::Safe),
            diag(8, 11, "GHI", Applicability::Unsafe),
        ];
        let (out, n) = apply_fixes(text, &ds, false);
        assert_eq!(out, "ABC def ghi");
        assert_eq!(n, 1);
        let (out, n) = apply_fixes(text, &ds, true);
        assert_eq!(out, "ABC def GHI");
        assert_eq!(n, 2);
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "héllo\nwörld";
        assert_eq!(line_col(t, 0), (1, 1));
        let w = t.find('w').unwrap();
        assert_eq!(line_col(t, w), (2, 1));
        let r = t.find('r').unwrap();
        assert_eq!(line_col(t, r), (2, 3));
    }
}
