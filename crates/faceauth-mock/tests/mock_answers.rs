//! The mock server's answers, asserted exactly (in process, through `SpecResponder`): every
//! documented request gets each documented response it asks for (`Prefer`), status, content type,
//! headers and body as documented, and the first documented success when it asks for none; any
//! request at all (random bodies, content types, queries, with or without the credential) gets a
//! documented response, byte for byte, or the mock's own 401/422 naming what is wrong.

use bytes::Bytes;
use faceauth_clients::Vendor;
use faceauth_conformance::{ResponseExample, Spec, SpecOperation, EXAMPLE_FACE_PNG};
use faceauth_mock::{MockAnswer, MockRequest, SpecResponder};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;

const BOUNDARY: &str = "faceauth-test-boundary";

/// A JSON value as a URL or a form carries it: strings without quotes.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The operation's first documented request, as a client would send it to the mock.
fn documented_request(spec: &Spec, op: &SpecOperation) -> MockRequest {
    let request = op.requests().remove(0);
    let mut path = format!("/{}{}", spec.vendor.name(), op.path);
    let mut query = Vec::new();
    for parameter in &op.parameters {
        let Some((_, value)) = request.params.iter().find(|(n, _)| *n == parameter.name) else {
            continue;
        };
        match parameter.location.as_str() {
            "path" => path = path.replace(&format!("{{{}}}", parameter.name), &text(value)),
            _ => query.push(format!("{}={}", parameter.name, text(value))),
        }
    }
    let mut headers = HeaderMap::new();
    if let (false, Some(scheme)) = (op.public, spec.credential_scheme()) {
        let value = format!("{}credential", scheme.prefix);
        headers.insert(
            reqwest::header::HeaderName::from_bytes(scheme.header.as_bytes()).unwrap(),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    let body = match (&op.request_media_type, &request.body) {
        (Some(media), Some(body)) if media == "application/json" => {
            headers.insert("content-type", HeaderValue::from_static("application/json"));
            Bytes::from(serde_json::to_vec(body).unwrap())
        }
        (Some(media), Some(Value::Object(form))) if media == "multipart/form-data" => {
            let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
            headers.insert(
                "content-type",
                HeaderValue::from_str(&content_type).unwrap(),
            );
            let mut bytes = Vec::new();
            for (name, value) in form {
                bytes.extend(format!("--{BOUNDARY}\r\n").as_bytes());
                if op.file_parts.contains(name) {
                    bytes.extend(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\nContent-Type: image/png\r\n\r\n",
                            text(value)
                        )
                        .as_bytes(),
                    );
                    bytes.extend(EXAMPLE_FACE_PNG);
                } else {
                    bytes.extend(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{}",
                            text(value)
                        )
                        .as_bytes(),
                    );
                }
                bytes.extend(b"\r\n");
            }
            bytes.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
            Bytes::from(bytes)
        }
        _ => Bytes::new(),
    };
    MockRequest {
        method: op.method.parse().unwrap(),
        path,
        query: (!query.is_empty()).then(|| query.join("&")),
        headers,
        body,
    }
}

/// Whether `answer` is exactly the documented `response`: status, content type, headers, body.
/// The mock adds one header of its own, `x-faceauth-mock-example`, which must name the example.
fn is_documented(answer: &MockAnswer, response: &ResponseExample) -> bool {
    let (named, documented_headers): (Vec<_>, Vec<_>) = answer
        .headers
        .iter()
        .cloned()
        .partition(|(name, _)| name == "x-faceauth-mock-example");
    if answer.status != response.status
        || answer.content_type != response.media_type
        || documented_headers != response.headers
        || named
            != [(
                "x-faceauth-mock-example".to_owned(),
                response.example.name.clone(),
            )]
    {
        return false;
    }
    if response.media_type.is_empty() {
        return answer.body.is_empty();
    }
    serde_json::from_slice::<Value>(&answer.body).ok().as_ref() == Some(&response.example.value)
}

/// What the mock answers a valid request without `Prefer`: the first documented response below
/// 400 (a success, or Verisoul's redirect).
fn first_answer(op: &SpecOperation) -> &ResponseExample {
    op.responses
        .iter()
        .find(|r| r.status < 400)
        .unwrap_or_else(|| panic!("{} documents no success", op.id))
}

fn responders() -> Vec<(Spec, SpecResponder)> {
    Vendor::ALL
        .into_iter()
        .map(|vendor| {
            let spec = Spec::load(vendor).unwrap();
            // Stateless: each request's answer depends on it alone (the stateful mock's answers
            // are tested in mock_state.rs).
            let options = faceauth_mock::MockOptions::default().stateless(true);
            let responder =
                SpecResponder::with_options(Spec::load(vendor).unwrap(), &options).unwrap();
            (spec, responder)
        })
        .collect()
}

#[test]
fn every_documented_request_gets_each_documented_response_it_asks_for() {
    for (spec, responder) in responders() {
        for op in spec.operations() {
            let request = documented_request(&spec, &op);
            // No preference: the first documented response below 400 (a success or a redirect).
            let first = first_answer(&op);
            let answer = responder.respond(&request);
            assert!(
                is_documented(&answer, first),
                "{} {}: {answer:?}",
                spec.vendor,
                op.id
            );
            for response in &op.responses {
                let mut asking = request.clone();
                // Scoped to the operation: an unscoped preference skips the operations sent
                // without credential (logins, Verisoul's public redirect).
                let prefer = format!(
                    "code={}, example={}; for={}",
                    response.status, response.example.name, op.id
                );
                asking
                    .headers
                    .insert("prefer", HeaderValue::from_str(&prefer).unwrap());
                let answer = responder.respond(&asking);
                assert!(
                    is_documented(&answer, response),
                    "{} {} {prefer}: {answer:?}",
                    spec.vendor,
                    op.id
                );
            }
        }
    }
}

/// Every answer `documented_answers` lists (each documented response, no more) is the one its
/// typed `Prefer` makes the mock send; a name no example has gets a 422 that names, in plain
/// words, every answer the operation has.
#[test]
fn every_listed_answer_is_chosen_by_its_typed_prefer() {
    for (spec, responder) in responders() {
        let operations = spec.operations();
        let listed = faceauth_mock::documented_answers(spec.vendor).unwrap();
        let documented: usize = operations.iter().map(|op| op.responses.len()).sum();
        assert_eq!(listed.len(), documented, "{}", spec.vendor);
        for answer in &listed {
            let op = operations
                .iter()
                .find(|op| op.id == answer.operation)
                .unwrap();
            let response = op
                .responses
                .iter()
                .find(|r| r.example.name == answer.name && r.status == answer.status)
                .unwrap();
            let mut asking = documented_request(&spec, op);
            let prefer = answer.prefer().to_string();
            asking
                .headers
                .insert("prefer", HeaderValue::from_str(&prefer).unwrap());
            let sent = responder.respond(&asking);
            assert!(
                is_documented(&sent, response),
                "{} {prefer}: {sent:?}",
                spec.vendor
            );
        }
        let op = &operations[0];
        let mut asking = documented_request(&spec, op);
        let wrong = faceauth_mock::Prefer::example("no_such_example").for_operation(&op.id);
        asking
            .headers
            .insert("prefer", HeaderValue::from_str(&wrong.to_string()).unwrap());
        let refused = responder.respond(&asking);
        assert_eq!(refused.status, 422);
        let body: Value = serde_json::from_slice(&refused.body).unwrap();
        let says = body["error"].as_str().unwrap();
        assert!(
            says.starts_with(&format!(
                "no documented answer of {} has example=no_such_example; its documented answers (Prefer: example=NAME; for={}): ",
                op.id, op.id
            )),
            "{says}"
        );
        for response in &op.responses {
            let named = format!("{} (HTTP {})", response.example.name, response.status);
            assert!(says.contains(&named), "{named} in {says}");
        }
        assert!(
            !says.contains("Some(") && !says.contains("(\""),
            "no Debug: {says}"
        );
    }
}

/// A route of a vendor: (index of the responder, operation index).
type Route = (usize, usize);

thread_local! {
    static MOCK: (Vec<(Spec, SpecResponder)>, Vec<Route>) = {
        let responders = responders();
        let routes = responders
            .iter()
            .enumerate()
            .flat_map(|(i, (spec, _))| (0..spec.operations().len()).map(move |op| (i, op)))
            .collect();
        (responders, routes)
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Anything sent to a documented route gets a documented response, byte for byte, or the
    /// mock's own answer naming what is wrong; never anything else.
    #[test]
    fn the_mock_answers_any_request_with_a_documented_response_or_names_what_is_wrong(
        pick in any::<prop::sample::Index>(),
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            Just(b"{}".to_vec()),
        ],
        content_type in prop_oneof![
            Just("application/json".to_owned()),
            Just("multipart/form-data; boundary=x".to_owned()),
            ".{0,20}",
        ],
        query in prop::option::of("[a-z=&%0-9]{0,20}"),
        with_credential in any::<bool>(),
    ) {
        MOCK.with(|(responders, routes)| {
            let (vendor_index, op_index) = routes[pick.index(routes.len())];
            let (spec, responder) = &responders[vendor_index];
            let op = &spec.operations()[op_index];
            let mut request = documented_request(spec, op);
            request.body = body.into();
            request.query = query;
            match content_type.parse() {
                Ok(value) => { request.headers.insert("content-type", value); }
                Err(_) => { request.headers.remove("content-type"); }
            }
            if !with_credential {
                if let Some(scheme) = spec.credential_scheme() {
                    request.headers.remove(scheme.header.as_str());
                }
            }
            let answer = responder.respond(&request);
            let context = format!("{} {}: {answer:?}", spec.vendor, op.id);
            let needs_credential = !op.public && spec.credential_scheme().is_some();
            if needs_credential && !with_credential {
                // No credential: the documented 401 where there is one, else the mock's own.
                prop_assert_eq!(answer.status, 401, "{}", &context);
                match op.responses.iter().find(|r| r.status == 401) {
                    Some(documented) => prop_assert!(is_documented(&answer, documented), "{}", &context),
                    None => {
                        let problem: Value = serde_json::from_slice(&answer.body).unwrap();
                        prop_assert_eq!(&problem["from"], "faceauth mock", "{}", &context);
                        prop_assert!(problem["error"].as_str().unwrap().contains("missing credential"), "{}", &context);
                    }
                }
                return Ok(());
            }
            // The first documented success (the request was valid), the documented answer to an
            // invalid request or to a missing field, or the mock's 422 naming each violation.
            let first = first_answer(op);
            let object = spec.operation_object(op);
            let invalid_answers: Vec<&str> = object["x-faceauth-invalid-request-example"]
                .as_str()
                .into_iter()
                .chain(
                    object["x-faceauth-missing-field-examples"]
                        .as_object()
                        .into_iter()
                        .flat_map(|by_field| by_field.values().filter_map(Value::as_str)),
                )
                .collect();
            let documented_refusal = op
                .responses
                .iter()
                .filter(|r| invalid_answers.contains(&r.example.name.as_str()))
                .any(|r| is_documented(&answer, r));
            if is_documented(&answer, first) || documented_refusal {
                return Ok(());
            }
            prop_assert_eq!(answer.status, 422, "{}", &context);
            let problem: Value = serde_json::from_slice(&answer.body).unwrap();
            prop_assert_eq!(&problem["from"], "faceauth mock", "{}", &context);
            let violations = problem["violations"].as_array().cloned().unwrap_or_default();
            prop_assert!(!violations.is_empty(), "{}", &context);
            Ok(())
        })?;
    }
}
