//! Errors keep their causes and the response's evidence: transport failures carry reqwest's error
//! as their typed source without the URL, an undocumented response keeps its headers (request
//! ids, `Retry-After`) with cookies never printed.

use std::error::Error as _;
use std::time::Duration;

use faceauth_clients::{verisoul, BaseUrl, ClientOptions, Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn session() -> faceauth_clients::uuid::Uuid {
    "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse().unwrap()
}

/// An enrolment: a write.
fn body() -> verisoul::types::EnrollRequest {
    verisoul::types::EnrollRequest::new(session(), "account-with-a-secretish-id")
}

/// A verification: a read (the spec marks it read-only), whose failures are plain.
fn lookup() -> verisoul::types::VerifyFaceRequest {
    verisoul::types::VerifyFaceRequest::new(session())
}

fn client(base: &str) -> verisoul::Client {
    verisoul::Client::with_api_key(BaseUrl::parse(base).unwrap(), "key-canary-123")
        .unwrap()
        .with_options(ClientOptions {
            timeout: Duration::from_millis(300),
            retry: RetryPolicy::none(),
            ..ClientOptions::default()
        })
        .unwrap()
}

#[tokio::test]
async fn an_undocumented_response_keeps_its_headers_and_hides_cookies() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "7")
                .insert_header("x-request-id", "req-42")
                .insert_header("set-cookie", "session=cookie-canary-456")
                .set_body_string("slow down"),
        )
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .verify_face(&lookup())
        .await
        .unwrap_err();
    let Error::UndocumentedStatus(evidence) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(evidence.status.as_u16(), 503);
    assert_eq!(evidence.header("x-request-id"), Some("req-42"));
    assert_eq!(evidence.retry_after(), Some(Duration::from_secs(7)));
    assert!(evidence.headers.contains_key("set-cookie"));
    let printed = format!("{error} {error:?}");
    assert!(printed.contains("req-42"), "{printed}");
    assert!(!printed.contains("cookie-canary-456"), "{printed}");
    assert!(!printed.contains("key-canary-123"), "{printed}");
}

/// Every header of the crate's one list of sensitive headers (each vendor's credential header
/// among them: ADVANCE.AI's `X-ACCESS-TOKEN`, Verisoul's `x-api-key`) is kept in the evidence
/// and never printed by it.
#[tokio::test]
async fn evidence_never_prints_any_sensitive_header() {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(502).insert_header("x-request-id", "req-43");
    for name in faceauth_clients::SENSITIVE_HEADERS {
        template = template.insert_header(name, format!("canary-{name}").as_str());
    }
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .verify_face(&lookup())
        .await
        .unwrap_err();
    let Error::UndocumentedStatus(evidence) = &error else {
        panic!("{error:?}")
    };
    let printed = format!("{error} {error:?} {evidence:?}");
    assert!(printed.contains("req-43"), "{printed}");
    assert!(faceauth_clients::SENSITIVE_HEADERS.contains(&"x-access-token"));
    for name in faceauth_clients::SENSITIVE_HEADERS {
        assert!(evidence.headers.contains_key(name), "{name} is kept");
        assert!(
            !printed.contains(&format!("canary-{name}")),
            "{name}: {printed}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_keeps_reqwests_error_as_its_source_without_the_url() {
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = client(&format!("http://127.0.0.1:{port}"))
        .enroll_face_match(&body())
        .await
        .unwrap_err();
    let Error::Connection(transport) = &error else {
        panic!("{error:?}")
    };
    assert!(transport.is_connect());
    let source = error.source().expect("the transport error is the source");
    let reqwest_error = source
        .source()
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .expect("reqwest's error under it");
    assert!(reqwest_error.is_connect());
    assert_eq!(reqwest_error.url(), None, "the URL is left out");
    let printed = format!("{error} {error:?}");
    assert!(!printed.contains(&port.to_string()), "{printed}");
    assert!(!printed.contains("key-canary-123"), "{printed}");
}

#[tokio::test]
async fn a_timeout_is_typed_with_its_source() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .verify_face(&lookup())
        .await
        .unwrap_err();
    let Error::Timeout(transport) = &error else {
        panic!("{error:?}")
    };
    assert!(transport.is_timeout());
    assert!(transport.reqwest_error().is_timeout());
    assert!(transport.source().is_some());
}
