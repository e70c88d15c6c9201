//! A vendor that answers 2 GiB: on every path that reads a body (the typed decode, the traffic
//! recorder, ADVANCE.AI's `IAM_FAILED` check of a token client) the client reads at most
//! `MAX_BODY_BYTES`, ends with `Error::BodyTooLarge` and the status, and stops reading: the
//! server counts the bytes it could write before the client stopped taking them, which stays
//! under 64 MiB (4 MiB read, the rest socket buffers), whether the body's length is announced or
//! chunked without end. The CLI's paths (`faceauth call`, the live check) are in cli/tests.

mod support;

use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use faceauth_clients::{advance, verisoul, BaseUrl, Error, TrafficRecorder, MAX_BODY_BYTES};
use support::{huge_body_server, Ended};

/// What the server may write before the client stops reading: the limit, and socket buffers.
const TAKEN_AT_MOST: u64 = 64 * 1024 * 1024;

fn session() -> faceauth_clients::uuid::Uuid {
    "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse().unwrap()
}

async fn verisoul_enroll(client: &verisoul::Client) -> Ended {
    support::ended(
        client
            .enroll_face_match(&verisoul::types::EnrollRequest::new(session(), "a"))
            .await,
    )
}

#[tokio::test]
async fn a_2_gib_body_is_refused_at_the_limit_announced_or_chunked() {
    for chunked in [false, true] {
        let (url, written) = huge_body_server(chunked, "");
        let client = verisoul::Client::with_api_key(BaseUrl::parse(&url).unwrap(), "k").unwrap();
        assert_eq!(
            verisoul_enroll(&client).await,
            Ended::TooLarge(200),
            "{chunked}"
        );
        let taken = written.load(Ordering::SeqCst);
        assert!(
            taken < TAKEN_AT_MOST,
            "chunked {chunked}: {taken} bytes taken"
        );
    }
}

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_recorder_reads_at_most_the_limit_and_writes_a_marked_truncation() {
    for chunked in [false, true] {
        let (url, written) = huge_body_server(chunked, "");
        let lines = Lines::default();
        let client = verisoul::Client::with_api_key(BaseUrl::parse(&url).unwrap(), "k")
            .unwrap()
            .with_traffic_recorder(TrafficRecorder::to_writer(lines.clone()));
        assert_eq!(
            verisoul_enroll(&client).await,
            Ended::TooLarge(200),
            "{chunked}"
        );
        let taken = written.load(Ordering::SeqCst);
        assert!(
            taken < TAKEN_AT_MOST,
            "chunked {chunked}: {taken} bytes taken"
        );
        let recorded = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        assert_eq!(recorded.lines().count(), 1, "{recorded}");
        let line: serde_json::Value = serde_json::from_str(recorded.trim()).unwrap();
        assert_eq!(line["operation"], "enrollFaceMatch");
        assert_eq!(line["status"], 200);
        assert_eq!(line["body_truncated"]["larger_than"], MAX_BODY_BYTES);
        assert!(line.get("body").is_none() && line.get("body_text").is_none());
        assert!(recorded.len() < 4096, "a line never larger than the limit");
    }
}

#[tokio::test]
async fn advance_s_rejection_check_reads_at_most_the_limit() {
    // A token client reads a 200's body to look for IAM_FAILED before the typed decode.
    const TOKEN: &str = r#"{"code":"SUCCESS","message":"OK","data":{"token":"t","expiredTime":4102444800000},"extra":null,"transactionId":"t","pricingStrategy":"FREE"}"#;
    for chunked in [false, true] {
        let (url, written) = huge_body_server(chunked, TOKEN);
        let client =
            advance::Client::with_access_key(BaseUrl::parse(&url).unwrap(), "ak", "sk").unwrap();
        let request = advance::types::UserIdRequest::new("u");
        let ended = client.get_enroll(&request).await;
        assert!(
            matches!(ended, Err(Error::BodyTooLarge { status, limit })
                if status.as_u16() == 200 && limit == MAX_BODY_BYTES),
            "chunked {chunked}: {ended:?}"
        );
        let taken = written.load(Ordering::SeqCst);
        assert!(
            taken < TAKEN_AT_MOST,
            "chunked {chunked}: {taken} bytes taken"
        );
    }
}
