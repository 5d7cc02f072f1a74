//! Structural detectors: what a phrase list cannot express. Each is named by a rule of kind
//! `detector` (or `metric`, `readability`, `capitalization`, `occurrence`) in a pack, which
//! gives it its message, severity and parameters.
//!
//! Each detector is kept out of line (`#[inline(never)]`): it runs once per reply, so inlining
//! gains nothing, and a profile (see the `check_file` example) then shows what each one costs.

use crate::check::Hit;
use crate::rubric::{Channel, Component, Label, Situation};
use crate::rules::{Kind, Rule, RuleSet};
use crate::text::{syllables, Doc};
use crate::vocab;

/// The detectors a rule may name.
pub const DETECTORS: &[&str] = &[
    "explanation",
    "imperative",
    "alternative",
    "question",
    "boilerplate",
    "personalization",
    "reflection",
    "passive_evasion",
    "jargon",
    "shouting",
    "too_long",
    "hard_to_read",
    UNACKNOWLEDGED_FEELING,
];

/// The detector of a reply that ignores an upset, repeated complaint (it runs on the triage of
/// the customer's message, so the check engine calls it itself).
pub const UNACKNOWLEDGED_FEELING: &str = "unacknowledged_feeling";

/// What a detector sees.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub doc: &'a Doc,
    pub customer: Option<&'a Doc>,
    #[allow(dead_code)]
    pub customer_text: Option<&'a str>,
    #[allow(dead_code)]
    pub situation: Situation,
    pub channel: Channel,
    #[allow(dead_code)]
    pub hits: &'a [Hit],
    #[allow(dead_code)]
    pub rules: &'a RuleSet,
    pub company_names: &'a [String],
    pub allowed_terms: &'a [String],
    /// Where the trailing signature starts, found on first use.
    pub signature: &'a std::cell::OnceCell<usize>,
}

impl Ctx<'_> {
    /// Where the reply's trailing signature starts (normalized offset; the end when none).
    fn signature_from(&self) -> usize {
        *self.signature.get_or_init(|| signature_start(self))
    }
}

/// A detector's finding, in normalized offsets.
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub message: Option<String>,
    /// The fix the detector computed (replacement, what it does), in place of the rule's.
    pub fix: Option<(String, &'static str)>,
}

impl Found {
    fn span(start: usize, end: usize) -> Found {
        Found {
            start,
            end,
            message: None,
            fix: None,
        }
    }
}

/// A detector, resolved from its rule's kind and name once, when the rules are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detector {
    Explanation,
    Question,
    Imperative,
    Alternative,
    Boilerplate,
    Personalization,
    Reflection,
    PassiveEvasion,
    Jargon,
    Shouting,
    TooLong,
    HardToRead,
}

impl Detector {
    /// The detector a rule of `kind` naming `name` runs, if any.
    pub(crate) fn of(kind: Kind, name: Option<&str>) -> Option<Detector> {
        Some(match kind {
            Kind::Metric => Detector::TooLong,
            Kind::Readability => Detector::HardToRead,
            Kind::Capitalization => Detector::Shouting,
            _ => match name? {
                "explanation" => Detector::Explanation,
                "question" => Detector::Question,
                "imperative" => Detector::Imperative,
                "alternative" => Detector::Alternative,
                "boilerplate" => Detector::Boilerplate,
                "personalization" => Detector::Personalization,
                "reflection" => Detector::Reflection,
                "passive_evasion" => Detector::PassiveEvasion,
                "jargon" => Detector::Jargon,
                "shouting" => Detector::Shouting,
                "too_long" => Detector::TooLong,
                "hard_to_read" => Detector::HardToRead,
                _ => return None,
            },
        })
    }
}

pub(crate) fn run(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Found> {
    match rule.detector {
        Some(Detector::Explanation) => explanation(ctx),
        Some(Detector::Question) => question(ctx),
        Some(Detector::Imperative) => imperative(ctx),
        Some(Detector::Alternative) => alternative(ctx),
        Some(Detector::Boilerplate) => boilerplate(ctx),
        Some(Detector::Personalization) => personalization(ctx),
        Some(Detector::Reflection) => reflection(rule, ctx),
        Some(Detector::PassiveEvasion) => passive_evasion(ctx),
        Some(Detector::Jargon) => jargon(ctx),
        Some(Detector::Shouting) => shouting(rule, ctx),
        Some(Detector::TooLong) => too_long(rule, ctx),
        Some(Detector::HardToRead) => hard_to_read(rule, ctx),
        None => Vec::new(),
    }
}

/// Occurrence: the rule's `params.of` label found at least `params.min` times in a reply of at
/// most `params.max_words` words.
pub(crate) fn occurrence(
    rule: &Rule,
    ctx: &Ctx<'_>,
    evidence: &[(Component, u32, u32, u32)],
    diags: &[crate::diagnostic::Diagnostic],
) -> Vec<Found> {
    let Some(Ok(of)) = rule.param_str("of").map(|s| s.parse::<Label>()) else {
        return Vec::new();
    };
    let min = rule.param_f64("min", 3.0) as usize;
    let max_words = rule.param_f64("max_words", f64::INFINITY);
    if ctx.doc.word_count() as f64 > max_words {
        return Vec::new();
    }
    let mut spans: Vec<(usize, usize)> = match of {
        Label::Component(c) => evidence
            .iter()
            .filter(|e| e.0 == c)
            .map(|e| (e.2 as usize, e.3 as usize))
            .collect(),
        Label::AntiPattern(a) => diags
            .iter()
            .filter(|d| d.rule == a.id())
            .map(|d| (d.start, d.end))
            .collect(),
    };
    spans.sort();
    spans.dedup_by(|a, b| a.0 < b.1);
    if spans.len() >= min {
        let s = spans[min - 1];
        return vec![Found {
            start: s.0,
            end: s.1,
            message: Some(format!(
                "{} apologies in {} words sounds scripted; one sincere apology is enough",
                spans.len(),
                ctx.doc.word_count()
            )),
            fix: None,
        }];
    }
    Vec::new()
}

/// Word `i` is a capital then lower case: "Dana", "Dana's".
fn is_cap_word(ctx: &Ctx<'_>, i: usize) -> bool {
    ctx.doc.words[i].shape.capitalized()
}

/// The original text of normalized word `i`.
fn orig_word<'a>(ctx: &'a Ctx<'_>, i: usize) -> &'a str {
    ctx.doc.orig_word(ctx.text, i)
}

/// A declarative sentence that tells what happened or how things stand: a finite past-tense
/// verb or a state verb with a subject other than the customer or the agent's own action
/// ("our system sent the text before…", "road works cut the cable", "annual plans are priced…").
#[inline(never)]
fn explanation(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    // Sized for a long sentence and its clauses, so that most replies grow neither.
    let mut words: Vec<&str> = Vec::with_capacity(64);
    let mut segments: Vec<(usize, usize)> = Vec::with_capacity(8);
    for (si, s) in doc.sentences.iter().enumerate() {
        let (a, b) = (s.first_word as usize, s.end_word as usize);
        if b - a < 4 {
            continue;
        }
        let last = doc.sentence_text(si).trim_end().as_bytes().last().copied();
        if last == Some(b'?') {
            continue;
        }
        // "When we moved the courses, …." tells when, not asks.
        let statement = matches!(last, Some(b'.' | b'!'));
        clauses(doc, a, b, &mut segments);
        for &(a, b) in &segments {
            if let Some(found) = explanation_in(doc, a, b, statement, &mut words) {
                out.push(found);
            }
        }
    }
    out
}

/// The clauses of the sentence of words `a..b` that can be read on their own: the sentence
/// is cut at a colon, a semicolon or a dash ("That's the storage firm's doing: they've had
/// staff off"), and a greeting before a comma is left out ("Hi Dev, our supplier…").
fn clauses(doc: &Doc, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let gap = |k: usize| doc.gap_after(k);
    let mut start = a;
    if matches!(
        doc.word(a),
        "hi" | "hello" | "hey" | "dear" | "morning" | "afternoon" | "evening"
    ) {
        if let Some(k) = (a..(a + 4).min(b - 1)).find(|&k| gap(k).contains(&b',')) {
            start = k + 1;
        }
    }
    let first = start;
    for k in first..b - 1 {
        let g = gap(k);
        // Most words are a space apart.
        if g == b" " {
            continue;
        }
        if g.iter().any(|c| matches!(c, b':' | b';')) || g.windows(3).any(|w| w == b" - ") {
            if k + 1 - start >= 4 {
                out.push((start, k + 1));
            }
            start = k + 1;
        }
    }
    if b - start >= 4 {
        out.push((start, b));
    }
}

/// The explanation in the clause of words `a..b`, if it is one.
fn explanation_in<'d>(
    doc: &'d Doc,
    a: usize,
    b: usize,
    statement: bool,
    words: &mut Vec<&'d str>,
) -> Option<Found> {
    words.clear();
    words.extend((a..b).map(|k| doc.word(k)));
    let first = words[0];
    if vocab::NOT_EXPLANATION_OPENERS.contains(first)
        || vocab::QUESTION_OPENERS.contains(first) && !(statement && first == "when")
    {
        return None;
    }
    // An apology sentence restates the problem; it does not explain it.
    if words.iter().take(6).any(|w| {
        matches!(
            *w,
            "sorry" | "apologize" | "apologise" | "apologies" | "regret"
        )
    }) {
        return None;
    }
    if words
        .windows(2)
        .any(|w| vocab::REQUEST_BIGRAMS.contains(&(w[0], w[1])))
        || words.iter().any(|w| vocab::REQUEST_WORDS.contains(w))
    {
        return None;
    }
    let mut hit = None;
    for v in 1..words.len() {
        let w = words[v];
        let prev = words[v - 1];
        // "we double-booked Tom": a compound verb is read by its last part.
        let verb = w
            .bytes()
            .rposition(|c| c == b'-')
            .map_or(w, |p| &w[p + 1..]);
        let past = vocab::is_simple_past(verb) && !vocab::AUX_BEFORE_PARTICIPLE.contains(prev);
        // A third party's doing, in the perfect: "they've had staff off", "the maker has
        // run out".
        let perfect = matches!(prev, "they've" | "has" | "hasn't" | "have" | "haven't")
            && (vocab::is_participle(verb) || vocab::is_simple_past(verb) || verb == "had")
            && (prev == "they've"
                || v >= 2
                    && !matches!(words[v - 2], "we" | "i" | "you" | "that" | "which" | "who")
                    && (vocab::EXPLANATION_SUBJECTS.contains(words[v - 2])
                        || v >= 3
                            && matches!(
                                words[v - 3],
                                "the" | "our" | "their" | "his" | "her" | "its" | "a" | "an"
                            )));
        let past = past || perfect;
        let passive =
            matches!(prev, "was" | "were" | "is" | "are" | "got") && vocab::is_participle(w);
        // "The lines are busy", "the lines are very busy tonight".
        // "The supply's off": a noun's contracted "is" too.
        let copula = |x: &str| {
            matches!(
                x,
                "is" | "are" | "isn't" | "aren't" | "was" | "were" | "wasn't" | "weren't"
            ) || x.len() > 4
                && x.ends_with("'s")
                && !matches!(
                    x,
                    "that's" | "what's" | "here's" | "let's" | "who's" | "there's"
                )
        };
        let intensified = v >= 2
            && copula(words[v - 2])
            && matches!(
                prev,
                "very" | "really" | "extremely" | "unusually" | "quite" | "incredibly"
            );
        let state = (copula(prev) || intensified) && vocab::STATE_WORDS.contains(w);
        // How things run, in the present: "our carriers can deliver until 8 PM",
        // "deliveries continue through to 8PM" (a noun after a determiner is no verb).
        let habitual = !(past || passive || state || doc.words[a + v].shape.first_upper())
            && vocab::how_it_works_verb(w).is_some_and(|third| {
                let subject_end = vocab::HABIT_MARKERS.contains(prev)
                    || matches!(prev, "we" | "they" | "it" | "this" | "that" | "which");
                subject_end
                    || if third {
                        // "the plan allows", not "for future updates".
                        v >= 2
                            && !is_determiner_or_preposition(prev)
                            && is_singular_determiner(words[v - 2])
                    } else {
                        // "doors close", "booking rules apply".
                        is_plural_noun(prev)
                    }
            });
        if !(past || passive || state || habitual) {
            continue;
        }
        // The subject: the words before the verb in this clause.
        let lo = v.saturating_sub(5);
        let subj = &words[lo..v];
        let subj = match subj.iter().rposition(|x| {
            matches!(
                *x,
                "and" | "but" | "so" | "because" | "that" | "which" | "when" | "if"
            )
        }) {
            Some(p) => &subj[p + 1..],
            None => subj,
        };
        // "If so and it didn't help" supposes; it tells nothing.
        if subj.is_empty() || words[..v].iter().any(|x| matches!(*x, "if" | "unless")) {
            continue;
        }
        // "when the train arrives" tells no rule.
        if habitual
            && words[lo..v].iter().any(|x| {
                matches!(
                    *x,
                    "when"
                        | "if"
                        | "once"
                        | "as"
                        | "until"
                        | "while"
                        | "before"
                        | "after"
                        | "whenever"
                        | "to"
                        | "will"
                        | "would"
                        | "should"
                        | "could"
                        | "might"
                        | "must"
                        | "lets"
                        | "let's"
                ) || x.ends_with("'ll")
                    || x.ends_with("'d")
            })
        {
            continue;
        }
        let aux_skip = if past || passive || state {
            usize::from(passive || state) + usize::from(state && intensified)
        } else {
            subj.iter()
                .rev()
                .take_while(|x| vocab::HABIT_MARKERS.contains(x))
                .count()
        };
        let head = subj[subj.len().saturating_sub(1 + aux_skip)..]
            .first()
            .copied()
            .unwrap_or("");
        if matches!(
            head,
            "you" | "i" | "i'm" | "you're" | "sorry" | "we're" | "i've" | "we've"
        ) {
            continue;
        }
        // A general statement about a kind of thing: "unclaimed spaces are released…".
        // (In the present only: "items were left off" is a mishap told without its actor.)
        let copula_at = v - 1 - usize::from(state && intensified);
        let present = habitual || matches!(words[copula_at], "is" | "are" | "isn't" | "aren't");
        let plural_head = !past && present && is_plural_noun(head);
        if subj.iter().any(|x| vocab::EXPLANATION_SUBJECTS.contains(x))
            || (perfect && prev == "they've")
            // "we saw your post", "we received your email" acknowledge the message.
            || ((past || habitual)
                && subj.contains(&"we")
                && !matches!(
                    verb,
                    "saw" | "noticed" | "received" | "read" | "heard" | "spotted"
                ))
            || ((passive || state) && subj.contains(&"your"))
            || plural_head
        {
            hit = Some(v);
            break;
        }
    }
    let v = hit?;
    let w = doc.words[a + v];
    Some(Found::span(doc.words[a].start as usize, w.end as usize))
}

/// A determiner that can open a noun phrase with a singular head ("the plan", "each booking").
fn is_singular_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "our"
            | "your"
            | "their"
            | "its"
            | "his"
            | "her"
            | "my"
            | "each"
            | "every"
    )
}

/// A word after which the next is a noun rather than a verb ("the charges", "for delivery").
fn is_determiner_or_preposition(w: &str) -> bool {
    is_singular_determiner(w)
        || matches!(
            w,
            "this"
                | "that"
                | "these"
                | "those"
                | "all"
                | "some"
                | "any"
                | "no"
                | "of"
                | "for"
                | "to"
                | "in"
                | "on"
                | "with"
                | "by"
                | "from"
                | "at"
                | "and"
                | "or"
        )
}

/// A plural noun, by its shape: "spaces", "vehicles", "deliveries" (not "this", "always").
fn is_plural_noun(w: &str) -> bool {
    w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("'s")
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && !matches!(
            w,
            "this"
                | "thus"
                | "does"
                | "goes"
                | "yours"
                | "ours"
                | "theirs"
                | "thanks"
                | "always"
                | "sometimes"
                | "perhaps"
                | "unless"
                | "across"
                | "towards"
                | "afterwards"
                | "regardless"
                | "nevertheless"
                | "whereas"
                | "besides"
                | "apologies"
                | "regards"
                | "means"
                | "news"
        )
}

/// Something offered in place of what was refused or is unavailable: a refusal or an
/// unavailability somewhere in the reply, and a sentence that offers what can be done instead.
#[inline(never)]
fn alternative(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    // A refusal inside a sentence is a refusal in the reply: most replies have none.
    if !vocab::REFUSALS.in_doc(doc) {
        return Vec::new();
    }
    let mut refusal_at: Option<usize> = None;
    for si in 0..doc.sentences.len() {
        if vocab::REFUSALS.in_sentence(doc, si) {
            refusal_at = Some(si);
            break;
        }
    }
    let Some(first_refusal) = refusal_at else {
        return Vec::new();
    };
    for (si, s) in doc.sentences.iter().enumerate().skip(first_refusal) {
        let t = doc.sentence_text(si);
        if vocab::INFO_REQUESTS.in_sentence(doc, si) || t.contains("anything else") {
            continue;
        }
        let offer = vocab::OFFERS.in_sentence(doc, si);
        let contrast = si == first_refusal
            && [" but ", " however", " instead", " or "]
                .iter()
                .any(|m| t.contains(m));
        if offer && (si > first_refusal || contrast) {
            return vec![Found::span(s.start as usize, s.end as usize)];
        }
    }
    Vec::new()
}

/// An instruction to the customer: a sentence or list item that opens with a verb in the
/// imperative ("Reply HOME or PICKUP.", "- Switch auto-renew off now").
#[inline(never)]
fn imperative(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    let signature_from = ctx.signature_from();
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if s.start as usize >= signature_from || doc.sentence_text(si).trim_end().ends_with('?') {
            continue;
        }
        let mut words = doc
            .sentence_words(si)
            .skip_while(|w| w.bytes().all(|c| c.is_ascii_digit()));
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        if instructs(first, second) {
            out.push(Found::span(s.start as usize, s.end as usize));
            continue;
        }
        // An instruction after a break in the sentence: "…overnight, so keep the lid on",
        // "So sorry - bring it back and we'll fix it", "one thing: restart the router".
        let (a, b) = (s.first_word as usize, s.end_word as usize);
        let opens_clause = |k: usize| {
            let g = doc.gap_after(k - 1);
            g.iter().any(|c| matches!(c, b';' | b':'))
                || g == b" - "
                || doc.word(k - 1) == "so" && k >= a + 2 && doc.gap_after(k - 2).contains(&b',')
        };
        if let Some(k) = (a + 1..b.saturating_sub(1))
            .find(|&k| opens_clause(k) && instructs(doc.word(k), doc.word(k + 1)))
        {
            out.push(Found::span(doc.words[k].start as usize, s.end as usize));
        }
    }
    out
}

/// Whether a clause opening with `first`, `second` tells the customer to do something.
fn instructs(first: &str, second: &str) -> bool {
    vocab::IMPERATIVE_VERBS.contains(first)
        && !matches!(second, "you" | "for" | "to" | "and" | "is" | "was")
}

/// A question put to the customer: a sentence ending in "?" that addresses them.
#[inline(never)]
fn question(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if !doc.sentence_text(si).trim_end().ends_with('?') {
            continue;
        }
        // A choice ("which works?") is an option; "is that right?" checks understanding.
        let text = doc.sentence_text(si);
        if [
            "which works",
            "which suits",
            "which is better",
            "would that",
            "is that right",
            "right?",
            "does that",
            "would you like",
            "would you prefer",
            "which would",
            "which one",
        ]
        .iter()
        .any(|m| text.contains(m))
        {
            continue;
        }
        let addresses = doc.sentence_words(si).any(|w| {
            matches!(
                w,
                "you" | "your" | "you're" | "you've" | "you'd" | "yours" | "u" | "ur"
            )
        });
        let leading = doc
            .sentence_words(si)
            .next()
            .is_some_and(|w| vocab::QUESTION_OPENERS.contains(w));
        if addresses || leading {
            out.push(Found::span(s.start as usize, s.end as usize));
        }
    }
    out
}

/// A reply made only of stock moves (a formula apology, "DM us", "we're here to help") with
/// no word that ties it to this customer's case.
#[inline(never)]
fn boilerplate(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    if doc.word_count() < 4 || !vocab::STOCK_APOLOGIES.in_doc(doc) {
        return Vec::new();
    }
    let signature_from = ctx.signature_from();
    let specific = doc
        .words
        .iter()
        .take_while(|w| (w.start as usize) < signature_from)
        .map(|w| &doc.norm[w.start as usize..w.end as usize])
        .filter(|w| {
            w.len() >= 3 && vocab::is_content_word(w) && !vocab::SUPPORT_FORMULA_WORDS.contains(w)
        })
        .take(2)
        .count();
    if specific <= 1 {
        vec![Found {
            start: 0,
            end: signature_from.min(doc.norm.len()),
            message: Some("nothing in this reply is about this customer's case: name the problem, what happened and what you will do".into()),
            fix: None,
        }]
    } else {
        Vec::new()
    }
}

/// The customer addressed by name, or specifics of their case from our side (a product,
/// a reference number they did not give us).
#[inline(never)]
fn personalization(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    let signature_from = ctx.signature_from();
    for s in doc.sentences.iter() {
        let (a, b) = (s.first_word as usize, s.end_word as usize);
        if a >= b || doc.words[a].start as usize >= signature_from {
            continue;
        }
        // Greeting + name: "Hi Dana", "Dear Ms. Castellanos", "Hey there, Sam".
        let first = doc.word(a);
        if vocab::GREETINGS.contains(first) {
            let mut k = a + 1;
            while k < b && matches!(doc.word(k), "there" | "again" | "and") {
                k += 1;
            }
            if k < b {
                let lw = doc.word(k);
                if (vocab::HONORIFICS.contains(lw)
                    || is_cap_word(ctx, k)
                    || vocab::is_first_name(lw))
                    && !vocab::NOT_NAMES.contains(lw)
                    && !is_company(ctx, lw)
                    && (vocab::HONORIFICS.contains(lw) || !introduces_company(ctx, k, b))
                {
                    out.push(Found::span(
                        doc.words[a].start as usize,
                        doc.words[k].end as usize,
                    ));
                    continue;
                }
            }
        }
        for k in a..b {
            let w = doc.words[k];
            if w.start as usize >= signature_from {
                break;
            }
            let camel = w.shape.product();
            if !(w.shape.capitalized() || camel) {
                continue;
            }
            let lw = doc.word(k);
            if vocab::NOT_NAMES.contains(lw) || is_company(ctx, lw) || after_signature_mark(ctx, k)
            {
                continue;
            }
            let before = doc.norm[..w.start as usize].trim_end();
            let after = &doc.norm[w.end as usize..];
            let vocative_before =
                k == a || before.ends_with(',') || before.ends_with(['-', '\u{2013}']) && k > a;
            let vocative_after = k + 1 == b || after.starts_with([',', '.', '!', '?', ';']);
            let honorific = k > a && vocab::HONORIFICS.contains(doc.word(k - 1));
            // A proper noun of the case: a product, place or plan the customer did not just
            // type ("your Everyday Checking account", "the Cyclone", "Premiere Pro").
            let window = || (a.max(k.saturating_sub(3))..k).map(|i| doc.word(i));
            let proper = k > a
                && window().any(|x| {
                    matches!(x, "your" | "with" | "using" | "on" | "about" | "in" | "for")
                })
                && !window().any(|x| {
                    matches!(
                        x,
                        "our"
                            | "contacting"
                            | "choosing"
                            | "from"
                            | "at"
                            | "of"
                            | "to"
                            | "this"
                            | "per"
                            | "the"
                    )
                })
                && !matches!(doc.word(a), "thank" | "thanks")
                && (!vocab::is_common_word(lw)
                    || camel
                    || precedes_capital(ctx, k, b)
                    || follows_capital(ctx, k))
                && !vocab::is_first_name(lw)
                && lw.len() > 2
                && !vocab::EVERYDAY_ACRONYMS.contains(lw)
                && !ctx
                    .customer
                    .is_some_and(|c| (0..c.words.len()).any(|j| c.word(j) == lw));
            if proper {
                out.push(Found::span(w.start as usize, w.end as usize));
                continue;
            }
            let rare = !vocab::is_common_word(lw);
            let named = honorific
                || (vocative_before && vocative_after && k > a && rare)
                || (k == a && vocab::is_first_name(lw) && rare && k + 1 < b)
                || vocab::is_first_name(lw)
                    && ((vocative_before && vocative_after)
                        || (k > a
                            && !vocab::is_common_word(lw)
                            && !follows_capital(ctx, k)
                            && !precedes_capital(ctx, k, b))
                        || (k > a
                            && matches!(
                                doc.word(k - 1),
                                "that" | "this" | "it" | "you" | "too" | "again" | "there"
                            )));
            if named {
                out.push(Found::span(w.start as usize, w.end as usize));
            }
        }
    }
    // An amount of theirs: "your remaining balance is $312.40".
    for i in 0..doc.words.len() {
        let w = doc.words[i];
        if w.start as usize >= signature_from {
            break;
        }
        if !w.shape.first_digit() || char_before(doc, w) != b'$' {
            continue;
        }
        let t = doc.word(i);
        let sent = w.sentence;
        let theirs = (i.saturating_sub(6)..i)
            .any(|k| doc.words[k].sentence == sent && matches!(doc.word(k), "your" | "you"));
        let echoed = ctx
            .customer
            .is_some_and(|c| (0..c.words.len()).any(|j| c.word(j) == t));
        if theirs && !echoed {
            out.push(Found::span(w.start as usize, w.end as usize));
        }
    }
    // A reference of the case that the customer did not give us.
    for i in 0..doc.words.len() {
        let w = doc.words[i];
        if w.start as usize >= signature_from {
            break;
        }
        if w.shape.digits == 0 || w.end - w.start < 4 {
            continue;
        }
        let t = doc.word(i);
        let prev_char = char_before(doc, w);
        let labelled = prev_char == b'#'
            || (i > 0 && vocab::REFERENCE_NOUNS.contains(doc.word(i - 1)))
            || (i > 1
                && vocab::REFERENCE_NOUNS.contains(doc.word(i - 2))
                && matches!(doc.word(i - 1), "number" | "no" | "#" | "id" | "ending"));
        if !labelled {
            continue;
        }
        let echoed = ctx
            .customer
            .is_some_and(|c| (0..c.words.len()).any(|j| c.word(j) == t));
        if !echoed {
            out.push(Found::span(w.start as usize, w.end as usize));
        }
    }
    out
}

/// Where a trailing signature starts (normalized offset): the agent's initials or name after
/// ^ - * / ~ at the very end, or the lines after a sign-off.
#[inline(never)]
fn signature_start(ctx: &Ctx<'_>) -> usize {
    let norm = &ctx.doc.norm;
    let mut cut = norm.len();
    // sign-off line: "best regards," "thanks," "sincerely," on its own line
    for (i, line) in norm.match_indices('\n') {
        let rest = &norm[i + 1..];
        let line_end = rest.find('\n').map(|e| i + 1 + e).unwrap_or(norm.len());
        let l = norm[i + 1..line_end]
            .trim()
            .trim_end_matches([',', '.', '!']);
        let _ = line;
        if vocab::SIGN_OFFS.contains(l) {
            cut = cut.min(i + 1);
            break;
        }
    }
    // trailing "^JS", "-Karla", "*TLT", "/RS", "~ Olivia", "= JJ"
    let tail_from = norm.len().saturating_sub(40);
    let mut tail_from = tail_from;
    while !norm.is_char_boundary(tail_from) {
        tail_from += 1;
    }
    // The marks are ASCII (normalizing made dashes '-'), so bytes can be searched.
    if let Some(p) = norm.as_bytes()[tail_from..]
        .iter()
        .rposition(|b| matches!(b, b'^' | b'*' | b'/' | b'~' | b'=' | b'-'))
    {
        let at = tail_from + p;
        let after = norm[at + 1..].trim();
        let words = after.split_whitespace().count();
        // A mark inside a term ("PDF/X-1a", "24/7") signs nothing.
        let inside_word = at > 0 && norm.as_bytes()[at - 1].is_ascii_alphanumeric();
        if words <= 3
            && !inside_word
            && !after.contains("[link]")
            && after
                .chars()
                .all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '.' || c == '\'')
        {
            cut = cut.min(at);
        }
    }
    // trailing initials: "... assistance: [link] HRB", "= JJ [link]"
    let mut tail = norm.trim_end_matches(|c: char| {
        c.is_whitespace() || c == '.' || c == '!' || c.is_ascii_digit() || c == '/'
    });
    // (A loop of `strip_suffix`: `trim_end_matches` with a string sets up a substring search.)
    while let Some(t) = tail.strip_suffix("[link]") {
        tail = t;
    }
    let tail = tail.trim_end();
    if let Some(last) = ctx
        .doc
        .words
        .iter()
        .rposition(|w| (w.end as usize) <= tail.len())
    {
        let w = ctx.doc.words[last];
        let ow = orig_word(ctx, last);
        let n = ow.chars().count();
        if (w.end as usize) == tail.len()
            && (2..=4).contains(&n)
            && ow.chars().all(|c| c.is_ascii_uppercase())
        {
            cut = cut.min(w.start as usize);
        }
    }
    // a bare trailing name: "... [link] Sasha", "Robbie", "Laurence."
    let trimmed = norm.trim_end_matches(|c: char| {
        c.is_whitespace() || c == '.' || c == '!' || c.is_ascii_digit() || c == '/'
    });
    if let Some(last) = ctx
        .doc
        .words
        .iter()
        .rposition(|w| (w.end as usize) <= trimmed.len())
    {
        let w = ctx.doc.words[last];
        let before = norm[..w.start as usize].trim_end();
        if w.shape.capitalized()
            && vocab::is_first_name(ctx.doc.word(last))
            && (before.ends_with(['.', '!', '?', ']', ')', '-'])
                || before.is_empty()
                || before.ends_with("\n"))
        {
            cut = cut.min(w.start as usize);
        }
    }
    cut
}

#[inline]
fn after_signature_mark(ctx: &Ctx<'_>, k: usize) -> bool {
    let s = ctx.doc.words[k].start as usize;
    let norm = ctx.doc.norm.as_bytes();
    // "^SA", "/KB" after a space; "PDF/X" is one term, not a sign-off.
    s > 0
        && matches!(norm[s - 1], b'^' | b'*' | b'/' | b'~' | b'=')
        && (s < 2 || norm[s - 2].is_ascii_whitespace())
}

fn follows_capital(ctx: &Ctx<'_>, k: usize) -> bool {
    k > 0
        && ctx.doc.words[k - 1].sentence == ctx.doc.words[k].sentence
        && is_cap_word(ctx, k - 1)
        && {
            let between =
                &ctx.doc.norm[ctx.doc.words[k - 1].end as usize..ctx.doc.words[k].start as usize];
            between.trim().is_empty()
        }
}

fn precedes_capital(ctx: &Ctx<'_>, k: usize, b: usize) -> bool {
    k + 1 < b && is_cap_word(ctx, k + 1) && {
        let between =
            &ctx.doc.norm[ctx.doc.words[k].end as usize..ctx.doc.words[k + 1].start as usize];
        between.trim().is_empty() || between.trim() == "'s"
    }
}

/// "Hi, Tony's Pizza on Main here": a greeting that introduces the company, not the customer.
fn introduces_company(ctx: &Ctx<'_>, k: usize, b: usize) -> bool {
    let doc = ctx.doc;
    let end = (k + 6).min(b);
    (k..end).any(|i| matches!(doc.word(i), "here" | "team" | "support"))
        || doc.word(k).ends_with("'s")
}

/// The normalized byte just before a word (a space at the start).
fn char_before(doc: &Doc, w: crate::text::Word) -> u8 {
    if w.start > 0 {
        doc.norm.as_bytes()[w.start as usize - 1]
    } else {
        b' '
    }
}

fn is_company(ctx: &Ctx<'_>, lower_word: &str) -> bool {
    ctx.company_names
        .iter()
        .any(|c| c.eq_ignore_ascii_case(lower_word))
}

/// Restating the customer's specific problem: content words shared with their message.
#[inline(never)]
fn reflection(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Found> {
    let Some(cust) = ctx.customer else {
        return Vec::new();
    };
    let min_shared = rule.param_f64("min_shared", 2.0) as usize;
    let mut cust_words: Vec<&str> = Vec::new();
    for i in 0..cust.words.len() {
        vocab::restatement_keys(cust.word(i), |k| cust_words.push(k));
    }
    cust_words.sort();
    cust_words.dedup();
    if cust_words.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (si, s) in ctx.doc.sentences.iter().enumerate() {
        // A restatement is said to the customer: not a question, about them or their problem.
        if ctx.doc.sentence_text(si).trim_end().ends_with('?') {
            continue;
        }
        let about_them = ctx.doc.sentence_words(si).any(|w| {
            matches!(
                w,
                "you"
                    | "your"
                    | "you're"
                    | "you've"
                    | "you'd"
                    | "sorry"
                    | "apologize"
                    | "apologise"
                    | "apologies"
                    | "understand"
                    | "hear"
                    | "see"
            )
        });
        // A feeling named in the sentence: "losing the 18:40 the night before a hospital
        // appointment is really worrying" restates the problem without a "you".
        let empathic = || {
            ctx.hits.iter().any(|h| {
                h.start >= s.start
                    && h.start < s.end
                    && ctx.rules.rules[h.rule as usize].component() == Some(Component::Empathy)
            })
        };
        // "I can see…", "we should have…" tell what is, not what will be.
        let (a, b) = (s.first_word as usize, s.end_word as usize);
        let plans = (a..b).any(|k| {
            let next = if k + 1 < b { ctx.doc.word(k + 1) } else { "" };
            let perception = matches!(
                next,
                "see" | "hear" | "tell" | "imagine" | "understand" | "have" | "know"
            );
            let w = ctx.doc.word(k);
            // A soft modal looking back ("could have made you ill": `perception` has it;
            // "should never have left it") or at anyone ("would alarm anyone") tells what it
            // was like.
            let soft = matches!(w, "could" | "may" | "might" | "would" | "should");
            !perception
                && if soft {
                    next != "never"
                        && !(k + 2..b.min(k + 4))
                            .any(|j| matches!(ctx.doc.word(j), "anyone" | "anybody"))
                } else {
                    matches!(
                        w,
                        "will"
                            | "we'll"
                            | "i'll"
                            | "can"
                            | "if"
                            | "please"
                            | "must"
                            | "cannot"
                            | "can't"
                    )
                }
        });
        // A restatement is concise; a long rule-laden sentence is an explanation.
        let long = (s.end_word - s.first_word) > 30;
        if plans || long || !(about_them || empathic()) {
            continue;
        }
        let mut shared: Vec<&str> = Vec::new();
        for i in s.first_word as usize..s.end_word as usize {
            vocab::restatement_keys(ctx.doc.word(i), |st| {
                if cust_words.binary_search(&st).is_ok() && !shared.contains(&st) {
                    shared.push(st);
                }
            });
        }
        if shared.len() >= min_shared {
            out.push(Found::span(s.start as usize, s.end as usize));
        }
    }
    out
}

/// Our fault told with the actor hidden: "the wrong item was sent", "an error occurred".
#[inline(never)]
fn passive_evasion(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    for s in &doc.sentences {
        let (a, b) = (s.first_word as usize, s.end_word as usize);
        for k in a..b {
            let w = doc.word(k);
            if !vocab::BE_AUX.contains(w) {
                continue;
            }
            // be [adverb] participle
            let mut p = k + 1;
            while p < b && vocab::ADVERBS.contains(doc.word(p)) {
                p += 1;
            }
            if p >= b || !vocab::is_participle(doc.word(p)) {
                continue;
            }
            // The subject names the customer's problem or our work on it.
            let subject: Vec<&str> = (a.max(k.saturating_sub(6))..k)
                .map(|i| doc.word(i))
                .collect();
            if subject
                .iter()
                .any(|w| matches!(*w, "we" | "i" | "you" | "they" | "it's" | "this" | "that"))
            {
                continue;
            }
            // Harm done to a thing is a fault whatever the thing ("the conservatory roof was
            // damaged during the clean"); other verbs need a subject that names the problem.
            // Only as an event ("damaged during the clean", "cracked in transit"), not a state
            // ("the old boiler was broken beyond repair").
            let harm = vocab::HARM_PARTICIPLES.contains(doc.word(p))
                && (p + 1..b.min(p + 4)).any(|i| {
                    matches!(
                        doc.word(i),
                        "during" | "while" | "when" | "in" | "on" | "at" | "after" | "following"
                    )
                });
            // Something left out or left undone, whatever the thing: "your case was packed
            // without the dividers", "the pump was left running overnight".
            let next = if p + 1 < b { doc.word(p + 1) } else { "" };
            let omission = next == "without"
                || doc.word(p) == "left"
                    && (matches!(next, "on" | "open" | "unlocked" | "unattended" | "behind")
                        || next.len() > 5 && next.ends_with("ing"));
            let harm = harm || omission;
            if !harm
                && !subject.iter().any(|w| {
                    vocab::FAULT_NOUNS.contains(w)
                        || vocab::is_fault_shaped(w)
                        // "An incorrect ISBN was picked": a wrong thing, done in the past
                        // (the duplicate "will be refunded" is the fix).
                        || vocab::WRONG_WORDS.contains(w)
                            && matches!(doc.word(k), "was" | "were" | "been")
                })
            {
                continue;
            }
            // An agent named after the verb is not hidden.
            if p + 1 < b && doc.word(p + 1) == "by" {
                continue;
            }
            // "…was dispatched on the wrong date", "…was posted in error": the wrong is told
            // after the verb.
            let wrong_after = || {
                let end = b.min(p + 5);
                (p + 1..end).any(|i| {
                    let w = doc.word(i);
                    vocab::WRONG_WORDS.contains(w)
                        || matches!(
                            w,
                            "twice" | "incorrectly" | "wrongly" | "mistakenly" | "late"
                        )
                        || i + 1 < end
                            && matches!((w, doc.word(i + 1)), ("in", "error") | ("by", "mistake"))
                })
            };
            if !harm
                && !vocab::FAULT_PARTICIPLES.contains(doc.word(p))
                && !subject.iter().any(|w| vocab::WRONG_WORDS.contains(w))
                && !wrong_after()
            {
                continue;
            }
            out.push(Found::span(
                doc.words[k.saturating_sub(subject.len()).max(a)].start as usize,
                doc.words[p].end as usize,
            ));
        }
    }
    out
}

/// Unfamiliar acronyms and technical terms the customer may not know: acronyms outside the
/// everyday ones, and rare words with technical shape (digits inside, -ization, system verbs)
/// that are not everyday English. Terms the customer used themselves are not jargon.
#[inline(never)]
fn jargon(ctx: &Ctx<'_>) -> Vec<Found> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    let signature_from = ctx.signature_from();
    let customer_said = |w: &str| {
        ctx.customer
            .is_some_and(|c| (0..c.words.len()).any(|j| c.word(j) == w))
    };
    for i in 0..doc.words.len() {
        let w = doc.words[i];
        if w.start as usize >= signature_from || after_signature_mark(ctx, i) {
            break;
        }
        let lower = doc.word(i);
        let shape = w.shape;
        // Most words have fewer capitals than an acronym, no digit and fewer bytes than a rare
        // technical word: of the tests below, only the list of technical terms can flag them.
        if usize::from(shape.upper) < ACRONYM_MIN_CAPS
            && shape.digits == 0
            && lower.len() < RARE_TECHNICAL_MIN_LEN
            && !vocab::TECH_TERMS.contains(lower)
        {
            continue;
        }
        let (letters, upper, digits) = (
            usize::from(shape.letters),
            usize::from(shape.upper),
            usize::from(shape.digits),
        );
        // A unit, alone or after its quantity: "KG", "8kg", "20GB", "3.5mm".
        let measure = || {
            let unit = lower.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            matches!(
                unit,
                "gb" | "mb"
                    | "kb"
                    | "tb"
                    | "mm"
                    | "cm"
                    | "km"
                    | "kg"
                    | "kgs"
                    | "g"
                    | "lb"
                    | "lbs"
                    | "oz"
                    | "ml"
                    | "l"
                    | "mph"
                    | "kph"
                    | "ft"
                    | "in"
                    | "hr"
                    | "hrs"
                    | "m"
                    | "kw"
                    | "kwh"
                    | "mbps"
                    | "gbps"
            )
        };
        // Initials the reply is addressed to: "Hi, AJ!", "thanks for the mention, JR."
        let addressed = |i: usize| {
            let sent = doc.sentences[w.sentence as usize];
            let opens = (sent.first_word as usize..i).all(|k| {
                vocab::GREETINGS.contains(doc.word(k))
                    || matches!(doc.word(k), "thanks" | "thank" | "you")
            });
            let before = doc.norm[..w.start as usize].trim_end();
            let after = doc.norm[w.end as usize..].trim_start();
            i > sent.first_word as usize
                && (opens || before.ends_with(','))
                && (after.is_empty() || after.starts_with(['.', '!', '?', ',']))
        };
        // The cheap tests of each shape come first; word lists are consulted only for the
        // few words whose shape calls for it. A plural acronym ("ETFs", "SLAs") is read as
        // its singular; one written with an apostrophe ("DM's", "TV's") is casual writing
        // about everyday things, and left alone.
        let plural = letters >= 3
            && upper + 1 == letters
            && shape.lower == 1
            && lower.ends_with('s')
            && !lower.ends_with("'s")
            && orig_word(ctx, i).ends_with('s');
        let acronym = || {
            let (stem, caps) = if plural {
                (&lower[..lower.len() - 1], letters - 1)
            } else {
                (lower, letters)
            };
            caps >= ACRONYM_MIN_CAPS
                && upper == caps
                && caps <= 6
                && digits < 3
                && !lower.ends_with("am")
                && !lower.ends_with("pm")
                && !vocab::EVERYDAY_ACRONYMS.contains(stem)
                && !vocab::is_common_word(stem)
                && !vocab::is_common_word(
                    stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'),
                )
                && !measure()
                && !matches!(
                    lower,
                    "monday"
                        | "tuesday"
                        | "wednesday"
                        | "thursday"
                        | "friday"
                        | "saturday"
                        | "sunday"
                )
                && !is_shouted_sentence(ctx, i)
                && !(caps <= 3 && addressed(i))
        };
        let techy = || vocab::TECH_TERMS.contains(lower);
        // "k8s", "us-east-1", "2.4ghz", "t2": letters and digits mixed in one token
        let mixed = || {
            letters >= 1
                && (1..4).contains(&digits)
                && lower.len() >= 3
                && !lower.ends_with("st")
                && !lower.ends_with("nd")
                && !lower.ends_with("rd")
                && !lower.ends_with("th")
                && !lower.ends_with("am")
                && !lower.ends_with("pm")
                && !lower.ends_with('h')
                && !lower.ends_with("gb")
                && !lower.ends_with("mb")
                && !lower.ends_with('k')
                && !lower.ends_with('p')
                && !lower.ends_with("min")
                && !lower.ends_with("hrs")
                && !lower.ends_with("mins")
                && !lower.ends_with("days")
                // "plot 14's renewal"
                && !lower.ends_with("'s")
                && !measure()
                && (shape.first_lower() || shape.first_digit())
                // a number with a unit word: "3-day", "24-hour", "under-14s", "3rd-party"
                && !(lower.split('-').any(|p| {
                    let n = p.strip_suffix('s').filter(|n| !n.is_empty()).unwrap_or(p);
                    let n = ["st", "nd", "rd", "th"]
                        .iter()
                        .find_map(|o| n.strip_suffix(o).filter(|d| !d.is_empty()))
                        .unwrap_or(n);
                    n.bytes().all(|c| c.is_ascii_digit())
                }) && lower.split('-').any(vocab::is_common_word))
                // a size: "10x8", "4x6"
                && !lower.split_once('x').is_some_and(|(a, b)| {
                    !a.is_empty()
                        && !b.is_empty()
                        && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
                })
        };
        let rare_technical = || {
            lower.len() >= RARE_TECHNICAL_MIN_LEN
                && shape.first_lower()
                // (An everyday word is familiar: asked first, it spares most words the
                // suffixes.)
                && !vocab::is_common_word(lower)
                && vocab::TECH_SUFFIXES.iter().any(|suf| lower.ends_with(suf))
                && !vocab::is_familiar_word(lower)
                && !["un", "re", "pre", "non", "de", "in", "over", "under", "mis"]
                    .iter()
                    .any(|p| lower.strip_prefix(p).is_some_and(vocab::is_familiar_word))
        };
        // "the supplier code (SC)": an acronym defined where it is used
        let defined = || {
            doc.norm[..w.start as usize].ends_with('(')
                && doc.norm[w.end as usize..].starts_with(')')
        };
        // The team's own terms and the company's name are not jargon.
        let allowed = || {
            ctx.allowed_terms
                .iter()
                .any(|t| t.eq_ignore_ascii_case(orig_word(ctx, i)))
                || is_company(ctx, lower)
        };
        if (acronym() || techy() || mixed() || rare_technical())
            && !time_range(lower)
            && !in_postcode(ctx, i)
            && !defined()
            && !allowed()
            && !customer_said(lower)
        {
            out.push(Found::span(w.start as usize, w.end as usize));
        }
    }
    out
}

/// Capitals an acronym has at least ("KB", "SLA"); `jargon` turns away words with fewer, and no
/// digit, before its other tests.
const ACRONYM_MIN_CAPS: usize = 2;

/// Bytes a rare technical word ("virtualization") has at least.
const RARE_TECHNICAL_MIN_LEN: usize = 8;

/// Opening hours written as one word: "8am-9:00", "am-9:00", "8am-midnight". Each part is a
/// clock time as promises read them, an hour, or "am"/"pm" split off the time before.
fn time_range(w: &str) -> bool {
    let time = |p: &str| {
        matches!(p, "am" | "pm")
            || !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit())
            || crate::promises::parse_clock(p).is_some()
    };
    w.contains('-')
        && w.split('-').all(time)
        && w.split('-').any(|p| !p.bytes().all(|c| c.is_ascii_digit()))
}

/// Word `i` is half of a UK-style postcode ("YO21 3PU", "SW1A 1AA") or number plate ("KX19
/// PLM"): part of an address or a car, not a term to explain.
fn in_postcode(ctx: &Ctx<'_>, i: usize) -> bool {
    fn outward(w: &[u8]) -> bool {
        let letters = w.iter().take_while(|c| c.is_ascii_uppercase()).count();
        (1..=2).contains(&letters)
            && (2..=4).contains(&w.len())
            && w.get(letters).is_some_and(u8::is_ascii_digit)
            && w[letters..]
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    }
    fn inward(w: &[u8]) -> bool {
        w.len() == 3
            && w[0].is_ascii_digit()
            && w[1].is_ascii_uppercase()
            && w[2].is_ascii_uppercase()
    }
    // A current UK plate: two letters and two digits, then three letters.
    fn plate_head(w: &[u8]) -> bool {
        w.len() == 4
            && w[..2].iter().all(u8::is_ascii_uppercase)
            && w[2..].iter().all(u8::is_ascii_digit)
    }
    fn plate_tail(w: &[u8]) -> bool {
        w.len() == 3 && w.iter().all(u8::is_ascii_uppercase)
    }
    let word = |k: usize| orig_word(ctx, k).as_bytes();
    let n = ctx.doc.words.len();
    let pair = |a: &[u8], b: &[u8]| (outward(a) && inward(b)) || (plate_head(a) && plate_tail(b));
    (i + 1 < n && pair(word(i), word(i + 1))) || (i > 0 && pair(word(i - 1), word(i)))
}

fn is_shouted_sentence(ctx: &Ctx<'_>, i: usize) -> bool {
    // A word in caps among other caps words is shouting, not an acronym.
    let s = ctx.doc.sentences[ctx.doc.words[i].sentence as usize];
    let caps = (s.first_word as usize..s.end_word as usize)
        .filter(|&k| {
            let shape = ctx.doc.words[k].shape;
            shape.letters >= 3 && shape.all_capitals() && {
                let w = orig_word(ctx, k);
                if w.is_ascii() {
                    vocab::is_common_word(ctx.doc.word(k))
                } else {
                    vocab::is_common_word(&w.to_lowercase())
                }
            }
        })
        .count();
    caps >= 3
}

/// Words in capitals (not acronyms) and runs of exclamation marks.
#[inline(never)]
fn shouting(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Found> {
    let min_letters = rule.param_f64("min_letters", 4.0) as usize;
    let doc = ctx.doc;
    let mut out = Vec::new();
    // Letters of each word, and whether it is in capitals (not an everyday acronym or the
    // company's name); the word lists are asked only about words without a lower-case letter.
    let caps = |i: usize| {
        let shape = doc.words[i].shape;
        let letters = usize::from(shape.letters);
        let upper = letters >= 2
            && shape.all_capitals()
            && !vocab::EVERYDAY_ACRONYMS.contains(doc.word(i))
            && !is_company(ctx, doc.word(i));
        (letters, upper)
    };
    let mut words: Vec<(usize, bool)> = Vec::new();
    // Normalized spans of the shouted sentences flagged (and fixed) as a whole.
    let mut shouted_spans: Vec<(usize, usize)> = Vec::new();
    for s in &doc.sentences {
        let (a, b) = (s.first_word as usize, s.end_word as usize);
        // Most sentences have a lower-case letter in every word of two letters or more ("I"
        // and numbers have none): nothing is in capitals.
        if doc.words[a..b]
            .iter()
            .all(|w| w.shape.lower > 0 || w.shape.letters < 2)
        {
            continue;
        }
        words.clear();
        words.extend((a..b).map(caps));
        // A shouted sentence: most of its letters in capitals. The run of capital words is
        // flagged as one and written in sentence case.
        let shouted: usize = words.iter().filter(|w| w.1).map(|w| w.0).sum();
        let all = || -> usize {
            (a..b)
                .map(|i| usize::from(doc.words[i].shape.letters))
                .sum()
        };
        if shouted >= 8 && b - a >= 2 && shouted * 2 >= all() {
            let first = a + words.iter().position(|w| w.1).unwrap_or(0);
            let last = a + words.iter().rposition(|w| w.1).unwrap_or(0);
            let (ws, we) = (
                doc.words[first].start as usize,
                doc.words[last].end as usize,
            );
            let (os, oe) = doc.orig_span(ws, we);
            // The runs of marks inside are part of the same shouting and of its fix, so that
            // no second fix overlaps this one.
            out.push(Found {
                fix: Some((
                    one_mark_per_run(&sentence_case(&ctx.text[os..oe], ws == s.start as usize)),
                    "write it in sentence case",
                )),
                ..Found::span(ws, we)
            });
            shouted_spans.push((ws, we));
            continue;
        }
        for (i, &(letters, upper)) in (a..b).zip(&words) {
            if !upper {
                continue;
            }
            let w = orig_word(ctx, i);
            let keyword = i > 0
                && matches!(
                    doc.word(i - 1),
                    "reply" | "text" | "send" | "type" | "enter" | "say"
                );
            // Short words are mostly acronyms, but not these: "NOT", "NO exceptions" ("thank
            // YOU" is warmth, and "WHO" an organization).
            let short_emphasis = matches!(
                doc.word(i),
                "not"
                    | "no"
                    | "any"
                    | "all"
                    | "now"
                    | "are"
                    | "was"
                    | "our"
                    | "yes"
                    | "too"
                    | "did"
                    | "has"
                    | "had"
                    | "why"
                    | "own"
                    | "must"
                    | "ever"
            );
            if (letters >= min_letters || short_emphasis)
                && upper
                && !keyword
                && (short_emphasis || vocab::is_common_word(doc.word(i)) || letters > 6)
            {
                let at_start = doc.words[i].start == s.start;
                out.push(Found {
                    fix: Some((sentence_case(w, at_start), "write it in lower case")),
                    ..Found::span(doc.words[i].start as usize, doc.words[i].end as usize)
                });
            }
        }
    }
    // A run needs two exclamation marks; most replies have none.
    let b = if doc.norm.contains('!') {
        doc.norm.as_bytes()
    } else {
        &[]
    };
    let mut i = 0;
    while let Some(p) = memchr::memchr2(b'!', b'?', &b[i..]) {
        let s = i + p;
        i = s;
        while i < b.len() && (b[i] == b'!' || b[i] == b'?') {
            i += 1;
        }
        let in_shouted = shouted_spans.iter().any(|&(ws, we)| ws <= s && i <= we);
        if let (Some(one), false) = (one_mark(&b[s..i]), in_shouted) {
            out.push(Found {
                start: s,
                end: i,
                message: Some("a run of exclamation marks reads as shouting".into()),
                fix: Some((one.to_string(), "keep one mark")),
            });
        }
    }
    out
}

#[inline(never)]
fn too_long(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Found> {
    let limit = match ctx.channel {
        Channel::Email => rule.param_f64("email", Channel::Email.word_limit() as f64),
        Channel::Chat => rule.param_f64("chat", Channel::Chat.word_limit() as f64),
        Channel::Sms => rule.param_f64("sms", Channel::Sms.word_limit() as f64),
        Channel::Social => rule.param_f64("social", Channel::Social.word_limit() as f64),
        Channel::Phone => rule.param_f64("phone", Channel::Phone.word_limit() as f64),
    } as usize;
    // The channel limits are "about" so many words: allow a margin before flagging.
    let margin = rule.param_f64("tolerance", 0.1);
    let n = ctx.doc.word_count();
    if n as f64 <= limit as f64 * (1.0 + margin) {
        return Vec::new();
    }
    let w = ctx.doc.words[limit];
    vec![Found {
        start: w.start as usize,
        end: ctx.doc.norm.len(),
        message: Some(format!(
            "{n} words is long for {}: keep it under {limit}",
            ctx.channel
        )),
        fix: None,
    }]
}

/// Flesch-Kincaid grade of a run of words.
pub fn fk_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    0.39 * words as f64 / sentences as f64 + 11.8 * syllables as f64 / words as f64 - 15.59
}

#[inline(never)]
fn hard_to_read(rule: &Rule, ctx: &Ctx<'_>) -> Vec<Found> {
    let max_grade = rule.param_f64("max_grade", 12.0);
    let max_sentence = rule.param_f64("max_sentence_words", 40.0) as usize;
    let max_single = rule.param_f64("max_single_sentence_words", 50.0) as usize;
    let doc = ctx.doc;
    let mut out = Vec::new();
    let long = doc
        .sentences
        .iter()
        .filter(|s| (s.end_word - s.first_word) as usize > max_sentence)
        .count();
    for s in &doc.sentences {
        let n = (s.end_word - s.first_word) as usize;
        let dense = n > 30 && {
            let syl: usize = (s.first_word as usize..s.end_word as usize)
                .map(|k| syllables(doc.word(k)))
                .sum();
            fk_grade(n, 1, syl) > rule.param_f64("max_sentence_grade", 22.0)
        };
        if n > max_single || (n > max_sentence && long >= 2) || dense {
            out.push(Found {
                start: s.start as usize,
                end: s.end as usize,
                message: Some(format!(
                    "a sentence of {n} words is hard to follow: split it (aim for under 25)"
                )),
                fix: None,
            });
        }
    }
    let words = doc.word_count();
    // The grade of a short post is noise: one run-on tweet is not a contract.
    if words >= 80 {
        let syl: usize = (0..words).map(|i| syllables(doc.word(i))).sum();
        let g = fk_grade(words, doc.sentences.len().max(1), syl);
        if g > max_grade && out.is_empty() {
            out.push(Found {
                start: 0,
                end: doc.norm.len(),
                message: Some(format!("reading grade {g:.1} is above {max_grade}: use shorter sentences and plainer words")),
                fix: None,
            });
        }
    }
    out
}

/// The one mark a run of `!` and `?` is written as when it shouts (two or more exclamation
/// marks): "?" if the run asks, else "!". `None` for a run that does not shout.
fn one_mark(run: &[u8]) -> Option<&'static str> {
    let bangs = run.iter().filter(|&&b| b == b'!').count();
    (bangs >= 2).then_some(if run.contains(&b'?') { "?" } else { "!" })
}

/// `text` with each shouting run of marks written as its [`one_mark`].
fn one_mark_per_run(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['!', '?']) {
        out.push_str(&rest[..at]);
        let run_len = rest[at..]
            .bytes()
            .take_while(|&b| b == b'!' || b == b'?')
            .count();
        let run = &rest[at..at + run_len];
        out.push_str(one_mark(run.as_bytes()).unwrap_or(run));
        rest = &rest[at + run_len..];
    }
    out.push_str(rest);
    out
}

/// Lower case, with a capital first letter when the text opens a sentence, and "I" kept.
fn sentence_case(text: &str, opens_sentence: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first = opens_sentence;
    let mut prev_word_char = false;
    for (idx, c) in text.char_indices() {
        let next = text[idx + c.len_utf8()..].chars().next();
        let lone_i = c == 'I' && !prev_word_char && !next.is_some_and(|n| n.is_alphanumeric());
        if first && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            first = false;
        } else if lone_i {
            out.push('I');
        } else {
            out.extend(c.to_lowercase());
        }
        prev_word_char = c.is_alphanumeric() || c == '\'';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_a_rule_may_name_runs() {
        for &name in DETECTORS {
            let resolved = Detector::of(Kind::Detector, Some(name));
            // The check engine runs this one itself, on the customer's message.
            if name == UNACKNOWLEDGED_FEELING {
                assert_eq!(resolved, None);
            } else {
                assert!(resolved.is_some(), "{name} does not resolve to a detector");
            }
        }
        assert_eq!(
            Detector::of(Kind::Readability, None),
            Some(Detector::HardToRead)
        );
    }
}
