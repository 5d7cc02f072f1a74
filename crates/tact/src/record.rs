//! One record of a JSON Lines input: the fields `check` and `triage` read, by the names the
//! user gave, borrowed from the line where the JSON allows.

use crate::cli::JsonlFields;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use tact_core::{Channel, Situation};

/// A record of a JSON Lines file, read by the field names the user gave.
pub struct Record<'a> {
    pub id: Value,
    pub text: Cow<'a, str>,
    pub customer: Option<Cow<'a, str>>,
    pub situation: Option<Situation>,
    pub channel: Option<Channel>,
}

/// Parse one JSONL line into a record; the error names the problem (the caller adds the line).
///
/// Only the named fields are kept; the others are skipped without being built, and a string
/// without escapes is borrowed from the line.
pub fn parse_record<'a>(
    line: &'a str,
    lineno: usize,
    fields: &JsonlFields,
    default_text: &str,
) -> Result<Record<'a>, String> {
    let text_field = fields.text_field.as_deref().unwrap_or(default_text);
    let names = Names {
        id: &fields.id_field,
        text: text_field,
        customer: fields.customer_field.as_deref(),
        situation: fields.situation_field.as_deref(),
        channel: fields.channel_field.as_deref(),
    };
    let malformed = |e: serde_json::Error| format!("malformed JSON: {e}");
    let mut de = serde_json::Deserializer::from_str(line);
    let top = names.deserialize(&mut de).map_err(malformed)?;
    de.end().map_err(malformed)?;
    let Some(found) = top else {
        return Err("expected a JSON object".into());
    };
    let text = match found.text {
        Some(Field::Str(s)) => s,
        Some(_) => return Err(format!("field `{text_field}` is not a string")),
        None => {
            return Err(format!(
                "no field `{text_field}` (choose one with --text-field)"
            ))
        }
    };
    let optional = |f: Option<Field<'a>>, name: Option<&str>| match f {
        None | Some(Field::Null) => Ok(None),
        Some(Field::Str(s)) => Ok(Some(s)),
        Some(Field::Other) => Err(format!("field `{}` is not a string", name.unwrap_or(""))),
    };
    let customer = optional(found.customer, names.customer)?;
    let situation = match optional(found.situation, names.situation)? {
        Some(s) => Some(s.parse::<Situation>().map_err(|e| e.to_string())?),
        None => None,
    };
    let channel = match optional(found.channel, names.channel)? {
        Some(s) => Some(s.parse::<Channel>().map_err(|e| e.to_string())?),
        None => None,
    };
    Ok(Record {
        id: found.id.unwrap_or(Value::from(lineno)),
        text,
        customer,
        situation,
        channel,
    })
}

/// A field's value, as far as a record needs to know it.
enum Field<'a> {
    Str(Cow<'a, str>),
    Null,
    Other,
}

impl<'a> Field<'a> {
    fn of(v: &Value) -> Field<'a> {
        match v {
            Value::String(s) => Field::Str(Cow::Owned(s.clone())),
            Value::Null => Field::Null,
            _ => Field::Other,
        }
    }
}

impl<'de> de::Deserialize<'de> for Field<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }
}

/// The field names to read.
#[derive(Clone, Copy)]
struct Names<'n> {
    id: &'n str,
    text: &'n str,
    customer: Option<&'n str>,
    situation: Option<&'n str>,
    channel: Option<&'n str>,
}

/// The named fields of an object (the last of repeated keys, as JSON readers keep).
#[derive(Default)]
struct Found<'a> {
    id: Option<Value>,
    text: Option<Field<'a>>,
    customer: Option<Field<'a>>,
    situation: Option<Field<'a>>,
    channel: Option<Field<'a>>,
}

impl<'de> DeserializeSeed<'de> for Names<'_> {
    /// `None` when the line is JSON but not an object.
    type Value = Option<Found<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Names<'_> {
    type Value = Option<Found<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = Found::default();
        while let Some(key) = map.next_key::<Field<'de>>()? {
            let Field::Str(key) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let key = &*key;
            let is_id = key == self.id;
            let slots = [
                (key == self.text, &mut found.text),
                (self.customer == Some(key), &mut found.customer),
                (self.situation == Some(key), &mut found.situation),
                (self.channel == Some(key), &mut found.channel),
            ];
            match (is_id, slots.iter().filter(|(wanted, _)| *wanted).count()) {
                (false, 0) => {
                    map.next_value::<IgnoredAny>()?;
                }
                (false, 1) => {
                    let v = map.next_value::<Field<'de>>()?;
                    if let Some((_, slot)) = slots.into_iter().find(|(wanted, _)| *wanted) {
                        *slot = Some(v);
                    }
                }
                _ => {
                    // The id is echoed as it is; a field read for two purposes (the id and the
                    // text, say) is rare enough to be copied.
                    let v = map.next_value::<Value>()?;
                    for (wanted, slot) in slots {
                        if wanted {
                            *slot = Some(Field::of(&v));
                        }
                    }
                    if is_id {
                        found.id = Some(v);
                    }
                }
            }
        }
        Ok(Some(found))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(customer: bool) -> JsonlFields {
        JsonlFields {
            jsonl: true,
            text_field: None,
            id_field: "id".into(),
            customer_field: customer.then(|| "customer".into()),
            situation_field: Some("situation".into()),
            channel_field: Some("channel".into()),
            threads: None,
        }
    }

    /// The record as the line's `serde_json::Value` gives it.
    fn by_value(line: &str, f: &JsonlFields) -> Result<(Value, String, Option<String>), String> {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
        let Value::Object(map) = v else {
            return Err("expected a JSON object".into());
        };
        let text = match map.get("reply") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err("field `reply` is not a string".into()),
            None => return Err("no field `reply` (choose one with --text-field)".into()),
        };
        let customer = match f.customer_field.as_deref().map(|c| map.get(c)) {
            None | Some(None) | Some(Some(Value::Null)) => None,
            Some(Some(Value::String(s))) => Some(s.clone()),
            Some(Some(_)) => return Err("field `customer` is not a string".into()),
        };
        Ok((
            map.get("id").cloned().unwrap_or(Value::from(3)),
            text,
            customer,
        ))
    }

    #[test]
    fn reads_what_a_json_value_holds() {
        let lines = [
            r#"{"id": 1, "reply": "Sorry!", "customer": "where is it"}"#,
            r#"{"reply": "caf\u00e9 \"quoted\"\n", "id": "a\tb", "extra": [1, {"x": null}]}"#,
            r#"{"id": {"k": [1, 2.5]}, "reply": "a", "reply": "the last one"}"#,
            r#"{"reply": "x", "customer": null}"#,
            r#"{"reply": "x", "customer": 5}"#,
            r#"{"reply": 7}"#,
            r#"{"reply": null}"#,
            r#"{"text": "no reply"}"#,
            r#"[{"reply": "x"}]"#,
            r#""reply""#,
            r#"{"reply": "x"} trailing"#,
            r#"{"reply": "x""#,
            "",
            r#"{"reply": "x", "channel": "sms", "situation": "policy_no"}"#,
        ];
        for line in lines {
            for customer in [false, true] {
                let f = fields(customer);
                let got = parse_record(line, 3, &f, "reply")
                    .map(|r| (r.id, r.text.into_owned(), r.customer.map(Cow::into_owned)));
                assert_eq!(got, by_value(line, &f), "{line}");
            }
        }
    }

    #[test]
    fn borrows_strings_without_escapes() {
        let r = parse_record(
            r#"{"reply": "plain", "customer": "a\nb"}"#,
            1,
            &fields(true),
            "reply",
        )
        .unwrap();
        assert!(matches!(r.text, Cow::Borrowed("plain")));
        assert_eq!(r.customer.as_deref(), Some("a\nb"));
    }

    #[test]
    fn labels_are_checked() {
        let f = fields(false);
        let r = parse_record(
            r#"{"reply": "x", "channel": "sms", "situation": null}"#,
            1,
            &f,
            "reply",
        )
        .unwrap();
        assert_eq!((r.channel, r.situation), (Some(Channel::Sms), None));
        let e = parse_record(r#"{"reply": "x", "channel": "fax"}"#, 1, &f, "reply")
            .err()
            .unwrap();
        assert!(e.contains("fax"), "{e}");
        let e = parse_record(r#"{"reply": "x", "situation": 2}"#, 1, &f, "reply")
            .err()
            .unwrap();
        assert_eq!(e, "field `situation` is not a string");
    }

    #[test]
    fn one_field_can_be_both_id_and_text() {
        let f = JsonlFields {
            id_field: "reply".into(),
            ..fields(false)
        };
        let r = parse_record(r#"{"reply": "same"}"#, 1, &f, "reply").unwrap();
        assert_eq!((r.id, &*r.text), (Value::from("same"), "same"));
    }
}
