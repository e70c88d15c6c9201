//! What is never printed or written: the one list of headers that can carry a credential or a
//! session, and the replacement of secret or image fields in a JSON body. [`Evidence`]
//! (crate::Evidence), the traffic recorder and the conformance reports all use these, so a header
//! redacted in one place is redacted in every place.

use serde_json::Value;

/// What a redacted value is written as.
pub const REDACTED: &str = "[redacted]";

/// Headers whose values are never printed or recorded: each vendor's credential header
/// (`authorization` for Signzy and Progeny, `x-api-key` for Verisoul, `x-access-token` for
/// ADVANCE.AI), the generic credential and session headers, and `token`, which some gateways echo.
pub const SENSITIVE_HEADERS: [&str; 7] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "x-access-token",
    "token",
];

/// Whether a header's value may carry a credential or a session (see [`SENSITIVE_HEADERS`]).
///
/// ```
/// assert!(faceauth_clients::is_sensitive_header("X-Access-Token"));
/// assert!(!faceauth_clients::is_sensitive_header("x-request-id"));
/// ```
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|sensitive| sensitive.eq_ignore_ascii_case(name))
}

/// Marks every sensitive header of `headers` so that `http` and reqwest print it as `Sensitive`.
pub(crate) fn mark_sensitive(headers: &mut http::HeaderMap) {
    for name in SENSITIVE_HEADERS {
        if let http::header::Entry::Occupied(mut entry) = headers.entry(name) {
            entry.iter_mut().for_each(|v| v.set_sensitive(true));
        }
    }
}

/// Replaces the string values of `fields`, at any depth, by [`REDACTED`] (a secret is a string;
/// a list under a secret's name is a refusal's messages, and is kept).
///
/// ```
/// let mut body = serde_json::json!({"data": {"token": "eyJ...", "expiredTime": 1}});
/// faceauth_clients::redact_fields(&mut body, &["token"]);
/// assert_eq!(body["data"]["token"], "[redacted]");
/// ```
pub fn redact_fields(value: &mut Value, fields: &[impl AsRef<str>]) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if child.is_string() && fields.iter().any(|f| f.as_ref() == key) {
                    *child = Value::String(REDACTED.to_owned());
                } else {
                    redact_fields(child, fields);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_fields(v, fields)),
        _ => {}
    }
}
