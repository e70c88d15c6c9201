//! Runs every documented example of a vendor's spec through its typed client against a wiremock
//! server: what the client sends is captured and compared with the documented request, and each
//! documented response is served and must come back as the documented type, unchanged.

use serde_json::Value;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::capture::{CapturedBody, CapturedRequest};
use super::json_diff::json_differences;
use super::spec::{ResponseExample, Spec, SpecOperation};
use super::{call_operation, CallError, CallTarget, TEST_CREDENTIAL};
use super::{ExampleRequest, OutcomeKind, TypedOutcome};
use faceauth_clients::{OperationMeta, Vendor};

/// Headers any HTTP/1.1 client sends that are not part of a vendor's API.
const TRANSPORT_HEADERS: [&str; 4] = ["host", "content-length", "transfer-encoding", "accept"];

/// Which documented example a check is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Case {
    /// A documented request: what the client sends.
    Request {
        /// The example's name.
        example: String,
    },
    /// A documented response: what the client makes of it.
    Response {
        /// The HTTP status it is served with.
        status: u16,
        /// The example's name.
        example: String,
    },
}

/// The result of checking one documented example.
#[derive(Debug, Clone)]
pub struct ExampleCheck {
    /// The vendor.
    pub vendor: Vendor,
    /// The operation's `operationId`.
    pub operation: String,
    /// The operation's entry in the table the crate was built with, if it was built with it.
    pub meta: Option<&'static OperationMeta>,
    /// The example.
    pub case: Case,
    /// Where the example is in the spec (JSON pointers: the example, then its schema's).
    pub example_pointers: Vec<String>,
    /// Where the operation is in the spec.
    pub operation_pointer: String,
    /// Every way the client disagreed with the example; empty when it passed.
    pub failures: Vec<Failure>,
    /// What the client sent (request cases).
    pub captured: Option<CapturedRequest>,
    /// The typed value the client returned, as `Debug` (response cases).
    pub typed: Option<String>,
}

impl ExampleCheck {
    /// Whether the client matched the example.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// A stable name for the example: `<vendor>__<operation>__request__<example>` or
    /// `<vendor>__<operation>__response_<status>__<example>`.
    pub fn name(&self) -> String {
        match &self.case {
            Case::Request { example } => {
                format!("{}__{}__request__{example}", self.vendor, self.operation)
            }
            Case::Response { status, example } => format!(
                "{}__{}__response_{status}__{example}",
                self.vendor, self.operation
            ),
        }
    }
}

/// Checks every example of every operation of `spec` against a fresh wiremock server.
pub async fn check_spec(spec: &Spec) -> Vec<ExampleCheck> {
    let server = MockServer::start().await;
    let mut checks = Vec::new();
    for operation in spec.operations() {
        let requests = operation.requests();
        for request in &requests {
            checks.push(check_request(&server, spec, &operation, request).await);
        }
        let Some(first_request) = requests.first() else {
            continue;
        };
        for response in &operation.responses {
            checks.push(check_response(&server, spec, &operation, first_request, response).await);
        }
    }
    checks
}

async fn check_request(
    server: &MockServer,
    spec: &Spec,
    operation: &SpecOperation,
    request: &ExampleRequest,
) -> ExampleCheck {
    server.reset().await;
    let (status, body) = operation
        .first_success()
        .map(|r| (r.status, r.example.value.clone()))
        .unwrap_or((200, Value::Object(Default::default())));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;

    let mut failures = Vec::new();
    if let Err(failure) = call(spec.vendor, &test_target(server), operation, request).await {
        failures.push(failure);
    }
    let received = server.received_requests().await.unwrap_or_default();
    let credential_header = spec
        .credential_scheme()
        .map(|s| s.header)
        .unwrap_or_default();
    let captured = match received.as_slice() {
        [one] => {
            let (captured, credential) = CapturedRequest::from_wiremock(one, &credential_header);
            failures.extend(request_differences(
                spec, operation, request, &captured, credential,
            ));
            Some(captured)
        }
        many => {
            failures.push(Failure::new(
                FailureKind::RequestCount,
                format!(
                    "expected the client to send one request, the mock received {}",
                    many.len()
                ),
            ));
            None
        }
    };
    let case = Case::Request {
        example: request.name.clone(),
    };
    ExampleCheck {
        vendor: spec.vendor,
        operation: operation.id.clone(),
        meta: operation.meta,
        example_pointers: spec.example_pointers(operation, &case),
        operation_pointer: spec.operation_pointer(operation),
        case,
        failures,
        captured,
        typed: None,
    }
}

/// Every way the captured request differs from the documented one.
fn request_differences(
    spec: &Spec,
    operation: &SpecOperation,
    request: &ExampleRequest,
    captured: &CapturedRequest,
    credential_sent: Option<String>,
) -> Vec<Failure> {
    use FailureKind as K;
    let mut failures = Vec::new();
    let mut fail = |kind: FailureKind, message: String| failures.push(Failure::new(kind, message));
    if captured.method != operation.method {
        fail(
            K::Method,
            format!(
                "method: documented {}, sent {}",
                operation.method, captured.method
            ),
        );
    }
    let expected_path = expanded_path(operation, request);
    if captured.path != expected_path {
        fail(
            K::Path,
            format!("path: documented {expected_path}, sent {}", captured.path),
        );
    }

    let mut expected_query: Vec<(String, String)> = operation
        .parameters
        .iter()
        .filter(|p| p.location == "query")
        .filter_map(|p| {
            let value = request.params.iter().find(|(n, _)| *n == p.name)?;
            Some((p.name.clone(), plain_text(&value.1)))
        })
        .collect();
    let mut sent_query = captured.query.clone();
    expected_query.sort();
    sent_query.sort();
    if sent_query != expected_query {
        fail(
            K::Query,
            format!("query: documented {expected_query:?}, sent {sent_query:?}"),
        );
    }

    match (spec.credential_scheme(), operation.public) {
        (Some(scheme), true) => {
            if credential_sent.is_some() {
                fail(
                    K::Credential,
                    format!(
                        "credential: the {} header is sent, but the operation documents `security: []`",
                        scheme.header
                    ),
                );
            }
        }
        (Some(scheme), false) => {
            let expected = format!("{}{TEST_CREDENTIAL}", scheme.prefix);
            match credential_sent {
                Some(sent) if sent == expected => {}
                Some(_) => fail(
                    K::Credential,
                    format!(
                        "credential: the {} header does not carry the credential as the security scheme documents (expected {}<credential>)",
                        scheme.header, scheme.prefix
                    ),
                ),
                None => fail(
                    K::Credential,
                    format!(
                        "credential: no {} header, which the security scheme documents",
                        scheme.header
                    ),
                ),
            }
        }
        (None, _) => fail(
            K::Credential,
            "the spec has no usable security scheme".to_owned(),
        ),
    }

    let credential_header = spec.credential_scheme().map(|s| s.header);
    for header in captured.headers.keys() {
        let documented = TRANSPORT_HEADERS.contains(&header.as_str())
            || header == "content-type"
            || credential_header.as_deref() == Some(header.as_str());
        if !documented {
            fail(
                K::UndocumentedHeader,
                format!("header `{header}` is sent but the vendor does not document it"),
            );
        }
    }

    let content_type = captured.headers.get("content-type");
    match (&operation.request_media_type, content_type) {
        (Some(documented), Some(sent)) if sent.starts_with(documented.as_str()) => {}
        (Some(documented), sent) => fail(
            K::ContentType,
            format!(
                "content-type: documented {documented}, sent {}",
                sent.map_or("none", String::as_str)
            ),
        ),
        (None, Some(sent)) => fail(
            K::ContentType,
            format!("content-type {sent} sent for an operation without a body"),
        ),
        (None, None) => {}
    }

    match (&request.body, &captured.body) {
        (None, CapturedBody::Empty) => {}
        (Some(documented), CapturedBody::Json(sent)) => {
            for difference in json_differences(documented, sent) {
                fail(K::RequestBody, format!("request body {difference}"));
            }
        }
        (Some(documented), CapturedBody::Multipart(parts)) => {
            for (field, value) in documented.as_object().into_iter().flatten() {
                let Some(part) = parts.iter().find(|p| p.name == *field) else {
                    fail(
                        K::RequestBody,
                        format!("multipart: documented field {field} was not sent"),
                    );
                    continue;
                };
                // A file part is documented by its file name; a text part by its value.
                let sent = part.file_name.as_deref().unwrap_or(&part.value);
                if sent != plain_text(value) {
                    fail(
                        K::RequestBody,
                        format!("multipart: field {field}: documented {value}, sent {sent:?}"),
                    );
                }
                // A file part carries the image given for it, whole.
                if let Some((_, image)) = request.images.iter().find(|(p, _)| p == field) {
                    let expected = format!("<{} bytes>", image.len());
                    if part.file_name.is_none() || part.value != expected {
                        fail(
                            K::RequestBody,
                            format!(
                                "multipart: field {field}: the image given for it ({expected}) was not sent as its file (sent {:?})",
                                part.value
                            ),
                        );
                    }
                }
                // And a file part's content type must be its file's.
                if let Some(file_name) = &part.file_name {
                    let expected = image_content_type(file_name);
                    if part.content_type.as_deref() != expected {
                        fail(
                            K::RequestBody,
                            format!(
                                "multipart: field {field}: file {file_name:?} sent as {:?}, expected {expected:?}",
                                part.content_type
                            ),
                        );
                    }
                }
            }
            for part in parts {
                if documented.get(&part.name).is_none() {
                    fail(
                        K::RequestBody,
                        format!("multipart: field {} is sent but not documented", part.name),
                    );
                }
            }
        }
        (documented, sent) => fail(
            K::RequestBody,
            format!(
                "body: documented {}, sent {}",
                documented
                    .as_ref()
                    .map_or("no body".to_owned(), |d| d.to_string()),
                serde_json::to_string(sent).unwrap_or_default()
            ),
        ),
    }
    failures
}

async fn check_response(
    server: &MockServer,
    spec: &Spec,
    operation: &SpecOperation,
    request: &ExampleRequest,
    response: &ResponseExample,
) -> ExampleCheck {
    server.reset().await;
    let mut template = ResponseTemplate::new(response.status);
    if !response.media_type.is_empty() {
        let body = serde_json::to_vec(&response.example.value).expect("JSON values serialise");
        template = template.set_body_raw(body, &response.media_type);
    }
    for (name, value) in &response.headers {
        template = template.insert_header(name.as_str(), value.as_str());
    }
    Mock::given(method(operation.method.as_str()))
        .and(path(expanded_path(operation, request)))
        .respond_with(template)
        .mount(server)
        .await;

    let mut failures = Vec::new();
    let mut typed = None;
    match call(spec.vendor, &test_target(server), operation, request).await {
        Err(failure) => failures.push(failure),
        Ok(outcome) => {
            failures.extend(response_differences(spec.vendor, response, &outcome));
            typed = outcome.typed_debug;
        }
    }
    let case = Case::Response {
        status: response.status,
        example: response.example.name.clone(),
    };
    ExampleCheck {
        vendor: spec.vendor,
        operation: operation.id.clone(),
        meta: operation.meta,
        example_pointers: spec.example_pointers(operation, &case),
        operation_pointer: spec.operation_pointer(operation),
        case,
        failures,
        captured: None,
        typed,
    }
}

/// A verdict as the example declarations write it (`refused (FACE_NOT_FOUND)`).
fn verdict_text(verdict: &faceauth_clients::Verdict) -> String {
    match verdict {
        faceauth_clients::Verdict::Success => "success".to_owned(),
        faceauth_clients::Verdict::Pending => "pending".to_owned(),
        faceauth_clients::Verdict::Refused(refusal) => match &refusal.code {
            Some(code) => format!("refused ({code})"),
            None => "refused".to_owned(),
        },
    }
}

fn response_differences(
    vendor: Vendor,
    response: &ResponseExample,
    outcome: &TypedOutcome,
) -> Vec<Failure> {
    let mut failures = Vec::new();
    // A documented 2xx or 3xx (Verisoul's redirect) is the operation's success, unless its
    // envelope refuses (ADVANCE.AI's codes in HTTP 200): then it is the same documented error as
    // every other vendor's refusal.
    let refused_in_body = vendor
        .coded_envelope()
        .and_then(|envelope| envelope.read(response.example.value.to_string().as_bytes()))
        .is_some_and(|code| code.refused);
    let expected = if response.status < 400 && !refused_in_body {
        OutcomeKind::Success
    } else {
        OutcomeKind::DocumentedError
    };
    if outcome.kind != expected {
        let returned = match &outcome.kind {
            OutcomeKind::Failed(failure) => format!("a failure: {}", failure.message),
            other => format!("{other:?}"),
        };
        failures.push(Failure::new(
            FailureKind::ResponseOutcome,
            format!(
                "HTTP {}: expected a typed {expected:?}, the client returned {returned}",
                response.status
            ),
        ));
    }
    // What the body says happened must be what the example stands for: a failed liveness check
    // in an HTTP 200 is a refusal, not a success.
    match (&response.declared, &outcome.verdict) {
        (Err(why), _) => failures.push(Failure::new(
            FailureKind::ResponseOutcome,
            format!("HTTP {}: the example {why}", response.status),
        )),
        (Ok(declared), Some(verdict)) if !super::spec::verdict_matches(declared, verdict) => {
            failures.push(Failure::new(
                FailureKind::ResponseOutcome,
                format!(
                    "HTTP {}: the example stands for {declared}, the client's verdict is {}",
                    response.status,
                    verdict_text(verdict)
                ),
            ))
        }
        _ => {}
    }
    if outcome.status != Some(response.status) {
        failures.push(Failure::new(
            FailureKind::ResponseStatus,
            format!(
                "status: served {}, the client reported {:?}",
                response.status, outcome.status
            ),
        ));
    }
    match &outcome.reserialized {
        Some(reserialized) => failures.extend(
            json_differences(&response.example.value, reserialized)
                .into_iter()
                .map(|d| Failure::new(FailureKind::ResponseBody, format!("response body {d}"))),
        ),
        // A typed value that cannot be written back could hide what it dropped.
        None if outcome.typed_debug.is_some() => failures.push(Failure::new(
            FailureKind::ResponseBody,
            "response body: the typed value could not be re-serialised to compare it".to_owned(),
        )),
        None => {}
    }
    failures
}

/// Calls the operation through its typed client; a call that cannot be made is a
/// [`FailureKind::NotCalled`] failure, with the reason.
async fn call(
    vendor: Vendor,
    target: &CallTarget,
    operation: &SpecOperation,
    request: &ExampleRequest,
) -> Result<TypedOutcome, Failure> {
    let not_called = |why: String| {
        Failure::new(
            FailureKind::NotCalled,
            format!("{vendor} {}: {why}", operation.id),
        )
    };
    let Some(meta) = operation.meta else {
        return Err(not_called(
            CallError::NotBuilt {
                operation: operation.id.clone(),
            }
            .to_string(),
        ));
    };
    call_operation(target, meta, request)
        .await
        .map_err(|e| not_called(e.to_string()))
}

/// The content type of an image file by its name (the documents name PNG and JPEG files).
fn image_content_type(file_name: &str) -> Option<&'static str> {
    let extension = file_name.rsplit('.').next()?.to_ascii_lowercase();
    match extension.as_str() {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        _ => None,
    }
}

fn test_target(server: &MockServer) -> CallTarget {
    CallTarget::test(&server.uri()).expect("the mock server's URI is a valid base URL")
}

/// The operation's path with the request's path parameters filled in.
fn expanded_path(operation: &SpecOperation, request: &ExampleRequest) -> String {
    let mut path = operation.path.clone();
    for (name, value) in &request.params {
        path = path.replace(&format!("{{{name}}}"), &plain_text(value));
    }
    path
}

/// A JSON value as it travels in a URL or a form field: strings without quotes.
fn plain_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// How a client disagreed with a documented example: the kind of an [`ExampleCheck`] failure,
/// which reports use as its rule (one SARIF rule per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The call could not be made: the example does not fit the generated types, or the crate
    /// was built without the operation.
    NotCalled,
    /// The client sent no request, or more than one.
    RequestCount,
    /// Another HTTP method than documented.
    Method,
    /// Another path than documented.
    Path,
    /// Other query parameters than documented.
    Query,
    /// The credential is missing, or not sent as the security scheme documents.
    Credential,
    /// A header the vendor does not document.
    UndocumentedHeader,
    /// Another content type than documented.
    ContentType,
    /// The body sent differs from the documented request example.
    RequestBody,
    /// A documented response did not come back as its documented type (success or error), or
    /// the client's verdict (success, pending, refused and its code) is not the one the example
    /// declares (`x-faceauth-outcome`).
    ResponseOutcome,
    /// The client reported another status than served.
    ResponseStatus,
    /// The typed value does not serialise back to the documented response example.
    ResponseBody,
}

impl FailureKind {
    /// Every kind, in the order reports list their rules.
    pub const ALL: [FailureKind; 12] = [
        Self::NotCalled,
        Self::RequestCount,
        Self::Method,
        Self::Path,
        Self::Query,
        Self::Credential,
        Self::UndocumentedHeader,
        Self::ContentType,
        Self::RequestBody,
        Self::ResponseOutcome,
        Self::ResponseStatus,
        Self::ResponseBody,
    ];
}

/// One way a client disagreed with a documented example: its kind, decided where the check
/// found it, and a line saying what differs (never a secret's value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What kind of disagreement.
    pub kind: FailureKind,
    /// What differs, in one line.
    pub message: String,
}

impl Failure {
    fn new(kind: FailureKind, message: String) -> Self {
        Self { kind, message }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
