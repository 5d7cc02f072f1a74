//! Phrase expansion: the small pattern language of rule phrases.
//!
//! - `(a|b|c)` alternatives, nestable; an empty alternative makes the group optional: `(very |)sorry`.
//! - `{name}` a word list from the pack's `[vocab]` table (each entry may itself use the syntax).
//! - Everything else is literal, matched case-insensitively on word boundaries.
//!
//! Phrases expand to plain literals that go into one trie over tokens (see `phrases`).

use super::phrases::FastHash;
use std::collections::{BTreeMap, HashSet};

/// Most literals one phrase may expand to, so a typo cannot blow up memory.
pub const MAX_EXPANSION: usize = 50_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    #[error("unbalanced parenthesis in phrase `{0}`")]
    Unbalanced(String),
    #[error("unknown vocabulary `{{{name}}}` in phrase `{phrase}`")]
    UnknownVocab { name: String, phrase: String },
    #[error("phrase `{0}` expands to more than {MAX_EXPANSION} variants")]
    TooLarge(String),
    #[error("phrase `{0}` expands to an empty string")]
    Empty(String),
    #[error("phrase `{0}` uses regular-expression syntax (`\\`, `*`, `+`, a `?` inside the phrase, a `[…]` class): phrases are literal, so write `(a|)` or `(colour|color)`, or move it to `patterns`")]
    RegexSyntax(String),
}

/// Expand `phrase` into literal variants (lower-cased, single-spaced, straight quotes), without
/// repeats, in the order [`for_each_variant`] gives them.
pub fn expand(
    phrase: &str,
    vocab: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>, ExpandError> {
    let mut res: Vec<String> = Vec::new();
    let mut seen: HashSet<String, FastHash> = HashSet::default();
    for_each_variant(phrase, vocab, |v| {
        // Drop repeats ("(so |)sorry" and "(|so )sorry" in one pack), keeping the first of each.
        if !seen.contains(v) {
            seen.insert(v.to_string());
            res.push(v.to_string());
        }
    })?;
    Ok(res)
}

/// Call `f` with every literal variant of `phrase` (normalized as [`normalize_literal`] does;
/// empty ones skipped), in order: the choices of earlier groups vary slowest. Variants may
/// repeat. The phrase is parsed and its size checked before any variant is made, and the
/// variants are built one at a time in one buffer, so a pack's hundreds of thousands of
/// literals cost no allocation each.
pub fn for_each_variant(
    phrase: &str,
    vocab: &BTreeMap<String, Vec<String>>,
    mut f: impl FnMut(&str),
) -> Result<(), ExpandError> {
    if looks_like_regex(phrase) {
        return Err(ExpandError::RegexSyntax(phrase.to_string()));
    }
    let chars: Vec<char> = phrase.chars().collect();
    let mut pos = 0;
    let seq = parse_seq(&chars, &mut pos, phrase, vocab, 0)?;
    if pos != chars.len() {
        return Err(ExpandError::Unbalanced(phrase.to_string()));
    }
    count_seq(&seq, phrase)?;
    let mut buf = String::with_capacity(64);
    let mut any = false;
    let mut stack: Vec<&[Item]> = vec![&seq];
    walk(&mut stack, &mut buf, false, &mut |v: &str| {
        if !v.is_empty() {
            any = true;
            f(v);
        }
    });
    if !any {
        return Err(ExpandError::Empty(phrase.to_string()));
    }
    Ok(())
}

/// A parsed phrase: a sequence of literal runs and groups of alternatives.
#[derive(Debug)]
enum Item {
    Text(Run),
    /// `(a|b)` or the entries of a `{name}` list: one of these sequences.
    Choice(Vec<Vec<Item>>),
}

/// A run of literal text, normalized once when the phrase is parsed: a variant is then built
/// normalized piece by piece, and no variant is read again. Only where two runs meet is there
/// anything left to decide: the space between them, if either side has one.
#[derive(Debug)]
struct Run {
    /// The run's text normalized on its own, without white space at either end.
    body: String,
    /// White space before the body (or, for a run of white space only, anywhere).
    space_before: bool,
    space_after: bool,
    /// The body starts with an apostrophe, which takes no space before it ("we 've" is
    /// "we've").
    apostrophe_first: bool,
    /// The run as written, for the tests to check the normalizing against.
    #[cfg(test)]
    raw: String,
}

impl Run {
    fn new(raw: &str) -> Run {
        let trimmed = raw.trim();
        Run {
            body: normalize_literal(trimmed),
            space_before: raw.starts_with(char::is_whitespace),
            space_after: raw.ends_with(char::is_whitespace),
            apostrophe_first: trimmed.starts_with(['\'', '\u{2018}', '\u{2019}']),
            #[cfg(test)]
            raw: raw.to_string(),
        }
    }

    /// Append the run to `buf`, a normalized variant so far with a space owed (`space`) when
    /// the text before ended in white space; returns whether a space is owed after it.
    fn append(&self, buf: &mut String, space: bool) -> bool {
        if self.body.is_empty() {
            return space || self.space_before;
        }
        if (space || self.space_before) && !buf.is_empty() && !self.apostrophe_first {
            buf.push(' ');
        }
        buf.push_str(&self.body);
        self.space_after
    }
}

/// Number of variants of a sequence; more than [`MAX_EXPANSION`] at any step is an error.
fn count_seq(seq: &[Item], phrase: &str) -> Result<usize, ExpandError> {
    let mut n = 1usize;
    for item in seq {
        if let Item::Choice(alts) = item {
            let mut k = 0usize;
            for a in alts {
                k = k.saturating_add(count_seq(a, phrase)?);
            }
            if n.saturating_mul(k) > MAX_EXPANSION {
                return Err(ExpandError::TooLarge(phrase.to_string()));
            }
            n *= k;
        }
    }
    Ok(n)
}

/// Build every variant of the sequences on `stack` (the top is the one being built; those below
/// follow it) after the normalized text in `buf` (owing a space after it when `space`), calling
/// `f` with each complete one.
fn walk<'s>(stack: &mut Vec<&'s [Item]>, buf: &mut String, space: bool, f: &mut dyn FnMut(&str)) {
    let Some(items) = stack.pop() else {
        f(buf);
        return;
    };
    match items.split_first() {
        None => walk(stack, buf, space, f),
        Some((Item::Text(t), rest)) => {
            let len = buf.len();
            let space = t.append(buf, space);
            stack.push(rest);
            walk(stack, buf, space, f);
            stack.pop();
            buf.truncate(len);
        }
        Some((Item::Choice(alts), rest)) => {
            stack.push(rest);
            for a in alts {
                stack.push(a);
                walk(stack, buf, space, f);
                stack.pop();
            }
            stack.pop();
        }
    }
    stack.push(items);
}

/// Lower-case ASCII, straighten quotes and collapse spaces, as the matcher's normalized text is.
pub fn normalize_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_literal_into(s, &mut out);
    out
}

/// [`normalize_literal`], appending to `out` (empty on entry).
fn normalize_literal_into(s: &str, out: &mut String) {
    let mut space = false;
    for ch in s.trim().chars() {
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && !(ch == '\'' || ch == '\u{2019}') {
            out.push(' ');
        }
        space = false;
        match ch {
            '\u{2018}' | '\u{2019}' | '\'' => {
                // "we 've" (from "(we|i) ('ve|have)") is the contraction "we've"
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push('\'');
            }
            '\u{201C}' | '\u{201D}' => out.push('"'),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
}

fn parse_seq(
    chars: &[char],
    pos: &mut usize,
    phrase: &str,
    vocab: &BTreeMap<String, Vec<String>>,
    depth: usize,
) -> Result<Vec<Item>, ExpandError> {
    // A sequence up to an unmatched ')' or '|' (not consumed) or the end.
    let mut seq: Vec<Item> = Vec::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        match c {
            '(' => {
                *pos += 1;
                let mut alts = Vec::new();
                loop {
                    alts.push(parse_seq(chars, pos, phrase, vocab, depth + 1)?);
                    match chars.get(*pos) {
                        Some('|') => {
                            *pos += 1;
                        }
                        Some(')') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err(ExpandError::Unbalanced(phrase.to_string())),
                    }
                }
                seq.push(Item::Choice(alts));
            }
            ')' | '|' => {
                if depth == 0 {
                    return Err(ExpandError::Unbalanced(phrase.to_string()));
                }
                return Ok(seq);
            }
            '{' => {
                let end = chars[*pos..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| ExpandError::Unbalanced(phrase.to_string()))?;
                let name: String = chars[*pos + 1..*pos + end].iter().collect();
                *pos += end + 1;
                let list = vocab
                    .get(name.trim())
                    .ok_or_else(|| ExpandError::UnknownVocab {
                        name: name.clone(),
                        phrase: phrase.to_string(),
                    })?;
                let mut alts = Vec::with_capacity(list.len());
                for item in list {
                    // vocabulary entries may use the syntax (but not other vocab, to avoid cycles)
                    let empty = BTreeMap::new();
                    let ichars: Vec<char> = item.chars().collect();
                    let mut ipos = 0;
                    alts.push(parse_seq(&ichars, &mut ipos, item, &empty, 0)?);
                }
                seq.push(Item::Choice(alts));
            }
            _ => {
                // A run of literal text.
                let run = chars[*pos..]
                    .iter()
                    .position(|c| matches!(c, '(' | ')' | '|' | '{'))
                    .map_or(chars.len(), |k| *pos + k);
                seq.push(Item::Text(Run::new(
                    &chars[*pos..run].iter().collect::<String>(),
                )));
                *pos = run;
            }
        }
    }
    if depth > 0 {
        return Err(ExpandError::Unbalanced(phrase.to_string()));
    }
    Ok(seq)
}

/// Whether a phrase is written as a regular expression, which phrases never are: they would
/// match only the same characters literally ("honou?r", "minimi[sz]e"). A `?` ending the phrase
/// is a question mark, and `[link]`, `[email]` and `[phone]` are the placeholders of scrubbed
/// text.
fn looks_like_regex(phrase: &str) -> bool {
    let rest = ["[link]", "[email]", "[phone]"]
        .iter()
        .fold(phrase.to_string(), |s, p| s.replace(p, ""));
    let chars: Vec<char> = rest.chars().collect();
    let regex_mark = |i: usize| {
        chars[i] == '?'
            && (i > 0 && chars[i - 1] == ')'
                || chars
                    .get(i + 1)
                    .is_some_and(|&c| !matches!(c, '|' | ')' | '"')))
    };
    rest.contains(['\\', '*', '+', '[', ']']) || (0..chars.len()).any(regex_mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_written_as_a_regular_expression_is_refused() {
        let vocab = BTreeMap::new();
        for p in [
            "honou?r",
            "minimi[sz]e",
            "lessons? learned",
            "(reply|write back)( here)?",
            "sorry.*delay",
            "\\bsorry",
        ] {
            assert!(
                matches!(expand(p, &vocab), Err(ExpandError::RegexSyntax(_))),
                "{p}"
            );
        }
        for p in [
            "details here: [link]",
            "which would you prefer?",
            "(is that ok?|)",
        ] {
            assert!(expand(p, &vocab).is_ok(), "{p}");
        }
    }

    #[test]
    fn expands_groups_and_vocab() {
        let mut vocab = BTreeMap::new();
        vocab.insert(
            "feel".to_string(),
            vec!["frustrating".to_string(), "(very |)annoying".to_string()],
        );
        let v = expand("(I|we) know how {feel} (this|that) (is|must be)", &vocab).unwrap();
        assert_eq!(v.len(), 2 * 3 * 2 * 2);
        assert!(v.contains(&"we know how very annoying that must be".to_string()));
        let v = expand("(so |)sorry", &vocab).unwrap();
        assert_eq!(v, vec!["so sorry".to_string(), "sorry".to_string()]);
    }

    #[test]
    fn variants_built_run_by_run_are_the_whole_variant_normalized() {
        for p in [
            "(we|i) ('ve|have) (|  )Sorted it",
            " (so |)sorry ",
            "(very |)( |)(  |x)",
            "it\u{2019}s (\u{2018}fine\u{2019}|\u{201C}ok\u{201D})",
            "a\t(b| c)(\u{2019}d| \u{2018}e)",
            "CAF\u{c9} (|  ) \u{e9}t\u{e9}",
            "(x |)' (y|'z)",
        ] {
            built_is_whole(p);
        }
    }

    /// Each variant of `p` is its raw pieces put together, normalized whole.
    fn built_is_whole(p: &str) {
        let vocab = BTreeMap::new();
        let chars: Vec<char> = p.chars().collect();
        let seq = parse_seq(&chars, &mut 0, p, &vocab, 0).unwrap();
        let mut raw = Vec::new();
        raw_variants(&seq, String::new(), &mut raw);
        let whole: Vec<String> = raw
            .iter()
            .map(|r| normalize_literal(r))
            .filter(|n| !n.is_empty())
            .collect();
        let mut built = Vec::new();
        let r = for_each_variant(p, &vocab, |v| built.push(v.to_string()));
        assert_eq!(r.is_ok(), !whole.is_empty(), "{p:?}");
        assert_eq!(built, whole, "{p:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_phrase_is_built_as_normalized_whole(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Bc", " ", "  ", "\t", "'", "\u{2018}", "\u{2019}", "\u{201C}",
                    "\u{c9}", "(x| y)", "( |'s)", "(|  )", "( 'd|\u{2019}ll )", "(Q |)",
                ]),
                0..8,
            )
        ) {
            built_is_whole(&pieces.concat());
        }
    }

    /// The raw text of every variant, with the runs as they were written.
    fn raw_variants(seq: &[Item], prefix: String, out: &mut Vec<String>) {
        let Some((first, rest)) = seq.split_first() else {
            out.push(prefix);
            return;
        };
        match first {
            Item::Text(t) => raw_variants(rest, prefix + &t.raw, out),
            Item::Choice(alts) => {
                for a in alts {
                    let mut mid = Vec::new();
                    raw_variants(a, prefix.clone(), &mut mid);
                    for m in mid {
                        raw_variants(rest, m, out);
                    }
                }
            }
        }
    }

    #[test]
    fn errors_are_clear() {
        let vocab = BTreeMap::new();
        assert!(matches!(
            expand("(a|b", &vocab),
            Err(ExpandError::Unbalanced(_))
        ));
        assert!(matches!(
            expand("a)", &vocab),
            Err(ExpandError::Unbalanced(_))
        ));
        assert!(matches!(
            expand("{nope}", &vocab),
            Err(ExpandError::UnknownVocab { .. })
        ));
    }

    #[test]
    fn variants_come_in_order_and_sizes_are_checked_first() {
        let mut vocab = BTreeMap::new();
        vocab.insert("who".to_string(), vec!["we".to_string(), "I".to_string()]);
        let mut got = Vec::new();
        for_each_variant("({who} are|) (so |)Sorry", &vocab, |v| {
            got.push(v.to_string())
        })
        .unwrap();
        assert_eq!(
            got,
            [
                "we are so sorry",
                "we are sorry",
                "i are so sorry",
                "i are sorry",
                "so sorry",
                "sorry"
            ]
        );
        // Repeats are the caller's to drop; `expand` drops them.
        let mut n = 0;
        for_each_variant("(so |)(so |)sorry", &vocab, |_| n += 1).unwrap();
        assert_eq!(n, 4);
        assert_eq!(expand("(so |)(so |)sorry", &vocab).unwrap().len(), 3);
        let big = "(a|b|c|d|e|f|g|h|i|j)".repeat(5);
        let mut called = false;
        assert!(matches!(
            for_each_variant(&big, &vocab, |_| called = true),
            Err(ExpandError::TooLarge(_))
        ));
        assert!(!called, "no variant before the size is known to be fine");
        assert!(matches!(expand("( |)", &vocab), Err(ExpandError::Empty(_))));
    }
}
