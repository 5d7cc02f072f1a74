//! Text output: annotated snippets for findings, the score and its breakdown.

use annotate_snippets::{Level, Renderer, Snippet};
use std::fmt::Write as _;
use tact_core::{line_col, Applicability, Report, Severity};

fn level(sev: Severity) -> Level {
    match sev {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

/// Render a report for a terminal (`color`) or plain text.
pub fn report(name: &str, text: &str, r: &Report, color: bool, quiet: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in &r.diagnostics {
        let origin = name;
        let end = d.end.max(d.start);
        let label = d.rule.as_str();
        let mut msg = level(d.severity).title(&d.message).id(&d.code).snippet(
            Snippet::source(text)
                .origin(origin)
                .fold(true)
                .annotation(level(d.severity).span(d.start..end).label(label)),
        );
        let why;
        if let Some(reason) = &d.reason {
            why = format!("why: {reason}");
            msg = msg.footer(Level::Note.title(&why));
        }
        let help;
        if let Some(fix) = &d.fix {
            let kind = match fix.applicability {
                Applicability::Safe => "fix (safe, --fix applies it)",
                Applicability::Unsafe => "suggestion",
                Applicability::DisplayOnly => "try",
            };
            help = format!("{kind}: {}", fix.message);
            msg = msg.footer(Level::Help.title(&help));
        }
        let _ = writeln!(out, "{}\n", renderer.render(msg));
    }
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let _ = writeln!(
        out,
        "{} {}/100  ({}, {}, {} words)",
        bold("score"),
        bold(&r.score.to_string()),
        r.situation,
        r.channel,
        r.words
    );
    let found: Vec<&str> = r.components.iter().map(|c| c.id()).collect();
    let missing: Vec<&str> = r.missing.iter().map(|c| c.id()).collect();
    let anti: Vec<&str> = r.anti_patterns.iter().map(|a| a.id()).collect();
    let _ = writeln!(
        out,
        "  found:         {}",
        if found.is_empty() {
            "-".into()
        } else {
            found.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "  missing:       {}",
        if missing.is_empty() {
            "-".into()
        } else {
            missing.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "  anti-patterns: {}",
        if anti.is_empty() {
            "-".into()
        } else {
            anti.join(", ")
        }
    );
    if !quiet && !r.breakdown.is_empty() {
        let _ = writeln!(out, "  where the points went:");
        for l in &r.breakdown {
            let at = match l.start {
                Some(s) => {
                    let (line, col) = line_col(text, s);
                    format!(" at {line}:{col}")
                }
                None => String::new(),
            };
            let code = l
                .code
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {:>+4}  {}{}{}: {}",
                l.points, l.id, code, at, l.reason
            );
        }
    }
    out
}
