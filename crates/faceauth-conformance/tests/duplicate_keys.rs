//! A body that repeats a key is judged the same way by the typed clients and by the drift check:
//! the same bodies go through a typed client (`call_operation`, against wiremock) and through
//! `response_drift`, and each must be refused by both or accepted by both, with the same value.
//!
//! serde's derived structs refuse a second member of a declared field, skip undocumented keys,
//! and keep the last value of a repeated key in free-form maps (a typed map decodes every
//! member's value first); untagged enums (`oneOf`) take the first branch that decodes. The bodies repeat keys at the top, nested, in array items,
//! under undocumented keys, in free-form maps (whose last value decides), in a hand-written type
//! with a flattened map, and in both branches of a `oneOf`.

use faceauth_clients::{ErrorKind, Vendor};
use faceauth_conformance::{
    call_operation, response_drift, CallTarget, DriftKind, OutcomeKind, Spec,
};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One body: a documented example of `operation`'s `status`, whose member `key` of the object
/// at `object` is replaced by the text `members` (which repeats a key).
struct Case {
    vendor: Vendor,
    operation: &'static str,
    status: u16,
    object: &'static str,
    key: &'static str,
    members: &'static str,
    /// Whether the typed client refuses it (and so must the drift check).
    refused: bool,
    /// The drift the check reports: kind and place.
    drift: &'static [(DriftKind, &'static str)],
    /// For a body both accept: a place in the typed value and the value it must hold there
    /// (the last of the repeated key's values).
    kept: Option<(&'static str, Value)>,
}

fn cases() -> Vec<Case> {
    use DriftKind::{DuplicateKey, UndocumentedField, WrongType};
    vec![
        Case {
            vendor: Vendor::Verisoul,
            operation: "enrollFaceMatch",
            status: 200,
            object: "",
            key: "success",
            members: r#""success":true,"success":false"#,
            refused: true,
            drift: &[(DuplicateKey, "/success")],
            kept: None,
        },
        Case {
            vendor: Vendor::Verisoul,
            operation: "enrollFaceMatch",
            status: 200,
            object: "",
            key: "success",
            members: r#""success":true,"note":1,"note":{"a":1,"a":2}"#,
            refused: false,
            drift: &[(UndocumentedField, "/note")],
            kept: Some(("/success", json!(true))),
        },
        Case {
            vendor: Vendor::Verisoul,
            operation: "getAccount",
            status: 200,
            object: "/account",
            key: "metadata",
            members: r#""metadata":{"tier":"gold","tier":"platinum"}"#,
            refused: false,
            drift: &[],
            kept: Some(("/account/metadata/tier", json!("platinum"))),
        },
        Case {
            vendor: Vendor::Signzy,
            operation: "viewLogs",
            status: 200,
            object: "/data/0",
            key: "userName",
            members: r#""userName":"a","userName":"b""#,
            refused: true,
            drift: &[(DuplicateKey, "/data/0/userName")],
            kept: None,
        },
        Case {
            vendor: Vendor::Advance,
            operation: "getResult",
            status: 200,
            object: "",
            key: "code",
            members: r#""code":"SUCCESS","code":"SUCCESS""#,
            refused: true,
            drift: &[(DuplicateKey, "/code")],
            kept: None,
        },
        Case {
            vendor: Vendor::Advance,
            operation: "getResult",
            status: 200,
            object: "/data/faceDetail",
            key: "faceResult",
            members: r#""faceResult":"PASS","faceResult":"FAIL""#,
            refused: true,
            drift: &[(DuplicateKey, "/data/faceDetail/faceResult")],
            kept: None,
        },
        Case {
            vendor: Vendor::Advance,
            operation: "getResult",
            status: 200,
            object: "/data",
            key: "countryCodeIso3",
            members: r#""countryCodeIso3":"PHL","inputParameters":{"mode":1,"mode":"last"}"#,
            refused: false,
            drift: &[],
            kept: Some(("/data/inputParameters/mode", json!("last"))),
        },
        Case {
            vendor: Vendor::Progeny,
            operation: "getTask",
            status: 200,
            object: "/result",
            key: "data",
            members: r#""data":{},"issues":{"FACE_TOO_SMALL":"first","FACE_TOO_SMALL":5}"#,
            refused: true,
            // The last value decides: 5 is not the string the map holds.
            drift: &[(WrongType, "/result/issues/FACE_TOO_SMALL")],
            kept: None,
        },
        Case {
            vendor: Vendor::Progeny,
            operation: "getTask",
            status: 200,
            object: "/result",
            key: "data",
            members: r#""data":{},"issues":{"FACE_TOO_SMALL":5,"FACE_TOO_SMALL":"last"}"#,
            // A typed map decodes every member: the first value refuses the body too.
            refused: true,
            drift: &[(DuplicateKey, "/result/issues/FACE_TOO_SMALL")],
            kept: None,
        },
        Case {
            vendor: Vendor::Progeny,
            operation: "getTask",
            status: 200,
            object: "/result",
            key: "data",
            members: r#""data":{},"issues":{"FACE_TOO_SMALL":"first","FACE_TOO_SMALL":"last"}"#,
            refused: false,
            drift: &[],
            kept: Some(("/result/issues/FACE_TOO_SMALL", json!("last"))),
        },
        Case {
            vendor: Vendor::Progeny,
            operation: "getTask",
            status: 200,
            object: "/result",
            key: "data",
            members: r#""data":{"liveness":{"result":true,"data":{"score":0.5,"score":0.7}}}"#,
            refused: true,
            drift: &[(DuplicateKey, "/result/data/liveness/data/score")],
            kept: None,
        },
        Case {
            vendor: Vendor::Progeny,
            operation: "getTask",
            status: 200,
            object: "/result",
            key: "data",
            members: r#""data":{"liveness":{"result":true,"data":{"score":0.5,"raw":1,"raw":2}}}"#,
            refused: false,
            drift: &[],
            kept: Some(("/result/data/liveness/data/raw", json!(2))),
        },
        Case {
            vendor: Vendor::Progeny,
            operation: "obtainToken",
            status: 401,
            object: "",
            key: "detail",
            members: r#""detail":"a","detail":"b""#,
            refused: true,
            drift: &[(DuplicateKey, "/detail")],
            kept: None,
        },
        Case {
            // The first branch (Detail) refuses it, the second (field errors, a map) takes it.
            vendor: Vendor::Progeny,
            operation: "obtainToken",
            status: 401,
            object: "",
            key: "detail",
            members: r#""detail":["a"],"detail":["b"]"#,
            refused: false,
            drift: &[],
            kept: Some(("/detail", json!(["b"]))),
        },
    ]
}

/// The documented example with the member replaced by the case's text.
fn body(case: &Case, spec: &Spec) -> String {
    let operation = case.vendor.operation(case.operation).unwrap();
    let documented = spec
        .operations()
        .into_iter()
        .find(|o| o.meta == Some(operation))
        .unwrap()
        .responses
        .into_iter()
        .find(|r| r.status == case.status)
        .unwrap();
    let mut value = documented.example.value;
    value.pointer_mut(case.object).unwrap()[case.key] = json!("MARK");
    let text = serde_json::to_string(&value).unwrap();
    let member = format!("\"{}\":\"MARK\"", case.key);
    assert_eq!(text.matches(&member).count(), 1, "{text}");
    text.replace(&member, case.members)
}

#[tokio::test]
async fn the_client_and_the_drift_check_judge_each_repeated_key_alike() {
    let server = MockServer::start().await;
    let target = CallTarget::test(&server.uri()).unwrap();
    for case in cases() {
        let spec = Spec::load(case.vendor).unwrap();
        let text = body(&case, &spec);
        let name = format!("{} {} {}", case.vendor, case.operation, case.members);

        server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(case.status)
                    .set_body_raw(text.clone().into_bytes(), "application/json"),
            )
            .mount(&server)
            .await;
        let operation = case.vendor.operation(case.operation).unwrap();
        let spec_operation = spec
            .operations()
            .into_iter()
            .find(|o| o.meta == Some(operation))
            .unwrap();
        let request = spec_operation.requests().remove(0);
        let outcome = call_operation(&target, operation, &request).await.unwrap();
        let client_refused = match &outcome.kind {
            OutcomeKind::Failed(failure) => {
                assert_eq!(failure.kind, ErrorKind::InvalidBody, "{name}: {failure:?}");
                true
            }
            OutcomeKind::Success | OutcomeKind::DocumentedError => false,
        };
        assert_eq!(client_refused, case.refused, "{name}: the typed client");

        let drift = response_drift(
            &spec,
            &spec_operation,
            case.status,
            Some("application/json"),
            text.as_bytes(),
        );
        let found: Vec<(DriftKind, &str)> = drift.iter().map(|d| (d.kind, d.at.as_str())).collect();
        assert_eq!(found, case.drift, "{name}: the drift check: {drift:?}");
        let drift_refused = drift
            .iter()
            .any(|d| matches!(d.kind, DriftKind::DuplicateKey | DriftKind::WrongType));
        assert_eq!(drift_refused, client_refused, "{name}: the same verdict");

        if let Some((pointer, expected)) = &case.kept {
            let typed = outcome.reserialized.as_ref().unwrap();
            assert_eq!(typed.pointer(pointer), Some(expected), "{name}: {typed}");
            // The drift check validated that same value: the last one.
            let seen: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(seen.pointer(pointer), Some(expected), "{name}");
        }
    }
}
