//! Secrets and face images never appear in what a failing call produces: the Debug of the client,
//! the request types and the error, the error's message, and every log line at TRACE level (ours
//! and reqwest's, hyper's, ...). Also: the tracing span of a call carries vendor, operation,
//! attempt, status and duration.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use faceauth_clients::advance::types::{SaveEnrollRequest, SaveEnrollRequestRegion};
use faceauth_clients::{
    advance, progeny, signzy, verisoul, ClientOptions, EncodedImage, FaceImage, RetryPolicy, Vendor,
};
use support::{call, register_face, CREDENTIAL};
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every log line of this test binary, at TRACE, from every crate.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .try_init()
            .expect("the only subscriber of this binary");
        logs
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A PNG whose bytes carry a marker, so that any copy of them is found.
fn marked_face() -> (FaceImage, &'static str) {
    const MARKER: &str = "FACE-BYTES-d41d8cd9";
    let mut bytes = faceauth_spec::EXAMPLE_FACE_PNG.to_vec();
    bytes.extend_from_slice(MARKER.as_bytes());
    (FaceImage::from_bytes(bytes).unwrap(), MARKER)
}

#[tokio::test]
async fn nothing_a_failing_call_produces_shows_the_secret_or_the_image() {
    let logs = captured_logs();
    let (face, marker) = marked_face();
    let face_base64 = EncodedImage::from_image(&face, &progeny::IMAGE_RULES).unwrap();
    let mut produced = Vec::new();

    // Every vendor, failing in three ways: an undocumented status, a body that does not decode,
    // a timeout.
    let failures = [
        ResponseTemplate::new(500).set_body_string("<html>oops</html>"),
        ResponseTemplate::new(200).set_body_raw("{\"truncated", "application/json"),
        ResponseTemplate::new(200).set_delay(Duration::from_secs(2)),
    ];
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    for failure in failures {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(failure)
            .mount(&server)
            .await;
        for vendor in Vendor::ALL {
            produced.push(format!(
                "{:?}",
                call(vendor, &server.uri(), options.clone()).await
            ));
        }
        produced.push(format!(
            "{:?}",
            register_face(&server.uri(), &face, options.clone()).await
        ));
    }

    // The errors themselves (Debug and Display), the clients and the request types.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let client = advance::Client::with_access_token(
        faceauth_clients::BaseUrl::parse(&server.uri()).unwrap(),
        CREDENTIAL,
    )
    .unwrap();
    let request = SaveEnrollRequest::new(
        face_base64.clone(),
        "user-1",
        SaveEnrollRequestRegion::new("PHL").unwrap(),
    );
    let error = client.save_enroll(&request).await.unwrap_err();
    produced.push(format!(
        "{error:?} {error} {client:?} {request:?} {face:?} {face_base64:?} {face_base64}"
    ));
    let progeny_client = progeny::Client::with_access_token(
        faceauth_clients::BaseUrl::parse(&server.uri()).unwrap(),
        CREDENTIAL,
    )
    .unwrap();
    let upload_error = progeny_client
        .register_face(&progeny::RegisterFaceUpload::new(face.clone()).extend_data(true))
        .await
        .unwrap_err();
    produced.push(format!(
        "{upload_error:?} {upload_error} {progeny_client:?}"
    ));
    // Progeny's password travels as a text part of token/obtain's multipart form: a failed token
    // request shows it nowhere either.
    let password_client = progeny::Client::with_password(
        faceauth_clients::BaseUrl::parse(&server.uri()).unwrap(),
        "user",
        CREDENTIAL,
    )
    .unwrap();
    let task: uuid::Uuid = "58bf8a18-b10b-409d-91d6-fdd358408dff".parse().unwrap();
    let token_error = password_client
        .get_task(&progeny::types::GetTaskQuery::new(task))
        .await
        .unwrap_err();
    let obtain = progeny::types::ObtainTokenRequest::new("user", CREDENTIAL);
    produced.push(format!(
        "{token_error:?} {token_error} {password_client:?} {obtain:?}"
    ));

    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("faceauth.call"), "the calls were traced");
    assert!(
        logs.contains("reqwest"),
        "the transport's own log records are captured too"
    );
    produced.push(logs);
    let everything = produced.join("\n");

    assert!(
        everything.contains("[redacted]"),
        "the clients' Debug names the redaction"
    );
    for forbidden in [CREDENTIAL, marker, face_base64.expose()] {
        assert!(
            !everything.contains(forbidden),
            "{forbidden:?} leaked:\n{}",
            everything
                .lines()
                .filter(|l| l.contains(forbidden))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // The image's base64 is long; no stretch of it may appear either.
    let stretch = &face_base64.expose()[8..40];
    assert!(
        !everything.contains(stretch),
        "a stretch of the image's base64 leaked"
    );
}

#[tokio::test]
async fn each_call_is_traced_with_vendor_operation_attempt_status_and_duration() {
    let logs = captured_logs();
    let server = MockServer::start().await;
    // A 429 with Retry-After: the one answer on which the client resends an enrolment.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(support::documented_success(
                Vendor::Verisoul,
                "enrollFaceMatch",
            )),
        )
        .mount(&server)
        .await;
    let options = ClientOptions {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    call(Vendor::Verisoul, &server.uri(), options).await;
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    let closed = logs
        .lines()
        .find(|l| {
            l.contains("faceauth.call")
                && l.contains("close")
                && l.contains("vendor=\"verisoul\"")
                && l.contains("attempt=2")
        })
        .unwrap_or_else(|| panic!("no closed span of the retried call in:\n{logs}"));
    for field in [
        "operation=\"enrollFaceMatch\"",
        "method=POST",
        "status=200",
        "duration_ms=",
    ] {
        assert!(closed.contains(field), "{field} missing from {closed}");
    }
    assert!(logs.contains("retrying"), "the retry is logged");
}

/// A vendor that echoes every secret it can see (the credential header of the request, and the
/// `canaries` it was told, as a vendor that logs a login into a later error would) into
/// whatever a response has: headers, an error message, an undocumented field, a key, a body that
/// is not JSON, a value of the wrong type. It counts what it receives.
struct Echo {
    canaries: Vec<String>,
    shape: Shape,
}

#[derive(Clone)]
enum Shape {
    /// HTTP 500 with a JSON body quoting the secrets (as a value and as a key).
    Undocumented,
    /// HTTP 502 with an HTML page quoting them (a write's unknown outcome).
    Html,
    /// HTTP 200 whose body is a JSON string of the secrets (a decoding failure's reason).
    WrongType,
    /// A documented example (error or success) of this status, every string replaced by the
    /// secrets.
    Documented(u16, serde_json::Value),
}

impl Echo {
    fn echoed(&self, request: &wiremock::Request) -> String {
        let mut echoed: Vec<String> = self.canaries.clone();
        for name in ["authorization", "x-api-key", "x-access-token"] {
            if let Some(value) = request.headers.get(name).and_then(|v| v.to_str().ok()) {
                echoed.push(value.trim_start_matches("Bearer ").to_owned());
            }
        }
        echoed.join(" ")
    }
}

impl wiremock::Respond for Echo {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let echoed = self.echoed(request);
        let headed = |template: ResponseTemplate| {
            template
                .insert_header("x-request-id", format!("req {echoed}").as_str())
                .insert_header("x-debug-echo", echoed.as_str())
        };
        match &self.shape {
            Shape::Undocumented => headed(ResponseTemplate::new(500).set_body_json(
                serde_json::json!({ "error": format!("rejected {echoed}"), echoed.clone(): true }),
            )),
            Shape::Html => headed(
                ResponseTemplate::new(502)
                    .set_body_raw(format!("<html>upstream saw {echoed}</html>"), "text/html"),
            ),
            Shape::WrongType => headed(
                ResponseTemplate::new(200).set_body_json(serde_json::Value::String(echoed.clone())),
            ),
            Shape::Documented(status, example) => {
                let mut body = example.clone();
                replace_strings(&mut body, &echoed);
                headed(ResponseTemplate::new(*status).set_body_json(body))
            }
        }
    }
}

/// Every string of `value` but a UUID (a request id the types parse) replaced by an echo.
fn replace_strings(value: &mut serde_json::Value, with: &str) {
    match value {
        serde_json::Value::String(text) if text.parse::<uuid::Uuid>().is_err() => {
            *text = format!("echo {with}")
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, with)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| replace_strings(v, with)),
        _ => {}
    }
}

/// Everything an application can print of a call's result: `Debug` (both forms), `Display`, the
/// refusal, its code and message.
fn shown<T: std::fmt::Debug, E: std::fmt::Debug + faceauth_clients::HasOutcome>(
    result: &Result<faceauth_clients::ResponseValue<T>, faceauth_clients::Error<E>>,
) -> String {
    match result {
        Ok(value) => format!("{value:?} {value:#?}"),
        Err(error) => format!(
            "{error} {error:?} {error:#?} {:?} {:?} {:?} {}",
            error.code(),
            error.message(),
            error.refusal(),
            error
                .refusal()
                .map(|refusal| refusal.to_string())
                .unwrap_or_default()
        ),
    }
}

/// How a result ended, to check that each shape took the path it is meant to.
fn path_of<T, E>(
    result: &Result<faceauth_clients::ResponseValue<T>, faceauth_clients::Error<E>>,
) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(error) => match error.kind() {
            faceauth_clients::ErrorKind::Documented => "documented",
            faceauth_clients::ErrorKind::UndocumentedStatus => "undocumented",
            faceauth_clients::ErrorKind::InvalidBody => "invalid body",
            faceauth_clients::ErrorKind::OutcomeUnknown => "outcome unknown",
            faceauth_clients::ErrorKind::Credential => "credential",
            _ => "other",
        },
    }
}

fn documented(vendor: Vendor, operation: &str, status: u16) -> serde_json::Value {
    faceauth_test_support::specs::responses(vendor.name(), operation)
        .into_iter()
        .find(|r| r.status == status)
        .unwrap_or_else(|| panic!("{vendor} {operation} documents no {status}"))
        .body
}

/// A writer the test reads back: the traffic recorder's lines.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Lines {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn no_retries() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

/// Asserts that none of `secrets` is in `text`, saying where one is.
fn assert_nowhere(text: &str, secrets: &[&str]) {
    for secret in secrets {
        let leaks: Vec<&str> = text.lines().filter(|l| l.contains(secret)).collect();
        assert!(
            leaks.is_empty(),
            "{secret:?} leaked in:\n{}",
            leaks.join("\n")
        );
    }
}

#[tokio::test]
async fn a_static_credential_a_vendor_echoes_is_nowhere_in_what_the_client_makes() {
    let logs = captured_logs();
    let recorded = Lines::default();
    let recorder = faceauth_clients::TrafficRecorder::to_writer(recorded.clone());
    let mut produced = Vec::new();
    let mut paths = Vec::new();
    let shapes = |vendor: Vendor, operation: &str, documented_status: u16| {
        vec![
            Shape::Undocumented,
            Shape::Html,
            Shape::WrongType,
            Shape::Documented(
                documented_status,
                documented(vendor, operation, documented_status),
            ),
        ]
    };
    let mut calls = 0;
    for vendor in Vendor::ALL {
        let (operation, status) = match vendor {
            Vendor::Signzy => ("enroll", 400),
            Vendor::Verisoul => ("enrollFaceMatch", 400),
            // ADVANCE.AI refuses with HTTP 200 and a code.
            Vendor::Advance => ("saveEnroll", 200),
            Vendor::Progeny => ("getTask", 400),
        };
        for shape in shapes(vendor, operation, status) {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(Echo {
                    canaries: Vec::new(),
                    shape,
                })
                .mount(&server)
                .await;
            let base = faceauth_clients::BaseUrl::parse(&server.uri()).unwrap();
            let body = || support::documented_body(vendor, operation);
            let (shown, path) = match vendor {
                Vendor::Signzy => {
                    let client = signzy::Client::with_access_token(base, CREDENTIAL).unwrap();
                    let client = client.with_options(no_retries()).unwrap();
                    let client = client.with_traffic_recorder(recorder.clone());
                    let result = client
                        .enroll(&serde_json::from_value(body()).unwrap())
                        .await;
                    (shown(&result), path_of(&result))
                }
                Vendor::Verisoul => {
                    let client = verisoul::Client::with_api_key(base, CREDENTIAL).unwrap();
                    let client = client.with_options(no_retries()).unwrap();
                    let client = client.with_traffic_recorder(recorder.clone());
                    let request = serde_json::from_value(body()).unwrap();
                    let result = client.enroll_face_match(&request).await;
                    (shown(&result), path_of(&result))
                }
                Vendor::Advance => {
                    let client = advance::Client::with_access_token(base, CREDENTIAL).unwrap();
                    let client = client.with_options(no_retries()).unwrap();
                    let client = client.with_traffic_recorder(recorder.clone());
                    let request = serde_json::from_value(body()).unwrap();
                    let result = client.save_enroll(&request).await;
                    (shown(&result), path_of(&result))
                }
                Vendor::Progeny => {
                    let client = progeny::Client::with_access_token(base, CREDENTIAL).unwrap();
                    let client = client.with_options(no_retries()).unwrap();
                    let client = client.with_traffic_recorder(recorder.clone());
                    let task = support::TASK_ID.parse::<uuid::Uuid>().unwrap();
                    let result = client
                        .get_task(&progeny::types::GetTaskQuery::new(task))
                        .await;
                    (shown(&result), path_of(&result))
                }
            };
            // Sent once each (a write is not resent, a read not retried here).
            assert_eq!(server.received_requests().await.unwrap().len(), 1);
            calls += 1;
            produced.push(shown);
            paths.push(format!("{vendor}:{path}"));
        }
    }
    // Each shape took the path it stands for: the secrets went through every kind of result.
    assert_eq!(
        paths,
        [
            "signzy:undocumented",
            "signzy:outcome unknown",
            "signzy:invalid body",
            "signzy:documented",
            "verisoul:undocumented",
            "verisoul:outcome unknown",
            "verisoul:invalid body",
            "verisoul:documented",
            "advance:undocumented",
            "advance:outcome unknown",
            "advance:invalid body",
            "advance:documented",
            "progeny:undocumented",
            "progeny:undocumented",
            "progeny:invalid body",
            "progeny:documented",
        ]
    );
    let recorded = recorded.text();
    assert_eq!(recorded.lines().count(), calls, "one record per response");
    assert!(
        produced.join("\n").contains("echo [redacted]"),
        "the documented bodies are printed, scrubbed"
    );
    produced.push(recorded);
    produced.push(String::from_utf8(logs.lock().unwrap().clone()).unwrap());
    assert_nowhere(&produced.join("\n"), &[CREDENTIAL]);
}

const PASSWORD: &str = "canary-password-5b1e";
const ISSUED_TOKEN: &str = "canary-issued-token-9d2c";
const REFRESH_TOKEN: &str = "canary-refresh-token-3f8a";
const SECRET_KEY: &str = "canary-secret-key-71c0";

/// A token endpoint at `operation`'s path answering `template`, and every other request echoed
/// (`shape`) with `canaries`.
async fn token_server(
    vendor: Vendor,
    operation: &str,
    template: ResponseTemplate,
    canaries: &[&str],
) -> MockServer {
    let server = MockServer::start().await;
    let path = vendor.operation(operation).unwrap().path;
    Mock::given(wiremock::matchers::path(path))
        .respond_with(template)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(Echo {
            canaries: canaries.iter().map(|c| c.to_string()).collect(),
            shape: Shape::Undocumented,
        })
        .mount(&server)
        .await;
    server
}

/// The ADVANCE.AI token request's signature, as the vendor received it: a vendor that echoes it.
struct EchoSignature;

impl wiremock::Respond for EchoSignature {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let signature = body["signature"].as_str().unwrap();
        assert_eq!(signature.len(), 64, "a SHA-256 hex signature was sent");
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "code": "PARAMETER_ERROR",
            "message": format!("Signature error: {signature} is not sha256({} {SECRET_KEY})", body["accessKey"].as_str().unwrap()),
            "data": null,
            "extra": null,
            "transactionId": "040e769e38f87e3e",
            "pricingStrategy": "FREE",
        }))
    }
}

#[tokio::test]
async fn passwords_keys_and_issued_tokens_a_vendor_echoes_are_nowhere_in_what_the_client_makes() {
    let logs = captured_logs();
    let recorded = Lines::default();
    let recorder = faceauth_clients::TrafficRecorder::to_writer(recorded.clone());
    let mut produced = Vec::new();
    let mut signatures = Vec::new();
    let base = |server: &MockServer| faceauth_clients::BaseUrl::parse(&server.uri()).unwrap();

    // Signzy: the login answers a token; the call's error echoes it and the password.
    let login = ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "accessToken": ISSUED_TOKEN, "status": "200 OK", "message": "Successfully Logged In"
    }));
    let server = token_server(Vendor::Signzy, "login", login, &[PASSWORD]).await;
    let client = signzy::Client::with_login(base(&server), "acme", PASSWORD)
        .unwrap()
        .with_options(no_retries())
        .unwrap()
        .with_traffic_recorder(recorder.clone());
    let body = support::documented_body(Vendor::Signzy, "userDetails");
    let result = client
        .user_details(&serde_json::from_value(body).unwrap())
        .await;
    assert_eq!(path_of(&result), "undocumented");
    assert_eq!(
        client.known_secrets().len(),
        2,
        "the password and the token"
    );
    produced.push(shown(&result));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "a login, a call"
    );

    // Signzy: a refused login that quotes the password.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Echo {
            canaries: vec![PASSWORD.to_owned()],
            shape: Shape::Undocumented,
        })
        .mount(&server)
        .await;
    let client = signzy::Client::with_login(base(&server), "acme", PASSWORD)
        .unwrap()
        .with_options(no_retries())
        .unwrap();
    let body = support::documented_body(Vendor::Signzy, "userDetails");
    let result = client
        .user_details(&serde_json::from_value(body).unwrap())
        .await;
    assert_eq!(path_of(&result), "credential");
    produced.push(shown(&result));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "the login only"
    );

    // ADVANCE.AI: a refused token request that quotes the signature and the secret key.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(EchoSignature)
        .mount(&server)
        .await;
    let client = advance::Client::with_access_key(base(&server), "canary-access-key", SECRET_KEY)
        .unwrap()
        .with_options(no_retries())
        .unwrap()
        .with_traffic_recorder(recorder.clone());
    let body = support::documented_body(Vendor::Advance, "getEnroll");
    let result = client
        .get_enroll(&serde_json::from_value(body).unwrap())
        .await;
    assert_eq!(path_of(&result), "credential");
    produced.push(shown(&result));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "the token request only");
    let sent: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    signatures.push(sent["signature"].as_str().unwrap().to_owned());

    // ADVANCE.AI: the token issued, echoed by the call with the keys.
    let issued = ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "code": "SUCCESS", "message": "OK",
        "data": { "token": ISSUED_TOKEN, "expiredTime": 4102444800000i64 },
        "extra": null, "transactionId": "040e769e38f87e3e", "pricingStrategy": "FREE"
    }));
    let server = token_server(
        Vendor::Advance,
        "generateToken",
        issued,
        &["canary-access-key", SECRET_KEY],
    )
    .await;
    let client = advance::Client::with_access_key(base(&server), "canary-access-key", SECRET_KEY)
        .unwrap()
        .with_options(no_retries())
        .unwrap()
        .with_traffic_recorder(recorder.clone());
    let body = support::documented_body(Vendor::Advance, "getEnroll");
    let result = client
        .get_enroll(&serde_json::from_value(body).unwrap())
        .await;
    assert_eq!(path_of(&result), "undocumented");
    produced.push(shown(&result));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "a token request, a call");
    let sent: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    signatures.push(sent["signature"].as_str().unwrap().to_owned());

    // Progeny: the pair issued; the call echoes the access token, the refresh token and the
    // password.
    let pair = ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({ "refresh": REFRESH_TOKEN, "access": ISSUED_TOKEN }));
    let server = token_server(
        Vendor::Progeny,
        "obtainToken",
        pair,
        &[REFRESH_TOKEN, PASSWORD],
    )
    .await;
    let client = progeny::Client::with_password(base(&server), "user", PASSWORD)
        .unwrap()
        .with_options(no_retries())
        .unwrap()
        .with_traffic_recorder(recorder.clone());
    let task = support::TASK_ID.parse::<uuid::Uuid>().unwrap();
    let result = client
        .get_task(&progeny::types::GetTaskQuery::new(task))
        .await;
    assert_eq!(path_of(&result), "undocumented");
    assert_eq!(
        client.known_secrets().len(),
        3,
        "the password, the access and the refresh token"
    );
    produced.push(shown(&result));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "a token request, a call"
    );

    let recorded = recorded.text();
    // Signzy: login and call; ADVANCE.AI: the refused token request, then a token and a call;
    // Progeny: the token pair and the call.
    assert_eq!(
        recorded.lines().count(),
        7,
        "one record per response:\n{recorded}"
    );
    produced.push(recorded);
    produced.push(String::from_utf8(logs.lock().unwrap().clone()).unwrap());
    let everything = produced.join("\n");
    assert!(everything.contains("[redacted]"));
    let mut secrets = vec![
        PASSWORD,
        ISSUED_TOKEN,
        REFRESH_TOKEN,
        SECRET_KEY,
        "canary-access-key",
    ];
    secrets.extend(signatures.iter().map(String::as_str));
    assert_nowhere(&everything, &secrets);
}
