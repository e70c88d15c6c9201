//! `metadata` of an account update (Verisoul's PUT /account/{account_id}): an optional JSON
//! object. The generator makes an optional map a plain map that it leaves out of the body when it
//! is empty, so `"metadata": {}` could not be sent, and an empty object is a value the caller may
//! mean (the vendor's answer prints it). [`AccountMetadata`] is sent whenever it is given
//! (`Some`), empty or not.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `metadata` of an [`AccountUpdateRequest`](super::types::AccountUpdateRequest)
/// (`AccountUpdateMetadata` in `specs/verisoul.yaml`): the object as given.
///
/// ```
/// use faceauth_clients::verisoul::{types::AccountUpdateRequest, AccountMetadata};
///
/// let update: AccountUpdateRequest =
///     serde_json::from_str(r#"{"id": "john-doe", "metadata": {}}"#).unwrap();
/// assert_eq!(update.metadata, Some(AccountMetadata::default()));
/// assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"id":"john-doe","metadata":{}}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountMetadata(pub Map<String, Value>);

impl fmt::Display for AccountMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl FromStr for AccountMetadata {
    type Err = serde_json::Error;

    /// The JSON text of the object.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_str(s)
    }
}
