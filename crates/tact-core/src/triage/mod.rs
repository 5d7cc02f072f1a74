//! Triage of a customer's message before anyone replies: sentiment (VADER), emotions and their
//! intensity, whether it is a complaint (a breached expectation), the issue category, urgency
//! with its reasons, the likely situation, the facts it states, and what the reply needs.
//! Every judgement carries the words that drove it as byte spans.
//!
//! Emotions, complaint, category and urgency come from linear models trained on shippable data
//! (GoEmotions and the project's labelled customer messages; see `scripts/train-triage.sh`),
//! over hashed words, word pairs and character n-grams plus VADER scores and cue families;
//! urgency and situation then apply the rubric's rules (a safety risk is critical whatever the
//! model says).
//!
//! ```
//! let t = tact_core::triage::triage("This is the 3rd time I've called!!! My refund was supposed to arrive Monday.").unwrap();
//! assert!(t.complaint.is_complaint);
//! assert!(t.needs.contains(&tact_core::Component::Empathy));
//! ```

pub mod facts;
pub mod features;
pub mod model;
pub mod vader;

use crate::rubric::{base_requirements, rubric_enum, Component, Need, Situation};
pub use facts::{Facts, Found};
pub use features::{Cue, CueHit};
use features::{Features, DENSE};
use model::{Head, Input, Model, ModelError, Packed, STACKED};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const MODEL: &[u8] = include_bytes!("../../data/triage-model.bin");

rubric_enum!(
    /// What the message is about.
    Category, "category", {
        Delivery => "delivery",
        Billing => "billing",
        ProductDefect => "product_defect",
        ServiceConduct => "service_conduct",
        AccountAccess => "account_access",
        OutageTechnical => "outage_technical",
        PricePolicy => "price_policy",
        /// A question or a request for information, not a problem.
        Information => "information",
        Other => "other",
    }
);

rubric_enum!(
    /// How soon and how carefully the message needs an answer.
    Urgency, "urgency", {
        Low => "low",
        Normal => "normal",
        High => "high",
        Critical => "critical",
    }
);

rubric_enum!(
    /// The overall tone of the message.
    SentimentLabel, "sentiment", {
        Negative => "negative",
        Neutral => "neutral",
        Positive => "positive",
    }
);

/// Why the message is urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrgencyReason {
    RepeatedContact,
    Deadline,
    ThreatToLeave,
    ThreatToGoPublic,
    LegalThreat,
    Safety,
    VulnerableCustomer,
    StrongEmotion,
}

impl UrgencyReason {
    pub fn id(self) -> &'static str {
        match self {
            UrgencyReason::RepeatedContact => "repeated_contact",
            UrgencyReason::Deadline => "deadline",
            UrgencyReason::ThreatToLeave => "threat_to_leave",
            UrgencyReason::ThreatToGoPublic => "threat_to_go_public",
            UrgencyReason::LegalThreat => "legal_threat",
            UrgencyReason::Safety => "safety",
            UrgencyReason::VulnerableCustomer => "vulnerable_customer",
            UrgencyReason::StrongEmotion => "strong_emotion",
        }
    }
}

/// A span of the message and the judgement it supports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// What it supports: `sentiment`, `emotion:anger`, `complaint`, `category`,
    /// `urgency:repeated_contact`, `situation`, …
    pub about: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// VADER sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sentiment {
    pub compound: f64,
    pub label: SentimentLabel,
    pub neg: f64,
    pub neu: f64,
    pub pos: f64,
}

/// Whether the message is a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Complaint {
    pub is_complaint: bool,
    pub probability: f32,
}

/// One line of the reply plan: a component the reply needs and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    pub component: Component,
    pub need: Need,
    pub why: String,
}

/// The triage of one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Triage {
    pub sentiment: Sentiment,
    /// Intensity 0–1 of each emotion (anger, frustration, disappointment, worry, confusion,
    /// gratitude, sadness, joy).
    pub emotions: BTreeMap<String, f32>,
    /// The emotions judged present, strongest first.
    pub present: Vec<String>,
    pub complaint: Complaint,
    pub category: Category,
    pub category_confidence: f32,
    pub urgency: Urgency,
    pub urgency_reasons: Vec<UrgencyReason>,
    pub situation: Situation,
    pub facts: Facts,
    /// Rubric components the reply needs (required or expected).
    pub needs: Vec<Component>,
    /// The reply plan: every needed component and why.
    pub plan: Vec<PlanItem>,
    pub evidence: Vec<Evidence>,
}

impl Triage {
    /// The feeling a reply should name, when one is strong enough to acknowledge.
    pub fn feeling_to_acknowledge(&self) -> Option<&str> {
        self.present
            .iter()
            .find(|e| !matches!(e.as_str(), "gratitude" | "joy"))
            .map(String::as_str)
    }

    /// Whether the customer says they have had to get in touch before.
    pub fn repeated_contact(&self) -> bool {
        self.urgency_reasons
            .contains(&UrgencyReason::RepeatedContact)
    }

    /// Intensity of an emotion (0 when unknown).
    pub fn emotion(&self, name: &str) -> f32 {
        self.emotions.get(name).copied().unwrap_or(0.0)
    }
}

/// The triage engine: the trained heads, loaded once.
#[derive(Debug)]
pub struct Triager {
    emotions: Head,
    complaint: Head,
    category: Head,
    urgency: Head,
    /// All outputs, in head order: emotions, complaint, category, urgency.
    packed: Packed,
}

/// Display names of the emotion outputs: the model's emotion heads without the last, the anger
/// group, which only the evaluation reads.
pub const EMOTION_NAMES: &[&str] = model::EMOTIONS.split_at(model::EMOTIONS.len() - 1).0;

/// The 28 GoEmotions labels in the order of their ids.
pub const GOEMOTIONS_LABELS: &[&str] = &[
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
];

/// The emotion groups evaluated on GoEmotions, each with its member labels and the emotion
/// output that answers for it.
pub const EMOTION_GROUPS: &[(&str, &[&str], usize)] = &[
    (
        "anger_group",
        &["anger", "annoyance", "disappointment", "disapproval"],
        8,
    ),
    ("sadness_group", &["sadness", "grief", "remorse"], 6),
    ("fear_group", &["fear", "nervousness"], 3),
    ("confusion_group", &["confusion"], 4),
    ("gratitude_group", &["gratitude"], 5),
    (
        "joy_group",
        &["joy", "amusement", "excitement", "relief", "optimism"],
        7,
    ),
];

/// Urgency classes of the model (critical comes from the rules).
pub const URGENCY_CLASSES: &[Urgency] = &[Urgency::Low, Urgency::Normal, Urgency::High];

/// The probabilities of the heads for one message, before rules.
#[derive(Debug, Clone)]
pub struct Scores {
    pub features: Features,
    pub emotions: Vec<f32>,
    pub emotion_present: Vec<bool>,
    pub complaint: f32,
    pub complaint_threshold: f32,
    pub category: Vec<f32>,
    pub urgency: Vec<f32>,
}

impl Triager {
    /// The engine with the model compiled into the crate.
    pub fn builtin() -> Result<&'static Triager, ModelError> {
        static T: OnceLock<Result<Triager, ModelError>> = OnceLock::new();
        T.get_or_init(|| Model::from_bytes(MODEL).and_then(Triager::new))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// An engine over `model`.
    pub fn new(model: Model) -> Result<Triager, ModelError> {
        let take = |n: &'static str| model.head(n).cloned();
        let (emotions, complaint, category, urgency) = (
            take("emotions")?,
            take("complaint")?,
            take("category")?,
            take("urgency")?,
        );
        let packed = Packed::new(&[&emotions, &complaint, &category, &urgency]);
        Ok(Triager {
            emotions,
            complaint,
            category,
            urgency,
            packed,
        })
    }

    /// Where each head's outputs start in the packed weights.
    fn offsets(&self) -> [usize; 5] {
        let e = self.emotions.outputs.len();
        let c = e + self.complaint.outputs.len();
        let k = c + self.category.outputs.len();
        [0, e, c, k, k + self.urgency.outputs.len()]
    }

    /// The heads' probabilities for `text`.
    pub fn scores(&self, text: &str) -> Scores {
        let features = features::features(text);
        let zeros = [0f32; STACKED];
        let o = self.offsets();
        let emotions: Vec<f32> = self
            .packed
            .scores(&Input::new(&features, &zeros), o[0]..o[1])
            .into_iter()
            .map(model::sigmoid)
            .collect();
        let emotion_present = emotions
            .iter()
            .zip(&self.emotions.outputs)
            .map(|(p, o)| *p >= o.threshold)
            .collect();
        let x = Input::new(&features, &emotions);
        // The complaint head's outputs ("a complaint, if it is a message to a company" and "a
        // message to a company") must both hold: their probabilities multiply.
        let complaint = self
            .packed
            .scores(&x, o[1]..o[2])
            .into_iter()
            .map(model::sigmoid)
            .product();
        let complaint_threshold = self.complaint.outputs.first().map_or(0.5, |o| o.threshold);
        let category = model::softmax(&self.packed.scores(&x, o[2]..o[3]));
        let urgency = model::softmax(&self.packed.scores(&x, o[3]..o[4]));
        Scores {
            features,
            emotions,
            emotion_present,
            complaint,
            complaint_threshold,
            category,
            urgency,
        }
    }

    /// Triage `text`.
    pub fn triage(&self, text: &str) -> Triage {
        let s = self.scores(text);
        let mut evidence = Vec::new();
        let ev = |about: String, start: usize, end: usize| Evidence {
            about,
            start,
            end,
            text: text[start..end].to_string(),
        };

        let pol = s.features.polarity.unwrap_or(vader::Polarity {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound: 0.0,
        });
        let label = if pol.compound >= 0.05 {
            SentimentLabel::Positive
        } else if pol.compound <= -0.05 {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        };
        for w in &s.features.words {
            let v = vader::vader()
                .valence(&text[w.0..w.1].to_lowercase())
                .unwrap_or(0.0);
            if v.abs() >= 1.5 && (v < 0.0) == (pol.compound < 0.0) {
                evidence.push(ev("sentiment".into(), w.0, w.1));
            }
        }

        let mut emotions = BTreeMap::new();
        let mut present: Vec<(f32, &str)> = Vec::new();
        for (k, name) in EMOTION_NAMES.iter().enumerate() {
            let p = s.emotions.get(k).copied().unwrap_or(0.0);
            emotions.insert(name.to_string(), round3(p));
            if s.emotion_present.get(k).copied().unwrap_or(false) {
                present.push((p, name));
                for (a, b) in top_spans(text, &self.packed, k, &s.features, false, 2) {
                    evidence.push(ev(format!("emotion:{name}"), a, b));
                }
            }
        }
        present.sort_by(|a, b| b.0.total_cmp(&a.0));

        let is_complaint = s.complaint >= s.complaint_threshold;
        // In a complaint that shows anger or frustration, "joy" is amusement at our expense
        // ("ridiculous", "lol"), not a feeling to acknowledge.
        if is_complaint
            && present
                .iter()
                .any(|(_, n)| matches!(*n, "anger" | "frustration" | "disappointment"))
        {
            present.retain(|(_, n)| *n != "joy");
            evidence.retain(|e| e.about != "emotion:joy");
        }
        if is_complaint {
            for (a, b) in top_spans(text, &self.packed, self.offsets()[1], &s.features, true, 3) {
                evidence.push(ev("complaint".into(), a, b));
            }
        }

        let (ci, cp) = argmax(&s.category);
        let category = Category::ALL.get(ci).copied().unwrap_or(Category::Other);
        for (a, b) in top_spans(
            text,
            &self.packed,
            self.offsets()[2] + ci,
            &s.features,
            true,
            2,
        ) {
            evidence.push(ev("category".into(), a, b));
        }

        let (urgency, reasons) = urgency_with_rules(&s);
        for r in &reasons {
            for h in s
                .features
                .cues
                .iter()
                .filter(|h| cue_reason(h.cue) == Some(*r))
            {
                evidence.push(ev(format!("urgency:{}", r.id()), h.start, h.end));
            }
        }

        let (situation, sit_cues) = situation_of(&s.features.cues, category);
        for h in sit_cues {
            evidence.push(ev(format!("situation:{}", situation.id()), h.start, h.end));
        }

        let facts = facts::facts(text);
        let t = Triage {
            sentiment: Sentiment {
                compound: pol.compound,
                label,
                neg: pol.neg,
                neu: pol.neu,
                pos: pol.pos,
            },
            emotions,
            present: present.iter().map(|(_, n)| n.to_string()).collect(),
            complaint: Complaint {
                is_complaint,
                probability: round3(s.complaint),
            },
            category,
            category_confidence: round3(cp),
            urgency,
            urgency_reasons: reasons,
            situation,
            facts,
            needs: Vec::new(),
            plan: Vec::new(),
            evidence,
        };
        let plan = reply_plan(&t, &s.features.cues);
        let needs = plan
            .iter()
            .filter(|p| p.need != Need::Bonus)
            .map(|p| p.component)
            .collect();
        let mut t = Triage { plan, needs, ..t };
        t.evidence.sort_by_key(|e| (e.start, e.end));
        t
    }
}

/// Triage `text` with the built-in model.
pub fn triage(text: &str) -> Result<Triage, ModelError> {
    Ok(Triager::builtin()?.triage(text))
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

fn argmax(p: &[f32]) -> (usize, f32) {
    p.iter().copied().enumerate().fold(
        (0, f32::NEG_INFINITY),
        |a, (i, x)| if x > a.1 { (i, x) } else { a },
    )
}

/// Words that explain nothing on their own.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "but", "for", "you", "your", "yours", "our", "ours", "their", "they", "them",
    "this", "that", "these", "those", "with", "from", "into", "onto", "about", "have", "has",
    "had", "was", "were", "are", "is", "its", "it's", "i'm", "i'll", "i've", "i'd", "you're",
    "we're", "they're", "can", "could", "would", "should", "will", "shall", "may", "might", "must",
    "been", "being", "there", "here", "what", "which", "who", "whom", "when", "where", "how",
    "why", "all", "any", "some", "just", "then", "than", "also", "very", "too", "out", "off",
    "over", "under", "again", "once", "she", "her", "his", "him", "its", "let", "get", "got",
    "did", "does", "doing", "done", "one", "two", "user", "@user", "[link]",
];

/// The words and cues that pushed output `k` of `head` up most.
fn top_spans(
    text: &str,
    packed: &Packed,
    k: usize,
    f: &Features,
    with_cues: bool,
    n: usize,
) -> Vec<(usize, usize)> {
    let mut c: Vec<(f32, usize, usize)> = Vec::new();
    for &(bucket, start, end) in &f.spans {
        let w = packed.weight(k, DENSE + STACKED + bucket as usize);
        if w > 0.0 {
            c.push((w, start, end));
        }
    }
    // Emotions are shown by their own words; cue families (which mix many signals) only
    // explain the complaint and the category.
    for h in f.cues.iter().filter(|_| with_cues) {
        if let Some(i) = Cue::ALL.iter().position(|c| *c == h.cue) {
            let w = packed.weight(k, features::CUE_OFFSET + i);
            if w > 0.0 {
                c.push((w * 2.0, h.start, h.end));
            }
        }
    }
    c.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Only words that carry content are shown ("my" or "the" explain nothing, nor does the
    // handle the message is addressed to or a link); checked lazily, strongest first, as the
    // check is the costly part.
    let content = |a: usize, b: usize| {
        text.get(a..b).is_some_and(|s| {
            s.split(' ').any(|t| {
                let t = t.to_lowercase();
                t.chars().count() >= 3
                    && !FUNCTION_WORDS.contains(&t.as_str())
                    && !t.starts_with('@')
                    && !features::is_link(&t)
            })
        })
    };
    for (_, a, b) in c {
        if out.iter().any(|&(x, y)| x < b && a < y) || !content(a, b) {
            continue;
        }
        out.push((a, b));
        if out.len() == n {
            break;
        }
    }
    out
}

fn cue_reason(c: Cue) -> Option<UrgencyReason> {
    Some(match c {
        Cue::Again => UrgencyReason::RepeatedContact,
        Cue::Deadline => UrgencyReason::Deadline,
        Cue::Leave => UrgencyReason::ThreatToLeave,
        Cue::Public => UrgencyReason::ThreatToGoPublic,
        Cue::Legal => UrgencyReason::LegalThreat,
        Cue::Safety => UrgencyReason::Safety,
        Cue::Vulnerable => UrgencyReason::VulnerableCustomer,
        _ => return None,
    })
}

/// Urgency: the model's class, raised by the rubric's reasons. A legal threat, or a safety risk
/// in a negative message, is critical; a threat to leave or go public, a safety risk, a
/// vulnerable customer in a negative message, or repeated contact with strong emotion make it at
/// least high; repeated contact or a deadline alone make it at least normal.
pub fn urgency_with_rules(s: &Scores) -> (Urgency, Vec<UrgencyReason>) {
    let (ui, _) = argmax(&s.urgency);
    let mut u = URGENCY_CLASSES.get(ui).copied().unwrap_or(Urgency::Normal);
    let mut reasons: Vec<UrgencyReason> = s
        .features
        .cues
        .iter()
        .filter_map(|h| cue_reason(h.cue))
        .collect();
    let anger = s.emotions.first().copied().unwrap_or(0.0);
    let negative = s.features.dense[0] < -0.05;
    let strong = anger >= 0.6 || s.features.dense[4] > 0.0 && s.features.dense[0] < -0.5;
    if strong {
        reasons.push(UrgencyReason::StrongEmotion);
    }
    reasons.sort();
    reasons.dedup();
    let has = |r| reasons.contains(&r);
    if has(UrgencyReason::LegalThreat) || (has(UrgencyReason::Safety) && negative) {
        u = Urgency::Critical;
    } else if has(UrgencyReason::ThreatToLeave)
        || has(UrgencyReason::ThreatToGoPublic)
        || has(UrgencyReason::Safety)
        || (has(UrgencyReason::VulnerableCustomer) && negative)
        || (has(UrgencyReason::RepeatedContact) && strong)
        // Chased again and now against a date: the next miss costs them.
        || (has(UrgencyReason::RepeatedContact) && has(UrgencyReason::Deadline))
    {
        u = u.max(Urgency::High);
    } else if has(UrgencyReason::RepeatedContact) || has(UrgencyReason::Deadline) {
        u = u.max(Urgency::Normal);
    }
    // Reasons that did not raise anything still explain; keep them.
    (u, reasons)
}

/// The likely situation and the cues that point to it.
fn situation_of(cues: &[CueHit], category: Category) -> (Situation, Vec<CueHit>) {
    let of = |c: Cue| -> Vec<CueHit> { cues.iter().filter(|h| h.cue == c).copied().collect() };
    let slip = of(Cue::OwnSlip);
    if !slip.is_empty() {
        return (Situation::CustomerMistaken, slip);
    }
    let refusal = of(Cue::Refusal);
    if !refusal.is_empty() && matches!(category, Category::PricePolicy | Category::Billing) {
        return (Situation::PolicyNo, refusal);
    }
    let outside = of(Cue::Outside);
    if !outside.is_empty()
        && matches!(category, Category::Delivery | Category::OutageTechnical)
        && of(Cue::Conduct).is_empty()
    {
        return (Situation::NotOurFault, outside);
    }
    if category == Category::PricePolicy && !refusal.is_empty() {
        return (Situation::PolicyNo, refusal);
    }
    (Situation::OurFault, of(Cue::Breach))
}

/// What the reply needs, from the rubric's base requirements for the situation and what the
/// message shows.
fn reply_plan(t: &Triage, cues: &[CueHit]) -> Vec<PlanItem> {
    use Component as C;
    let mut plan: Vec<PlanItem> = base_requirements(t.situation)
        .into_iter()
        .map(|(c, need)| PlanItem {
            component: c,
            need,
            why: crate::rubric::component_reason(c).to_string(),
        })
        .collect();
    let mut set = |c: Component, need: Need, why: String| {
        if let Some(p) = plan.iter_mut().find(|p| p.component == c) {
            if need == Need::Required || p.need == Need::Bonus {
                p.need = need;
            }
            p.why = why;
        } else {
            plan.push(PlanItem {
                component: c,
                need,
                why,
            });
        }
    };
    if let Some(feeling) = t.feeling_to_acknowledge() {
        set(
            C::Empathy,
            Need::Required,
            format!("the customer shows {feeling}: name the feeling, not just the problem"),
        );
    }
    if t.repeated_contact() {
        set(
            C::Ownership,
            Need::Required,
            "the customer has had to get in touch again: own the repeat (\"you shouldn't have had to ask twice\")".into(),
        );
        set(
            C::FollowUp,
            Need::Required,
            "after a repeat contact, promise to check back yourself".into(),
        );
    }
    let has = |c: Cue| cues.iter().any(|h| h.cue == c);
    if has(Cue::Waiting) || has(Cue::Deadline) {
        set(
            C::Timeframe,
            Need::Required,
            "the customer is waiting: give a specific time".into(),
        );
    }
    if t.emotion("confusion") >= 0.5 || has(Cue::Question) {
        set(
            C::Explanation,
            Need::Required,
            "the customer is unsure what happened: explain it plainly".into(),
        );
    }
    if t.emotion("worry") >= 0.5 {
        set(
            C::NextStep,
            Need::Required,
            "the customer is worried: say exactly what happens next".into(),
        );
    }
    let f = &t.facts;
    if f.customer_name.is_some() || !f.references.is_empty() {
        set(
            C::Personalization,
            Need::Required,
            "the message gives a name or a reference: use it".into(),
        );
    }
    if has(Cue::Thanks) {
        set(
            C::Thanks,
            Need::Warn,
            "the customer thanked you: thank them back".into(),
        );
    }
    if t.urgency >= Urgency::High && t.situation == Situation::OurFault {
        set(
            C::Goodwill,
            Need::Warn,
            "a high-urgency mistake of ours: consider a gesture for the trouble".into(),
        );
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.id().parse::<Category>().unwrap(), *c);
        }
        assert!("bogus".parse::<Urgency>().is_err());
    }
}
