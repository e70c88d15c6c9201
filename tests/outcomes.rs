//! The typed outcomes agree with every documented example: ADVANCE.AI's success is exactly
//! `code: SUCCESS`; Signzy's 200 examples succeed and its 400 examples fail with the inner status;
//! Verisoul's 400 examples fail with their error code.

use faceauth_clients::conformance::Spec;
use faceauth_clients::{advance, signzy, uuid, verisoul, HasOutcome, Outcome, Vendor};
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

/// The one way to read a refusal, whatever the vendor: a body that reports one (ADVANCE.AI's
/// HTTP 200 with a code), or a documented error (the others' HTTP 400).
fn refusal_of<T: HasOutcome, E: HasOutcome>(
    result: &Result<faceauth_clients::ResponseValue<T>, faceauth_clients::Error<E>>,
) -> Option<faceauth_clients::Refusal> {
    match result {
        Ok(answer) => answer.refusal(),
        Err(error) => error.refusal(),
    }
}

/// A wiremock server that answers every request with `status` and `body`.
async fn answering(status: u16, body: &Value) -> (wiremock::MockServer, faceauth_clients::BaseUrl) {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let base = faceauth_clients::BaseUrl::parse(&server.uri()).unwrap();
    (server, base)
}

/// The first documented example of `operation` with `status` whose body has `field`.
fn refusal_example(vendor: Vendor, operation: &str, status: u16) -> Value {
    examples(vendor, operation)
        .into_iter()
        .find(|(s, body)| {
            *s == status && body != &Value::Null && {
                // ADVANCE.AI's refusals are HTTP 200 too: the one that is not a success.
                body["code"] != "SUCCESS"
            }
        })
        .map(|(_, body)| body)
        .unwrap_or_else(|| panic!("{vendor} {operation}: no documented refusal"))
}

#[tokio::test]
async fn a_documented_refusal_reads_the_same_way_and_prints_its_code_for_every_vendor() {
    // Signzy: HTTP 400, the details wrapped in `error` with an inner status.
    let body = refusal_example(Vendor::Signzy, "enroll", 400);
    let (_server, base) = answering(400, &body).await;
    let client = signzy::Client::with_access_token(base, "token").unwrap();
    let request = signzy::types::EnrollRequest::new("acme", "https://example.com/f.jpg", "u");
    let result = client.enroll(&request).await;
    let refusal = refusal_of(&result).expect("a refusal");
    assert_eq!(refusal.code.as_deref(), body["error"]["status"].as_str());
    assert_eq!(
        refusal.message.as_deref(),
        body["error"]["message"].as_str()
    );
    let error = result.unwrap_err();
    let printed = error.to_string();
    assert!(printed.contains("HTTP 400: 422: "), "{printed}");
    assert!(
        printed.contains(body["error"]["message"].as_str().unwrap()),
        "{printed}"
    );

    // Verisoul: HTTP 400 with an `error` code.
    let body = refusal_example(Vendor::Verisoul, "enrollFaceMatch", 400);
    let (_server, base) = answering(400, &body).await;
    let client = verisoul::Client::with_api_key(base, "key").unwrap();
    let session: uuid::Uuid = "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse().unwrap();
    let result = client
        .enroll_face_match(&verisoul::types::EnrollRequest::new(session, "a"))
        .await;
    let code = body["error"].as_str().unwrap();
    assert_eq!(refusal_of(&result).unwrap().code.as_deref(), Some(code));
    let error = result.unwrap_err();
    assert_eq!(error.code().as_deref(), Some(code));
    assert!(
        error.to_string().ends_with(&format!("HTTP 400: {code}")),
        "{error}"
    );

    // ADVANCE.AI: HTTP 200 whose `code` is not SUCCESS.
    let body = refusal_example(Vendor::Advance, "saveEnroll", 200);
    let (_server, base) = answering(200, &body).await;
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let request = advance::types::SaveEnrollRequest::new(
        "https://example.com/f.jpg",
        "u",
        advance::types::SaveEnrollRequestRegion::new("PHL").unwrap(),
    );
    let result = client.save_enroll(&request).await;
    let refusal = refusal_of(&result).expect("a refusal in a 200 body");
    let (code, message) = (
        body["code"].as_str().unwrap(),
        body["message"].as_str().unwrap(),
    );
    assert_eq!(refusal.to_string(), format!("{code}: {message}"));
    assert!(
        result.is_ok(),
        "ADVANCE.AI answers its refusals with HTTP 200"
    );

    // Progeny: HTTP 400, the form's fields in error.
    let body = refusal_example(Vendor::Progeny, "registerFace", 400);
    let (_server, base) = answering(400, &body).await;
    let client = faceauth_clients::progeny::Client::with_access_token(base, "token").unwrap();
    let image = faceauth_clients::FaceImage::from_bytes(faceauth_clients::conformance::FIXTURE_PNG)
        .unwrap();
    let result = client.register_face(&image, None).await;
    let (field, messages) = body.as_object().unwrap().iter().next().unwrap();
    let message = messages[0].as_str().unwrap();
    assert_eq!(
        refusal_of(&result).unwrap().to_string(),
        format!("{field}: {message}")
    );
    let printed = result.unwrap_err().to_string();
    assert!(
        printed.ends_with(&format!("HTTP 400: {field}: {message}")),
        "{printed}"
    );
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
