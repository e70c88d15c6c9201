//! Verisoul reports the outcome in the body's `success` (and `error` when it is false), and its
//! verdicts in `match` (verify identity) and `decision` (verify face).
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
    AccountError, AccountResponse, AccountSessionsResponse, DeleteAccountResponse, EnrollErrorCode,
    EnrollErrorResponse, EnrollResponse, LinkedAccountsResponse, RedirectErrorResponse,
    SessionErrorCode, SessionErrorResponse, SessionResponse, VerifyFaceErrorCode,
    VerifyFaceErrorResponse, VerifyFaceResponse, VerifyFaceResponseDecision,
    VerifyIdentityErrorCode, VerifyIdentityErrorResponse, VerifyIdentityResponse,
    VerifyUniquenessResponse,
};
use super::FaceMatchRedirect;
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
            fn code(&self) -> Option<String> {
                None
            }
            fn message(&self) -> Option<String> {
                None
            }
        }
    )+};
}

success_outcome!(
    EnrollResponse => EnrollErrorCode,
    VerifyUniquenessResponse => VerifyFaceErrorCode,
    DeleteAccountResponse => EnrollErrorCode,
);

// Verify identity: a success only when the call succeeded and the face matches the account's
// (`match: true`). Verify face: a success only when the overall `decision` is `Real`; `Fake`,
// `Suspicious` and any decision the documents do not list are refusals (fail closed). Neither
// body has a code for its no: the reason names the field.
crate::outcome::verdict_without_code! {
    VerifyIdentityResponse => Option<VerifyIdentityErrorCode>, |body| {
        if !body.success {
            Some("success: false".to_owned())
        } else if !body.match_ {
            Some("match: false".to_owned())
        } else {
            None
        }
    };
    VerifyFaceResponse => Option<VerifyFaceErrorCode>, |body| {
        (body.decision != VerifyFaceResponseDecision::Real)
            .then(|| format!("decision: {}", body.decision.as_str()))
    };
}

// Bodies without a verdict: sessions, the redirect, the Account API's lookups and update.
crate::outcome::success_without_verdict!(
    SessionResponse,
    FaceMatchRedirect,
    AccountResponse,
    AccountSessionsResponse,
    LinkedAccountsResponse,
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
            fn code(&self) -> Option<String> {
                self.error.as_ref().map(|code| code.as_str().to_owned())
            }
            fn message(&self) -> Option<String> {
                None
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

/// The Account API's refusal (`account_not_found`): an HTTP status code and a message.
impl HasOutcome for AccountError {
    type Code = Option<i64>;
    fn outcome(&self) -> Outcome<Self::Code> {
        Outcome::Failure {
            code: self.status_code,
            message: self.message.clone(),
        }
    }
    fn code(&self) -> Option<String> {
        self.status_code.map(|code| code.to_string())
    }
    fn message(&self) -> Option<String> {
        self.message.clone()
    }
}

/// The public redirect's 400: an `error` code only.
impl HasOutcome for RedirectErrorResponse {
    type Code = Option<super::types::RedirectErrorCode>;
    fn outcome(&self) -> Outcome<Self::Code> {
        Outcome::Failure {
            code: self.error.clone(),
            message: None,
        }
    }
    fn code(&self) -> Option<String> {
        self.error.as_ref().map(|code| code.as_str().to_owned())
    }
    fn message(&self) -> Option<String> {
        None
    }
}
