//! The text edits: each [`Edit`] made to the YAML text where its node sits, and nowhere else, so
//! that comments, key order, quoting and blank lines outside the nodes an overlay changes stay
//! byte for byte. The syntax tree is `yamlpath`'s (tree-sitter's YAML grammar, lossless: every
//! node knows its bytes and its column; zizmor's, kept for editing GitHub workflow files in place),
//! and so is the span a removed key or entry takes with its line. What is added is written here:
//! a key added to a block map, or an entry to a block list, goes after the collection's last
//! line at its column, in block style (serde_yaml's, which quotes what YAML would read as
//! another type); a flow collection (`[a, b]`, `{a: 1}`) that gains an entry is written again in
//! flow style; a replaced scalar takes the old one's bytes. (`yamlpatch`, the same authors'
//! editor, was tried: its 1.26 block insertion left a nested map unindented and a key such as
//! `'503'` unquoted, which the check in [`super::apply`] caught.)

use std::borrow::Cow;

use serde_json::Value;
use yamlpath::{Component, Document, FeatureKind, Route};

use super::merge::{pointer, Edit, Step};

/// `text` with `edits` made, in order.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    let mut document = Document::new(text.to_owned()).map_err(|e| format!("not YAML: {e}"))?;
    for edit in edits {
        document = apply_one(&document, edit)?;
    }
    Ok(document.source().to_owned())
}

fn apply_one(document: &Document, edit: &Edit) -> Result<Document, String> {
    match edit {
        Edit::Add {
            at,
            key,
            value,
            whole,
        } => {
            // A map written again whole (below) already holds the keys added after the first.
            if document.query_exists(&route(at).with_key(key.clone())) {
                return Ok(document.clone());
            }
            let (kind, span, column) = locate(document, at)?;
            match kind {
                FeatureKind::BlockMapping => {
                    let entry = block_entry(key, value, column)?;
                    insert_after(document, span.end, &entry)
                }
                FeatureKind::FlowMapping => splice(document, span, &flow(whole)),
                other => Err(format!("{}: a key added to a {other:?}", pointer(at))),
            }
        }
        Edit::Append { at, items, whole } => {
            let (kind, span, column) = locate(document, at)?;
            match kind {
                FeatureKind::BlockSequence => {
                    let mut entries = String::new();
                    for item in items {
                        entries.push_str(&block_item(item, column)?);
                    }
                    insert_after(document, span.end, &entries)
                }
                FeatureKind::FlowSequence => splice(document, span, &flow(whole)),
                other => Err(format!("{}: an entry appended to a {other:?}", pointer(at))),
            }
        }
        Edit::Replace { at, value } => replace_scalar(document, at, value),
        Edit::Remove { at } => {
            let span = document
                .removal_span(&route(at))
                .map_err(|e| format!("{}: {e}", pointer(at)))?;
            splice(document, span, "")
        }
    }
}

/// The route `yamlpath` follows to the node at `at`.
fn route(at: &[Step]) -> Route<'static> {
    at.iter()
        .map(|step| match step {
            Step::Key(key) => Component::Key(Cow::Owned(key.clone())),
            Step::Index(index) => Component::Index(*index),
        })
        .collect::<Vec<_>>()
        .into()
}

/// The node at `at`: its kind, its bytes and the column it starts at.
fn locate(
    document: &Document,
    at: &[Step],
) -> Result<(FeatureKind, std::ops::Range<usize>, usize), String> {
    let feature = if at.is_empty() {
        document.top_feature().map_err(|e| e.to_string())?
    } else {
        match document.query_exact(&route(at)) {
            Ok(Some(feature)) => feature,
            Ok(None) => return Err(format!("{}: an empty node", pointer(at))),
            Err(e) => return Err(format!("{}: {e}", pointer(at))),
        }
    };
    let (start, end) = feature.location.byte_span;
    Ok((feature.kind(), start..end, feature.location.point_span.0 .1))
}

/// `key: value` as lines of a block map whose keys stand at `column`.
fn block_entry(key: &str, value: &Value, column: usize) -> Result<String, String> {
    let indent = " ".repeat(column);
    let key = flow_string(key);
    let nested = match value {
        Value::Object(map) if !map.is_empty() => true,
        Value::Array(list) if !list.is_empty() => true,
        _ => false,
    };
    if !nested {
        return Ok(format!("{indent}{key}: {}\n", block_scalar(value)));
    }
    let body = serde_yaml::to_string(value).map_err(|e| e.to_string())?;
    let mut entry = format!("{indent}{key}:\n");
    for line in body.lines() {
        entry.push_str(&format!("{indent}  {line}\n"));
    }
    Ok(entry)
}

/// `- item` as lines of a block list whose dashes stand at `column`.
fn block_item(item: &Value, column: usize) -> Result<String, String> {
    let indent = " ".repeat(column);
    let nested = match item {
        Value::Object(map) => !map.is_empty(),
        Value::Array(list) => !list.is_empty(),
        _ => false,
    };
    if !nested {
        return Ok(format!("{indent}- {}\n", block_scalar(item)));
    }
    let body = serde_yaml::to_string(item).map_err(|e| e.to_string())?;
    let mut entry = String::new();
    for (i, line) in body.lines().enumerate() {
        let lead = if i == 0 { "- " } else { "  " };
        entry.push_str(&format!("{indent}{lead}{line}\n"));
    }
    Ok(entry)
}

/// A scalar (or an empty collection) where a block collection holds it: as serde_yaml writes it
/// when that is one line (plain where YAML allows, `Every building`), in flow style otherwise.
fn block_scalar(value: &Value) -> String {
    match serde_yaml::to_string(value) {
        Ok(text)
            if text.trim_end().lines().count() == 1 && !value.is_object() && !value.is_array() =>
        {
            text.trim_end().to_owned()
        }
        _ => flow(value),
    }
}

/// `lines` (each ending in a newline) inserted as the lines after the collection ending at
/// `end`: after the end of its last line.
fn insert_after(document: &Document, end: usize, lines: &str) -> Result<Document, String> {
    let text = document.source();
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let mut edited = text.to_owned();
    if line_end == text.len() && !text.ends_with('\n') {
        edited.push('\n');
    }
    let at = line_end.min(edited.len());
    edited.insert_str(at, lines);
    Document::new(edited).map_err(|e| format!("the edit left no YAML: {e}"))
}

/// The scalar at `at` replaced by `value`, in the bytes the old one took (after `key:` when the
/// key had no value).
fn replace_scalar(document: &Document, at: &[Step], value: &Value) -> Result<Document, String> {
    // Inside a flow collection, commas and brackets end a plain scalar: the flow form.
    let in_block = match at.split_last() {
        Some((_, parent)) => matches!(
            locate(document, parent).map(|(kind, _, _)| kind),
            Ok(FeatureKind::BlockMapping | FeatureKind::BlockSequence)
        ),
        None => false,
    };
    let scalar = if in_block {
        block_scalar(value)
    } else {
        flow(value)
    };
    let place = route(at);
    match document.query_exact(&place) {
        Ok(Some(feature)) => splice(
            document,
            feature.location.byte_span.0..feature.location.byte_span.1,
            &scalar,
        ),
        // `key:` with nothing after it (null): the value goes after the colon.
        Ok(None) => {
            let key = document
                .query_key_only(&place)
                .map_err(|e| format!("{}: {e}", pointer(at)))?;
            let after_key = key.location.byte_span.1;
            let colon = document.source()[after_key..]
                .find(':')
                .map(|i| after_key + i + 1)
                .ok_or_else(|| format!("{}: no `:` after the key", pointer(at)))?;
            splice(document, colon..colon, &format!(" {scalar}"))
        }
        Err(e) => Err(format!("{}: {e}", pointer(at))),
    }
}

fn splice(
    document: &Document,
    span: std::ops::Range<usize>,
    with: &str,
) -> Result<Document, String> {
    let mut text = document.source().to_owned();
    text.replace_range(span, with);
    Document::new(text).map_err(|e| format!("the edit left no YAML: {e}"))
}

/// `value` in YAML's flow style, on one line: strings plain where YAML reads them back as the
/// same string, JSON-quoted (a YAML double-quoted scalar) otherwise.
fn flow(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => flow_string(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", flow_string(k), flow(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

fn flow_string(text: &str) -> String {
    // Plain only for words YAML cannot read as anything else: letters first, then letters,
    // digits, `_`, `-`, and none of YAML 1.1's or 1.2's booleans and nulls.
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !reserved.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        text.to_owned()
    } else if !text.chars().any(char::is_control) {
        // Single quotes, as the specs quote (`'200'`): nothing is escaped but the quote itself.
        format!("'{}'", text.replace('\'', "''"))
    } else {
        serde_json::Value::String(text.to_owned()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flow_values_read_back_as_themselves() {
        for value in [
            json!([
                "a",
                "123",
                "true",
                "No",
                "with space",
                "é",
                "a:b",
                "",
                "-x",
                "x-1",
                "it's",
                "tab\there"
            ]),
            json!({"k": null, "n": 1.5, "nested": {"l": [1, "2"]}}),
        ] {
            let text = flow(&value);
            assert!(!text.contains('\n'), "{text}");
            let back: Value = serde_yaml::from_str(&text).unwrap();
            assert_eq!(back, value, "{text}");
        }
        assert_eq!(flow(&json!(["a", "123", "x\ny"])), r#"[a, '123', "x\ny"]"#);
    }
}
