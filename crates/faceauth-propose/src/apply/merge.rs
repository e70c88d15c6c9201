//! What an action does to the document, as the Overlay specification says it: each node the
//! target selects merged with the update (objects recursively, arrays concatenated, primitives
//! replaced) or removed. The change is made to the document read as JSON and returned as the
//! few [`Edit`]s that make the same change to the text.

use serde_json::Value;

use super::document::Version;

/// One step of a node's place in the document: a key of a map or an index of a list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// A key.
    Key(String),
    /// An index.
    Index(usize),
}

/// One change to the text, at the node `at` names.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// A key added to the map at `at`; `whole` is the map after it.
    Add {
        at: Vec<Step>,
        key: String,
        value: Value,
        whole: Value,
    },
    /// Entries appended to the list at `at`; `whole` is the list after them.
    Append {
        at: Vec<Step>,
        items: Vec<Value>,
        whole: Value,
    },
    /// The node at `at` replaced.
    Replace { at: Vec<Step>, value: Value },
    /// The node at `at` removed from its map or list.
    Remove { at: Vec<Step> },
}

/// The node at `at` of `document`.
pub fn node_mut<'a>(document: &'a mut Value, at: &[Step]) -> Option<&'a mut Value> {
    at.iter().try_fold(document, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

/// Removes the node at `at` (not the root) from `document`.
pub fn remove(document: &mut Value, at: &[Step]) -> Result<Edit, String> {
    let (last, parent) = at.split_last().ok_or("the root cannot be removed")?;
    let parent = node_mut(document, parent).ok_or("no node there")?;
    match (parent, last) {
        (Value::Object(map), Step::Key(key)) => {
            map.shift_remove(key.as_str());
        }
        (Value::Array(list), Step::Index(index)) if *index < list.len() => {
            list.remove(*index);
        }
        _ => return Err("no node there".into()),
    }
    Ok(Edit::Remove { at: at.to_vec() })
}

/// Merges `update` into the node at `at` of `document`, as an action's update of a selected
/// node (`top`), and returns the edits.
pub fn update(
    document: &mut Value,
    at: &[Step],
    update: &Value,
    version: Version,
) -> Result<Vec<Edit>, String> {
    let node = node_mut(document, at).ok_or("no node there")?;
    if version == Version::V1_0 && !(node.is_object() || node.is_array()) {
        return Err(format!(
            "selects {} (Overlay 1.0 updates objects and arrays only; 1.1 replaces primitives)",
            kind(node)
        ));
    }
    let mut edits = Vec::new();
    merge(node, at.to_vec(), update, true, &mut edits)?;
    Ok(edits)
}

/// The recursive merge of the Overlay specification (1.1 §Action Object, which 1.0's "merged
/// recursively" leaves unsaid): a property only in the update is inserted, objects merge, arrays
/// concatenate, a primitive replaces a primitive, anything else is incompatible. At the top, an
/// update that is not a list is appended to a selected list as one entry.
fn merge(
    node: &mut Value,
    at: Vec<Step>,
    update: &Value,
    top: bool,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    match (node, update) {
        (Value::Object(map), Value::Object(updates)) => {
            // The keys added to this map, whose edits get the map as it ends.
            let mut added = Vec::new();
            for (key, value) in updates {
                let mut inner = at.clone();
                inner.push(Step::Key(key.clone()));
                match map.get_mut(key) {
                    Some(held) => merge(held, inner, value, false, edits)?,
                    None => {
                        map.insert(key.clone(), value.clone());
                        added.push(edits.len());
                        edits.push(Edit::Add {
                            at: at.clone(),
                            key: key.clone(),
                            value: value.clone(),
                            whole: Value::Null,
                        });
                    }
                }
            }
            // The map as it ends, for a text edit that must rewrite it whole (a flow map):
            // copied only where a key was added.
            if !added.is_empty() {
                let whole = Value::Object(map.clone());
                for index in added {
                    if let Edit::Add { whole: w, .. } = &mut edits[index] {
                        *w = whole.clone();
                    }
                }
            }
        }
        (Value::Array(list), Value::Array(items)) => {
            list.extend(items.iter().cloned());
            if !items.is_empty() {
                edits.push(Edit::Append {
                    at,
                    items: items.clone(),
                    whole: Value::Array(list.clone()),
                });
            }
        }
        (Value::Array(list), item) if top => {
            list.push(item.clone());
            edits.push(Edit::Append {
                at,
                items: vec![item.clone()],
                whole: Value::Array(list.clone()),
            });
        }
        (node, value) if is_primitive(node) && is_primitive(value) => {
            if node != value {
                *node = value.clone();
                edits.push(Edit::Replace {
                    at,
                    value: value.clone(),
                });
            }
        }
        (node, value) => {
            return Err(format!(
                "{} cannot be merged into {} at {}",
                kind(value),
                kind(node),
                pointer(&at)
            ))
        }
    }
    Ok(())
}

fn is_primitive(value: &Value) -> bool {
    !(value.is_object() || value.is_array())
}

/// What a JSON value is, in the specification's words.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::Null => "null",
        _ => "a primitive",
    }
}

/// A node's place as a JSON pointer, for errors.
pub fn pointer(at: &[Step]) -> String {
    if at.is_empty() {
        return "the root".into();
    }
    at.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", faceauth_spec::lines::escape(key)),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    #[test]
    fn objects_merge_arrays_concatenate_primitives_replace() {
        let mut document = json!({"info": {"title": "a", "tags": ["x"], "deep": {"k": 1}}});
        let edits = update(
            &mut document,
            &[key("info")],
            &json!({"title": "b", "tags": ["y"], "deep": {"k": 1, "n": 2}, "new": true}),
            Version::V1_0,
        )
        .unwrap();
        assert_eq!(
            document,
            json!({"info": {"title": "b", "tags": ["x", "y"], "deep": {"k": 1, "n": 2}, "new": true}})
        );
        // An unchanged primitive is no edit; each other change is one.
        assert_eq!(edits.len(), 4, "{edits:?}");
        assert!(
            matches!(&edits[0], Edit::Replace { at, value } if *at == [key("info"), key("title")] && *value == "b")
        );
        assert!(
            matches!(&edits[3], Edit::Add { key, whole, .. } if key == "new" && whole["new"] == true && whole["title"] == "b")
        );
    }

    #[test]
    fn a_list_selected_gains_an_entry_and_a_primitive_is_replaced_in_1_1_only() {
        let mut document = json!({"required": ["a"], "type": "string"});
        update(
            &mut document,
            &[key("required")],
            &json!("b"),
            Version::V1_0,
        )
        .unwrap();
        assert_eq!(document["required"], json!(["a", "b"]));
        let refused = update(
            &mut document,
            &[key("type")],
            &json!("number"),
            Version::V1_0,
        );
        assert_eq!(
            refused.unwrap_err(),
            "selects a primitive (Overlay 1.0 updates objects and arrays only; 1.1 replaces primitives)"
        );
        update(
            &mut document,
            &[key("type")],
            &json!("number"),
            Version::V1_1,
        )
        .unwrap();
        assert_eq!(document["type"], "number");
    }

    #[test]
    fn incompatible_values_are_refused_with_the_place() {
        let mut document = json!({"a": {"b": "text"}});
        let refused = update(
            &mut document,
            &[key("a")],
            &json!({"b": {"c": 1}}),
            Version::V1_0,
        );
        assert_eq!(
            refused.unwrap_err(),
            "an object cannot be merged into a primitive at /a/b"
        );
        // Nothing was changed by the refused action's first steps that matter: the caller
        // drops the document on any error.
    }

    #[test]
    fn removal_takes_keys_and_entries() {
        let mut document = json!({"a": {"b": 1, "c": 2}, "l": [1, 2, 3]});
        remove(&mut document, &[key("a"), key("b")]).unwrap();
        remove(&mut document, &[key("l"), Step::Index(1)]).unwrap();
        assert_eq!(document, json!({"a": {"c": 2}, "l": [1, 3]}));
        assert_eq!(
            remove(&mut document, &[]).unwrap_err(),
            "the root cannot be removed"
        );
        assert_eq!(pointer(&[key("a/b"), Step::Index(2)]), "/a~1b/2");
    }
}
