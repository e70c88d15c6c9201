//! Outcomes that a vendor reports in the body (ADVANCE.AI's `code`, Signzy's inner `status`,
//! Verisoul's `success`, `error`, `match` and `decision`, Progeny's field errors and task
//! verdicts), as a value the caller can match on, and one way to read a refusal whatever the
//! vendor: [`HasOutcome::refusal`] on a response body, [`Error::refusal`](crate::Error::refusal)
//! on a documented error.
//!
//! A verdict in the body counts as much as a code: a liveness check that failed, a face that does
//! not match, a session decided `Fake` are refusals even when the HTTP status is 200 and the body
//! carries no error code. Where a response says neither yes nor no (an unknown decision), it
//! is read as a refusal: an application that lets through only what [`Verdict::Success`]
//! says never lets an unknown answer through.
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
    /// The vendor did what was asked, and its verdict (where the operation gives one) is yes.
    Success,
    /// The vendor has not finished (a task still running): ask again later.
    Pending,
    /// The vendor refused or failed, or its verdict is no: its code, and its message where it
    /// gives one.
    Failure {
        /// The vendor's code (ADVANCE.AI's `code`, Signzy's inner `status`, Verisoul's `error`,
        /// Progeny's issue). For a verdict without a code (a face that does not match), the
        /// code type's "none" value.
        code: C,
        /// The vendor's message.
        message: Option<String>,
    },
}

impl<C> Outcome<C> {
    /// Whether the vendor did what was asked and its verdict is yes.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

/// A refusal as any vendor reports it: its code and its message, where the vendor sends them,
/// and, for a verdict the body gives without a code, which field says so.
/// `Display` is `code: message` (or whichever of the two there is, else the reason).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Refusal {
    /// The vendor's code, as it sent it (`SESSION_NOT_FOUND`, `422`, `FACE_NOT_FOUND`).
    pub code: Option<String>,
    /// The vendor's message.
    pub message: Option<String>,
    /// Where the body refuses with a verdict rather than a code: the field and the value that
    /// make it a refusal (`match: false`, `decision: Fake`, `liveness.result: false`).
    pub reason: Option<String>,
    /// Whether it was the credential that was refused (a wrong, expired or missing API key,
    /// token, password or signature: HTTP 401 or 403, ADVANCE.AI's `IAM_FAILED`, a token request
    /// the vendor refused): fix the credential, not the request. The same answer for every
    /// vendor and every kind of credential.
    pub credential: bool,
}

impl Refusal {
    /// A refusal with the vendor's code and message.
    pub fn new(code: Option<String>, message: Option<String>) -> Self {
        Self {
            code,
            message,
            reason: None,
            credential: false,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message, &self.reason) {
            (Some(code), Some(message), _) => write!(f, "{code}: {message}"),
            (Some(text), None, _) | (None, Some(text), _) => f.write_str(text),
            (None, None, Some(reason)) => f.write_str(reason),
            (None, None, None) => f.write_str("no code or message"),
        }
    }
}

/// The one answer to "did it work?", whatever the vendor and the status that carried it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The vendor did what was asked, and its verdict (where it gives one) is yes.
    Success,
    /// Not finished yet (a task still running).
    Pending,
    /// Refused, failed, or a verdict of no.
    Refused(Refusal),
}

impl Verdict {
    /// Whether this is [`Verdict::Success`].
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }

    /// The refusal, if this is one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Self::Refused(refusal) => Some(refusal),
            _ => None,
        }
    }
}

/// A response body that carries its outcome: every success and documented error type of every
/// operation (a body without a verdict is a success in its status's terms).
pub trait HasOutcome {
    /// The vendor's code type.
    type Code;

    /// What the body says happened.
    fn outcome(&self) -> Outcome<Self::Code>;

    /// The vendor's code, as text, where the body carries one.
    fn code(&self) -> Option<String>;

    /// The vendor's message, where the body carries one.
    fn message(&self) -> Option<String>;

    /// For a refusal the body gives as a verdict rather than a code: the field and value that
    /// say so (`match: false`). `None` where the body carries a code, or refuses nothing.
    fn reason(&self) -> Option<String> {
        None
    }

    /// Whether the body says that the credential was refused (ADVANCE.AI's `IAM_FAILED`). A
    /// refusal in HTTP 401 or 403 is one whatever its body: [`Error::refusal`](crate::Error::refusal)
    /// says so.
    fn refuses_credential(&self) -> bool {
        false
    }

    /// The refusal this body reports, if it reports one (`None` for a success or a pending task).
    fn refusal(&self) -> Option<Refusal> {
        matches!(self.outcome(), Outcome::Failure { .. }).then(|| Refusal {
            code: self.code(),
            message: self.message(),
            reason: self.reason(),
            credential: self.refuses_credential(),
        })
    }

    /// The body's verdict: success, pending, or the refusal.
    fn verdict(&self) -> Verdict {
        match self.outcome() {
            Outcome::Success => Verdict::Success,
            Outcome::Pending => Verdict::Pending,
            Outcome::Failure { .. } => Verdict::Refused(Refusal {
                code: self.code(),
                message: self.message(),
                reason: self.reason(),
                credential: self.refuses_credential(),
            }),
        }
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

/// Implements [`HasOutcome`] as a plain success for bodies that carry no verdict (lookups,
/// sessions, token pairs): `success_without_verdict!(TypeA, TypeB)`.
macro_rules! success_without_verdict {
    ($($response:ty),+ $(,)?) => {$(
        impl $crate::HasOutcome for $response {
            type Code = ();
            fn outcome(&self) -> $crate::Outcome<()> {
                $crate::Outcome::Success
            }
            fn code(&self) -> Option<String> {
                None
            }
            fn message(&self) -> Option<String> {
                None
            }
        }
    )+};
}
pub(crate) use success_without_verdict;

/// Implements [`HasOutcome`] for bodies that refuse with a verdict and no code: a success unless
/// `reason` names the field that says no (`match: false`).
/// `verdict_without_code!(Type => CodeType, |body| reason_expression;)`, the code type's default
/// standing for "no code".
macro_rules! verdict_without_code {
    ($($response:ty => $code:ty, |$body:ident| $reason:expr;)+) => {$(
        impl $crate::HasOutcome for $response {
            type Code = $code;
            fn outcome(&self) -> $crate::Outcome<$code> {
                match self.reason() {
                    None => $crate::Outcome::Success,
                    Some(_) => $crate::Outcome::Failure {
                        code: ::std::default::Default::default(),
                        message: None,
                    },
                }
            }
            fn code(&self) -> Option<String> {
                None
            }
            fn message(&self) -> Option<String> {
                None
            }
            fn reason(&self) -> Option<String> {
                let $body = self;
                $reason
            }
        }
    )+};
}
pub(crate) use verdict_without_code;
