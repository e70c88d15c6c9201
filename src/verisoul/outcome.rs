//! Verisoul reports the outcome in the body's `success` (and `error` when it is false).
//!
//! ```
//! use faceauth_clients::verisoul::types::{EnrollErrorCode, EnrollErrorResponse};
//! use faceauth_clients::{HasOutcome, Outcome};
//!
//! let refused: EnrollErrorResponse = serde_json::from_value(serde_json::json!({
//!     "request_id": "8e3c7dd6-73e3-4e46-bbd2-a10c322f59d5", "success": false,
//!     "error": "session_not_found"})).unwrap();
//! assert_eq!(refused.outcome(), Outcome::Failure {
//!     code: Some(EnrollErrorCode::SessionNotFound),
//!     message: None,
//! });
//! ```

use super::types::{
    EnrollErrorCode, EnrollErrorResponse, EnrollResponse, SessionErrorCode, SessionErrorResponse,
    VerifyFaceErrorCode, VerifyFaceErrorResponse, VerifyIdentityErrorCode,
    VerifyIdentityErrorResponse, VerifyUniquenessResponse,
};
use crate::{HasOutcome, Outcome};

/// Success bodies say `success`; their failure has no code.
macro_rules! success_outcome {
    ($($response:ty => $code:ty),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = Option<$code>;
            fn outcome(&self) -> Outcome<Self::Code> {
                if self.success {
                    Outcome::Success
                } else {
                    Outcome::Failure { code: None, message: None }
                }
            }
        }
    )+};
}

success_outcome!(
    EnrollResponse => EnrollErrorCode,
    VerifyUniquenessResponse => VerifyFaceErrorCode,
);

/// Error bodies say `success: false` and an `error` code.
macro_rules! error_outcome {
    ($($response:ty => $code:ty),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = Option<$code>;
            fn outcome(&self) -> Outcome<Self::Code> {
                if self.success == Some(true) {
                    Outcome::Success
                } else {
                    Outcome::Failure { code: self.error.clone(), message: None }
                }
            }
        }
    )+};
}

error_outcome!(
    EnrollErrorResponse => EnrollErrorCode,
    SessionErrorResponse => SessionErrorCode,
    VerifyIdentityErrorResponse => VerifyIdentityErrorCode,
    VerifyFaceErrorResponse => VerifyFaceErrorCode,
);
