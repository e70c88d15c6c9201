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
    advance, progeny, ClientOptions, EncodedImage, FaceImage, RetryPolicy, Vendor,
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
    let mut bytes = faceauth_clients::conformance::FIXTURE_PNG.to_vec();
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
        .register_face(&face, Some(true))
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
