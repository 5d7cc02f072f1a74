//! Features of a customer's message for the triage models: hashed words, word pairs and
//! character n-grams, VADER scores, punctuation and capitals, and cue families (repeat contact, a breached
//! expectation, waiting, a threat to leave, …) found by patterns. Cue hits keep their byte
//! spans so every judgement can show the words that drove it.

use super::vader::{py_isupper, vader, Polarity};
use crate::text::ascii_boundaries;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// Bits of the hashed feature space.
pub const HASH_BITS: u32 = 16;
/// Size of the hashed feature space.
pub const HASH_DIM: usize = 1 << HASH_BITS;

/// A family of cue words: the words customers use for one kind of signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// "again", "still", "3rd time", "for weeks": the problem or the contact repeats.
    Repeat,
    /// "again", "3rd time", "already called": the customer has had to get in touch before.
    Again,
    /// "supposed to", "never received", "hasn't arrived": what was promised did not happen.
    Breach,
    /// "waiting", "no reply", "on hold": the customer waits on us.
    Waiting,
    /// "broken", "doesn't work", "error": something fails.
    Failure,
    /// "charged", "refund", "$40": money is involved.
    Money,
    /// "cancel my account", "switching to", "never again": a threat to leave.
    Leave,
    /// "review", "tell everyone", "the press": a threat to go public.
    Public,
    /// "lawyer", "sue", "ombudsman": a legal threat.
    Legal,
    /// "fire", "injured", "unsafe": a risk to someone's safety.
    Safety,
    /// "elderly", "disabled", "my medication": a vulnerable customer.
    Vulnerable,
    /// "today", "by Friday", "urgent": a deadline.
    Deadline,
    /// "thank you", "appreciate": thanks.
    Thanks,
    /// "how do I", "can you": a question.
    Question,
    /// "rude", "hung up on me": how staff behaved.
    Conduct,
    /// "my fault", "I forgot", "I didn't realise": the customer admits a slip.
    OwnSlip,
    /// "policy", "not allowed", "refused": a rule or a refusal.
    Refusal,
    /// "courier", "the post office", "storm": a third party or circumstance.
    Outside,
    /// "worst", "ridiculous", "unacceptable", "disgusting": strong judgement.
    Judgement,
    /// "parcel", "tracking", "dispatched": shipping and delivery.
    Shipping,
    /// "log in", "password", "locked out", "hacked": getting into an account.
    Access,
}

impl Cue {
    pub const ALL: &'static [Cue] = &[
        Cue::Repeat,
        Cue::Again,
        Cue::Breach,
        Cue::Waiting,
        Cue::Failure,
        Cue::Money,
        Cue::Leave,
        Cue::Public,
        Cue::Legal,
        Cue::Safety,
        Cue::Vulnerable,
        Cue::Deadline,
        Cue::Thanks,
        Cue::Question,
        Cue::Conduct,
        Cue::OwnSlip,
        Cue::Refusal,
        Cue::Outside,
        Cue::Judgement,
        Cue::Shipping,
        Cue::Access,
    ];

    fn pattern(self) -> &'static str {
        const DAYS: &str = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)";
        match self {
            Cue::Repeat => {
                r"\b(?:again|still|yet again|once more|another|keeps?|kept|repeatedly|every time|each time|multiple times|several times|so many times|(?:\d+|first|second|third|fourth|fifth|1st|2nd|3rd|\d+th|n+th) time|(?:two|three|four|five|\d+) times|(?:for|over|in) (?:\d+|two|three|four|five|six|several|many|a few)? ?(?:days|weeks|months|hours)|since (?:last|yesterday|\w+day)|already (?:called|contacted|emailed|messaged|tweeted|asked|sent|told|spoken|been)|called (?:\w+ )?(?:twice|again|back)|twice)\b"
            }
            Cue::Again => {
                r"\b(?:again|yet again|once more|(?:\d+|second|third|fourth|fifth|2nd|3rd|\d+th|n+th) time|(?:two|three|four|five|several|multiple|many|\d+) times|already (?:called|contacted|emailed|messaged|tweeted|asked|sent|told|spoken|reported|complained|raised)|called (?:\w+ )?(?:twice|back)|twice|keep (?:calling|asking|chasing|emailing|messaging|contacting|getting told)|still (?:waiting|no (?:reply|response|answer))|no (?:one|body) (?:has )?(?:called|got|gotten|replied|responded) back)\b"
            }
            Cue::Breach => {
                r"\b(?:supposed to|meant to|was (?:told|promised)|were (?:told|promised)|promised|guaranteed|expected|should(?: have|'ve| of)|still (?:not|no|hasn't|haven't|hasnt|havent|waiting|isn't|doesn't|don't|can't|cannot)|never (?:received|arrived|got|came|showed|delivered|heard|answered|responded|called)|(?:has|have|had)n'?t (?:arrived|received|come|been|got|heard|shipped|delivered|worked|fixed|refunded)|not (?:yet )?(?:arrived|received|delivered|shipped|refunded|fixed|working|showing|loading)|didn'?t (?:arrive|receive|get|come|work|show|deliver)|(?:is|are|was|were)n'?t (?:delivered|working|received|fixed)|wrong (?:item|order|size|colou?r|product|address|amount)|missing|late|delayed|overdue|no show|failed to)\b"
            }
            Cue::Waiting => {
                r"\b(?:waiting|waited|wait(?:ing)? for|on hold|no (?:reply|response|answer|update|one|word|help|call ?back)|nobody|no-one|ignored|ignoring|haven'?t heard|not heard|still nothing|hours?|days|weeks)\b"
            }
            Cue::Failure => {
                r"\b(?:broken|broke|doesn'?t work|does not work|won'?t (?:work|load|let|open|connect|start|turn)|not working|stopped working|isn'?t working|can'?t (?:log|sign|access|connect|get|use|login|load|open|find|see)|cannot (?:log|sign|access|connect|get|use|login|load)|unable to|error|errors|crash(?:es|ed|ing)?|fails?|failed|failing|down|outage|glitch|bug|faulty|defective|damaged|cracked|freez(?:es|ing)|frozen|dead)\b"
            }
            Cue::Money => {
                r"(?:[$£€]\s?\d|\b\d+(?:\.\d\d)? ?(?:dollars|pounds|euros|usd|gbp|eur)\b|\b(?:charged|charge|charges|overcharged|refund|refunded|billed|bill|billing|invoice|payment|paid|pay|fee|fees|money|price|cost|subscription|debited|deducted)\b)"
            }
            Cue::Leave => {
                r"\b(?:cancel(?:l?ing|l?ed)? (?:my|the|our) (?:account|order|subscription|contract|service|membership)|(?:switch|switching|moving|move|going) (?:over )?to (?:a |another )?(?:competitor|different (?:provider|company|bank|carrier|network)|another (?:provider|company|bank|carrier|network))|take my business|lost (?:a|my|another) customer|never (?:again|use|using|buy|buying|order|ordering|shop|shopping|fly|flying) (?:with |from )?(?:you|your|this|again)|last time i (?:use|buy|order|fly|shop)|done with (?:you|this company)|leave (?:you|this company)|leaving (?:you|this company)|find (?:a|another) (?:provider|company|bank|carrier)|(?:or|otherwise|else) (?:i'?m|i am|i'?ll|i will|we'?re|we'?ll|we will) (?:leaving|leave|cancell?ing|cancel|switching|switch|going elsewhere|taking my business)|going elsewhere|clos(?:e|ing) my account)\b"
            }
            Cue::Public => {
                r"\b(?:(?:bad |1 |one |negative )?reviews?|trustpilot|yelp|tell (?:everyone|all my|my friends)|social media|the (?:press|media|news)|go public|going public|bbb|better business bureau|trading standards|watchdog|viral)\b"
            }
            Cue::Legal => {
                r"\b(?:lawyers?|attorneys?|solicitors?|sue|suing|lawsuit|legal action|court|small claims|ombudsman|chargeback|dispute the charge|report (?:you|this) to|fcc|ftc|cfpb|consumer protection)\b"
            }
            Cue::Safety => {
                r"\b(?:fire|smoke|smoking|burn(?:t|ed|ing|s)?|sparks?|shock(?:ed)?|explod\w*|injur\w*|hurt|bleeding|hospital|danger\w*|unsafe|hazard\w*|gas leak|leaking gas|choking|allergic|poison\w*|food poisoning)\b"
            }
            Cue::Vulnerable => {
                r"\b(?:elderly|disabled|disability|wheelchair|pregnant|newborn|my baby|infant|chemo\w*|cancer|dialysis|medication|medicine|insulin|oxygen|carer|in hospital|terminal(?:ly)? ill|vulnerable|bereave\w*|funeral|passed away|died)\b"
            }
            Cue::Deadline => {
                static P: OnceLock<String> = OnceLock::new();
                P.get_or_init(|| {
                    format!(r"\b(?:today|tonight|tomorrow|asap|urgent(?:ly)?|immediately|right now|deadline|by (?:the )?(?:end of|{DAYS}|tomorrow|tonight|noon|\d)|before (?:{DAYS}|tomorrow|my|the)|(?:flight|wedding|trip|exam|interview|surgery|appointment|birthday) (?:is )?(?:today|tomorrow|on|in)|emergency)\b")
                })
            }
            Cue::Thanks => r"\b(?:thanks?|thank you|thx|ty|appreciated?|grateful|cheers)\b",
            Cue::Question => {
                r"(?:\?|^(?:@\S+\s+)*(?:how|what|when|where|why|which|who|can|could|would|will|is|are|do|does|did|any|should)\b)"
            }
            Cue::Conduct => {
                r"\b(?:rude|rudely|unprofessional|hung up|hang up|attitude|disrespect\w*|yelled|shouted|laughed at|condescending|unhelpful|incompetent|agent|staff|employee|rep|representative|manager|driver|cashier|customer service|support team|advisor)\b"
            }
            Cue::OwnSlip => {
                r"\b(?:my (?:fault|mistake|bad)|i forgot|i didn'?t (?:realise|realize|know|read|see|notice)|i (?:accidentally|mistakenly)|by mistake|i typed|i entered|i ordered the wrong|i thought (?:it|i|the)|i must have)\b"
            }
            Cue::Refusal => {
                r"\b(?:policy|policies|not allowed|won'?t (?:let|allow|refund|accept|replace)|refus\w+|denied|deny|declined|rejected|(?:terms|rules) (?:and|&)|can'?t (?:refund|return|exchange|change)|non-?refundable|outside (?:the )?(?:window|warranty|return)|expired|ban(?:ned)?|suspend\w*|terminated|restrict\w*)\b"
            }
            Cue::Outside => {
                r"\b(?:courier|carrier|post office|postman|royal mail|usps|ups|fedex|dhl|hermes|evri|weather|storm|snow|strike|airport|third[- ]party|supplier|manufacturer|bank|apple|google|isp|government)\b"
            }
            Cue::Shipping => {
                r"\b(?:parcels?|packages?|deliver(?:y|ies|ed)|shipping|shipped|shipment|dispatch(?:ed)?|tracking|courier|postage|arriv(?:e|ed|al)|out for delivery|collection|click and collect|returns? label)\b"
            }
            Cue::Access => {
                r"\b(?:log ?in|logging in|logged (?:in|out)|sign ?in|signing in|password|passcode|locked out|lock(?:ed)? (?:my )?account|hack(?:ed|er)|verification|verify|2fa|two[- ]factor|authenticat\w*|security code|account (?:suspended|disabled|locked|closed|deleted|banned)|username|reset (?:my )?(?:password|account))\b"
            }
            Cue::Judgement => {
                r"\b(?:worst|terrible|horrible|awful|appalling|disgusting|disgraceful|pathetic|ridiculous|unacceptable|joke|useless|shocking|shameful|outrageous|scam|rip ?off|fed up|sick of|tired of|shambles|incompetent|wtf|ffs|seriously|unbelievable)\b"
            }
        }
    }
}

/// One cue found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CueHit {
    pub cue: Cue,
    /// Byte span in the text.
    pub start: usize,
    pub end: usize,
}

struct CueMatcher {
    /// One pass over the text says which families occur at all.
    set: Option<regex::RegexSet>,
    each: Vec<(Cue, Regex)>,
}

fn cue_matcher() -> &'static CueMatcher {
    static R: OnceLock<CueMatcher> = OnceLock::new();
    R.get_or_init(|| {
        let patterns: Vec<(Cue, String)> = Cue::ALL
            .iter()
            .map(|&c| (c, ascii_boundaries(&format!("(?i){}", c.pattern()))))
            .collect();
        // The patterns are constants, checked by a test; a bad one is left out rather than
        // taking the engine down.
        let each: Vec<(Cue, Regex)> = patterns
            .iter()
            .filter_map(|(c, p)| Regex::new(p).ok().map(|r| (*c, r)))
            .collect();
        let set = regex::RegexSet::new(each.iter().map(|(_, r)| r.as_str())).ok();
        CueMatcher { set, each }
    })
}

#[cfg(test)]
fn cue_regexes() -> &'static [(Cue, Regex)] {
    &cue_matcher().each
}

/// Every cue in `text`, in order of position.
pub fn cues(text: &str) -> Vec<CueHit> {
    let mut hits = Vec::new();
    let m = cue_matcher();
    let found = m.set.as_ref().map(|set| set.matches(text));
    for (k, (cue, re)) in m.each.iter().enumerate() {
        if found.as_ref().is_some_and(|f| !f.matched(k)) {
            continue;
        }
        for m in re.find_iter(text) {
            hits.push(CueHit {
                cue: *cue,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    // "never … again" threatens to leave; it does not say the customer wrote before.
    hits.retain(|h| {
        h.cue != Cue::Again
            || !text[..h.start]
                .get(h.start.saturating_sub(40)..)
                .is_some_and(|before| before.to_ascii_lowercase().contains("never "))
    });
    hits.sort_by_key(|h| (h.start, h.end));
    hits
}

/// Names of the dense features, in order (the hashed words follow them).
pub const DENSE_NAMES: &[&str] = &[
    "vader_compound",
    "vader_neg",
    "vader_pos",
    "exclamations",
    "exclamation_run",
    "questions",
    "caps_words",
    "any_caps_word",
    "length",
    "has_number",
    "negations",
    "cue_repeat",
    "cue_again",
    "cue_breach",
    "cue_waiting",
    "cue_failure",
    "cue_money",
    "cue_leave",
    "cue_public",
    "cue_legal",
    "cue_safety",
    "cue_vulnerable",
    "cue_deadline",
    "cue_thanks",
    "cue_question",
    "cue_conduct",
    "cue_own_slip",
    "cue_refusal",
    "cue_outside",
    "cue_judgement",
    "cue_shipping",
    "cue_access",
    "breach_negated_service",
    "breach_still_yet",
    "breach_why_how",
    "breach_time_span",
    "breach_i_did",
    "breach_my_thing",
    "breach_your_thing",
    "breach_contrast",
    "breach_sarcasm",
    "breach_fix_request",
    "breach_no_thing",
    "breach_negation_negative",
    "breach_question_negative",
];

/// Index of the first cue feature among the dense features.
pub const CUE_OFFSET: usize = 11;

/// Index of the first structural breach feature among the dense features.
pub const BREACH_OFFSET: usize = CUE_OFFSET + 21;

/// Number of dense features.
pub const DENSE: usize = BREACH_OFFSET + BREACH_PATTERNS.len() + 2;

/// Structural signs of a breached expectation, general rather than tied to one product: a
/// service verb under negation ("hasn't arrived", "won't let me"), "still"/"yet", a "why …" or
/// "how long …" question, a span of time, the customer's own earlier action ("I ordered", "I
/// called"), the customer's thing ("my order") or the company's ("your app"), a contrast ("but"),
/// sarcastic praise, a plea to fix, and an absence ("no reply", "nobody").
const BREACH_PATTERNS: &[&str] = &[
    r"\b(?:not|never|no longer|n['\x{2019}]?t|cannot|cant|dont|doesnt|didnt|wont|isnt|wasnt|arent|hasnt|havent|hadnt|wouldnt|couldnt)\s+(?:[a-z]+\s+){0,2}?(?:arriv[a-z]*|deliver[a-z]*|work[a-z]*|respond[a-z]*|repl[a-z]*|answer[a-z]*|refund[a-z]*|ship[a-z]*|receiv[a-z]*|get|got|gotten|load[a-z]*|connect[a-z]*|show[a-z]*|fix[a-z]*|come|came|call[a-z]*|help[a-z]*|send|sent|turn[a-z]*|open[a-z]*|let|resolv[a-z]*|sort[a-z]*|honou?r[a-z]*|process[a-z]*|updat[a-z]*|activat[a-z]*|cancel[a-z]*|credit[a-z]*|return[a-z]*|accept[a-z]*|allow[a-z]*|giv[a-z]*|gave|hear[a-z]*|heard|contact[a-z]*|post[a-z]*|pick[a-z]*|charg[a-z]*|play[a-z]*|download[a-z]*|install[a-z]*|sign[a-z]*|log[a-z]*|access[a-z]*)\b",
    r"\b(?:still|yet|anymore|any more|no longer|so far|until now|to date)\b",
    r"\b(?:why|how (?:come|hard|long|difficult|many (?:more )?times|much longer|is it (?:possible|acceptable|ok|okay|fair))|what (?:is|was) the point|what happened to)\b",
    r"\b(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|couple of|couple)\s+(?:more\s+|whole\s+|full\s+)?(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)|all (?:day|night|week|morning|afternoon|evening)|since|ages|forever|days|weeks|months)\b",
    r"\b(?:i|we)(?:['\x{2019}]ve| have| had)?\s+(?:just\s+|already\s+|recently\s+|even\s+|also\s+)?(?:ordered|bought|paid|purchased|booked|called|emailed|contacted|rang|phoned|tweeted|messaged|sent|spoke|spent|tried|applied|signed up|upgraded|returned|reported|waited|asked|requested|followed|chose|renewed|switched|topped up|registered)\b",
    r"\b(?:my|our)\s+(?:[a-z]+\s+)?(?:orders?|packages?|parcels?|deliver(?:y|ies)|accounts?|phones?|cards?|bills?|flights?|bags?|luggage|suitcases?|refunds?|payments?|internet|wifi|broadband|service|items?|tv|laptop|car|bookings?|reservations?|tickets?|money|data|connection|router|box|app|subscription|claim|complaint|case|food|meal|seats?|points|plan|contract|device|printer|computer|pc|console|game|purchase|parcel|email|balance)\b",
    r"\b(?:your|ur)\s+(?:[a-z]+\s+)?(?:service|staff|app|website|site|store|shop|company|team|driver|drivers|employees?|agents?|system|product|network|support|policy|delivery|stores?|customer care|reps?|representatives?|call cent(?:er|re)|phone lines?|updates?|servers?|software)\b",
    r"\b(?:but|however|although|even though|despite|instead)\b",
    r"\b(?:thanks for nothing|thanks a lot|thanks for (?:ruining|making|wasting|the (?:lack|great))|so much for|way to go|great job|nice one|well done|love (?:how|that|it when|when)|good job|bravo|oh great|how (?:nice|lovely|great))\b",
    r"\b(?:(?:please|pls|plz)\s+(?:[a-z]+\s+)?(?:fix|sort|help|respond|reply|refund|resolve|look into|get back|call|contact|dm|check|do something|explain|stop|send)|sort (?:it|this) out|fix (?:it|this|your|the)|do something|get (?:it|this) sorted|sort it)\b",
    r"\b(?:no\s+(?:reply|response|answer|one|signal|service|internet|power|wifi|update|refund|help|email|call|contact|info[a-z]*|explanation|apology|idea|way|sound|picture|connection|access|heating|water)|nothing|nobody|none|no-one|noone)\b",
];

fn breach_matcher() -> &'static [Regex] {
    static R: OnceLock<Vec<Regex>> = OnceLock::new();
    R.get_or_init(|| {
        BREACH_PATTERNS
            .iter()
            .filter_map(|p| Regex::new(&ascii_boundaries(&format!("(?i){p}"))).ok())
            .collect()
    })
}

/// The features of one message.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub dense: Vec<f32>,
    /// Hashed buckets of words and word pairs, and of character n-grams, with their weights
    /// (each family L2-normalized; sorted, unique).
    pub hashed: Vec<(u32, f32)>,
    pub polarity: Option<Polarity>,
    pub cues: Vec<CueHit>,
    /// Each hashed word or pair with its byte span (for evidence).
    pub spans: Vec<(u32, usize, usize)>,
    /// Byte spans of the words.
    pub words: Vec<(usize, usize)>,
}

fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A token: lower-case text (digits folded to `0`, handles and links folded to one token) and
/// its byte span in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// How a link starts: a link is one token, whatever its address, so an image's or a page's
/// id does not turn into words and character n-grams.
const LINK_STARTS: &[&str] = &["http", "[link]", "www.", "pic.twitter.com/"];

/// Whether `word` is a link (or the placeholder of a scrubbed one).
pub(crate) fn is_link(word: &str) -> bool {
    LINK_STARTS.iter().any(|l| word.starts_with(l))
}

/// HTML entities left in text from social media APIs.
const HTML_ENTITIES: &[&str] = &["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];

/// The tokens of `text`: words (letters, digits, apostrophes), `!`, `?` and emoji; handles and
/// links (`@bob`, `http…`, `www.…`, `pic.twitter.com/…`) fold to `@user` and `[link]`, and HTML
/// entities (`&amp;`) are dropped.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut cur = String::new();
    let mut cur_start = 0usize;
    let mut skip_until = 0usize;
    let flush = |out: &mut Vec<Token>, cur: &mut String, start: usize, end: usize| {
        let t = cur.trim_matches('\'');
        if !t.is_empty() {
            // Trim the same apostrophes from the source to keep the span exact.
            let src = &text[start..end];
            let q = ['\'', '\u{2019}'];
            let lead = src.len() - src.trim_start_matches(q).len();
            let trail = src.len() - src.trim_end_matches(q).len();
            out.push(Token {
                text: t.to_string(),
                start: start + lead,
                end: end - trail,
            });
        }
        cur.clear();
    };
    for (i, c) in text.char_indices() {
        if i < skip_until {
            continue;
        }
        let at_word_start = i == 0 || text[..i].ends_with(char::is_whitespace);
        if c == '&' {
            // HTML entities, as tweets come from the API ("&amp;"), are not words.
            if let Some(e) = HTML_ENTITIES.iter().find(|e| text[i..].starts_with(**e)) {
                if !cur.is_empty() {
                    flush(&mut out, &mut cur, cur_start, i);
                }
                skip_until = i + e.len();
                continue;
            }
        }
        if at_word_start && (c == '@' || is_link(&text[i..])) {
            if !cur.is_empty() {
                flush(&mut out, &mut cur, cur_start, i);
            }
            let end = text[i..]
                .find(char::is_whitespace)
                .map_or(text.len(), |k| i + k);
            let t = if c == '@' { "@user" } else { "[link]" };
            out.push(Token {
                text: t.to_string(),
                start: i,
                end,
            });
            skip_until = end;
            continue;
        }
        if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
            if cur.is_empty() {
                cur_start = i;
            }
            if c.is_ascii_digit() {
                cur.push('0');
            } else if c == '\u{2019}' {
                cur.push('\'');
            } else if c.is_ascii() {
                cur.push(c.to_ascii_lowercase());
            } else {
                // Keep byte lengths equal to the source so spans stay exact.
                let l: String = c.to_lowercase().collect();
                if l.len() == c.len_utf8() {
                    cur.push_str(&l);
                } else {
                    cur.push(c);
                }
            }
            continue;
        }
        if !cur.is_empty() {
            flush(&mut out, &mut cur, cur_start, i);
        }
        if matches!(c, '!' | '?') || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace()) {
            out.push(Token {
                text: c.to_string(),
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    if !cur.is_empty() {
        flush(&mut out, &mut cur, cur_start, text.len());
    }
    out
}

/// Hashed character n-grams (2 to 5 characters) of each word, padded with a space at both ends
/// (sorted, unique). They carry what words miss in short, noisy messages: misspellings
/// ("havnig"), elongations ("soooo"), inflections and compounds ("update" in "updates",
/// "re-update").
fn char_grams(toks: &[Token]) -> Vec<u32> {
    let mask = (HASH_DIM - 1) as u64;
    let mut out = Vec::new();
    let mut padded: Vec<u8> = Vec::with_capacity(64);
    let mut starts: Vec<usize> = Vec::with_capacity(64);
    for t in toks {
        if !t.text.chars().any(char::is_alphabetic) || t.text.starts_with(['@', '[']) {
            continue;
        }
        padded.clear();
        starts.clear();
        padded.push(b' ');
        padded.extend_from_slice(t.text.as_bytes());
        padded.push(b' ');
        let s = std::str::from_utf8(&padded).unwrap_or(" ");
        starts.extend(s.char_indices().map(|(i, _)| i));
        starts.push(padded.len());
        let n_chars = starts.len() - 1;
        for n in 2..=5usize {
            if n > n_chars {
                break;
            }
            for i in 0..=n_chars - n {
                let h = fnv(&padded[starts[i]..starts[i + n]], 0xc4a7 ^ n as u64);
                out.push((h & mask) as u32);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Compute the features of `text`.
pub fn features(text: &str) -> Features {
    let polarity = vader().polarity(text);
    let cues = cues(text);
    let toks = tokens(text);

    let mut dense = vec![0f32; DENSE];
    dense[0] = polarity.compound as f32;
    dense[1] = polarity.neg as f32;
    dense[2] = polarity.pos as f32;
    let excl = text.matches('!').count();
    dense[3] = (excl.min(4) as f32) / 4.0;
    dense[4] = f32::from(text.contains("!!"));
    dense[5] = (text.matches('?').count().min(3) as f32) / 3.0;
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    let caps = words
        .iter()
        .filter(|w| py_isupper(w) && w.chars().count() >= 3)
        .count();
    dense[6] = if words.is_empty() {
        0.0
    } else {
        caps as f32 / words.len() as f32
    };
    dense[7] = f32::from(caps > 0);
    dense[8] = ((toks.len() as f32) + 1.0).ln() / 5.0;
    dense[9] = f32::from(text.bytes().any(|b| b.is_ascii_digit()));
    let negs = toks
        .iter()
        .filter(|t| super::vader::Vader::is_negation(&t.text))
        .count();
    dense[10] = (negs.min(4) as f32) / 4.0;
    for (k, cue) in Cue::ALL.iter().enumerate() {
        let n = cues.iter().filter(|h| h.cue == *cue).count();
        dense[CUE_OFFSET + k] = match n {
            0 => 0.0,
            1 => 0.7,
            _ => 1.0,
        };
    }
    for (k, re) in breach_matcher().iter().enumerate() {
        dense[BREACH_OFFSET + k] = match re.find_iter(text).take(2).count() {
            0 => 0.0,
            1 => 0.7,
            _ => 1.0,
        };
    }
    let negative = (-polarity.compound as f32).max(0.0);
    let b = BREACH_OFFSET + BREACH_PATTERNS.len();
    dense[b] = f32::from(negs > 0) * negative;
    dense[b + 1] = f32::from(text.contains('?')) * negative;

    let mut spans: Vec<(u32, usize, usize)> = Vec::with_capacity(toks.len() * 2);
    let mask = (HASH_DIM - 1) as u64;
    for (i, t) in toks.iter().enumerate() {
        let h1 = fnv(t.text.as_bytes(), 0);
        spans.push(((h1 & mask) as u32, t.start, t.end));
        // A crude stem (the first five letters) joins "annoying", "annoyed", "annoyance".
        if t.text.len() > 6 && t.text.is_char_boundary(5) {
            let h = fnv(&t.text.as_bytes()[..5], 0x5bd1);
            spans.push(((h & mask) as u32, t.start, t.end));
        }
        if let Some(n) = toks.get(i + 1) {
            let h = fnv(n.text.as_bytes(), h1 ^ 0x9e37);
            spans.push(((h & mask) as u32, t.start, n.end));
        }
    }
    let words = toks
        .iter()
        .filter(|t| t.text.chars().any(char::is_alphabetic))
        .map(|t| (t.start, t.end))
        .collect();
    let mut buckets: Vec<u32> = spans.iter().map(|s| s.0).collect();
    buckets.sort_unstable();
    buckets.dedup();
    let chars = char_grams(&toks);
    let mut hashed = Vec::with_capacity(buckets.len() + chars.len());
    let unit = |n: usize| if n == 0 { 0.0 } else { 1.0 / (n as f32).sqrt() };
    let (wn, cn) = (unit(buckets.len()), unit(chars.len()));
    hashed.extend(buckets.into_iter().map(|b| (b, wn)));
    hashed.extend(chars.into_iter().map(|b| (b, cn)));
    hashed.sort_unstable_by_key(|x| x.0);
    hashed.dedup_by(|a, b| {
        let same = a.0 == b.0;
        if same {
            b.1 += a.1;
        }
        same
    });
    Features {
        dense,
        hashed,
        polarity: Some(polarity),
        cues,
        spans,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_pattern_compiles() {
        for c in Cue::ALL {
            Regex::new(&ascii_boundaries(&format!("(?i){}", c.pattern()))).unwrap();
        }
        assert_eq!(cue_regexes().len(), Cue::ALL.len());
        assert!(cue_matcher().set.is_some());
        assert_eq!(breach_matcher().len(), BREACH_PATTERNS.len());
        assert_eq!(DENSE_NAMES.len(), DENSE);
    }

    #[test]
    fn misspellings_share_character_grams() {
        let buckets = |t: &str| -> Vec<u32> { features(t).hashed.iter().map(|x| x.0).collect() };
        let (a, b, c) = (
            buckets("the problem I am having"),
            buckets("the problem I am havnig"),
            buckets("the problem I am fine"),
        );
        let shared = |x: &[u32], y: &[u32]| x.iter().filter(|k| y.contains(k)).count();
        assert!(shared(&a, &b) > shared(&a, &c), "{a:?} {b:?} {c:?}");
        let f = features("soooo slow, still not fixed!!");
        assert!(f.hashed.windows(2).all(|w| w[0].0 < w[1].0));
        let norm: f32 = f.hashed.iter().map(|x| x.1 * x.1).sum();
        assert!(norm > 1.5 && norm < 2.5, "{norm}");
        assert!(char_grams(&tokens("@bob [link] 123 !")).is_empty());
    }

    #[test]
    fn finds_cues_in_messy_text() {
        let t = "3rd time this week!!! my order was SUPPOSED TO arrive monday";
        let found: Vec<Cue> = cues(t).iter().map(|h| h.cue).collect();
        assert!(found.contains(&Cue::Repeat), "{found:?}");
        assert!(found.contains(&Cue::Breach), "{found:?}");
        let f = features(t);
        assert_eq!(f.dense.len(), DENSE);
        assert!(f.dense[4] > 0.0 && f.dense[7] > 0.0);
        for t in tokens("Hé @bob SUPPOSED to 😡 don’t!! http://x.y ok") {
            assert!(t.start < t.end);
        }
        let toks: Vec<String> = tokens("I DON'T want order 123!!")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(toks, ["i", "don't", "want", "order", "000", "!", "!"]);
        let toks: Vec<String> = tokens("fish &amp; chips pic.twitter.com/2PyCs www.x.com/a")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(toks, ["fish", "chips", "[link]", "[link]"]);
    }
}
