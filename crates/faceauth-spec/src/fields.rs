//! Which body fields hold secrets or face images: the properties, anywhere in a spec, whose
//! schema (or whose array items' schema) is a component generated as a secret or an image type
//! ([`RUST_TYPE`] one of [`SECRET_TYPES`] or [`IMAGE_TYPES`]). One
//! rule, read by the build script (the traffic recorder's redacted fields) and by the tools (the
//! conformance snapshots' redacted secrets).
//!
//! ```
//! use faceauth_spec::fields::{sensitive_fields, Sensitive};
//!
//! let spec = serde_json::json!({"components": {"schemas": {
//!     "Secret": {"type": "string", "x-faceauth-rust-type": "crate::Secret"},
//!     "Login": {"properties": {"password": {"$ref": "#/components/schemas/Secret"},
//!                              "name": {"type": "string"}}}}}});
//! assert_eq!(sensitive_fields(&spec, &[Sensitive::Secret]), ["password"]);
//! assert!(sensitive_fields(&spec, &[Sensitive::Image]).is_empty());
//! ```

use serde_json::Value;

use crate::extension::{IMAGE_TYPES, RUST_TYPE, SECRET_TYPES};

/// A kind of value no output may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitive {
    /// Passwords, keys, tokens, signatures.
    Secret,
    /// Face images (URLs or base64 bytes): biometric data.
    Image,
}

impl Sensitive {
    fn rust_types(self) -> &'static [&'static str] {
        match self {
            Self::Secret => SECRET_TYPES,
            Self::Image => IMAGE_TYPES,
        }
    }
}

/// The names of the properties whose schema, or array items' schema, is a component generated as
/// one of `kinds`, sorted and without repeats.
pub fn sensitive_fields(spec: &Value, kinds: &[Sensitive]) -> Vec<String> {
    let components: Vec<String> = spec["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, schema)| {
            schema[RUST_TYPE].as_str().is_some_and(|rust_type| {
                kinds
                    .iter()
                    .any(|kind| kind.rust_types().contains(&rust_type))
            })
        })
        .map(|(name, _)| format!("#/components/schemas/{name}"))
        .collect();
    let mut fields = Vec::new();
    collect(spec, &components, &mut fields);
    fields.sort();
    fields.dedup();
    fields
}

/// Every `properties` entry anywhere in `value` whose `$ref` (or array items' `$ref`) is one of
/// `components`.
fn collect(value: &Value, components: &[String], fields: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(properties) = map.get("properties").and_then(Value::as_object) {
                for (name, property) in properties {
                    let reference = property
                        .get("$ref")
                        .or_else(|| property.get("items").and_then(|i| i.get("$ref")))
                        .and_then(Value::as_str);
                    if reference.is_some_and(|r| components.iter().any(|c| c == r)) {
                        fields.push(name.clone());
                    }
                }
            }
            map.values().for_each(|v| collect(v, components, fields));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, components, fields)),
        _ => {}
    }
}

/// Whether a field's name says it holds a secret (`password`, `secretKey`, `access_token`,
/// `apiKey`, `signature`, `credential`), whatever the spec says of it: the rule for traffic,
/// whose fields may be ones no spec lists.
///
/// ```
/// use faceauth_spec::fields::names_a_secret;
///
/// assert!(names_a_secret("accessToken") && names_a_secret("X-API-KEY"));
/// assert!(!names_a_secret("account_id"));
/// ```
pub fn names_a_secret(name: &str) -> bool {
    // Case-insensitive, without a lower-case copy: it runs on every field of every response.
    let name = name.as_bytes();
    [
        "password",
        "secret",
        "token",
        "key",
        "signature",
        "credential",
    ]
    .iter()
    .any(|word| {
        name.windows(word.len())
            .any(|window| window.eq_ignore_ascii_case(word.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_and_images_are_found_at_any_depth_and_in_array_items() {
        let spec = json!({"components": {"schemas": {
            "Secret": {"x-faceauth-rust-type": "crate::Secret"},
            "Image": {"x-faceauth-rust-type": "crate::image::EncodedImage"},
            "Other": {"x-faceauth-rust-type": "crate::Nullable"},
            "A": {"properties": {"token": {"$ref": "#/components/schemas/Secret"},
                                 "faces": {"type": "array", "items": {"$ref": "#/components/schemas/Image"}},
                                 "plain": {"$ref": "#/components/schemas/Other"}}}}},
            "paths": {"/x": {"post": {"requestBody": {"content": {"application/json": {"schema":
                {"properties": {"refresh": {"$ref": "#/components/schemas/Secret"}}}}}}}}}});
        assert_eq!(
            sensitive_fields(&spec, &[Sensitive::Secret]),
            ["refresh", "token"]
        );
        assert_eq!(sensitive_fields(&spec, &[Sensitive::Image]), ["faces"]);
        assert_eq!(
            sensitive_fields(&spec, &[Sensitive::Secret, Sensitive::Image]),
            ["faces", "refresh", "token"]
        );
    }
}
