//! Drift: how a vendor's real response departs from what its spec documents, field by field.

use std::fmt;

use jsonschema::error::ValidationErrorKind;
use serde::Serialize;
use serde_json::Value;

use super::duplicates::Refusal;
use super::schema::SchemaValidator;
use super::spec::{Spec, SpecOperation};
use faceauth_clients::json_members::{DuplicateKey, JsonMembers, LastWins};

/// The kinds of drift the check names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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
    /// An object repeats a key that its schema declares: the typed client refuses such a body
    /// (serde's `duplicate field`), while a repeated undocumented key or a key of a free-form map
    /// is accepted, its last value kept.
    DuplicateKey,
    /// Another schema violation (format, length, ...).
    OtherViolation,
}

impl DriftKind {
    /// Every kind, in the order reports list their rules.
    pub const ALL: [DriftKind; 8] = [
        Self::UndocumentedField,
        Self::MissingRequiredField,
        Self::WrongType,
        Self::UnknownEnumValue,
        Self::UndocumentedStatus,
        Self::UndocumentedBody,
        Self::DuplicateKey,
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
            Self::DuplicateKey => "duplicate key",
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

/// A response body as the drift check takes it.
#[derive(Debug, Clone, Copy)]
pub enum ResponseBody<'a> {
    /// The bytes as received (a HAR entry's text, a live response).
    Bytes(&'a [u8]),
    /// Parsed already (a traffic recorder's line): the value as `serde_json::Value` reads it
    /// (the last member of a repeated key), and every key an object repeats.
    Json {
        /// The value.
        value: &'a Value,
        /// The repeated keys (see [`JsonMembers::duplicates`]).
        duplicates: &'a [DuplicateKey],
    },
}

/// Everything in a raw response that the operation's spec does not document.
///
/// It compiles the operation's schema for this one response; to check many, use
/// [`DriftChecker`](super::DriftChecker), which compiles each once.
pub fn response_drift(
    spec: &Spec,
    operation: &SpecOperation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Vec<Drift> {
    ResponseRule::new(spec, spec.operation_object(operation), status).check(
        spec,
        content_type,
        ResponseBody::Bytes(body),
    )
}

/// What an operation documents for one status, compiled: the drift check's unit of caching.
pub(crate) struct ResponseRule {
    status: u16,
    kind: RuleKind,
}

enum RuleKind {
    /// The status is not documented; the documented ones, for the message.
    Undocumented { known: String },
    /// Documented without a body.
    NoBody,
    /// Documented with a body of this media type and schema.
    Body {
        media_type: String,
        schema: Value,
        validator: Result<SchemaValidator, String>,
    },
}

impl ResponseRule {
    /// The rule of `status` in `operation_object` (a `paths.<path>.<method>` of `spec`): its
    /// exact status, else its `NXX` range, else `default`.
    pub(crate) fn new(spec: &Spec, operation_object: &Value, status: u16) -> Self {
        let responses = &operation_object["responses"];
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
            return Self {
                status,
                kind: RuleKind::Undocumented {
                    known: format!("{known:?}"),
                },
            };
        };
        let kind = match documented["content"]
            .as_object()
            .and_then(|c| c.iter().next())
        {
            None => RuleKind::NoBody,
            Some((media_type, media)) => RuleKind::Body {
                media_type: media_type.clone(),
                schema: media["schema"].clone(),
                validator: SchemaValidator::strict(spec, &media["schema"])
                    .map_err(|e| e.to_string()),
            },
        };
        Self { status, kind }
    }

    /// The drift of one response under this rule.
    pub(crate) fn check(
        &self,
        spec: &Spec,
        content_type: Option<&str>,
        body: ResponseBody<'_>,
    ) -> Vec<Drift> {
        let status_known = match &self.kind {
            RuleKind::Undocumented { known } => {
                return vec![drift(
                    DriftKind::UndocumentedStatus,
                    "",
                    format!("HTTP {}; documented: {known}", self.status),
                )]
            }
            RuleKind::NoBody => {
                let size = match body {
                    ResponseBody::Bytes([]) => return Vec::new(),
                    ResponseBody::Bytes(bytes) => format!("{} bytes", bytes.len()),
                    ResponseBody::Json { .. } => "a JSON body".to_owned(),
                };
                return vec![drift(
                    DriftKind::UndocumentedBody,
                    "",
                    format!(
                        "HTTP {} is documented without a body, got {size}",
                        self.status
                    ),
                )];
            }
            RuleKind::Body {
                media_type,
                schema,
                validator,
            } => (media_type, schema, validator),
        };
        let (media_type, schema, validator) = status_known;
        let mut found = Vec::new();
        if !content_type.is_some_and(|ct| ct.starts_with(media_type.as_str())) {
            found.push(drift(
                DriftKind::UndocumentedBody,
                "",
                format!("content type {content_type:?}, documented {media_type}"),
            ));
        }
        let parsed;
        let (value, duplicates) = match body {
            ResponseBody::Json { value, duplicates } => (value, duplicates),
            ResponseBody::Bytes(bytes) => match parse_body(bytes) {
                Ok(body) => {
                    parsed = body;
                    (&parsed.0, parsed.1.as_slice())
                }
                Err(e) => {
                    found.push(drift(
                        DriftKind::UndocumentedBody,
                        "",
                        format!("the body is not JSON: {e}"),
                    ));
                    return found;
                }
            },
        };
        for (refused, why) in super::duplicates::refused(spec, schema, value, duplicates) {
            let why = match why {
                Refusal::Declared => {
                    "the schema declares it: the typed client refuses the body (duplicate field)"
                }
                Refusal::EarlierValue => {
                    "an earlier member's value does not fit the map's values, which the typed client decodes every one of: it refuses the body"
                }
            };
            found.push(drift(
                DriftKind::DuplicateKey,
                &refused.pointer(),
                format!(
                    "`{}` is written {} times in one object; {why}",
                    refused.key, refused.times
                ),
            ));
        }
        let validator = match validator {
            Ok(validator) => validator,
            Err(e) => {
                found.push(drift(DriftKind::OtherViolation, "", e.clone()));
                return found;
            }
        };
        // The quick check first: collecting errors costs, and most responses are valid.
        if validator.is_valid(value) {
            return found;
        }
        for error in validator.errors(value) {
            let at = error.instance_path().to_string();
            match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    for field in unexpected {
                        let pointer = format!("{at}/{}", pointer_token(field));
                        found.push(drift(
                            DriftKind::UndocumentedField,
                            &pointer,
                            format!(
                                "`{field}`: {}",
                                describe_field(
                                    &pointer,
                                    value.pointer(&pointer).unwrap_or(&Value::Null)
                                )
                            ),
                        ));
                    }
                }
                ValidationErrorKind::Required { property } => found.push(drift(
                    DriftKind::MissingRequiredField,
                    &format!(
                        "{at}/{}",
                        pointer_token(property.as_str().unwrap_or_default())
                    ),
                    format!("required field {property} is missing"),
                )),
                ValidationErrorKind::Type { .. } => found.push(drift(
                    DriftKind::WrongType,
                    &at,
                    format!(
                        "{} ({})",
                        error.masked(),
                        describe_field(&at, error.instance())
                    ),
                )),
                ValidationErrorKind::Enum { .. } => found.push(drift(
                    DriftKind::UnknownEnumValue,
                    &at,
                    format!(
                        "{} ({})",
                        error.masked(),
                        describe_field(&at, error.instance())
                    ),
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
}

/// A body's value (the last member of a repeated key, as `Value` and the typed maps keep it)
/// and its repeated keys: parsed once, and a second time only when some key repeats.
fn parse_body(bytes: &[u8]) -> Result<(Value, Vec<DuplicateKey>), serde_json::Error> {
    let parsed: LastWins = serde_json::from_slice(bytes)?;
    let duplicates = if parsed.duplicated {
        serde_json::from_slice::<JsonMembers>(bytes)?.duplicates()
    } else {
        Vec::new()
    };
    Ok((parsed.value, duplicates))
}

/// A field's name as one token of a JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`).
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn drift(kind: DriftKind, at: &str, detail: String) -> Drift {
    Drift {
        kind,
        at: at.to_owned(),
        detail,
    }
}

/// The value of the field at `pointer` as drift shows it: as [`describe`] does, and a string of
/// a field whose name says secret (`api_key`, `accessToken`) by its length only, however short:
/// a response from a proxy's export was not redacted by a recorder.
fn describe_field(pointer: &str, value: &Value) -> String {
    let name = pointer.rsplit('/').next().unwrap_or_default();
    match value {
        Value::String(s) if faceauth_spec::fields::names_a_secret(name) => {
            format!("a string of {} characters", s.chars().count())
        }
        _ => describe(value),
    }
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
    use super::{describe, describe_field};
    use serde_json::json;

    #[test]
    fn values_are_described_not_printed() {
        assert_eq!(
            describe(&json!("session_exploded")),
            "the string \"session_exploded\""
        );
        assert_eq!(describe(&json!("200 OK")), "the string \"200 OK\"");
        assert_eq!(describe(&json!(0.97)), "0.97");
        assert_eq!(
            describe_field("/api_key", &json!("SHORTKEY")),
            "a string of 8 characters"
        );
        assert_eq!(
            describe_field("/status", &json!("SHORT")),
            "the string \"SHORT\""
        );
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
