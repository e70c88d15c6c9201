//! The typed outcomes agree with every documented example: ADVANCE.AI's success is exactly
//! `code: SUCCESS`; Signzy's 200 examples succeed and its 400 examples fail with the inner status;
//! Verisoul's 400 examples fail with their error code.

use faceauth_clients::conformance::Spec;
use faceauth_clients::{advance, signzy, verisoul, HasOutcome, Outcome, Vendor};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Every documented response example of `operation` as (status, body).
fn examples(vendor: Vendor, operation: &str) -> Vec<(u16, Value)> {
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.id == operation)
        .unwrap();
    op.responses
        .into_iter()
        .map(|r| (r.status, r.example.value))
        .collect()
}

fn decode<T: DeserializeOwned>(body: &Value) -> T {
    serde_json::from_value(body.clone()).unwrap()
}

#[test]
fn advance_success_is_exactly_code_success() {
    for (operation, checked) in [("saveEnroll", 5), ("generateToken", 4), ("deleteEnroll", 4)] {
        let all = examples(Vendor::Advance, operation);
        assert_eq!(all.len(), checked, "{operation}");
        for (_, body) in all {
            let outcome = match operation {
                "generateToken" => decode::<advance::types::GenerateTokenResponse>(&body).outcome(),
                _ => decode::<advance::types::SaveEnrollResponse>(&body).outcome(),
            };
            assert_eq!(outcome.is_success(), body["code"] == "SUCCESS", "{body}");
            if let Outcome::Failure { code, message } = outcome {
                assert_eq!(code.as_str(), body["code"]);
                assert_eq!(message.as_deref(), body["message"].as_str());
            }
        }
    }
}

#[test]
fn signzy_outcomes_follow_the_inner_status() {
    for (status, body) in examples(Vendor::Signzy, "enroll")
        .into_iter()
        .chain(examples(Vendor::Signzy, "updateFace"))
    {
        let outcome = if status == 200 {
            decode::<signzy::types::EnrollResponse>(&body).outcome()
        } else {
            decode::<signzy::types::EnrollErrorResponse>(&body).outcome()
        };
        match (status, outcome) {
            (200, Outcome::Success) => {}
            (400, Outcome::Failure { code, .. }) => assert_eq!(code, "422"),
            (status, other) => panic!("HTTP {status}: {other:?}"),
        }
    }
    for (status, body) in examples(Vendor::Signzy, "authenticate") {
        let outcome = if status == 200 {
            decode::<signzy::types::AuthenticateResponse>(&body).outcome()
        } else {
            decode::<signzy::types::AuthenticateErrorResponse>(&body).outcome()
        };
        assert_eq!(outcome.is_success(), status == 200);
    }
}

#[test]
fn verisoul_outcomes_follow_success_and_error() {
    for (status, body) in examples(Vendor::Verisoul, "enrollFaceMatch") {
        let success = if status == 200 {
            decode::<verisoul::types::EnrollResponse>(&body)
                .outcome()
                .is_success()
        } else {
            let outcome = decode::<verisoul::types::EnrollErrorResponse>(&body).outcome();
            let Outcome::Failure {
                code: Some(code), ..
            } = &outcome
            else {
                panic!("{outcome:?}")
            };
            assert_eq!(code.as_str(), body["error"]);
            false
        };
        assert_eq!(success, status == 200);
    }
}

/// Every documented response of every ADVANCE.AI operation, decoded into its type, says
/// `Outcome::Success` exactly when its `code` is SUCCESS, and otherwise the code and message.
/// Each response type is named here by its spec component: a new one fails this test until it
/// has its arm (and, to compile, its `HasOutcome`).
#[test]
fn every_advance_response_type_reports_its_outcome() {
    use advance::types::*;
    fn outcome_of<T: DeserializeOwned + HasOutcome<Code = ResponseCode>>(
        body: &Value,
    ) -> Outcome<ResponseCode> {
        decode::<T>(body).outcome()
    }
    let spec = Spec::load(Vendor::Advance).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for op in spec.operations() {
        for response in &op.responses {
            let schema = response.schema_ref.as_deref().unwrap();
            let name = schema.rsplit('/').next().unwrap();
            let body = &response.example.value;
            let outcome = match name {
                "SaveEnrollResponse" => outcome_of::<SaveEnrollResponse>(body),
                "GenerateTokenResponse" => outcome_of::<GenerateTokenResponse>(body),
                "GetEnrollResponse" => outcome_of::<GetEnrollResponse>(body),
                "GenerateUrlResponse" => outcome_of::<GenerateUrlResponse>(body),
                "GetResultResponse" => outcome_of::<GetResultResponse>(body),
                "GetFaceResponse" => outcome_of::<GetFaceResponse>(body),
                "Envelope" => outcome_of::<Envelope>(body),
                "LivenessSignatureIdResponse" => outcome_of::<LivenessSignatureIdResponse>(body),
                "LivenessLicenseResponse" => outcome_of::<LivenessLicenseResponse>(body),
                "LivenessResultResponse" => outcome_of::<LivenessResultResponse>(body),
                "LivenessVideoResponse" => outcome_of::<LivenessVideoResponse>(body),
                "FaceSearchResponse" => outcome_of::<FaceSearchResponse>(body),
                "AddFaceResponse" => outcome_of::<AddFaceResponse>(body),
                "CompareFacesResponse" => outcome_of::<CompareFacesResponse>(body),
                other => panic!("{}: response type {other} has no outcome arm here", op.id),
            };
            seen.insert(name.to_owned());
            assert_eq!(
                outcome.is_success(),
                body["code"] == "SUCCESS",
                "{}: {body}",
                op.id
            );
            if let Outcome::Failure { code, message } = outcome {
                assert_eq!(code.as_str(), body["code"], "{}", op.id);
                assert_eq!(message.as_deref(), body["message"].as_str(), "{}", op.id);
            }
        }
    }
    // Every arm above is a response type of the spec (none is left over from a removed one).
    assert_eq!(seen.len(), 14, "{seen:?}");
}
