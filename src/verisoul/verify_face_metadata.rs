//! `metadata` of Verisoul's verify-face answer. The vendor's schema requires none of its fields,
//! and types `account_id` and `referring_session_id` as nullable: a session without an account
//! or a referring session may carry the key with `null` or leave it out (no example shows either,
//! the schema allows both). The generator would make both fields `Option`s, which cannot tell the
//! two apart and write a `null` back as nothing; this type keeps each as it came ([`Nullable`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Nullable;

/// `metadata` of a [`VerifyFaceResponse`](super::types::VerifyFaceResponse)
/// (`VerifyFaceMetadata` in `specs/verisoul.yaml`).
///
/// ```
/// use faceauth_clients::{verisoul::VerifyFaceMetadata, Nullable};
///
/// let without_keys: VerifyFaceMetadata = serde_json::from_str("{}").unwrap();
/// assert_eq!(without_keys.account_id, Nullable::Absent);
/// let with_null: VerifyFaceMetadata = serde_json::from_str(r#"{"account_id":null}"#).unwrap();
/// assert_eq!(with_null.account_id, Nullable::Null);
/// assert_eq!(serde_json::to_string(&with_null).unwrap(), r#"{"account_id":null}"#);
/// assert!(serde_json::from_str::<VerifyFaceMetadata>("[]").is_err(), "an object only");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct VerifyFaceMetadata {
    /// The project the session belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<uuid::Uuid>,
    /// The Face Match session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<uuid::Uuid>,
    /// The account the session was enrolled or verified for; absent or `null` without one.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub account_id: Nullable<String>,
    /// The platform session the Face Match session was created from; absent or `null` without
    /// one.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub referring_session_id: Nullable<uuid::Uuid>,
    /// The request's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<uuid::Uuid>,
    /// When the answer was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<chrono::DateTime<chrono::Utc>>,
}

/// The fields as serde's derive reads them; [`VerifyFaceMetadata`] reads them from a JSON object
/// only (`crate::object_only`): the derive alone would take an array of them too.
#[derive(Deserialize)]
struct Fields {
    #[serde(default)]
    project_id: Option<uuid::Uuid>,
    #[serde(default)]
    session_id: Option<uuid::Uuid>,
    #[serde(default)]
    account_id: Nullable<String>,
    #[serde(default)]
    referring_session_id: Nullable<uuid::Uuid>,
    #[serde(default)]
    request_id: Option<uuid::Uuid>,
    #[serde(default)]
    timestamp: Option<chrono::DateTime<chrono::Utc>>,
}

impl<'de> Deserialize<'de> for VerifyFaceMetadata {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields: Fields = crate::object_only::deserialize(deserializer)?;
        Ok(Self {
            project_id: fields.project_id,
            session_id: fields.session_id,
            account_id: fields.account_id,
            referring_session_id: fields.referring_session_id,
            request_id: fields.request_id,
            timestamp: fields.timestamp,
        })
    }
}

impl fmt::Display for VerifyFaceMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl FromStr for VerifyFaceMetadata {
    type Err = serde_json::Error;

    /// The JSON text of the object.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_str(s)
    }
}
