//! Drift: how a vendor's real response departs from what its spec documents, field by field.

use std::fmt;

use jsonschema::error::ValidationErrorKind;
use serde::Serialize;
use serde_json::Value;

use super::schema::SchemaValidator;
use super::spec::{Spec, SpecOperation};

/// The kinds of drift the check names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    /// The response has a field the schema does not list.
    UndocumentedField,
    /// A field the schema requires is missing.
    MissingRequiredField,
    /// A field has another JSON type than documented.
    WrongType,
    /// A string has a value the schema's enum does not list.
    UnknownEnumValue,
    /// The HTTP status is not among the operation's documented responses.
    UndocumentedStatus,
    /// The body is not JSON, or not of the documented media type.
    UndocumentedBody,
    /// Another schema violation (format, length, ...).
    OtherViolation,
}

impl DriftKind {
    /// Every kind, in the order reports list their rules.
    pub const ALL: [DriftKind; 7] = [
        Self::UndocumentedField,
        Self::MissingRequiredField,
        Self::WrongType,
        Self::UnknownEnumValue,
        Self::UndocumentedStatus,
        Self::UndocumentedBody,
        Self::OtherViolation,
    ];
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::UndocumentedField => "undocumented field",
            Self::MissingRequiredField => "missing required field",
            Self::WrongType => "wrong type",
            Self::UnknownEnumValue => "unknown enum value",
            Self::UndocumentedStatus => "undocumented status",
            Self::UndocumentedBody => "undocumented body",
            Self::OtherViolation => "schema violation",
        };
        f.write_str(name)
    }
}

/// One departure from the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// What kind of departure.
    pub kind: DriftKind,
    /// Where in the body, as a JSON pointer (`/error/code`); empty for the whole response.
    pub at: String,
    /// What was found.
    pub detail: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.at.is_empty() { "/" } else { &self.at };
        write!(f, "{} at {at}: {}", self.kind, self.detail)
    }
}

/// Everything in a raw response that the operation's spec does not document.
pub fn response_drift(
    spec: &Spec,
    operation: &SpecOperation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Vec<Drift> {
    let drift = |kind, at: &str, detail: String| Drift {
        kind,
        at: at.to_owned(),
        detail,
    };
    let responses = &spec.operation_object(operation)["responses"];
    let documented = responses
        .get(status.to_string())
        .or_else(|| responses.get(format!("{}XX", status / 100)))
        .or_else(|| responses.get("default"));
    let Some(documented) = documented else {
        let known: Vec<&String> = responses
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
            .collect();
        return vec![drift(
            DriftKind::UndocumentedStatus,
            "",
            format!("HTTP {status}; documented: {known:?}"),
        )];
    };
    let Some((media_type, media)) = documented["content"]
        .as_object()
        .and_then(|c| c.iter().next())
    else {
        return if body.is_empty() {
            Vec::new()
        } else {
            vec![drift(
                DriftKind::UndocumentedBody,
                "",
                format!(
                    "HTTP {status} is documented without a body, got {} bytes",
                    body.len()
                ),
            )]
        };
    };
    let mut found = Vec::new();
    if !content_type.is_some_and(|ct| ct.starts_with(media_type.as_str())) {
        found.push(drift(
            DriftKind::UndocumentedBody,
            "",
            format!("content type {content_type:?}, documented {media_type}"),
        ));
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            found.push(drift(
                DriftKind::UndocumentedBody,
                "",
                format!("the body is not JSON: {e}"),
            ));
            return found;
        }
    };
    let validator = match SchemaValidator::strict(spec, &media["schema"]) {
        Ok(validator) => validator,
        Err(e) => {
            found.push(drift(DriftKind::OtherViolation, "", e));
            return found;
        }
    };
    for error in validator.errors(&value) {
        let at = error.instance_path().to_string();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for field in unexpected {
                    found.push(drift(
                        DriftKind::UndocumentedField,
                        &format!("{at}/{field}"),
                        format!(
                            "`{field}`: {}",
                            describe(
                                value
                                    .pointer(&format!("{at}/{field}"))
                                    .unwrap_or(&Value::Null)
                            )
                        ),
                    ));
                }
            }
            ValidationErrorKind::Required { property } => found.push(drift(
                DriftKind::MissingRequiredField,
                &format!("{at}/{}", property.as_str().unwrap_or_default()),
                format!("required field {property} is missing"),
            )),
            ValidationErrorKind::Type { .. } => found.push(drift(
                DriftKind::WrongType,
                &at,
                format!("{} ({})", error.masked(), describe(error.instance())),
            )),
            ValidationErrorKind::Enum { .. } => found.push(drift(
                DriftKind::UnknownEnumValue,
                &at,
                format!("{} ({})", error.masked(), describe(error.instance())),
            )),
            _ => found.push(drift(
                DriftKind::OtherViolation,
                &at,
                error.masked().to_string(),
            )),
        }
    }
    found
}

/// A found value as drift shows it: never its content where it could be a secret or an image
/// (a response can echo a token, or carry base64 image bytes). Numbers, booleans and null as
/// they are; a string by its length, and its text only when it is a code of letters (up to 32:
/// `session_exploded`) or at most 8 characters (`200 OK`); objects and arrays by their size.
/// (The command also replaces the run's own credentials wherever they appear.)
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let code_like = (s.len() <= 32
                && s.chars()
                    .all(|c| c.is_ascii_alphabetic() || " _-.".contains(c)))
                || s.len() <= 8;
            if code_like {
                format!("the string {s:?}")
            } else {
                format!("a string of {} characters", s.chars().count())
            }
        }
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(fields) => format!("an object with {} fields", fields.len()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;
    use serde_json::json;

    #[test]
    fn values_are_described_not_printed() {
        assert_eq!(
            describe(&json!("session_exploded")),
            "the string \"session_exploded\""
        );
        assert_eq!(describe(&json!("200 OK")), "the string \"200 OK\"");
        assert_eq!(describe(&json!(0.97)), "0.97");
        // A token, a base64 image, a sentence with digits: only their length.
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assert_eq!(
            describe(&json!(token)),
            format!("a string of {} characters", token.len())
        );
        assert_eq!(
            describe(&json!("iVBORw0KGgoAAAANSUhEUg")),
            "a string of 22 characters"
        );
        assert_eq!(
            describe(&json!({"access": token})),
            "an object with 1 fields"
        );
        assert_eq!(describe(&json!([token, token])), "an array of 2 items");
    }
}
