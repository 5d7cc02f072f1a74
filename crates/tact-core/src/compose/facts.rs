//! The facts of a case, as an agent writes them in `case.toml` / `case.json`.
//!
//! Parsing goes through a generic value first so that every error names the field and the file
//! ("case.toml: field `options` must be a list of strings"), whatever the format.

use crate::rubric::{Channel, Situation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One fact a reply can use. Its id is the key in a case file and the variable in a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    CustomerName,
    Company,
    AgentName,
    Problem,
    Cause,
    Remedy,
    Options,
    Timeframe,
    FollowUp,
    Prevention,
    Goodwill,
    CustomerMessage,
}

impl Fact {
    /// Every fact, in case-file order.
    pub const ALL: &'static [Fact] = &[
        Fact::CustomerName,
        Fact::Company,
        Fact::AgentName,
        Fact::Problem,
        Fact::Cause,
        Fact::Remedy,
        Fact::Options,
        Fact::Timeframe,
        Fact::FollowUp,
        Fact::Prevention,
        Fact::Goodwill,
        Fact::CustomerMessage,
    ];

    /// The key in a case file and the variable name in a template.
    pub fn id(self) -> &'static str {
        match self {
            Fact::CustomerName => "customer_name",
            Fact::Company => "company",
            Fact::AgentName => "agent_name",
            Fact::Problem => "problem",
            Fact::Cause => "cause",
            Fact::Remedy => "remedy",
            Fact::Options => "options",
            Fact::Timeframe => "timeframe",
            Fact::FollowUp => "follow_up",
            Fact::Prevention => "prevention",
            Fact::Goodwill => "goodwill",
            Fact::CustomerMessage => "customer_message",
        }
    }

    /// How the agent should write it, for error messages and `--placeholders` hints.
    pub fn hint(self) -> &'static str {
        match self {
            Fact::CustomerName => "the customer's name, e.g. \"Dana\"",
            Fact::Company => "your company's name",
            Fact::AgentName => "who signs the reply",
            Fact::Problem => "what happened, in the customer's terms: \"you were charged twice for order 88213\"",
            Fact::Cause => "why it happened, a clause after \"because\": \"our payment page sent the charge twice\"",
            Fact::Remedy => "what we are doing, a sentence: \"I've refunded the second $42.10 charge.\"",
            Fact::Options => "alternatives the customer can choose from: [\"a refund\", \"a replacement\"]",
            Fact::Timeframe => "when the remedy lands: \"within 3 business days\"",
            Fact::FollowUp => "what we will check and when, after \"I'll\": \"email you on Friday to confirm it arrived\"",
            Fact::Prevention => "what we changed, a sentence: \"We've added a check at payment.\"",
            Fact::Goodwill => "a gesture for the trouble, a sentence: \"I've added a $10 credit to your account.\"",
            Fact::CustomerMessage => "the customer's own words",
        }
    }
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl std::str::FromStr for Fact {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Fact::ALL.iter().copied().find(|f| f.id() == s).ok_or(())
    }
}

/// The facts of a case. Only `situation` is required; `channel` defaults to email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub situation: Situation,
    pub channel: Channel,
    pub customer_name: Option<String>,
    pub company: Option<String>,
    pub agent_name: Option<String>,
    pub problem: Option<String>,
    pub cause: Option<String>,
    pub remedy: Option<String>,
    #[serde(default)]
    pub options: Vec<String>,
    pub timeframe: Option<String>,
    pub follow_up: Option<String>,
    pub prevention: Option<String>,
    pub goodwill: Option<String>,
    pub customer_message: Option<String>,
    /// The feeling the reply should name, as an adjective ("worrying", "disappointing");
    /// triage of the complaint supplies it. The templates say "frustrating" without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feeling: Option<String>,
    /// Whether the customer has had to get in touch again (triage supplies it); the reply
    /// then owns the repeat.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat_contact: bool,
}

/// A case file that cannot be used, naming the file and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct CaseError {
    pub file: String,
    /// The field at fault, when one is.
    pub field: Option<String>,
    pub message: String,
}

impl CaseFacts {
    /// A case with only the situation and channel.
    pub fn new(situation: Situation, channel: Channel) -> CaseFacts {
        CaseFacts {
            situation,
            channel,
            ..Default::default()
        }
    }

    /// Parse a TOML case file; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<CaseFacts, CaseError> {
        Self::parse(file, text, false, true)
    }

    /// Parse a JSON case file; `file` names it in errors.
    pub fn from_json(file: &str, text: &str) -> Result<CaseFacts, CaseError> {
        Self::parse(file, text, true, true)
    }

    /// Parse a case file as JSON or TOML. Without `require_situation` a missing situation is
    /// left at its default for the caller to set.
    pub fn parse(
        file: &str,
        text: &str,
        json: bool,
        require_situation: bool,
    ) -> Result<CaseFacts, CaseError> {
        let whole = |message: String| CaseError {
            file: file.into(),
            field: None,
            message,
        };
        let value: Value = if json {
            serde_json::from_str(text).map_err(|e| whole(format!("not valid JSON: {e}")))?
        } else {
            let table: toml::Table = toml::from_str(text)
                .map_err(|e| whole(format!("not valid TOML: {}", e.message())))?;
            serde_json::to_value(table).map_err(|e| whole(e.to_string()))?
        };
        Self::from_value(file, value, require_situation)
    }

    /// Build from a generic object. With `require_situation` false a missing situation
    /// defaults to `our_fault` (for callers that supply it otherwise).
    pub fn from_value(
        file: &str,
        value: Value,
        require_situation: bool,
    ) -> Result<CaseFacts, CaseError> {
        let err = |field: &str, message: String| CaseError {
            file: file.into(),
            field: Some(field.into()),
            message: format!("field `{field}`: {message}"),
        };
        let Value::Object(map) = value else {
            return Err(CaseError {
                file: file.into(),
                field: None,
                message: "expected a table of facts".into(),
            });
        };
        let mut facts = CaseFacts::default();
        for key in map.keys() {
            if key != "situation" && key != "channel" && key.parse::<Fact>().is_err() {
                let known: Vec<&str> = ["situation", "channel"]
                    .into_iter()
                    .chain(Fact::ALL.iter().map(|f| f.id()))
                    .collect();
                return Err(err(
                    key,
                    format!("unknown field (expected one of: {})", known.join(", ")),
                ));
            }
        }
        match map.get("situation") {
            Some(Value::String(s)) => {
                facts.situation = s.parse().map_err(|e| err("situation", format!("{e}")))?
            }
            Some(_) => return Err(err("situation", "must be a string".into())),
            None if require_situation => {
                return Err(err(
                    "situation",
                    "missing (one of: our_fault, not_our_fault, customer_mistaken, policy_no)"
                        .into(),
                ))
            }
            None => {}
        }
        match map.get("channel") {
            Some(Value::String(s)) => {
                facts.channel = s.parse().map_err(|e| err("channel", format!("{e}")))?
            }
            Some(_) => return Err(err("channel", "must be a string".into())),
            None => {}
        }
        let text = |map: &Map<String, Value>, f: Fact| -> Result<Option<String>, CaseError> {
            match map.get(f.id()) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
                Some(_) => Err(err(f.id(), format!("must be a string: {}", f.hint()))),
            }
        };
        facts.customer_name = text(&map, Fact::CustomerName)?;
        facts.company = text(&map, Fact::Company)?;
        facts.agent_name = text(&map, Fact::AgentName)?;
        facts.problem = text(&map, Fact::Problem)?;
        facts.cause = text(&map, Fact::Cause)?;
        facts.remedy = text(&map, Fact::Remedy)?;
        facts.timeframe = text(&map, Fact::Timeframe)?;
        facts.follow_up = text(&map, Fact::FollowUp)?;
        facts.prevention = text(&map, Fact::Prevention)?;
        facts.goodwill = text(&map, Fact::Goodwill)?;
        facts.customer_message = text(&map, Fact::CustomerMessage)?;
        match map.get("options") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => {
                            facts.options.push(s.trim().to_string())
                        }
                        Value::String(_) => {}
                        _ => {
                            return Err(err(
                                "options",
                                format!("must be a list of strings: {}", Fact::Options.hint()),
                            ))
                        }
                    }
                }
            }
            Some(_) => {
                return Err(err(
                    "options",
                    format!("must be a list of strings: {}", Fact::Options.hint()),
                ))
            }
        }
        Ok(facts)
    }

    /// The text of a fact (options joined), when given.
    pub fn get(&self, f: Fact) -> Option<String> {
        let s = |o: &Option<String>| o.clone();
        match f {
            Fact::CustomerName => s(&self.customer_name),
            Fact::Company => s(&self.company),
            Fact::AgentName => s(&self.agent_name),
            Fact::Problem => s(&self.problem),
            Fact::Cause => s(&self.cause),
            Fact::Remedy => s(&self.remedy),
            Fact::Options => (!self.options.is_empty()).then(|| self.options.join("; ")),
            Fact::Timeframe => s(&self.timeframe),
            Fact::FollowUp => s(&self.follow_up),
            Fact::Prevention => s(&self.prevention),
            Fact::Goodwill => s(&self.goodwill),
            Fact::CustomerMessage => s(&self.customer_message),
        }
    }

    /// Whether a fact is given.
    pub fn has(&self, f: Fact) -> bool {
        match f {
            Fact::Options => !self.options.is_empty(),
            _ => self.get(f).is_some(),
        }
    }

    /// Set (or clear, with `None`) a text fact; `options` takes one item per call.
    pub fn set(&mut self, f: Fact, value: Option<String>) {
        let slot = match f {
            Fact::CustomerName => &mut self.customer_name,
            Fact::Company => &mut self.company,
            Fact::AgentName => &mut self.agent_name,
            Fact::Problem => &mut self.problem,
            Fact::Cause => &mut self.cause,
            Fact::Remedy => &mut self.remedy,
            Fact::Options => {
                match value {
                    Some(v) => self.options.push(v),
                    None => self.options.clear(),
                }
                return;
            }
            Fact::Timeframe => &mut self.timeframe,
            Fact::FollowUp => &mut self.follow_up,
            Fact::Prevention => &mut self.prevention,
            Fact::Goodwill => &mut self.goodwill,
            Fact::CustomerMessage => &mut self.customer_message,
        };
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field() {
        let e = CaseFacts::from_toml("c.toml", "channel = \"email\"").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("situation"));
        let e = CaseFacts::from_toml("c.toml", "situation = \"oops\"").unwrap_err();
        assert!(e.to_string().contains("c.toml: field `situation`"), "{e}");
        let e =
            CaseFacts::from_toml("c.toml", "situation = \"our_fault\"\nproblem = 3").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("problem"));
        let e = CaseFacts::from_json("c.json", r#"{"situation":"policy_no","options":"a"}"#)
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("options"));
        let e =
            CaseFacts::from_json("c.json", r#"{"situation":"policy_no","mood":"a"}"#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("mood"));
        let e = CaseFacts::from_toml("c.toml", "situation = \"policy_no\"\nchannel = \"fax\"")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("channel"));
    }

    #[test]
    fn parses_a_full_case() {
        let c = CaseFacts::from_toml(
            "c.toml",
            "situation = \"not_our_fault\"\nchannel = \"sms\"\noptions = [\"a\", \"b\"]\ncustomer_name = \"Dana\"",
        )
        .unwrap();
        assert_eq!(c.situation, Situation::NotOurFault);
        assert_eq!(c.channel, Channel::Sms);
        assert_eq!(c.options, vec!["a", "b"]);
        assert!(c.has(Fact::CustomerName) && !c.has(Fact::Cause));
    }
}
