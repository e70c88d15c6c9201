//! The fault matrix: for each vendor, what its client makes of a vendor that misbehaves. Every
//! case ends in a value or a typed error that keeps the evidence; none panics.

mod support;

use std::time::Duration;

use faceauth_clients::{ClientOptions, RetryPolicy, Vendor, MAX_BODY_BYTES};
use serde_json::{json, Value};
use support::{call, documented_success, operation_of, serving, writes, Ended};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn no_retry() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(500),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

async fn ends(vendor: Vendor, template: ResponseTemplate) -> Ended {
    let server = serving(template).await;
    call(vendor, &server.uri(), no_retry()).await
}

/// The success example with `field` replaced (or removed, with `None`).
fn success_with(vendor: Vendor, field: &str, value: Option<Value>) -> Value {
    let mut body = documented_success(vendor, operation_of(vendor));
    let object = body.as_object_mut().unwrap();
    match value {
        Some(value) => object.insert(field.to_owned(), value),
        None => object.remove(field),
    };
    body
}

/// A required string field of each vendor's success body, and an enum field with a value its spec
/// does not list (status, pointer, value).
fn fields_of(vendor: Vendor) -> (&'static str, (u16, &'static str, &'static str)) {
    match vendor {
        Vendor::Signzy => ("message", (200, "enrollmentStatus", "pending")),
        Vendor::Verisoul => ("request_id", (400, "error", "face_occluded")),
        Vendor::Advance => ("transactionId", (200, "code", "FACE_OCCLUDED")),
        // Progeny's task status is documented as a plain string ("SUCCESS"), not an enum.
        Vendor::Progeny => ("status", (200, "status", "PENDING")),
    }
}

async fn fault_matrix(vendor: Vendor) {
    let (required, (enum_status, enum_field, unseen)) = fields_of(vendor);
    let success = documented_success(vendor, operation_of(vendor));
    let json = |status: u16, body: &Value| ResponseTemplate::new(status).set_body_json(body);
    let raw = |status: u16, body: &str, content_type: &str| {
        ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type)
    };

    // The documented success, for reference.
    assert_eq!(
        ends(vendor, json(200, &success)).await,
        Ended::Value(success.clone())
    );

    // Delay past the timeout: a read timed out; a write's outcome is unknown (it was sent).
    let slow = json(200, &success).set_delay(Duration::from_secs(3));
    let expected = if writes(vendor) {
        Ended::OutcomeUnknown(None, "timeout".to_owned())
    } else {
        Ended::Timeout
    };
    assert_eq!(ends(vendor, slow).await, expected, "{vendor}: slow");

    // 500 and 502 with an HTML body: the status and the body's start are kept. A 502 may come
    // from a proxy after the vendor processed a write: its outcome is unknown.
    for status in [500, 502] {
        let html = "<html><body><h1>Bad Gateway</h1></body></html>";
        match ends(vendor, raw(status, html, "text/html")).await {
            Ended::Undocumented(s, excerpt) if !(writes(vendor) && status == 502) => {
                assert_eq!(s, status);
                assert!(excerpt.starts_with("<html>"), "{excerpt}");
            }
            Ended::OutcomeUnknown(Some(s), excerpt) if writes(vendor) && status == 502 => {
                assert_eq!(s, status);
                assert!(excerpt.starts_with("<html>"), "{excerpt}");
            }
            other => panic!("{vendor}: HTTP {status} with HTML ended as {other:?}"),
        }
    }

    // Empty body, truncated JSON, a number where a string belongs, a missing required field.
    let invalid_bodies = [
        ("empty body", raw(200, "", "application/json")),
        ("truncated JSON", {
            let text = success.to_string();
            raw(200, &text[..text.len() / 2], "application/json")
        }),
        (
            "wrong field type",
            json(200, &success_with(vendor, required, Some(json!([1, 2])))),
        ),
        (
            "missing required field",
            json(200, &success_with(vendor, required, None)),
        ),
    ];
    for (case, template) in invalid_bodies {
        match ends(vendor, template).await {
            Ended::InvalidBody(200, reason) => assert!(!reason.is_empty()),
            other => panic!("{vendor}: {case} ended as {other:?}"),
        }
    }

    // A huge body: refused at the limit, with its status, without holding it.
    let huge = "x".repeat(MAX_BODY_BYTES + 1);
    assert_eq!(
        ends(vendor, raw(200, &huge, "application/json")).await,
        Ended::TooLarge(200)
    );

    // A wrong content type over a valid body: decoded (the live drift check reports the type).
    assert_eq!(
        ends(vendor, raw(200, &success.to_string(), "text/plain")).await,
        Ended::Value(success.clone())
    );

    // Extra fields: accepted.
    let extra = success_with(vendor, "addedByTheVendor", Some(json!({"nested": [1]})));
    assert_eq!(
        ends(vendor, json(200, &extra)).await,
        Ended::Value(success.clone())
    );

    // An enum value the spec does not list: kept as it came.
    let mut body = if enum_status == 200 {
        success.clone()
    } else {
        json!({})
    };
    body[enum_field] = json!(unseen);
    match ends(vendor, json(enum_status, &body)).await {
        Ended::Value(back) | Ended::Documented(_, back) => {
            assert_eq!(
                back[enum_field], unseen,
                "{vendor}: the unseen value comes back"
            );
        }
        other => panic!("{vendor}: unseen enum value ended as {other:?}"),
    }
}

/// A server that reads each request and drops the connection without answering: the client sees
/// the connection closed under it (std cannot set SO_LINGER 0 for a true RST on stable Rust).
/// Returns its URL and the number of requests it has read.
fn dropping_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let read = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = read.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let mut stream = stream.unwrap();
            let mut head = [0u8; 4096];
            if stream.read(&mut head).is_ok_and(|n| n > 0) {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    (format!("http://{address}"), read)
}

/// The connection drops after the request was read: a write may have been processed, so it ends
/// as an unknown outcome and is read once, never resent; a read is resent as the policy allows.
async fn connection_dropped(vendor: Vendor) {
    let (url, read) = dropping_server();
    let retrying = ClientOptions {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
        ..no_retry()
    };
    let ended = call(vendor, &url, retrying).await;
    let read = read.load(std::sync::atomic::Ordering::SeqCst);
    match ended {
        Ended::OutcomeUnknown(None, _) if writes(vendor) => assert_eq!(read, 1, "{vendor}"),
        Ended::Connection | Ended::Transport(_) if !writes(vendor) => {
            assert_eq!(read, 3, "{vendor}: one attempt and two retries")
        }
        other => panic!("{vendor}: a dropped connection ended as {other:?}"),
    }
}

#[tokio::test]
async fn signzy_fault_matrix() {
    fault_matrix(Vendor::Signzy).await;
    connection_dropped(Vendor::Signzy).await;
}

#[tokio::test]
async fn verisoul_fault_matrix() {
    fault_matrix(Vendor::Verisoul).await;
    connection_dropped(Vendor::Verisoul).await;
}

#[tokio::test]
async fn advance_fault_matrix() {
    fault_matrix(Vendor::Advance).await;
    connection_dropped(Vendor::Advance).await;
}

#[tokio::test]
async fn progeny_fault_matrix() {
    fault_matrix(Vendor::Progeny).await;
    connection_dropped(Vendor::Progeny).await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_then_succeeds() {
    for vendor in Vendor::ALL {
        let success = documented_success(vendor, operation_of(vendor));
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(&success))
            .mount(&server)
            .await;
        let ended = call(vendor, &server.uri(), ClientOptions::default()).await;
        assert_eq!(ended, Ended::Value(success), "{vendor}");
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            2,
            "{vendor}"
        );
    }
}
