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
    #[error("phrase `{0}` uses regular-expression syntax (`\\`, `?` after a group, `*`, `+`): write it as `(a|)` or move it to `patterns`")]
    RegexSyntax(String),
}

/// Expand `phrase` into literal variants (lower-cased, single-spaced, straight quotes).
pub fn expand(
    phrase: &str,
    vocab: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>, ExpandError> {
    let chars: Vec<char> = phrase.chars().collect();
    let mut pos = 0;
    let out = expand_seq(&chars, &mut pos, phrase, vocab, 0)?;
    if pos != chars.len() {
        return Err(ExpandError::Unbalanced(phrase.to_string()));
    }
    let mut res: Vec<String> = Vec::with_capacity(out.len());
    for v in out {
        // Most variants are normal already (rule files are written in lower case); only the
        // others are rebuilt.
        let n = if is_normal(&v) {
            v
        } else {
            normalize_literal(&v)
        };
        if n.is_empty() {
            continue;
        }
        res.push(n);
    }
    if res.is_empty() {
        return Err(ExpandError::Empty(phrase.to_string()));
    }
    // Drop repeats ("(so |)sorry" and "(|so )sorry" in one pack), keeping the first of each.
    let mut seen: HashSet<&str, FastHash> =
        HashSet::with_capacity_and_hasher(res.len(), FastHash::default());
    let keep: Vec<bool> = res.iter().map(|v| seen.insert(v.as_str())).collect();
    let mut keep = keep.into_iter();
    res.retain(|_| keep.next().unwrap_or(false));
    Ok(res)
}

/// Whether [`normalize_literal`] would return `s` unchanged: ASCII with no capitals, single
/// spaces inside only, and no space before an apostrophe.
fn is_normal(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter()
            .all(|&c| (c.is_ascii_graphic() && !c.is_ascii_uppercase()) || c == b' ')
        && !b
            .windows(2)
            .any(|w| w[0] == b' ' && (w[1] == b' ' || w[1] == b'\''))
}

/// Lower-case ASCII, straighten quotes and collapse spaces, as the matcher's normalized text is.
pub fn normalize_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
}

fn expand_seq(
    chars: &[char],
    pos: &mut usize,
    phrase: &str,
    vocab: &BTreeMap<String, Vec<String>>,
    depth: usize,
) -> Result<Vec<String>, ExpandError> {
    // Returns the alternatives of a sequence up to an unmatched ')' or '|' (not consumed) or end.
    let mut acc: Vec<String> = vec![String::new()];
    while *pos < chars.len() {
        let c = chars[*pos];
        match c {
            '(' => {
                *pos += 1;
                let mut alts: Vec<String> = Vec::new();
                loop {
                    let branch = expand_seq(chars, pos, phrase, vocab, depth + 1)?;
                    alts.extend(branch);
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
                acc = product(&acc, &alts, phrase)?;
            }
            ')' | '|' => {
                if depth == 0 {
                    return Err(ExpandError::Unbalanced(phrase.to_string()));
                }
                return Ok(acc);
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
                let mut alts = Vec::new();
                for item in list {
                    // vocabulary entries may use the syntax (but not other vocab, to avoid cycles)
                    let empty = BTreeMap::new();
                    let ichars: Vec<char> = item.chars().collect();
                    let mut ipos = 0;
                    alts.extend(expand_seq(&ichars, &mut ipos, item, &empty, 0)?);
                }
                acc = product(&acc, &alts, phrase)?;
            }
            _ => {
                // A run of literal text goes onto every variant at once.
                let run = chars[*pos..]
                    .iter()
                    .position(|c| matches!(c, '(' | ')' | '|' | '{'))
                    .map_or(chars.len(), |k| *pos + k);
                let text: String = chars[*pos..run].iter().collect();
                for s in &mut acc {
                    s.push_str(&text);
                }
                *pos = run;
            }
        }
    }
    if depth > 0 {
        return Err(ExpandError::Unbalanced(phrase.to_string()));
    }
    Ok(acc)
}

fn product(acc: &[String], alts: &[String], phrase: &str) -> Result<Vec<String>, ExpandError> {
    if acc.len().saturating_mul(alts.len()) > MAX_EXPANSION {
        return Err(ExpandError::TooLarge(phrase.to_string()));
    }
    let mut out = Vec::with_capacity(acc.len() * alts.len());
    for a in acc {
        for b in alts {
            // Room for the text that usually follows, so it is added without moving.
            let mut s = String::with_capacity(a.len() + b.len() + 24);
            s.push_str(a);
            s.push_str(b);
            out.push(s);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_fast_path_agrees_with_normalizing() {
        for s in [
            "we're sorry",
            "We're sorry",
            " sorry",
            "sorry ",
            "so  sorry",
            "we 've",
            "it\u{2019}s",
            "a\tb",
            "caf\u{e9}",
            "",
            "sorry!",
        ] {
            // Only text that normalizing leaves alone may skip it (non-ASCII always goes through).
            assert!(!is_normal(s) || normalize_literal(s) == s, "{s:?}");
            assert_eq!(
                is_normal(s),
                s.is_ascii() && normalize_literal(s) == s,
                "{s:?}"
            );
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
}
