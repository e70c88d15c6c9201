//! Retries happen only where they cannot do harm (see `RetryPolicy` and the README's retry
//! table), counted by the requests a wiremock server receives: a read is resent after an answer
//! that does not say whether it was processed; a write (an enrolment) only when it provably did
//! not reach the vendor, or the vendor says it did not process it; and nothing is resent past
//! the call's deadline.

mod support;

use std::time::Duration;

use faceauth_clients::conformance::FIXTURE_PNG;
use faceauth_clients::{ClientOptions, FaceImage, RetryPolicy, Vendor};
use support::{
    call, call_read, documented_success, operation_of, read_of, register_face, writes, Ended,
};
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

/// The call ended with the documented success (numbers compared as numbers: `0` and `0.0` alike).
fn assert_success(ended: Ended, documented: &serde_json::Value, at: &str) {
    let Ended::Value(value) = ended else {
        panic!("{at}: {ended:?}")
    };
    assert_eq!(
        faceauth_clients::conformance::json_differences(documented, &value),
        Vec::<String>::new(),
        "{at}"
    );
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// The vendors whose enrolment is a write (Progeny's is an upload, below).
const WRITING: [Vendor; 3] = [Vendor::Signzy, Vendor::Verisoul, Vendor::Advance];

#[test]
fn the_operations_under_test_are_what_the_table_says() {
    for vendor in WRITING {
        assert!(writes(vendor), "{vendor} {}", operation_of(vendor));
    }
    for vendor in Vendor::ALL {
        let read = vendor.operation(read_of(vendor)).unwrap();
        assert!(read.resend_safe(), "{vendor} {}", read.id);
    }
}

#[tokio::test]
async fn a_read_answered_502_503_or_504_is_resent_for_every_vendor() {
    for vendor in Vendor::ALL {
        for status in [502, 503, 504] {
            let success = documented_success(vendor, read_of(vendor));
            let server = answering(
                ResponseTemplate::new(status),
                ResponseTemplate::new(200).set_body_json(&success),
            )
            .await;
            let ended = call_read(vendor, &server.uri(), quick(2)).await;
            assert_success(ended, &success, &format!("{vendor} {status}"));
            assert_eq!(requests(&server).await, 2, "{vendor} {status}");
        }
    }
}

#[tokio::test]
async fn a_write_answered_502_503_or_504_is_sent_once_and_its_outcome_unknown() {
    for vendor in WRITING {
        for status in [502, 503, 504] {
            let success = documented_success(vendor, operation_of(vendor));
            let server = answering(
                ResponseTemplate::new(status).set_body_string("upstream unavailable"),
                ResponseTemplate::new(200).set_body_json(&success),
            )
            .await;
            assert_eq!(
                call(vendor, &server.uri(), quick(2)).await,
                Ended::OutcomeUnknown(Some(status), "upstream unavailable".to_owned()),
                "{vendor} {status}"
            );
            assert_eq!(
                requests(&server).await,
                1,
                "{vendor} {status}: never resent"
            );
        }
    }
}

#[tokio::test]
async fn a_write_answered_429_with_retry_after_is_resent() {
    // The vendor says it did not process it, and when to come back.
    for vendor in WRITING {
        let success = documented_success(vendor, operation_of(vendor));
        let server = answering(
            ResponseTemplate::new(429).insert_header("retry-after", "0"),
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
async fn a_write_answered_429_without_retry_after_is_not_resent() {
    for vendor in WRITING {
        let server = answering(ResponseTemplate::new(429), ResponseTemplate::new(200)).await;
        assert_eq!(
            call(vendor, &server.uri(), quick(2)).await,
            Ended::RateLimited(None),
            "{vendor}"
        );
        assert_eq!(requests(&server).await, 1, "{vendor}");
    }
}

#[tokio::test]
async fn a_read_answered_429_without_retry_after_is_resent_after_a_backoff() {
    let success = documented_success(Vendor::Verisoul, read_of(Vendor::Verisoul));
    let server = answering(
        ResponseTemplate::new(429),
        ResponseTemplate::new(200).set_body_json(&success),
    )
    .await;
    let ended = call_read(Vendor::Verisoul, &server.uri(), quick(2)).await;
    assert_success(ended, &success, "verify-face");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit_and_keep_the_last_status() {
    let server = answering(ResponseTemplate::new(503), ResponseTemplate::new(503)).await;
    let ended = call_read(Vendor::Verisoul, &server.uri(), quick(2)).await;
    assert!(matches!(ended, Ended::Undocumented(503, _)), "{ended:?}");
    assert_eq!(requests(&server).await, 3, "one attempt and two retries");
}

#[tokio::test]
async fn retrying_can_be_switched_off() {
    let server = answering(ResponseTemplate::new(503), ResponseTemplate::new(200)).await;
    let ended = call_read(Vendor::Verisoul, &server.uri(), quick(0)).await;
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
async fn the_deadline_stops_retries_that_would_end_past_it() {
    // Every answer asks to come back in 1 s; the policy would retry ten times; the call's
    // deadline is 1.5 s: the first attempt, one retry at 1 s, and none at 2 s.
    let server = answering(
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
    )
    .await;
    let options = ClientOptions {
        deadline: Duration::from_millis(1500),
        retry: RetryPolicy {
            max_retries: 10,
            ..RetryPolicy::default()
        },
        ..ClientOptions::default()
    };
    let ended = call_read(Vendor::Verisoul, &server.uri(), options).await;
    assert!(matches!(ended, Ended::Undocumented(503, _)), "{ended:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn an_enrolment_that_timed_out_is_never_sent_again() {
    // The vendor may have processed it: its outcome is unknown, and it is not resent.
    for vendor in WRITING {
        let success = documented_success(vendor, operation_of(vendor));
        let slow = ResponseTemplate::new(200)
            .set_body_json(&success)
            .set_delay(Duration::from_secs(2));
        let server = answering(slow.clone(), slow).await;
        assert_eq!(
            call(vendor, &server.uri(), quick(2)).await,
            Ended::OutcomeUnknown(None, "timeout".to_owned()),
            "{vendor}"
        );
        assert_eq!(requests(&server).await, 1, "{vendor}: no blind retry");
    }
}

#[tokio::test]
async fn a_lookup_that_timed_out_is_retried() {
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
async fn an_upload_is_a_write_sent_once_on_503_and_resent_on_429_with_retry_after() {
    let image = FaceImage::from_bytes(FIXTURE_PNG).unwrap();
    let server = answering(ResponseTemplate::new(503), ResponseTemplate::new(200)).await;
    let ended = register_face(&server.uri(), &image, quick(2)).await;
    assert!(
        matches!(ended, Ended::OutcomeUnknown(Some(503), _)),
        "{ended:?}"
    );
    assert_eq!(requests(&server).await, 1);

    // Buffered, the form can be sent again: the same bytes both times.
    let created = documented_success(Vendor::Progeny, "registerFace");
    let server = answering(
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ResponseTemplate::new(200).set_body_json(&created),
    )
    .await;
    let ended = register_face(&server.uri(), &image, quick(2)).await;
    assert_eq!(ended, Ended::Value(created));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
    assert!(sent[0].body.len() > FIXTURE_PNG.len(), "the image went in");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // Nothing listens on this port once the listener is dropped: nothing was sent, so even a
    // write is retried.
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
