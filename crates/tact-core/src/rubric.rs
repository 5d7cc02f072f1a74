//! The domain model of `RUBRIC.md`: situations, channels, components and anti-patterns,
//! with the ids the labelled data and every door of tact use.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Error for an id that is not part of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}` (expected one of: {expected})")]
pub struct UnknownId {
    pub kind: &'static str,
    pub value: String,
    pub expected: String,
}

/// An enum of `snake_case` ids: `ALL`, `id()`, `index()`, `Display`, `FromStr` (case-insensitive,
/// naming the expected ids on error) and serde. Used for the rubric's ids and for triage's labels.
macro_rules! rubric_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($(#[$vmeta:meta])* $variant:ident => $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The id (`snake_case`) the data, the JSON and the CLI use.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// The id as a JSON string, quotes included.
            pub fn json(self) -> &'static str {
                match self { $($name::$variant => concat!("\"", $id, "\"")),+ }
            }

            /// Position in [`Self::ALL`], handy for bit sets.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::rubric::UnknownId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($id) { return Ok($name::$variant); })+
                Err($crate::rubric::UnknownId {
                    kind: $kind,
                    value: s.to_string(),
                    expected: [$($id),+].join(", "),
                })
            }
        }
    };
}
pub(crate) use rubric_enum;

rubric_enum!(
    /// What kind of bad news the reply delivers; it changes what the reply must contain.
    Situation, "situation", {
        /// We made the mistake.
        OurFault => "our_fault",
        /// Bad news caused by others or by circumstance.
        NotOurFault => "not_our_fault",
        /// The customer is wrong but feels wronged.
        CustomerMistaken => "customer_mistaken",
        /// A request we must refuse.
        PolicyNo => "policy_no",
    }
);

#[allow(clippy::derivable_impls)] // the macro derives the same traits for every rubric enum
impl Default for Situation {
    fn default() -> Self {
        Situation::OurFault
    }
}

rubric_enum!(
    /// Where the reply is sent; it changes length limits and what is safe to say.
    Channel, "channel", {
        Email => "email",
        Chat => "chat",
        Social => "social",
        Sms => "sms",
        Phone => "phone",
    }
);

#[allow(clippy::derivable_impls)]
impl Default for Channel {
    fn default() -> Self {
        Channel::Email
    }
}

impl Channel {
    /// The word count past which a reply is `too_long` on this channel (RUBRIC boundary rulings).
    pub fn word_limit(self) -> usize {
        match self {
            Channel::Email => 250,
            Channel::Chat => 80,
            Channel::Sms => 60,
            Channel::Social => 50,
            Channel::Phone => 150,
        }
    }

    /// Whether what is written here can be read by the public.
    pub fn is_public(self) -> bool {
        matches!(self, Channel::Social)
    }
}

rubric_enum!(
    /// What a good reply contains.
    Component, "component", {
        Thanks => "thanks",
        Empathy => "empathy",
        Reflection => "reflection",
        Apology => "apology",
        Ownership => "ownership",
        Explanation => "explanation",
        Remedy => "remedy",
        Options => "options",
        NextStep => "next_step",
        Timeframe => "timeframe",
        Prevention => "prevention",
        FollowUp => "follow_up",
        Continuation => "continuation",
        Personalization => "personalization",
        Goodwill => "goodwill",
    }
);

rubric_enum!(
    /// What a good reply avoids.
    AntiPattern, "anti-pattern", {
        ConditionalApology => "conditional_apology",
        NonApology => "non_apology",
        BlameCustomer => "blame_customer",
        BlameOthers => "blame_others",
        ExcuseBut => "excuse_but",
        PassiveEvasion => "passive_evasion",
        PolicyWall => "policy_wall",
        VagueCommitment => "vague_commitment",
        Jargon => "jargon",
        Minimizing => "minimizing",
        Defensive => "defensive",
        Generic => "generic",
        OverApology => "over_apology",
        Shouting => "shouting",
        PublicDetails => "public_details",
        TooLong => "too_long",
        HardToRead => "hard_to_read",
    }
);

/// A rubric id: either a component or an anti-pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Component(Component),
    AntiPattern(AntiPattern),
}

impl Label {
    pub fn id(self) -> &'static str {
        match self {
            Label::Component(c) => c.id(),
            Label::AntiPattern(a) => a.id(),
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Label {
    type Err = UnknownId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(c) = s.parse::<Component>() {
            return Ok(Label::Component(c));
        }
        if let Ok(a) = s.parse::<AntiPattern>() {
            return Ok(Label::AntiPattern(a));
        }
        Err(UnknownId {
            kind: "rubric id",
            value: s.to_string(),
            expected: "a component or anti-pattern id from RUBRIC.md".to_string(),
        })
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How much a component matters when it is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Required: its absence costs points.
    Required,
    /// Expected, but its absence is only a warning and costs little.
    Warn,
    /// Welcome: not required, earns nothing when absent.
    Bonus,
}

/// What the rubric requires of a reply in a situation, before the reply's own content
/// (a remedy calls for a timeframe, no remedy calls for a next step) is taken into account.
pub fn base_requirements(situation: Situation) -> Vec<(Component, Need)> {
    use Component as C;
    use Need::*;
    // Room for the situation's own needs and the two the score may add.
    let mut v = Vec::with_capacity(16);
    v.extend([
        (C::Empathy, Required),
        (C::Continuation, Required),
        (C::Personalization, Warn),
        (C::Thanks, Bonus),
        (C::Goodwill, Bonus),
    ]);
    match situation {
        Situation::OurFault => v.extend([
            (C::Apology, Required),
            (C::Ownership, Required),
            (C::Remedy, Required),
            (C::Prevention, Required),
            (C::FollowUp, Warn),
        ]),
        Situation::NotOurFault => v.extend([
            (C::Apology, Required),
            (C::Explanation, Required),
            (C::Remedy, Required),
            (C::Options, Required),
            (C::FollowUp, Warn),
            (C::Prevention, Bonus),
        ]),
        Situation::CustomerMistaken => v.extend([
            (C::Apology, Required),
            (C::Reflection, Required),
            (C::Explanation, Required),
            (C::Options, Required),
            (C::FollowUp, Warn),
            (C::Prevention, Bonus),
        ]),
        Situation::PolicyNo => v.extend([
            (C::Explanation, Required),
            (C::Options, Required),
            (C::FollowUp, Warn),
            (C::Prevention, Bonus),
        ]),
    }
    v
}

/// How many points the absence of a required component costs (a `Warn` costs a third).
pub fn component_weight(c: Component) -> u32 {
    match c {
        Component::Apology => 14,
        Component::Empathy => 12,
        Component::Ownership => 12,
        Component::Remedy => 12,
        Component::Explanation => 10,
        Component::Options => 10,
        Component::NextStep => 10,
        Component::Reflection => 8,
        Component::Timeframe => 8,
        Component::Prevention => 6,
        Component::FollowUp => 9,
        Component::Continuation => 5,
        Component::Personalization => 9,
        Component::Thanks | Component::Goodwill => 0,
    }
}

/// One line on why the component matters, citing the rubric.
pub fn component_reason(c: Component) -> &'static str {
    match c {
        Component::Thanks => "thank the customer for reaching out or for the feedback [004 §1]",
        Component::Empathy => {
            "acknowledge the customer's feelings or the impact on them [000 §1, 001, 002, 003]"
        }
        Component::Reflection => "restate the specific problem to prove it was heard [004 §4, 003]",
        Component::Apology => "give an explicit, unconditional apology [000 §3, 004 §5–6]",
        Component::Ownership => {
            "take responsibility for our part, without excuses [000 §2, 001 §1, 003]"
        }
        Component::Explanation => "say clearly and honestly what happened or why [000, 002, 003]",
        Component::Remedy => "fix the problem, or offer a concrete fix [000 §4, 001 §4]",
        Component::Options => {
            "give a choice of alternatives so the customer decides [000, 002, 004 §8]"
        }
        Component::NextStep => {
            "tell the customer what happens next when no fix is possible yet [002]"
        }
        Component::Timeframe => "give a specific time for the remedy or follow-up [002]",
        Component::Prevention => "name a specific change so it does not happen again [001 §5, 003]",
        Component::FollowUp => "promise to check back or keep the customer informed [001, 002]",
        Component::Continuation => "invite further contact or continued business [000 §5, 004 §7]",
        Component::Personalization => {
            "address the customer by name or bring in the specifics of their case [001]"
        }
        Component::Goodwill => "a gesture for the trouble, such as a credit or discount [001]",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ids_are_the_serialized_ids() {
        for c in Component::ALL {
            assert_eq!(c.json(), serde_json::to_string(c).unwrap());
        }
        for a in AntiPattern::ALL {
            assert_eq!(a.json(), serde_json::to_string(a).unwrap());
        }
        for s in Situation::ALL {
            assert_eq!(s.json(), serde_json::to_string(s).unwrap());
        }
        for ch in Channel::ALL {
            assert_eq!(ch.json(), serde_json::to_string(ch).unwrap());
        }
    }

    #[test]
    fn ids_round_trip() {
        for c in Component::ALL {
            assert_eq!(c.id().parse::<Component>().unwrap(), *c);
        }
        for a in AntiPattern::ALL {
            assert_eq!(a.id().parse::<AntiPattern>().unwrap(), *a);
        }
        for s in Situation::ALL {
            assert_eq!(s.id().parse::<Situation>().unwrap(), *s);
        }
    }

    #[test]
    fn unknown_id_names_the_value() {
        let e = "blamey".parse::<AntiPattern>().unwrap_err();
        assert!(e.to_string().contains("blamey"));
        assert!(e.to_string().contains("blame_customer"));
    }
}
