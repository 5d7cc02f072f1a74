//! The composer: writes a reply from the facts of a case, for the situation and the channel,
//! and proves it with the checker.
//!
//! Playbooks are minijinja templates (data, not code). The built-in ones are compiled in from
//! `crates/tact-core/templates/`; a team adds or overrides templates by name. For a case the
//! composer uses the first template that exists among `<situation>.<channel>.j2` and
//! `<channel>.j2`, so a team can replace one playbook or a whole channel.
//!
//! Templates see every fact by its id (`customer_name`, `problem`, …; `none` when missing),
//! `situation`, `channel` and `variant`, plus:
//! - `pick("a", "b", …)`: one of the wordings, chosen by the variant (deterministic);
//! - `| sentence`: capital first letter and a final full stop;
//! - `| or_list`: `["a", "b", "c"]` → `a, b or c`.
//!
//! Output lines are joined into paragraphs; a blank line starts a new paragraph and a line
//! ending in `\\` keeps its line break (for a sign-off).
//!
//! The composer never invents facts: a template only says a fact when it is given. A missing
//! fact leaves its part out, or with placeholders becomes `[[fact]]`.

mod complaint;
mod facts;

pub use complaint::{facts_from_complaint, ComplaintFacts, FACTS_ONLY_A_PERSON_KNOWS};
pub use facts::{CaseError, CaseFacts, Fact};

use crate::check::{CheckInput, Checker, Report};
use crate::rubric::{Channel, Situation};
use minijinja::value::{Rest, Value};
use minijinja::{Environment, ErrorKind, State, UndefinedBehavior};
use serde::Serialize;
use std::collections::BTreeMap;

/// The built-in templates: (file name, source).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("email.j2", include_str!("../../templates/email.j2")),
    ("chat.j2", include_str!("../../templates/chat.j2")),
    ("sms.j2", include_str!("../../templates/sms.j2")),
    ("social.j2", include_str!("../../templates/social.j2")),
    ("phone.j2", include_str!("../../templates/phone.j2")),
];

/// Names a template may use besides the facts.
const CONTEXT_NAMES: &[&str] = &["situation", "channel", "variant", "feeling", "repeat"];
/// Functions and globals minijinja or the composer provide.
const GLOBAL_NAMES: &[&str] = &["pick", "range", "dict", "namespace", "debug", "loop"];

/// A template that cannot be used, or a case that cannot be drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("template {template}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        template: String,
        line: Option<usize>,
        message: String,
    },
    #[error("template {template}{}: unknown fact `{name}` (facts: {known})", line.map(|l| format!(":{l}")).unwrap_or_default())]
    UnknownFact {
        template: String,
        line: Option<usize>,
        name: String,
        known: String,
    },
    #[error("no template for {situation} on {channel} (expected {situation}.{channel}.j2 or {channel}.j2)")]
    NoTemplate {
        situation: Situation,
        channel: Channel,
    },
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct DraftOptions {
    /// Chooses among the templates' alternative wordings.
    pub variant: u64,
    /// Render missing facts as `[[fact]]` for the agent to fill in.
    pub placeholders: bool,
}

/// A fact the case lacks and what its absence costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingFact {
    pub fact: Fact,
    /// Score points the draft would gain with the fact (measured by checking both drafts).
    pub cost: u8,
    /// How to write it.
    pub hint: &'static str,
}

/// A checked draft.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub text: String,
    /// The template it came from.
    pub template: String,
    pub variant: u64,
    pub report: Report,
    pub missing_facts: Vec<MissingFact>,
}

/// The composer: a set of templates, compiled once.
#[derive(Debug)]
pub struct Composer {
    env: Environment<'static>,
}

impl Composer {
    /// The built-in playbooks.
    pub fn builtin() -> Result<Composer, ComposeError> {
        Composer::with_templates(Vec::new())
    }

    /// The built-in playbooks plus the team's templates `(file name, source)`; a team
    /// template with a built-in's name replaces it.
    pub fn with_templates(team: Vec<(String, String)>) -> Result<Composer, ComposeError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.add_function("pick", pick);
        env.add_filter("sentence", sentence);
        env.add_filter("or_list", or_list);
        let mut sources: BTreeMap<String, String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        for (name, src) in team {
            sources.insert(name, src);
        }
        for (name, src) in &sources {
            env.add_template_owned(name.clone(), prepare(src))
                .map_err(|e| template_error(name, &e))?;
        }
        for (name, src) in &sources {
            let tmpl = env
                .get_template(name)
                .map_err(|e| template_error(name, &e))?;
            let mut unknown: Vec<String> = tmpl
                .undeclared_variables(false)
                .into_iter()
                .filter(|v| !is_known_name(v))
                .collect();
            unknown.sort();
            if let Some(name_) = unknown.into_iter().next() {
                return Err(ComposeError::UnknownFact {
                    template: name.clone(),
                    line: find_line(src, &name_),
                    name: name_,
                    known: Fact::ALL
                        .iter()
                        .map(|f| f.id())
                        .chain(CONTEXT_NAMES.iter().copied())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Ok(Composer { env })
    }

    /// The template used for a situation and channel.
    pub fn template_for(
        &self,
        situation: Situation,
        channel: Channel,
    ) -> Result<String, ComposeError> {
        let specific = format!("{}.{}.j2", situation.id(), channel.id());
        let general = format!("{}.j2", channel.id());
        [specific, general]
            .into_iter()
            .find(|n| self.env.get_template(n).is_ok())
            .ok_or(ComposeError::NoTemplate { situation, channel })
    }

    /// Render the reply text (not checked).
    pub fn render(&self, facts: &CaseFacts, opts: DraftOptions) -> Result<String, ComposeError> {
        let name = self.template_for(facts.situation, facts.channel)?;
        let tmpl = self
            .env
            .get_template(&name)
            .map_err(|e| template_error(&name, &e))?;
        let mut ctx: BTreeMap<&str, Value> = BTreeMap::new();
        for &f in Fact::ALL {
            let v = match f {
                Fact::Options if facts.has(f) => Value::from(facts.options.clone()),
                _ => match facts.get(f) {
                    Some(s) => Value::from(s),
                    None if f == Fact::Options && !opts.placeholders => {
                        Value::from(Vec::<String>::new())
                    }
                    None if opts.placeholders && f != Fact::CustomerMessage => {
                        let p = format!("[[{}]]", f.id());
                        if f == Fact::Options {
                            Value::from(vec![p])
                        } else {
                            Value::from(p)
                        }
                    }
                    None => Value::from(()),
                },
            };
            ctx.insert(f.id(), v);
        }
        ctx.insert(
            "feeling",
            Value::from(facts.feeling.as_deref().unwrap_or("frustrating")),
        );
        ctx.insert("repeat", Value::from(facts.repeat_contact));
        ctx.insert("situation", Value::from(facts.situation.id()));
        ctx.insert("channel", Value::from(facts.channel.id()));
        ctx.insert("variant", Value::from(opts.variant));
        let raw = tmpl.render(&ctx).map_err(|e| template_error(&name, &e))?;
        Ok(tidy(&raw))
    }

    /// Render, check, and account for the missing facts.
    pub fn draft(
        &self,
        checker: &Checker,
        facts: &CaseFacts,
        opts: DraftOptions,
    ) -> Result<Draft, ComposeError> {
        let text = self.render(facts, opts)?;
        let report = check(checker, facts, &text);
        let mut missing_facts = Vec::new();
        for f in wanted_facts(facts.situation, facts.channel) {
            if facts.has(f) {
                continue;
            }
            // Measure the cost: the same draft with a stand-in for the fact, checked again.
            // The stand-in is never shown; it only prices the gap.
            let mut with = facts.clone();
            with.set(f, Some(stand_in(f, facts.situation).to_string()));
            if f == Fact::Options {
                with.set(f, Some("a credit on your account".into()));
            }
            let plain = DraftOptions {
                placeholders: false,
                ..opts
            };
            let without_score = if opts.placeholders {
                check(checker, facts, &self.render(facts, plain)?).score
            } else {
                report.score
            };
            let with_score = check(checker, &with, &self.render(&with, plain)?).score;
            missing_facts.push(MissingFact {
                fact: f,
                cost: with_score.saturating_sub(without_score),
                hint: f.hint(),
            });
        }
        Ok(Draft {
            text,
            template: self.template_for(facts.situation, facts.channel)?,
            variant: opts.variant,
            report,
            missing_facts,
        })
    }

    /// Up to `n` drafts with different wordings, from `seed` on (deterministic).
    pub fn variants(
        &self,
        checker: &Checker,
        facts: &CaseFacts,
        n: usize,
        seed: u64,
        placeholders: bool,
    ) -> Result<Vec<Draft>, ComposeError> {
        let mut out: Vec<Draft> = Vec::new();
        let mut v = seed;
        // Some templates have fewer wordings than asked for: stop after a fair number of tries.
        let tries = n.saturating_mul(8).max(8);
        for _ in 0..tries {
            if out.len() >= n {
                break;
            }
            let text = self.render(
                facts,
                DraftOptions {
                    variant: v,
                    placeholders,
                },
            )?;
            if !out.iter().any(|d| d.text == text) {
                out.push(self.draft(
                    checker,
                    facts,
                    DraftOptions {
                        variant: v,
                        placeholders,
                    },
                )?);
            }
            v = v.wrapping_add(1);
        }
        Ok(out)
    }
}

fn check(checker: &Checker, facts: &CaseFacts, text: &str) -> Report {
    checker.check(&CheckInput {
        text,
        situation: facts.situation,
        channel: facts.channel,
        customer: facts.customer_message.as_deref(),
    })
}

/// The facts a reply in this situation and channel is built from; missing ones are reported.
pub fn wanted_facts(situation: Situation, channel: Channel) -> Vec<Fact> {
    use Fact as F;
    let mut v = vec![F::CustomerName, F::Problem];
    if matches!(channel, Channel::Email | Channel::Phone) {
        v.push(F::Company);
    }
    if channel == Channel::Email {
        v.push(F::AgentName);
    }
    let short = matches!(channel, Channel::Social | Channel::Sms);
    match situation {
        Situation::OurFault => {
            v.extend([F::Remedy, F::Timeframe]);
            if !short {
                v.extend([F::Cause, F::Prevention]);
            }
        }
        Situation::NotOurFault => {
            v.extend([F::Cause, F::Remedy, F::Timeframe, F::Options]);
        }
        Situation::CustomerMistaken | Situation::PolicyNo => {
            v.extend([F::Cause, F::Options]);
        }
    }
    if !short {
        v.push(F::FollowUp);
    }
    v
}

/// A plausible value of a fact, used only to measure what its absence costs.
fn stand_in(f: Fact, situation: Situation) -> &'static str {
    match f {
        Fact::CustomerName => "Alex",
        Fact::Company => "our company",
        Fact::AgentName => "Sam",
        Fact::Problem => match situation {
            Situation::PolicyNo => "you asked for a refund on your order",
            _ => "your order arrived a week late",
        },
        Fact::Cause => match situation {
            Situation::OurFault => "we packed your order with the wrong label",
            Situation::NotOurFault => "the carrier's depot was closed by a storm",
            Situation::CustomerMistaken => "the coupon ended on 30 April",
            Situation::PolicyNo => "refunds are available for 30 days after delivery",
        },
        Fact::Remedy => "I've refunded the shipping charge to your card.",
        Fact::Options => "a credit on your account",
        Fact::Timeframe => "within 2 business days",
        Fact::FollowUp => "email you on Friday to confirm everything is sorted",
        Fact::Prevention => "We've added a second check at packing so this can't happen again.",
        Fact::Goodwill => "I've added a $10 credit to your account for the trouble.",
        Fact::CustomerMessage => "",
    }
}

fn is_known_name(v: &str) -> bool {
    v.parse::<Fact>().is_ok() || CONTEXT_NAMES.contains(&v) || GLOBAL_NAMES.contains(&v)
}

/// The first line where `name` appears as a word inside template syntax.
fn find_line(src: &str, name: &str) -> Option<usize> {
    let re = regex::Regex::new(&format!(r"\b{}\b", regex::escape(name))).ok()?;
    src.lines()
        .position(|l| (l.contains("{{") || l.contains("{%")) && re.is_match(l))
        .map(|i| i + 1)
}

fn template_error(name: &str, e: &minijinja::Error) -> ComposeError {
    let message = match (e.kind(), e.detail()) {
        (ErrorKind::UndefinedError, _) => {
            "uses a name that is neither a fact nor a template variable".to_string()
        }
        (k, Some(d)) => format!("{k}: {d}"),
        (k, None) => k.to_string(),
    };
    ComposeError::Template {
        template: e.name().unwrap_or(name).to_string(),
        line: e.line(),
        message,
    }
}

/// `pick("a", "b", …)`: one wording, chosen by the variant and the first wording, so every
/// call site varies on its own and the same variant always gives the same text.
fn pick(state: &State, alts: Rest<Value>) -> Result<Value, minijinja::Error> {
    if alts.is_empty() {
        return Err(minijinja::Error::new(
            ErrorKind::MissingArgument,
            "pick() needs at least one wording",
        ));
    }
    let variant = state
        .lookup("variant")
        .and_then(|v| u64::try_from(v).ok())
        .unwrap_or(0);
    if variant == 0 {
        return Ok(alts[0].clone());
    }
    let key = alts[0].to_string();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ variant.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 29;
    Ok(alts[(h % alts.len() as u64) as usize].clone())
}

/// Capital first letter, and a full stop unless the text already ends a sentence.
fn sentence(s: String) -> String {
    let t = s.trim();
    let mut out = String::with_capacity(t.len() + 1);
    let mut chars = t.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Make a template's layout mean what it looks like, keeping its line numbers: a line holding
/// only a block tag or comment outputs nothing, and a blank line marks a paragraph break.
fn prepare(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 64);
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim();
        let tag_only = (t.starts_with("{%") && t.ends_with("%}") && t.matches("{%").count() == 1)
            || (t.starts_with("{#") && t.ends_with("#}"));
        if t.is_empty() {
            out.push_str(PARAGRAPH);
            out.push_str(&line[body.len()..]);
        } else if tag_only && line.ends_with('\n') {
            // The newline goes into a comment: no output, same line count.
            out.push_str(body);
            out.push_str("{#\n#}");
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Marks a paragraph break in rendered output until [`tidy`] lays it out.
const PARAGRAPH: &str = "\u{2029}";

/// Join template lines into paragraphs: a blank line separates paragraphs, `\\` at a line's end
/// keeps the break, spaces are collapsed.
fn tidy(raw: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in raw.lines() {
        if line.contains(PARAGRAPH) && !cur.is_empty() {
            paras.push(std::mem::take(&mut cur));
        }
        let l = line.replace(PARAGRAPH, " ");
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        let (l, hard) = match l.strip_suffix("\\\\") {
            Some(s) => (s.trim_end(), true),
            None => (l, false),
        };
        if !cur.is_empty() && !cur.ends_with('\n') {
            cur.push(' ');
        }
        cur.push_str(&l.split_whitespace().collect::<Vec<_>>().join(" "));
        if hard {
            cur.push('\n');
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    let mut out = paras
        .iter()
        .map(|p| p.trim_end())
        .collect::<Vec<_>>()
        .join("\n\n")
        .replace(" ,", ",")
        .replace(" .", ".");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fact_is_an_error_with_line() {
        let e = Composer::with_templates(vec![(
            "email.j2".into(),
            "Hi {{ customer_name }},\n{{ order_number }}\n".into(),
        )])
        .unwrap_err();
        match e {
            ComposeError::UnknownFact {
                template,
                line,
                name,
                ..
            } => {
                assert_eq!(template, "email.j2");
                assert_eq!(line, Some(2));
                assert_eq!(name, "order_number");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn syntax_error_names_template_and_line() {
        let e =
            Composer::with_templates(vec![("sms.j2".into(), "Hi\n{% if problem %}\nx\n".into())])
                .unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("template sms.j2:"), "{s}");
    }

    #[test]
    fn team_template_overrides_one_playbook() {
        let c = Composer::with_templates(vec![(
            "policy_no.sms.j2".into(),
            "Hi {{ customer_name or 'there' }}, {{ pick('a', 'b') }}".into(),
        )])
        .unwrap();
        let f = CaseFacts::new(Situation::PolicyNo, Channel::Sms);
        assert_eq!(
            c.render(&f, DraftOptions::default()).unwrap(),
            "Hi there, a\n"
        );
        assert_eq!(
            c.template_for(Situation::OurFault, Channel::Sms).unwrap(),
            "sms.j2"
        );
    }

    #[test]
    fn tidy_joins_lines() {
        let p = PARAGRAPH;
        assert_eq!(tidy(&format!("a\n b \n\n{p}\nc\\\\\nd\n")), "a b\n\nc\nd\n");
    }
}
