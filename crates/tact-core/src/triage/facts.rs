//! Facts a complaint states: the writer's name, order and reference numbers, amounts, dates
//! and products, each with its byte span. Tolerant of messy text (emoji, all caps, missing
//! punctuation).

use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// A fact found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// What the complaint states.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    pub customer_name: Option<Found>,
    pub references: Vec<Found>,
    pub amounts: Vec<Found>,
    pub dates: Vec<Found>,
    pub products: Vec<Found>,
}

struct Patterns {
    reference: Regex,
    hash_ref: Regex,
    amount: Regex,
    date: Regex,
    product: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
        const DAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
        Some(Patterns {
            reference: re(
                r"(?i)\b(?:order|ref(?:erence)?|case|ticket|booking|account|acct|confirmation|tracking|invoice|claim|policy|incident|complaint|pnr)(?:\s*(?:no\.?|number|num|nr|id|code|#))?\s*(?:is|was)?\s*[:#-]?\s*([A-Z0-9](?:[A-Z0-9-]*[0-9][A-Z0-9-]*)|[0-9]{4,})\b",
            )?,
            hash_ref: re(r"#([A-Za-z]*[0-9][A-Za-z0-9-]{3,})\b")?,
            amount: re(
                r"(?i)(?:[$£€]\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?(?:k|m)\b)?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:dollars|bucks|usd|pounds|quid|gbp|euros?|eur)\b)",
            )?,
            date: re(&format!(
                r"(?i)\b(?:(?:last|next|this|on|since|by|until) )?(?:{DAY}|today|yesterday|tomorrow|tonight|last (?:week|month|night)|this (?:week|month|morning)|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {MONTH}\b(?:,? \d{{4}})?|{MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{4}}-\d{{2}}-\d{{2}})\b"
            ))?,
            product: re(
                r"(?i)\b(?:ordered|bought|purchased|received|got|returned|my new|my broken|my)\s+(?:a |an |the |new |two |\d+ )?((?:[A-Za-z][\w+-]*)(?: [A-Z0-9][\w+-]*){0,3})",
            )?,
        })
    })
    .as_ref()
}

fn re(pattern: &str) -> Option<Regex> {
    Regex::new(&crate::text::ascii_boundaries(pattern)).ok()
}

/// Words after "my" that are not products.
const NOT_PRODUCTS: &[&str] = &[
    "order",
    "account",
    "money",
    "refund",
    "name",
    "card",
    "bank",
    "husband",
    "wife",
    "son",
    "daughter",
    "mum",
    "mom",
    "dad",
    "family",
    "time",
    "problem",
    "issue",
    "complaint",
    "email",
    "address",
    "number",
    "phone number",
    "password",
    "details",
    "life",
    "day",
    "way",
    "own",
    "fault",
    "mistake",
    "bad",
    "question",
    "friend",
    "friends",
    "kids",
    "children",
    "house",
    "home",
    "business",
    "case",
    "ticket",
    "payment",
    "bill",
    "it",
    "this",
    "that",
    "them",
    "one",
    "first",
    "last",
    "god",
    "goodness",
    "self",
    "experience",
    "review",
    "info",
    "information",
    "data",
    "subscription",
    "membership",
    "contract",
    "money back",
    "stuff",
    "things",
];

fn found(text: &str, start: usize, end: usize) -> Found {
    Found {
        text: text[start..end].to_string(),
        start,
        end,
    }
}

/// Extract the facts of `text`.
pub fn facts(text: &str) -> Facts {
    let mut f = Facts::default();
    if let Some(name) = crate::compose::facts_from_complaint(text).customer_name {
        if let Some(at) = find_word(text, &name) {
            f.customer_name = Some(found(text, at, at + name.len()));
        }
    }
    let Some(p) = patterns() else {
        return f;
    };
    for c in p.reference.captures_iter(text) {
        if let Some(m) = c.get(1) {
            push_unique(&mut f.references, found(text, m.start(), m.end()));
        }
    }
    for c in p.hash_ref.captures_iter(text) {
        if let Some(m) = c.get(1) {
            if m.as_str().bytes().filter(u8::is_ascii_digit).count() >= 3 {
                push_unique(&mut f.references, found(text, m.start(), m.end()));
            }
        }
    }
    for m in p.amount.find_iter(text) {
        push_unique(&mut f.amounts, found(text, m.start(), m.end()));
    }
    for m in p.date.find_iter(text) {
        push_unique(&mut f.dates, found(text, m.start(), m.end()));
    }
    for c in p.product.captures_iter(text) {
        let Some(m) = c.get(1) else { continue };
        let words: Vec<&str> = m.as_str().split(' ').collect();
        let first = words[0].to_lowercase();
        if NOT_PRODUCTS.contains(&first.as_str())
            || first.len() < 3
            || !crate::vocab::is_content_word(&first)
        {
            continue;
        }
        // Keep the head noun and any capitalised or numbered words that follow (a model name).
        let mut end = m.start() + words[0].len();
        let mut at = end;
        for w in &words[1..] {
            at += 1;
            let named = w.chars().any(|c| c.is_ascii_digit())
                || w.chars().next().is_some_and(char::is_uppercase);
            if !named || !crate::vocab::is_content_word(&w.to_lowercase()) {
                break;
            }
            end = at + w.len();
            at = end;
        }
        push_unique(&mut f.products, found(text, m.start(), end));
    }
    f
}

fn push_unique(v: &mut Vec<Found>, x: Found) {
    if !v
        .iter()
        .any(|y| y.start < x.end && x.start < y.end || y.text.eq_ignore_ascii_case(&x.text))
    {
        v.push(x);
    }
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before_ok = !crate::text::is_word_char_before(text, at);
        let after_ok = !crate::text::is_word_char_at(text, at + word.len());
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messy_text() {
        let t = "3rd time this week!!! ORDER #A12345 STILL not here 😡 charged me $49.99 on monday\n\nThanks,\nDana";
        let f = facts(t);
        assert_eq!(
            f.customer_name.as_ref().map(|n| n.text.as_str()),
            Some("Dana")
        );
        assert!(f.references.iter().any(|r| r.text == "A12345"), "{f:?}");
        assert!(f.amounts.iter().any(|a| a.text == "$49.99"), "{f:?}");
        assert!(f.dates.iter().any(|d| d.text.contains("monday")), "{f:?}");
        for x in f.references.iter().chain(&f.amounts).chain(&f.dates) {
            assert_eq!(&t[x.start..x.end], x.text);
        }
    }

    #[test]
    fn products_and_references() {
        let f = facts("I ordered a Galaxy S21 on 3 May, order number 889201 never came");
        assert!(
            f.products.iter().any(|p| p.text.starts_with("Galaxy S21")),
            "{f:?}"
        );
        assert!(f.references.iter().any(|r| r.text == "889201"), "{f:?}");
        assert!(f.dates.iter().any(|d| d.text.contains("3 May")), "{f:?}");
    }
}
