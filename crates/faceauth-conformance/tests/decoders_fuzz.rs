//! Property tests of every response decoder of every operation, through the typed clients:
//! arbitrary bytes and arbitrary JSON end in a value or a typed error that keeps the status (and
//! the drift checker reads the same bytes without panicking); a documented response mutated at a
//! random place ends as the spec's schema says: a body the schema accepts (no unlisted field)
//! decodes to the documented outcome and is written back equal, a body the decoders' reading of
//! the schema refuses is a failure that keeps the status (see `DocumentedResponse`). And the
//! multipart reader of the conformance runner. The case counts are bounded so that CI runs them
//! every time.

use faceauth_clients::{ErrorKind, Vendor};
use faceauth_conformance::{
    call_operation, json_differences, response_drift, CallTarget, CapturedBody, CapturedRequest,
    OutcomeKind, SchemaValidator, Spec, SpecOperation,
};
use proptest::prelude::*;
use serde_json::{json, Value};
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

struct Harness {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
    responses: Vec<(Vendor, usize, u16, Value)>,
    /// Each vendor's spec and operations, read once.
    specs: Vec<(Spec, Vec<SpecOperation>)>,
}

impl Harness {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(MockServer::start());
        let specs = Vendor::ALL
            .into_iter()
            .map(|vendor| {
                let spec = Spec::load(vendor).unwrap();
                let operations = spec.operations();
                (spec, operations)
            })
            .collect();
        Self {
            runtime,
            server,
            responses: documented_responses(),
            specs,
        }
    }

    /// Serves `body` with `status` to the operation's typed client; returns how the call ended.
    /// The drift checker reads the same bytes (it must not panic either).
    fn serve(&self, vendor: Vendor, op_index: usize, status: u16, body: Vec<u8>) -> OutcomeKind {
        let (spec, operations) = self.spec(vendor);
        let _ = response_drift(
            spec,
            &operations[op_index],
            status,
            Some("application/json"),
            &body,
        );
        self.serve_typed(vendor, op_index, status, body).0
    }

    fn spec(&self, vendor: Vendor) -> &(Spec, Vec<SpecOperation>) {
        self.specs
            .iter()
            .find(|(spec, _)| spec.vendor == vendor)
            .unwrap()
    }

    /// Serves `body` with `status` to the operation's typed client; returns how the call ended
    /// and the typed value written back to JSON.
    fn serve_typed(
        &self,
        vendor: Vendor,
        op_index: usize,
        status: u16,
        body: Vec<u8>,
    ) -> (OutcomeKind, Option<Value>) {
        self.runtime.block_on(async {
            self.server.reset().await;
            Mock::given(any_request())
                .respond_with(
                    ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"),
                )
                .mount(&self.server)
                .await;
            let op = &self.spec(vendor).1[op_index];
            let request = op.requests().remove(0);
            let target = CallTarget::test(&self.server.uri()).unwrap();
            let outcome = call_operation(&target, op.meta.expect("built from this spec"), &request)
                .await
                .expect("the documented request is sent");
            (outcome.kind, outcome.reserialized)
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

// ---- Documented responses, mutated --------------------------------------------------------------

/// One documented response with a body, and the two readings of its schema that decide what a
/// mutation of it must become.
struct DocumentedResponse {
    vendor: Vendor,
    op_index: usize,
    status: u16,
    example: Value,
    /// The spec's schema, a field it does not list refused: a body it accepts is one the types
    /// must decode and write back equal.
    exact: SchemaValidator,
    /// The schema as the decoders read it (`as_the_decoders_read_it`), unlisted fields allowed: a
    /// body it refuses is one the types must refuse, keeping the status.
    decodable: SchemaValidator,
}

/// The spec with the leniencies the decoders have on purpose, so that what this reading refuses
/// is exactly what the types refuse: an enum is open (an unknown value decodes as
/// `Unknown(raw)`, README "Forward-compatible types"); ranges (`minimum`, `maximum`) and formats
/// other than `uuid` and `date-time` are the drift check's to report, not checked by the types
/// (numbers are f64, URIs strings); and an optional property may be `null`: it is an `Option`
/// (lists and maps too, see build/optional_collections.rs), which decodes `null` as absent.
fn as_the_decoders_read_it(vendor: Vendor) -> Spec {
    fn loosen(schema: &mut Value) {
        let Value::Object(map) = schema else {
            if let Value::Array(items) = schema {
                items.iter_mut().for_each(loosen);
            }
            return;
        };
        if map.get("enum").is_some_and(Value::is_array) {
            map.remove("enum");
        }
        for bound in ["minimum", "maximum"] {
            if map.get(bound).is_some_and(Value::is_number) {
                map.remove(bound);
            }
        }
        if map
            .get("format")
            .and_then(Value::as_str)
            .is_some_and(|f| f != "uuid" && f != "date-time")
        {
            map.remove("format");
        }
        let required: Vec<String> = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect();
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                loosen(property);
                if let (false, Value::Object(property)) = (required.contains(name), property) {
                    property.insert("nullable".to_owned(), Value::Bool(true));
                }
            }
        }
        for (key, child) in map.iter_mut() {
            if key != "properties" {
                loosen(child);
            }
        }
    }
    let spec = Spec::load(vendor).unwrap();
    let mut document = spec.document.clone();
    loosen(&mut document["components"]["schemas"]);
    Spec::parse(vendor, &serde_json::to_string(&document).unwrap()).unwrap()
}

/// Every documented response with a body, of every operation.
fn documented_bodies() -> Vec<DocumentedResponse> {
    let mut all = Vec::new();
    for vendor in Vendor::ALL {
        let spec = Spec::load(vendor).unwrap();
        let loose = as_the_decoders_read_it(vendor);
        for (op_index, op) in spec.operations().iter().enumerate() {
            for response in &op.responses {
                let Some(schema_ref) = &response.schema_ref else {
                    continue;
                };
                let schema = serde_json::json!({ "$ref": schema_ref });
                all.push(DocumentedResponse {
                    vendor,
                    op_index,
                    status: response.status,
                    example: response.example.value.clone(),
                    exact: SchemaValidator::strict(&spec, &schema).unwrap(),
                    decodable: SchemaValidator::new(&loose, &schema).unwrap(),
                });
            }
        }
    }
    all
}

/// Every string the specs list in an enum: replacements that keep an enum field valid.
fn enum_values() -> Vec<String> {
    fn collect(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    found.extend(values.iter().filter_map(|v| v.as_str().map(str::to_owned)));
                }
                map.values().for_each(|v| collect(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for vendor in Vendor::ALL {
        collect(
            &Spec::load(vendor).unwrap().document["components"],
            &mut found,
        );
    }
    found.sort();
    found.dedup();
    found
}

/// What a mutation does at its node.
#[derive(Debug, Clone)]
enum Edit {
    /// Replace the node by a value of the pool (see `replacement`).
    Replace(prop::sample::Index),
    /// Replace the node by a copy of another node of the same example.
    CopyOf(prop::sample::Index),
    /// Remove the node from its object or array.
    Remove,
    /// Add a member the schema may not list to the node, if it is an object.
    AddMember(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => any::<prop::sample::Index>().prop_map(Edit::Replace),
        2 => any::<prop::sample::Index>().prop_map(Edit::CopyOf),
        2 => Just(Edit::Remove),
        1 => any::<prop::sample::Index>().prop_map(Edit::AddMember),
    ]
}

/// The values a node may be replaced by: every JSON type, strings of the formats the specs use
/// (a lowercase uuid, a date-time as chrono writes it back) and the specs' enum values. Numbers
/// are integers or have a fraction (a float such as `3.0` is an integer to JSON Schema but not to
/// serde), and integers fit in 32 bits (`format: int32` is no JSON Schema format).
fn replacement(pick: prop::sample::Index, enums: &[String]) -> Value {
    let fixed = [
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(42),
        json!(-7),
        json!(0.5),
        json!(0.2429),
        json!(69.25),
        json!(-3.75),
        json!(""),
        json!("text"),
        json!("200 OK"),
        json!("0007b793-ae5d-45a2-8d9f-4a5b573c3271"),
        json!("2025-05-04T22:11:51.645Z"),
        json!({}),
        json!([]),
    ];
    // Half the picks are the fixed values, half the specs' enum values.
    let index = pick.index(2 * fixed.len());
    match fixed.get(index) {
        Some(value) => value.clone(),
        None => Value::String(enums[pick.index(enums.len())].clone()),
    }
}

/// Every node of `value` as a JSON pointer, the root first.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    walk(child, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

/// `example` with `edit` applied at the node `target` (an index into its pointers).
fn mutated(example: &Value, target: prop::sample::Index, edit: &Edit, enums: &[String]) -> Value {
    let mut body = example.clone();
    let nodes = pointers(example);
    let at = &nodes[target.index(nodes.len())];
    match edit {
        Edit::Replace(pick) => *body.pointer_mut(at).unwrap() = replacement(*pick, enums),
        Edit::CopyOf(other) => {
            let copy = example
                .pointer(&nodes[other.index(nodes.len())])
                .unwrap()
                .clone();
            *body.pointer_mut(at).unwrap() = copy;
        }
        Edit::Remove => {
            if let Some((parent, last)) = at.rsplit_once('/') {
                let last = last.replace("~1", "/").replace("~0", "~");
                match body.pointer_mut(parent).unwrap() {
                    Value::Object(map) => {
                        map.remove(&last);
                    }
                    Value::Array(items) => {
                        items.remove(last.parse::<usize>().unwrap());
                    }
                    _ => unreachable!("a pointer's parent is an object or an array"),
                }
            }
        }
        Edit::AddMember(pick) => {
            if let Value::Object(map) = body.pointer_mut(at).unwrap() {
                map.insert("faceauth_added".to_owned(), replacement(*pick, enums));
            }
        }
    }
    body
}

struct MutationHarness {
    serving: Harness,
    bodies: Vec<DocumentedResponse>,
    enums: Vec<String>,
}

thread_local! {
    static MUTATIONS: MutationHarness = MutationHarness {
        serving: Harness::new(),
        bodies: documented_bodies(),
        enums: enum_values(),
    };
}

/// How a mutated body must end, by its schema; the three are asserted in one place.
fn check_mutation(
    documented: &DocumentedResponse,
    body: &Value,
    harness: &Harness,
) -> Result<(), TestCaseError> {
    let status = documented.status;
    // A body whose envelope refuses (ADVANCE.AI's code other than SUCCESS, in HTTP 200) is a
    // documented error, as every other vendor's refusal.
    let refused_in_body = documented
        .vendor
        .coded_envelope()
        .and_then(|envelope| envelope.read(&serde_json::to_vec(body).unwrap()))
        .is_some_and(|code| code.refused);
    let expected = if status < 400 && !refused_in_body {
        OutcomeKind::Success
    } else {
        OutcomeKind::DocumentedError
    };
    let (kind, reserialized) = harness.serve_typed(
        documented.vendor,
        documented.op_index,
        status,
        serde_json::to_vec(body).unwrap(),
    );
    let context = format!("{} HTTP {status}: {body}", documented.vendor);
    if documented.exact.violations(body).is_empty() {
        // Valid as documented: decodes to the documented outcome and is written back equal.
        prop_assert_eq!(&kind, &expected, "{}", context);
        let reserialized = reserialized.expect("a decoded value is written back");
        let differences = json_differences(body, &reserialized);
        prop_assert!(differences.is_empty(), "{}: {:?}", context, differences);
    } else if !documented.decodable.violations(body).is_empty() {
        // Invalid even as the decoders read the schema: a failure that keeps the status.
        let OutcomeKind::Failed(why) = &kind else {
            return Err(TestCaseError::fail(format!(
                "decoded as {kind:?}: {context}"
            )));
        };
        prop_assert_eq!(why.kind, ErrorKind::InvalidBody, "{}", context);
        prop_assert_eq!(why.status, Some(status), "{}", context);
    } else {
        // Only what the decoders accept on purpose differs (an unlisted field, an unknown enum
        // value, a range or format the drift check reports, an optional `null`): the documented
        // outcome still.
        prop_assert_eq!(&kind, &expected, "{}", context);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_documented_response_ends_as_its_schema_says(
        pick in any::<prop::sample::Index>(),
        target in any::<prop::sample::Index>(),
        edit in edit(),
    ) {
        MUTATIONS.with(|m| {
            let documented = &m.bodies[pick.index(m.bodies.len())];
            let body = mutated(&documented.example, target, &edit, &m.enums);
            check_mutation(documented, &body, &m.serving)
        })?;
    }
}

/// Each node of each documented response removed, emptied (`""`, `[]`, `{}` for its type) and
/// set to `null`: the edits that find where a type drops or invents a value. Every one, not a
/// sample.
#[test]
fn every_node_of_every_documented_response_removed_emptied_or_nulled_ends_as_its_schema_says() {
    MUTATIONS.with(|m| {
        let mut checked = 0;
        for documented in &m.bodies {
            for at in pointers(&documented.example) {
                let node = documented.example.pointer(&at).unwrap();
                let empty = match node {
                    Value::String(_) => Some(json!("")),
                    Value::Array(_) => Some(json!([])),
                    Value::Object(_) => Some(json!({})),
                    _ => None,
                };
                let mut edits = vec![Value::Null];
                edits.extend(empty);
                for replacement in edits {
                    let mut body = documented.example.clone();
                    *body.pointer_mut(&at).unwrap() = replacement;
                    check_mutation(documented, &body, &m.serving).unwrap();
                    checked += 1;
                }
                if let Some((parent, last)) = at.rsplit_once('/') {
                    let mut body = documented.example.clone();
                    let last = last.replace("~1", "/").replace("~0", "~");
                    match body.pointer_mut(parent).unwrap() {
                        Value::Object(map) => {
                            map.remove(&last);
                        }
                        Value::Array(items) => {
                            items.remove(last.parse::<usize>().unwrap());
                        }
                        _ => unreachable!(),
                    }
                    check_mutation(documented, &body, &m.serving).unwrap();
                    checked += 1;
                }
            }
        }
        // Every node of every example was edited (counted from the examples themselves).
        let expected: usize = m
            .bodies
            .iter()
            .map(|d| {
                pointers(&d.example)
                    .iter()
                    .map(|at| {
                        let node = d.example.pointer(at).unwrap();
                        let empty =
                            usize::from(node.is_string() || node.is_array() || node.is_object());
                        1 + empty + usize::from(!at.is_empty())
                    })
                    .sum::<usize>()
            })
            .sum();
        assert_eq!(checked, expected);
    });
}
