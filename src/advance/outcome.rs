//! ADVANCE.AI reports the outcome in the body's `code`, and two lookups their verdict in `data`
//! (Get Result's `idvResult`, the SDK liveness result's attack type and score). That an error
//! comes with HTTP 200 is an inference from a third-party transcription of its legacy Glossary,
//! not the vendor's current pages: the clients read the envelope in whatever status it comes
//! ([`Vendor::coded_envelope`](crate::Vendor::coded_envelope)).
//!
//! ```
//! use faceauth_clients::advance::types::{ResponseCode, SaveEnrollResponse};
//! use faceauth_clients::{HasOutcome, Outcome};
//!
//! let answer: SaveEnrollResponse = serde_json::from_value(serde_json::json!({
//!     "code": "REGION_WRONG", "message": "Region is wrong", "data": null, "extra": null,
//!     "transactionId": "0f74aeb4dd3f1d48", "pricingStrategy": "FREE"
//! })).unwrap();
//! match answer.outcome() {
//!     Outcome::Success | Outcome::Pending => unreachable!(),
//!     Outcome::Failure { code: ResponseCode::RegionWrong, .. } => println!("fix the region"),
//!     Outcome::Failure { code, message } => println!("{code}: {message:?}"),
//! }
//! ```

use super::types::{
    AddFaceResponse, CompareFacesResponse, Envelope, FaceSearchResponse, GenerateTokenResponse,
    GenerateUrlResponse, GetEnrollResponse, GetFaceResponse, GetResultResponse, IdvResult,
    LivenessLicenseResponse, LivenessResultResponse, LivenessSignatureIdResponse,
    LivenessVideoResponse, ResponseCode, SaveEnrollResponse,
};
use crate::{HasOutcome, Outcome};

/// The code ADVANCE.AI refuses a credential with (the crate's one rule).
const CREDENTIAL_REFUSED: &str = match crate::Vendor::Advance.credential_refusal_code() {
    Some(code) => code,
    None => panic!("ADVANCE.AI refuses credentials with a code"),
};

/// A refusal the `data` of a SUCCESS envelope gives: the vendor's code for it where `data`
/// carries one (Get Result's `errorCode`), and the field that says so.
struct DataRefusal {
    code: Option<String>,
    reason: String,
}

/// The verdict a SUCCESS envelope's `data` can still give (none, for most operations).
trait DataVerdict {
    fn data_refusal(&self) -> Option<DataRefusal> {
        None
    }
}

/// Get Result: SUCCESS says the lookup worked; `data.idvResult` says whether the user passed.
/// FAIL and INCOMPLETE (and a value the page does not list: fail closed) are refusals, with
/// `data.errorCode` (LIVENESS_ATTACK, ...) as their code.
impl DataVerdict for GetResultResponse {
    fn data_refusal(&self) -> Option<DataRefusal> {
        let data = self.data.as_ref()?;
        if data.idv_result == IdvResult::Pass {
            return None;
        }
        Some(DataRefusal {
            code: Some(
                data.error_code
                    .clone()
                    .unwrap_or_else(|| data.idv_result.as_str().to_owned()),
            ),
            reason: format!("data.idvResult: {}", data.idv_result.as_str()),
        })
    }
}

/// The SDK liveness result: SUCCESS says the lookup worked; an attack type, or a liveness score
/// under 50 ("below 50 may be an attack"; the H5 pages' rule for a FAIL), is a refusal. The
/// body has no code for it.
impl DataVerdict for LivenessResultResponse {
    fn data_refusal(&self) -> Option<DataRefusal> {
        let data = self.data.as_ref()?;
        let reason = match data.attack_type {
            Some(attack) => format!("data.attackType: {attack}"),
            None if data.liveness_score < 50.0 => {
                format!("data.livenessScore: {} (below 50)", data.liveness_score)
            }
            None => return None,
        };
        Some(DataRefusal { code: None, reason })
    }
}

/// Envelopes whose `code` is the outcome, and a SUCCESS's `data` the verdict where it gives one.
macro_rules! envelope_outcome {
    ($($response:ty),+ $(,)?) => {$(
        impl crate::runtime::EnvelopeCode for $response {
            fn envelope_refused(&self) -> bool {
                self.code != ResponseCode::Success
            }
        }

        impl HasOutcome for $response {
            type Code = ResponseCode;
            fn outcome(&self) -> Outcome<ResponseCode> {
                match (&self.code, self.data_refusal()) {
                    (ResponseCode::Success, None) => Outcome::Success,
                    (ResponseCode::Success, Some(refusal)) => Outcome::Failure {
                        code: refusal.code.map_or(ResponseCode::Success, |code| {
                            code.parse().unwrap_or(ResponseCode::Unknown(code))
                        }),
                        message: None,
                    },
                    (code, _) => Outcome::Failure {
                        code: code.clone(),
                        message: Some(self.message.clone()),
                    },
                }
            }
            fn code(&self) -> Option<String> {
                match (&self.code, self.data_refusal()) {
                    (ResponseCode::Success, Some(refusal)) => refusal.code,
                    (code, _) => Some(code.as_str().to_owned()),
                }
            }
            fn message(&self) -> Option<String> {
                Some(self.message.clone())
            }
            fn refuses_credential(&self) -> bool {
                self.code.as_str() == CREDENTIAL_REFUSED
            }
            fn reason(&self) -> Option<String> {
                match &self.code {
                    ResponseCode::Success => self.data_refusal().map(|refusal| refusal.reason),
                    _ => None,
                }
            }
        }
    )+};
}

/// Envelopes whose `data` gives no verdict.
macro_rules! no_data_verdict {
    ($($response:ty),+ $(,)?) => {$( impl DataVerdict for $response {} )+};
}

no_data_verdict!(
    SaveEnrollResponse,
    GenerateTokenResponse,
    GetEnrollResponse,
    GenerateUrlResponse,
    GetFaceResponse,
    Envelope,
    LivenessSignatureIdResponse,
    LivenessLicenseResponse,
    LivenessVideoResponse,
    FaceSearchResponse,
    AddFaceResponse,
    CompareFacesResponse,
);

envelope_outcome!(
    SaveEnrollResponse,
    GenerateTokenResponse,
    GetEnrollResponse,
    GenerateUrlResponse,
    GetResultResponse,
    GetFaceResponse,
    Envelope,
    LivenessSignatureIdResponse,
    LivenessLicenseResponse,
    LivenessResultResponse,
    LivenessVideoResponse,
    FaceSearchResponse,
    AddFaceResponse,
    CompareFacesResponse,
);
