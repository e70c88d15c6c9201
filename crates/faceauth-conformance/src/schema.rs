//! Validates JSON against a spec's schemas with a real JSON Schema validator (`jsonschema`).
//!
//! OpenAPI 3.0 schemas are a dialect of JSON Schema; the differences that matter to our specs are
//! converted first: `nullable: true` becomes a `null` type, and OpenAPI-only keywords go.

use serde_json::{json, Map, Value};

use super::spec::Spec;

/// Keywords of OpenAPI 3.0 schema objects that JSON Schema does not have.
const OPENAPI_ONLY: [&str; 7] = [
    "nullable",
    "discriminator",
    "xml",
    "externalDocs",
    "example",
    "readOnly",
    "writeOnly",
];

/// A validator for one schema of a spec (a `$ref` or an inline schema), with formats checked.
pub struct SchemaValidator {
    validator: jsonschema::Validator,
}

impl SchemaValidator {
    /// Builds the validator for `schema`, resolving its `$ref`s within the spec. Fields the schema
    /// does not list are allowed, as OpenAPI allows them.
    pub fn new(spec: &Spec, schema: &Value) -> Result<Self, crate::Error> {
        Self::build(spec, schema, Strictness::AllowUnlisted)
    }

    /// Like [`SchemaValidator::new`], but a field an object schema does not list is a violation
    /// (`additionalProperties: false` unless the schema says otherwise): the drift check uses it
    /// to report undocumented fields.
    pub fn strict(spec: &Spec, schema: &Value) -> Result<Self, crate::Error> {
        Self::build(spec, schema, Strictness::ListedOnly)
    }

    fn build(spec: &Spec, schema: &Value, strictness: Strictness) -> Result<Self, crate::Error> {
        Ok(Self {
            validator: compile(spec, schema, strictness)?,
        })
    }

    /// The validator [`SchemaValidator::strict`] holds, for instances in another JSON
    /// representation `F` (the mock reads request bodies into one that borrows their strings):
    /// the same schema, draft and format checks, so the two agree on every instance.
    pub fn strict_for<F: jsonschema::json::Json>(
        spec: &Spec,
        schema: &Value,
    ) -> Result<jsonschema::Validator<F>, crate::Error> {
        compile(spec, schema, Strictness::ListedOnly)
    }

    /// Whether `instance` is valid: the quick check, which collects no error.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.validator.is_valid(instance)
    }

    /// Every violation, with its kind.
    pub fn errors<'a>(&'a self, instance: &'a Value) -> Vec<jsonschema::ValidationError<'a>> {
        self.validator.iter_errors(instance).collect()
    }

    /// Every violation, as `<instance path>: <message>`; empty when `instance` is valid.
    pub fn violations(&self, instance: &Value) -> Vec<String> {
        // The quick check first: collecting errors costs, and most instances are valid.
        if self.validator.is_valid(instance) {
            return Vec::new();
        }
        self.validator
            .iter_errors(instance)
            .map(|e| violation(&e))
            .collect()
    }
}

/// `schema` as JSON Schema 2020-12 with the spec's components beside it, compiled for `F`.
fn compile<F: jsonschema::json::Json>(
    spec: &Spec,
    schema: &Value,
    strictness: Strictness,
) -> Result<jsonschema::Validator<F>, crate::Error> {
    let mut root = to_json_schema(schema, strictness);
    let components = to_json_schema(&spec.document["components"], strictness);
    if let Value::Object(root) = &mut root {
        root.insert("components".to_owned(), components);
        root.insert(
            "$schema".to_owned(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
    }
    jsonschema::options_for::<F>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| crate::Error::Schema {
            file: spec.file(),
            reason: format!("not valid JSON Schema: {e}"),
        })
}

/// A violation as `<instance path>: <message>` (`/` for the instance itself).
pub fn violation(error: &jsonschema::ValidationError<'_>) -> String {
    let path = error.instance_path().to_string();
    let path = if path.is_empty() { "/" } else { &path };
    format!("{path}: {error}")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strictness {
    AllowUnlisted,
    ListedOnly,
}

/// Converts an OpenAPI 3.0 schema (or a tree holding schemas) into JSON Schema 2020-12.
fn to_json_schema(value: &Value, strictness: Strictness) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                if OPENAPI_ONLY.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                // `properties` and `securitySchemes` hold names, not keywords: keep every key.
                let converted = if key == "properties" || key == "schemas" {
                    match child {
                        Value::Object(named) => Value::Object(
                            named
                                .iter()
                                .map(|(k, v)| (k.clone(), to_json_schema(v, strictness)))
                                .collect(),
                        ),
                        other => other.clone(),
                    }
                } else {
                    to_json_schema(child, strictness)
                };
                out.insert(key.clone(), converted);
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                make_nullable(&mut out);
            }
            if strictness == Strictness::ListedOnly
                && map.contains_key("properties")
                && !map.contains_key("additionalProperties")
            {
                out.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| to_json_schema(item, strictness))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn make_nullable(schema: &mut Map<String, Value>) {
    if let Some(Value::String(t)) = schema.get("type").cloned() {
        schema.insert("type".to_owned(), json!([t, "null"]));
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    if let Some(reference) = schema.remove("$ref") {
        schema.insert(
            "anyOf".to_owned(),
            json!([{ "$ref": reference }, { "type": "null" }]),
        );
    }
}
