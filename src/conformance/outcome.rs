//! What a typed call returned, reduced to what the runner checks and the snapshots pin.

use std::fmt::Debug;

use crate::{Error, ResponseValue};
use serde::Serialize;
use serde_json::Value;

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A documented success, decoded into its type.
    Success,
    /// A documented error response, decoded into its type.
    DocumentedError,
    /// Anything else: transport failure, undocumented status, a body that does not decode.
    Failed(String),
}

/// The result of one typed call.
#[derive(Debug, Clone)]
pub struct TypedOutcome {
    /// The HTTP status, where one was received and kept.
    pub status: Option<u16>,
    /// How the call ended.
    pub kind: OutcomeKind,
    /// The typed value's `Debug` (pretty), for the snapshot.
    pub typed_debug: Option<String>,
    /// The typed value serialised back to JSON, to compare with the documented body.
    pub reserialized: Option<Value>,
}

impl TypedOutcome {
    /// Reduces a generated method's result.
    pub(crate) fn from_result<T, E>(result: Result<ResponseValue<T>, Error<E>>) -> Self
    where
        T: Serialize + Debug,
        E: Serialize + Debug,
    {
        match result {
            Ok(value) => Self::typed(OutcomeKind::Success, value),
            Err(Error::Documented(value)) => Self::typed(OutcomeKind::DocumentedError, value),
            Err(other) => Self {
                status: other.status().map(|s| s.as_u16()),
                kind: OutcomeKind::Failed(other.to_string()),
                typed_debug: None,
                reserialized: None,
            },
        }
    }

    fn typed<T: Serialize + Debug>(kind: OutcomeKind, value: ResponseValue<T>) -> Self {
        let status = value.status().as_u16();
        let inner = value.into_inner();
        Self {
            status: Some(status),
            kind,
            typed_debug: Some(format!("{inner:#?}")),
            reserialized: serde_json::to_value(&inner).ok(),
        }
    }
}
