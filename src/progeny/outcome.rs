//! Progeny's refusals: a form refused field by field (HTTP 400, `{"image": ["No file was
//! submitted."]}`), a refused login (`{"detail": ...}`), and a finished task whose result says
//! no (a `result.status` other than 200, an issue, a failed liveness check, a face that does not
//! match). A task id (`TaskCreated`) is a success; a task without a result is pending.
//!
//! ```
//! use faceauth_clients::progeny::types::FieldErrors;
//! use faceauth_clients::HasOutcome;
//!
//! let refused: FieldErrors =
//!     serde_json::from_value(serde_json::json!({"image": ["No file was submitted."]})).unwrap();
//! let refusal = refused.refusal().unwrap();
//! assert_eq!(refusal.code, None); // Progeny sends no code; the field is in the message
//! assert_eq!(refusal.to_string(), "image: No file was submitted.");
//! assert_eq!(refused.keys().collect::<Vec<_>>(), ["image"]);
//! ```

use super::polling::TaskState;
use super::types::{
    FieldErrors, LegacyAuthorizeResponse, LegacyLivenessResponse, Task, TaskCreated, TokenError,
    TokenPair,
};
use crate::{HasOutcome, Outcome};

/// Every field in error with its messages, as one line (`image: No file was submitted.`): the
/// refusal's message. The fields themselves are the map's keys.
fn field_messages(errors: &FieldErrors) -> Option<String> {
    let lines: Vec<String> = errors
        .iter()
        .map(|(field, messages)| format!("{field}: {}", messages.join(" ")))
        .collect();
    (!lines.is_empty()).then(|| lines.join("; "))
}

/// Progeny sends no code with a form it refuses: the code is `None` (never a field's name), the
/// message names each field and what is wrong with it.
impl HasOutcome for FieldErrors {
    type Code = Option<String>;
    fn outcome(&self) -> Outcome<Option<String>> {
        Outcome::Failure {
            code: None,
            message: self.message(),
        }
    }
    fn code(&self) -> Option<String> {
        None
    }
    fn message(&self) -> Option<String> {
        field_messages(self)
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

/// The service verdicts a finished task's result gives, each with what makes it a refusal.
struct TaskVerdicts<'a> {
    result: &'a super::types::TaskResult,
}

impl<'a> TaskVerdicts<'a> {
    /// Every issue the result names, flat ones (`result.issues`) first, then each service's
    /// (`result.data.issues.<service>`), as (code, message).
    fn issues(&self) -> impl Iterator<Item = (&'a String, &'a String)> + 'a {
        let flat = self.result.issues.iter().flat_map(|issues| issues.iter());
        let nested = self
            .result
            .data
            .iter()
            .flat_map(|data| data.issues.iter())
            .flat_map(|services| services.values())
            .flat_map(|issues| issues.iter());
        flat.chain(nested)
    }

    /// The liveness check's outcome, where the task ran one.
    fn liveness(&self) -> Option<&'a super::types::Liveness> {
        self.result.data.as_ref()?.liveness.as_ref()
    }

    /// The 1:1 match's outcome, where the task ran one.
    fn authentication(&self) -> Option<&'a super::types::Authentication> {
        self.result.data.as_ref()?.authentication.as_ref()
    }

    /// Whether any part of the result says no: a `result.status` other than 200, an issue, a
    /// failed liveness check or a face that does not match.
    fn refused(&self) -> bool {
        self.result.status != 200
            || self.issues().next().is_some()
            || self.liveness().is_some_and(|liveness| !liveness.result)
            || self.authentication().is_some_and(|auth| !auth.result)
    }

    /// The code: the first issue's, else the liveness check's `error_code` (in `liveness` or, as
    /// the overview's example has it, in `liveness.data`).
    fn code(&self) -> Option<String> {
        if let Some((code, _)) = self.issues().next() {
            return Some(code.clone());
        }
        let liveness = self.liveness().filter(|liveness| !liveness.result)?;
        liveness
            .error_code
            .clone()
            .or_else(|| liveness.data.as_ref()?.error_code.clone())
    }

    /// The message that goes with the code.
    fn message(&self) -> Option<String> {
        if let Some((_, message)) = self.issues().next() {
            return Some(message.clone());
        }
        let liveness = self.liveness().filter(|liveness| !liveness.result)?;
        liveness
            .error
            .clone()
            .or_else(|| liveness.data.as_ref()?.error.clone())
    }

    /// Which field refuses, where no code says why.
    fn reason(&self) -> Option<String> {
        if self.liveness().is_some_and(|liveness| !liveness.result) {
            Some("result.data.liveness.result: false".to_owned())
        } else if self.authentication().is_some_and(|auth| !auth.result) {
            Some("result.data.authentication.result: false".to_owned())
        } else if self.result.status != 200 {
            Some(format!("result.status: {}", self.result.status))
        } else {
            None
        }
    }
}

/// A task: pending until it has a result (unless its `status` says it will never have one);
/// refused when its result says no in any way the pages show: a `result.status` other than 200,
/// an issue (flat, or under the service that raised it), a failed liveness check
/// (`liveness.result: false`, as in the documented FACE_NOT_FOUND result, whose `result.status`
/// is 200) or a face that does not match (`authentication.result: false`). The code is the first
/// issue's, else the liveness check's `error_code`.
///
/// ```
/// use faceauth_clients::progeny::types::Task;
/// use faceauth_clients::{HasOutcome, Verdict};
///
/// // The overview's worked example: a face_liveness task that found no face.
/// let task: Task = serde_json::from_value(serde_json::json!({
///     "id": 2158, "status": "SUCCESS", "result": {"status": 200, "data": {
///         "liveness": {"result": false,
///                      "data": {"error": "Failed to detect face", "error_code": "FACE_NOT_FOUND"}},
///         "issues": {"liveness": {"FACE_NOT_FOUND": "Failed to detect face"}}}}
/// })).unwrap();
/// let refusal = task.refusal().expect("a failed liveness check is a refusal");
/// assert_eq!(refusal.code.as_deref(), Some("FACE_NOT_FOUND"));
///
/// let running: Task = serde_json::from_value(serde_json::json!({"id": 1, "status": "PENDING"})).unwrap();
/// assert_eq!(running.verdict(), Verdict::Pending);
/// ```
impl HasOutcome for Task {
    type Code = Option<String>;
    fn outcome(&self) -> Outcome<Self::Code> {
        match &self.result {
            Some(result) if (TaskVerdicts { result }).refused() => Outcome::Failure {
                code: self.code(),
                message: self.message(),
            },
            Some(_) => Outcome::Success,
            None if TaskState::of(&self.status) == TaskState::Failed => Outcome::Failure {
                code: self.code(),
                message: None,
            },
            None => Outcome::Pending,
        }
    }
    fn code(&self) -> Option<String> {
        match &self.result {
            Some(result) => TaskVerdicts { result }.code(),
            // A task that will never have a result: its state is all there is.
            None => Some(self.status.clone()),
        }
    }
    fn message(&self) -> Option<String> {
        TaskVerdicts {
            result: self.result.as_ref()?,
        }
        .message()
    }
    fn reason(&self) -> Option<String> {
        match &self.result {
            Some(result) => TaskVerdicts { result }.reason(),
            None => Some(format!("status: {}", self.status)),
        }
    }
}

// The legacy v2 verdicts: refused when either is false.
crate::outcome::verdict_without_code! {
    LegacyLivenessResponse => (), |body| (!body.liveness).then(|| "liveness: false".to_owned());
    LegacyAuthorizeResponse => (), |body| match (body.liveness, body.authorize) {
        (false, _) => Some("liveness: false".to_owned()),
        (true, false) => Some("authorize: false".to_owned()),
        (true, true) => None,
    };
}

// Success bodies without a verdict: a task id, a token pair.
crate::outcome::success_without_verdict!(TaskCreated, TokenPair);
