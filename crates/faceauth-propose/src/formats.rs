//! The string formats a schema may claim, each said only when every string seen has it.

use serde::{Deserialize, Serialize};

/// A string format of OpenAPI 3.0 (JSON Schema's `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `8-4-4-4-12` hexadecimal digits.
    Uuid,
    /// An RFC 3339 date-time (`2024-08-08T03:36:48Z`).
    DateTime,
    /// A full date (`2024-08-08`).
    Date,
    /// An address with one `@` between a local part and a dotted domain.
    Email,
    /// An absolute URI (`https://...`).
    Uri,
}

impl Format {
    /// Every format, in the order a schema prefers them.
    pub const ALL: [Format; 5] = [
        Format::Uuid,
        Format::DateTime,
        Format::Date,
        Format::Email,
        Format::Uri,
    ];

    /// Its name in a schema.
    pub fn name(self) -> &'static str {
        match self {
            Format::Uuid => "uuid",
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Email => "email",
            Format::Uri => "uri",
        }
    }

    /// Whether `text` has this format.
    ///
    /// ```
    /// use faceauth_propose::Format;
    ///
    /// assert!(Format::Uuid.admits("58bf8a18-b10b-409d-91d6-fdd358408dff"));
    /// assert!(Format::DateTime.admits("2024-08-08T03:36:48.89+08:00"));
    /// assert!(!Format::DateTime.admits("2024-08-08T03:36:48.89"));
    /// assert!(Format::Date.admits("2024-02-29") && !Format::Date.admits("2023-02-29"));
    /// assert!(Format::Email.admits("ada@example.com") && !Format::Email.admits("ada@localhost"));
    /// assert!(Format::Uri.admits("https://example.com/a.jpg") && !Format::Uri.admits("a.jpg"));
    /// ```
    pub fn admits(self, text: &str) -> bool {
        match self {
            Format::Uuid => is_uuid(text),
            Format::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            Format::Date => {
                text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
            }
            Format::Email => is_email(text),
            Format::Uri => is_uri(text),
        }
    }
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(at, &byte)| match at {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}

fn is_uri(text: &str) -> bool {
    // RFC 3986: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon, and more.
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !text.contains(char::is_whitespace)
}
