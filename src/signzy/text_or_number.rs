//! A value whose type Signzy's field table and example disagree on. Search's `status` and
//! `userNames[].matchScore` are typed string by its table and printed as numbers by its example
//! (`200`, `0.5`); the enrolment status report's `currentStatusPageNumber`,
//! `totalStatusPageNumber` and `totalStatusEnrollmentCount` the other way round (typed Int,
//! printed as strings). Both forms decode into [`TextOrNumber`], which is written back in the
//! form it came in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A string or a number, as Signzy sends it (see the module docs).
///
/// ```
/// use faceauth_clients::signzy::TextOrNumber;
///
/// // A page count as the enrolment status table types it, and as its example prints it.
/// let counted: TextOrNumber = serde_json::from_str("42").unwrap();
/// let printed: TextOrNumber = serde_json::from_str("\"42\"").unwrap();
/// assert_eq!((counted.as_f64(), printed.as_f64()), (Some(42.0), Some(42.0)));
/// assert_eq!(serde_json::to_string(&counted).unwrap(), "42");
/// ```
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
    /// A JSON number (search's example; the enrolment status table's Int).
    Number(serde_json::Number),
    /// A JSON string (search's field table; the enrolment status example).
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
