//! Where in a spec the schema of a place of a response lives, followed through `$ref`s, as a
//! JSONPath an Overlay action can target.

use serde_json::Value;

use crate::pointer;

/// A node of a spec: the keys leading to it from the root, and the node.
pub(crate) struct Place<'s> {
    pub(crate) keys: Vec<String>,
    pub(crate) node: &'s Value,
}

impl<'s> Place<'s> {
    /// The response schema of `method path`'s `status` answer in `media` (`None` if the spec has
    /// none).
    pub(crate) fn response_schema(
        spec: &'s Value,
        path: &str,
        method: &str,
        status: u16,
        media: &str,
    ) -> Option<Self> {
        let keys: Vec<String> = [
            "paths",
            path,
            method,
            "responses",
            &status.to_string(),
            "content",
            media,
            "schema",
        ]
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
        let mut node = spec;
        for key in &keys {
            node = node.get(key)?;
        }
        Some(Self { keys, node })
    }

    /// The node `keys` lead to from the root, if there is one.
    pub(crate) fn at(spec: &'s Value, keys: &[String]) -> Option<Self> {
        let mut node = spec;
        for key in keys {
            node = node.get(key)?;
        }
        Some(Self {
            keys: keys.to_vec(),
            node,
        })
    }

    /// This place, or the schema its `$ref` (and that one's) names.
    pub(crate) fn resolved(mut self, spec: &'s Value) -> Option<Self> {
        // A cycle of references is refused by the spec loader; the bound is for a spec not loaded by it.
        for _ in 0..64 {
            let Some(reference) = self.node.get("$ref").and_then(Value::as_str) else {
                return Some(self);
            };
            let pointer = reference.strip_prefix('#')?;
            self.node = spec.pointer(pointer)?;
            self.keys = pointer::tokens(pointer).collect();
        }
        None
    }

    /// The schema of the value at `pointer` (a JSON pointer into a body) below this schema: a
    /// member's through `properties`, an array item's (any index) through `items`, each
    /// resolved; `None` where the schema does not say.
    pub(crate) fn below(self, spec: &'s Value, pointer: &str) -> Option<Self> {
        let mut place = self.resolved(spec)?;
        for token in pointer::tokens(pointer) {
            let (key, name) = match place.node.get("items") {
                Some(_) if pointer::is_index(&token) => ("items".to_owned(), None),
                _ => ("properties".to_owned(), Some(token)),
            };
            let mut next = place.node.get(&key)?;
            let mut keys = place.keys;
            keys.push(key);
            if let Some(name) = name {
                next = next.get(&name)?;
                keys.push(name);
            }
            place = Place { keys, node: next }.resolved(spec)?;
        }
        Some(place)
    }

    /// Its JSONPath, in RFC 9535's normalized form (`$['paths']['/a']['post']`).
    pub(crate) fn json_path(&self) -> String {
        json_path(&self.keys)
    }
}

/// The normalized JSONPath (RFC 9535, 2.7) of the node `keys` lead to.
pub(crate) fn json_path(keys: &[String]) -> String {
    let mut path = String::from("$");
    for key in keys {
        path.push_str("['");
        for c in key.chars() {
            match c {
                '\'' => path.push_str("\\'"),
                '\\' => path.push_str("\\\\"),
                c if (c as u32) < 0x20 => path.push_str(&format!("\\u{:04x}", c as u32)),
                c => path.push(c),
            }
        }
        path.push_str("']");
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_place_is_found_through_references_and_items() {
        let spec = json!({
            "paths": {"/a/{id}": {"post": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": "#/components/schemas/B"}}}},
                "B": {"type": "object", "properties": {"code": {"type": "string", "enum": ["X"]}}}
            }}
        });
        let root =
            Place::response_schema(&spec, "/a/{id}", "post", 200, "application/json").unwrap();
        assert_eq!(
            root.json_path(),
            "$['paths']['/a/{id}']['post']['responses']['200']['content']['application/json']['schema']"
        );
        let code = Place::response_schema(&spec, "/a/{id}", "post", 200, "application/json")
            .unwrap()
            .below(&spec, "/list/3/code")
            .unwrap();
        assert_eq!(
            code.json_path(),
            "$['components']['schemas']['B']['properties']['code']"
        );
        assert_eq!(code.node["enum"], json!(["X"]));
        assert!(
            Place::response_schema(&spec, "/a/{id}", "post", 200, "application/json")
                .unwrap()
                .below(&spec, "/nowhere")
                .is_none()
        );
        assert_eq!(json_path(&["it's".to_owned()]), "$['it\\'s']");
    }
}
