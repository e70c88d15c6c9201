//! Calls described as data: any operation, with its parameters and body as JSON, answered as
//! JSON. The conformance runner and `faceauth call` are built on this; an application can use it
//! (through [`AnyClient`](crate::AnyClient)) to drive the clients from configuration.
//!
//! Each vendor's `Operation` enum and `Client::call_json` are generated from the spec at build
//! time, so a new operation in a spec needs no hand-written entry.
//!
//! ```no_run
//! use faceauth_clients::json_call::{JsonRequest, OutcomeKind};
//! use faceauth_clients::{verisoul, AnyClient, BaseUrl, Credential, Vendor};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = AnyClient::new(
//!     Vendor::Verisoul,
//!     BaseUrl::parse("https://api.sandbox.verisoul.ai")?,
//!     &Credential::Static("api-key".into()),
//! )?;
//! let request = JsonRequest::with_body(serde_json::json!({
//!     "session_id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271",
//!     "account_id": "example-account-id",
//! }));
//! let outcome = client.call_json(verisoul::Operation::EnrollFaceMatch.meta(), &request).await?;
//! assert_eq!(outcome.kind, OutcomeKind::Success);
//! println!("{}", outcome.reserialized.unwrap());
//! # Ok(())
//! # }
//! ```

use std::fmt::{self, Debug};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::response::ErrorKind;
use crate::{
    Error, FaceImage, HasOutcome, ImageError, OperationMeta, ResponseValue, Vendor, Verdict,
};

/// One call's input: the body and the parameter values, as JSON (the shape of a spec's example).
#[derive(Debug, Clone, Default)]
pub struct JsonRequest {
    /// A name for the request (the spec example's name).
    pub name: String,
    /// The body, if the operation takes one.
    pub body: Option<Value>,
    /// Parameter values by the spec's parameter name.
    pub params: Vec<(String, Value)>,
    /// The images to upload, for multipart operations, each with the form part it goes in
    /// (`image`; `firstImage` and `secondImage` where a form compares two faces). The body
    /// names each file, as the spec's examples do.
    pub images: Vec<(String, FaceImage)>,
}

impl JsonRequest {
    /// A request with this body and no parameter.
    pub fn with_body(body: Value) -> Self {
        Self {
            body: Some(body),
            ..Self::default()
        }
    }

    /// The body, parsed into the generated request type.
    pub fn body_as<T: DeserializeOwned>(&self) -> Result<T, InputError> {
        let body = self.body.clone().ok_or(InputError::NoBody)?;
        serde_json::from_value(body).map_err(|e| InputError::Body {
            type_name: short_type_name::<T>(),
            reason: e.to_string(),
        })
    }

    /// An optional parameter, parsed into its type; `None` when the request has no value for it.
    pub fn optional_param_as<T: DeserializeOwned>(
        &self,
        name: &'static str,
    ) -> Result<Option<T>, InputError> {
        if self.params.iter().any(|(n, _)| n == name) {
            self.param_as(name).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A parameter, parsed into the generated parameter type.
    pub fn param_as<T: DeserializeOwned>(&self, name: &'static str) -> Result<T, InputError> {
        let value = self
            .params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or(InputError::MissingParameter { name })?;
        serde_json::from_value(value).map_err(|e| InputError::Parameter {
            name,
            type_name: short_type_name::<T>(),
            reason: e.to_string(),
        })
    }

    /// The image to upload in the form part `part` of a multipart operation.
    pub fn image(&self, part: &'static str) -> Result<&FaceImage, InputError> {
        self.images
            .iter()
            .find(|(name, _)| name == part)
            .map(|(_, image)| image)
            .ok_or(InputError::NoImage { part })
    }
}

/// `EnrollRequest` rather than `faceauth_clients::verisoul::generated::types::EnrollRequest`.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    full.rsplit("::").next().unwrap_or(full)
}

/// Why the input does not fit the operation; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The operation takes a body and the request has none.
    NoBody,
    /// The body does not fit the generated request type.
    Body {
        /// The generated type (`EnrollRequest`).
        type_name: &'static str,
        /// What serde said.
        reason: String,
    },
    /// The body lacks a field the operation needs.
    MissingBodyField {
        /// The field, as the spec names it.
        name: &'static str,
    },
    /// A required parameter has no value.
    MissingParameter {
        /// The parameter, as the spec names it.
        name: &'static str,
    },
    /// A parameter's value does not fit its generated type.
    Parameter {
        /// The parameter, as the spec names it.
        name: &'static str,
        /// The generated type.
        type_name: &'static str,
        /// What serde said.
        reason: String,
    },
    /// The operation uploads an image in this form part and none was given for it.
    NoImage {
        /// The form part, as the spec names it (`image`, `firstImage`).
        part: &'static str,
    },
    /// The image breaks the vendor's documented rules.
    Image(ImageError),
    /// The operation belongs to another vendor than the client.
    OtherVendor {
        /// The client's vendor.
        client: Vendor,
        /// The operation asked for.
        operation: &'static OperationMeta,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBody => f.write_str("the request has no body"),
            Self::Body { type_name, reason } => write!(
                f,
                "the request body does not fit the generated type {type_name}: {reason}"
            ),
            Self::MissingBodyField { name } => write!(f, "the request body has no {name}"),
            Self::MissingParameter { name } => {
                write!(f, "the request has no value for the parameter {name}")
            }
            Self::Parameter {
                name,
                type_name,
                reason,
            } => write!(
                f,
                "the parameter {name} does not fit the generated type {type_name}: {reason}"
            ),
            Self::NoImage { part } => write!(
                f,
                "this operation uploads an image in the form part {part}: none was given"
            ),
            Self::Image(why) => fmt::Display::fmt(why, f),
            Self::OtherVendor { client, operation } => {
                write!(f, "the {client} client cannot call {operation}")
            }
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Image(why) => Some(why),
            _ => None,
        }
    }
}

impl From<ImageError> for InputError {
    fn from(error: ImageError) -> Self {
        Self::Image(error)
    }
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A documented success, decoded into its type.
    Success,
    /// A documented error response, decoded into its type.
    DocumentedError,
    /// Anything else: transport failure, undocumented status, a body that does not decode.
    Failed(CallFailure),
}

/// A call that ended in neither a documented success nor a documented error: the error's kind,
/// kept as a value, and its full message (which quotes the evidence: a body excerpt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallFailure {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The HTTP status, where there was a response.
    pub status: Option<u16>,
    /// The error's `Display`: one line with its evidence.
    pub message: String,
}

impl CallFailure {
    /// What went wrong without the evidence (no body excerpt, no value quoted): the kind and the
    /// status, as reports print it (`the response body does not match the spec (HTTP 200)`).
    pub fn summary(&self) -> String {
        match self.status {
            Some(status) => format!("{} (HTTP {status})", self.kind.description()),
            None => self.kind.description().to_owned(),
        }
    }
}

/// What one call returned, as JSON.
#[derive(Debug, Clone)]
pub struct JsonOutcome {
    /// The HTTP status, where one was received and kept.
    pub status: Option<u16>,
    /// How the call ended.
    pub kind: OutcomeKind,
    /// What the vendor's answer says happened, whatever the status that carried it: a
    /// documented success whose body refuses (ADVANCE.AI's codes in an HTTP 200, a Progeny task
    /// whose liveness check failed) is [`Verdict::Refused`]; a documented error always is.
    /// `None` when the call ended in neither (see [`OutcomeKind::Failed`]).
    pub verdict: Option<Verdict>,
    /// The typed value's `Debug` (pretty).
    pub typed_debug: Option<String>,
    /// The typed value serialised back to JSON.
    pub reserialized: Option<Value>,
}

impl JsonOutcome {
    /// Reduces a client method's result.
    pub fn from_result<T, E>(result: Result<ResponseValue<T>, Error<E>>) -> Self
    where
        T: Serialize + Debug + HasOutcome,
        E: Serialize + Debug + HasOutcome,
    {
        match result {
            Ok(value) => {
                let verdict = value.verdict();
                Self::typed(OutcomeKind::Success, verdict, value)
            }
            Err(error @ Error::Documented(_)) => {
                let refusal = error.refusal().unwrap_or_default();
                let Error::Documented(value) = error else {
                    unreachable!("matched above")
                };
                Self::typed(
                    OutcomeKind::DocumentedError,
                    Verdict::Refused(refusal),
                    value,
                )
            }
            Err(other) => {
                let status = other.status().map(|s| s.as_u16());
                Self {
                    status,
                    kind: OutcomeKind::Failed(CallFailure {
                        kind: other.kind(),
                        status,
                        message: other.to_string(),
                    }),
                    verdict: None,
                    typed_debug: None,
                    reserialized: None,
                }
            }
        }
    }

    fn typed<T: Serialize + Debug>(
        kind: OutcomeKind,
        verdict: Verdict,
        value: ResponseValue<T>,
    ) -> Self {
        let status = value.status().as_u16();
        let inner = value.into_inner();
        Self {
            status: Some(status),
            kind,
            verdict: Some(verdict),
            typed_debug: Some(format!("{inner:#?}")),
            reserialized: serde_json::to_value(&inner).ok(),
        }
    }
}
