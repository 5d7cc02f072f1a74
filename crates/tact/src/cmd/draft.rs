//! `tact draft`: write a reply from the facts of a case, check it, and say what is missing.

use crate::cli::{DraftArgs, Format};
use crate::input;
use crate::setup::Setup;
use crate::user_error;
use anyhow::Result;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::Path;
use tact_core::compose::{
    facts_from_complaint, CaseFacts, Composer, Draft, Fact, MissingFact, FACTS_ONLY_A_PERSON_KNOWS,
};
use tact_core::{AntiPattern, Component};

pub fn run(setup: &Setup, args: DraftArgs, color: bool) -> Result<u8> {
    let checker = setup.checker()?;
    let composer = composer(setup)?;
    let (facts, notes) = case_facts(setup, &args)?;
    let drafts = composer
        .variants(
            &checker,
            &facts,
            usize::from(args.variants),
            args.seed,
            args.placeholders,
        )
        .map_err(|e| user_error(e.to_string()))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            let docs: Vec<Output> = drafts.iter().map(Output::new).collect();
            if docs.len() == 1 {
                serde_json::to_writer_pretty(&mut out, &docs[0])?;
            } else {
                serde_json::to_writer_pretty(&mut out, &docs)?;
            }
            writeln!(out)?;
        }
        Format::Text => {
            for note in &notes {
                writeln!(out, "note: {note}")?;
            }
            for (i, d) in drafts.iter().enumerate() {
                let name = if drafts.len() > 1 {
                    format!("draft {} of {}", i + 1, drafts.len())
                } else {
                    "draft".to_string()
                };
                writeln!(
                    out,
                    "── {name} ({}, {} on {}, wording {}) ──\n",
                    d.template, facts.situation, facts.channel, d.variant
                )?;
                out.write_all(d.text.as_bytes())?;
                writeln!(out)?;
                out.write_all(
                    crate::render::report(&name, &d.text, &d.report, color, false).as_bytes(),
                )?;
                write_missing(&mut out, &d.missing_facts)?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

fn write_missing(out: &mut impl Write, missing: &[MissingFact]) -> Result<()> {
    if missing.is_empty() {
        return Ok(());
    }
    writeln!(out, "missing facts (left out, never guessed):")?;
    for m in missing {
        let cost = if m.cost == 0 {
            "costs nothing in score".to_string()
        } else {
            format!(
                "costs {} point{}",
                m.cost,
                if m.cost == 1 { "" } else { "s" }
            )
        };
        writeln!(out, "  {:<16} {cost}; {}", m.fact.id(), m.hint)?;
    }
    writeln!(out)?;
    Ok(())
}

/// Built-in templates plus the team's (`templates` in tact.toml, relative to the config file).
pub(crate) fn composer(setup: &Setup) -> Result<Composer> {
    let mut team = Vec::new();
    if let Some(dir) = &setup.config.templates {
        let base = setup
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .unwrap_or(Path::new(""));
        let dir = base.join(dir);
        let dname = dir.display().to_string();
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| user_error(format!("templates folder {dname}: cannot read: {e}")))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "j2"))
            .collect();
        paths.sort();
        for p in paths {
            let file = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = input::read(Some(&p))?.text;
            team.push((file, text));
        }
    }
    Composer::with_templates(team).map_err(|e| user_error(e.to_string()))
}

/// The case: the file (or the complaint), then the flags on top, then tact.toml's company.
fn case_facts(setup: &Setup, args: &DraftArgs) -> Result<(CaseFacts, Vec<String>)> {
    let mut notes = Vec::new();
    let mut facts = match (&args.case, &args.from_complaint) {
        (Some(path), _) => {
            let inp = input::read(Some(path))?;
            let is_json = path.extension().is_some_and(|x| x == "json")
                || (path.as_os_str() == "-" && inp.text.trim_start().starts_with('{'));
            // A situation given as a flag may stand in for one missing from the file.
            CaseFacts::parse(&inp.name, &inp.text, is_json, args.situation.is_none())
                .map_err(|e| user_error(e.to_string()))?
        }
        (None, Some(path)) => {
            let inp = input::read(Some(path))?;
            if inp.text.trim().is_empty() {
                return Err(user_error(format!("{}: the complaint is empty", inp.name)));
            }
            let mut f = CaseFacts::default();
            let t = tact_core::triage::triage(&inp.text).map_err(|e| anyhow::anyhow!("{e}"))?;
            f.customer_name = t
                .facts
                .customer_name
                .as_ref()
                .map(|n| n.text.clone())
                .or_else(|| facts_from_complaint(&inp.text).customer_name);
            f.customer_message = Some(inp.text.trim().to_string());
            f.feeling = t
                .feeling_to_acknowledge()
                .map(|e| feeling_adjective(e).to_string());
            if args.situation.is_none() {
                f.situation = t.situation;
                notes.push(format!(
                    "situation judged {} from the complaint: pass --situation if it is another",
                    f.situation
                ));
            }
            if let Some(e) = t.feeling_to_acknowledge() {
                notes.push(format!("the customer shows {e}: the reply names it"));
            }
            let refs: Vec<&str> = t.facts.references.iter().map(|r| r.text.as_str()).collect();
            if !refs.is_empty() && args.problem.is_none() {
                f.problem = Some(format!(
                    "there has been a problem with {} {}",
                    if refs.len() == 1 {
                        "reference"
                    } else {
                        "references"
                    },
                    refs.join(", ")
                ));
            }
            if t.repeated_contact() {
                f.repeat_contact = true;
                notes.push(
                    "the customer has had to get in touch again: the reply owns it".to_string(),
                );
            }
            notes.push(format!(
                "triage: {} complaint, {} urgency, category {}",
                if t.complaint.is_complaint {
                    "a"
                } else {
                    "not a"
                },
                t.urgency,
                t.category
            ));
            let person: Vec<&str> = FACTS_ONLY_A_PERSON_KNOWS
                .iter()
                .filter(|f| !fact_flag_given(args, **f))
                .map(|f| f.id())
                .collect();
            if !person.is_empty() {
                notes.push(format!(
                    "only a person can supply: {} (flags --{})",
                    person.join(", "),
                    person
                        .iter()
                        .map(|p| p.replace('_', "-").replace("options", "option"))
                        .collect::<Vec<_>>()
                        .join(", --")
                ));
            }
            f
        }
        (None, None) => {
            if args.situation.is_none() {
                return Err(user_error(
                    "give a case file, --from-complaint FILE, or at least --situation",
                ));
            }
            CaseFacts::default()
        }
    };
    if let Some(s) = args.situation {
        facts.situation = s.into();
    }
    if let Some(c) = args.channel {
        facts.channel = c.into();
    }
    let flags = [
        (Fact::CustomerName, &args.customer_name),
        (Fact::Company, &args.company),
        (Fact::AgentName, &args.agent_name),
        (Fact::Problem, &args.problem),
        (Fact::Cause, &args.cause),
        (Fact::Remedy, &args.remedy),
        (Fact::Timeframe, &args.timeframe),
        (Fact::FollowUp, &args.follow_up),
        (Fact::Prevention, &args.prevention),
        (Fact::Goodwill, &args.goodwill),
        (Fact::CustomerMessage, &args.customer_message),
    ];
    for (fact, value) in flags {
        if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
            facts.set(fact, Some(v.trim().to_string()));
        }
    }
    if !args.options.is_empty() {
        facts.options = args
            .options
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
    }
    if facts.company.is_none() {
        facts.company = setup.config.company.clone();
    }
    Ok((facts, notes))
}

fn fact_flag_given(args: &DraftArgs, f: Fact) -> bool {
    match f {
        Fact::Cause => args.cause.is_some(),
        Fact::Remedy => args.remedy.is_some(),
        Fact::Options => !args.options.is_empty(),
        Fact::Timeframe => args.timeframe.is_some(),
        Fact::FollowUp => args.follow_up.is_some(),
        Fact::Prevention => args.prevention.is_some(),
        Fact::Goodwill => args.goodwill.is_some(),
        Fact::AgentName => args.agent_name.is_some(),
        _ => false,
    }
}

/// The JSON shape of a draft.
#[derive(Serialize)]
struct Output<'a> {
    text: &'a str,
    score: u8,
    components: &'a [Component],
    anti_patterns: &'a [AntiPattern],
    missing_facts: &'a [MissingFact],
    /// Components the situation requires that the draft lacks.
    missing: &'a [Component],
    diagnostics: &'a [tact_core::Diagnostic],
    template: &'a str,
    variant: u64,
}

impl<'a> Output<'a> {
    fn new(d: &'a Draft) -> Self {
        Output {
            text: &d.text,
            score: d.report.score,
            components: &d.report.components,
            anti_patterns: &d.report.anti_patterns,
            missing_facts: &d.missing_facts,
            missing: &d.report.missing,
            diagnostics: &d.report.diagnostics,
            template: &d.template,
            variant: d.variant,
        }
    }
}

/// The adjective the templates use for an emotion ("how frustrating this is").
fn feeling_adjective(emotion: &str) -> &'static str {
    match emotion {
        "anger" => "infuriating",
        "disappointment" => "disappointing",
        "worry" => "worrying",
        "confusion" => "confusing",
        "sadness" => "upsetting",
        _ => "frustrating",
    }
}
