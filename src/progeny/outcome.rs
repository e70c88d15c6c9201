//! Progeny's refusals: a form refused field by field (HTTP 400, `{"image": ["No file was
//! submitted."]}`), a refused login (`{"detail": ...}`), and a finished task whose result says
//! what went wrong (`result.status` 400 and its `issues`). A task id (`TaskCreated`) is a success.
//!
//! ```
//! use faceauth_clients::progeny::types::FieldErrors;
//! use faceauth_clients::HasOutcome;
//!
//! let refused: FieldErrors =
//!     serde_json::from_value(serde_json::json!({"image": ["No file was submitted."]})).unwrap();
//! assert_eq!(refused.refusal().unwrap().to_string(), "image: No file was submitted.");
//! ```

use super::types::{FieldErrors, Task, TaskCreated, TokenError, TokenPair};
use crate::{HasOutcome, Outcome};

/// The first field in error and its messages, joined.
fn first_field(errors: &FieldErrors) -> Option<(String, String)> {
    let (field, messages) = errors.iter().next()?;
    Some((field.clone(), messages.join(" ")))
}

impl HasOutcome for FieldErrors {
    type Code = String;
    fn outcome(&self) -> Outcome<String> {
        Outcome::Failure {
            code: self.code().unwrap_or_default(),
            message: self.message(),
        }
    }
    fn code(&self) -> Option<String> {
        first_field(self).map(|(field, _)| field)
    }
    fn message(&self) -> Option<String> {
        first_field(self).map(|(_, messages)| messages)
    }
}

impl HasOutcome for TokenError {
    type Code = Option<String>;
    fn outcome(&self) -> Outcome<Self::Code> {
        Outcome::Failure {
            code: self.code(),
            message: self.message(),
        }
    }
    fn code(&self) -> Option<String> {
        match self {
            TokenError::FieldErrors(errors) => errors.code(),
            _ => None,
        }
    }
    fn message(&self) -> Option<String> {
        match self {
            TokenError::Detail(detail) => Some(detail.detail.clone()),
            TokenError::FieldErrors(errors) => errors.message(),
        }
    }
}

/// A task: a failure when its result says so (`result.status` other than 200), with the first
/// issue as code and message; a task still running, or done, is a success.
impl HasOutcome for Task {
    type Code = Option<String>;
    fn outcome(&self) -> Outcome<Self::Code> {
        match &self.result {
            Some(result) if result.status != 200 => Outcome::Failure {
                code: self.code(),
                message: self.message(),
            },
            _ => Outcome::Success,
        }
    }
    fn code(&self) -> Option<String> {
        let result = self.result.as_ref()?;
        Some(
            result
                .issues
                .iter()
                .flat_map(|issues| issues.keys())
                .next()
                .cloned()
                .unwrap_or_else(|| result.status.to_string()),
        )
    }
    fn message(&self) -> Option<String> {
        self.result
            .as_ref()?
            .issues
            .as_ref()?
            .values()
            .next()
            .cloned()
    }
}

/// Success bodies without a code: a task id, a token pair.
macro_rules! success_outcome {
    ($($response:ty),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = ();
            fn outcome(&self) -> Outcome<()> {
                Outcome::Success
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

success_outcome!(TaskCreated, TokenPair);
