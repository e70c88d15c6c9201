//! The documented answers a test can choose with `Prefer`, by name: listed
//! ([`documented_answers`], `faceauth mock --list-examples`) and asked for with a typed
//! [`Prefer`] rather than a header spelled by hand.

use std::fmt;

use faceauth_clients::Vendor;
use faceauth_conformance::Spec;

use crate::MockError;

/// One documented answer of an operation: what `Prefer: example=NAME; for=OPERATION` makes the
/// mock send.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentedAnswer {
    /// The vendor.
    pub vendor: Vendor,
    /// The operation's `operationId`.
    pub operation: String,
    /// The HTTP status the answer comes with.
    pub status: u16,
    /// The example's name in the spec.
    pub name: String,
    /// What the example is, in one line (its summary in the spec).
    pub summary: String,
}

impl DocumentedAnswer {
    /// The `Prefer` header value that picks this answer for its operation only.
    pub fn prefer(&self) -> Prefer {
        Prefer::example(&self.name).for_operation(&self.operation)
    }
}

/// Every documented answer of `vendor`'s operations, in the spec's order.
///
/// ```
/// use faceauth_clients::Vendor;
///
/// let answers = faceauth_mock::documented_answers(Vendor::Advance).unwrap();
/// let refusal = answers
///     .iter()
///     .find(|a| a.operation == "saveEnroll" && a.name == "parameter_error")
///     .unwrap();
/// assert_eq!(refusal.status, 200);
/// assert_eq!(
///     refusal.prefer().to_string(),
///     "example=parameter_error; for=saveEnroll"
/// );
/// ```
pub fn documented_answers(vendor: Vendor) -> Result<Vec<DocumentedAnswer>, MockError> {
    let spec = Spec::load(vendor)?;
    Ok(spec
        .operations()
        .into_iter()
        .flat_map(|operation| {
            operation
                .responses
                .into_iter()
                .map(move |response| DocumentedAnswer {
                    vendor,
                    operation: operation.id.clone(),
                    status: response.status,
                    name: response.example.name,
                    summary: response.example.summary,
                })
                .collect::<Vec<_>>()
        })
        .collect())
}

/// A `Prefer` header value the mock reads: a documented answer by example name or by status,
/// for every operation the request reaches or for one (`for=OPERATION`, so that a client's token
/// request, sent through the same HTTP client, is not refused too).
///
/// ```
/// use faceauth_mock::Prefer;
///
/// assert_eq!(Prefer::code(400).to_string(), "code=400");
/// assert_eq!(
///     Prefer::example("session_not_found").for_operation("enrollFaceMatch").to_string(),
///     "example=session_not_found; for=enrollFaceMatch"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefer {
    code: Option<u16>,
    example: Option<String>,
    operation: Option<String>,
}

impl Prefer {
    /// The header's name.
    pub const HEADER: &'static str = "prefer";

    /// The documented answer named `name`.
    pub fn example(name: &str) -> Self {
        Self {
            code: None,
            example: Some(name.to_owned()),
            operation: None,
        }
    }

    /// The first documented answer with HTTP status `status`.
    pub fn code(status: u16) -> Self {
        Self {
            code: Some(status),
            example: None,
            operation: None,
        }
    }

    /// Only for the operation `operation_id`.
    pub fn for_operation(mut self, operation_id: &str) -> Self {
        self.operation = Some(operation_id.to_owned());
        self
    }
}

impl fmt::Display for Prefer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(code) = self.code {
            parts.push(format!("code={code}"));
        }
        if let Some(example) = &self.example {
            parts.push(format!("example={example}"));
        }
        if let Some(operation) = &self.operation {
            parts.push(format!("for={operation}"));
        }
        f.write_str(&parts.join("; "))
    }
}
