//! Request bodies as the mock server reads them, on the wire: multipart forms in the spellings RFC
//! 7578 allows, malformed ones, and the 16 MiB bound, announced (refused before a byte of the body
//! is sent) and streamed (refused at the bound, the rest never read).

use std::net::SocketAddr;
use std::time::Duration;

use faceauth_clients::Vendor;
use faceauth_conformance::EXAMPLE_FACE_PNG;
use faceauth_mock::{self as mock, RunningMock, MOCK_HEADER};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const REGISTER_FACE: &str = "/progeny/api/v3/services/register_face/";
const LIMIT: usize = 16 * 1024 * 1024;

async fn progeny_mock() -> RunningMock {
    let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
    mock::start(any_port, &[Vendor::Progeny]).await.unwrap()
}

/// Progeny's register_face with `body` as a form of `boundary`.
async fn upload(running: &RunningMock, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("http://{}{REGISTER_FACE}", running.address()))
        .header("authorization", "Bearer t")
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

fn example(answer: &reqwest::Response) -> &str {
    answer.headers()["x-faceauth-mock-example"]
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn forms_are_read_in_the_spellings_rfc_7578_allows() {
    let running = progeny_mock().await;
    // Lower-case header names, upper-case parameter names, a quoted boundary with a `;` in it,
    // a file name with a `;` in quotes, an unquoted name.
    let mut body = Vec::new();
    body.extend_from_slice(b"--a;b\r\ncontent-type: image/png\r\ncontent-disposition: form-data; NAME=\"image\"; FILENAME=\"my;face.png\"\r\n\r\n");
    body.extend_from_slice(EXAMPLE_FACE_PNG);
    body.extend_from_slice(b"\r\n--a;b\r\nContent-Disposition: form-data; name=extend_data\r\n\r\nfalse\r\n--a;b--\r\n");
    let answer = upload(&running, "multipart/form-data; BOUNDARY=\"a;b\"", body).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(example(&answer), "task_created");
    assert!(!answer
        .headers()
        .contains_key("x-faceauth-mock-extra-properties"));
}

#[tokio::test]
async fn a_malformed_form_gets_the_documented_bad_request() {
    let running = progeny_mock().await;
    let well_formed_head =
        b"--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.png\"\r\n\r\npng\r\n"
            .to_vec();
    let cases: [(&str, Vec<u8>); 4] = [
        // No closing delimiter.
        ("multipart/form-data; boundary=b", well_formed_head.clone()),
        // A part without a name (RFC 7578 requires one).
        (
            "multipart/form-data; boundary=b",
            b"--b\r\n\r\npng\r\n--b--\r\n".to_vec(),
        ),
        // A head line that is not a header.
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nnot a header\r\n\r\npng\r\n--b--\r\n".to_vec(),
        ),
        // No boundary in the content type.
        ("multipart/form-data", {
            let mut body = well_formed_head;
            body.extend_from_slice(b"--b--\r\n");
            body
        }),
    ];
    for (content_type, body) in cases {
        let answer = upload(&running, content_type, body).await;
        // Progeny documents its answer to an invalid upload: that, not the mock's 422.
        assert_eq!(answer.status(), 400, "{content_type}");
        assert_eq!(example(&answer), "not_a_file");
    }
}

/// The status line and the `x-faceauth-mock` header of a raw HTTP answer.
fn status_and_kind(answer: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(answer);
    let status = text.lines().next().unwrap_or_default().to_owned();
    let kind = text
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{MOCK_HEADER}: ")))
        .unwrap_or_default()
        .to_owned();
    (status, kind)
}

#[tokio::test]
async fn a_body_announced_over_the_bound_is_refused_before_it_is_sent() {
    let running = progeny_mock().await;
    let mut stream = TcpStream::connect(running.address()).await.unwrap();
    let head = format!(
        "POST {REGISTER_FACE} HTTP/1.1\r\nhost: mock\r\nauthorization: Bearer t\r\ncontent-type: multipart/form-data; boundary=b\r\ncontent-length: {}\r\n\r\n",
        LIMIT + 1
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // Not a byte of the body sent: the answer comes from the length alone.
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    let (status, kind) = status_and_kind(&answer[..read]);
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert_eq!(kind, "body unreadable");
}

#[tokio::test]
async fn a_streamed_body_is_read_up_to_the_bound_and_no_further() {
    let running = progeny_mock().await;
    let stream = TcpStream::connect(running.address()).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    // The answer is read while the body is sent: the mock answers, and stops reading, at the
    // bound.
    let answer = tokio::spawn(async move {
        let mut answer = Vec::new();
        let _ = reader.read_to_end(&mut answer).await;
        answer
    });
    let head = format!(
        "POST {REGISTER_FACE} HTTP/1.1\r\nhost: mock\r\nauthorization: Bearer t\r\ncontent-type: multipart/form-data; boundary=b\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    let mut chunk_frame = format!("{:x}\r\n", chunk.len()).into_bytes();
    chunk_frame.extend_from_slice(&chunk);
    chunk_frame.extend_from_slice(b"\r\n");
    // Up to four times the bound, unless the mock stops taking it first.
    let mut sent = 0usize;
    while sent < 4 * LIMIT {
        let write = tokio::time::timeout(Duration::from_secs(5), writer.write_all(&chunk_frame));
        match write.await {
            Ok(Ok(())) => sent += chunk.len(),
            // Refused (the mock closed), or no longer read (the mock stopped reading).
            Ok(Err(_)) | Err(_) => break,
        }
    }
    drop(writer);
    let answer = tokio::time::timeout(Duration::from_secs(10), answer)
        .await
        .expect("an answer")
        .unwrap();
    let (status, kind) = status_and_kind(&answer);
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert_eq!(kind, "body unreadable");
    // What the kernel's buffers took beyond what the mock read is bounded: far less than the
    // bound again.
    assert!(
        sent > LIMIT && sent < 2 * LIMIT,
        "{sent} bytes sent before the mock stopped taking them"
    );
}

/// A form field is held to its schema's constraints as a JSON body's field is: ADVANCE.AI's face
/// comparison with `region` "0" (its schema: two letters) was answered as a success. The spec
/// records no bad-request example for this operation, so the mock's 422 names the field.
#[tokio::test]
async fn a_form_field_shorter_than_its_min_length_is_refused() {
    let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let running = mock::start(any_port, &[Vendor::Advance]).await.unwrap();
    let compare = |region: &str| {
        let form = reqwest::multipart::Form::new()
            .part(
                "firstImage",
                reqwest::multipart::Part::bytes(EXAMPLE_FACE_PNG.to_vec()).file_name("a.png"),
            )
            .part(
                "secondImage",
                reqwest::multipart::Part::bytes(EXAMPLE_FACE_PNG.to_vec()).file_name("b.png"),
            )
            .text("region", region.to_owned());
        reqwest::Client::new()
            .post(format!(
                "http://{}/advance/intl/openapi/face-identity/v1/face-comparison",
                running.address()
            ))
            .header("x-access-token", "t")
            .multipart(form)
            .send()
    };
    let refused = compare("0").await.unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(refused.headers()[MOCK_HEADER], "invalid request");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(
        body["violations"],
        serde_json::json!(["form field `region`: \"0\" is shorter than 2 characters"]),
        "{body}"
    );
    assert_eq!(compare("VN").await.unwrap().status(), 200);
}

/// A JSON body of more values than the mock reads (`MAX_BODY_VALUES`) is refused as invalid,
/// named, whatever else is wrong with it: a 16 MiB array of zeros, and one whose first object has
/// a key twice (a body the tree refuses at once, counted to its end). One value fewer is read
/// and checked as any body is.
#[tokio::test]
async fn a_json_body_of_more_values_than_the_mock_reads_is_refused_and_named() {
    let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let running = mock::start(any_port, &[Vendor::Verisoul]).await.unwrap();
    let zeros = |n: usize| format!("[{}]", vec!["0"; n - 1].join(","));
    let huge = zeros((LIMIT - 2) / 2);
    let twice = format!(
        r#"[{{"a":1,"a":2}},{}]"#,
        &zeros(mock::MAX_BODY_VALUES)[1..]
    );
    let within = zeros(mock::MAX_BODY_VALUES);
    let mut answers = Vec::new();
    for body in [huge, twice, within] {
        // verify-uniqueness documents no answer to an invalid request: the mock's own names it.
        let answer = reqwest::Client::new()
            .post(format!(
                "http://{}/verisoul/liveness/verify-uniqueness",
                running.address()
            ))
            .header("x-api-key", "k")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        let problem: serde_json::Value = answer.json().await.unwrap();
        let too_many = problem["violations"].as_array().unwrap().iter().any(|v| {
            v == &format!(
                "the body holds more than {} JSON values",
                mock::MAX_BODY_VALUES
            )
        });
        answers.push((status, too_many));
    }
    // Within the cap, the array is read and refused for what it is (not an object).
    assert_eq!(answers, [(422, true), (422, true), (422, false)]);
}
