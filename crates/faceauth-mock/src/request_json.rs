//! A request's JSON body as the mock checks it: parsed once by serde_json into a tree that
//! borrows its strings from the body and keeps each object's members in order, and validated by
//! the same `jsonschema` validator through the representation traits it offers for this
//! (`jsonschema::json`, built with `jsonschema::options_for`).
//!
//! Why not `serde_json::Value`: the workspace needs `preserve_order`, so every object is an
//! `IndexMap` hashed with SipHash, and every key and string is an allocation. Parsing, checking
//! and dropping a two-field body that way was a fifth of the mock's whole work per request; here
//! a body is two allocations (the tree, and the entries of its open containers) and no hashing
//! (an object's few members are scanned in order).
//!
//! A body this tree does not take (a key twice in one object, which `Value` folds into one; an
//! object of more than [`MAX_SCANNED_MEMBERS`] members) is refused by [`JsonTree::parse`], and
//! the caller reads it as a `Value` instead: the verdict is `jsonschema`'s either way.

use std::borrow::Cow;
use std::fmt;

use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The most members an object of the tree may have: past it, finding a member by scanning (and
/// checking that no key comes twice) would cost more than hashing.
pub(crate) const MAX_SCANNED_MEMBERS: usize = 32;

/// The representation's marker, for `jsonschema::options_for::<RequestJson>()`.
pub(crate) struct RequestJson;

/// A parsed body, in one list: every value, and each container's entries (an object's members,
/// an array's elements), contiguous per container.
pub(crate) struct JsonTree<'b> {
    items: Vec<Item<'b>>,
    root: u32,
}

enum Item<'b> {
    /// An object's member: its key (borrowed from the body unless it had escapes) and where its
    /// value is. (Entries are never nodes: a node is always a value.)
    Member(Cow<'b, str>, u32),
    /// An array's element: where its value is.
    Element(u32),
    Null,
    Bool(bool),
    Number(Number),
    /// Borrowed from the body unless it had escapes.
    String(Cow<'b, str>),
    Array {
        start: u32,
        len: u32,
    },
    Object {
        start: u32,
        len: u32,
    },
}

/// Why a body was not taken as a tree (the caller reads it as a `Value`, which reports what is
/// wrong with it, if anything).
#[derive(Debug)]
pub(crate) struct NotTaken;

impl<'b> JsonTree<'b> {
    /// `body` as a tree; `Err` for a body that is not JSON, or one the tree does not take.
    pub fn parse(body: &'b [u8]) -> Result<Self, NotTaken> {
        let mut builder = Builder {
            tree: JsonTree {
                items: Vec::with_capacity(8),
                root: 0,
            },
            pending: Vec::with_capacity(8),
        };
        // The whole body checked as UTF-8 once, where reading from bytes checks each string.
        let text = std::str::from_utf8(body).map_err(|_| NotTaken)?;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let root = ValueSeed(&mut builder)
            .deserialize(&mut deserializer)
            .map_err(|_| NotTaken)?;
        deserializer.end().map_err(|_| NotTaken)?;
        builder.tree.root = root;
        Ok(builder.tree)
    }

    /// The whole body, for the validator.
    pub fn root(&self) -> JsonNode<'_> {
        JsonNode {
            tree: self,
            index: self.root,
        }
    }

    /// The top-level member `name` of an object body.
    pub fn member(&self, name: &str) -> Option<JsonNode<'_>> {
        self.root().as_object()?.find(name)
    }
}

/// One value of a [`JsonTree`].
#[derive(Clone, Copy)]
pub(crate) struct JsonNode<'a> {
    tree: &'a JsonTree<'a>,
    index: u32,
}

impl<'a> JsonNode<'a> {
    fn item(&self) -> &'a Item<'a> {
        &self.tree.items[self.index as usize]
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&'a str> {
        match self.item() {
            Item::String(text) => Some(text),
            _ => None,
        }
    }

    /// A number's digits, if this is one.
    pub fn number_text(&self) -> Option<String> {
        match self.item() {
            Item::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The value as a field's text, as the mock reads fields for its state: a string as it
    /// is, `null` as nothing, anything else as its JSON (`Value`'s `to_string`).
    pub fn text(&self) -> Option<Cow<'a, str>> {
        match self.item() {
            Item::String(text) => Some(Cow::Borrowed(text)),
            // (A node is never a container's entry.)
            Item::Null | Item::Member(..) | Item::Element(_) => None,
            Item::Bool(true) => Some(Cow::Borrowed("true")),
            Item::Bool(false) => Some(Cow::Borrowed("false")),
            Item::Number(number) => Some(Cow::Owned(number.to_string())),
            Item::Array { .. } | Item::Object { .. } => Some(Cow::Owned(self.value().to_string())),
        }
    }

    /// The value as a `serde_json::Value` (copied: for errors and rare paths).
    pub fn value(&self) -> Value {
        match self.item() {
            Item::Null | Item::Member(..) | Item::Element(_) => Value::Null,
            Item::Bool(b) => Value::Bool(*b),
            Item::Number(n) => Value::Number(n.clone()),
            Item::String(s) => Value::String(s.to_string()),
            Item::Array { .. } => Value::Array(
                self.as_array()
                    .into_iter()
                    .flat_map(|a| a.elements())
                    .map(|n| n.value())
                    .collect(),
            ),
            Item::Object { .. } => Value::Object(
                self.as_object()
                    .into_iter()
                    .flat_map(|o| o.members())
                    .map(|(k, v)| (k.to_owned(), v.value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

/// An object of a [`JsonTree`]: its members in the body's order.
#[derive(Clone, Copy)]
pub(crate) struct JsonObject<'a> {
    tree: &'a JsonTree<'a>,
    members: &'a [Item<'a>],
}

impl<'a> JsonObject<'a> {
    fn find(&self, name: &str) -> Option<JsonNode<'a>> {
        self.members()
            .find(|(key, _)| *key == name)
            .map(|(_, node)| node)
    }
}

/// An array of a [`JsonTree`].
#[derive(Clone, Copy)]
pub(crate) struct JsonArray<'a> {
    tree: &'a JsonTree<'a>,
    elements: &'a [Item<'a>],
}

impl Json for RequestJson {
    type Node<'a> = JsonNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();
    // A lookup scans the members: one pass over them never costs more than the lookups it
    // replaces (an object has at most MAX_SCANNED_MEMBERS).
    const KEYS_PER_LOOKUP: usize = MAX_SCANNED_MEMBERS;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>(_: &mut (), string: &str, f: impl FnOnce(JsonNode<'_>) -> T) -> T {
        let tree = JsonTree {
            items: vec![Item::String(Cow::Borrowed(string))],
            root: 0,
        };
        f(tree.root())
    }
}

impl<'a> Node<'a, RequestJson> for JsonNode<'a> {
    type Object = JsonObject<'a>;
    type Array = JsonArray<'a>;
    type Number = &'a Number;

    fn as_object(&self) -> Option<JsonObject<'a>> {
        match *self.item() {
            Item::Object { start, len } => Some(JsonObject {
                tree: self.tree,
                members: &self.tree.items[start as usize..(start + len) as usize],
            }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<JsonArray<'a>> {
        match *self.item() {
            Item::Array { start, len } => Some(JsonArray {
                tree: self.tree,
                elements: &self.tree.items[start as usize..(start + len) as usize],
            }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.as_str().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self.item() {
            Item::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.item() {
            Item::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.item(), Item::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.item() {
            Item::Null | Item::Member(..) | Item::Element(_) => JsonType::Null,
            Item::Bool(_) => JsonType::Boolean,
            Item::Number(_) => JsonType::Number,
            Item::String(_) => JsonType::String,
            Item::Array { .. } => JsonType::Array,
            Item::Object { .. } => JsonType::Object,
        }
    }

    // `enum` and `const` compare scalars here, without building a `Value`.
    fn equals_value(&self, expected: &Value) -> bool {
        match (self.item(), expected) {
            (Item::Null, _) => expected.is_null(),
            (Item::Bool(b), _) => expected.as_bool() == Some(*b),
            (Item::String(s), _) => expected.as_str() == Some(s),
            (Item::Number(n), Value::Number(e)) => jsonschema::json::cmp::equal_numbers(&n, e),
            (Item::Number(_), _) => false,
            _ => jsonschema::json::cmp::equal(&self.value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.value())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::tagged(
            std::ptr::from_ref(self.tree) as usize,
            self.index,
        ))
    }
}

impl<'a> Object<'a, RequestJson> for JsonObject<'a> {
    type Node = JsonNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.members.len()
    }

    fn get(&self, key: &Box<str>) -> Option<JsonNode<'a>> {
        self.find(key)
    }

    fn members(&self) -> Members<'a> {
        Members {
            tree: self.tree,
            members: self.members.iter(),
        }
    }
}

/// An object's members, in order.
pub(crate) struct Members<'a> {
    tree: &'a JsonTree<'a>,
    members: std::slice::Iter<'a, Item<'a>>,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, JsonNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let Item::Member(key, index) = self.members.next()? else {
            return None;
        };
        Some((
            key,
            JsonNode {
                tree: self.tree,
                index: *index,
            },
        ))
    }
}

impl<'a> Array<'a, RequestJson> for JsonArray<'a> {
    type Node = JsonNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.elements.len()
    }

    fn elements(&self) -> Elements<'a> {
        Elements {
            tree: self.tree,
            elements: self.elements.iter(),
        }
    }
}

/// An array's elements, in order.
pub(crate) struct Elements<'a> {
    tree: &'a JsonTree<'a>,
    elements: std::slice::Iter<'a, Item<'a>>,
}

impl<'a> Iterator for Elements<'a> {
    type Item = JsonNode<'a>;

    fn next(&mut self) -> Option<JsonNode<'a>> {
        let Item::Element(index) = *self.elements.next()? else {
            return None;
        };
        Some(JsonNode {
            tree: self.tree,
            index,
        })
    }
}

/// The tree being built, and the entries of the containers still open (a container's are moved
/// to the tree when it closes, so that each container's are contiguous).
struct Builder<'b> {
    tree: JsonTree<'b>,
    pending: Vec<Item<'b>>,
}

impl<'b> Builder<'b> {
    fn push(&mut self, item: Item<'b>) -> u32 {
        self.tree.items.push(item);
        (self.tree.items.len() - 1) as u32
    }
}

/// Closes a container: moves its entries (those pending from `mark` on) to the tree's list, where
/// they are contiguous; yields where they start and how many there are.
fn close<T>(pending: &mut Vec<T>, closed: &mut Vec<T>, mark: usize) -> (u32, u32) {
    let start = closed.len() as u32;
    closed.extend(pending.drain(mark..));
    (start, closed.len() as u32 - start)
}

/// Reads one value into the builder; yields its index.
struct ValueSeed<'s, 'b>(&'s mut Builder<'b>);

impl<'de, 's> DeserializeSeed<'de> for ValueSeed<'s, 'de> {
    type Value = u32;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 's> Visitor<'de> for ValueSeed<'s, 'de> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<u32, E> {
        Ok(self.0.push(Item::Bool(b)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<u32, E> {
        Ok(self.0.push(Item::Number(n.into())))
    }

    fn visit_u64<E>(self, n: u64) -> Result<u32, E> {
        Ok(self.0.push(Item::Number(n.into())))
    }

    // As `Value` reads one: a float JSON cannot hold is null.
    fn visit_f64<E>(self, n: f64) -> Result<u32, E> {
        Ok(self
            .0
            .push(Number::from_f64(n).map_or(Item::Null, Item::Number)))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<u32, E> {
        Ok(self.0.push(Item::String(Cow::Borrowed(text))))
    }

    fn visit_str<E>(self, text: &str) -> Result<u32, E> {
        Ok(self.0.push(Item::String(Cow::Owned(text.to_owned()))))
    }

    fn visit_string<E>(self, text: String) -> Result<u32, E> {
        Ok(self.0.push(Item::String(Cow::Owned(text))))
    }

    fn visit_unit<E>(self) -> Result<u32, E> {
        Ok(self.0.push(Item::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u32, A::Error> {
        let builder = self.0;
        let mark = builder.pending.len();
        while let Some(index) = seq.next_element_seed(ValueSeed(builder))? {
            builder.pending.push(Item::Element(index));
        }
        let (start, len) = close(&mut builder.pending, &mut builder.tree.items, mark);
        Ok(builder.push(Item::Array { start, len }))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
        let builder = self.0;
        let mark = builder.pending.len();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let open = &builder.pending[mark..];
            let twice = open
                .iter()
                .any(|entry| matches!(entry, Item::Member(k, _) if *k == key));
            if open.len() == MAX_SCANNED_MEMBERS || twice {
                return Err(de::Error::custom("not taken"));
            }
            let index = map.next_value_seed(ValueSeed(builder))?;
            builder.pending.push(Item::Member(key, index));
        }
        let (start, len) = close(&mut builder.pending, &mut builder.tree.items, mark);
        Ok(builder.push(Item::Object { start, len }))
    }
}

/// Reads an object's key, borrowed from the body unless it had escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_with_its_members_in_order_and_its_strings_borrowed() {
        let body = br#"{"b":"x","a":[1,-2,1.5,null,true],"c":{"d":"e\u00e9"}}"#;
        let tree = JsonTree::parse(body).unwrap();
        let value: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(tree.root().value(), value);
        let keys: Vec<&str> = tree
            .root()
            .as_object()
            .unwrap()
            .members()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert!(matches!(
            &tree.items[tree.member("b").unwrap().index as usize],
            Item::String(Cow::Borrowed("x"))
        ));
        assert_eq!(
            tree.member("c")
                .unwrap()
                .as_object()
                .unwrap()
                .find("d")
                .unwrap()
                .as_str(),
            Some("eé")
        );
        assert_eq!(
            tree.member("a").unwrap().text().as_deref(),
            Some("[1,-2,1.5,null,true]")
        );
        assert!(tree.member("z").is_none());
    }

    #[test]
    fn bodies_the_tree_does_not_take_are_refused() {
        assert!(JsonTree::parse(br#"{"a":1,"a":2}"#).is_err(), "a key twice");
        assert!(JsonTree::parse(b"{\"a\":1} x").is_err(), "trailing bytes");
        assert!(JsonTree::parse(b"{\"a\":").is_err(), "cut short");
        assert!(JsonTree::parse(b"{\"a\":\"\xff\"}").is_err(), "not UTF-8");
        let wide: String = format!(
            "{{{}}}",
            (0..=MAX_SCANNED_MEMBERS)
                .map(|i| format!("\"k{i}\":{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(
            JsonTree::parse(wide.as_bytes()).is_err(),
            "too many members to scan"
        );
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(
            JsonTree::parse(deep.as_bytes()).is_err(),
            "serde_json's depth limit"
        );
    }

    /// Every JSON request schema of the four specs, closed (as the quick check uses it), over
    /// the tree and over `Value`, with each documented request body and bodies changed from
    /// them: the two verdicts agree on every body, and every documented body passes the tree's.
    mod agrees_with_value {
        use super::*;
        use faceauth_clients::Vendor;
        use faceauth_conformance::{SchemaValidator, Spec};
        use proptest::prelude::*;

        struct Case {
            operation: String,
            tree: jsonschema::Validator<RequestJson>,
            value: SchemaValidator,
            bodies: Vec<Value>,
        }

        fn cases() -> Vec<Case> {
            let mut cases = Vec::new();
            for vendor in Vendor::ALL {
                let spec = Spec::load(vendor).unwrap();
                for operation in spec.operations() {
                    if operation.request_media_type.as_deref() != Some("application/json") {
                        continue;
                    }
                    let schema = &spec.operation_object(&operation)["requestBody"]["content"]
                        ["application/json"]["schema"];
                    cases.push(Case {
                        operation: operation.id.clone(),
                        tree: SchemaValidator::strict_for(&spec, schema).unwrap(),
                        value: SchemaValidator::strict(&spec, schema).unwrap(),
                        bodies: operation
                            .request_examples
                            .iter()
                            .map(|e| e.value.clone())
                            .collect(),
                    });
                }
            }
            cases
        }

        /// A change to a body: a member removed, added, or given another value.
        #[derive(Debug, Clone)]
        enum Change {
            Remove(usize),
            Add(String, Value),
            Replace(usize, Value),
        }

        fn any_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                (-1e9f64..1e9).prop_map(Value::from),
                "[a-z0-9 \\\"\u{e9}-]{0,12}".prop_map(Value::String),
                Just(Value::String(
                    "0007b793-ae5d-45a2-8d9f-4a5b573c3271".to_owned()
                )),
                Just(Value::String("2026-01-01T00:00:00Z".to_owned())),
            ];
            leaf.prop_recursive(3, 16, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::btree_map("[a-z_]{1,6}", inner, 0..4)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        fn any_change() -> impl Strategy<Value = Change> {
            prop_oneof![
                (0usize..16).prop_map(Change::Remove),
                ("[a-z_]{1,8}", any_value()).prop_map(|(k, v)| Change::Add(k, v)),
                (0usize..16, any_value()).prop_map(|(i, v)| Change::Replace(i, v)),
            ]
        }

        fn changed(body: &Value, changes: &[Change]) -> Value {
            let mut body = body.clone();
            let Some(map) = body.as_object_mut() else {
                return body;
            };
            for change in changes {
                let len = map.len().max(1);
                match change {
                    Change::Remove(i) => {
                        let key = map.keys().nth(i % len).cloned();
                        if let Some(key) = key {
                            map.shift_remove(&key);
                        }
                    }
                    Change::Add(key, value) => {
                        map.insert(key.clone(), value.clone());
                    }
                    Change::Replace(i, value) => {
                        if let Some(slot) = map.values_mut().nth(i % len) {
                            *slot = value.clone();
                        }
                    }
                }
            }
            body
        }

        fn verdicts(case: &Case, body: &[u8]) -> (Option<bool>, bool) {
            let by_value = serde_json::from_slice::<Value>(body)
                .map(|value| case.value.is_valid(&value))
                .unwrap_or(false);
            let by_tree = JsonTree::parse(body)
                .ok()
                .map(|tree| case.tree.is_valid(tree.root()));
            (by_tree, by_value)
        }

        #[test]
        fn every_documented_body_passes_the_quick_check() {
            let cases = cases();
            // Read from the specs: the JSON operations with a documented request body.
            // Read from the spec documents themselves: the operations with a JSON request body,
            // and the named examples of those bodies, each case holding them all.
            let (mut operations, mut examples) = (0, 0);
            for vendor in Vendor::ALL {
                let document = faceauth_test_support::specs::document(vendor.name());
                for item in document["paths"].as_object().unwrap().values() {
                    for operation in item.as_object().unwrap().values() {
                        let json = &operation["requestBody"]["content"]["application/json"];
                        if json.is_object() {
                            operations += 1;
                            examples += json["examples"].as_object().map_or(0, |e| e.len());
                        }
                    }
                }
            }
            assert_eq!(cases.len(), operations);
            assert_eq!(
                cases.iter().map(|c| c.bodies.len()).sum::<usize>(),
                examples
            );
            assert!(cases.iter().all(|c| !c.bodies.is_empty()));
            for case in &cases {
                for body in &case.bodies {
                    let bytes = serde_json::to_vec(body).unwrap();
                    assert_eq!(
                        verdicts(case, &bytes),
                        (Some(true), true),
                        "{}: {body}",
                        case.operation
                    );
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            #[test]
            fn the_tree_and_value_give_one_verdict(
                pick in any::<prop::sample::Index>(),
                changes in prop::collection::vec(any_change(), 1..4),
                escaped in any::<bool>(),
            ) {
                let cases = CASES.get_or_init(cases);
                let case = &cases[pick.index(cases.len())];
                let body = changed(&case.bodies[0], &changes);
                let mut bytes = serde_json::to_vec(&body).unwrap();
                if escaped {
                    // The same body with its keys' and strings' underscores escaped (no other
                    // JSON token has one): read, not borrowed.
                    bytes = String::from_utf8(bytes).unwrap().replace('_', "\\u005f").into_bytes();
                }
                let (by_tree, by_value) = verdicts(case, &bytes);
                // The tree takes every body here (no key twice, few members); its verdict is
                // `Value`'s.
                prop_assert_eq!(by_tree, Some(by_value), "{}: {}", case.operation, String::from_utf8_lossy(&bytes));
            }
        }

        static CASES: std::sync::OnceLock<Vec<Case>> = std::sync::OnceLock::new();
    }
}
