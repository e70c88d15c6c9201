//! The provider's data in a Progeny liveness result: the scores the pages document, and, with
//! `extend_data=true`, "the original response from the 3rd-party provider", whose fields no page
//! lists. The generator would drop those; this type keeps them as the raw JSON they are.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `result.data.liveness.data` of a Progeny task (`LivenessData` in `specs/progeny.yaml`).
///
/// ```
/// use faceauth_clients::progeny::LivenessData;
///
/// let data: LivenessData =
///     serde_json::from_str(r#"{"score": 0.98, "provider_session": {"id": "x1"}}"#).unwrap();
/// assert_eq!(data.score, Some(0.98));
/// assert_eq!(data.provider["provider_session"]["id"], "x1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LivenessData {
    /// The provider's liveness score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The image quality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<f64>,
    /// The probability that the face is live.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// A message saying why the check failed (the overview's example puts it here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why the check failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Every other field: the provider's original response with `extend_data=true`.
    #[serde(flatten)]
    pub provider: Map<String, Value>,
}

impl fmt::Display for LivenessData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&json)
    }
}

impl FromStr for LivenessData {
    type Err = serde_json::Error;

    /// The JSON text of the object.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_str(s)
    }
}
