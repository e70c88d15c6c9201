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
    EnrollErrorResponse, EnrollResponse, EnrollmentState, EnrollmentStatusAllResponse,
    EnrollmentStatusResponse, LoginResponse, Logs, OutcomeStatus, SearchResponse,
    SearchSpaceMembers, Settings, StatusMessage, UpdateUserResponse, UserDetails,
};
use crate::{HasOutcome, Outcome};

/// A success body's `status` refuses when it is a status code other than 200 (`"422"`,
/// `"500 Internal Server Error"`); `"200 OK"`, `"200"`, and a text that is no status code at all
/// (the enrolment-status page's placeholder `"... status code.."`) leave the verdict to the
/// action's own status (`succeeded`).
fn from_status(status: &str, succeeded: bool, message: &str) -> Outcome<String> {
    let code: String = status
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let status_refuses = !code.is_empty() && code != "200";
    if succeeded && !status_refuses {
        Outcome::Success
    } else {
        Outcome::Failure {
            code: status.to_owned(),
            message: Some(message.to_owned()),
        }
    }
}

/// A success body: `status` and `message` say what happened; `$succeeded` whether the action
/// (enrolment, authentication) succeeded too.
macro_rules! status_outcome {
    ($($response:ty $(=> |$body:ident| $succeeded:expr)?),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = String;
            fn outcome(&self) -> Outcome<String> {
                #[allow(unused_variables)]
                let succeeded = true;
                $( let $body = self; let succeeded = $succeeded; )?
                from_status(&self.status, succeeded, &self.message)
            }
            fn code(&self) -> Option<String> {
                Some(self.status.clone())
            }
            fn message(&self) -> Option<String> {
                Some(self.message.clone())
            }
        }
    )+};
}

status_outcome!(
    EnrollResponse => |body| body.enrollment_status == OutcomeStatus::Success,
    AuthenticateResponse => |body| body.authentication_status == OutcomeStatus::Success,
    EnrollmentStatusResponse => |body| body.enrollment_status == EnrollmentState::Success,
);

status_outcome!(
    StatusMessage,
    LoginResponse,
    EnrollmentStatusAllResponse,
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

/// A refusal body (HTTP 400): the details wrapped in `error`.
macro_rules! error_outcome {
    ($($response:ty),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = String;
            fn outcome(&self) -> Outcome<String> {
                refusal(self.error.status.as_deref(), self.error.message.as_deref())
            }
            fn code(&self) -> Option<String> {
                self.error.status.clone()
            }
            fn message(&self) -> Option<String> {
                self.error.message.clone()
            }
        }
    )+};
}

error_outcome!(EnrollErrorResponse, AuthenticateErrorResponse);

/// Search: its `status` is the number 200 in the documented example (a string elsewhere), and
/// its matches are an answer, not a verdict.
impl HasOutcome for SearchResponse {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        from_status(&self.status.to_string(), true, &self.message)
    }
    fn code(&self) -> Option<String> {
        Some(self.status.to_string())
    }
    fn message(&self) -> Option<String> {
        Some(self.message.clone())
    }
}
