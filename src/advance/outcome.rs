//! ADVANCE.AI reports the outcome in the body's `code`. (That an error still comes with HTTP 200
//! is an inference from a third-party transcription of its legacy Glossary, not the vendor's
//! current pages; see `specs/advance.yaml`.)
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
//!     Outcome::Success => unreachable!(),
//!     Outcome::Failure { code: ResponseCode::RegionWrong, .. } => println!("fix the region"),
//!     Outcome::Failure { code, message } => println!("{code}: {message:?}"),
//! }
//! ```

use super::types::{
    AddFaceResponse, CompareFacesResponse, Envelope, FaceSearchResponse, GenerateTokenResponse,
    GenerateUrlResponse, GetEnrollResponse, GetFaceResponse, GetResultResponse,
    LivenessLicenseResponse, LivenessResultResponse, LivenessSignatureIdResponse,
    LivenessVideoResponse, ResponseCode, SaveEnrollResponse,
};
use crate::{HasOutcome, Outcome};

macro_rules! envelope_outcome {
    ($($response:ty),+ $(,)?) => {$(
        impl HasOutcome for $response {
            type Code = ResponseCode;
            fn outcome(&self) -> Outcome<ResponseCode> {
                match &self.code {
                    ResponseCode::Success => Outcome::Success,
                    code => Outcome::Failure {
                        code: code.clone(),
                        message: Some(self.message.clone()),
                    },
                }
            }
            fn code(&self) -> Option<String> {
                Some(self.code.as_str().to_owned())
            }
            fn message(&self) -> Option<String> {
                Some(self.message.clone())
            }
        }
    )+};
}

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
