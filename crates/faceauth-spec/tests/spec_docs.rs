//! The specs' words are the rustdoc an application developer reads (the build copies every
//! `description` into the generated types, fields and methods): so every schema, every field at
//! any depth and every parameter is described, and no description or summary sends the reader to
//! a file they do not have (the vendor documents the specs were transcribed from, the
//! `x-faceauth-*` marks, the build script). Where a description comes from is the maintainers'
//! business: it sits in the node's `x-faceauth-source` or `x-faceauth-inferred`.
//!
//! A field that is only a `$ref` is described where it is defined.

use serde_json::Value;

const VENDORS: [&str; 4] = ["signzy", "verisoul", "advance", "progeny"];

fn spec(vendor: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs")
        .join(format!("{vendor}.yaml"));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::to_value(yaml).unwrap()
}

/// Values that are data, not words: examples, defaults, enums and the maintainers' marks.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-faceauth-")
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The pointers of the schemas, fields and parameters that have no description (or one that is
/// only their name).
fn undescribed(doc: &Value) -> Vec<String> {
    let mut missing = Vec::new();
    let mut need = |node: &Value, name: &str, pointer: &str| {
        let only_ref = node
            .as_object()
            .is_some_and(|o| o.len() == 1 && o.contains_key("$ref"));
        if only_ref {
            return;
        }
        let described = node
            .get("description")
            .and_then(Value::as_str)
            .map(|d| d.trim().trim_end_matches('.'))
            .is_some_and(|d| !d.is_empty() && !d.eq_ignore_ascii_case(name));
        if !described {
            missing.push(pointer.to_owned());
        }
    };
    fn fields(schema: &Value, pointer: &str, need: &mut dyn FnMut(&Value, &str, &str)) {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, field) in properties {
                let at = format!("{pointer}/properties/{}", escape(name));
                need(field, name, &at);
                fields(field, &at, need);
            }
        }
        if let Some(items) = schema.get("items") {
            // An element schema that becomes a type of its own (an object, a constrained string)
            // is described too.
            let own_type = items.get("type").and_then(Value::as_str) == Some("object")
                || ["minLength", "maxLength", "pattern", "enum"]
                    .iter()
                    .any(|constraint| items.get(constraint).is_some());
            if own_type {
                need(items, "", &format!("{pointer}/items"));
            }
            fields(items, &format!("{pointer}/items"), need);
        }
        if let Some(more) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            fields(more, &format!("{pointer}/additionalProperties"), need);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, member) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                fields(member, &format!("{pointer}/{key}/{i}"), need);
            }
        }
    }
    fn operations(node: &Value, pointer: &str, need: &mut dyn FnMut(&Value, &str, &str)) {
        let Some(object) = node.as_object() else {
            if let Some(items) = node.as_array() {
                for (i, item) in items.iter().enumerate() {
                    operations(item, &format!("{pointer}/{i}"), need);
                }
            }
            return;
        };
        for (key, value) in object {
            let at = format!("{pointer}/{}", escape(key));
            if is_data(key) {
                continue;
            }
            if key == "schema" {
                fields(value, &at, need);
            } else if key == "parameters" {
                for (i, parameter) in value.as_array().into_iter().flatten().enumerate() {
                    let at = format!("{at}/{i}");
                    let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
                    need(parameter, name, &at);
                    if let Some(schema) = parameter.get("schema") {
                        fields(schema, &format!("{at}/schema"), need);
                    }
                }
            } else {
                operations(value, &at, need);
            }
        }
    }
    for (name, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let at = format!("/components/schemas/{}", escape(name));
        need(schema, name, &at);
        fields(schema, &at, &mut need);
    }
    for (name, parameter) in doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let name_in_spec = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(name);
        need(
            parameter,
            name_in_spec,
            &format!("/components/parameters/{}", escape(name)),
        );
    }
    if let Some(paths) = doc.get("paths") {
        operations(paths, "/paths", &mut need);
    }
    missing
}

/// What in `text` sends an application developer to a file outside the crate, if anything.
/// A vendor's web address is a link, not a file; the crate's own `specs/` travel with it.
fn provenance(text: &str) -> Option<String> {
    for word in text.split(|c: char| c.is_whitespace() || "()[]{}<>\"'`,;".contains(c)) {
        let word = word.trim_matches(':');
        if word.starts_with("http://") || word.starts_with("https://") || word.starts_with("specs/")
        {
            continue;
        }
        let lower = word.trim_end_matches('.').to_ascii_lowercase();
        let named_file = [".md", ".yml", ".json"]
            .iter()
            .any(|ext| lower.ends_with(ext))
            || (lower.ends_with(".yaml") && !lower.starts_with("specs/"));
        let mark = [
            "vendor-docs",
            "reference/",
            "x-faceauth",
            "build.rs",
            "progenitor",
        ]
        .iter()
        .any(|m| lower.contains(m));
        if named_file || mark {
            return Some(word.to_owned());
        }
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("cross-cutting facts") {
        return Some("Cross-cutting facts".to_owned());
    }
    None
}

/// Every description and summary (the example's own, outside its value) that names a file or a
/// mark, with its pointer.
fn texts_naming_files(doc: &Value) -> Vec<(String, String)> {
    fn walk(node: &Value, pointer: &str, in_properties: bool, out: &mut Vec<(String, String)>) {
        match node {
            Value::Object(object) => {
                for (key, value) in object {
                    let at = format!("{pointer}/{}", escape(key));
                    if in_properties {
                        // `key` is a field's name.
                        walk(value, &at, false, out);
                    } else if key == "examples" {
                        // Each example's summary and description are words; its value is data.
                        for (name, example) in value.as_object().into_iter().flatten() {
                            for word_key in ["summary", "description"] {
                                if let Some(found) = example
                                    .get(word_key)
                                    .and_then(Value::as_str)
                                    .and_then(provenance)
                                {
                                    out.push((format!("{at}/{}/{word_key}", escape(name)), found));
                                }
                            }
                        }
                    } else if is_data(key) {
                        continue;
                    } else if key == "description" || key == "summary" {
                        if let Some(found) = value.as_str().and_then(provenance) {
                            out.push((at, found));
                        }
                    } else {
                        walk(value, &at, key == "properties", out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), false, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, "", false, &mut out);
    out
}

#[test]
fn every_schema_field_and_parameter_is_described() {
    for vendor in VENDORS {
        assert_eq!(
            undescribed(&spec(vendor)),
            Vec::<String>::new(),
            "{vendor}: described nowhere (the vendor's words, or ours marked x-faceauth-inferred)"
        );
    }
}

#[test]
fn no_description_or_summary_names_a_file_the_reader_does_not_have() {
    for vendor in VENDORS {
        assert_eq!(
            texts_naming_files(&spec(vendor)),
            Vec::<(String, String)>::new(),
            "{vendor}: move the citation to the node's x-faceauth-source or x-faceauth-inferred"
        );
    }
}

/// The two rules find what they are for (a check that finds nothing proves nothing).
#[test]
fn the_rules_find_an_undescribed_field_and_a_cited_file() {
    let doc = serde_json::json!({
        "components": {"schemas": {"Thing": {
            "description": "A thing. See vendor-docs 003.",
            "properties": {
                "id": {"type": "string", "description": "id"},
                "link": {"$ref": "#/components/schemas/Other"},
                "nested": {"type": "object", "description": "Inner values.",
                    "properties": {"x": {"type": "integer"}}},
                "example": {"type": "string", "description": "A field named example."}
            },
            "example": {"description": "data, not words: reference/advance.md"},
            "x-faceauth-source": {"description": "reference/advance.md section 4"}
        }}},
        "paths": {"/a": {"get": {
            "summary": "Get (reference/advance.md section 4)",
            "parameters": [{"name": "q", "in": "query"}],
            "responses": {"200": {"description": "OK, as https://example.com/x.md says",
                "content": {"application/json": {"examples": {"one": {
                    "summary": "from x-faceauth-constructed", "value": {"description": "build.rs"}}}}}}}
        }}}
    });
    assert_eq!(
        undescribed(&doc),
        [
            "/components/schemas/Thing/properties/id",
            "/components/schemas/Thing/properties/nested/properties/x",
            "/paths/~1a/get/parameters/0",
        ]
    );
    let mut found = texts_naming_files(&doc);
    found.sort();
    assert_eq!(
        found,
        [
            (
                "/components/schemas/Thing/description".to_owned(),
                "vendor-docs".to_owned()
            ),
            (
                "/paths/~1a/get/responses/200/content/application~1json/examples/one/summary"
                    .to_owned(),
                "x-faceauth-constructed".to_owned()
            ),
            (
                "/paths/~1a/get/summary".to_owned(),
                "reference/advance.md".to_owned()
            ),
        ]
    );
}
