//! Word lists the structural detectors share.

use crate::rules::phrases::{tokenize, Bits, FastHash, PhraseTrie, Token};
use crate::text::Doc;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A word list with constant-time membership (the set is built on first use).
pub struct Words {
    list: &'static [&'static str],
    set: OnceLock<WordSet>,
}

/// The set, and a bitmap keyed by each word's length and outer letters that turns most words
/// away before they are hashed: the detectors ask a few short lists about every word.
struct WordSet {
    set: HashSet<&'static str, FastHash>,
    /// `None` when the list is too large for the bitmap to turn many words away.
    filter: Option<Bits>,
}

const FILTER_BITS: usize = 1024;

#[inline]
fn filter_bit(w: &[u8]) -> usize {
    let (first, last) = (
        w.first().copied().unwrap_or(0),
        w.last().copied().unwrap_or(0),
    );
    let h = (w.len() as u32)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(u32::from(first).wrapping_mul(0x85EB_CA6B))
        .wrapping_add(u32::from(last).wrapping_mul(0xC2B2_AE35));
    (h >> 22) as usize % FILTER_BITS
}

impl WordSet {
    fn new(list: &'static [&'static str]) -> WordSet {
        let set: HashSet<&'static str, FastHash> = list.iter().copied().collect();
        let mut bits = Bits::new(FILTER_BITS);
        for w in &set {
            bits.insert(filter_bit(w.as_bytes()));
        }
        let filter = (bits.count() * 3 < FILTER_BITS).then_some(bits);
        WordSet { set, filter }
    }
}

impl Words {
    pub const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            set: OnceLock::new(),
        }
    }

    /// Whether `w` (lower case) is in the list. Detectors ask this of most words, so it is
    /// kept inline, with the one-time building of the set out of the way.
    #[inline(always)]
    pub fn contains(&self, w: &str) -> bool {
        let ws = match self.set.get() {
            Some(ws) => ws,
            None => self.built(),
        };
        if ws
            .filter
            .as_ref()
            .is_some_and(|bits| !bits.contains(filter_bit(w.as_bytes())))
        {
            return false;
        }
        ws.set.contains(w)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.list.iter().copied()
    }

    #[cold]
    #[inline(never)]
    fn built(&self) -> &WordSet {
        self.set.get_or_init(|| WordSet::new(self.list))
    }
}

/// A list of phrases matched on word boundaries, all at once (the matcher is built on first
/// use).
pub struct Phrases {
    list: &'static [&'static str],
    trie: OnceLock<PhraseTrie>,
}

impl Phrases {
    pub const fn new(list: &'static [&'static str]) -> Phrases {
        Phrases {
            list,
            trie: OnceLock::new(),
        }
    }

    /// Whether any phrase occurs in `text` (normalized: lower case, straight quotes), starting
    /// and ending on word boundaries.
    pub fn in_text(&self, text: &str) -> bool {
        let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
        tokenize(text, &mut tokens);
        self.in_tokens(&tokens)
    }

    /// Whether any phrase occurs in sentence `i` of a prepared reply.
    pub(crate) fn in_sentence(&self, doc: &Doc, i: usize) -> bool {
        self.in_tokens(doc.sentence_tokens(i))
    }

    /// Whether any phrase occurs anywhere in a prepared reply.
    pub(crate) fn in_doc(&self, doc: &Doc) -> bool {
        self.in_tokens(&doc.tokens)
    }

    fn in_tokens(&self, tokens: &[Token]) -> bool {
        self.trie
            .get_or_init(|| PhraseTrie::new(self.list))
            .any_match(tokens)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.list.iter().copied()
    }
}

const EVERYDAY: &str = include_str!("../data/everyday-words.txt");
const FIRST_NAMES: &str = include_str!("../data/first-names.txt");

fn first_names() -> &'static HashSet<&'static str, FastHash> {
    static SET: OnceLock<HashSet<&'static str, FastHash>> = OnceLock::new();
    SET.get_or_init(|| {
        FIRST_NAMES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// Whether a lower-case word is a common given name.
pub fn is_first_name(w: &str) -> bool {
    first_names().contains(w)
}

/// Lines that close a letter; what follows is the signature.
pub static SIGN_OFFS: Words = Words::new(&[
    "best",
    "best regards",
    "regards",
    "kind regards",
    "warm regards",
    "sincerely",
    "yours sincerely",
    "thanks",
    "thank you",
    "cheers",
    "respectfully",
    "many thanks",
    "all the best",
    "with thanks",
    "warmly",
    "best wishes",
    "yours truly",
    "take care",
    "talk soon",
]);

/// Nouns that label a case reference ("order 88213", "claim HM-22019").
pub static REFERENCE_NOUNS: Words = Words::new(&[
    "order",
    "account",
    "case",
    "ticket",
    "booking",
    "claim",
    "confirmation",
    "reference",
    "ref",
    "invoice",
    "policy",
    "reservation",
    "tracking",
    "membership",
    "member",
    "card",
    "statement",
    "transaction",
    "receipt",
    "shipment",
    "parcel",
    "package",
    "appointment",
    "application",
    "request",
    "incident",
    "conf",
]);

fn everyday() -> &'static HashSet<&'static str, FastHash> {
    static SET: OnceLock<HashSet<&'static str, FastHash>> = OnceLock::new();
    SET.get_or_init(|| {
        EVERYDAY
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// Whether a lower-case word is everyday English (frequent in ordinary writing).
pub fn is_common_word(w: &str) -> bool {
    everyday().contains(w)
}

/// Whether a lower-case word is everyday English or built plainly from it: a British
/// spelling of a listed word ("recognised"), a derived form of a listed root ("itemised" from
/// "item", "standardisation" from "standard"), or a compound of such words ("well-organised").
pub fn is_familiar_word(w: &str) -> bool {
    if is_common_word(w) {
        return true;
    }
    if w.contains('-') {
        return w.split('-').all(|p| !p.is_empty() && is_familiar_word(p));
    }
    // An inflection of a listed word ending in "e": "compromised", "outsources".
    if let Some(base) = w.strip_suffix('d').or_else(|| w.strip_suffix('s')) {
        if base.ends_with('e') && is_common_word(base) {
            return true;
        }
    }
    const BRITISH: &[(&str, &str)] = &[
        ("isation", "ization"),
        ("isations", "izations"),
        ("ised", "ized"),
        ("ise", "ize"),
        ("ises", "izes"),
        ("ising", "izing"),
    ];
    for (gb, us) in BRITISH {
        if let Some(stem) = w.strip_suffix(gb) {
            let mut american = String::with_capacity(w.len());
            american.push_str(stem);
            american.push_str(us);
            if is_common_word(&american) {
                return true;
            }
        }
    }
    const DERIVED: &[&str] = &[
        "isations", "izations", "isation", "ization", "ications", "ication", "ations", "ation",
        "ised", "ized", "ises", "izes", "ise", "ize",
    ];
    DERIVED.iter().any(|suf| {
        w.strip_suffix(suf).is_some_and(|root| {
            root.len() >= 4 && {
                let mut with_e = String::with_capacity(root.len() + 1);
                with_e.push_str(root);
                with_e.push('e');
                is_common_word(root) || is_common_word(&with_e)
            }
        })
    })
}

pub static GREETINGS: Words = Words::new(&[
    "hi",
    "hello",
    "hey",
    "dear",
    "hiya",
    "greetings",
    "morning",
    "afternoon",
    "evening",
    "howdy",
]);

pub static HONORIFICS: Words = Words::new(&["mr", "mrs", "ms", "miss", "dr", "mx", "prof"]);

/// Capitalized words after a greeting that are not a name.
pub static NOT_NAMES: Words = Words::new(&[
    "there",
    "team",
    "customer",
    "customers",
    "all",
    "everyone",
    "valued",
    "sir",
    "madam",
    "friend",
    "folks",
    "guest",
    "member",
    "policyholder",
    "student",
    "patient",
    "client",
    "user",
    "again",
    "and",
    "thanks",
    "thank",
    "good",
    "sorry",
    "we",
    "i",
    "the",
    "our",
    "this",
    "that",
    "you",
    "please",
    "yes",
    "no",
    "ok",
    "okay",
    "great",
    "oh",
    "so",
    "unfortunately",
    "apologies",
    "welcome",
    "happy",
    "just",
    "glad",
]);

static STOP: Words = Words::new(&[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "then",
    "so",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "up",
    "down",
    "out",
    "about",
    "into",
    "over",
    "after",
    "before",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "you",
    "your",
    "he",
    "she",
    "it",
    "its",
    "they",
    "them",
    "their",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "which",
    "who",
    "when",
    "where",
    "why",
    "how",
    "not",
    "no",
    "can",
    "could",
    "would",
    "should",
    "will",
    "shall",
    "may",
    "might",
    "must",
    "just",
    "very",
    "really",
    "also",
    "too",
    "all",
    "any",
    "some",
    "more",
    "most",
    "much",
    "many",
    "again",
    "still",
    "now",
    "get",
    "got",
    "i'm",
    "we're",
    "you're",
    "it's",
    "i've",
    "we've",
    "don't",
    "can't",
    "won't",
    "didn't",
    "let",
    "know",
    "please",
    "thanks",
    "thank",
    "sorry",
    "hear",
    "help",
    "like",
    "one",
    "make",
    "see",
    "look",
    "need",
    "want",
    "time",
    "day",
    "today",
    "issue",
    "problem",
    "hi",
    "hello",
    "hey",
    "dm",
    "link",
    "user",
    "email",
    "way",
    "back",
    "sure",
    "well",
    "even",
    "only",
    "since",
    "because",
    "while",
    "than",
    "such",
    "being",
    "going",
    "go",
    "come",
    "take",
    "give",
    "told",
    "said",
    "say",
    "tell",
    "ask",
    "asked",
    "yes",
    "yet",
    "though",
    "through",
    "via",
    "per",
    "again",
    "able",
    "other",
    "another",
    "every",
    "each",
    "own",
    "apologize",
    "apologies",
    "understand",
    "frustrating",
    "frustration",
    "experience",
    "team",
    "reach",
    "contact",
    "support",
    "service",
    "customer",
    "account",
    "order",
    "send",
    "details",
    "info",
    "information",
]);

/// Whether a word carries content (not a function word or a service formula).
pub fn is_content_word(w: &str) -> bool {
    w.len() >= 3 && !STOP.contains(w) && !w.bytes().all(|b| b.is_ascii_digit())
        || w.bytes().any(|b| b.is_ascii_digit()) && w.len() >= 2
}

/// A crude stem, enough to match "charged"/"charge"/"charges".
pub fn stem(w: &str) -> &str {
    let w = w.trim_end_matches("'s");
    for suf in ["ing", "ed", "es", "s", "ly"] {
        if w.len() > suf.len() + 3 && w.ends_with(suf) {
            return w[..w.len() - suf.len()].trim_end_matches('e');
        }
    }
    w.trim_end_matches('e')
}

/// The keys a reply's word and a customer's word must share to say the same thing: the stem of
/// each content part ("6-week" is "6" and "week"), with an irregular verb in its base form
/// ("paid" is "pay"), a number word as digits ("ten" is "10") and a day name in full ("Tue" is
/// "tuesday"). A reference or phone number ("3390-2281") stays whole.
pub fn restatement_keys<'w>(w: &'w str, mut f: impl FnMut(&'w str)) {
    let has_letters = w.bytes().any(|b| b.is_ascii_alphabetic());
    for part in w.split(|c| has_letters && matches!(c, '-' | '/')) {
        let part = part.trim_end_matches("'s");
        // Whether the word says something is read from how it is written: "took" does,
        // "take" is an everyday verb (so "got" and "told" never get this far).
        if !is_content_word(part) {
            continue;
        }
        let base = match part {
            "paid" => "pay",
            "sent" => "send",
            "left" => "leave",
            "gotten" => "get",
            "bought" => "buy",
            "lost" => "lose",
            "came" => "come",
            "went" | "gone" => "go",
            "took" | "taken" => "take",
            "made" => "make",
            "gave" | "given" => "give",
            "found" => "find",
            "kept" => "keep",
            "held" => "hold",
            "broke" | "broken" => "break",
            "wrote" | "written" => "write",
            "spent" => "spend",
            "fell" | "fallen" => "fall",
            "stole" | "stolen" => "steal",
            "flew" | "flown" => "fly",
            "drove" | "driven" => "drive",
            "sold" => "sell",
            "chose" | "chosen" => "choose",
            "forgot" | "forgotten" => "forget",
            "brought" => "bring",
            "ten" => "10",
            "twelve" => "12",
            p => crate::promises::weekday_name(p).unwrap_or(p),
        };
        f(stem(base));
    }
}

pub static BE_AUX: Words = Words::new(&[
    "was", "were", "been", "got", "gets", "get", "is", "are", "be", "being",
]);

pub static ADVERBS: Words = Words::new(&[
    "not",
    "never",
    "accidentally",
    "mistakenly",
    "incorrectly",
    "wrongly",
    "inadvertently",
    "unfortunately",
    "also",
    "then",
    "already",
    "somehow",
    "apparently",
    "erroneously",
    "partly",
    "partially",
    "just",
]);

/// Past participles (regular -ed and the irregular ones that report a mishap).
pub fn is_participle(w: &str) -> bool {
    (w.len() > 4
        && w.ends_with("ed")
        && !matches!(w, "need" | "indeed" | "speed" | "feed" | "seed" | "bleed"))
        || IRREGULAR_PARTICIPLES.contains(w)
}

static IRREGULAR_PARTICIPLES: Words = Words::new(&[
    "sent",
    "made",
    "given",
    "taken",
    "lost",
    "told",
    "done",
    "put",
    "left",
    "mislaid",
    "built",
    "sold",
    "set",
    "shut",
    "cut",
    "held",
    "kept",
    "brought",
    "bought",
    "written",
    "overcharged",
    "undercharged",
    "mistaken",
    "forgotten",
    "broken",
    "shown",
    "known",
    "misread",
    "overlooked",
    "thrown",
    "hit",
    "paid",
]);

/// Nouns that, as the subject of a passive, name a fault on our side.
pub static FAULT_NOUNS: Words = Words::new(&[
    "deposit",
    "deposits",
    "balance",
    "mistake",
    "mistakes",
    "error",
    "errors",
    "item",
    "items",
    "order",
    "orders",
    "package",
    "parcel",
    "charge",
    "charges",
    "bill",
    "billing",
    "payment",
    "payments",
    "refund",
    "amount",
    "fee",
    "fees",
    "colour",
    "color",
    "size",
    "sample",
    "valve",
    "panel",
    "part",
    "parts",
    "box",
    "delivery",
    "shipment",
    "appointment",
    "booking",
    "reservation",
    "request",
    "form",
    "application",
    "claim",
    "file",
    "documents",
    "estimate",
    "invoice",
    "product",
    "meal",
    "food",
    "room",
    "ticket",
    "account",
    "card",
    "data",
    "records",
    "details",
    "information",
    "address",
    "call",
    "message",
    "email",
    "letter",
    "statement",
    "subscription",
    "cancellation",
    "replacement",
    "device",
    "equipment",
    "installation",
    "repair",
    "work",
    "service",
    "substitution",
    "substitutions",
]);

/// A noun whose shape names a fault: "overcharge", "overdeduction", "misallocation",
/// "misdelivery", "double-charge".
pub fn is_fault_shaped(w: &str) -> bool {
    [
        "overcharg",
        "overdeduct",
        "overbill",
        "double-charg",
        "double-bill",
    ]
    .iter()
    .any(|p| w.starts_with(p))
        || (w.len() >= 8
            && w.starts_with("mis")
            && ["tion", "tions", "ment", "ery", "eries"]
                .iter()
                .any(|e| w.ends_with(e)))
}

/// Participles of harm done to a thing: told as an event in the passive with no actor ("the
/// roof was damaged during the clean"), they hide who did it.
pub static HARM_PARTICIPLES: Words = Words::new(&[
    "damaged",
    "broken",
    "scratched",
    "cracked",
    "dented",
    "chipped",
    "smashed",
    "shattered",
    "stained",
    "torn",
    "ripped",
    "crushed",
    "scuffed",
    "bent",
    "ruined",
    "spilled",
    "spilt",
    "mislaid",
    "misplaced",
]);

/// Participles that report a mishap whatever the subject.
pub static FAULT_PARTICIPLES: Words = Words::new(&[
    "made",
    "sent",
    "lost",
    "misplaced",
    "missed",
    "mislabeled",
    "mislabelled",
    "overlooked",
    "charged",
    "overcharged",
    "double-charged",
    "billed",
    "picked",
    "damaged",
    "delayed",
    "cancelled",
    "canceled",
    "mishandled",
    "misrouted",
    "processed",
    "entered",
    "applied",
    "left",
    "shipped",
    "deleted",
    "dropped",
    "forgotten",
    "omitted",
    "broken",
    "neglected",
    "skipped",
    "ignored",
    "mixed",
    "switched",
    "swapped",
    "released",
    "reattached",
    "updated",
    "recorded",
    "logged",
    "closed",
    "declined",
    "rejected",
]);

/// Adjectives that mark the subject as a fault ("the wrong item", "an incorrect amount").
pub static WRONG_WORDS: Words = Words::new(&[
    "wrong",
    "incorrect",
    "mistake",
    "mistakes",
    "error",
    "errors",
    "faulty",
    "inaccurate",
    "duplicate",
]);

/// Acronyms every customer knows.
pub static EVERYDAY_ACRONYMS: Words = Words::new(&[
    "ok", "okay", "usa", "us", "uk", "eu", "tv", "pm", "am", "id", "pin", "atm", "faq", "faqs",
    "m-f", "wwi", "wwii", "dm", "dms", "url", "pdf", "gps", "sms", "app", "usb", "wifi", "wi-fi",
    "vip", "asap", "ceo", "diy", "hd", "ps", "pc", "mr", "mrs", "ms", "dr", "st", "ave", "rd",
    "nyc", "la", "hr", "it", "i", "a", "tv", "dvd", "cd", "ps4", "ps5", "xbox", "ios", "mac",
    "iphone", "ipad", "nfl", "nba", "ufc", "bbq", "lol", "omg", "fyi", "btw", "thx", "ty", "pls",
    "plz", "np", "eta", "utc", "est", "pst", "cst", "gmt", "ny", "ca", "tx", "fl", "qr", "vat",
    "gst", "irs", "ssn", "dob", "covid", "covid-19", "ok.", "ad", "ads", "co", "inc", "ltd", "llc",
    "no", "tba", "tbd", "aka", "rsvp", "cv", "mba", "phd", "md", "rn", "er", "icu", "uv", "ac",
    "dc", "nhs", "cc", "hq", "hp", "zip", "os", "gpu", "cpu", "ram", "ssd", "hdd", "lcd", "led",
    "tv", "pdf", "jpg", "png", "mp3", "mp4", "sat", "act", "gre", "ged", "dmv", "vin", "apr",
    "pto", "ooo", "ps", "xl", "xs", "xxl", "ny", "sf", "dc", "fedex", "ups", "dhl", "usps", "sim",
    "esim", "pin", "cvv", "wifi", "nb", "nz", "au", "csv", "gif", "txt", "suv", "bmw", "vw", "mpg",
    "mot", "rv", "bbc", "nasa", "fbi", "cfo", "gp",
]);

/// Technical terms a customer should not have to know.
pub static TECH_TERMS: Words = Words::new(&[
    "backend",
    "back-end",
    "frontend",
    "sync",
    "synced",
    "resync",
    "provisioned",
    "provisioning",
    "webhook",
    "webhooks",
    "tokenization",
    "api",
    "apis",
    "dns",
    "propagation",
    "failover",
    "k8s",
    "kubernetes",
    "postgres",
    "rca",
    "sla",
    "slas",
    "sku",
    "skus",
    "rma",
    "t2",
    "t1",
    "tier-2",
    "tier-1",
    "payg",
    "bolt-on",
    "ont",
    "cpe",
    "cdr",
    "cdrs",
    "ott",
    "eip",
    "imei",
    "eula",
    "pii",
    "olt",
    "headend",
    "deprioritized",
    "deprioritization",
    "pro-rata",
    "mrc",
    "etf",
    "database",
    "config",
    "configuration",
    "deployment",
    "deployed",
    "rollback",
    "hotfix",
    "workflow",
    "sop",
    "kyc",
    "aml",
    "ach",
    "nsf",
    "escrow",
    "adjudicated",
    "adjudication",
    "underwriting",
    "subrogation",
    "eob",
    "cpt",
    "icd",
    "nem",
    "accrued",
    "trued-up",
    "true-up",
    "reconciliation",
    "remittance",
    "chargeback",
    "disbursement",
    "disbursements",
    "deferment",
    "sub-pixel",
    "tolerances",
    "firmware",
    "latency",
    "bandwidth",
    "throughput",
    "packet",
    "packets",
    "router",
    "modem",
    "ssl",
    "oauth",
    "sso",
    "2fa",
    "mfa",
    "mx",
    "ip",
    "vpn",
    "isp",
    "vpc",
    "ec2",
    "ebs",
    "s3",
    "us-east-1",
]);

/// Sentence openers that make a sentence something other than an explanation.
pub static NOT_EXPLANATION_OPENERS: Words = Words::new(&[
    "please", "thanks", "thank", "sorry", "hi", "hello", "hey", "dear", "if", "let", "could",
    "can", "would", "will", "feel", "we'll", "i'll", "we'd", "i'd", "you'll", "you", "you're",
    "you've", "hope", "glad",
]);

pub static REQUEST_WORDS: Words =
    Words::new(&["please", "pls", "dm", "kindly", "we'll", "i'll", "you'll"]);

pub const REQUEST_BIGRAMS: &[(&str, &str)] = &[
    ("let", "us"),
    ("let", "me"),
    ("we", "will"),
    ("i", "will"),
    ("we", "can"),
    ("i", "can"),
    ("you", "can"),
    ("feel", "free"),
    ("if", "you"),
    ("we'd", "love"),
    ("we'd", "like"),
];

pub static AUX_BEFORE_PARTICIPLE: Words = Words::new(&[
    "have", "has", "had", "'ve", "i've", "we've", "you've", "they've", "been", "be", "to", "will",
    "would", "can", "could", "should", "may", "might", "must", "being", "get", "gets", "got", "is",
    "are", "was", "were", "not", "never", "just", "already", "you", "i", "i'd", "we'd",
]);

/// Simple past forms (regular -ed and the common irregular ones).
pub fn is_simple_past(w: &str) -> bool {
    (w.len() > 4
        && w.ends_with("ed")
        && !matches!(
            w,
            "need"
                | "indeed"
                | "speed"
                | "feed"
                | "seed"
                | "bleed"
                | "based"
                | "related"
                | "interested"
                | "excited"
                | "worried"
                | "tired"
                | "concerned"
                | "pleased"
                | "sorted"
                | "detailed"
                | "limited"
                | "advanced"
                | "required"
                | "needed"
        ))
        || IRREGULAR_PAST.contains(w)
}

static IRREGULAR_PAST: Words = Words::new(&[
    "went",
    "sent",
    "ran",
    "cut",
    "hit",
    "took",
    "made",
    "gave",
    "got",
    "left",
    "came",
    "fell",
    "broke",
    "lost",
    "told",
    "said",
    "found",
    "kept",
    "held",
    "shut",
    "put",
    "began",
    "brought",
    "caught",
    "drove",
    "flew",
    "knew",
    "saw",
    "thought",
    "wrote",
    "forgot",
    "paid",
    "sold",
    "built",
    "spent",
    "stood",
    "struck",
    "froze",
    "shook",
    "tore",
    "wore",
    "overslept",
    "misread",
    "rang",
    "sank",
    "split",
    "spread",
    "stuck",
    "swept",
    "threw",
    "undid",
    "withdrew",
    "didn't",
    "wasn't",
    "weren't",
    "couldn't",
    "hadn't",
    "did",
]);

/// Words after "is/are/was/were" that state how things stand.
pub static STATE_WORDS: Words = Words::new(&[
    "only",
    "not",
    "no",
    "limited",
    "closed",
    "down",
    "off",
    "full",
    "unavailable",
    "valid",
    "invalid",
    "correct",
    "due",
    "based",
    "charged",
    "applied",
    "set",
    "billed",
    "matched",
    "linked",
    "registered",
    "held",
    "priced",
    "reviewed",
    "covered",
    "excluded",
    "deleted",
    "cleared",
    "stuck",
    "delayed",
    "out",
    "currently",
    "still",
    "already",
    "affected",
    "caused",
    "handled",
    "administered",
    "managed",
    "committed",
    "booked",
    "sold",
    "scheduled",
    "expected",
    "subject",
    "tied",
    "attached",
    "assigned",
    "restricted",
    "non-refundable",
    "nonrefundable",
    "final",
    "seasonal",
    "temporary",
    "experiencing",
    "running",
    "waiting",
    "short",
    "busy",
    "backed",
    "behind",
    "one",
    "part",
    "usually",
    "always",
    "often",
    "never",
]);

/// Verbs that say how a service runs, in the present: "our drivers deliver until 8",
/// "the fee covers…", "unused credit expires after a year".
static HOW_IT_WORKS_VERBS: Words = Words::new(&[
    "deliver", "ship", "arrive", "operate", "open", "close", "charge", "cost", "apply", "expire",
    "cover", "include", "require", "depend", "vary", "process", "release", "renew", "reset",
    "sync", "refresh", "restrict", "continue", "start", "end", "finish", "accept", "last", "occur",
    "collect", "depart", "bill", "deduct", "clear", "settle", "reopen", "resume", "run", "count",
    "qualify", "exclude", "reflect", "lapse", "fill", "book", "sell", "allow", "limit", "update",
    "post",
]);

/// The present-tense form of a verb that says how a service runs: `Some(false)` for the base
/// form ("deliver"), `Some(true)` for the third person ("delivers", "applies", "finishes").
pub fn how_it_works_verb(w: &str) -> Option<bool> {
    if HOW_IT_WORKS_VERBS.contains(w) {
        return Some(false);
    }
    let stem = w.strip_suffix('s')?;
    let third = HOW_IT_WORKS_VERBS.contains(stem)
        // "applies": the list's few -y verbs, compared without building "apply".
        || stem.strip_suffix("ie").is_some_and(|b| {
            HOW_IT_WORKS_VERBS
                .iter()
                .any(|v| v.strip_suffix('y') == Some(b))
        })
        || stem
            .strip_suffix('e')
            .is_some_and(|b| b.ends_with(['s', 'h', 'x']) && HOW_IT_WORKS_VERBS.contains(b));
    third.then_some(true)
}

/// Words between a subject and its present-tense verb: "our carriers can deliver", "prices
/// usually change".
pub static HABIT_MARKERS: Words = Words::new(&[
    "can",
    "may",
    "only",
    "usually",
    "normally",
    "always",
    "typically",
    "generally",
    "often",
    "sometimes",
    "don't",
    "doesn't",
    "cannot",
    "can't",
    "also",
    "still",
    "automatically",
    "do",
    "does",
    "never",
]);

/// Subjects that mark a sentence as telling what happened (our system, the carrier, it, they…).
pub static EXPLANATION_SUBJECTS: Words = Words::new(&[
    "our",
    "the",
    "they",
    "it",
    "this",
    "that",
    "these",
    "those",
    "there",
    "he",
    "she",
    "its",
    "their",
    "his",
    "her",
    "power",
    "weather",
    "prices",
    "fares",
    "fees",
    "rates",
    "tickets",
    "orders",
    "deliveries",
    "plans",
    "reviews",
    "bans",
    "cancellations",
    "refunds",
    "charges",
    "downloads",
    "carpets",
    "devices",
    "members",
    "road",
    "storms",
    "snow",
    "system",
    "which",
]);

/// Words that open a question asking the customer for information.
pub static QUESTION_OPENERS: Words = Words::new(&[
    "what", "which", "when", "where", "how", "who", "whose", "did", "does", "do", "have", "has",
    "is", "are", "were", "was", "can", "could", "would", "may",
]);

/// Word endings of system and bureaucratic vocabulary ("provisioned", "tokenization").
pub static TECH_SUFFIXES: Words = Words::new(&[
    "ization", "isation", "ized", "ised", "ioned", "ication", "ential", "ometry", "ware", "ivity",
]);

/// Words of the support formulas themselves ("sorry for the trouble, please DM us your details
/// so we can look into this"): they say nothing about a particular case.
pub static SUPPORT_FORMULA_WORDS: Words = Words::new(&[
    "trouble",
    "troubles",
    "experience",
    "experiences",
    "assist",
    "assistance",
    "details",
    "detail",
    "address",
    "phone",
    "number",
    "issues",
    "note",
    "follow",
    "info",
    "question",
    "questions",
    "further",
    "happy",
    "glad",
    "love",
    "sorry",
    "apologies",
    "apologize",
    "apologise",
    "frustration",
    "frustrations",
    "inconvenience",
    "concern",
    "concerns",
    "feedback",
    "message",
    "messages",
    "direct",
    "private",
    "shoot",
    "send",
    "provide",
    "share",
    "full",
    "name",
    "names",
    "email",
    "address",
    "reach",
    "reaching",
    "contact",
    "contacting",
    "team",
    "teams",
    "help",
    "helping",
    "able",
    "hear",
    "hearing",
    "read",
    "sincere",
    "sincerely",
    "truly",
    "definitely",
    "certainly",
    "absolutely",
    "anything",
    "something",
    "everything",
    "future",
    "always",
    "anytime",
    "free",
    "feel",
    "better",
    "best",
    "great",
    "good",
    "things",
    "thing",
    "further",
    "check",
    "checking",
    "take",
    "taking",
    "closer",
    "look",
    "looking",
    "into",
    "matter",
    "situation",
    "assisting",
    "arrived",
    "here",
    "there",
    "note",
    "notes",
    "via",
    "link",
    "links",
    "page",
    "site",
    "website",
    "support",
    "chat",
    "call",
    "tweet",
    "tweets",
    "twitter",
    "social",
    "media",
    "channel",
    "channels",
    "secure",
    "securely",
    "verify",
    "account",
    "accounts",
    "information",
    "more",
    "additional",
    "specific",
    "specifics",
    "right",
    "away",
    "soon",
    "asap",
    "possible",
    "quickly",
    "connect",
    "connected",
    "touch",
    "reply",
    "replies",
    "response",
    "respond",
    "poor",
    "ongoing",
    "regarding",
    "concerning",
    "about",
    "hope",
    "hoping",
    "appreciate",
    "patience",
    "understanding",
    "understand",
    "sure",
    "make",
    "ensure",
    "need",
    "needs",
    "needed",
    "assisted",
    "happened",
    "happening",
    "wrong",
    "okay",
    "welcome",
    "sad",
    "hate",
    "never",
    "like",
    "want",
    "wanted",
]);

/// Stock apology formulas that, with nothing specific around them, make a reply boilerplate.
pub static STOCK_APOLOGIES: Phrases = Phrases::new(&[
    "for the trouble",
    "for any trouble",
    "about the trouble",
    "for this trouble",
    "for the issue",
    "for the issues",
    "for any issues",
    "any issues",
    "for the problem",
    "for any problems",
    "for the frustration",
    "for any frustration",
    "for the inconvenience",
    "for any inconvenience",
    "about this experience",
    "for the experience",
    "for your experience",
    "for this experience",
    "poor experience",
    "for the hassle",
    "for any hassle",
    "sorry about that",
    "sorry about this",
    "sorry for that",
    "sorry for this",
    "having trouble",
    "having an issue",
    "having issues",
    "the service issues",
    "sorry for the delay",
    "sorry for the wait",
]);

/// Markers of a refusal or of something unavailable.
pub static REFUSALS: Phrases = Phrases::new(&[
    "outage",
    "affected",
    "is down",
    "was down",
    "cant",
    "wont",
    "had to close",
    "had to cancel",
    "had to drain",
    "closure",
    "can't",
    "won't be",
    "cannot",
    "can not",
    "unable to",
    "not able to",
    "isn't possible",
    "is not possible",
    "not possible",
    "won't be able",
    "no longer",
    "non-refundable",
    "nonrefundable",
    "isn't available",
    "is not available",
    "aren't available",
    "not available",
    "unavailable",
    "sold out",
    "out of stock",
    "cancelled",
    "canceled",
    "postponed",
    "don't ship",
    "do not ship",
    "don't offer",
    "do not offer",
    "isn't eligible",
    "not eligible",
    "only allow",
    "can only",
    "isn't covered",
    "not covered",
    "couldn't make it",
    "discontinued",
    "booked up",
    "fully booked",
    "not refundable",
    "without a receipt",
    "don't have",
    "do not have",
    "was closed",
    "is closed",
    "are closed",
    "delayed",
    "won't arrive",
    "won't make it",
    "not in stock",
]);

/// Markers of an offer of something else.
pub static OFFERS: Phrases = Phrases::new(&[
    "what we can offer",
    "here's what",
    "two things that might",
    "you will be able to",
    "you'll be able to",
    "or if you",
    "what i can do",
    "what we can do",
    "we can offer",
    "i can offer",
    "alternatively",
    "instead,",
    "instead.",
    "instead we",
    "instead i",
    "instead you",
    "as an alternative",
    "another option",
    "other option",
    "is welcome to",
    "are welcome to",
    "you're welcome to",
    "you are welcome to",
    "welcome to use",
    "still has",
    "still have",
    "how about",
    "would you prefer",
    "would you like",
    "i can put",
    "we can put",
    "i can move",
    "we can move",
    "i can switch",
    "we can switch",
    "i can book",
    "we can book",
    "i can convert",
    "we can convert",
    "i can add you",
    "we can add you",
    "a couple of ideas",
    "two things i can do",
    "you can still",
    "or we can",
    "or i can",
    "or you can",
    "if you'd prefer",
    "if you'd rather",
    "we could",
    "i could",
    "you could",
    "we can come",
    "i can send",
    "we can send",
    "i can get you",
    "we can get you",
    "we can seat",
    "we can hold",
    "i can hold",
    "we can deliver",
    "you can, however",
    "you can however",
    "we can also",
    "i can also",
    "you can also",
    "is available",
    "are available",
    "happy to offer",
    "we can still",
    "i can still",
]);

/// Markers of a request for information (not an alternative).
pub static INFO_REQUESTS: Phrases = Phrases::new(&[
    "dm us",
    "send us",
    "reply with",
    "reply here with",
    "post your",
    "share your",
    "provide your",
    "contact us",
    "call us",
    "email us",
    "message us",
    "let us know",
]);

/// Verbs that open an instruction to the customer.
pub static IMPERATIVE_VERBS: Words = Words::new(&[
    "reply",
    "call",
    "visit",
    "check",
    "post",
    "send",
    "email",
    "text",
    "click",
    "tap",
    "go",
    "head",
    "open",
    "select",
    "choose",
    "request",
    "return",
    "resell",
    "switch",
    "move",
    "pause",
    "keep",
    "submit",
    "book",
    "schedule",
    "cancel",
    "contact",
    "bring",
    "try",
    "use",
    "log",
    "sign",
    "restart",
    "reinstall",
    "update",
    "reset",
    "follow",
    "review",
    "print",
    "fill",
    "complete",
    "upload",
    "attach",
    "forward",
    "download",
    "install",
    "connect",
    "ring",
    "dm",
    "message",
    "pop",
    "swing",
    "turn",
    "enable",
    "disable",
    "clear",
    "delete",
    "remove",
    "add",
    "ask",
    "show",
    "present",
    "present",
    "drop",
    "stop",
    "hold",
    "unplug",
    "plug",
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn familiar_words_are_everyday_ones_respelt_derived_or_joined() {
        for w in [
            "recognised",
            "itemised",
            "standardisation",
            "well-organised",
        ] {
            assert!(
                !is_common_word(w),
                "{w} is listed itself; pick another example"
            );
            assert!(is_familiar_word(w), "{w}");
        }
        for w in ["provisioned", "tokenised", "well-tokenised"] {
            assert!(!is_familiar_word(w), "{w}");
        }
    }

    #[test]
    fn word_lists_agree_with_a_plain_search() {
        let lists: [&Words; 9] = [
            &HARM_PARTICIPLES,
            &TECH_TERMS,
            &GREETINGS,
            &NOT_NAMES,
            &EVERYDAY_ACRONYMS,
            &IMPERATIVE_VERBS,
            &STATE_WORDS,
            &STOP,
            &FAULT_NOUNS,
        ];
        let others = EVERYDAY
            .lines()
            .chain(FIRST_NAMES.lines())
            .chain(["", "x", "backends", "apii", "k9s"]);
        let others: Vec<&str> = others.collect();
        for list in lists {
            for w in list.iter() {
                assert!(list.contains(w), "{w}");
            }
            for w in &others {
                assert_eq!(list.contains(w), list.list.contains(w), "{w}");
            }
        }
        // Short lists turn words away by their outer letters; long ones skip the bitmap.
        TECH_TERMS.contains("api");
        assert!(TECH_TERMS.set.get().is_some_and(|s| s.filter.is_some()));
    }
}
