//! Forward compatibility: a vendor that adds a value to one of its enums (an error code, a status,
//! a decision) does not break decoding. For every vendor, every documented response example and
//! every enum-typed field in it, the field is given an undocumented value, the response is served
//! to the typed client, and the value must come back in the typed result and be re-serialised
//! unchanged.

use faceauth_clients::{advance, progeny, signzy, verisoul, OperationMeta, Vendor};
use faceauth_conformance::{
    call_operation, CallTarget, OutcomeKind, Spec, SpecOperation, TypedOutcome,
};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const UNDOCUMENTED: &str = "faceauth-undocumented-value";

/// The spec's view of `operation`: its documented requests and responses.
fn spec_operation(operation: &'static OperationMeta) -> SpecOperation {
    Spec::load(operation.vendor)
        .unwrap()
        .operations()
        .into_iter()
        .find(|o| o.meta == Some(operation))
        .unwrap()
}

/// Serves `body` with `status` and calls `operation` with its first documented request.
async fn serve_and_call(
    server: &MockServer,
    operation: &'static OperationMeta,
    status: u16,
    body: &Value,
) -> TypedOutcome {
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
    let request = spec_operation(operation).requests().remove(0);
    let target = CallTarget::test(&server.uri()).unwrap();
    call_operation(&target, operation, &request).await.unwrap()
}

/// JSON pointers, in `value`, of the strings that `schema` types as an enum.
fn enum_fields(spec: &Spec, schema: &Value, value: &Value, at: &str, found: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(target) = spec.resolve(reference) {
            enum_fields(spec, &target.clone(), value, at, found);
        }
        return;
    }
    for combined in ["allOf", "anyOf", "oneOf"] {
        for part in schema[combined].as_array().into_iter().flatten() {
            enum_fields(spec, part, value, at, found);
        }
    }
    if schema.get("enum").is_some() && value.is_string() && !found.iter().any(|f| f == at) {
        found.push(at.to_owned());
    }
    if let (Some(properties), Some(object)) = (schema["properties"].as_object(), value.as_object())
    {
        for (name, property) in properties {
            if let Some(child) = object.get(name) {
                enum_fields(spec, property, child, &format!("{at}/{name}"), found);
            }
        }
    }
    if let Some(items) = value.as_array() {
        for (index, item) in items.iter().enumerate() {
            enum_fields(
                spec,
                &schema["items"],
                item,
                &format!("{at}/{index}"),
                found,
            );
        }
    }
}

#[tokio::test]
async fn undocumented_enum_values_are_kept_and_reserialised_unchanged() {
    let server = MockServer::start().await;
    let mut per_vendor = Vec::new();
    for vendor in Vendor::ALL {
        let spec = Spec::load(vendor).unwrap();
        let mut checked = 0;
        for operation in spec.operations() {
            let meta = operation.meta.expect("the crate is built from this spec");
            for response in &operation.responses {
                let Some(schema_ref) = &response.schema_ref else {
                    continue;
                };
                let schema = serde_json::json!({ "$ref": schema_ref });
                let mut fields = Vec::new();
                enum_fields(&spec, &schema, &response.example.value, "", &mut fields);
                for field in fields {
                    let mut body = response.example.value.clone();
                    *body.pointer_mut(&field).unwrap() = Value::String(UNDOCUMENTED.into());
                    let outcome = serve_and_call(&server, meta, response.status, &body).await;
                    let place = format!(
                        "{vendor} {} {} {}{field}",
                        operation.id, response.status, response.example.name
                    );
                    assert!(
                        matches!(
                            outcome.kind,
                            OutcomeKind::Success | OutcomeKind::DocumentedError
                        ),
                        "{place}: {:?}",
                        outcome.kind
                    );
                    let reserialised = outcome.reserialized.expect("a typed value");
                    assert_eq!(
                        reserialised.pointer(&field),
                        Some(&Value::String(UNDOCUMENTED.into())),
                        "{place}: the undocumented value is kept"
                    );
                    checked += 1;
                }
            }
        }
        per_vendor.push((vendor, checked));
    }
    // Every vendor whose spec declares an enum had some checked; Progeny's documents type no field
    // as an enum (its task state is a plain string, and polling goes on through unknown states).
    for (vendor, checked) in &per_vendor {
        let declares_enums = faceauth_conformance::spec_source(*vendor).contains("enum:");
        assert_eq!(
            *checked > 0,
            declares_enums,
            "{vendor}: {checked} enum fields checked"
        );
    }
    assert_eq!(
        per_vendor
            .iter()
            .filter(|(_, checked)| *checked > 0)
            .count(),
        3,
        "Signzy, Verisoul and ADVANCE.AI answer with enums: {per_vendor:?}"
    );
}

/// Verisoul's verify-face for a session that had no referring session: the vendor's schema
/// requires none of `referring_session_signals`, `matches` or the fields of `metadata`, and
/// `referring_session_id` is nullable. Such an answer (those absent, the ids null) decodes, and is
/// written back as it came.
#[tokio::test]
async fn a_verify_face_answer_without_a_referring_session_decodes() {
    let verify_face = verisoul::Operation::VerifyFace.meta();
    let documented = spec_operation(verify_face)
        .first_success()
        .unwrap()
        .example
        .value
        .clone();
    let server = MockServer::start().await;
    let mut absent = documented.clone();
    let object = absent.as_object_mut().unwrap();
    object.remove("referring_session_signals");
    object.remove("matches");
    object["metadata"] = serde_json::json!({
        "session_id": documented["metadata"]["session_id"],
        "account_id": null,
        "referring_session_id": null,
    });
    let mut null = documented.clone();
    null["metadata"]["referring_session_id"] = Value::Null;
    for body in [absent, null] {
        let outcome = serve_and_call(&server, verify_face, 200, &body).await;
        assert_eq!(outcome.kind, OutcomeKind::Success, "{body}");
        assert_eq!(
            faceauth_conformance::json_differences(&body, &outcome.reserialized.unwrap()),
            Vec::<String>::new()
        );
    }
}

/// A Signzy refusal that differs from the documented one (fields missing, as the authenticate
/// error already lacks `faceThumbnail`) still decodes as the documented error, with its status and
/// message.
#[tokio::test]
async fn a_signzy_refusal_with_fewer_fields_is_still_the_documented_error() {
    let server = MockServer::start().await;
    for operation in [signzy::Operation::Enroll, signzy::Operation::Authenticate] {
        let body = serde_json::json!({"error": {"message": "User is already registered", "status": "422"}});
        let outcome = serve_and_call(&server, operation.meta(), 400, &body).await;
        assert_eq!(outcome.kind, OutcomeKind::DocumentedError, "{operation}");
        assert_eq!(outcome.status, Some(400));
        assert_eq!(outcome.reserialized, Some(body), "{operation}");
    }
}

/// Signzy's search: its field table types `status` and `matchScore` as strings, its example prints
/// numbers. Both forms decode and are written back as they came.
#[tokio::test]
async fn signzy_search_decodes_the_tables_strings_and_the_examples_numbers() {
    let search = signzy::Operation::Search.meta();
    let documented = spec_operation(search)
        .first_success()
        .unwrap()
        .example
        .value
        .clone();
    assert!(
        documented["status"].is_number(),
        "the example's form: {documented}"
    );
    let mut as_table_says = documented.clone();
    as_table_says["status"] = Value::String("200".into());
    as_table_says["userNames"][0]["matchScore"] = Value::String("0.93".into());
    let server = MockServer::start().await;
    for body in [documented, as_table_says] {
        let outcome = serve_and_call(&server, search, 200, &body).await;
        assert_eq!(outcome.kind, OutcomeKind::Success, "{body}");
        assert_eq!(outcome.reserialized, Some(body));
    }
}

/// ADVANCE.AI's Get Result: `feeDetail` (the older rendering) and `inputParameters` (the newer),
/// whose structures the captured pages do not show, are kept as the JSON they are.
#[tokio::test]
async fn advance_get_result_keeps_fee_detail_and_input_parameters() {
    let get_result = advance::Operation::GetResult.meta();
    let mut body = spec_operation(get_result)
        .first_success()
        .unwrap()
        .example
        .value
        .clone();
    body["data"]["feeDetail"] = serde_json::json!([{"type": "FACE_AUTH", "count": 1}]);
    body["data"]["inputParameters"] =
        serde_json::json!({"region": "PHL", "returnImageType": "URL"});
    let server = MockServer::start().await;
    let outcome = serve_and_call(&server, get_result, 200, &body).await;
    assert_eq!(outcome.kind, OutcomeKind::Success);
    assert_eq!(outcome.reserialized, Some(body));
}

/// Progeny with `extend_data=true`: the provider's original response rides in the liveness data;
/// its fields, which no page lists, are kept and written back unchanged.
#[tokio::test]
async fn progeny_keeps_the_providers_raw_data() {
    let get_task = progeny::Operation::GetTask.meta();
    let documented = spec_operation(get_task);
    let live = documented
        .responses
        .iter()
        .find(|r| r.example.name == "live")
        .unwrap();
    let mut body = live.example.value.clone();
    body["result"]["data"]["liveness"]["data"]["provider_response"] =
        serde_json::json!({"session": "p-17", "checks": [{"name": "depth", "passed": true}]});
    let server = MockServer::start().await;
    let outcome = serve_and_call(&server, get_task, 200, &body).await;
    assert_eq!(outcome.kind, OutcomeKind::Success);
    assert_eq!(outcome.reserialized, Some(body));
}
