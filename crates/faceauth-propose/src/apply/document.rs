//! An Overlay document read and checked against the Overlay specification (1.0 and 1.1) before
//! any action runs: a document that is not one is refused in one line naming the place.

use serde_json::Value;

/// The Overlay versions this applier follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// Overlay 1.0.x: `update` merges into objects and appends to arrays; `remove`.
    V1_0,
    /// Overlay 1.1.x: besides, `update` replaces primitives, and `copy`.
    V1_1,
}

/// One action of an Overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayAction {
    /// Its place in the document's `actions` (0-based), for errors.
    pub index: usize,
    /// The RFC 9535 JSONPath selecting the nodes it changes.
    pub target: String,
    /// What it does.
    pub what: Change,
}

/// What an action does to each node its target selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Removes the node from its parent.
    Remove,
    /// Merges the value into the node (objects), appends or concatenates it (arrays), or
    /// replaces the node (primitives, Overlay 1.1).
    Update(Value),
    /// As `Update`, with the one node another JSONPath selects (Overlay 1.1).
    Copy(String),
    /// Neither `update`, `copy` nor `remove: true`: the action changes nothing.
    Nothing,
}

/// A checked Overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// Its `overlay` version.
    pub version: Version,
    /// Its `info.title`.
    pub title: String,
    /// Its actions, in order.
    pub actions: Vec<OverlayAction>,
}

impl Overlay {
    /// Checks `document` (an Overlay read as JSON) against the specification's fixed fields;
    /// the error names the place (`/actions/2/remove`) and why.
    pub fn from_value(document: &Value) -> Result<Overlay, String> {
        let top = document
            .as_object()
            .ok_or("the document is not a map of `overlay`, `info` and `actions`")?;
        let version = match top.get("overlay").and_then(Value::as_str) {
            Some(v) if is_version(v, "1.0") => Version::V1_0,
            Some(v) if is_version(v, "1.1") => Version::V1_1,
            Some(v) => return Err(format!("/overlay: version {v:?} is not 1.0.x or 1.1.x")),
            None => return Err("/overlay: missing, or not a string".into()),
        };
        unknown_fields(top, &["overlay", "info", "extends", "actions"], "")?;
        let info = top
            .get("info")
            .and_then(Value::as_object)
            .ok_or("/info: missing, or not a map")?;
        unknown_fields(info, &["title", "version", "description"], "/info")?;
        let title = info
            .get("title")
            .and_then(Value::as_str)
            .ok_or("/info/title: missing, or not a string")?;
        if !info.get("version").is_some_and(Value::is_string) {
            return Err("/info/version: missing, or not a string".into());
        }
        if top.get("extends").is_some_and(|e| !e.is_string()) {
            return Err("/extends: not a string".into());
        }
        let listed = top
            .get("actions")
            .and_then(Value::as_array)
            .ok_or("/actions: missing, or not a list")?;
        if listed.is_empty() {
            return Err("/actions: empty (the specification asks for one action at least)".into());
        }
        let mut actions = Vec::with_capacity(listed.len());
        for (index, action) in listed.iter().enumerate() {
            let at = format!("/actions/{index}");
            let fields = action
                .as_object()
                .ok_or_else(|| format!("{at}: not a map"))?;
            let allowed: &[&str] = match version {
                Version::V1_0 => &["target", "description", "update", "remove"],
                Version::V1_1 => &["target", "description", "update", "remove", "copy"],
            };
            unknown_fields(fields, allowed, &at)?;
            let target = fields
                .get("target")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{at}/target: missing, or not a string"))?;
            if !target.starts_with('$') {
                return Err(format!(
                    "{at}/target: {target:?} is not a JSONPath (starts with `$`)"
                ));
            }
            if fields.get("description").is_some_and(|d| !d.is_string()) {
                return Err(format!("{at}/description: not a string"));
            }
            let remove = match fields.get("remove") {
                None => false,
                Some(Value::Bool(remove)) => *remove,
                Some(_) => return Err(format!("{at}/remove: not true or false")),
            };
            let what = if remove {
                Change::Remove
            } else if let Some(update) = fields.get("update") {
                Change::Update(update.clone())
            } else if let Some(copy) = fields.get("copy") {
                let copy = copy
                    .as_str()
                    .ok_or_else(|| format!("{at}/copy: not a string"))?;
                Change::Copy(copy.to_owned())
            } else {
                Change::Nothing
            };
            actions.push(OverlayAction {
                index,
                target: target.to_owned(),
                what,
            });
        }
        Ok(Overlay {
            version,
            title: title.to_owned(),
            actions,
        })
    }
}

/// `1.0`, `1.0.0`, `1.0.12` for `1.0`; the specification's schema asks for `major.minor.patch`,
/// and tools write all three.
fn is_version(text: &str, minor: &str) -> bool {
    text.strip_prefix(minor)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

/// A field the specification does not define, unless a specification extension (`x-`).
fn unknown_fields(
    fields: &serde_json::Map<String, Value>,
    allowed: &[&str],
    at: &str,
) -> Result<(), String> {
    match fields
        .keys()
        .find(|k| !k.starts_with("x-") && !allowed.contains(&k.as_str()))
    {
        Some(field) => Err(format!("{at}/{field}: not a field of this Overlay version")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(document: Value) -> String {
        Overlay::from_value(&document).unwrap_err()
    }

    #[test]
    fn a_document_is_checked_field_by_field() {
        let info = json!({"title": "t", "version": "1"});
        let ok = Overlay::from_value(&json!({"overlay": "1.1.0", "info": info,
            "actions": [{"target": "$.info", "update": {"x": 1}}, {"target": "$.a", "remove": true},
                        {"target": "$.b", "copy": "$.c"}, {"target": "$.d", "x-note": 1}]}))
        .unwrap();
        assert_eq!(ok.version, Version::V1_1);
        let whats: Vec<_> = ok.actions.iter().map(|a| a.what.clone()).collect();
        assert_eq!(
            whats,
            [
                Change::Update(json!({"x": 1})),
                Change::Remove,
                Change::Copy("$.c".into()),
                Change::Nothing
            ]
        );
        assert_eq!(
            refused(json!([])),
            "the document is not a map of `overlay`, `info` and `actions`"
        );
        assert_eq!(
            refused(json!({"overlay": "2.0.0", "info": info, "actions": []})),
            "/overlay: version \"2.0.0\" is not 1.0.x or 1.1.x"
        );
        assert_eq!(
            refused(json!({"overlay": "1.0.0", "info": info, "actions": []})),
            "/actions: empty (the specification asks for one action at least)"
        );
        assert_eq!(
            refused(
                json!({"overlay": "1.0.0", "info": {"title": "t"}, "actions": [{"target": "$"}]})
            ),
            "/info/version: missing, or not a string"
        );
        // `copy` is Overlay 1.1's: a 1.0 document naming it is not a 1.0 document.
        assert_eq!(
            refused(
                json!({"overlay": "1.0.0", "info": info, "actions": [{"target": "$", "copy": "$.a"}]})
            ),
            "/actions/0/copy: not a field of this Overlay version"
        );
        assert_eq!(
            refused(json!({"overlay": "1.0.0", "info": info, "actions": [{"target": "info"}]})),
            "/actions/0/target: \"info\" is not a JSONPath (starts with `$`)"
        );
        assert_eq!(
            refused(
                json!({"overlay": "1.0.0", "info": info, "actions": [{"target": "$", "remove": "yes"}]})
            ),
            "/actions/0/remove: not true or false"
        );
        assert_eq!(
            refused(json!({"overlay": "1.0.0", "info": info, "actions": [], "paths": {}})),
            "/paths: not a field of this Overlay version"
        );
    }

    #[test]
    fn versions_are_major_minor_patch() {
        assert!(is_version("1.0.0", "1.0"));
        assert!(is_version("1.1.12", "1.1"));
        assert!(!is_version("1.0", "1.0"));
        assert!(!is_version("1.0.x", "1.0"));
        assert!(!is_version("1.10.0", "1.1"));
    }
}
