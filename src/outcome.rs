//! Outcomes that a vendor reports in the body rather than in the HTTP status (ADVANCE.AI's
//! `code`, Signzy's inner `status`, Verisoul's `success`), as a value the caller can match on.

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

/// A response body that carries its outcome.
pub trait HasOutcome {
    /// The vendor's code type.
    type Code;

    /// What the body says happened.
    fn outcome(&self) -> Outcome<Self::Code>;
}
