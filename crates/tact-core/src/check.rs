//! The check engine: runs a [`RuleSet`] over a reply and reports the components found, the
//! anti-patterns committed, diagnostics with spans and fixes, and an explainable score.

use crate::detectors::{self, Ctx};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rubric::{AntiPattern, Channel, Component, Label, Situation};
use crate::rules::{Kind, Role, Rule, RuleSet};
use crate::score::{self, Requirements, Score};
use crate::text::Doc;
use serde::{Deserialize, Serialize};

/// Longer than any phrase a pack expands to: how far back an exception can start and still
/// overlap a hit.
const MAX_PHRASE_BYTES: u32 = 1024;

/// What to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckInput<'a> {
    /// The reply.
    pub text: &'a str,
    pub situation: Situation,
    pub channel: Channel,
    /// The customer's message the reply answers, if known.
    pub customer: Option<&'a str>,
}

impl<'a> CheckInput<'a> {
    pub fn new(text: &'a str) -> Self {
        CheckInput {
            text,
            ..Default::default()
        }
    }
}

/// Where a component was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub component: Component,
    /// The rule that found it.
    pub code: String,
    /// Byte span in the reply.
    pub start: usize,
    pub end: usize,
}

/// The result of checking one reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub score: u8,
    pub situation: Situation,
    pub channel: Channel,
    /// Components found, in rubric order.
    pub components: Vec<Component>,
    /// Components the situation requires that the reply lacks.
    pub missing: Vec<Component>,
    /// Anti-patterns committed, in rubric order.
    pub anti_patterns: Vec<AntiPattern>,
    pub diagnostics: Vec<Diagnostic>,
    pub evidence: Vec<Evidence>,
    /// Where every lost (or earned) point went.
    pub breakdown: Vec<score::Line>,
    pub words: usize,
}

/// A raw match in the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub rule: u32,
    pub start: u32,
    pub end: u32,
    pub phrase: u32,
}

/// One reply's findings between the stages of [`Checker::check_all`].
struct Pending {
    hits: Vec<Hit>,
    /// Component, rule, start, end.
    evidence: Vec<(Component, u32, u32, u32)>,
    /// Every component said, before cancellation.
    said: Vec<(Component, u32, u32, u32)>,
    /// Components present (complete once cancellation is done).
    present: [bool; Component::ALL.len()],
    diags: Vec<Diagnostic>,
    /// Where the reply's signature starts, found on first use.
    signature: std::cell::OnceCell<usize>,
}

impl Pending {
    fn ctx<'a>(
        &'a self,
        checker: &'a Checker,
        input: &CheckInput<'a>,
        doc: &'a Doc,
        customer: Option<&'a Doc>,
    ) -> Ctx<'a> {
        Ctx {
            text: input.text,
            doc,
            customer,
            customer_text: input.customer,
            situation: input.situation,
            channel: input.channel,
            hits: &self.hits,
            rules: &checker.rules,
            company_names: &checker.company_names,
            allowed_terms: &checker.allowed_terms,
            signature: &self.signature,
        }
    }
}

/// The checker: a compiled rule set plus the team's requirements. Build once, share freely.
#[derive(Debug)]
pub struct Checker {
    pub rules: RuleSet,
    pub requirements: Requirements,
    /// The team's company name(s), never jargon and never a third party.
    pub company_names: Vec<String>,
    /// Terms the team's customers know (never jargon).
    pub allowed_terms: Vec<String>,
}

const NEGATORS: &[&str] = &[
    "not",
    "never",
    "no",
    "cannot",
    "can't",
    "won't",
    "don't",
    "didn't",
    "doesn't",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "couldn't",
    "wouldn't",
    "shouldn't",
    "haven't",
    "hasn't",
    "hadn't",
    "unable",
    "nor",
    "neither",
    "cant",
    "wont",
    "dont",
    "didnt",
    "isnt",
    "wasnt",
    "couldnt",
    "impossible",
];

impl Checker {
    /// The built-in rules with the rubric's requirements.
    pub fn builtin() -> Result<Checker, crate::rules::RuleError> {
        Ok(Checker::new(RuleSet::builtin()?))
    }

    pub fn new(rules: RuleSet) -> Checker {
        Checker {
            rules,
            requirements: Requirements::default(),
            company_names: Vec::new(),
            allowed_terms: Vec::new(),
        }
    }

    /// Check a reply.
    pub fn check(&self, input: &CheckInput<'_>) -> Report {
        let mut reports = self.check_all(std::slice::from_ref(input));
        reports
            .pop()
            .unwrap_or_else(|| unreachable!("one report per input"))
    }

    /// Check several replies: the same reports as [`Checker::check`] on each, in order.
    ///
    /// Each stage (preparing the text, matching phrases, each detector in turn, scoring) runs
    /// over all the replies before the next: a stage's code then stays in the processor's
    /// instruction cache, which on short replies is worth more than the data of a few dozen
    /// replies held at once. Batches of a few dozen short replies suit it best.
    pub fn check_all(&self, inputs: &[CheckInput<'_>]) -> Vec<Report> {
        let docs: Vec<Doc> = inputs.iter().map(|i| Doc::new(i.text)).collect();
        let customers: Vec<Option<Doc>> = inputs.iter().map(|i| i.customer.map(Doc::new)).collect();
        let mut states: Vec<Pending> = inputs
            .iter()
            .zip(&docs)
            .map(|(input, doc)| self.phrase_stage(input, doc))
            .collect();
        // Component detectors, rule by rule.
        for &ri in &self.rules.derived {
            let r = &self.rules.rules[ri as usize];
            let (Some(c), Kind::Detector) = (r.component(), r.spec.kind) else {
                continue;
            };
            for (k, st) in states.iter_mut().enumerate() {
                let input = &inputs[k];
                if !r.applies(input.situation, input.channel) {
                    continue;
                }
                let found =
                    detectors::run(r, &st.ctx(self, input, &docs[k], customers[k].as_ref()));
                st.evidence.extend(
                    found
                        .into_iter()
                        .map(|f| (c, ri, f.start as u32, f.end as u32)),
                );
            }
        }
        for (k, st) in states.iter_mut().enumerate() {
            self.presence_stage(&inputs[k], &docs[k], st);
        }
        // Anti-pattern detectors, rule by rule.
        for &ri in &self.rules.derived {
            let r = &self.rules.rules[ri as usize];
            if r.anti_pattern().is_none() {
                continue;
            }
            for (k, st) in states.iter_mut().enumerate() {
                let input = &inputs[k];
                if !r.applies(input.situation, input.channel)
                    || r.spec.unless.iter().any(|c| st.present[c.index()])
                    || !r.spec.requires.iter().all(|c| st.present[c.index()])
                {
                    continue;
                }
                let doc = &docs[k];
                let ctx = st.ctx(self, input, doc, customers[k].as_ref());
                let found = match r.spec.kind {
                    Kind::Occurrence => detectors::occurrence(r, &ctx, &st.said, &st.diags),
                    _ => detectors::run(r, &ctx),
                };
                for f in found {
                    let d = self.diagnostic(
                        r,
                        input.text,
                        doc,
                        f.start,
                        f.end,
                        u32::MAX,
                        f.message,
                        f.fix,
                    );
                    st.diags.push(d);
                }
            }
        }
        states
            .into_iter()
            .enumerate()
            .map(|(k, st)| self.report_stage(&inputs[k], &docs[k], st))
            .collect()
    }

    /// Phrase and pattern hits that apply, and the component evidence they give.
    fn phrase_stage(&self, input: &CheckInput<'_>, doc: &Doc) -> Pending {
        let (sit, ch) = (input.situation, input.channel);
        let mut hits = self.match_all(doc);
        hits.retain(|h| {
            let r = &self.rules.rules[h.rule as usize];
            r.applies(sit, ch)
                && !(r.negatable && negated(doc, h.start as usize))
                && !(r.spec.in_questions == Some(false) && in_question(doc, h.start as usize))
        });
        // Component evidence from phrases: component, rule, start, end.
        let mut evidence: Vec<(Component, u32, u32, u32)> = Vec::with_capacity(hits.len() + 8);
        for h in &hits {
            let r = &self.rules.rules[h.rule as usize];
            if let (Some(c), Kind::Existence | Kind::Substitution | Kind::Conditional) =
                (r.component(), r.spec.kind)
            {
                evidence.push((c, h.rule, h.start, h.end));
            }
        }
        Pending {
            hits,
            evidence,
            said: Vec::new(),
            present: [false; Component::ALL.len()],
            diags: Vec::new(),
            signature: Default::default(),
        }
    }

    /// With all component evidence in: what is cancelled, which components are present, and
    /// the anti-patterns the phrases commit.
    fn presence_stage(&self, input: &CheckInput<'_>, doc: &Doc, st: &mut Pending) {
        let (hits, evidence) = (&st.hits, &mut st.evidence);
        // Repetition counts every apology said, even one a hedge cancels.
        st.said = evidence.clone();
        // Cancellation: a non-apology is not an apology, etc. Cancelling hits are looked up
        // by sentence (sorted by it), so a long text costs no more per finding than a short one.
        let mut cancellers: Vec<(usize, &Hit)> = hits
            .iter()
            .filter(|h| !self.rules.rules[h.rule as usize].spec.cancels.is_empty())
            .map(|h| (doc.sentence_of(h.start as usize), h))
            .collect();
        if !cancellers.is_empty() {
            cancellers.sort_by_key(|&(sent, _)| sent);
            let in_sentence = |sent: usize| {
                let from = cancellers.partition_point(|&(s, _)| s < sent);
                cancellers[from..]
                    .iter()
                    .take_while(move |&&(s, _)| s == sent)
                    .map(|&(_, h)| h)
            };
            evidence.retain(|&(c, _, s, e)| {
                let first = doc.sentence_of(s as usize);
                let last = doc.sentence_of((e as usize).saturating_sub(1).max(s as usize));
                !(first..=last).any(|sent| {
                    in_sentence(sent).any(|h| {
                        let r = &self.rules.rules[h.rule as usize];
                        let reached = if r.spec.cancels_sentence {
                            sent == first
                        } else {
                            s < h.end && h.start < e
                        };
                        r.spec.cancels.contains(&c) && reached
                    })
                })
            });
        }
        // A conditional component counts only when the rest of the reply lacks the components
        // in its `unless` and has those in its `requires`: a lone offer to put things right is
        // a remedy, one of several choices is an option.
        let conditional = |ri: u32| self.rules.rules[ri as usize].spec.kind == Kind::Conditional;
        if evidence.iter().any(|e| conditional(e.1)) {
            let mut others = [false; Component::ALL.len()];
            for &(c, ri, ..) in evidence.iter() {
                if !conditional(ri) {
                    others[c.index()] = true;
                }
            }
            evidence.retain(|&(_, ri, ..)| {
                let spec = &self.rules.rules[ri as usize].spec;
                spec.kind != Kind::Conditional
                    || (!spec.unless.iter().any(|c| others[c.index()])
                        && spec.requires.iter().all(|c| others[c.index()]))
            });
        }
        let mut present = [false; Component::ALL.len()];
        for &(c, ..) in evidence.iter() {
            present[c.index()] = true;
        }
        // Components implied by others: a concrete remedy with a date is a timeframe, etc.,
        // are expressed in the packs; nothing is implied here.
        st.present = present;

        // Anti-patterns.
        // (component, sentence) of each piece of evidence, sorted for lookups.
        let mut in_sentence: Vec<(usize, usize)> = evidence
            .iter()
            .map(|&(c, _, st, _)| (c.index(), doc.sentence_of(st as usize)))
            .collect();
        in_sentence.sort_unstable();
        for h in hits {
            let r = &self.rules.rules[h.rule as usize];
            if r.anti_pattern().is_none() {
                continue;
            }
            if !r.spec.unless_sentence.is_empty() {
                let sent = doc.sentence_of(h.start as usize);
                if r.spec
                    .unless_sentence
                    .iter()
                    .any(|c| in_sentence.binary_search(&(c.index(), sent)).is_ok())
                {
                    continue;
                }
            }
            match r.spec.kind {
                Kind::Existence | Kind::Substitution => {}
                Kind::Conditional => {
                    if r.spec.unless.iter().any(|c| present[c.index()])
                        || !r.spec.requires.iter().all(|c| present[c.index()])
                    {
                        continue;
                    }
                }
                _ => continue,
            }
            st.diags.push(self.diagnostic(
                r,
                input.text,
                doc,
                h.start as usize,
                h.end as usize,
                h.phrase,
                None,
                None,
            ));
        }
    }

    /// The last findings, the labels and the score.
    fn report_stage(&self, input: &CheckInput<'_>, doc: &Doc, st: Pending) -> Report {
        let (sit, ch) = (input.situation, input.channel);
        let Pending {
            evidence,
            present,
            mut diags,
            ..
        } = st;
        // A reply that ignores an upset customer who has had to write again.
        if let Some(customer) = input.customer {
            for &ri in &self.rules.derived {
                let r = &self.rules.rules[ri as usize];
                if r.spec.detector.as_deref() != Some(detectors::UNACKNOWLEDGED_FEELING)
                    || !r.applies(sit, ch)
                {
                    continue;
                }
                if let Some((start, end, message)) =
                    unacknowledged_feeling(customer, doc, present[Component::Empathy.index()])
                {
                    diags.push(self.diagnostic(
                        r,
                        input.text,
                        doc,
                        start,
                        end,
                        u32::MAX,
                        Some(message),
                        None,
                    ));
                }
            }
        }
        // One diagnostic per rule and span.
        diags.sort_by(|a, b| (a.start, a.end, &a.code).cmp(&(b.start, b.end, &b.code)));
        diags.dedup_by(|a, b| {
            a.code == b.code && a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
        });

        let mut anti = [false; AntiPattern::ALL.len()];
        for d in &diags {
            if let Ok(a) = d.rule.parse::<AntiPattern>() {
                anti[a.index()] = true;
            }
        }
        let components: Vec<Component> = Component::ALL
            .iter()
            .copied()
            .filter(|c| present[c.index()])
            .collect();
        let anti_patterns: Vec<AntiPattern> = AntiPattern::ALL
            .iter()
            .copied()
            .filter(|a| anti[a.index()])
            .collect();

        let mut ev: Vec<Evidence> = evidence
            .iter()
            .map(|&(c, ri, s, e)| {
                let (s, e) = doc.orig_span(s as usize, e as usize);
                Evidence {
                    component: c,
                    code: self.rules.rules[ri as usize].spec.code.clone(),
                    start: s,
                    end: e,
                }
            })
            .collect();
        ev.sort_by_key(|e| (e.component, e.start));
        ev.dedup_by(|a, b| a.component == b.component && a.start == b.start);

        let Score {
            score,
            missing,
            lines,
        } = score::score(&self.requirements, sit, ch, &present, &diags);
        Report {
            score,
            situation: sit,
            channel: ch,
            components,
            missing,
            anti_patterns,
            diagnostics: diags,
            evidence: ev,
            breakdown: lines,
            words: doc.word_count(),
        }
    }

    /// All phrase and pattern matches, boundaries checked, exceptions removed.
    fn match_all(&self, doc: &Doc) -> Vec<Hit> {
        let norm = doc.norm.as_str();
        // A short reply has a handful of hits; one allocation for them.
        let mut hits: Vec<Hit> = Vec::with_capacity(16);
        let mut exceptions: Vec<Hit> = Vec::new();
        let mut sentence_exceptions: Vec<(u32, usize)> = Vec::new();
        let mut sentence_requirements: Vec<(u32, usize)> = Vec::new();
        if !self.rules.phrases.is_empty() {
            self.rules.phrases.for_each_match(&doc.tokens, |pid, s, e| {
                let (rule, role) = self.rules.phrase_owner[pid];
                let hit = Hit {
                    rule,
                    start: s as u32,
                    end: e as u32,
                    phrase: 0,
                };
                match role {
                    Role::Main(p) => hits.push(Hit { phrase: p, ..hit }),
                    Role::Exception => exceptions.push(hit),
                    Role::SentenceException => sentence_exceptions.push((rule, doc.sentence_of(s))),
                    Role::SentenceRequirement => {
                        sentence_requirements.push((rule, doc.sentence_of(s)))
                    }
                }
            });
        }
        {
            let candidates = self.rules.gate.candidates(norm.as_bytes());
            for pi in (0..self.rules.regexes.len()).filter(|&pi| candidates[pi]) {
                let (rule, _) = self.rules.regex_owner[pi];
                // Every pattern compiles: a team's when its pack is loaded, the built-in ones
                // in the tests.
                let Ok(re) = self.rules.regexes[pi].compiled() else {
                    continue;
                };
                for m in re.find_iter(norm.as_bytes()) {
                    if m.start() == m.end()
                        || !norm.is_char_boundary(m.start())
                        || !norm.is_char_boundary(m.end())
                    {
                        continue;
                    }
                    hits.push(Hit {
                        rule,
                        start: m.start() as u32,
                        end: m.end() as u32,
                        phrase: u32::MAX,
                    });
                }
            }
        }
        if !exceptions.is_empty() {
            // Sorted by rule and start; phrases are short, so only exceptions that start a
            // little before a hit can overlap it.
            exceptions.sort_by_key(|x| (x.rule, x.start));
            hits.retain(|h| {
                let from = exceptions.partition_point(|x| {
                    (x.rule, x.start) < (h.rule, h.start.saturating_sub(MAX_PHRASE_BYTES))
                });
                !exceptions[from..]
                    .iter()
                    .take_while(|x| x.rule == h.rule && x.start < h.end)
                    .any(|x| h.start < x.end)
            });
        }
        // Sentence exceptions and requirements: a handful per reply, looked up sorted.
        if !sentence_exceptions.is_empty() {
            sentence_exceptions.sort_unstable();
            hits.retain(|h| {
                sentence_exceptions
                    .binary_search(&(h.rule, doc.sentence_of(h.start as usize)))
                    .is_err()
            });
        }
        sentence_requirements.sort_unstable();
        hits.retain(|h| {
            let r = &self.rules.rules[h.rule as usize];
            r.spec.sentence_requires.is_empty()
                || sentence_requirements
                    .binary_search(&(h.rule, doc.sentence_of(h.start as usize)))
                    .is_ok()
        });
        // Per rule, keep the longest of overlapping hits.
        hits.sort_by(|a, b| {
            (a.rule, a.start, std::cmp::Reverse(a.end)).cmp(&(
                b.rule,
                b.start,
                std::cmp::Reverse(b.end),
            ))
        });
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if let Some(last) = out.last_mut() {
                if last.rule == h.rule && h.start < last.end {
                    if h.end > last.end {
                        last.end = h.end;
                    }
                    continue;
                }
            }
            out.push(h);
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn diagnostic(
        &self,
        r: &Rule,
        text: &str,
        doc: &Doc,
        start: usize,
        end: usize,
        phrase: u32,
        message: Option<String>,
        computed_fix: Option<(String, &'static str)>,
    ) -> Diagnostic {
        let (s, e) = doc.orig_span(start, end);
        let matched = &text[s..e];
        let mut message =
            message.unwrap_or_else(|| r.spec.message.replace("{match}", matched.trim()));
        if message.is_empty() {
            message = format!("{} ({})", r.spec.name, r.spec.target);
        }
        let replacement = match (r.spec.kind, r.swaps.get(phrase as usize)) {
            (Kind::Substitution, Some(rep)) if !rep.is_empty() || r.spec.fix.is_none() => Some((
                rep.clone(),
                r.spec
                    .fix
                    .as_ref()
                    .map(|f| f.applicability)
                    .unwrap_or(Applicability::Unsafe),
                r.spec.fix.as_ref().and_then(|f| f.message.clone()),
            )),
            _ => r.spec.fix.as_ref().map(|f| {
                (
                    f.replacement.replace("{match}", matched),
                    f.applicability,
                    f.message.clone(),
                )
            }),
        };
        let computed = computed_fix.is_some();
        let replacement = match computed_fix {
            Some((rep, msg)) => Some((
                rep,
                r.spec
                    .fix
                    .as_ref()
                    .map(|f| f.applicability)
                    .unwrap_or(Applicability::Unsafe),
                Some(msg.to_string()),
            )),
            None => replacement,
        };
        let fix = replacement.map(|(rep, applicability, msg)| {
            let rep = if computed {
                rep
            } else {
                match_case(matched, &rep)
            };
            let (mut fs, mut fe) = (s, e);
            if rep.is_empty() {
                // Deleting a word: take one neighbouring space with it.
                if text[fe..].starts_with(' ') {
                    fe += 1;
                } else if fs > 0 && text[..fs].ends_with(' ') {
                    fs -= 1;
                }
            }
            Fix {
                message: msg.unwrap_or_else(|| {
                    if rep.is_empty() {
                        format!("remove \u{201c}{}\u{201d}", matched.trim())
                    } else {
                        format!("write \u{201c}{rep}\u{201d}")
                    }
                }),
                applicability,
                edits: vec![Edit {
                    start: fs,
                    end: fe,
                    replacement: rep,
                }],
            }
        });
        Diagnostic {
            code: r.spec.code.clone(),
            rule: r.spec.target.id().to_string(),
            severity: r.severity,
            message,
            start: s,
            end: e,
            reason: if r.spec.doc.why.is_empty() {
                None
            } else {
                Some(r.spec.doc.why.clone())
            },
            fix,
        }
    }

    /// Whether a rule code or name exists.
    pub fn has_rule(&self, code: &str) -> bool {
        self.rules.find(code).is_some()
    }

    /// The severity of a finding weighs by channel in the score; exposed for the doors.
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.rules.find(code).map(|r| r.severity)
    }

    /// Labels any rule can find.
    pub fn labels(&self) -> Vec<Label> {
        let mut v: Vec<Label> = self.rules.rules.iter().map(|r| r.spec.target).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Whether the words just before `start` (same clause, up to four words) negate it.
pub(crate) fn negated(doc: &Doc, start: usize) -> bool {
    let wi = doc.word_at_or_after(start);
    if wi == 0 {
        return false;
    }
    let sent = if wi < doc.words.len() {
        doc.words[wi].sentence
    } else {
        doc.words[wi - 1].sentence
    };
    let lo = wi.saturating_sub(4);
    for k in (lo..wi).rev() {
        let w = doc.words[k];
        if w.sentence != sent {
            break;
        }
        // stop at clause punctuation between this word and the match
        let between = &doc.norm[w.end as usize..start.max(w.end as usize)];
        if between.contains([',', ';', ':', '(', ')']) || between.contains(" but ") {
            break;
        }
        let t = doc.word(k);
        if NEGATORS.contains(&t) || t.ends_with("n't") {
            return true;
        }
    }
    false
}

/// Whether the normalized offset lies in a sentence that ends with a question mark.
pub(crate) fn in_question(doc: &Doc, offset: usize) -> bool {
    if doc.sentences.is_empty() {
        return false;
    }
    let s = doc.sentences[doc.sentence_of(offset)];
    doc.norm[s.start as usize..s.end as usize]
        .trim_end()
        .ends_with('?')
}

/// Keep the capitalisation of the first letter of what is replaced.
fn match_case(original: &str, replacement: &str) -> String {
    let upper = original
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_uppercase());
    let all_upper = original.chars().filter(|c| c.is_alphabetic()).count() > 1
        && original
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
    if all_upper || !upper {
        return replacement.to_string();
    }
    let mut cs = replacement.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
        None => String::new(),
    }
}

/// Words by which a reply owns that the customer had to get in touch again.
fn acknowledges_repeat(norm: &str) -> bool {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"\b(?:again|repeat\w*|once more|another time|(?:second|third|fourth|\d+(?:st|nd|rd|th)) time|had to (?:contact|reach|write|chase|ask|call|follow|get in touch|come back|message|tweet)|(?:shouldn't|should not|should never) have (?:had )?to|keep having to|more than once|multiple times|several times|twice|still|so long|this long|(?:previous|earlier|last) (?:message|messages|contact|call|calls|chat|email|emails|conversation)s?)\b",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(norm))
}

/// When the customer is upset and writes again, a reply must name the feeling (empathy) and own
/// the repeat. Returns the span of the reply's opening sentence and the message.
fn unacknowledged_feeling(
    customer: &str,
    doc: &Doc,
    has_empathy: bool,
) -> Option<(usize, usize, String)> {
    let t = crate::triage::triage(customer).ok()?;
    let feeling = t
        .present
        .iter()
        .find(|e| matches!(e.as_str(), "anger" | "frustration" | "disappointment"))
        .cloned()
        .or_else(|| {
            t.urgency_reasons
                .contains(&crate::triage::UrgencyReason::StrongEmotion)
                .then(|| "frustration".to_string())
        })?;
    if !t.repeated_contact() || !t.complaint.is_complaint {
        return None;
    }
    let repeat = acknowledges_repeat(&doc.norm);
    let missing = match (has_empathy, repeat) {
        (true, true) => return None,
        (false, false) => format!("the customer shows {feeling} and has had to get in touch again; the reply acknowledges neither"),
        (false, true) => format!("the customer shows {feeling}; the reply never acknowledges the feeling"),
        (true, false) => "the customer has had to get in touch again; the reply never owns the repeat".to_string(),
    };
    let s = doc.sentences.first()?;
    Some((s.start as usize, s.end as usize, missing))
}
