//! Rules as data: the TOML format of rule packs, the built-in packs, and their compilation
//! into one [`RuleSet`] (one token trie for every phrase, one `RegexSet` prefilter for every
//! pattern).

pub mod docs;
pub mod expand;
pub(crate) mod phrases;

use crate::diagnostic::{Applicability, Severity};
use crate::rubric::{AntiPattern, Channel, Component, Label, Situation};
use regex::bytes::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The built-in rule packs, compiled into the binary: (file name, TOML text).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "components.toml",
        include_str!("../../rules/components.toml"),
    ),
    (
        "anti_patterns.toml",
        include_str!("../../rules/anti_patterns.toml"),
    ),
    ("structure.toml", include_str!("../../rules/structure.toml")),
];

/// The kinds a rule can be (after Vale): a small fixed set that a non-programmer can fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Fires on each occurrence of a phrase or pattern.
    Existence,
    /// Like existence, and each phrase has its own replacement (`swap`).
    Substitution,
    /// Fires when another label's evidence occurs at least `min` times (`params.of`, `params.min`).
    Occurrence,
    /// Fires on a phrase or pattern only when the reply lacks the components in `unless`
    /// (and has those in `requires`). For a component, those are what the reply's other
    /// rules find.
    Conditional,
    /// Fires when a measure of the reply passes a limit (`params.metric`: `words`).
    Metric,
    /// Fires on sentences or replies above a reading grade (`params.max_grade`, `params.max_sentence_words`).
    Readability,
    /// Fires on words in capitals or runs of `!!` (`params.min_letters`).
    Capitalization,
    /// A structural detector written in Rust (`detector` names it), for what phrases cannot express.
    Detector,
}

/// How a rule's inline test expects the rule to behave.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub text: String,
    /// `true`: the rule must fire (or its component be found); `false`: a guardrail, it must not.
    pub fires: bool,
    #[serde(default)]
    pub situation: Option<Situation>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub customer: Option<String>,
}

/// The doc sections of a rule, shown by `tact rules explain` and in `docs/rules.md`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub example: String,
    #[serde(default)]
    pub instead: String,
}

/// A fix attached to a rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    /// Replacement text; `{match}` stands for the matched text. Empty deletes the match.
    pub replacement: String,
    #[serde(default)]
    pub applicability: Applicability,
    #[serde(default)]
    pub message: Option<String>,
}

/// One rule as written in a pack.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub code: String,
    pub name: String,
    /// The rubric id this rule finds: a component (evidence) or an anti-pattern (a finding).
    pub target: Label,
    pub kind: Kind,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions, matched on the normalized (lower-case) text.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Phrases that cancel a hit of this rule when they overlap it.
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// Phrases that cancel a hit of this rule anywhere in the same sentence.
    #[serde(default)]
    pub sentence_exceptions: Vec<String>,
    /// Phrases one of which must appear in the same sentence for a hit to count.
    #[serde(default)]
    pub sentence_requires: Vec<String>,
    /// Components whose evidence in the same sentence cancels a hit ("look into it by Friday"
    /// is not vague).
    #[serde(default)]
    pub unless_sentence: Vec<Component>,
    /// Whether a negation just before the match cancels it ("we can't refund").
    #[serde(default)]
    pub negatable: Option<bool>,
    /// Whether hits inside a question count (`false`: "were you charged by…?" explains nothing).
    #[serde(default)]
    pub in_questions: Option<bool>,
    /// Only in these situations (all when empty).
    #[serde(default)]
    pub situations: Vec<Situation>,
    /// Only on these channels (all when empty).
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Conditional: fire only when none of these components is present.
    #[serde(default)]
    pub unless: Vec<Component>,
    /// Conditional: fire only when all of these components are present.
    #[serde(default)]
    pub requires: Vec<Component>,
    /// Components whose evidence this rule's hits cancel when they overlap (a non-apology is
    /// not an apology).
    #[serde(default)]
    pub cancels: Vec<Component>,
    /// Whether the cancellation reaches the whole sentence ("sorry if that's frustrating" is
    /// no empathy either), not only the overlapping words.
    #[serde(default)]
    pub cancels_sentence: bool,
    /// Detector name, for `kind = "detector"`.
    #[serde(default)]
    pub detector: Option<String>,
    /// Kind-specific parameters.
    #[serde(default)]
    pub params: toml::Table,
    #[serde(default)]
    pub fix: Option<FixSpec>,
    /// Substitution: phrase → replacement.
    #[serde(default)]
    pub swap: BTreeMap<String, String>,
    #[serde(default)]
    pub doc: RuleDoc,
    #[serde(default, rename = "test")]
    pub tests: Vec<RuleTest>,
}

/// A rule pack file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    /// Word lists usable in phrases as `{name}`.
    #[serde(default)]
    pub vocab: BTreeMap<String, Vec<String>>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
    /// One of the packs built into tact, whose patterns the test suite compiles: they are
    /// compiled on first use. A team's patterns are compiled when the pack is loaded, so that
    /// one that does not compile is reported there.
    #[serde(skip)]
    pub builtin: bool,
}

/// An error in a rule pack or its compilation, naming the pack and the rule.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: rule {code}: {message}")]
    Invalid {
        file: String,
        code: String,
        message: String,
    },
    #[error("duplicate rule code `{code}` (in {first} and {second})")]
    Duplicate {
        code: String,
        first: String,
        second: String,
    },
}

/// Parse a pack from TOML text; `file` names it in errors.
pub fn parse_pack(file: &str, text: &str) -> Result<PackSpec, RuleError> {
    toml::from_str::<PackSpec>(text).map_err(|e| RuleError::Parse {
        file: file.to_string(),
        message: e.to_string().trim().replace('\n', " "),
    })
}

/// What a matched literal or pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Phrase number `usize` of the rule (for substitution lookups).
    Main(u32),
    Exception,
    SentenceException,
    SentenceRequirement,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub spec: RuleSpec,
    /// The pack file it came from.
    pub source: String,
    pub severity: Severity,
    pub negatable: bool,
    pub(crate) swaps: Vec<String>,
    pub enabled: bool,
    /// The numeric `params`, read once: detectors ask for them on every reply.
    numbers: Vec<(String, f64)>,
    /// The detector it runs, resolved from its kind and `detector` name.
    pub(crate) detector: Option<crate::detectors::Detector>,
}

impl Rule {
    pub fn code(&self) -> &str {
        &self.spec.code
    }
    pub fn target(&self) -> Label {
        self.spec.target
    }
    pub fn component(&self) -> Option<Component> {
        match self.spec.target {
            Label::Component(c) => Some(c),
            Label::AntiPattern(_) => None,
        }
    }
    /// Whether the rule reports findings (diagnostics) rather than component evidence.
    pub fn is_finding(&self) -> bool {
        self.anti_pattern().is_some()
            || self.spec.detector.as_deref() == Some(crate::detectors::UNACKNOWLEDGED_FEELING)
    }
    pub fn anti_pattern(&self) -> Option<AntiPattern> {
        match self.spec.target {
            Label::AntiPattern(a) => Some(a),
            Label::Component(_) => None,
        }
    }
    pub fn applies(&self, situation: Situation, channel: Channel) -> bool {
        self.enabled
            && (self.spec.situations.is_empty() || self.spec.situations.contains(&situation))
            && (self.spec.channels.is_empty() || self.spec.channels.contains(&channel))
    }
    /// Numeric parameter with a default.
    pub fn param_f64(&self, key: &str, default: f64) -> f64 {
        self.numbers
            .iter()
            .find(|(k, _)| k == key)
            .map_or(default, |&(_, v)| v)
    }
    pub fn param_str(&self, key: &str) -> Option<&str> {
        self.spec.params.get(key).and_then(|v| v.as_str())
    }
}

/// The compiled rules, built once and shared across threads.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Every phrase of every rule, each spelling a literal under the phrase's number.
    pub(crate) phrases: phrases::PhraseTrie,
    /// The rule each phrase belongs to, and what it does there.
    pub(crate) phrase_owner: Vec<(u32, Role)>,
    pub(crate) regexes: Vec<Pattern>,
    /// Which patterns can match a given text.
    pub(crate) gate: PatternGate,
    pub(crate) regex_owner: Vec<(u32, Role)>,
    /// Indices of rules that are neither existence-like nor handled by the matcher.
    pub(crate) derived: Vec<u32>,
}

/// Something to add to the built-in rules before compiling (a team's config).
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Extra packs (file name, spec).
    pub packs: Vec<(String, PackSpec)>,
}

impl RuleSet {
    /// Compile the built-in packs.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        Self::compile(Self::builtin_packs()?)
    }

    /// Parse the built-in packs.
    pub fn builtin_packs() -> Result<Vec<(String, PackSpec)>, RuleError> {
        BUILTIN_PACKS
            .iter()
            .map(|(f, t)| {
                let pack = PackSpec {
                    builtin: true,
                    ..parse_pack(f, t)?
                };
                Ok((f.to_string(), pack))
            })
            .collect()
    }

    /// Compile packs into a rule set.
    pub fn compile(packs: Vec<(String, PackSpec)>) -> Result<RuleSet, RuleError> {
        let mut rules: Vec<Rule> = Vec::new();
        // Every spelling of a phrase is one literal of the trie, under the phrase's number. The
        // built-in packs spell their phrases about 200,000 ways.
        let mut trie = phrases::PhraseTrieBuilder::with_capacity(1 << 17);
        let mut phrase_owner = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut regexes: Vec<Pattern> = Vec::new();
        let mut regex_owner = Vec::new();
        let mut derived = Vec::new();
        let mut first_source: BTreeMap<String, String> = BTreeMap::new();

        for (file, pack) in packs {
            for spec in pack.rules {
                let code = spec.code.clone();
                let invalid = |m: String| RuleError::Invalid {
                    file: file.clone(),
                    code: code.clone(),
                    message: m,
                };
                if let Some(prev) = first_source.get(&code) {
                    return Err(RuleError::Duplicate {
                        code,
                        first: prev.clone(),
                        second: file.clone(),
                    });
                }
                first_source.insert(code.clone(), file.clone());
                if code.trim().is_empty()
                    || !code
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(invalid("a code is letters, digits, `-` or `_`".into()));
                }
                let idx = rules.len() as u32;
                let is_component = matches!(spec.target, Label::Component(_));
                let severity = spec.severity.unwrap_or(if is_component {
                    Severity::Info
                } else {
                    Severity::Warning
                });
                let negatable = spec.negatable.unwrap_or(is_component);
                let matcher_kind = matches!(
                    spec.kind,
                    Kind::Existence | Kind::Substitution | Kind::Conditional
                );
                if matcher_kind
                    && spec.phrases.is_empty()
                    && spec.patterns.is_empty()
                    && spec.swap.is_empty()
                {
                    return Err(invalid(
                        format!("a `{:?}` rule needs phrases, patterns or swap", spec.kind)
                            .to_lowercase(),
                    ));
                }
                if spec.kind == Kind::Detector && spec.detector.is_none() {
                    return Err(invalid("a detector rule names its `detector`".into()));
                }
                if let Some(d) = &spec.detector {
                    if !crate::detectors::DETECTORS.contains(&d.as_str()) {
                        return Err(invalid(format!(
                            "unknown detector `{d}` (known: {})",
                            crate::detectors::DETECTORS.join(", ")
                        )));
                    }
                }
                if spec.kind == Kind::Occurrence {
                    match spec
                        .params
                        .get("of")
                        .and_then(|v| v.as_str())
                        .map(|s| s.parse::<Label>())
                    {
                        Some(Ok(_)) => {}
                        Some(Err(e)) => return Err(invalid(e.to_string())),
                        None => return Err(invalid("an occurrence rule names `params.of`".into())),
                    }
                }
                // phrases
                let mut swaps = Vec::new();
                let mut phrase_list: Vec<(String, Option<String>)> =
                    spec.phrases.iter().map(|p| (p.clone(), None)).collect();
                for (p, r) in &spec.swap {
                    phrase_list.push((p.clone(), Some(r.clone())));
                }
                swaps.extend(
                    phrase_list
                        .iter()
                        .map(|(_, r)| r.clone().unwrap_or_default()),
                );
                let roles = phrase_list
                    .iter()
                    .enumerate()
                    .map(|(pi, (p, _))| (p, Role::Main(pi as u32)))
                    .chain(spec.exceptions.iter().map(|p| (p, Role::Exception)))
                    .chain(
                        spec.sentence_exceptions
                            .iter()
                            .map(|p| (p, Role::SentenceException)),
                    )
                    .chain(
                        spec.sentence_requires
                            .iter()
                            .map(|p| (p, Role::SentenceRequirement)),
                    );
                for (phrase, role) in roles {
                    let id = phrase_owner.len() as u32;
                    expand::for_each_variant(phrase, &pack.vocab, |v| trie.insert(v, id))
                        .map_err(|e| invalid(e.to_string()))?;
                    phrase_owner.push((idx, role));
                }
                for (pi, pat) in spec.patterns.iter().enumerate() {
                    let pattern = Pattern::new(pat);
                    if !pack.builtin {
                        pattern
                            .compiled()
                            .map_err(|e| invalid(format!("pattern {pi}: {e}")))?;
                    }
                    regexes.push(pattern);
                    regex_owner.push((idx, Role::Main(u32::MAX)));
                }
                if !matcher_kind {
                    derived.push(idx);
                }
                seen.insert(code.clone());
                let numbers = spec
                    .params
                    .iter()
                    .filter_map(|(k, v)| match v {
                        toml::Value::Integer(i) => Some((k.clone(), *i as f64)),
                        toml::Value::Float(f) => Some((k.clone(), *f)),
                        _ => None,
                    })
                    .collect();
                let detector = crate::detectors::Detector::of(spec.kind, spec.detector.as_deref());
                rules.push(Rule {
                    detector,
                    spec,
                    source: file.clone(),
                    severity,
                    negatable,
                    swaps,
                    enabled: true,
                    numbers,
                });
            }
        }
        let phrases = trie.build();
        let gate = PatternGate::new(&regexes);
        Ok(RuleSet {
            rules,
            phrases,
            phrase_owner,
            regexes,
            gate,
            regex_owner,
            derived,
        })
    }

    /// Look a rule up by code (case-insensitive) or name.
    pub fn find(&self, code_or_name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| {
            r.spec.code.eq_ignore_ascii_case(code_or_name)
                || r.spec.name.eq_ignore_ascii_case(code_or_name)
        })
    }

    /// Rules that find the given label.
    pub fn rules_for(&self, label: Label) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.spec.target == label)
    }
}

/// Compile a rule pattern. The text it runs on is normalized (lower case, straight quotes), and
/// a word boundary in a pattern is an ASCII one: phrases are English, and a Unicode boundary
/// keeps the fast engines from running on text with any non-ASCII character. A pattern written
/// in ASCII is compiled without Unicode classes too (`\d` is 0-9, `[^.!?]` one byte): the
/// automata are many times smaller, which matters for bounded gaps like `[^.!?]{0,120}`. Its
/// matches still start and end on characters, as every pattern is anchored by ASCII on both
/// ends; the matcher drops any match that would not.
fn compile_pattern(pat: &str) -> Result<Regex, regex::Error> {
    let (pat, unicode) = prepare_pattern(pat);
    RegexBuilder::new(&pat).unicode(unicode).build()
}

/// A rule's pattern, compiled on first use: a reply's few candidate patterns (see
/// [`PatternGate`]) are all most runs of `tact check` ever need, and compiling all of them
/// would be a fifth of the time it takes to load the rules.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    compiled: OnceLock<Result<Regex, regex::Error>>,
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
        }
    }

    /// The compiled pattern, or why it does not compile.
    pub(crate) fn compiled(&self) -> Result<&Regex, &regex::Error> {
        self.compiled
            .get_or_init(|| compile_pattern(&self.source))
            .as_ref()
    }

    /// The pattern as written in the rule.
    fn source(&self) -> &str {
        &self.source
    }
}

/// A rule pattern as it is compiled: ASCII word boundaries, and whether it needs Unicode
/// classes (only when it is not ASCII itself).
fn prepare_pattern(pat: &str) -> (String, bool) {
    let pat = crate::text::ascii_boundaries(pat);
    let unicode = !pat.is_ascii();
    (pat, unicode)
}

/// Which patterns are worth running on a text. Every match of a pattern starts with one of its
/// prefix literals and ends with one of its suffix literals (as regex-syntax extracts them:
/// "sorry", "apologi", "days"), so one Aho-Corasick pass over a reply finds the few patterns
/// that can match it: those with a prefix and a suffix literal in the text ("within" is common,
/// "within … days" much less so). The others are not searched at all; on a short reply the
/// set-up of each pattern's search costs more than the scan. A pattern without a finite set of
/// non-empty literals on either side always runs.
#[derive(Debug)]
pub(crate) struct PatternGate {
    /// The automaton of the gate literals, as a compact NFA: quick to build, for the first
    /// replies of a run.
    nfa: Option<aho_corasick::nfa::contiguous::NFA>,
    /// The same as a DFA, built once [`DFA_AFTER`] replies have been through the gate: a DFA
    /// walks a reply with about 4,500 fewer instructions, but takes about 160M to build, which
    /// only a run of tens of thousands of replies repays.
    dfa: OnceLock<Option<aho_corasick::dfa::DFA>>,
    /// What both are built from.
    trie: Option<aho_corasick::nfa::noncontiguous::NFA>,
    /// Replies through the gate so far.
    replies: AtomicUsize,
    /// The pattern of each literal of the automaton, and its side ([`PREFIX`] or [`SUFFIX`]).
    owner: Vec<(u32, u8)>,
    /// For each pattern, the sides it needs seen (0: none, it always runs).
    need: Vec<u8>,
}

/// Replies a gate walks with its NFA before it builds its DFA: at most about 9M instructions
/// more than with a DFA from the start, on runs large enough to build one, and a single
/// `tact check` is spared the build.
const DFA_AFTER: usize = 2048;

/// The sides of a pattern a gate literal stands for, as bits.
const PREFIX: u8 = 1;
const SUFFIX: u8 = 2;

impl PatternGate {
    fn new(patterns: &[Pattern]) -> PatternGate {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut need = Vec::with_capacity(patterns.len());
        for (i, pat) in patterns.iter().map(Pattern::source).enumerate() {
            let sides = gate_literals(pat);
            let mut mask = 0u8;
            for (side, lits) in [(PREFIX, sides.0), (SUFFIX, sides.1)] {
                if let Some(lits) = lits {
                    mask |= side;
                    // A literal that contains another of the same side adds nothing: wherever
                    // it occurs, the shorter one does too. Dropping it keeps the automaton small.
                    for (k, l) in lits.iter().enumerate() {
                        let covered = lits.iter().enumerate().any(|(j, m)| {
                            j != k
                                && m.len() <= l.len()
                                && (m.len() < l.len() || j < k)
                                && l.windows(m.len()).any(|w| w == m.as_slice())
                        });
                        if !covered {
                            literals.push(l.clone());
                            owner.push((i as u32, side));
                        }
                    }
                }
            }
            need.push(mask);
        }
        let trie = if literals.is_empty() {
            None
        } else {
            aho_corasick::nfa::noncontiguous::Builder::new()
                .build(&literals)
                .ok()
        };
        let nfa = trie.as_ref().and_then(|t| {
            aho_corasick::nfa::contiguous::Builder::new()
                .build_from_noncontiguous(t)
                .ok()
        });
        if nfa.is_none() && !literals.is_empty() {
            // Too large for the automaton: run every pattern.
            need.iter_mut().for_each(|m| *m = 0);
        }
        PatternGate {
            nfa,
            dfa: OnceLock::new(),
            trie,
            replies: AtomicUsize::new(0),
            owner,
            need,
        }
    }

    /// For each pattern, whether it can match `text`.
    pub(crate) fn candidates(&self, text: &[u8]) -> Vec<bool> {
        let mut seen = vec![0u8; self.need.len()];
        if let Some(nfa) = &self.nfa {
            // Counted only until the DFA is there: the workers then share no written state.
            if self.dfa.get().is_none() && self.replies.fetch_add(1, Ordering::Relaxed) == DFA_AFTER
            {
                self.dfa.get_or_init(|| {
                    let trie = self.trie.as_ref()?;
                    aho_corasick::dfa::Builder::new()
                        .build_from_noncontiguous(trie)
                        .ok()
                });
            }
            match self.dfa.get() {
                Some(Some(dfa)) => self.walk(dfa, text, &mut seen),
                _ => self.walk(nfa, text, &mut seen),
            }
        }
        self.need
            .iter()
            .zip(seen)
            .map(|(&need, seen)| seen & need == need)
            .collect()
    }

    /// Mark in `seen` the sides of the patterns whose literals occur in `text`.
    fn walk(&self, ac: &impl aho_corasick::automaton::Automaton, text: &[u8], seen: &mut [u8]) {
        use aho_corasick::Anchored;
        // The automaton walked byte by byte: a short reply is over before a search's set-up
        // and prefilter would pay. In a match state, every literal ending there is listed (the
        // standard match semantics keep the literals of shorter suffixes too).
        match ac.start_state(Anchored::No) {
            Ok(mut sid) => {
                for &b in text {
                    sid = ac.next_state(Anchored::No, sid, b);
                    if ac.is_special(sid) && ac.is_match(sid) {
                        for k in 0..ac.match_len(sid) {
                            let (p, side) = self.owner[ac.match_pattern(sid, k).as_usize()];
                            seen[p as usize] |= side;
                        }
                    }
                }
            }
            Err(_) => seen.iter_mut().for_each(|s| *s = PREFIX | SUFFIX),
        }
    }
}

/// How long a gate literal may be. Longer literals pass fewer patterns that then fail, but every
/// extra byte multiplies the literals of patterns full of alternatives ("(we|i) (will|'ll)
/// (refund|send|…)") and the automaton's states. Cut at 10 bytes, the built-in packs' automaton
/// takes half the time to build (78M instructions instead of 152M) and a reply costs about 100
/// instructions more.
const GATE_LITERAL_LEN: usize = 10;

/// A set of literals of a pattern.
type Literals = Vec<Vec<u8>>;

/// Literals that every match of `pat` starts with, and literals it ends with, parsed as
/// [`compile_pattern`] compiles it ("sorry" … "days"). A side is left out (`None`) when it is
/// not a finite set of literals, or when it has a one-byte literal ("0".."9") that would be
/// found in most texts, unless that leaves no side at all.
fn gate_literals(pat: &str) -> (Option<Literals>, Option<Literals>) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let (pat, unicode) = prepare_pattern(pat);
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(false)
        .build()
        .parse(&pat)
    else {
        return (None, None);
    };
    let side = |kind, hir: &regex_syntax::hir::Hir| -> Option<(usize, Literals)> {
        let seq = Extractor::new()
            .kind(kind)
            .limit_literal_len(GATE_LITERAL_LEN)
            .extract(hir);
        let lits: Literals = seq
            .literals()?
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect();
        let shortest = lits.iter().map(Vec::len).min()?;
        (shortest > 0).then_some((shortest, lits))
    };
    let (pre, suf) = (
        side(ExtractKind::Prefix, &hir),
        side(ExtractKind::Suffix, &hir),
    );
    let useful = |s: &Option<(usize, Literals)>| s.as_ref().is_some_and(|s| s.0 >= 2);
    let (pre, suf) = match (useful(&pre), useful(&suf)) {
        (false, false) => {
            // The rarer side alone, if any.
            let best = [pre, suf].into_iter().flatten().max_by_key(rarity);
            (best, None)
        }
        (p, s) => (pre.filter(|_| p), suf.filter(|_| s)),
    };
    // A side that common words satisfy ("the ", "our ") or a missing one gives way to a rarer
    // part from inside: every match of "(^|, |but )(we|our [a-z]+) did [a-z]+" has " did ".
    // The two rarest of the sides and that part must both be seen.
    let mut sets: Vec<(usize, Literals)> = [pre, suf, inner_literals(&hir, &side)]
        .into_iter()
        .flatten()
        .collect();
    sets.sort_by_key(|s| std::cmp::Reverse(rarity(s)));
    sets.dedup_by(|x, y| x.1 == y.1);
    let mut sets = sets.into_iter();
    let (a, b) = (sets.next(), sets.next());
    (a.map(|x| x.1), b.map(|x| x.1))
}

/// How rare a set of gate literals is in text: its shortest literal (up to eight bytes), then
/// the fewer literals the better.
fn rarity(s: &(usize, Literals)) -> (usize, std::cmp::Reverse<usize>) {
    (s.0.min(8), std::cmp::Reverse(s.1.len()))
}

/// The rarest literal set of a part that every match of `hir` must contain: a part of its
/// top-level sequence, read through groups.
fn inner_literals(
    hir: &regex_syntax::hir::Hir,
    side: &impl Fn(
        regex_syntax::hir::literal::ExtractKind,
        &regex_syntax::hir::Hir,
    ) -> Option<(usize, Literals)>,
) -> Option<(usize, Literals)> {
    use regex_syntax::hir::{literal::ExtractKind, HirKind};
    match hir.kind() {
        HirKind::Capture(c) => inner_literals(&c.sub, side),
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(|p| side(ExtractKind::Prefix, p))
            .filter(|s| s.0 >= 3)
            .max_by_key(rarity),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Doc;

    #[test]
    fn a_gate_side_of_common_words_gives_way_to_a_rarer_inner_part() {
        let (a, b) = gate_literals("(^|, |but )(we|our [a-z]+) did [a-z]+");
        let sides = [a, b];
        assert!(
            sides
                .iter()
                .flatten()
                .any(|s| s == &vec![b" did ".to_vec()]),
            "{sides:?}"
        );
        // Sides that are rare already are kept.
        let (a, b) = gate_literals(r"\bsorry\b[^.]{0,40}\bdelay\b");
        assert_eq!(a, Some(vec![b"sorry".to_vec()]));
        assert_eq!(b, Some(vec![b"delay".to_vec()]));
    }

    #[test]
    fn every_built_in_pattern_compiles() {
        // They are compiled on first use, so this is where one that does not is caught.
        let set = RuleSet::builtin().unwrap();
        for p in &set.regexes {
            if let Err(e) = p.compiled() {
                panic!("pattern {:?}: {e}", p.source());
            }
        }
    }

    #[test]
    fn a_team_pattern_that_does_not_compile_is_an_error_when_its_pack_loads() {
        let pack: PackSpec = toml::from_str(
            r#"
            [[rule]]
            code = "T1"
            name = "t"
            target = "apology"
            kind = "existence"
            patterns = ["sorry (for"]
            "#,
        )
        .unwrap();
        let err = RuleSet::compile(vec![("team.toml".into(), pack)]).unwrap_err();
        assert!(
            err.to_string().contains("team.toml: rule T1: pattern 0"),
            "{err}"
        );
    }

    #[test]
    fn the_pattern_gate_never_skips_a_pattern_that_matches() {
        let set = RuleSet::builtin().unwrap();
        let mut texts: Vec<String> = set
            .rules
            .iter()
            .flat_map(|r| r.spec.tests.iter().map(|t| Doc::new(&t.text).norm))
            .collect();
        texts.extend(
            [
                "It will arrive within 3-5 business days, by 10/12 at 9:30am.",
                "We added a $20 credit for the trouble; 15% off your next order.",
                "I'm sorry, but we're short-staffed at the moment.",
                "Either a refund or a replacement, your choice.",
                "Your parcel ships on the 3rd, 2-4h window.",
            ]
            .map(|t| Doc::new(t).norm),
        );
        let mut matched = 0;
        for t in &texts {
            let run = set.gate.candidates(t.as_bytes());
            for (i, re) in set.regexes.iter().enumerate() {
                if re.compiled().expect("compiles").is_match(t.as_bytes()) {
                    matched += 1;
                    assert!(run[i], "pattern {i} was skipped on {t:?}");
                }
            }
        }
        assert!(matched >= 20, "only {matched} pattern matches to check");
        // And it does skip: a text without their literals runs few of them.
        let run = set
            .gate
            .candidates(b"hello there, thanks for the kind words");
        assert!(run.iter().filter(|&&r| r).count() * 4 < set.regexes.len());
        // A pattern runs only when a literal it starts with and one it ends with are both
        // there: "sorry … but" is common, "sorry … but … swamped" is not.
        let busy = set
            .regexes
            .iter()
            .position(|r| {
                let p = r.source();
                p.contains("(but|however|though)") && p.contains("|swamped|")
            })
            .expect("the excuse pattern");
        assert!(!set.gate.candidates(b"sorry, but we can help with that")[busy]);
        assert!(set.gate.candidates(b"sorry, but we are swamped today")[busy]);
        // The DFA a long run switches to lets the same patterns through as the NFA.
        let by_nfa: Vec<Vec<bool>> = texts
            .iter()
            .map(|t| set.gate.candidates(t.as_bytes()))
            .collect();
        assert!(
            set.gate.dfa.get().is_none(),
            "no DFA before {DFA_AFTER} replies"
        );
        while set.gate.dfa.get().is_none() {
            set.gate.candidates(b"");
        }
        assert!(matches!(set.gate.dfa.get(), Some(Some(_))));
        for (t, nfa) in texts.iter().zip(by_nfa) {
            assert_eq!(set.gate.candidates(t.as_bytes()), nfa, "{t:?}");
        }
    }
}
