//! What the composer can read from a complaint on its own: the customer's name, from a
//! greeting ("Hi, I'm Dana") or a sign-off ("Thanks,\nDana").
//!
//! Triage (sentiment, situation, the feeling to acknowledge, order references) will supply the
//! rest; until then the rest stays missing rather than guessed.

use super::facts::Fact;

/// What a complaint says about its case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintFacts {
    pub customer_name: Option<String>,
}

/// Facts only a person on the team can supply: what we know, do and promise.
pub const FACTS_ONLY_A_PERSON_KNOWS: &[Fact] = &[
    Fact::Cause,
    Fact::Remedy,
    Fact::Options,
    Fact::Timeframe,
    Fact::FollowUp,
    Fact::Prevention,
    Fact::Goodwill,
    Fact::AgentName,
];

const SIGN_OFFS: &[&str] = &[
    "thanks",
    "thank you",
    "regards",
    "best",
    "best regards",
    "kind regards",
    "cheers",
    "sincerely",
    "many thanks",
    "thanks in advance",
];

/// The name a complaint gives for its writer, when it gives one plainly.
pub fn facts_from_complaint(text: &str) -> ComplaintFacts {
    ComplaintFacts {
        customer_name: name_in_greeting(text)
            .or_else(|| name_in_sign_off(text))
            .or_else(|| name_after_dash(text)),
    }
}

fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && word.chars().count() >= 2
        && word.chars().count() <= 20
        && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '-')
        && ![
            "I",
            "Im",
            "The",
            "This",
            "My",
            "Hi",
            "Hello",
            "Thanks",
            "Not",
            "So",
            "Very",
            "Really",
            "Sorry",
            "Writing",
            "Still",
            "Just",
            "Now",
            "Here",
            "Done",
            "Disappointed",
            "Angry",
        ]
        .contains(&word)
}

fn name_in_greeting(text: &str) -> Option<String> {
    // ASCII lowering keeps byte offsets equal in both strings.
    let lower = text.to_ascii_lowercase();
    for lead in ["my name is ", "i'm ", "i am ", "this is ", "i\u{2019}m "] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(lead) {
            let at = from + i;
            from = at + lead.len();
            // Only at the start of a sentence (or after a greeting), not "I'm angry".
            let before = lower[..at].trim_end();
            let sentence_start = before.is_empty()
                || before.ends_with(['.', '!', '?', ',', '\n'])
                || ["hi", "hello", "hey"].iter().any(|g| before.ends_with(g));
            if !sentence_start || lead.len() > text.len() - at {
                continue;
            }
            let rest = &text[at + lead.len()..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == '\'' || *c == '-')
                .collect();
            if is_name(&word) {
                return Some(word);
            }
        }
    }
    None
}

fn name_in_sign_off(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let last = lines.last()?;
    let prev = lines.len().checked_sub(2).map(|i| lines[i])?;
    let prev = prev.trim_end_matches([',', '.', '!']).to_lowercase();
    if !SIGN_OFFS.contains(&prev.as_str()) {
        return None;
    }
    let first = last.trim_start_matches(['-', '\u{2013}', '\u{2014}', ' ']);
    let word = first.split_whitespace().next()?;
    is_name(word).then(|| word.to_string())
}

/// A name signed after a dash at the very end: "… or I'm leaving. - Dana", "—Dana Lee". Only a
/// known given name counts, so "- Amazon" or "- Sent from my phone" is not taken for one.
fn name_after_dash(text: &str) -> Option<String> {
    let last = text.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    let tail = [" - ", " \u{2013} ", " \u{2014} "]
        .iter()
        .filter_map(|d| last.rfind(d).map(|i| &last[i + d.len()..]))
        .next()
        .or_else(|| last.strip_prefix(['-', '\u{2013}', '\u{2014}']))?
        .trim()
        .trim_end_matches(['.', '!']);
    let words: Vec<&str> = tail.split_whitespace().collect();
    let first = *words.first()?;
    (words.len() <= 2
        && words.iter().all(|w| is_name(w))
        && crate::vocab::is_first_name(&first.to_lowercase()))
    .then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_said_plainly() {
        let n = |t: &str| facts_from_complaint(t).customer_name;
        assert_eq!(
            n("My parcel is late. Fix it or I'm leaving. - Dana"),
            Some("Dana".into())
        );
        assert_eq!(
            n("Still no refund!!\n\u{2014}Dana Lee"),
            Some("Dana".into())
        );
        assert_eq!(n("Worst service ever - Amazon"), None);
        assert_eq!(n("Still waiting - sent from my phone"), None);
        assert_eq!(n("Hi, I'm Dana and my order is late."), Some("Dana".into()));
        assert_eq!(
            n("Hello. My name is Priya. You charged me twice."),
            Some("Priya".into())
        );
        assert_eq!(
            n("You charged me twice!\n\nThanks,\nMarco Rossi"),
            Some("Marco".into())
        );
        assert_eq!(n("I'm furious. I am Not happy."), None);
        assert_eq!(n("I'm angry about this."), None);
        assert_eq!(n("Where is my order?"), None);
    }
}
