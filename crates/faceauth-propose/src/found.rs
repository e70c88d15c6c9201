//! What the drift check found in the responses of one operation and status, as the proposal
//! reads it: the departures the drift report names, and those found from a summary alone
//! (`departures.rs`).

/// A departure of recorded responses from the spec, as the drift check names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// A field the schema does not list.
    UndocumentedField,
    /// A string the schema's enum does not list.
    UnknownEnumValue,
    /// A value of another type than documented (`null` included).
    WrongType,
    /// A status the operation does not document.
    UndocumentedStatus,
    /// A field the schema requires, missing from some responses.
    MissingRequiredField,
    /// A documented status answered with a media type its entry does not list.
    UndocumentedBody,
}

/// One departure found in the responses of one operation and status.
#[derive(Debug, Clone)]
pub struct Found {
    /// What.
    pub departure: Departure,
    /// Where in the body (a JSON pointer; empty for the whole response).
    pub at: String,
    /// How many responses showed it.
    pub responses: u64,
    /// When the first and the last of them were received (RFC 3339), where the traffic says.
    pub times: Option<(String, String)>,
}
