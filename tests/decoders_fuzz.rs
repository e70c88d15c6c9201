//! Property tests: arbitrary bytes and arbitrary JSON (random, and documented examples with a
//! random part replaced) fed to every response decoder of every operation through the typed
//! clients, to the drift checker and to the multipart reader. Nothing may panic; every call ends
//! in a value or a typed error. The case counts are bounded so that CI runs them every time.

use faceauth_clients::conformance::{
    call_operation, response_drift, CallTarget, CapturedBody, CapturedRequest, OutcomeKind, Spec,
};
use faceauth_clients::{ErrorKind, Vendor};
use proptest::prelude::*;
use serde_json::Value;
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        // Strings the specs use as enum values and formats, to reach deeper decoders.
        prop_oneof![
            Just("SUCCESS"),
            Just("success"),
            Just("0007b793-ae5d-45a2-8d9f-4a5b573c3271")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every documented response of every operation: (vendor, operation index, status, example).
fn documented_responses() -> Vec<(Vendor, usize, u16, Value)> {
    let mut all = Vec::new();
    for vendor in Vendor::ALL {
        let spec = Spec::load(vendor).unwrap();
        for (index, op) in spec.operations().iter().enumerate() {
            for response in &op.responses {
                all.push((
                    vendor,
                    index,
                    response.status,
                    response.example.value.clone(),
                ));
            }
        }
    }
    all
}

/// Replaces the node at a random path of `value` by `replacement`.
fn replace_somewhere(value: &mut Value, mut choice: usize, replacement: Value) {
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children == 0 || choice.is_multiple_of(3) {
        *value = replacement;
        return;
    }
    choice /= 3;
    let child = match value {
        Value::Object(map) => map.values_mut().nth(choice % children),
        Value::Array(items) => items.get_mut(choice % children),
        _ => None,
    };
    if let Some(child) = child {
        replace_somewhere(child, choice / children.max(1), replacement);
    }
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
    responses: Vec<(Vendor, usize, u16, Value)>,
}

impl Harness {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(MockServer::start());
        Self {
            runtime,
            server,
            responses: documented_responses(),
        }
    }

    /// Serves `body` with `status` to the operation's typed client; returns how the call ended.
    fn serve(&self, vendor: Vendor, op_index: usize, status: u16, body: Vec<u8>) -> OutcomeKind {
        self.runtime.block_on(async {
            self.server.reset().await;
            Mock::given(any_request())
                .respond_with(
                    ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"),
                )
                .mount(&self.server)
                .await;
            let spec = Spec::load(vendor).unwrap();
            let op = &spec.operations()[op_index];
            let request = op.requests().remove(0);
            let target = CallTarget::test(&self.server.uri()).unwrap();
            let outcome = call_operation(&target, op.meta.expect("built from this spec"), &request)
                .await
                .expect("the documented request is sent");
            // The drift checker reads the same bytes.
            let _ = response_drift(&spec, op, status, Some("application/json"), &body);
            outcome.kind
        })
    }
}

thread_local! {
    /// One mock server per test thread: the tests run in parallel and each resets its server.
    static HARNESS: Harness = Harness::new();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_end_in_a_value_or_a_typed_error(
        pick in any::<prop::sample::Index>(),
        bytes in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let is_json = serde_json::from_slice::<serde_json::Value>(&bytes).is_ok();
        let (status, kind) = HARNESS.with(|h| {
            let (vendor, op, status, _) = &h.responses[pick.index(h.responses.len())];
            (*status, h.serve(*vendor, *op, *status, bytes))
        });
        // Bytes that are not JSON never decode into a documented type: the call fails, without a
        // panic, and keeps the status.
        if !is_json {
            let OutcomeKind::Failed(why) = &kind else {
                return Err(TestCaseError::fail(format!("non-JSON bytes decoded: {kind:?}")));
            };
            prop_assert_eq!(why.kind, ErrorKind::InvalidBody, "{:?}", why);
            prop_assert_eq!(why.status, Some(status), "{:?}", why);
        }
    }

    #[test]
    fn arbitrary_json_ends_in_a_value_or_a_typed_error(
        pick in any::<prop::sample::Index>(),
        body in json_value(),
    ) {
        let (status, kind) = HARNESS.with(|h| {
            let (vendor, op, status, _) = &h.responses[pick.index(h.responses.len())];
            (*status, h.serve(*vendor, *op, *status, serde_json::to_vec(&body).unwrap()))
        });
        if let OutcomeKind::Failed(why) = &kind {
            // A body that does not decode is reported with its status kept.
            prop_assert_eq!(why.kind, ErrorKind::InvalidBody, "{:?}", why);
            prop_assert_eq!(why.status, Some(status), "{:?}", why);
        }
    }

    #[test]
    fn a_documented_example_with_a_random_part_replaced_ends_cleanly(
        pick in any::<prop::sample::Index>(),
        choice in any::<usize>(),
        replacement in json_value(),
    ) {
        let (status, kind) = HARNESS.with(|h| {
            let (vendor, op, status, example) = &h.responses[pick.index(h.responses.len())];
            let mut body = example.clone();
            replace_somewhere(&mut body, choice, replacement);
            (*status, h.serve(*vendor, *op, *status, serde_json::to_vec(&body).unwrap()))
        });
        let expected = if (200..300).contains(&status) { OutcomeKind::Success } else { OutcomeKind::DocumentedError };
        if kind != expected {
            let OutcomeKind::Failed(why) = &kind else {
                return Err(TestCaseError::fail(format!("{kind:?} for HTTP {status}")));
            };
            prop_assert_eq!(why.kind, ErrorKind::InvalidBody, "{:?}", why);
            prop_assert_eq!(why.status, Some(status), "{:?}", why);
        }
    }

    #[test]
    fn the_multipart_reader_never_panics(
        body in prop::collection::vec(any::<u8>(), 0..512),
        boundary in "[a-zA-Z0-9]{1,16}",
        prefix_with_boundary in any::<bool>(),
    ) {
        let mut bytes = if prefix_with_boundary { format!("--{boundary}\r\n").into_bytes() } else { Vec::new() };
        bytes.extend(body);
        let mut headers = wiremock::http::HeaderMap::new();
        headers.insert(
            "content-type",
            format!("multipart/form-data; boundary={boundary}").parse().unwrap(),
        );
        let request = wiremock::Request {
            url: "http://127.0.0.1/upload".parse().unwrap(),
            method: wiremock::http::Method::POST,
            headers,
            body: bytes,
        };
        let (captured, _) = CapturedRequest::from_wiremock(&request, "authorization");
        // Whatever the reader makes of the bytes, a part it reports is named in them.
        if let CapturedBody::Multipart(parts) = &captured.body {
            let text = String::from_utf8_lossy(&request.body);
            for part in parts {
                prop_assert!(text.contains(&format!("name=\"{}\"", part.name)), "{part:?}");
            }
        }
    }

    #[test]
    fn the_multipart_reader_reads_back_a_well_formed_form(
        fields in prop::collection::vec(("[a-z_]{1,12}", "[ -~&&[^\\r\\n]]{0,40}"), 1..4),
        boundary in "[a-zA-Z0-9]{8,16}",
    ) {
        let mut body = String::new();
        for (name, value) in &fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let mut headers = wiremock::http::HeaderMap::new();
        headers.insert(
            "content-type",
            format!("multipart/form-data; boundary={boundary}").parse().unwrap(),
        );
        let request = wiremock::Request {
            url: "http://127.0.0.1/upload".parse().unwrap(),
            method: wiremock::http::Method::POST,
            headers,
            body: body.into_bytes(),
        };
        let (captured, _) = CapturedRequest::from_wiremock(&request, "authorization");
        let CapturedBody::Multipart(parts) = &captured.body else {
            return Err(TestCaseError::fail(format!("{:?}", captured.body)));
        };
        let read: Vec<(String, String)> = parts.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
        prop_assert_eq!(read, fields);
    }
}

type Routes = Vec<(usize, String, String)>;

thread_local! {
    /// Every vendor's responder, and every documented (vendor, method, path).
    static MOCK: (Vec<faceauth_clients::conformance::mock::SpecResponder>, Routes) = {
        let responders: Vec<_> = Vendor::ALL
            .into_iter()
            .map(|v| faceauth_clients::conformance::mock::SpecResponder::new(Spec::load(v).unwrap()).unwrap())
            .collect();
        let routes = Vendor::ALL
            .into_iter()
            .enumerate()
            .flat_map(|(i, v)| {
                Spec::load(v).unwrap().operations().into_iter().map(move |op| {
                    (i, op.method.clone(), op.path.replace("{account_id}", "someone"))
                })
            })
            .collect();
        (responders, routes)
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The mock answers anything: arbitrary bodies and content types on every documented path.
    #[test]
    fn the_mock_answers_any_request_without_panicking(
        pick in any::<prop::sample::Index>(),
        body in prop::collection::vec(any::<u8>(), 0..256),
        content_type in prop_oneof![
            Just("application/json".to_owned()),
            Just("multipart/form-data; boundary=x".to_owned()),
            ".{0,20}",
        ],
        query in prop::option::of("[a-z=&%0-9]{0,20}"),
    ) {
        use faceauth_clients::conformance::mock::MockRequest;
        let mut headers = wiremock::http::HeaderMap::new();
        if let Ok(value) = content_type.parse() {
            headers.insert("content-type", value);
        }
        let status = MOCK.with(|(responders, routes)| {
            let (vendor_index, method, path) = &routes[pick.index(routes.len())];
            let responder = &responders[*vendor_index];
            responder
                .respond(&MockRequest {
                    method: method.parse().unwrap(),
                    path: format!("/{}{path}", responder.vendor()),
                    query,
                    headers,
                    body: body.into(),
                })
                .status
        });
        prop_assert!((200..600).contains(&status));
    }
}
