//! Text preparation: a normalized copy of the reply for matching (ASCII lower case,
//! straight quotes, collapsed white space) with a map back to the original byte offsets,
//! and the words and sentences of it.

use crate::rules::phrases::{fnv, fnv_all, Token, FNV_OFFSET};

/// A word of the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte span in the normalized text.
    pub start: u32,
    pub end: u32,
    /// Index of the sentence it belongs to.
    pub sentence: u32,
    /// Byte span in the original text.
    pub orig_start: u32,
    pub orig_end: u32,
    /// How the word is written in the original (case, digits).
    pub shape: Shape,
}

/// How a word is written in the original text, read once when the reply is prepared so
/// that the detectors asking about capitals, digits and name shapes share one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Alphabetic chars.
    pub letters: u16,
    /// Upper-case chars.
    pub upper: u16,
    /// Lower-case chars.
    pub lower: u16,
    /// ASCII digits.
    pub digits: u16,
    flags: u8,
}

impl Shape {
    const CAPITALIZED: u8 = 1;
    const PRODUCT: u8 = 2;
    const FIRST_UPPER: u8 = 4;
    const FIRST_LOWER: u8 = 8;
    const FIRST_DIGIT: u8 = 16;

    /// The shape of `w`. Kept inline: most words, even in a reply with an emoji or a curly
    /// quote, are ASCII and take the byte-by-byte path.
    #[inline]
    pub fn of(w: &str) -> Shape {
        if w.is_ascii() {
            Shape::of_ascii(w.as_bytes())
        } else {
            Shape::of_unicode(w)
        }
    }

    /// [`Shape::of`] for a word with a char outside ASCII.
    fn of_unicode(w: &str) -> Shape {
        let mut s = Shape::default();
        let mut cs = w.chars();
        let Some(first) = cs.next() else {
            return s;
        };
        // "Dana", "Dana's": a capital, then only lower case (and ' or -).
        let mut capitalized = first.is_uppercase();
        // "PlayStation", "iOS": a capital after the first letter, and lower case.
        let mut rest_upper = false;
        let mut rest_lower = false;
        let mut second_upper = false;
        let count = |c: char, s: &mut Shape| {
            if c.is_ascii_digit() {
                s.digits += 1;
            } else if c.is_alphabetic() {
                s.letters += 1;
                if c.is_uppercase() {
                    s.upper += 1;
                } else if c.is_lowercase() {
                    s.lower += 1;
                }
            }
        };
        count(first, &mut s);
        for (k, c) in cs.enumerate() {
            count(c, &mut s);
            let (up, low) = (c.is_uppercase(), c.is_lowercase());
            capitalized &= low || c == '\'' || c == '-';
            rest_upper |= up;
            rest_lower |= low;
            second_upper |= k == 0 && up;
        }
        if capitalized {
            s.flags |= Shape::CAPITALIZED;
        }
        if (first == 'i' && second_upper) || (first.is_uppercase() && rest_upper && rest_lower) {
            s.flags |= Shape::PRODUCT;
        }
        if first.is_uppercase() {
            s.flags |= Shape::FIRST_UPPER;
        } else if first.is_lowercase() {
            s.flags |= Shape::FIRST_LOWER;
        } else if first.is_ascii_digit() {
            s.flags |= Shape::FIRST_DIGIT;
        }
        s
    }

    /// [`Shape::of`] for ASCII text, byte by byte.
    pub(crate) fn of_ascii(w: &[u8]) -> Shape {
        let mut s = Shape::default();
        let Some((&first, rest)) = w.split_first() else {
            return s;
        };
        let (mut rest_upper, mut rest_lower, mut other) = (0u16, 0u16, false);
        for &c in rest {
            match c {
                b'a'..=b'z' => rest_lower += 1,
                b'A'..=b'Z' => rest_upper += 1,
                b'0'..=b'9' => s.digits += 1,
                b'\'' | b'-' => {}
                _ => other = true,
            }
        }
        s.upper = rest_upper;
        s.lower = rest_lower;
        match first {
            b'a'..=b'z' => {
                s.lower += 1;
                s.flags |= Shape::FIRST_LOWER;
                if first == b'i' && rest.first().is_some_and(u8::is_ascii_uppercase) {
                    s.flags |= Shape::PRODUCT;
                }
            }
            b'A'..=b'Z' => {
                s.upper += 1;
                s.flags |= Shape::FIRST_UPPER;
                // `s.digits` counts the rest only so far.
                if rest_upper == 0 && !other && s.digits == 0 {
                    s.flags |= Shape::CAPITALIZED;
                }
                if rest_upper > 0 && rest_lower > 0 {
                    s.flags |= Shape::PRODUCT;
                }
            }
            b'0'..=b'9' => {
                s.digits += 1;
                s.flags |= Shape::FIRST_DIGIT;
            }
            _ => {}
        }
        s.letters = s.upper + s.lower;
        s
    }

    /// A capital, then only lower case: "Dana", "Dana's".
    pub fn capitalized(self) -> bool {
        self.flags & Shape::CAPITALIZED != 0
    }

    /// A product name's shape: "PlayStation", "iOS", "AdSense".
    pub fn product(self) -> bool {
        self.flags & Shape::PRODUCT != 0
    }

    pub fn first_upper(self) -> bool {
        self.flags & Shape::FIRST_UPPER != 0
    }

    pub fn first_lower(self) -> bool {
        self.flags & Shape::FIRST_LOWER != 0
    }

    pub fn first_digit(self) -> bool {
        self.flags & Shape::FIRST_DIGIT != 0
    }

    /// Every letter a capital ("NOT", "ÉTÉ"). A word in a script without case (Japanese,
    /// Arabic) has letters but no capitals, so it never is.
    pub fn all_capitals(self) -> bool {
        self.upper == self.letters
    }
}

/// A sentence of the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: u32,
    pub end: u32,
    /// Range of word indices.
    pub first_word: u32,
    pub end_word: u32,
}

/// A reply prepared for matching.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    /// Normalized text: ASCII lower case, curly quotes made straight, runs of white space
    /// collapsed to one space (or one newline when the run holds a line break).
    pub norm: String,
    /// For each byte of `norm` (and one past the end), the byte offset in the original.
    map: Vec<u32>,
    pub words: Vec<Word>,
    pub sentences: Vec<Sentence>,
    /// The tokens the phrase matcher walks: word runs and single other characters.
    pub(crate) tokens: Vec<Token>,
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "no", "approx", "inc", "ltd", "co",
    "jr", "sr", "prof", "ext", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "a.m", "p.m",
];

impl Doc {
    /// Prepare `text`. Never fails; any UTF-8 is accepted.
    pub fn new(text: &str) -> Doc {
        let mut doc = Doc {
            // Built by `normalize`.
            norm: String::new(),
            map: Vec::with_capacity(text.len() + 1),
            words: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
        };
        doc.normalize(text);
        doc.segment(text);
        // Most replies are ASCII: their words skip the check.
        let ascii = text.is_ascii();
        for k in 0..doc.words.len() {
            let w = doc.words[k];
            let (s, e) = doc.orig_span(w.start as usize, w.end as usize);
            let w = &mut doc.words[k];
            (w.orig_start, w.orig_end) = (s as u32, e as u32);
            let orig = text.get(s..e).unwrap_or_default();
            w.shape = if ascii {
                Shape::of_ascii(orig.as_bytes())
            } else {
                Shape::of(orig)
            };
        }
        doc
    }

    /// The phrase-matcher tokens of sentence `i`.
    pub(crate) fn sentence_tokens(&self, i: usize) -> &[Token] {
        let s = self.sentences[i];
        let a = self.tokens.partition_point(|t| t.start < s.start);
        let b = a + self.tokens[a..].partition_point(|t| t.end <= s.end);
        &self.tokens[a..b]
    }

    fn normalize(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // Built as bytes: every byte pushed is ASCII or part of a whole char copied from
        // `text`, so the result is UTF-8.
        let mut norm: Vec<u8> = Vec::with_capacity(text.len());
        let map = &mut self.map;
        // The start of the run of white space being skipped, and whether it held a newline.
        let mut space: Option<(usize, bool)> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // A run of plain ASCII (no white space but single spaces between words, no
            // backtick) is copied in lower case in one go.
            if space.is_none() && is_plain_ascii(b) {
                let mut run = i + 1;
                while run < bytes.len() {
                    if is_plain_ascii(bytes[run]) {
                        run += 1;
                    } else if bytes[run] == b' '
                        && bytes.get(run + 1).is_some_and(|&c| is_plain_ascii(c))
                    {
                        run += 2;
                    } else {
                        break;
                    }
                }
                norm.extend(bytes[i..run].iter().map(u8::to_ascii_lowercase));
                map.extend(i as u32..run as u32);
                i = run;
                continue;
            }
            let (ch_len, out): (usize, Option<u8>) = if b < 0x80 {
                if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                    let nl = b == b'\n';
                    space = Some(match space {
                        Some((st, had)) => (st, had || nl),
                        None => (i, nl),
                    });
                    i += 1;
                    continue;
                }
                (
                    1,
                    Some(if b == b'`' {
                        b'\''
                    } else {
                        b.to_ascii_lowercase()
                    }),
                )
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                let len = ch.len_utf8();
                if ch.is_whitespace() {
                    space = Some(match space {
                        Some((st, had)) => (st, had),
                        None => (i, false),
                    });
                    i += len;
                    continue;
                }
                let mapped = match ch {
                    '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{00B4}' => Some(b'\''),
                    '\u{201C}' | '\u{201D}' => Some(b'"'),
                    '\u{2013}' | '\u{2014}' => Some(b'-'),
                    _ => None,
                };
                (len, mapped)
            };
            if let Some((st, nl)) = space.take() {
                norm.push(if nl { b'\n' } else { b' ' });
                map.push(st as u32);
            }
            match out {
                Some(o) => {
                    norm.push(o);
                    map.push(i as u32);
                }
                None => {
                    norm.extend_from_slice(&bytes[i..i + ch_len]);
                    map.extend((i..i + ch_len).map(|k| k as u32));
                }
            }
            i += ch_len;
        }
        if let Some((st, nl)) = space {
            norm.push(if nl { b'\n' } else { b' ' });
            map.push(st as u32);
        }
        map.push(text.len() as u32);
        self.norm = String::from_utf8(norm).unwrap_or_else(|e| {
            // Unreachable: only ASCII bytes and whole chars of `text` were pushed.
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        });
    }

    fn segment(&mut self, text: &str) {
        let mut tokens = Vec::with_capacity(self.norm.len() / 3 + 1);
        let (words, sentences) = segment(&self.norm, |i| self.wraps_at(text, i), &mut tokens);
        self.words = words;
        self.sentences = sentences;
        self.tokens = tokens;
    }

    /// Whether the line break at normalized offset `i` only wraps a long line, as mail clients
    /// do: a single break after a line of 40 bytes or more that ends in a word or a comma (not a
    /// full stop, colon or semicolon, in any script), with the next line not a list item ("…we have refunded\nthe second
    /// charge…"). A greeting, a sign-off, a list item or a paragraph break still ends the
    /// sentence.
    fn wraps_at(&self, text: &str, i: usize) -> bool {
        let line_start = self.norm[..i].rfind('\n').map_or(0, |p| p + 1);
        let line = &self.norm[line_start..i];
        // A wrapped line stops mid-sentence: after a word or a comma.
        if line.len() < 40 || !line.ends_with(|c: char| c.is_ascii_alphanumeric() || c == ',') {
            return false;
        }
        let (Some(&a), Some(&b)) = (self.map.get(i), self.map.get(i + 1)) else {
            return false;
        };
        let (a, b) = (a as usize, b as usize);
        let Some(next) = text.get(b..) else {
            return false;
        };
        let list_item = next.starts_with(['-', '*', '\u{2022}', '>'])
            || next
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with(['.', ')'])
                && next.starts_with(|c: char| c.is_ascii_digit());
        text.get(a..b)
            .is_some_and(|gap| gap.matches('\n').count() == 1)
            && !next.is_empty()
            && !list_item
    }

    /// The original text of word `i` (`text` is the text the reply was prepared from).
    pub fn orig_word<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let w = self.words[i];
        text.get(w.orig_start as usize..w.orig_end as usize)
            .unwrap_or_default()
    }

    /// The normalized text between word `i` and the next one (" ", ", ", ": ", " - ").
    pub fn gap_after(&self, i: usize) -> &[u8] {
        let (e, s) = (self.words[i].end as usize, self.words[i + 1].start as usize);
        self.norm.as_bytes().get(e..s).unwrap_or_default()
    }

    /// The normalized text of word `i`.
    pub fn word(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.norm[w.start as usize..w.end as usize]
    }

    /// Map a normalized byte offset to the original text.
    pub fn orig(&self, norm_offset: usize) -> usize {
        self.map[norm_offset.min(self.map.len() - 1)] as usize
    }

    /// Map a normalized span to the original text; the end maps to the end of the last char.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig(start);
        let e = if end == 0 { s } else { self.orig(end) };
        (s, e.max(s))
    }

    /// Index of the first word starting at or after `offset`.
    pub fn word_at_or_after(&self, offset: usize) -> usize {
        self.words.partition_point(|w| (w.start as usize) < offset)
    }

    /// Index of the sentence containing the normalized offset (the last one starting before it).
    pub fn sentence_of(&self, offset: usize) -> usize {
        self.sentences
            .partition_point(|s| (s.start as usize) <= offset)
            .saturating_sub(1)
    }

    /// The normalized text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = self.sentences[i];
        &self.norm[s.start as usize..s.end as usize]
    }

    /// Words of sentence `i` as normalized strings.
    pub fn sentence_words(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        let s = self.sentences[i];
        (s.first_word as usize..s.end_word as usize).map(move |w| self.word(w))
    }

    /// Number of words in the reply.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }
}

/// ASCII bytes that normalize to themselves in lower case: not white space, not a backtick.
static PLAIN_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = !matches!(b as u8, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'`');
        b += 1;
    }
    t
};

#[inline]
fn is_plain_ascii(b: u8) -> bool {
    PLAIN_ASCII[b as usize]
}

fn is_alnum_at(norm: &str, i: usize) -> bool {
    norm[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
}

/// Split normalized text into words and sentences, and (in the same pass) into the phrase
/// matcher's tokens, as `phrases::tokenize` would: a word is one token, or several glued by
/// the marks inside it ("can't", "3.50"); every other char but a space is a token of its own.
fn segment(
    norm: &str,
    wraps_at: impl Fn(usize) -> bool,
    tokens: &mut Vec<Token>,
) -> (Vec<Word>, Vec<Sentence>) {
    let bytes = norm.as_bytes();
    let n = bytes.len();
    let mut words: Vec<Word> = Vec::with_capacity(norm.len() / 5 + 1);
    let mut sentences: Vec<Sentence> = Vec::with_capacity(norm.len() / 60 + 1);
    let mut sent_start = 0usize;
    let mut sent_first_word = 0usize;
    let mut i = 0usize;
    let close = |sentences: &mut Vec<Sentence>,
                 words: &Vec<Word>,
                 start: usize,
                 end: usize,
                 first_word: usize| {
        if end > start && words.len() > first_word {
            sentences.push(Sentence {
                start: start as u32,
                end: end as u32,
                first_word: first_word as u32,
                end_word: words.len() as u32,
            });
        }
    };
    // Whether the next token follows the last one without a space.
    let mut glued = false;
    // A token of one char at `i`, `len` bytes long.
    let mark = |tokens: &mut Vec<Token>, i: usize, len: usize, glued: bool| {
        tokens.push(Token::new(
            i,
            i + len,
            fnv_all(FNV_OFFSET, &bytes[i..i + len]),
            glued,
        ));
    };
    while i < n {
        let b = bytes[i];
        if is_word_byte(b) || b >= 0x80 && is_alnum_at(norm, i) {
            let start = i;
            let (mut tok_start, mut h) = (i, FNV_OFFSET);
            while i < n {
                let c = bytes[i];
                if is_word_byte(c) {
                    h = fnv(h, c);
                    i += 1;
                } else if c >= 0x80 && is_alnum_at(norm, i) {
                    let len = utf8_len(c);
                    h = fnv_all(h, &bytes[i..i + len]);
                    i += len;
                } else if matches!(c, b'\'' | b'-' | b'.' | b',' | b':' | b'/')
                    && i + 1 < n
                    && i > start
                    && is_inner_joinable(c, bytes[i - 1], bytes[i + 1])
                {
                    tokens.push(Token::new(tok_start, i, h, glued));
                    mark(tokens, i, 1, true);
                    (glued, tok_start, h) = (true, i + 1, FNV_OFFSET);
                    i += 1;
                } else {
                    break;
                }
            }
            tokens.push(Token::new(tok_start, i, h, glued));
            glued = true;
            words.push(Word {
                start: start as u32,
                end: i as u32,
                sentence: 0,
                orig_start: 0,
                orig_end: 0,
                shape: Shape::default(),
            });
            continue;
        }
        match b {
            b'\n' if !wraps_at(i) => {
                close(&mut sentences, &words, sent_start, i, sent_first_word);
                sent_start = i + 1;
                sent_first_word = words.len();
            }
            b'.' | b'!' | b'?' => {
                let mut j = i;
                while j < n && matches!(bytes[j], b'.' | b'!' | b'?') {
                    mark(tokens, j, 1, glued);
                    glued = true;
                    j += 1;
                }
                let next_ok = j >= n || matches!(bytes[j], b' ' | b'\n' | b'"' | b'\'' | b')');
                let abbrev = b == b'.' && j == i + 1 && words.len() > sent_first_word && {
                    let w = words[words.len() - 1];
                    let t = &norm[w.start as usize..w.end as usize];
                    w.end as usize == i
                        && (ABBREVIATIONS.contains(&t)
                            || (t.len() == 1 && t.as_bytes()[0].is_ascii_alphabetic()))
                };
                if next_ok && !abbrev {
                    close(&mut sentences, &words, sent_start, j, sent_first_word);
                    sent_start = j;
                    sent_first_word = words.len();
                }
                i = j;
                continue;
            }
            _ => {}
        }
        let len = if b >= 0x80 { utf8_len(b) } else { 1 };
        if matches!(b, b' ' | b'\n') {
            glued = false;
        } else {
            mark(tokens, i, len, glued);
            glued = true;
        }
        i += len;
    }
    close(&mut sentences, &words, sent_start, n, sent_first_word);
    for (si, s) in sentences.iter().enumerate() {
        for w in &mut words[s.first_word as usize..s.end_word as usize] {
            w.sentence = si as u32;
        }
    }
    // Leading spaces of a sentence are not part of it.
    for s in &mut sentences {
        while (s.start as usize) < n && matches!(bytes[s.start as usize], b' ' | b'\n') {
            s.start += 1;
        }
    }
    (words, sentences)
}

/// ASCII letters, digits and `_`, by byte.
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// An ASCII letter, digit or `_`.
#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[b as usize]
}

#[inline]
fn is_inner_joinable(c: u8, prev: u8, next: u8) -> bool {
    match c {
        b'\'' | b'-' => prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric(),
        // 3.5, 1,200, 5:30, 24/7
        b'.' | b',' | b':' | b'/' => prev.is_ascii_digit() && next.is_ascii_digit(),
        _ => false,
    }
}

#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// A regex pattern with its word boundaries made ASCII ones: they keep the fast engines of the
/// regex crate in play on text with emoji or accents (a Unicode `\b` makes them give up on the
/// first non-ASCII byte). Rule patterns and the triage cues are English.
pub(crate) fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Whether the normalized byte `b` can be part of a word (for boundary checks).
pub fn is_word_char_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => is_word_byte(b),
        Some(_) => {
            let mut j = i;
            while j > 0 && !s.is_char_boundary(j) {
                j -= 1;
            }
            s[j..].chars().next().is_some_and(|c| c.is_alphanumeric())
        }
    }
}

/// Whether the char ending just before byte `i` is a word char.
pub fn is_word_char_before(s: &str, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Syllable estimate for the reading-grade measure (vowel groups, silent final e).
pub fn syllables(word: &str) -> usize {
    let w = word.as_bytes();
    if w.len() <= 3 {
        return 1;
    }
    let mut count = 0;
    let mut prev_vowel = false;
    for &b in w {
        let v = matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    if w.ends_with(b"e") && !w.ends_with(b"le") && count > 1 {
        count -= 1;
    }
    if (w.ends_with(b"ed") || w.ends_with(b"es"))
        && count > 1
        && !w.ends_with(b"ted")
        && !w.ends_with(b"ded")
    {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_maps_back() {
        let t = "We\u{2019}re  SORRY.\n\nReally";
        let d = Doc::new(t);
        assert_eq!(d.norm, "we're sorry.\nreally");
        let i = d.norm.find("sorry").unwrap();
        let (s, e) = d.orig_span(i, i + 5);
        assert_eq!(&t[s..e], "SORRY");
        let j = d.norm.find("really").unwrap();
        let (s, e) = d.orig_span(j, j + 6);
        assert_eq!(&t[s..e], "Really");
    }

    #[test]
    fn splits_sentences_and_words() {
        let d = Doc::new("Hi Dr. Smith. We refunded $3.50 today! Thanks");
        assert_eq!(d.sentences.len(), 3);
        let words: Vec<_> = d.sentence_words(1).collect();
        assert_eq!(words, vec!["we", "refunded", "3.50", "today"]);
        assert_eq!(d.word(0), "hi");
    }

    #[test]
    fn a_wrapped_line_does_not_end_the_sentence() {
        let t = "Hi Dana,\nI'm sorry we charged you twice for your order last week, so\nI have refunded the second charge today. It reaches your card within\n3 days.\nWhat happens next, in short, before the end of the week:\n1. we check the payment system\n- we email you\n\nbest wishes from the whole team at the shop and thanks again\n\nfor writing in\n- Karla";
        let d = Doc::new(t);
        let sentences: Vec<&str> = (0..d.sentences.len()).map(|i| d.sentence_text(i)).collect();
        assert_eq!(
            sentences,
            vec![
                // A short line (a greeting) ends where it ends.
                "hi dana,",
                // Long lines without a full stop go on, whatever the next one starts with.
                "i'm sorry we charged you twice for your order last week, so\ni have refunded the second charge today.",
                "it reaches your card within\n3 days.",
                // A colon and list items end them.
                "what happens next, in short, before the end of the week:",
                "1.",
                "we check the payment system",
                "- we email you",
                // So does a paragraph break.
                "best wishes from the whole team at the shop and thanks again",
                "for writing in",
                "- karla",
            ]
        );
    }

    #[test]
    fn ascii_shapes_agree_with_the_general_reading() {
        for w in [
            "Dana",
            "O'Neil",
            "Jean-Luc",
            "PlayStation",
            "iOS",
            "iphone",
            "ASAP",
            "k8s",
            "2FA",
            "A",
            "a",
            "7",
            "D4na",
            "Dana's",
            "x-Ray",
            "McDonald",
            "_",
            "a_b",
            "I",
            "iO",
        ] {
            // The general path, forced by a non-ASCII char that is not a letter or digit.
            let g = Shape::of(&format!("{w}\u{2009}"));
            let a = Shape::of(w);
            assert_eq!(
                (a.letters, a.upper, a.lower, a.digits),
                (g.letters, g.upper, g.lower, g.digits),
                "{w}"
            );
            assert_eq!(a.first_upper(), g.first_upper(), "{w}");
            assert_eq!(a.first_lower(), g.first_lower(), "{w}");
            assert_eq!(a.first_digit(), g.first_digit(), "{w}");
            assert_eq!(a.product(), g.product(), "{w}");
        }
        assert!(Shape::of("Dana").capitalized() && Shape::of("Dana's").capitalized());
        assert!(!Shape::of("O'Neil").capitalized());
        assert!(!Shape::of("DAna").capitalized() && !Shape::of("Dana7").capitalized());
        assert!(Shape::of("Zoë").capitalized() && Shape::of("ÉLODIE").lower == 0);
        assert!(Shape::of("iOS").product() && !Shape::of("Ios").product());
    }

    fn tokens_agree(t: &str) {
        let d = Doc::new(t);
        let mut alone = Vec::new();
        crate::rules::phrases::tokenize(&d.norm, &mut alone);
        assert_eq!(d.tokens, alone, "{t:?}");
    }

    #[test]
    fn the_tokens_made_while_segmenting_are_the_phrase_tokenizer_s() {
        for t in [
            "We\u{2019}re so sorry!! Your $3.50 refund (ref 12/34) is on its way... 24/7, e-mail",
            "can't-won't 1,200 5:30 a.m. Dr. Who?! caf\u{e9} na\u{ef}ve \u{1F600} x\u{2014}y",
            " lead and trail \n\n",
            "",
            "...",
            "a'b-c.d,e:f/g 1'2 3-4 5.6 7,8 9:0 1/2 '-.,:/",
            "ÉLODIE écrit \u{00A0}ok\u{3000}\u{65E5}\u{672C}",
        ] {
            tokens_agree(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_agree_on_any_text(t in "[a-zA-Z0-9 .,:;!?'/\\-\n\t\u{e9}\u{2019}\u{1F600}\u{00A0}]{0,40}") {
            tokens_agree(&t);
        }

        #[test]
        fn tokens_agree_on_any_utf8(t in "\\PC{0,30}") {
            tokens_agree(&t);
        }
    }

    #[test]
    fn contractions_are_one_word() {
        let d = Doc::new("we can't help");
        assert_eq!(d.word(1), "can't");
    }

    #[test]
    fn syllables_are_plausible() {
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("apology"), 4);
        assert_eq!(syllables("refunded"), 3);
    }
}
