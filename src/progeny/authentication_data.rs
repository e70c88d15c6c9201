//! The provider's data in a Progeny authentication result: the match scores the pages document,
//! and, with `extend_data=true`, "the original response from the 3rd-party providers of Liveness
//! and Face Compare services" (authenticate_face's page), whose fields no page lists. Where the
//! Face Compare provider's response lands is not shown; that it sits beside the scores, as the
//! liveness provider's does in [`LivenessData`](super::LivenessData), is our inference. The
//! generator would drop those fields; this type keeps them as the raw JSON they are.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `result.data.authentication.data` of a Progeny task (`AuthenticationData` in
/// `specs/progeny.yaml`).
///
/// ```
/// use faceauth_clients::progeny::AuthenticationData;
///
/// let data: AuthenticationData = serde_json::from_str(
///     r#"{"matchScore": "20.0", "scorePercent": "100.0", "provider_match": {"similarity": 0.97}}"#,
/// )
/// .unwrap();
/// assert_eq!(data.score_percent, "100.0");
/// assert_eq!(data.provider["provider_match"]["similarity"], 0.97);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthenticationData {
    /// The match score, as a string (undocumented scale).
    #[serde(rename = "matchScore")]
    pub match_score: String,
    /// The match score in percent, as a string.
    #[serde(rename = "scorePercent")]
    pub score_percent: String,
    /// Every other field: the Face Compare provider's original response with `extend_data=true`.
    #[serde(flatten)]
    pub provider: Map<String, Value>,
}

impl fmt::Display for AuthenticationData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl FromStr for AuthenticationData {
    type Err = serde_json::Error;

    /// The JSON text of the object.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_str(s)
    }
}
