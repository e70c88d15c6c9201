//! Signzy's outcome is in the body: successes carry `"status": "200 OK"` and a
//! success/failure status of the action; refusals (HTTP 400) an inner `"status": "422"`.
//!
//! ```
//! use faceauth_clients::signzy::types::EnrollErrorResponse;
//! use faceauth_clients::{HasOutcome, Outcome};
//!
//! let refused: EnrollErrorResponse = serde_json::from_value(serde_json::json!({"error": {
//!     "userName": "anyname", "faceOriginal": "url", "faceThumbnail": "url",
//!     "enrollmentStatus": "failure", "message": "User is already registered", "status": "422"
//! }})).unwrap();
//! assert_eq!(refused.outcome(), Outcome::Failure {
//!     code: "422".into(),
//!     message: Some("User is already registered".into()),
//! });
//! ```

use super::types::{
    AuthenticateErrorResponse, AuthenticateResponse, BlacklistedUsers, CreateUserResponse,
    EnrollErrorResponse, EnrollResponse, EnrollmentState, EnrollmentStatusResponse, Logs,
    OutcomeStatus, SearchSpaceMembers, Settings, StatusMessage, UpdateUserResponse, UserDetails,
};
use crate::{HasOutcome, Outcome};

/// `"200 OK"` (or `"200"`) means the request succeeded.
fn from_status(status: &str, succeeded: bool, message: &str) -> Outcome<String> {
    if status.trim().starts_with("200") && succeeded {
        Outcome::Success
    } else {
        Outcome::Failure {
            code: status.to_owned(),
            message: Some(message.to_owned()),
        }
    }
}

impl HasOutcome for EnrollResponse {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        let enrolled = self.enrollment_status == OutcomeStatus::Success;
        from_status(&self.status, enrolled, &self.message)
    }
}

impl HasOutcome for AuthenticateResponse {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        let authenticated = self.authentication_status == OutcomeStatus::Success;
        from_status(&self.status, authenticated, &self.message)
    }
}

impl HasOutcome for EnrollmentStatusResponse {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        let enrolled = self.enrollment_status == EnrollmentState::Success;
        from_status(&self.status, enrolled, &self.message)
    }
}

macro_rules! status_outcome {
    ($($response:ty),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = String;
            fn outcome(&self) -> Outcome<String> {
                from_status(&self.status, true, &self.message)
            }
        }
    )+};
}

status_outcome!(
    StatusMessage,
    CreateUserResponse,
    UserDetails,
    UpdateUserResponse,
    BlacklistedUsers,
    SearchSpaceMembers,
    Logs,
    Settings,
);

/// A refusal: its inner status and message where the vendor sent them (neither is required).
fn refusal(status: Option<&str>, message: Option<&str>) -> Outcome<String> {
    Outcome::Failure {
        code: status.unwrap_or_default().to_owned(),
        message: message.map(str::to_owned),
    }
}

impl HasOutcome for EnrollErrorResponse {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        refusal(self.error.status.as_deref(), self.error.message.as_deref())
    }
}

impl HasOutcome for AuthenticateErrorResponse {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        refusal(self.error.status.as_deref(), self.error.message.as_deref())
    }
}
