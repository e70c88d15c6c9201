//! Every form the vendors document decodes and is written back unchanged, through the typed
//! clients against a local server: Verisoul verify-face's `metadata` without `account_id` and
//! `referring_session_id` (the vendor's schema requires neither) and with them `null` (it types
//! both nullable); Signzy's enrolment status page with integer counts (its table's Int) as well
//! as strings (its example); Progeny's authentication data with the Face Compare provider's
//! raw response (`extend_data=true`). And what a request may carry is sent: Verisoul's account
//! update with an empty `metadata`.

use faceauth_clients::{verisoul, BaseUrl, Nullable, Vendor};
use faceauth_conformance::{call_operation, json_differences, CallTarget, OutcomeKind, Spec};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The first documented success body of `operation`.
fn documented_success(vendor: Vendor, operation: &str) -> Value {
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.id == operation)
        .unwrap();
    op.first_success().unwrap().example.value.clone()
}

/// The documented response example `name` of `operation`.
fn documented_example(vendor: Vendor, operation: &str, name: &str) -> Value {
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.id == operation)
        .unwrap();
    let response = op.responses.iter().find(|r| r.example.name == name);
    response.unwrap().example.value.clone()
}

/// Asserts that `body` decodes as `operation`'s documented success and is written back equal, as
/// the conformance runner compares it (`15` and `15.0` are one number).
async fn round_trips(vendor: Vendor, operation: &str, body: &Value) {
    let (kind, written) = served(vendor, operation, body).await;
    assert_eq!(kind, OutcomeKind::Success, "{vendor} {operation}");
    let written = written.expect("the typed value is written back");
    let differences = json_differences(body, &written);
    assert!(
        differences.is_empty(),
        "{vendor} {operation}: {differences:#?}"
    );
}

/// Serves `body` with HTTP 200 to `operation`'s typed client, called with its documented request;
/// returns how the call ended and the typed value written back to JSON.
async fn served(vendor: Vendor, operation: &str, body: &Value) -> (OutcomeKind, Option<Value>) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.id == operation)
        .unwrap();
    let request = op.requests().remove(0);
    let target = CallTarget::test(&server.uri()).unwrap();
    let outcome = call_operation(&target, op.meta.unwrap(), &request)
        .await
        .unwrap();
    (outcome.kind, outcome.reserialized)
}

/// verify-face's documented answer with `metadata` edited.
fn verify_face_with(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut body = documented_success(Vendor::Verisoul, "verifyFace");
    edit(body["metadata"].as_object_mut().unwrap());
    body
}

#[tokio::test]
async fn verify_face_metadata_without_the_two_keys_decodes_and_is_written_back_unchanged() {
    let body = verify_face_with(|metadata| {
        metadata.remove("account_id").unwrap();
        metadata.remove("referring_session_id").unwrap();
    });
    round_trips(Vendor::Verisoul, "verifyFace", &body).await;
}

#[tokio::test]
async fn verify_face_metadata_with_nulls_decodes_and_keeps_them() {
    let body = verify_face_with(|metadata| {
        metadata.insert("account_id".into(), Value::Null);
        metadata.insert("referring_session_id".into(), Value::Null);
    });
    round_trips(Vendor::Verisoul, "verifyFace", &body).await;
    // The type says which form came.
    let typed: verisoul::types::VerifyFaceResponse = serde_json::from_value(body).unwrap();
    assert_eq!(typed.metadata.account_id, Nullable::Null);
    assert_eq!(typed.metadata.referring_session_id, Nullable::Null);
    let documented: verisoul::types::VerifyFaceResponse =
        serde_json::from_value(documented_success(Vendor::Verisoul, "verifyFace")).unwrap();
    assert_eq!(
        documented.metadata.account_id,
        Nullable::Value("john-doe-1".to_owned())
    );
}

#[tokio::test]
async fn verify_face_metadata_of_another_type_is_still_refused() {
    // The leniency is the schema's, no wider: an account id that is a number does not decode.
    let body = verify_face_with(|metadata| {
        metadata.insert("account_id".into(), json!(42));
    });
    let (kind, _) = served(Vendor::Verisoul, "verifyFace", &body).await;
    assert!(
        matches!(&kind, OutcomeKind::Failed(why) if why.status == Some(200)),
        "{kind:?}"
    );
}

#[tokio::test]
async fn an_enrollment_status_page_with_integer_counts_is_written_back_as_integers() {
    let mut body = documented_success(Vendor::Signzy, "enrollmentStatusAll");
    body["currentStatusPageNumber"] = json!(1);
    body["totalStatusPageNumber"] = json!(3);
    body["totalStatusEnrollmentCount"] = json!(42);
    let (kind, written) = served(Vendor::Signzy, "enrollmentStatusAll", &body).await;
    assert_eq!(kind, OutcomeKind::Success);
    // Integers stay integers (exact JSON equality: not written back as strings, nor as 1.0).
    assert_eq!(written, Some(body.clone()));
    // And the documented strings stay strings.
    let documented = documented_success(Vendor::Signzy, "enrollmentStatusAll");
    assert!(documented["totalStatusEnrollmentCount"].is_string());
    assert_eq!(
        served(Vendor::Signzy, "enrollmentStatusAll", &documented).await,
        (OutcomeKind::Success, Some(documented))
    );
}

#[tokio::test]
async fn the_face_compare_providers_raw_data_is_kept() {
    let mut body = documented_example(Vendor::Progeny, "getTask", "authenticated");
    let data = &mut body["result"]["data"];
    // What a provider might add with extend_data=true: beside the scores, and beside the services.
    data["authentication"]["data"]["provider_response"] =
        json!({"similarity": 0.97, "faces": [{"box": [1, 2, 3, 4]}], "request_id": null});
    data["face_compare_raw"] = json!({"vendor": "x", "score": 97});
    round_trips(Vendor::Progeny, "getTask", &body).await;
    let task: faceauth_clients::progeny::types::Task = serde_json::from_value(body).unwrap();
    let data = task.result.unwrap().data.unwrap();
    let scores = data.authentication.unwrap().data.unwrap();
    assert_eq!(scores.score_percent, "100.0");
    assert_eq!(scores.provider["provider_response"]["similarity"], 0.97);
    assert_eq!(data.extra["face_compare_raw"]["score"], 97);
}

#[tokio::test]
async fn an_account_update_sends_an_empty_metadata_when_given_and_none_when_not() {
    let server = MockServer::start().await;
    let client =
        verisoul::Client::with_api_key(BaseUrl::parse(&server.uri()).unwrap(), "key").unwrap();
    for (metadata, sent) in [
        (
            Some(serde_json::Map::new()),
            json!({"id": "john-doe", "metadata": {}}),
        ),
        (None, json!({"id": "john-doe"})),
    ] {
        server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(documented_success(Vendor::Verisoul, "updateAccount")),
            )
            .mount(&server)
            .await;
        let mut update = verisoul::types::AccountUpdateRequest::new("john-doe");
        if let Some(metadata) = metadata {
            update = update.metadata(metadata);
        }
        client.update_account("john-doe", &update).await.unwrap();
        let received = server.received_requests().await.unwrap();
        assert_eq!(received[0].body_json::<Value>().unwrap(), sent);
    }
}
