//! Which repeated keys of a body the typed client refuses, judged from the schema the way serde
//! reads the generated types:
//!
//! - an object with `properties` is a derived struct: a second member of a declared property is
//!   refused (`duplicate field`), an undocumented key is skipped with everything under it;
//! - an object without `properties` (or the part of one beyond them, `additionalProperties`) is
//!   a map or a `serde_json::Value`: a repeated key keeps its last value; but a typed map (an
//!   `additionalProperties` schema) decodes every member's value, so an earlier member whose
//!   value does not fit refuses the body as surely as the last;
//! - `oneOf`/`anyOf` is an untagged enum: serde tries each branch, and the body is refused only
//!   when no branch takes it (a branch takes it when its schema admits the value and it declares
//!   none of the repeated keys);
//! - `allOf` is one struct of every part's properties.
//!
//! `tests/duplicate_keys.rs` holds this to the clients: the same bodies through the typed
//! clients and through the drift check, the same verdict for each.

use serde_json::Value;

use super::schema::SchemaValidator;
use super::spec::Spec;
use faceauth_clients::json_members::DuplicateKey;

/// `$ref` chains longer than this are a broken spec, not a deeper schema.
const MAX_REF_HOPS: usize = 32;

/// Why the typed client refuses a repeated key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The schema declares the key there: a struct's field, which serde takes once.
    Declared,
    /// The key is a typed map's, and an earlier member's value does not fit the map's values.
    EarlierValue,
}

/// The repeated keys of a body whose schema is `schema` (an OpenAPI schema of `spec`) that make
/// the typed client refuse it, and why; `value` is the body as `serde_json::Value` reads it.
pub(crate) fn refused<'d>(
    spec: &Spec,
    schema: &Value,
    value: &Value,
    duplicates: &'d [DuplicateKey],
) -> Vec<(&'d DuplicateKey, Refusal)> {
    let pending: Vec<Pending<'d>> = duplicates
        .iter()
        .map(|duplicate| Pending {
            depth: 0,
            duplicate,
        })
        .collect();
    let mut found = judge(spec, schema, Some(value), &pending);
    // Each once, in the body's order.
    found.sort_by_key(|(d, _)| duplicates.iter().position(|x| std::ptr::eq(x, *d)));
    found.dedup_by(|(a, _), (b, _)| std::ptr::eq(*a, *b));
    found
}

/// A repeated key on its way down: `depth` segments of its object's path are consumed.
#[derive(Clone, Copy)]
struct Pending<'d> {
    depth: usize,
    duplicate: &'d DuplicateKey,
}

impl<'d> Pending<'d> {
    /// The next segment of the path to the object that repeats the key; `None` when here.
    fn next_segment(&self) -> Option<&'d str> {
        self.duplicate.object.get(self.depth).map(String::as_str)
    }

    fn deeper(self) -> Self {
        Self {
            depth: self.depth + 1,
            ..self
        }
    }
}

fn judge<'d>(
    spec: &Spec,
    schema: &Value,
    value: Option<&Value>,
    pending: &[Pending<'d>],
) -> Vec<(&'d DuplicateKey, Refusal)> {
    if pending.is_empty() {
        return Vec::new();
    }
    let schema = resolve(spec, schema);
    for combinator in ["oneOf", "anyOf"] {
        if let Some(branches) = schema[combinator].as_array().filter(|b| !b.is_empty()) {
            let mut refused_by_all = Vec::new();
            for branch in branches {
                let refused = judge(spec, branch, value, pending);
                if refused.is_empty() && admits(spec, branch, value) {
                    // serde's untagged enum: the first branch that decodes wins.
                    return Vec::new();
                }
                refused_by_all.extend(refused);
            }
            return refused_by_all;
        }
    }
    if let Some(parts) = schema["allOf"].as_array() {
        return parts
            .iter()
            .flat_map(|part| judge(spec, part, value, pending))
            .collect();
    }
    let properties = schema["properties"].as_object();
    let additional = schema
        .get("additionalProperties")
        .filter(|additional| additional.is_object());
    let mut refused = Vec::new();
    // Group the deeper ones by the member they go through, keeping the order.
    let mut below: Vec<(&str, Vec<Pending<'d>>)> = Vec::new();
    for p in pending {
        match p.next_segment() {
            None => {
                if properties.is_some_and(|props| props.contains_key(&p.duplicate.key)) {
                    refused.push((p.duplicate, Refusal::Declared));
                } else if let Some(additional) = additional {
                    let earlier = &p.duplicate.earlier;
                    if earlier.iter().any(|v| !admits(spec, additional, Some(v))) {
                        refused.push((p.duplicate, Refusal::EarlierValue));
                    }
                }
            }
            Some(segment) => match below.iter_mut().find(|(s, _)| *s == segment) {
                Some((_, group)) => group.push(p.deeper()),
                None => below.push((segment, vec![p.deeper()])),
            },
        }
    }
    for (segment, group) in below {
        let child_value = value.and_then(|v| match v {
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(members) => members.get(segment),
            _ => None,
        });
        let in_array = match value {
            Some(value) => value.is_array(),
            None => schema.get("items").is_some(),
        };
        let child_schema = if in_array {
            Some(&schema["items"])
        } else if let Some(declared) = properties.and_then(|props| props.get(segment)) {
            Some(declared)
        } else {
            // A map's values have the additionalProperties schema; `true`, or nothing (a
            // struct skips an undocumented key, a Value keeps anything), judges nothing below.
            additional
        };
        if let Some(child_schema) = child_schema {
            refused.extend(judge(spec, child_schema, child_value, &group));
        }
    }
    refused
}

/// Follows `$ref`s to the schema they name.
fn resolve<'a>(spec: &'a Spec, mut schema: &'a Value) -> &'a Value {
    for _ in 0..MAX_REF_HOPS {
        match schema["$ref"].as_str().and_then(|r| spec.resolve(r)) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// Whether a branch's schema admits the value (unlisted fields allowed, as serde skips them).
/// A value that is not there (under a key written again later) is not held against the branch.
fn admits(spec: &Spec, branch: &Value, value: Option<&Value>) -> bool {
    match value {
        None => true,
        Some(value) => {
            SchemaValidator::new(spec, branch).is_ok_and(|validator| validator.is_valid(value))
        }
    }
}
