//! A request's JSON body as the mock checks it: scanned once into a tree that borrows its
//! strings from the body and keeps each object's members in order, and validated by the same
//! `jsonschema` validator through the representation traits it offers for this
//! (`jsonschema::json`, built with `jsonschema::options_for`).
//!
//! Why not `serde_json::Value`: the workspace needs `preserve_order`, so every object is an
//! `IndexMap` hashed with SipHash, and every key and string is an allocation. Parsing, checking
//! and dropping a two-field body that way was a fifth of the mock's whole work per request; here
//! a body is one allocation (the tree) and no hashing (an object's few members are scanned in
//! order). Why not `serde_json`'s parser driving the tree (as this module first did): see
//! [`scan`].
//!
//! A body this tree does not take (a key twice in one object, which `Value` folds into one; an
//! object of more than [`MAX_SCANNED_MEMBERS`] members; containers nested deeper than
//! [`MAX_DEPTH`]; anything that is not JSON) is refused by [`JsonTree::parse`], and the caller
//! reads it as a `Value` instead: the verdict is `serde_json`'s and `jsonschema`'s either way.

use std::borrow::Cow;

use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde::de;
use serde_json::{Map, Number, Value};

/// The most members an object of the tree may have: past it, finding a member by scanning (and
/// checking that no key comes twice) would cost more than hashing.
pub(crate) const MAX_SCANNED_MEMBERS: usize = 32;

/// The most values (scalars and containers) a JSON body may hold: the largest documented request
/// body holds 25. A body of more is refused before it is read into any tree or `Value`: a
/// 16 MiB array of zeros, eight million values, took 660 MB to read.
pub const MAX_BODY_VALUES: usize = 10_000;

/// The representation's marker, for `jsonschema::options_for::<RequestJson>()`.
pub(crate) struct RequestJson;

/// A parsed body, in one list in the body's order (the body itself first): every value, and
/// each container's entries (an object's members, an array's elements), each entry linked to the
/// container's next. Linked, not contiguous, so that the list is written as the body is read:
/// one allocation a body.
pub(crate) struct JsonTree<'b> {
    items: Vec<Item<'b>>,
}

/// Where no item is (the end of a container's entries, a member whose value is to come).
const NONE: u32 = u32::MAX;

enum Item<'b> {
    /// An object's member: its key (borrowed from the body unless it had escapes), where its
    /// value is, and where the object's next member is. (Entries are never nodes: a node is
    /// always a value.)
    Member {
        key: Cow<'b, str>,
        value: u32,
        next: u32,
    },
    /// An array's element: where its value is, and where the array's next element is.
    Element {
        value: u32,
        next: u32,
    },
    Null,
    Bool(bool),
    Number(Number),
    /// Borrowed from the body unless it had escapes.
    String(Cow<'b, str>),
    Array {
        first: u32,
        len: u32,
    },
    Object {
        first: u32,
        len: u32,
    },
}

/// Why a body was not taken as a tree (the caller counts its values, then, within
/// [`MAX_BODY_VALUES`], reads it as a `Value`, which reports what is wrong with it, if anything).
#[derive(Debug)]
pub(crate) struct NotTaken;

impl<'b> JsonTree<'b> {
    /// `body` as a tree; `Err` for a body that is not JSON, or one the tree does not take.
    pub fn parse(body: &'b [u8]) -> Result<Self, NotTaken> {
        scan(body)
    }

    /// The whole body, for the validator.
    pub fn root(&self) -> JsonNode<'_> {
        JsonNode {
            tree: self,
            index: 0,
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
            Item::Null | Item::Member { .. } | Item::Element { .. } => None,
            Item::Bool(true) => Some(Cow::Borrowed("true")),
            Item::Bool(false) => Some(Cow::Borrowed("false")),
            Item::Number(number) => Some(Cow::Owned(number.to_string())),
            Item::Array { .. } | Item::Object { .. } => Some(Cow::Owned(self.value().to_string())),
        }
    }

    /// The value as a `serde_json::Value` (copied: for errors and rare paths).
    pub fn value(&self) -> Value {
        match self.item() {
            Item::Null | Item::Member { .. } | Item::Element { .. } => Value::Null,
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
    first: u32,
    len: u32,
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
    first: u32,
    len: u32,
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
            Item::Object { first, len } => Some(JsonObject {
                tree: self.tree,
                first,
                len,
            }),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<JsonArray<'a>> {
        match *self.item() {
            Item::Array { first, len } => Some(JsonArray {
                tree: self.tree,
                first,
                len,
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
            Item::Null | Item::Member { .. } | Item::Element { .. } => JsonType::Null,
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
        self.len as usize
    }

    fn get(&self, key: &Box<str>) -> Option<JsonNode<'a>> {
        self.find(key)
    }

    fn members(&self) -> Members<'a> {
        Members {
            tree: self.tree,
            next: self.first,
        }
    }
}

/// An object's members, in order.
pub(crate) struct Members<'a> {
    tree: &'a JsonTree<'a>,
    next: u32,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, JsonNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let Item::Member { key, value, next } = self.tree.items.get(self.next as usize)? else {
            return None;
        };
        self.next = *next;
        Some((
            key,
            JsonNode {
                tree: self.tree,
                index: *value,
            },
        ))
    }
}

impl<'a> Array<'a, RequestJson> for JsonArray<'a> {
    type Node = JsonNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.len as usize
    }

    fn elements(&self) -> Elements<'a> {
        Elements {
            tree: self.tree,
            next: self.first,
        }
    }
}

/// An array's elements, in order.
pub(crate) struct Elements<'a> {
    tree: &'a JsonTree<'a>,
    next: u32,
}

impl<'a> Iterator for Elements<'a> {
    type Item = JsonNode<'a>;

    fn next(&mut self) -> Option<JsonNode<'a>> {
        let Item::Element { value, next } = *self.tree.items.get(self.next as usize)? else {
            return None;
        };
        self.next = next;
        Some(JsonNode {
            tree: self.tree,
            index: value,
        })
    }
}

/// The deepest a body's containers may nest in the tree (`serde_json` refuses past 127; a body
/// nested deeper than this is read as a `Value`, which says whether it is JSON at all).
const MAX_DEPTH: usize = 32;

/// Reads `body` into a tree, in one pass: the structure scanned here, each string found with
/// `memchr` and borrowed where it has no escape; escaped strings and numbers read by
/// `serde_json` itself, so that every value is what `Value` would hold.
///
/// Why not `serde_json`'s own parser driving the tree through a `Visitor` (as this module first
/// did): for the two-member body of a Verisoul enrolment it took 1,840 instructions to build the
/// tree, this scan 1,520 (callgrind, BENCHMARKS.md section 3); `serde_json` alone, building
/// nothing, and jiter's pull parser each took about 1,150 on that body. What the scan cannot read
/// as surely as `serde_json` (an escape, a number) it hands to `serde_json`; what it does not
/// take at all, the caller reads as a `Value`.
fn scan(body: &[u8]) -> Result<JsonTree<'_>, NotTaken> {
    // The whole body checked as UTF-8 once: each string is then a slice of it.
    let text = std::str::from_utf8(body).map_err(|_| NotTaken)?;
    let mut scanner = Scanner {
        body,
        text,
        at: 0,
        plain: !escape_or_control(body),
    };
    let mut items: Vec<Item<'_>> = Vec::with_capacity(8);
    // Each open container: where it is, and where its last entry is (`NONE` before the first).
    let mut open = [(0u32, NONE); MAX_DEPTH];
    let mut depth = 0usize;
    let mut values = 0usize;
    'value: loop {
        // A value starts here (the body, an element, or a member's after its colon).
        values += 1;
        if values > MAX_BODY_VALUES {
            return Err(NotTaken);
        }
        let mut index = match scanner.skip_whitespace()? {
            byte @ (b'{' | b'[') => {
                let object = byte == b'{';
                scanner.at += 1;
                let at = push(&mut items, container(object));
                let closing = if object { b'}' } else { b']' };
                if scanner.skip_whitespace()? == closing {
                    scanner.at += 1;
                    at
                } else {
                    if depth == MAX_DEPTH {
                        return Err(NotTaken);
                    }
                    open[depth] = (at, NONE);
                    depth += 1;
                    if object {
                        scanner.member(&mut items, &mut open[depth - 1])?;
                    }
                    continue 'value;
                }
            }
            b'"' => {
                let text = scanner.string()?;
                push(&mut items, Item::String(text))
            }
            b't' => push(&mut items, scanner.literal(b"true", Item::Bool(true))?),
            b'f' => push(&mut items, scanner.literal(b"false", Item::Bool(false))?),
            b'n' => push(&mut items, scanner.literal(b"null", Item::Null)?),
            b'-' | b'0'..=b'9' => {
                let number = scanner.number()?;
                push(&mut items, number)
            }
            _ => return Err(NotTaken),
        };
        // A value is whole: it is the body, or the next entry of the innermost open container,
        // which the next byte continues or closes (and closing it makes another value whole).
        loop {
            let Some(innermost) = depth.checked_sub(1) else {
                break 'value;
            };
            let object = matches!(items[open[innermost].0 as usize], Item::Object { .. });
            if object {
                // The member whose key was read before its value.
                if let Item::Member { value, .. } = &mut items[open[innermost].1 as usize] {
                    *value = index;
                }
            } else {
                let element = push(
                    &mut items,
                    Item::Element {
                        value: index,
                        next: NONE,
                    },
                );
                link(&mut items, &mut open[innermost], element);
            }
            match scanner.skip_whitespace()? {
                b',' => {
                    scanner.at += 1;
                    if object {
                        scanner.member(&mut items, &mut open[innermost])?;
                    }
                    continue 'value;
                }
                b'}' if object => {}
                b']' if !object => {}
                _ => return Err(NotTaken),
            }
            scanner.at += 1;
            index = open[innermost].0;
            depth = innermost;
        }
    }
    // Nothing but whitespace may follow the body.
    match scanner.skip_whitespace() {
        Err(NotTaken) => Ok(JsonTree { items }),
        Ok(_) => Err(NotTaken),
    }
}

/// Whether `body` holds more than `cap` JSON values, counted as `serde_json` reads it without
/// keeping any (the body need not be JSON after the count passes `cap`): asked of a body the tree
/// did not take, before it is read as a `Value`, which would hold every value it reads.
pub(crate) fn more_values_than(body: &[u8], cap: usize) -> bool {
    let mut counted = 0usize;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let _ = de::DeserializeSeed::deserialize(
        Counter {
            counted: &mut counted,
            cap,
        },
        &mut deserializer,
    );
    counted > cap
}

/// Counts the values it reads, keeping none; fails past `cap`.
struct Counter<'c> {
    counted: &'c mut usize,
    cap: usize,
}

impl Counter<'_> {
    fn count<E: de::Error>(self) -> Result<(), E> {
        *self.counted += 1;
        match *self.counted > self.cap {
            true => Err(E::custom("too many values")),
            false => Ok(()),
        }
    }

    fn again(&mut self) -> Counter<'_> {
        Counter {
            counted: self.counted,
            cap: self.cap,
        }
    }
}

impl<'de> de::DeserializeSeed<'de> for Counter<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.count()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.count()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.count()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.count()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.count()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.count()
    }

    fn visit_seq<A: de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.again().count()?;
        while seq.next_element_seed(self.again())?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.again().count()?;
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            map.next_value_seed(self.again())?;
        }
        Ok(())
    }
}

fn push<'b>(items: &mut Vec<Item<'b>>, item: Item<'b>) -> u32 {
    items.push(item);
    (items.len() - 1) as u32
}

/// An empty container.
fn container<'b>(object: bool) -> Item<'b> {
    match object {
        true => Item::Object {
            first: NONE,
            len: 0,
        },
        false => Item::Array {
            first: NONE,
            len: 0,
        },
    }
}

/// Links `entry` after the last entry of the open container `open` (its place, its last entry).
fn link(items: &mut [Item<'_>], open: &mut (u32, u32), entry: u32) {
    let (at, last) = *open;
    if let Item::Object { first, len } | Item::Array { first, len } = &mut items[at as usize] {
        if *first == NONE {
            *first = entry;
        }
        *len += 1;
    }
    if let Some(Item::Member { next, .. } | Item::Element { next, .. }) =
        items.get_mut(last as usize)
    {
        *next = entry;
    }
    open.1 = entry;
}

/// Where the scan is in a body.
struct Scanner<'b> {
    body: &'b [u8],
    /// The body, as text.
    text: &'b str,
    at: usize,
    /// Whether the body has no backslash and no control character (not even whitespace between
    /// tokens), so that each of its strings is the text between its quotes. Most bodies are
    /// written compact by a program, and are.
    plain: bool,
}

/// Whether `bytes` has a backslash or a control character: checked in blocks without branches,
/// which the compiler turns into vector instructions (a body checked at once, not string by
/// string: a call per string cost more than the strings' bytes).
fn escape_or_control(bytes: &[u8]) -> bool {
    let odd = |found: u8, byte: &u8| found | u8::from((*byte < 0x20) | (*byte == b'\\'));
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if block.iter().fold(0, odd) != 0 {
            return true;
        }
    }
    blocks.remainder().iter().fold(0, odd) != 0
}

impl<'b> Scanner<'b> {
    /// Skips JSON's whitespace; the byte after it (not taken), or `Err` at the body's end.
    fn skip_whitespace(&mut self) -> Result<u8, NotTaken> {
        while let Some(&byte) = self.body.get(self.at) {
            match byte {
                b' ' | b'\n' | b'\r' | b'\t' => self.at += 1,
                _ => return Ok(byte),
            }
        }
        Err(NotTaken)
    }

    /// Reads an object member's key and colon into `items`, linked as the last member of the
    /// open object `open` (its value to come): refused when the key is already one of the
    /// object's members or the object would have more than [`MAX_SCANNED_MEMBERS`].
    fn member(&mut self, items: &mut Vec<Item<'b>>, open: &mut (u32, u32)) -> Result<(), NotTaken> {
        if self.skip_whitespace()? != b'"' {
            return Err(NotTaken);
        }
        let key = self.string()?;
        let Item::Object { first, len } = items[open.0 as usize] else {
            return Err(NotTaken);
        };
        if len as usize == MAX_SCANNED_MEMBERS {
            return Err(NotTaken);
        }
        let mut at = first;
        while let Some(Item::Member {
            key: held, next, ..
        }) = items.get(at as usize)
        {
            if *held == key {
                return Err(NotTaken);
            }
            at = *next;
        }
        if self.skip_whitespace()? != b':' {
            return Err(NotTaken);
        }
        self.at += 1;
        let member = push(
            items,
            Item::Member {
                key,
                value: NONE,
                next: NONE,
            },
        );
        link(items, open, member);
        Ok(())
    }

    /// The string whose opening quote is at the scan's place.
    fn string(&mut self) -> Result<Cow<'b, str>, NotTaken> {
        let start = self.at + 1;
        let rest = self.body.get(start..).ok_or(NotTaken)?;
        let end = start + memchr::memchr(b'"', rest).ok_or(NotTaken)?;
        // An escape makes the text differ from the bytes, and JSON refuses a control character
        // unescaped: a string with either is read by `serde_json`.
        if !self.plain && escape_or_control(&self.body[start..end]) {
            return self.escaped_string();
        }
        self.at = end + 1;
        // (Quotes are ASCII: both ends are character boundaries.)
        self.text.get(start..end).map(Cow::Borrowed).ok_or(NotTaken)
    }

    /// A string with escapes (or a refused control character), read by `serde_json`.
    fn escaped_string(&mut self) -> Result<Cow<'b, str>, NotTaken> {
        let mut strings =
            serde_json::Deserializer::from_slice(&self.body[self.at..]).into_iter::<String>();
        let text = strings.next().ok_or(NotTaken)?.map_err(|_| NotTaken)?;
        self.at += strings.byte_offset();
        Ok(Cow::Owned(text))
    }

    /// A number, read by `serde_json` (as `Value` reads it) from the bytes a number may have.
    fn number(&mut self) -> Result<Item<'b>, NotTaken> {
        let start = self.at;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.body.get(self.at) {
            self.at += 1;
        }
        let text = self.text.get(start..self.at).ok_or(NotTaken)?;
        serde_json::from_str::<Number>(text)
            .map(Item::Number)
            .map_err(|_| NotTaken)
    }

    /// `word` (`true`, `false`, `null`) at the scan's place, as `item`.
    fn literal(&mut self, word: &[u8], item: Item<'b>) -> Result<Item<'b>, NotTaken> {
        match self.body[self.at..].starts_with(word) {
            true => {
                self.at += word.len();
                Ok(item)
            }
            false => Err(NotTaken),
        }
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

    #[test]
    fn a_body_of_more_values_than_the_cap_is_refused_and_counted_without_a_tree() {
        let zeros = |n: usize| format!("[{}]", vec!["0"; n - 1].join(","));
        // The array itself and its elements.
        assert!(JsonTree::parse(zeros(MAX_BODY_VALUES).as_bytes()).is_ok());
        assert!(JsonTree::parse(zeros(MAX_BODY_VALUES + 1).as_bytes()).is_err());
        assert!(!more_values_than(
            zeros(MAX_BODY_VALUES).as_bytes(),
            MAX_BODY_VALUES
        ));
        assert!(more_values_than(
            zeros(MAX_BODY_VALUES + 1).as_bytes(),
            MAX_BODY_VALUES
        ));
        // A body the tree refuses early (a key twice) is still counted to its end; objects,
        // keys not counted, strings and literals are.
        let twice = format!(
            r#"{{"a":1,"a":[true,null,"s",{{"k":1.5}}],"z":{}}}"#,
            zeros(9)
        );
        assert!(JsonTree::parse(twice.as_bytes()).is_err());
        assert!(!more_values_than(twice.as_bytes(), 17));
        assert!(more_values_than(twice.as_bytes(), 16));
        // Past the cap, what follows is not read: the count stands whatever it is.
        let twenty = zeros(20);
        let cut = format!("{},x", &twenty[..twenty.len() - 1]);
        assert!(more_values_than(cut.as_bytes(), 10));
        assert!(!more_values_than(b"[0,x", 10), "not JSON, within the cap");
    }

    /// The scan against `serde_json` on any text: every text the tree takes, `serde_json` reads
    /// as the same value, members in the same order; and the tree takes every JSON text short of
    /// its bounds, whitespace, escapes and numbers of every form included.
    mod reads_as_serde_json_does {
        use super::*;
        use proptest::prelude::*;

        fn any_json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                any::<f64>()
                    .prop_filter("finite", |f| f.is_finite())
                    .prop_map(Value::from),
                any::<String>().prop_map(Value::String),
                "[a-z\\\\\"/\u{1}\u{1f}\u{e9}\u{1f600}]{0,8}".prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 24, 5, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                    prop::collection::btree_map("[a-z\u{e9}\\\\\"]{0,4}", inner, 0..5)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        /// `value` written out, with whitespace between tokens where `spaces` says, and some
        /// characters of its strings written as `\u` escapes.
        fn written(value: &Value, spaces: &[u8], escape_every: usize) -> Vec<u8> {
            let compact = serde_json::to_string(value).unwrap();
            let mut out = Vec::new();
            let mut in_string = false;
            // How many characters of an escape are still to come.
            let mut in_escape = 0;
            for (i, c) in compact.chars().enumerate() {
                let space = spaces[i % spaces.len()];
                if !in_string && matches!(c, '{' | '}' | '[' | ']' | ',' | ':') {
                    out.extend(std::iter::repeat_n(
                        b" \n\r\t"[space as usize % 4],
                        space as usize % 3,
                    ));
                }
                if in_string && in_escape == 0 && c.is_ascii_alphabetic() && i % escape_every == 0 {
                    out.extend(format!("\\u{:04x}", c as u32).bytes());
                } else {
                    let mut buf = [0; 4];
                    out.extend(c.encode_utf8(&mut buf).bytes());
                }
                in_escape = match (in_escape, c) {
                    (0, '\\') if in_string => 1,
                    (0, '"') => {
                        in_string = !in_string;
                        0
                    }
                    (0, _) => 0,
                    (1, 'u') => 4,
                    (n, _) => n - 1,
                };
            }
            out
        }

        fn same(tree: &JsonTree<'_>, value: &Value) -> bool {
            // Written out, so that the members' order counts.
            serde_json::to_string(&tree.root().value()).unwrap()
                == serde_json::to_string(value).unwrap()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]
            #[test]
            fn json_texts_are_taken_as_serde_json_reads_them(
                value in any_json(),
                spaces in prop::collection::vec(any::<u8>(), 1..8),
                escape_every in 1usize..5,
            ) {
                let text = written(&value, &spaces, escape_every);
                let read: Value = serde_json::from_slice(&text).unwrap();
                prop_assert_eq!(&read, &value);
                let tree = JsonTree::parse(&text);
                prop_assert!(tree.is_ok(), "refused: {}", String::from_utf8_lossy(&text));
                prop_assert!(same(&tree.unwrap(), &value));
            }

            #[test]
            fn a_string_or_number_is_refused_or_read_exactly_as_serde_json_does(
                raw in prop::collection::vec(prop_oneof![
                    any::<u8>(),
                    prop::sample::select(b"\\\"u0aF/\x00\x1f\x7f".to_vec()),
                ], 0..12),
                quoted in any::<bool>(),
            ) {
                // Whatever the bytes, a string member (or a number-like token) is taken exactly
                // when serde_json reads it, and read as it reads it.
                let mut text = b"{\"k\":[".to_vec();
                if quoted { text.push(b'"'); }
                text.extend(&raw);
                if quoted { text.push(b'"'); }
                text.extend(b"]}");
                let read = serde_json::from_slice::<Value>(&text);
                let tree = JsonTree::parse(&text);
                prop_assert_eq!(tree.is_ok(), read.is_ok(), "{}", String::from_utf8_lossy(&text));
                if let (Ok(tree), Ok(read)) = (tree, read) {
                    prop_assert!(same(&tree, &read));
                }
            }

            #[test]
            fn a_text_the_tree_takes_is_one_serde_json_reads_alike(
                value in any_json(),
                edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, prop::sample::select(
                    b"{}[],:\"\\ -+.0123456789eEtrufalsn\x00\x1f\x7f\xc3\xa9\xff".to_vec())), 1..6),
            ) {
                let mut text = serde_json::to_vec(&value).unwrap();
                for (at, how, byte) in edits {
                    let at = at.index(text.len() + 1);
                    match how {
                        0 if at < text.len() => { text.remove(at); }
                        1 if at < text.len() => text[at] = byte,
                        _ => text.insert(at, byte),
                    }
                }
                if let Ok(tree) = JsonTree::parse(&text) {
                    let read = serde_json::from_slice::<Value>(&text);
                    prop_assert!(read.is_ok(), "taken, not JSON: {}", String::from_utf8_lossy(&text));
                    prop_assert!(same(&tree, &read.unwrap()), "{}", String::from_utf8_lossy(&text));
                }
            }
        }
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
            // The largest documented body, as MAX_BODY_VALUES's documentation (and the
            // README's) says, is far within the cap.
            fn values(value: &Value) -> usize {
                1 + match value {
                    Value::Array(a) => a.iter().map(values).sum(),
                    Value::Object(o) => o.values().map(values).sum(),
                    _ => 0,
                }
            }
            let largest = cases.iter().flat_map(|c| &c.bodies).map(values).max();
            assert_eq!(largest, Some(25));
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
