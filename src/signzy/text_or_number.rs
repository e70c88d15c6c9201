//! A value Signzy's field tables type as a string and its examples print as a number: search's
//! `status` (the table's string, the example's `200`) and `userNames[].matchScore` (the table's
//! string, the example's `0.5`). Both forms decode into [`TextOrNumber`], which is written back
//! in the form it came in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A string or a number, as Signzy sends it (see the module docs).
///
/// ```
/// use faceauth_clients::signzy::TextOrNumber;
///
/// let from_table: TextOrNumber = serde_json::from_str("\"0.93\"").unwrap();
/// let from_example: TextOrNumber = serde_json::from_str("0.93").unwrap();
/// assert_eq!(from_table.as_f64(), Some(0.93));
/// assert_eq!(from_example.as_f64(), Some(0.93));
/// assert_eq!(serde_json::to_string(&from_table).unwrap(), "\"0.93\"");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextOrNumber {
    /// A JSON number (the documents' examples).
    Number(serde_json::Number),
    /// A JSON string (the documents' field tables).
    Text(String),
}

impl TextOrNumber {
    /// The value as a number, when it is one or a string that holds one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(n) => n.as_f64(),
            Self::Text(t) => t.trim().parse().ok(),
        }
    }
}

impl fmt::Display for TextOrNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

impl FromStr for TextOrNumber {
    type Err = std::convert::Infallible;

    /// Text as given (a command line, a URL): kept as text.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::Text(s.to_owned()))
    }
}
