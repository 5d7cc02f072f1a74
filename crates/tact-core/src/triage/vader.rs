//! VADER sentiment (Hutto & Gilbert 2014), a faithful port of the reference `vaderSentiment`
//! package over its MIT-licensed lexicon (vendored in `data/vader/` with the licence).
//!
//! The port keeps the reference's behaviour, quirks included (the "but" rule rescales the first
//! equal score it finds, `no` negates up to three words on), so that scores agree with the
//! Python package; a test compares the two on real messages.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../../data/vader/vader_lexicon.txt");
const EMOJI_LEXICON: &str = include_str!("../../data/vader/emoji_utf8_lexicon.txt");

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOSTERS_UP: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

const BOOSTERS_DOWN: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "just enough",
    "kind of",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sort of",
    "sorta",
    "sortof",
    "sort-of",
];

const SPECIAL_CASES: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
];

/// Scores of one text, as the reference computes them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Polarity {
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
    /// Normalized sum of valences in −1..1; the usual single figure.
    pub compound: f64,
}

/// The VADER analyser: the lexicons, parsed once.
#[derive(Debug)]
pub struct Vader {
    lexicon: HashMap<String, f64>,
    emojis: HashMap<char, String>,
    boosters: HashMap<&'static str, f64>,
}

/// The shared analyser (the lexicons are parsed on first use).
pub fn vader() -> &'static Vader {
    static V: OnceLock<Vader> = OnceLock::new();
    V.get_or_init(Vader::new)
}

/// Python's `str.isspace` for the characters `str.split()` splits on.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.isupper`: at least one cased character and no lower-case one.
pub(crate) fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

fn strip_punc_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().count() <= 2 {
        token
    } else {
        stripped
    }
}

impl Default for Vader {
    fn default() -> Self {
        Self::new()
    }
}

impl Vader {
    /// Parse the vendored lexicons.
    pub fn new() -> Vader {
        let mut lexicon = HashMap::with_capacity(7600);
        for line in LEXICON.trim_end_matches('\n').split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            if let (Some(w), Some(m)) = (f.next(), f.next()) {
                if let Ok(v) = m.parse::<f64>() {
                    lexicon.insert(w.to_string(), v);
                }
            }
        }
        let mut emojis = HashMap::with_capacity(3600);
        for line in EMOJI_LEXICON.trim_end_matches('\n').split('\n') {
            let line = line.trim();
            let mut f = line.split('\t');
            if let (Some(e), Some(d)) = (f.next(), f.next()) {
                let mut cs = e.chars();
                // Only single characters can match: the reference looks characters up one by one.
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    emojis.insert(c, d.to_string());
                }
            }
        }
        let boosters = BOOSTERS_UP
            .iter()
            .map(|w| (*w, B_INCR))
            .chain(BOOSTERS_DOWN.iter().map(|w| (*w, B_DECR)))
            .collect();
        Vader {
            lexicon,
            emojis,
            boosters,
        }
    }

    /// The valence of a lower-case word, if the lexicon has it.
    pub fn valence(&self, lower: &str) -> Option<f64> {
        self.lexicon.get(lower).copied()
    }

    /// Whether `lower` is a booster or dampener.
    pub fn is_booster(&self, lower: &str) -> bool {
        self.boosters.contains_key(lower)
    }

    /// Whether `lower` is a negation word.
    pub fn is_negation(lower: &str) -> bool {
        NEGATE.contains(&lower) || lower.contains("n't")
    }

    /// Score `text`.
    pub fn polarity(&self, text: &str) -> Polarity {
        // Emoji to their descriptions.
        let mut t = String::with_capacity(text.len() + 16);
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(d) = self.emojis.get(&c) {
                if !prev_space {
                    t.push(' ');
                }
                t.push_str(d);
                prev_space = false;
            } else {
                t.push(c);
                prev_space = c == ' ';
            }
        }
        let text = t.trim_matches(py_space);
        let words: Vec<&str> = text
            .split(py_space)
            .filter(|w| !w.is_empty())
            .map(strip_punc_if_word)
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let n_caps = words.iter().filter(|w| py_isupper(w)).count();
        let is_cap_diff = n_caps > 0 && n_caps < words.len();

        let mut sentiments: Vec<f64> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            if self.boosters.contains_key(lower[i].as_str()) {
                sentiments.push(0.0);
                continue;
            }
            if i + 1 < words.len() && lower[i] == "kind" && lower[i + 1] == "of" {
                sentiments.push(0.0);
                continue;
            }
            sentiments.push(self.sentiment_valence(&words, &lower, i, is_cap_diff));
        }
        but_check(&lower, &mut sentiments);
        score_valence(&sentiments, text)
    }

    fn scalar_inc_dec(&self, word: &str, lower: &str, valence: f64, is_cap_diff: bool) -> f64 {
        let Some(&b) = self.boosters.get(lower) else {
            return 0.0;
        };
        let mut scalar = if valence < 0.0 { -b } else { b };
        if py_isupper(word) && is_cap_diff {
            if valence > 0.0 {
                scalar += C_INCR;
            } else {
                scalar -= C_INCR;
            }
        }
        scalar
    }

    fn sentiment_valence(&self, words: &[&str], lower: &[String], i: usize, cap: bool) -> f64 {
        let item = lower[i].as_str();
        let Some(&base) = self.lexicon.get(item) else {
            return 0.0;
        };
        let n = words.len();
        let in_lex = |j: usize| self.lexicon.contains_key(lower[j].as_str());
        let mut valence = base;
        if item == "no" && i != n - 1 && in_lex(i + 1) {
            valence = 0.0;
        }
        if (i > 0 && lower[i - 1] == "no")
            || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && (lower[i - 1] == "or" || lower[i - 1] == "nor"))
        {
            valence = base * N_SCALAR;
        }
        if py_isupper(words[i]) && cap {
            if valence > 0.0 {
                valence += C_INCR;
            } else {
                valence -= C_INCR;
            }
        }
        for start_i in 0..3usize {
            if i > start_i && !in_lex(i - (start_i + 1)) {
                let j = i - (start_i + 1);
                let mut s = self.scalar_inc_dec(words[j], &lower[j], valence, cap);
                if start_i == 1 && s != 0.0 {
                    s *= 0.95;
                }
                if start_i == 2 && s != 0.0 {
                    s *= 0.9;
                }
                valence += s;
                valence = negation_check(valence, lower, start_i, i);
                if start_i == 2 {
                    valence = self.special_idioms_check(valence, lower, i);
                }
            }
        }
        least_check(valence, lower, i, in_lex)
    }

    fn special_idioms_check(&self, mut valence: f64, lower: &[String], i: usize) -> f64 {
        // Called only for i >= 3.
        let onezero = format!("{} {}", lower[i - 1], lower[i]);
        let twoonezero = format!("{} {} {}", lower[i - 2], lower[i - 1], lower[i]);
        let twoone = format!("{} {}", lower[i - 2], lower[i - 1]);
        let threetwoone = format!("{} {} {}", lower[i - 3], lower[i - 2], lower[i - 1]);
        let threetwo = format!("{} {}", lower[i - 3], lower[i - 2]);
        let special = |s: &str| SPECIAL_CASES.iter().find(|(k, _)| *k == s).map(|(_, v)| *v);
        for seq in [&onezero, &twoonezero, &twoone, &threetwoone, &threetwo] {
            if let Some(v) = special(seq) {
                valence = v;
                break;
            }
        }
        if lower.len() - 1 > i {
            if let Some(v) = special(&format!("{} {}", lower[i], lower[i + 1])) {
                valence = v;
            }
        }
        if lower.len() - 1 > i + 1 {
            if let Some(v) = special(&format!("{} {} {}", lower[i], lower[i + 1], lower[i + 2])) {
                valence = v;
            }
        }
        for ng in [&threetwoone, &threetwo, &twoone] {
            if let Some(b) = self.boosters.get(ng.as_str()) {
                valence += b;
            }
        }
        valence
    }
}

fn negation_check(mut valence: f64, lower: &[String], start_i: usize, i: usize) -> f64 {
    let neg = |w: &str| Vader::is_negation(w);
    match start_i {
        0 => {
            if neg(&lower[i - 1]) {
                valence *= N_SCALAR;
            }
        }
        1 => {
            if lower[i - 2] == "never" && (lower[i - 1] == "so" || lower[i - 1] == "this") {
                valence *= 1.25;
            } else if lower[i - 2] == "without" && lower[i - 1] == "doubt" {
            } else if neg(&lower[i - 2]) {
                valence *= N_SCALAR;
            }
        }
        _ => {
            if (lower[i - 3] == "never" && (lower[i - 2] == "so" || lower[i - 2] == "this"))
                || (lower[i - 1] == "so" || lower[i - 1] == "this")
            {
                valence *= 1.25;
            } else if lower[i - 3] == "without"
                && (lower[i - 2] == "doubt" || lower[i - 1] == "doubt")
            {
            } else if neg(&lower[i - 3]) {
                valence *= N_SCALAR;
            }
        }
    }
    valence
}

fn least_check(valence: f64, lower: &[String], i: usize, in_lex: impl Fn(usize) -> bool) -> f64 {
    if i > 1 && !in_lex(i - 1) && lower[i - 1] == "least" {
        if lower[i - 2] != "at" && lower[i - 2] != "very" {
            return valence * N_SCALAR;
        }
    } else if i > 0 && !in_lex(i - 1) && lower[i - 1] == "least" {
        return valence * N_SCALAR;
    }
    valence
}

/// The reference's "but" rule, including its habit of rescaling the first equal score.
fn but_check(lower: &[String], sentiments: &mut [f64]) {
    let Some(bi) = lower.iter().position(|w| w == "but") else {
        return;
    };
    for k in 0..sentiments.len() {
        let s = sentiments[k];
        let si = sentiments.iter().position(|&x| x == s).unwrap_or(k);
        if si < bi {
            sentiments[si] = s * 0.5;
        } else if si > bi {
            sentiments[si] = s * 1.5;
        }
    }
}

fn normalize(score: f64) -> f64 {
    let n = score / (score * score + 15.0).sqrt();
    n.clamp(-1.0, 1.0)
}

fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.matches('!').count().min(4) as f64 * 0.292;
    let qm = text.matches('?').count();
    let qa = if qm > 1 {
        if qm <= 3 {
            qm as f64 * 0.18
        } else {
            0.96
        }
    } else {
        0.0
    };
    ep + qa
}

fn round(x: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    (x * p).round() / p
}

fn score_valence(sentiments: &[f64], text: &str) -> Polarity {
    if sentiments.is_empty() {
        return Polarity {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound: 0.0,
        };
    }
    let mut sum_s: f64 = sentiments.iter().sum();
    let punct = punctuation_emphasis(text);
    if sum_s > 0.0 {
        sum_s += punct;
    } else if sum_s < 0.0 {
        sum_s -= punct;
    }
    let compound = normalize(sum_s);
    let (mut pos_sum, mut neg_sum, mut neu) = (0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu += 1;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += punct;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= punct;
    }
    let total = pos_sum + neg_sum.abs() + neu as f64;
    Polarity {
        neg: round((neg_sum / total).abs(), 3),
        neu: round((neu as f64 / total).abs(), 3),
        pos: round((pos_sum / total).abs(), 3),
        compound: round(compound, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_examples() {
        // Figures printed by the reference package's own demo.
        let v = vader();
        let c = |t: &str| v.polarity(t).compound;
        assert!((c("VADER is smart, handsome, and funny.") - 0.8316).abs() < 1e-4);
        assert!((c("VADER is smart, handsome, and funny!") - 0.8439).abs() < 1e-4);
        assert!((c("VADER is very smart, handsome, and funny.") - 0.8545).abs() < 1e-4);
        assert!((c("VADER is VERY SMART, handsome, and FUNNY.") - 0.9227).abs() < 1e-4);
        assert!((c("The book was good.") - 0.4404).abs() < 1e-4);
        assert!((c("At least it isn't a horrible book.") - 0.431).abs() < 1e-4);
        assert!(
            (c("Today SUX!") - (-0.5461)).abs() < 1e-4,
            "{}",
            c("Today SUX!")
        );
        assert!((c("Not bad at all") - 0.431).abs() < 1e-4);
        assert_eq!(c(""), 0.0);
    }
}
