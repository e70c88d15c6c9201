//! A summary of every value seen at one place: counts and shapes, bounded and mergeable.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::formats::Format;

/// The most short codes a string place keeps as enum candidates; past it, none (not an enum).
pub const MAX_CODES: usize = 8;
/// The most properties an object place keeps (the smallest names, so that any order of
/// observing and merging keeps the same ones); past it, `more_properties` says some were left.
pub const MAX_PROPERTIES: usize = 256;
/// The deepest level summarised; below it, a value is counted and its shape left unknown.
pub const MAX_DEPTH: usize = 32;
/// The longest string that may be kept as a code.
const LONGEST_CODE: usize = 32;

/// Every value seen at one place of a response, summarised. See the crate's documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// How many values were seen here.
    pub seen: u64,
    /// How many were `null`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub nulls: u64,
    /// How many were `true` or `false`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub booleans: u64,
    /// How many were whole numbers.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub integers: u64,
    /// How many were numbers with a fraction (or an exponent).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fractions: u64,
    /// The strings, if any were seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strings: Option<Strings>,
    /// The arrays, if any were seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrays: Option<Box<Items>>,
    /// The objects, if any were seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objects: Option<Box<Members>>,
    /// Whether values below [`MAX_DEPTH`] were counted without their shape.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deeper: bool,
}

/// The strings seen at one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    /// How many.
    pub count: u64,
    /// The formats every one of them had.
    pub formats: BTreeSet<Format>,
    /// The short codes seen, while every string was one (and the place is not sensitive) and
    /// there were at most [`MAX_CODES`]; `None` once not.
    pub codes: Option<BTreeSet<String>>,
}

/// The arrays seen at one place, and every item of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    /// How many arrays.
    pub count: u64,
    /// Their items, all of them.
    pub items: Shape,
}

/// The objects seen at one place, and their properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Members {
    /// How many objects.
    pub count: u64,
    /// Each property, by name: in how many of the objects it was, and its values.
    pub properties: Properties,
    /// Whether more than [`MAX_PROPERTIES`] names were seen (the largest were left out).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_properties: bool,
}

/// The properties of the objects at one place, by name: a hash map for the lookup each field of
/// each value makes (a B-tree's string comparisons were most of what summarising cost), read and
/// written in name order, so that the summary, its schema and its file do not depend on the
/// order values came in. The hasher is foldhash's, seeded per process: the names come from
/// traffic, and there are at most [`MAX_PROPERTIES`] of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties(HashMap<String, Member, foldhash::fast::RandomState>);

impl Properties {
    /// The property `name`.
    pub fn get(&self, name: &str) -> Option<&Member> {
        self.0.get(name)
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Member)> {
        let mut sorted: Vec<(&String, &Member)> = self.0.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        sorted.into_iter()
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut Member> {
        self.0.get_mut(name)
    }

    fn insert(&mut self, name: String, member: Member) {
        self.0.insert(name, member);
    }

    /// The largest name held.
    fn largest(&self) -> Option<&String> {
        self.0.keys().max()
    }

    /// Removes the property of the largest name.
    fn pop_largest(&mut self) {
        if let Some(largest) = self.largest().cloned() {
            self.0.remove(&largest);
        }
    }
}

impl Serialize for Properties {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let sorted = BTreeMap::<String, Member>::deserialize(deserializer)?;
        Ok(Properties(sorted.into_iter().collect()))
    }
}

/// One property of the objects at a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// In how many of the objects it was.
    pub present: u64,
    /// Whether its values are secrets or images (by its name, or its parent's): none of its
    /// strings is kept as a code.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Its values.
    pub shape: Shape,
}

/// The property names whose values are secrets or face images: their strings are never kept as
/// codes (a name that says secret, by [`faceauth_spec::fields::names_a_secret`], is one too).
#[derive(Debug, Clone, Default)]
pub struct Sensitivity {
    names: BTreeSet<String>,
}

impl Sensitivity {
    /// The given names are sensitive (a spec's secret and image fields,
    /// [`faceauth_spec::fields::sensitive_fields`]).
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        Self {
            names: names.into_iter().collect(),
        }
    }

    fn covers(&self, name: &str) -> bool {
        self.names.contains(name) || faceauth_spec::fields::names_a_secret(name)
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Shape {
    /// Adds one value seen at this place.
    pub fn observe(&mut self, value: &Value, sensitivity: &Sensitivity) {
        self.observe_at(value, sensitivity, false, 0);
    }

    fn observe_at(
        &mut self,
        value: &Value,
        sensitivity: &Sensitivity,
        sensitive: bool,
        depth: usize,
    ) {
        self.seen += 1;
        if depth >= MAX_DEPTH {
            self.deeper = true;
            return;
        }
        match value {
            Value::Null => self.nulls += 1,
            Value::Bool(_) => self.booleans += 1,
            Value::Number(n) if n.is_i64() || n.is_u64() => self.integers += 1,
            Value::Number(_) => self.fractions += 1,
            Value::String(text) => {
                let strings = self.strings.get_or_insert_with(|| Strings {
                    count: 0,
                    formats: Format::ALL.into_iter().collect(),
                    codes: Some(BTreeSet::new()),
                });
                strings.count += 1;
                if !strings.formats.is_empty() {
                    strings.formats.retain(|format| format.admits(text));
                }
                // Once a place is known not to hold codes, its strings are not looked at again.
                let code = (strings.codes.is_some() && !sensitive && is_code(text)).then_some(text);
                strings.codes = match (strings.codes.take(), code) {
                    (Some(mut codes), Some(code)) => {
                        // Most strings repeat a code already held: no copy for those.
                        if !codes.contains(code.as_str()) {
                            codes.insert(code.clone());
                        }
                        (codes.len() <= MAX_CODES).then_some(codes)
                    }
                    _ => None,
                };
            }
            Value::Array(items) => {
                let arrays = self.arrays.get_or_insert_with(|| {
                    Box::new(Items {
                        count: 0,
                        items: Shape::default(),
                    })
                });
                arrays.count += 1;
                for item in items {
                    arrays
                        .items
                        .observe_at(item, sensitivity, sensitive, depth + 1);
                }
            }
            Value::Object(fields) => {
                let objects = self.objects.get_or_insert_with(|| {
                    Box::new(Members {
                        count: 0,
                        properties: Properties::default(),
                        more_properties: false,
                    })
                });
                objects.count += 1;
                for (name, field) in fields {
                    // The usual case, a property held already: one lookup.
                    if let Some(member) = objects.properties.get_mut(name.as_str()) {
                        member.present += 1;
                        let sensitive = member.sensitive;
                        member
                            .shape
                            .observe_at(field, sensitivity, sensitive, depth + 1);
                        continue;
                    }
                    if objects.properties.len() == MAX_PROPERTIES {
                        objects.more_properties = true;
                        // Keep the smallest names: any order keeps the same ones.
                        match objects.properties.largest() {
                            Some(largest) if name < largest => objects.properties.pop_largest(),
                            _ => continue,
                        }
                    }
                    let mut member = Member {
                        present: 1,
                        sensitive: sensitive || sensitivity.covers(name),
                        shape: Shape::default(),
                    };
                    let sensitive = member.sensitive;
                    member
                        .shape
                        .observe_at(field, sensitivity, sensitive, depth + 1);
                    objects.properties.insert(name.clone(), member);
                }
            }
        }
    }

    /// How many values of each JSON type were seen, by the type's name in a schema (`null`
    /// aside): what a documented `type` is held against.
    pub fn kinds(&self) -> [(&'static str, u64); 6] {
        [
            ("boolean", self.booleans),
            ("integer", self.integers),
            ("number", self.fractions),
            ("string", self.strings.as_ref().map_or(0, |s| s.count)),
            ("array", self.arrays.as_ref().map_or(0, |a| a.count)),
            ("object", self.objects.as_ref().map_or(0, |o| o.count)),
        ]
    }

    /// Adds everything `other` saw: the result is the summary of both parts' values, whatever
    /// the order they were seen or merged in.
    pub fn merge(&mut self, other: &Shape) {
        self.seen += other.seen;
        self.nulls += other.nulls;
        self.booleans += other.booleans;
        self.integers += other.integers;
        self.fractions += other.fractions;
        self.deeper |= other.deeper;
        match (&mut self.strings, &other.strings) {
            (_, None) => {}
            (None, Some(theirs)) => self.strings = Some(theirs.clone()),
            (Some(ours), Some(theirs)) => {
                ours.count += theirs.count;
                ours.formats
                    .retain(|format| theirs.formats.contains(format));
                ours.codes = match (ours.codes.take(), &theirs.codes) {
                    (Some(mut codes), Some(more)) => {
                        codes.extend(more.iter().cloned());
                        (codes.len() <= MAX_CODES).then_some(codes)
                    }
                    _ => None,
                };
            }
        }
        match (&mut self.arrays, &other.arrays) {
            (_, None) => {}
            (None, Some(theirs)) => self.arrays = Some(theirs.clone()),
            (Some(ours), Some(theirs)) => {
                ours.count += theirs.count;
                ours.items.merge(&theirs.items);
            }
        }
        match (&mut self.objects, &other.objects) {
            (_, None) => {}
            (None, Some(theirs)) => self.objects = Some(theirs.clone()),
            (Some(ours), Some(theirs)) => {
                ours.count += theirs.count;
                ours.more_properties |= theirs.more_properties;
                for (name, member) in theirs.properties.iter() {
                    match ours.properties.get_mut(name) {
                        Some(held) => {
                            held.present += member.present;
                            held.sensitive |= member.sensitive;
                            held.shape.merge(&member.shape);
                        }
                        None => {
                            ours.properties.insert(name.clone(), member.clone());
                        }
                    }
                }
                while ours.properties.len() > MAX_PROPERTIES {
                    ours.more_properties = true;
                    ours.properties.pop_largest();
                }
            }
        }
    }
}

/// A short code: a few letters, digits, `_`, `-` or `.` (an enum's value, never free text, an
/// id of any length, an image or a secret's worth of characters).
fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= LONGEST_CODE
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !Format::Uuid.admits(text)
}

/// Whether a schema of `documented` type (none: any) admits a value of `kind` (a name
/// [`Shape::kinds`] gives): a `number` admits integers too.
pub(crate) fn admits(documented: Option<&str>, kind: &str) -> bool {
    match documented {
        None => true,
        Some("number") => matches!(kind, "integer" | "number"),
        Some(documented) => documented == kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_are_kept_only_while_every_string_is_one_and_few() {
        let mut shape = Shape::default();
        let none = Sensitivity::default();
        for code in ["PASS", "FAIL", "REVIEW"] {
            shape.observe(&json!(code), &none);
        }
        let codes = shape.strings.as_ref().unwrap().codes.clone().unwrap();
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            ["FAIL", "PASS", "REVIEW"]
        );
        shape.observe(&json!("a sentence, not a code"), &none);
        assert_eq!(shape.strings.as_ref().unwrap().codes, None);

        let mut many = Shape::default();
        for n in 0..=MAX_CODES {
            many.observe(&json!(format!("C{n}")), &none);
        }
        assert_eq!(
            many.strings.unwrap().codes,
            None,
            "more than MAX_CODES: not an enum"
        );
    }

    #[test]
    fn a_sensitive_field_keeps_no_code_and_the_summary_no_value() {
        let sensitivity = Sensitivity::new(["faceImage".to_owned()]);
        let mut shape = Shape::default();
        shape.observe(
            &json!({"apiKey": "CANARYKEY1", "faceImage": "CANARYIMG", "status": "OK",
                    "nested": [{"password": "CANARYPW", "note": "free text CANARYTEXT that is long"}]}),
            &sensitivity,
        );
        let text = serde_json::to_string(&shape).unwrap();
        for canary in ["CANARYKEY1", "CANARYIMG", "CANARYPW", "CANARYTEXT"] {
            assert!(!text.contains(canary), "{canary} in {text}");
        }
        assert!(
            text.contains("\"OK\""),
            "a short code of a plain field is kept: {text}"
        );
    }

    #[test]
    fn the_smallest_property_names_are_kept_in_any_order() {
        let none = Sensitivity::default();
        let object = |from: usize, to: usize| {
            Value::Object((from..to).map(|n| (format!("p{n:04}"), json!(n))).collect())
        };
        let mut forward = Shape::default();
        forward.observe(&object(0, MAX_PROPERTIES + 10), &none);
        let mut backward = Shape::default();
        backward.observe(&object(MAX_PROPERTIES, MAX_PROPERTIES + 10), &none);
        backward.observe(&object(0, MAX_PROPERTIES), &none);
        let kept = |shape: &Shape| {
            shape
                .objects
                .as_ref()
                .unwrap()
                .properties
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(kept(&forward).len(), MAX_PROPERTIES);
        assert_eq!(kept(&forward), kept(&backward));
        assert!(forward.objects.as_ref().unwrap().more_properties);
    }

    #[test]
    fn depth_is_bounded() {
        let mut value = json!(1);
        for _ in 0..(MAX_DEPTH * 4) {
            value = json!([value]);
        }
        let mut shape = Shape::default();
        shape.observe(&value, &Sensitivity::default());
        let mut depth = 0;
        let mut at = &shape;
        while let Some(arrays) = &at.arrays {
            at = &arrays.items;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert!(at.deeper);
    }
}
