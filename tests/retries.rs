//! Retries happen only where they cannot do harm (see `RetryPolicy` and the README's retry
//! table), counted by the requests a wiremock server receives: a read is resent after an answer
//! that does not say whether it was processed; a write (an enrolment) only when it provably did
//! not reach the vendor, or the vendor says it did not process it; and nothing is resent past
//! the call's deadline.

mod support;

use std::time::Duration;

use faceauth_clients::{ClientOptions, FaceImage, RetryPolicy, Vendor};
use faceauth_spec::EXAMPLE_FACE_PNG;
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
    if let Err(differs) = faceauth_test_support::specs::same_json(documented, &value) {
        panic!("{at}: {differs}");
    }
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
    let image = FaceImage::from_bytes(EXAMPLE_FACE_PNG).unwrap();
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
    assert!(
        sent[0].body.len() > EXAMPLE_FACE_PNG.len(),
        "the image went in"
    );
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

/// ADVANCE.AI's busy answer: HTTP 200 with a code that asks to come back after `Retry-After`.
fn busy(code: &str, retry_after: Option<&str>) -> ResponseTemplate {
    let body = serde_json::json!({
        "code": code, "message": "Rate limit is exceeded", "data": null, "extra": null,
        "transactionId": "t", "pricingStrategy": "FREE"
    });
    let template = ResponseTemplate::new(200).set_body_json(body);
    match retry_after {
        Some(wait) => template.insert_header("retry-after", wait),
        None => template,
    }
}

/// The code a typed ADVANCE.AI answer ended with: a success's, or a refusal's (an error).
fn code_of(ended: &Ended) -> &str {
    match ended {
        Ended::Value(value) => value["code"].as_str().unwrap(),
        Ended::Documented(200, value) => value["code"].as_str().unwrap(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn advance_busy_codes_are_answered_like_http_429() {
    // (the answer, whether the call is a read, requests the server gets, the code it ends with)
    let cases = [
        // A read: resent after the documented wait, or after a backoff without one.
        (busy("SERVICE_BUSY", Some("0")), true, 2, "SUCCESS"),
        (busy("SERVICE_BUSY", None), true, 2, "SUCCESS"),
        // The documented example's form of the wait, "10s".
        (busy("RETRY_LATER", Some("0s")), true, 2, "SUCCESS"),
        // A write: the vendor says it did not process it, and when to come back: resent.
        (busy("SERVICE_BUSY", Some("0s")), false, 2, "SUCCESS"),
        (busy("RETRY_LATER", Some("0")), false, 2, "SUCCESS"),
        // Without the wait, a write is not resent: the busy answer is the caller's.
        (busy("SERVICE_BUSY", None), false, 1, "SERVICE_BUSY"),
        // A wait longer than the policy allows: answered at once.
        (busy("SERVICE_BUSY", Some("3600")), true, 1, "SERVICE_BUSY"),
        // Any other refusal in a 200 is an answer, not a reason to send again.
        (
            busy("INSUFFICIENT_BALANCE", Some("0")),
            true,
            1,
            "INSUFFICIENT_BALANCE",
        ),
    ];
    for (i, (first, read, sent, code)) in cases.into_iter().enumerate() {
        let operation = if read { "getEnroll" } else { "saveEnroll" };
        let success = documented_success(Vendor::Advance, operation);
        let server = answering(first, ResponseTemplate::new(200).set_body_json(&success)).await;
        let ended = if read {
            call_read(Vendor::Advance, &server.uri(), quick(2)).await
        } else {
            call(Vendor::Advance, &server.uri(), quick(2)).await
        };
        assert_eq!(code_of(&ended), code, "case {i}: {ended:?}");
        assert_eq!(requests(&server).await, sent, "case {i}");
    }
}

#[tokio::test]
async fn busy_answers_end_when_the_retries_do_and_only_advance_has_them() {
    // Always busy: three attempts (two retries), then the busy answer itself.
    let server = answering(
        busy("SERVICE_BUSY", Some("0")),
        busy("SERVICE_BUSY", Some("0")),
    )
    .await;
    let ended = call_read(Vendor::Advance, &server.uri(), quick(2)).await;
    assert_eq!(code_of(&ended), "SERVICE_BUSY");
    assert_eq!(requests(&server).await, 3);

    // Verisoul documents no such code: a 200 that says SERVICE_BUSY is not sent again.
    let server = answering(busy("SERVICE_BUSY", Some("0")), ResponseTemplate::new(500)).await;
    call_read(Vendor::Verisoul, &server.uri(), quick(2)).await;
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_large_advance_answer_is_handed_on_whole_after_the_busy_check() {
    // Larger than the part read to look for a busy code: the rest follows it, byte for byte.
    let mut success = documented_success(Vendor::Advance, "getEnroll");
    success["padding"] = serde_json::json!("x".repeat(200 * 1024));
    let server = answering(
        ResponseTemplate::new(200).set_body_json(&success),
        ResponseTemplate::new(500),
    )
    .await;
    let ended = call_read(Vendor::Advance, &server.uri(), quick(2)).await;
    assert_eq!(code_of(&ended), "SUCCESS");
    assert_eq!(requests(&server).await, 1);
    // And it still refuses what is over the body limit.
    let mut huge = success.clone();
    huge["padding"] = serde_json::json!("x".repeat(faceauth_clients::MAX_BODY_BYTES));
    let server = answering(
        ResponseTemplate::new(200).set_body_json(&huge),
        ResponseTemplate::new(500),
    )
    .await;
    let ended = call_read(Vendor::Advance, &server.uri(), quick(2)).await;
    assert_eq!(ended, Ended::TooLarge(200));
}
