//! Outcomes that a vendor reports in the body (ADVANCE.AI's `code`, Signzy's inner `status`,
//! Verisoul's `success` and `error`, Progeny's field errors), as a value the caller can match on,
//! and one way to read a refusal whatever the vendor: [`HasOutcome::refusal`] on a response body,
//! [`Error::refusal`](crate::Error::refusal) on a documented error.
//!
//! ```
//! use faceauth_clients::verisoul::types::EnrollErrorResponse;
//! use faceauth_clients::HasOutcome;
//!
//! let refused: EnrollErrorResponse = serde_json::from_value(serde_json::json!({
//!     "request_id": "8e3c7dd6-73e3-4e46-bbd2-a10c322f59d5", "success": false,
//!     "error": "session_not_found"})).unwrap();
//! let refusal = refused.refusal().expect("a refusal");
//! assert_eq!(refusal.code.as_deref(), Some("session_not_found"));
//! assert_eq!(refusal.to_string(), "session_not_found");
//! ```

use std::fmt;

/// What the body says happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<C> {
    /// The vendor did what was asked.
    Success,
    /// The vendor refused or failed: its code, and its message where it gives one.
    Failure {
        /// The vendor's code (ADVANCE.AI's `code`, Signzy's inner `status`, Verisoul's `error`).
        code: C,
        /// The vendor's message.
        message: Option<String>,
    },
}

impl<C> Outcome<C> {
    /// Whether the vendor did what was asked.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

/// A refusal as any vendor reports it: its code and its message, where the vendor sends them.
/// `Display` is `code: message` (or whichever of the two there is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refusal {
    /// The vendor's code, as it sent it (`SESSION_NOT_FOUND`, `422`, `image`).
    pub code: Option<String>,
    /// The vendor's message.
    pub message: Option<String>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}"),
            (Some(text), None) | (None, Some(text)) => f.write_str(text),
            (None, None) => f.write_str("no code or message"),
        }
    }
}

/// A response body that carries its outcome: every success and documented error type of an
/// operation whose vendor reports outcomes in the body.
pub trait HasOutcome {
    /// The vendor's code type.
    type Code;

    /// What the body says happened.
    fn outcome(&self) -> Outcome<Self::Code>;

    /// The vendor's code, as text, where the body carries one.
    fn code(&self) -> Option<String>;

    /// The vendor's message, where the body carries one.
    fn message(&self) -> Option<String>;

    /// The refusal this body reports, if it reports one (`None` for a success).
    fn refusal(&self) -> Option<Refusal> {
        (!self.outcome().is_success()).then(|| Refusal {
            code: self.code(),
            message: self.message(),
        })
    }
}

/// A response without a body (an operation documented without an error body).
impl HasOutcome for () {
    type Code = ();
    fn outcome(&self) -> Outcome<()> {
        Outcome::Failure {
            code: (),
            message: None,
        }
    }
    fn code(&self) -> Option<String> {
        None
    }
    fn message(&self) -> Option<String> {
        None
    }
}
