//! Retries happen only where they are safe (see `RetryPolicy`): counted by the requests a
//! wiremock server receives.

mod support;

use std::time::Duration;

use faceauth_clients::conformance::FIXTURE_PNG;
use faceauth_clients::{ClientOptions, FaceImage, RetryPolicy, Vendor};
use support::{call, documented_success, operation_of, register_face, Ended};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn quick(max_retries: u32) -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(300),
        retry: RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    }
}

/// A server that answers `first` once, then `then`.
async fn answering(first: ResponseTemplate, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(then).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_503_is_retried_for_every_vendor() {
    for vendor in Vendor::ALL {
        let success = documented_success(vendor, operation_of(vendor));
        let server = answering(
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(&success),
        )
        .await;
        assert_eq!(
            call(vendor, &server.uri(), quick(2)).await,
            Ended::Value(success),
            "{vendor}"
        );
        assert_eq!(requests(&server).await, 2, "{vendor}");
    }
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit_and_keep_the_last_status() {
    let server = answering(ResponseTemplate::new(503), ResponseTemplate::new(503)).await;
    let ended = call(Vendor::Verisoul, &server.uri(), quick(2)).await;
    assert!(matches!(ended, Ended::Undocumented(503, _)), "{ended:?}");
    assert_eq!(requests(&server).await, 3, "one attempt and two retries");
}

#[tokio::test]
async fn retrying_can_be_switched_off() {
    let server = answering(ResponseTemplate::new(503), ResponseTemplate::new(200)).await;
    let ended = call(Vendor::Verisoul, &server.uri(), quick(0)).await;
    assert!(matches!(ended, Ended::Undocumented(503, _)), "{ended:?}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_is_not_waited_for() {
    let too_long = ResponseTemplate::new(429).insert_header("retry-after", "3600");
    let server = answering(too_long, ResponseTemplate::new(200)).await;
    let ended = call(Vendor::Verisoul, &server.uri(), quick(2)).await;
    assert_eq!(ended, Ended::RateLimited(Some(Duration::from_secs(3600))));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn an_enrolment_that_timed_out_is_never_sent_again() {
    // The vendor may have processed it: a POST that timed out is not retried.
    for vendor in [Vendor::Signzy, Vendor::Verisoul, Vendor::Advance] {
        let success = documented_success(vendor, operation_of(vendor));
        let slow = ResponseTemplate::new(200)
            .set_body_json(&success)
            .set_delay(Duration::from_secs(2));
        let server = answering(slow.clone(), slow).await;
        assert_eq!(
            call(vendor, &server.uri(), quick(2)).await,
            Ended::Timeout,
            "{vendor}"
        );
        assert_eq!(requests(&server).await, 1, "{vendor}: no blind retry");
    }
}

#[tokio::test]
async fn a_lookup_that_timed_out_is_retried() {
    // GET is idempotent.
    let success = documented_success(Vendor::Progeny, "getTask");
    let slow = ResponseTemplate::new(200)
        .set_body_json(&success)
        .set_delay(Duration::from_secs(2));
    let server = answering(slow, ResponseTemplate::new(200).set_body_json(&success)).await;
    assert_eq!(
        call(Vendor::Progeny, &server.uri(), quick(2)).await,
        Ended::Value(success)
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn an_upload_refused_with_503_is_sent_again_whole() {
    // A multipart body is read into one buffer before it is sent, so the retry policy sends it
    // again as it would any call the vendor did not process, byte for byte.
    let success = serde_json::json!({"id": "58bf8a18-b10b-409d-91d6-fdd358408dff"});
    let server = answering(
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_json(&success),
    )
    .await;
    let image = FaceImage::from_bytes(FIXTURE_PNG).unwrap();
    let ended = register_face(&server.uri(), &image, quick(2)).await;
    assert_eq!(ended, Ended::Value(success));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
    assert!(sent[0].body.len() > FIXTURE_PNG.len(), "the image went in");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // Nothing listens on this port once the listener is dropped.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let ended = call(
        Vendor::Verisoul,
        &format!("http://127.0.0.1:{port}"),
        quick(2),
    )
    .await;
    assert_eq!(ended, Ended::Connection);
}

#[test]
fn backoff_doubles_up_to_its_ceiling() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.backoff(1), Duration::from_millis(200));
    assert_eq!(policy.backoff(2), Duration::from_millis(400));
    assert_eq!(policy.backoff(3), Duration::from_millis(800));
    assert_eq!(policy.backoff(40), Duration::from_secs(5));
}
