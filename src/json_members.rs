//! JSON as its text says it, duplicate keys included.
//!
//! `serde_json::Value` keeps the last of two members with the same key, silently. The typed
//! clients do not always: serde's derived structs refuse a second member of a declared field
//! (`duplicate field`), ignore undocumented keys, and keep the last value in free-form maps. So
//! whatever judges or records a body the way a client reads it must see the duplicates:
//! [`JsonMembers`] keeps every member (the traffic recorder writes them all), and [`LastWins`]
//! parses into a `Value` in one pass while noticing whether any object repeated a key (the drift
//! check's fast path: only such a body is read again as [`JsonMembers`]).
//!
//! ```
//! use faceauth_clients::json_members::{JsonMembers, LastWins};
//!
//! let text = r#"{"code": "A", "data": {"x": 1, "x": 2}, "code": "B"}"#;
//! let parsed: LastWins = serde_json::from_str(text).unwrap();
//! assert!(parsed.duplicated);
//! assert_eq!(parsed.value["code"], "B");
//! assert_eq!(parsed.value["data"]["x"], 2);
//!
//! let members: JsonMembers = serde_json::from_str(text).unwrap();
//! let found: Vec<String> = members.duplicates().iter().map(|d| d.pointer()).collect();
//! assert_eq!(found, ["/code", "/data/x"]);
//! assert_eq!(serde_json::to_string(&members).unwrap(), r#"{"code":"A","data":{"x":1,"x":2},"code":"B"}"#);
//! ```

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use crate::redact::REDACTED;

/// A JSON value with every member of every object kept, in the order written.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonMembers {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<JsonMembers>),
    /// An object: every member, a repeated key as many times as it was written.
    Object(Vec<(String, JsonMembers)>),
}

/// A key written more than once in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The JSON pointer of the object (`""` for the top level), as path segments.
    pub object: Vec<String>,
    /// The repeated key.
    pub key: String,
    /// How many times it is written there.
    pub times: usize,
    /// The values of the members before the last (each as `serde_json::Value` reads it): a
    /// typed map decodes every member's value, not only the one it keeps.
    pub earlier: Vec<Value>,
}

impl DuplicateKey {
    /// The member's JSON pointer (`/data/code`), escaped as RFC 6901 says.
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for segment in self.object.iter().chain(std::iter::once(&self.key)) {
            pointer.push('/');
            pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        }
        pointer
    }
}

impl JsonMembers {
    /// Every key written more than once in an object (each once, with its count): an object's
    /// own before those inside its members, in the order written.
    pub fn duplicates(&self) -> Vec<DuplicateKey> {
        let mut found = Vec::new();
        let mut path = Vec::new();
        self.collect_duplicates(&mut path, &mut found);
        found
    }

    fn collect_duplicates(&self, path: &mut Vec<String>, found: &mut Vec<DuplicateKey>) {
        match self {
            Self::Object(members) => {
                for (i, (key, _)) in members.iter().enumerate() {
                    let first = members[..i].iter().all(|(k, _)| k != key);
                    let times = members.iter().filter(|(k, _)| k == key).count();
                    if first && times > 1 {
                        let earlier = members
                            .iter()
                            .filter(|(k, _)| k == key)
                            .take(times - 1)
                            .map(|(_, v)| v.clone().into_last_wins())
                            .collect();
                        found.push(DuplicateKey {
                            object: path.clone(),
                            key: key.clone(),
                            times,
                            earlier,
                        });
                    }
                }
                for (key, child) in members {
                    path.push(key.clone());
                    child.collect_duplicates(path, found);
                    path.pop();
                }
            }
            Self::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    item.collect_duplicates(path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// The value as `serde_json::Value` reads it: of a repeated key, the last member's value
    /// (at the first member's place, as `preserve_order` keeps it).
    pub fn into_last_wins(self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(b),
            Self::Number(n) => Value::Number(n),
            Self::String(s) => Value::String(s),
            Self::Array(items) => {
                Value::Array(items.into_iter().map(Self::into_last_wins).collect())
            }
            Self::Object(members) => {
                let mut map = Map::with_capacity(members.len());
                for (key, child) in members {
                    map.insert(key, child.into_last_wins());
                }
                Value::Object(map)
            }
        }
    }

    /// Replaces the values of `fields`, at any depth and in every member that repeats them, by
    /// [`REDACTED`]: the rule of [`redact_fields`](crate::redact_fields).
    pub fn redact(&mut self, fields: &[impl AsRef<str>]) {
        match self {
            Self::Object(members) => {
                for (key, child) in members {
                    // A secret is a string; a list under the same name is a refusal's messages
                    // (Progeny's `{"password": ["This field is required."]}`), kept.
                    if matches!(child, Self::String(_)) && fields.iter().any(|f| f.as_ref() == key)
                    {
                        *child = Self::String(REDACTED.to_owned());
                    } else {
                        child.redact(fields);
                    }
                }
            }
            Self::Array(items) => items.iter_mut().for_each(|item| item.redact(fields)),
            _ => {}
        }
    }
}

impl JsonMembers {
    /// Replaces every value of `secrets` in every string (keys included) by [`REDACTED`]: a
    /// vendor that echoes a credential into a field no spec marks as secret.
    pub fn scrub(&mut self, secrets: &crate::KnownSecrets) {
        if secrets.is_empty() {
            return;
        }
        match self {
            Self::String(text) => {
                if let std::borrow::Cow::Owned(scrubbed) = secrets.scrub(text) {
                    *text = scrubbed;
                }
            }
            Self::Array(items) => items.iter_mut().for_each(|item| item.scrub(secrets)),
            Self::Object(members) => {
                for (key, child) in members {
                    if let std::borrow::Cow::Owned(scrubbed) = secrets.scrub(key) {
                        *key = scrubbed;
                    }
                    child.scrub(secrets);
                }
            }
            Self::Null | Self::Bool(_) | Self::Number(_) => {}
        }
    }
}

impl Serialize for JsonMembers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Number(n) => n.serialize(serializer),
            Self::String(s) => serializer.serialize_str(s),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            // serde_json writes each entry as given: a repeated key is written again.
            Self::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, child) in members {
                    map.serialize_entry(key, child)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for JsonMembers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = JsonMembers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<JsonMembers, E> {
        Ok(JsonMembers::Null)
    }
    fn visit_none<E>(self) -> Result<JsonMembers, E> {
        Ok(JsonMembers::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<JsonMembers, E> {
        Ok(JsonMembers::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<JsonMembers, E> {
        Ok(JsonMembers::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<JsonMembers, E> {
        Ok(JsonMembers::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<JsonMembers, E> {
        Ok(Number::from_f64(n).map_or(JsonMembers::Null, JsonMembers::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<JsonMembers, E> {
        Ok(JsonMembers::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<JsonMembers, E> {
        Ok(JsonMembers::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonMembers, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonMembers::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonMembers, A::Error> {
        let mut members = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, JsonMembers>()? {
            members.push((key, value));
        }
        Ok(JsonMembers::Object(members))
    }
}

/// A JSON value parsed as `serde_json::Value` parses it (of a repeated key, the last value), and
/// whether any object repeated a key: one pass, no more allocation than `Value` itself.
#[derive(Debug, Clone, PartialEq)]
pub struct LastWins {
    /// The value, the last member of a repeated key kept.
    pub value: Value,
    /// Whether some object wrote a key twice (then read the text again as [`JsonMembers`] to
    /// know where).
    pub duplicated: bool,
}

impl<'de> Deserialize<'de> for LastWins {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let duplicated = Cell::new(false);
        let value = Flagging(&duplicated).deserialize(deserializer)?;
        Ok(Self {
            value,
            duplicated: duplicated.get(),
        })
    }
}

/// Builds a `Value`, setting the flag when an object repeats a key.
#[derive(Clone, Copy)]
struct Flagging<'a>(&'a Cell<bool>);

impl<'de> DeserializeSeed<'de> for Flagging<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Flagging<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            if object.insert(key, value).is_some() {
                self.0.set(true);
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_member_is_kept_and_written_back() {
        let text = r#"{"a":1,"b":{"c":[{"d":true,"d":null}],"c":"x"},"a":2.5,"e~/f":0,"e~/f":1}"#;
        let members: JsonMembers = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&members).unwrap(), text);
        let found: Vec<(String, usize)> = members
            .duplicates()
            .iter()
            .map(|d| (d.pointer(), d.times))
            .collect();
        assert_eq!(
            found,
            [
                ("/a".to_owned(), 2),
                ("/e~0~1f".to_owned(), 2),
                ("/b/c".to_owned(), 2),
                ("/b/c/0/d".to_owned(), 2),
            ]
        );
        assert_eq!(members.duplicates()[0].earlier, [json!(1)]);
        assert_eq!(members.duplicates()[2].earlier, [json!([{"d": null}])]);
        let value = members.into_last_wins();
        assert_eq!(value, serde_json::from_str::<Value>(text).unwrap());
        assert_eq!(value["b"]["c"], "x");
    }

    #[test]
    fn last_wins_flags_a_repeated_key_at_any_depth_and_only_then() {
        for (text, duplicated) in [
            (r#"{"a":1,"b":2}"#, false),
            (r#"[{"a":1},{"a":2}]"#, false),
            (r#"{"a":{"b":[{"c":1,"c":2}]}}"#, true),
            (r#"{"a":1,"a":1}"#, true),
        ] {
            let parsed: LastWins = serde_json::from_str(text).unwrap();
            assert_eq!(parsed.duplicated, duplicated, "{text}");
            assert_eq!(parsed.value, serde_json::from_str::<Value>(text).unwrap());
        }
    }

    #[test]
    fn redaction_reaches_every_member_of_a_repeated_key() {
        let mut members: JsonMembers =
            serde_json::from_str(r#"{"token":"a","x":[{"token":"b"}],"token":"c"}"#).unwrap();
        members.redact(&["token"]);
        assert_eq!(
            serde_json::to_string(&members).unwrap(),
            r#"{"token":"[redacted]","x":[{"token":"[redacted]"}],"token":"[redacted]"}"#
        );
        let mut value = json!({"token": "a", "x": [{"token": "b"}]});
        crate::redact_fields(&mut value, &["token"]);
        assert_eq!(value, members.into_last_wins());
    }

    #[test]
    fn a_field_error_under_a_secrets_name_is_kept() {
        let text = r#"{"password":["This field may not be blank."],"username":["x"]}"#;
        let mut members: JsonMembers = serde_json::from_str(text).unwrap();
        members.redact(&["password"]);
        assert_eq!(serde_json::to_string(&members).unwrap(), text);
        let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
        crate::redact_fields(&mut value, &["password"]);
        assert_eq!(value["password"][0], "This field may not be blank.");
    }
}
