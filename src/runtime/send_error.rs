//! Why the send path returned no response, and how that becomes the call's [`Error`].

use crate::error::InvalidRequest;
use crate::response::{OutcomeUnknown, Unconfirmed};
use crate::{CredentialError, Error, OperationMeta, TransportError};

/// Why `send` did not return a response; converts into the call's [`Error`].
#[derive(Debug)]
pub(crate) enum SendError {
    /// No credential could be obtained; nothing was sent.
    Credential(CredentialError),
    /// reqwest failed (connect, timeout, I/O).
    Transport(reqwest::Error),
    /// A write was sent, and the exchange broke or timed out: the vendor may have processed it.
    Unconfirmed {
        operation: &'static OperationMeta,
        error: reqwest::Error,
    },
    /// The client's base URL and the operation's path do not make a URL; nothing was sent.
    InvalidUrl { path: &'static str, reason: String },
    /// The body was larger than the limit while the runtime read it (to record it, or to look for
    /// a rejected credential in it); only the limit was read.
    BodyTooLarge { status: reqwest::StatusCode },
    /// The client was made for a documented server that the operation's pages do not list;
    /// nothing was sent.
    NotServedHere {
        operation: &'static OperationMeta,
        server: &'static str,
    },
}

/// What every call fails with when it fails before a response.
impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Credential(e) => Self::Credential(e),
            SendError::Transport(e) => Self::from(e),
            SendError::Unconfirmed { operation, error } => {
                let timed_out = error.is_timeout();
                let error = TransportError::new(error);
                Self::OutcomeUnknown(OutcomeUnknown {
                    operation,
                    cause: if timed_out {
                        Unconfirmed::Timeout(error)
                    } else {
                        Unconfirmed::Transport(error)
                    },
                })
            }
            SendError::BodyTooLarge { status } => Self::BodyTooLarge {
                status,
                limit: crate::MAX_BODY_BYTES,
            },
            SendError::InvalidUrl { path, reason } => {
                Self::InvalidRequest(InvalidRequest::Url { path, reason })
            }
            SendError::NotServedHere { operation, server } => {
                Self::InvalidRequest(InvalidRequest::NotServedHere { operation, server })
            }
        }
    }
}
