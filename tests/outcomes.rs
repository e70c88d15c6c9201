//! The typed outcomes agree with every documented example: ADVANCE.AI's success is exactly
//! `code: SUCCESS`; Signzy's 200 examples succeed and its 400 examples fail with the inner status;
//! Verisoul's 400 examples fail with their error code.

use faceauth_clients::{advance, signzy, uuid, verisoul, HasOutcome, Outcome, Vendor};
use faceauth_spec::extension::{DeclaredOutcome, OUTCOME};
use faceauth_test_support::specs;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Every documented response example of `operation` as (status, body).
fn examples(vendor: Vendor, operation: &str) -> Vec<(u16, Value)> {
    specs::responses(vendor.name(), operation)
        .into_iter()
        .map(|r| (r.status, r.body))
        .collect()
}

fn decode<T: DeserializeOwned>(body: &Value) -> T {
    serde_json::from_value(body.clone()).unwrap()
}

#[test]
fn advance_success_is_exactly_code_success() {
    for (operation, checked) in [("saveEnroll", 5), ("generateToken", 5), ("deleteEnroll", 4)] {
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
    // In HTTP 200, yet the same kind of error as every other vendor's refusal, the envelope
    // whole inside.
    let error = result.unwrap_err();
    let faceauth_clients::Error::Documented(envelope) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(envelope.status(), 200);
    assert_eq!(envelope.code.as_str(), code);
    assert_eq!(error.code().as_deref(), Some(code));
    assert!(!error.is_credential_refused());
    assert!(
        error
            .to_string()
            .ends_with(&format!("HTTP 200: {code}: {message}")),
        "{error}"
    );
    // Asked for, the refusal is the answer, to read in the body.
    let client = client
        .with_options(faceauth_clients::ClientOptions {
            in_body_refusals: faceauth_clients::InBodyRefusals::AsAnswers,
            ..Default::default()
        })
        .unwrap();
    let answer = client
        .save_enroll(&request)
        .await
        .expect("the refusal as the answer");
    assert_eq!(answer.code.as_str(), code);
    assert_eq!(answer.refusal(), Some(refusal));

    // Progeny: HTTP 400, the form's fields in error.
    let body = refusal_example(Vendor::Progeny, "registerFace", 400);
    let (_server, base) = answering(400, &body).await;
    let client = faceauth_clients::progeny::Client::with_access_token(base, "token").unwrap();
    let image = faceauth_clients::FaceImage::from_bytes(faceauth_spec::EXAMPLE_FACE_PNG).unwrap();
    let result = client
        .register_face(&faceauth_clients::progeny::RegisterFaceUpload::new(image))
        .await;
    let (field, messages) = body.as_object().unwrap().iter().next().unwrap();
    let message = messages[0].as_str().unwrap();
    let refusal = refusal_of(&result).unwrap();
    // Progeny sends no code: none, never the field's name.
    assert_eq!(refusal.code, None);
    assert_eq!(refusal.to_string(), format!("{field}: {message}"));
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
    let mut seen = std::collections::BTreeSet::new();
    for op in specs::operation_ids("advance") {
        for response in specs::responses("advance", &op) {
            let schema = response.schema_ref.as_deref().unwrap();
            let name = schema.rsplit('/').next().unwrap();
            let body = &response.body;
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
                other => panic!("{op}: response type {other} has no outcome arm here"),
            };
            seen.insert(name.to_owned());
            // What the example stands for, as the spec declares it: a success is exactly
            // `code: SUCCESS` with no verdict of no in `data` (the SDK liveness result that
            // found an attack is a refusal though its code is SUCCESS).
            let declared = DeclaredOutcome::parse(response.example.get(OUTCOME)).unwrap();
            assert_eq!(
                outcome.is_success(),
                declared == DeclaredOutcome::Success,
                "{op}: {body}"
            );
            if body["code"] != "SUCCESS" {
                let Outcome::Failure { code, message } = outcome else {
                    panic!("{op}: {body}")
                };
                assert_eq!(code.as_str(), body["code"], "{op}");
                assert_eq!(message.as_deref(), body["message"].as_str(), "{op}");
            }
        }
    }
    // Every arm above is a response type of the spec (none is left over from a removed one).
    assert_eq!(seen.len(), 14, "{seen:?}");
}

/// Progeny's task verdicts through the typed client: the documented FACE_NOT_FOUND result
/// (`result.status` 200, `liveness.result: false`) is a refusal with its code; a face that does
/// not match is one without a code; a task without a result is pending until its state says
/// it will never have one.
#[tokio::test]
async fn progeny_tasks_refuse_on_every_verdict_of_no_and_wait_while_running() {
    use faceauth_clients::progeny;
    let task_id: uuid::Uuid = "58bf8a18-b10b-409d-91d6-fdd358408dff".parse().unwrap();
    let get = |body: Value| async move {
        let (server, base) = answering(200, &body).await;
        let client = progeny::Client::with_access_token(base, "token").unwrap();
        let answer = client
            .get_task(&progeny::types::GetTaskQuery::new(task_id))
            .await
            .unwrap();
        drop(server);
        answer
    };
    let face_not_found = examples(Vendor::Progeny, "getTask")
        .into_iter()
        .find(|(_, body)| body["id"] == 2158)
        .map(|(_, body)| body)
        .unwrap();
    let answer = get(face_not_found).await;
    assert_eq!(answer.status(), 200);
    let refusal = answer
        .refusal()
        .expect("a failed liveness check is a refusal");
    assert_eq!(refusal.code.as_deref(), Some("FACE_NOT_FOUND"));
    assert_eq!(refusal.message.as_deref(), Some("Failed to detect face"));
    assert_eq!(
        refusal.reason.as_deref(),
        Some("result.data.liveness.result: false")
    );

    let no_match = json!({"id": 7, "status": "SUCCESS", "result": {"status": 200, "data": {
        "authentication": {"result": false, "data": {"matchScore": "1.0", "scorePercent": "5.0"}},
        "liveness": {"result": true}}}});
    let refusal = get(no_match)
        .await
        .refusal()
        .expect("no match is a refusal");
    assert_eq!(refusal.code, None);
    assert_eq!(
        refusal.to_string(),
        "result.data.authentication.result: false"
    );

    // A failed liveness check without an issue: the liveness check's own error code.
    let flat = json!({"id": 8, "status": "SUCCESS", "result": {"status": 200, "data": {
        "liveness": {"result": false, "error": "Too close", "error_code": "FACE_TOO_CLOSE"}}}});
    assert_eq!(
        get(flat).await.refusal().unwrap().to_string(),
        "FACE_TOO_CLOSE: Too close"
    );

    let running = get(json!({"id": 9, "status": "PENDING"})).await;
    assert_eq!(running.verdict(), faceauth_clients::Verdict::Pending);
    assert_eq!(running.refusal(), None);
    let failed = get(json!({"id": 10, "status": "FAILURE"})).await;
    assert_eq!(
        failed.refusal().unwrap().code.as_deref(),
        Some("FAILURE"),
        "a task that will never have a result"
    );
    let passed = get(
        json!({"id": 11, "status": "SUCCESS", "result": {"status": 200,
        "data": {"liveness": {"result": true}, "authentication": {"result": true}}}}),
    )
    .await;
    assert_eq!(passed.verdict(), faceauth_clients::Verdict::Success);
}

/// Verisoul's verdicts: `match: false` and any decision but `Real` (an undocumented one too)
/// are refusals, each saying which field refuses.
#[test]
fn verisoul_verdicts_of_no_are_refusals() {
    let identity = |matched: bool| -> verisoul::types::VerifyIdentityResponse {
        decode(
            &json!({"request_id": "43eb9f8e-769c-4380-a3df-94925671746b", "success": true,
            "match": matched}),
        )
    };
    assert!(identity(true).outcome().is_success());
    let refusal = identity(false).refusal().unwrap();
    assert_eq!(
        (refusal.code, refusal.reason.as_deref()),
        (None, Some("match: false"))
    );

    let mut face = examples(Vendor::Verisoul, "verifyFace")
        .into_iter()
        .find(|(status, _)| *status == 200)
        .unwrap()
        .1;
    for (decision, refused) in [
        ("Real", false),
        ("Suspicious", true),
        ("Fake", true),
        ("Undecided", true),
    ] {
        face["decision"] = json!(decision);
        let body: verisoul::types::VerifyFaceResponse = decode(&face);
        assert_eq!(body.refusal().is_some(), refused, "{decision}");
        if refused {
            assert_eq!(
                body.refusal().unwrap().to_string(),
                format!("decision: {decision}")
            );
        }
    }
}

/// ADVANCE.AI's envelope is its answer in whatever HTTP status it comes: a CLIENT_ERROR in an
/// HTTP 400 is that code with that status, not an undocumented status; a 400 that is not an
/// envelope still is one; and a write answered 503 stays an unknown outcome even with an
/// envelope (it was not sent again).
#[tokio::test]
async fn advance_reads_its_envelope_in_any_status() {
    let client_error = json!({"code": "CLIENT_ERROR", "message": "HTTP 400 - Bad Request",
        "data": null, "extra": null, "transactionId": "t1", "pricingStrategy": "FREE"});
    let request = advance::types::UserIdRequest::new("user-1");

    let (server, base) = answering(400, &client_error).await;
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let error = client
        .get_enroll(&request)
        .await
        .expect_err("the envelope's refusal");
    let faceauth_clients::Error::Documented(answer) = &error else {
        panic!("the envelope is the operation's answer: {error:?}")
    };
    assert_eq!(answer.status(), 400);
    let refusal = error.refusal().unwrap();
    assert_eq!(refusal.to_string(), "CLIENT_ERROR: HTTP 400 - Bad Request");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let (_server, base) = answering(400, &json!({"error": "not an envelope"})).await;
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let error = client.get_enroll(&request).await.unwrap_err();
    assert!(
        matches!(error, faceauth_clients::Error::UndocumentedStatus(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), None);

    let (server, base) = answering(503, &client_error).await;
    let client = advance::Client::with_access_token(base, "token")
        .unwrap()
        .with_options(faceauth_clients::ClientOptions {
            retry: faceauth_clients::RetryPolicy::none(),
            ..Default::default()
        })
        .unwrap();
    let save = advance::types::SaveEnrollRequest::new(
        "https://example.com/f.jpg",
        "u",
        advance::types::SaveEnrollRequestRegion::new("PHL").unwrap(),
    );
    let error = client.save_enroll(&save).await.unwrap_err();
    assert!(
        matches!(error, faceauth_clients::Error::OutcomeUnknown(_)),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// A field the types do not expect never hides the envelope's code and message: `extra` is any
/// JSON value (the Face Search page types it object, the others give no type), and a body whose
/// `data` does not decode is an error that still says the vendor's code and message.
#[tokio::test]
async fn a_peripheral_field_never_hides_the_envelopes_code() {
    let request = advance::types::UserIdRequest::new("user-1");
    let with_object_extra = json!({"code": "PARAMETER_ERROR", "message": "UserId is invalid",
        "data": null, "extra": {"exception": "java.lang.IllegalArgumentException"},
        "transactionId": "t2", "pricingStrategy": "FREE"});
    let (_server, base) = answering(200, &with_object_extra).await;
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let error = client.get_enroll(&request).await.expect_err("a refusal");
    let faceauth_clients::Error::Documented(answer) = &error else {
        panic!("an object in extra decodes: {error:?}")
    };
    assert_eq!(
        answer.refusal().unwrap().code.as_deref(),
        Some("PARAMETER_ERROR")
    );
    assert_eq!(
        answer.extra["exception"],
        "java.lang.IllegalArgumentException"
    );

    let broken_data = json!({"code": "SUCCESS", "message": "OK",
        "data": {"userId": 42, "imageUrlList": "not a list"}, "extra": null,
        "transactionId": "t3", "pricingStrategy": "FREE"});
    let (_server, base) = answering(200, &broken_data).await;
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let error = client.get_enroll(&request).await.unwrap_err();
    assert!(
        matches!(error, faceauth_clients::Error::InvalidBody { .. }),
        "{error:?}"
    );
    assert_eq!(error.code().as_deref(), Some("SUCCESS"));
    assert_eq!(error.message().as_deref(), Some("OK"));
    assert_eq!(error.refusal(), None, "SUCCESS is no refusal");
    assert!(
        error
            .to_string()
            .contains("the vendor's code: SUCCESS (OK)"),
        "{error}"
    );

    let refused_broken = json!({"code": "PARAMETER_ERROR", "message": "UserId is invalid",
        "data": null, "extra": null, "transactionId": "t4", "pricingStrategy": 7});
    let (_server, base) = answering(200, &refused_broken).await;
    let client = advance::Client::with_access_token(base, "token").unwrap();
    let error = client.get_enroll(&request).await.unwrap_err();
    let refusal = error.refusal().expect("the envelope's refusal");
    assert_eq!(refusal.to_string(), "PARAMETER_ERROR: UserId is invalid");
}
