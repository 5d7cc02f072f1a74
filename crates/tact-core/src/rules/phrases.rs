//! The phrase matcher: every literal phrase of a rule set in one trie over tokens.
//!
//! Phrase expansion turns a pack's few hundred phrases into well over a hundred thousand
//! literals. A byte-level Aho-Corasick automaton over that many literals takes a noticeable
//! fraction of a second to build and walks the whole text byte by byte with overlapping
//! matches. Phrases always start and end on word boundaries (or on punctuation), so matching
//! whole tokens is enough: the text is split once into word runs and single punctuation marks,
//! and from every token the trie is followed as far as the text allows. Building takes tens of
//! milliseconds and a reply costs a few hash lookups per token.
//!
//! Tokens are compared by a 64-bit hash of their bytes; whether a token is glued to the one
//! before it ("follow-up" against "follow - up") is part of the key after the first token.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::ControlFlow;

/// One token of normalized text: a run of word characters or a single other character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    hash: u64,
    /// No whitespace between this token and the one before.
    glued: bool,
}

impl Token {
    /// A token of bytes `start..end` whose FNV-1a state (from [`FNV_OFFSET`], over its bytes)
    /// is `h`.
    #[inline]
    pub(crate) fn new(start: usize, end: usize, h: u64, glued: bool) -> Token {
        Token {
            start: start as u32,
            end: end as u32,
            hash: fnv_finish(h),
            glued,
        }
    }

    #[inline]
    fn key(&self, first: bool) -> u64 {
        if first || !self.glued {
            self.hash
        } else {
            self.hash.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15
        }
    }
}

use crate::text::is_word_byte;

/// Split normalized text into tokens (appending to `out`).
pub(crate) fn tokenize(s: &str, out: &mut Vec<Token>) {
    tokenize_from(s, 0, false, out);
}

/// [`tokenize`] from byte `i` of `s`, which ends a token (`glued`) or starts the text.
///
/// A reply's tokens are made while its words are found (`text::segment`), in the same pass; a
/// change to what a token is goes in both, and the tests there hold the two to each other.
fn tokenize_from(s: &str, mut i: usize, mut glued: bool, out: &mut Vec<Token>) {
    let bytes = s.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            glued = false;
            i += 1;
            continue;
        }
        let start = i;
        // The hash is taken as the token is scanned: FNV-1a over its bytes.
        let mut h = FNV_OFFSET;
        if is_word_byte(b) || (b >= 0x80 && char_at(s, i).is_alphanumeric()) {
            while i < bytes.len() {
                let c = bytes[i];
                if is_word_byte(c) {
                    h = fnv(h, c);
                    i += 1;
                } else if c >= 0x80 {
                    let ch = char_at(s, i);
                    if !ch.is_alphanumeric() {
                        break;
                    }
                    h = fnv_all(h, &bytes[i..i + ch.len_utf8()]);
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
        } else if b >= 0x80 {
            let ch = char_at(s, i);
            if ch.is_whitespace() {
                glued = false;
                i += ch.len_utf8();
                continue;
            }
            h = fnv_all(h, &bytes[i..i + ch.len_utf8()]);
            i += ch.len_utf8();
        } else {
            h = fnv(h, b);
            i += 1;
        }
        out.push(Token::new(start, i, h, glued));
        glued = true;
    }
}

#[inline]
fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap_or(' ')
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

#[inline]
pub(crate) fn fnv(h: u64, x: u8) -> u64 {
    (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3)
}

#[inline]
pub(crate) fn fnv_all(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &x| fnv(h, x))
}

/// FNV-1a's state finished with a multiply-xorshift, so short tokens spread over all bits.
#[inline]
fn fnv_finish(mut h: u64) -> u64 {
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

/// A small multiplicative hasher: trie keys are hashes already, and word-list lookups hash
/// short words, where SipHash's setup dominates.
#[derive(Debug, Default)]
pub(crate) struct KeyHasher(u64);

/// Hash sets and maps keyed by words or token hashes.
pub(crate) type FastHash = BuildHasherDefault<KeyHasher>;

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A set of small numbers, a bit each: the quick "surely not" in front of a hash lookup.
#[derive(Debug, Default, Clone)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// An empty set of the numbers below `n`.
    pub(crate) fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    pub(crate) fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// How many numbers are in the set.
    pub(crate) fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// No literal.
const NONE: u32 = u32::MAX;

type Edges = HashMap<(u32, u64), u32, FastHash>;

/// Every literal of a rule set, as one trie over token keys.
#[derive(Debug, Default)]
pub(crate) struct PhraseTrie {
    edges: Edges,
    /// A bit per value of the top bits of a token hash, set when some literal starts with such
    /// a token: most tokens of a reply start no literal and are turned away without a lookup.
    starts: Bits,
    /// How far a token hash is shifted to index `starts`.
    start_shift: u32,
    /// For node `n`, its literals are `outputs[out_at[n]..out_at[n + 1]]`.
    out_at: Vec<u32>,
    outputs: Vec<u32>,
    /// Number of literals.
    len: usize,
}

/// A [`PhraseTrie`] being built, literal by literal.
pub(crate) struct PhraseTrieBuilder {
    edges: Edges,
    /// For each node, the first and the last literal it reports (`NONE` if none); literals
    /// after the first, as (node, literal), in the order added. Most nodes report at most one
    /// literal: a list per node would be an allocation per node.
    first_out: Vec<u32>,
    last_out: Vec<u32>,
    more_out: Vec<(u32, u32)>,
    /// The tokens of the last literal added, the node each of them leads to, and the literal:
    /// the next spelling of a phrase mostly starts the same way, and the tokens they share are
    /// neither scanned nor looked up again.
    toks: Vec<Token>,
    path: Vec<u32>,
    last: String,
    len: usize,
}

/// The length of the longest common prefix of `a` and `b`, compared eight bytes at a time: the
/// builder asks it of each of a rule set's hundreds of thousands of literals.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let diff = u64::from_le_bytes(x.try_into().unwrap_or_default())
            ^ u64::from_le_bytes(y.try_into().unwrap_or_default());
        if diff != 0 {
            return n + (diff.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

impl PhraseTrieBuilder {
    /// A builder sized for about `literals` literals.
    pub(crate) fn with_capacity(literals: usize) -> PhraseTrieBuilder {
        // Most literals end in a node of their own: sized for that, the map grows once or twice
        // instead of a dozen times.
        PhraseTrieBuilder {
            edges: Edges::with_capacity_and_hasher(literals * 2, FastHash::default()),
            first_out: vec![NONE],
            last_out: vec![NONE],
            more_out: Vec::new(),
            toks: Vec::new(),
            path: Vec::new(),
            last: String::new(),
            len: 0,
        }
    }

    /// Add a normalized literal, reported as pattern `id`. A literal with no token (empty or
    /// all whitespace) never matches. Adding the same tokens under the same `id` again right
    /// after (another spelling of one phrase) reports it once.
    pub(crate) fn insert(&mut self, literal: &str, id: u32) {
        self.len = self.len.max(id as usize + 1);
        // A token of the last literal that ends before the first byte where the two differ
        // (the byte after it, which ends it, being the same) is a token of this one too.
        let same = common_prefix(self.last.as_bytes(), literal.as_bytes());
        let keep = self.toks.partition_point(|t| (t.end as usize) < same);
        self.toks.truncate(keep);
        self.path.truncate(keep);
        let resume = self.toks.last().map_or(0, |t| t.end as usize);
        tokenize_from(literal, resume, keep > 0, &mut self.toks);
        self.last.clear();
        self.last.push_str(literal);
        if self.toks.is_empty() {
            return;
        }
        let mut node = self.path.last().copied().unwrap_or(0);
        for k in keep..self.toks.len() {
            let key = self.toks[k].key(k == 0);
            let next = self.first_out.len() as u32;
            let (first_out, last_out) = (&mut self.first_out, &mut self.last_out);
            node = *self.edges.entry((node, key)).or_insert_with(|| {
                first_out.push(NONE);
                last_out.push(NONE);
                next
            });
            self.path.push(node);
        }
        let n = node as usize;
        if self.last_out[n] != id {
            if self.first_out[n] == NONE {
                self.first_out[n] = id;
            } else {
                self.more_out.push((node, id));
            }
            self.last_out[n] = id;
        }
    }

    pub(crate) fn build(self) -> PhraseTrie {
        let PhraseTrieBuilder {
            edges,
            first_out,
            mut more_out,
            len,
            ..
        } = self;
        // About 32 bits per distinct first token keeps the map sparse.
        let firsts: Vec<u64> = edges
            .keys()
            .filter(|(node, _)| *node == 0)
            .map(|&(_, key)| key)
            .collect();
        let bits = (firsts.len() * 32).next_power_of_two().max(1024);
        let start_shift = 64 - bits.trailing_zeros();
        let mut starts = Bits::new(bits);
        for &k in &firsts {
            starts.insert((k >> start_shift) as usize);
        }
        // Each node's literals, first the first, then the others in the order added.
        more_out.sort_by_key(|&(node, _)| node);
        let mut out_at = Vec::with_capacity(first_out.len() + 1);
        let mut outputs = Vec::with_capacity(first_out.len());
        let mut more = more_out.iter().peekable();
        for (node, &first) in first_out.iter().enumerate() {
            out_at.push(outputs.len() as u32);
            if first != NONE {
                outputs.push(first);
            }
            while let Some(&(_, id)) = more.next_if(|&&(n, _)| n as usize == node) {
                outputs.push(id);
            }
        }
        out_at.push(outputs.len() as u32);
        PhraseTrie {
            edges,
            starts,
            start_shift,
            out_at,
            outputs,
            len,
        }
    }
}

impl PhraseTrie {
    /// Build from normalized literals; literal `i` is reported as pattern `i`. Literals with no
    /// token (empty or all whitespace) never match.
    pub(crate) fn new<S: AsRef<str>>(literals: &[S]) -> PhraseTrie {
        let mut b = PhraseTrieBuilder::with_capacity(literals.len());
        for (pid, lit) in literals.iter().enumerate() {
            b.insert(lit.as_ref(), pid as u32);
        }
        b.len = literals.len();
        b.build()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether any literal occurs in the tokens.
    pub(crate) fn any_match(&self, tokens: &[Token]) -> bool {
        self.walk(tokens, |_, _, _| ControlFlow::Break(()))
            .is_break()
    }

    /// Every occurrence of every literal in the tokens: `f(literal, start, end)` in byte offsets,
    /// overlapping matches included.
    pub(crate) fn for_each_match(&self, tokens: &[Token], mut f: impl FnMut(usize, usize, usize)) {
        let _ = self.walk(tokens, |pid, s, e| {
            f(pid, s, e);
            ControlFlow::Continue(())
        });
    }

    /// Follow the trie from every token, calling `f` on each literal found until it breaks.
    fn walk(
        &self,
        tokens: &[Token],
        mut f: impl FnMut(usize, usize, usize) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        for i in 0..tokens.len() {
            if !self
                .starts
                .contains((tokens[i].key(true) >> self.start_shift) as usize)
            {
                continue;
            }
            let mut node = 0u32;
            for (k, t) in tokens[i..].iter().enumerate() {
                let Some(&next) = self.edges.get(&(node, t.key(k == 0))) else {
                    break;
                };
                node = next;
                let (a, b) = (
                    self.out_at[node as usize] as usize,
                    self.out_at[node as usize + 1] as usize,
                );
                for &pid in &self.outputs[a..b] {
                    f(pid as usize, tokens[i].start as usize, t.end as usize)?;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(lits: &[&str], text: &str) -> Vec<(usize, &'static str)> {
        let trie = PhraseTrie::new(lits);
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let mut out = Vec::new();
        trie.for_each_match(&toks, |p, s, e| {
            out.push((p, &*Box::leak(text[s..e].to_string().into_boxed_str())))
        });
        out.sort();
        out
    }

    #[test]
    fn common_prefix_agrees_with_a_byte_by_byte_count() {
        let texts = [
            "",
            "a",
            "sorry for the wait",
            "sorry for the delay",
            "sorry for the wait!",
            "we're so sorry",
            "we're so sorry about it",
            "\u{2019}twas",
        ];
        for a in texts {
            for b in texts {
                let slow = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                assert_eq!(
                    common_prefix(a.as_bytes(), b.as_bytes()),
                    slow,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn common_prefix_of_any_bytes(
            head in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            a in proptest::collection::vec(proptest::num::u8::ANY, 0..20),
            b in proptest::collection::vec(proptest::num::u8::ANY, 0..20),
        ) {
            let (a, b) = ([head.as_slice(), &a].concat(), [head.as_slice(), &b].concat());
            let slow = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            proptest::prop_assert_eq!(common_prefix(&a, &b), slow);
        }
    }

    #[test]
    fn spellings_of_one_phrase_match_once() {
        let mut b = PhraseTrieBuilder::with_capacity(4);
        b.insert("so sorry", 0);
        b.insert("so  sorry", 0);
        b.insert("sorry", 1);
        b.insert("so sorry", 2);
        let trie = b.build();
        let mut toks = Vec::new();
        tokenize("we are so sorry", &mut toks);
        let mut got = Vec::new();
        trie.for_each_match(&toks, |p, s, e| got.push((p, s, e)));
        got.sort();
        assert_eq!(got, vec![(0, 7, 15), (1, 10, 15), (2, 7, 15)]);
    }

    #[test]
    fn spellings_that_start_alike_match_as_if_added_alone() {
        // Each literal shares a beginning with the one before it, down to the middle of a token,
        // the glue between tokens and a trailing space.
        let lits = [
            "we are sorry",
            "we aren't sorry",
            "we are",
            "we are ",
            "we're sorry",
            "we re sorry",
            "follow up",
            "follow-up",
            "follow-ups",
            "follow",
            "café au lait",
            "café",
            "ok!",
            "ok !",
        ];
        let texts = [
            "we are sorry, we aren't sorry, we're sorry and we re sorry",
            "a follow-up, two follow-ups, to follow up, follow - up",
            "one café au lait at the café; ok! ok ! ok",
        ];
        let mut forward = PhraseTrieBuilder::with_capacity(lits.len());
        for (id, lit) in lits.iter().enumerate() {
            forward.insert(lit, id as u32);
        }
        let forward = forward.build();
        for text in texts {
            let mut toks = Vec::new();
            tokenize(text, &mut toks);
            let mut got = Vec::new();
            forward.for_each_match(&toks, |p, s, e| got.push((p, s, e)));
            got.sort();
            // Each literal in a trie of its own.
            let mut want = Vec::new();
            for (id, lit) in lits.iter().enumerate() {
                PhraseTrie::new(&[lit]).for_each_match(&toks, |_, s, e| want.push((id, s, e)));
            }
            want.sort();
            assert_eq!(got, want, "{text}");
            assert!(!got.is_empty());
        }
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(find(&["sorry"], "so sorry!"), vec![(0, "sorry")]);
        assert!(find(&["sorry"], "sorryyy").is_empty());
        assert!(find(&["sorry"], "unsorry").is_empty());
        assert!(find(&["we"], "west").is_empty());
    }

    #[test]
    fn any_match_agrees_with_the_matches() {
        let trie = PhraseTrie::new(&["so sorry", "for any inconvenience"]);
        for (text, expected) in [
            ("we are so sorry", true),
            ("sorry for any inconvenience caused", true),
            ("so, sorry", false),
            ("sorry for the inconvenience", false),
            ("", false),
        ] {
            let mut toks = Vec::new();
            tokenize(text, &mut toks);
            let mut n = 0;
            trie.for_each_match(&toks, |_, _, _| n += 1);
            assert_eq!(trie.any_match(&toks), expected, "{text}");
            assert_eq!(n > 0, expected, "{text}");
        }
    }

    #[test]
    fn overlapping_and_nested() {
        let got = find(
            &["sorry", "sorry for", "for any inconvenience"],
            "sorry for any inconvenience",
        );
        assert_eq!(
            got,
            vec![(0, "sorry"), (1, "sorry for"), (2, "for any inconvenience")]
        );
    }

    #[test]
    fn punctuation_and_contractions() {
        assert_eq!(
            find(&["we're sorry"], "ok, we're sorry."),
            vec![(0, "we're sorry")]
        );
        assert_eq!(find(&["'s"], "it's"), vec![(0, "'s")]);
        assert_eq!(find(&["!!"], "no!!!").len(), 2);
        assert_eq!(find(&["follow-up"], "a follow-up"), vec![(0, "follow-up")]);
        assert!(find(&["follow-up"], "a follow - up").is_empty());
        assert!(find(&["we're"], "we 're").is_empty());
    }

    #[test]
    fn any_whitespace_separates_words() {
        assert_eq!(
            find(&["sorry to hear"], "sorry\nto  hear"),
            vec![(0, "sorry\nto  hear")]
        );
    }

    #[test]
    fn non_ascii_letters_are_word_characters() {
        assert!(find(&["cafe"], "caféteria").is_empty());
        assert_eq!(find(&["café"], "the café 🙂"), vec![(0, "café")]);
        assert_eq!(find(&["🙂"], "ok🙂"), vec![(0, "🙂")]);
    }
}
