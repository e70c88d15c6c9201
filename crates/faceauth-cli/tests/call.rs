//! `faceauth call`, driven as a process: the typed success (exit 0), a documented error (1), an
//! undocumented response with its status and excerpt (3), invalid input that sends nothing (2),
//! an image upload and a token obtained from the environment's long-lived secret.

mod support;

use faceauth_clients::Vendor;
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn call_prints_the_typed_success_and_exits_0() {
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    let body = json!({"session_id": SESSION, "account_id": "a-1"}).to_string();
    let output = faceauth(
        &[
            "call",
            "verisoul",
            "enrollFaceMatch",
            "--body",
            "-",
            "--base-url",
            &server.uri(),
        ],
        &[("FACEAUTH_VERISOUL_API_KEY", "k")],
        Some(&body),
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, json!({"request_id": SESSION, "success": true}));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        sent[0].body_json::<Value>().unwrap(),
        serde_json::from_str::<Value>(&body).unwrap()
    );
}

#[tokio::test]
async fn call_prints_a_documented_error_and_exits_1() {
    let server = vendor_answering(
        400,
        json!({"request_id": SESSION, "success": false, "error": "session_not_found"}),
    )
    .await;
    let output = faceauth(
        &[
            "call",
            "verisoul",
            "enrollFaceMatch",
            "--body",
            "-",
            "--base-url",
            &server.uri(),
        ],
        &[("FACEAUTH_VERISOUL_API_KEY", "k")],
        Some(&json!({"session_id": SESSION, "account_id": "a"}).to_string()),
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["error"], "session_not_found");
}

#[tokio::test]
async fn call_reports_an_undocumented_response_with_status_and_excerpt_and_exits_3() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let output = faceauth(
        &[
            "call",
            "verisoul",
            "enrollFaceMatch",
            "--body",
            "-",
            "--base-url",
            &server.uri(),
        ],
        &[("FACEAUTH_VERISOUL_API_KEY", "k")],
        Some(&json!({"session_id": SESSION, "account_id": "a"}).to_string()),
    )
    .await;
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(
        err.contains("HTTP 502") && err.contains("<html>Bad Gateway</html>"),
        "{err}"
    );
}

#[tokio::test]
async fn call_with_invalid_input_sends_nothing_and_exits_2() {
    let server = vendor_answering(200, json!({})).await;
    let url = server.uri();
    let key = [("FACEAUTH_VERISOUL_API_KEY", "k")];
    let not_uuid = json!({"session_id": "nope", "account_id": "a"}).to_string();
    assert_usage_error(
        &faceauth(
            &[
                "call",
                "verisoul",
                "enrollFaceMatch",
                "--body",
                "-",
                "--base-url",
                &url,
            ],
            &key,
            Some(&not_uuid),
        )
        .await,
        "does not fit the generated type EnrollRequest",
    );
    assert_usage_error(
        &faceauth(
            &[
                "call",
                "verisoul",
                "enrollFaceMatch",
                "--body",
                "-",
                "--base-url",
                &url,
            ],
            &key,
            Some("{oops"),
        )
        .await,
        "the body is not JSON",
    );
    assert_usage_error(
        &faceauth(
            &["call", "verisoul", "enrollFaceMatch", "--base-url", &url],
            &key,
            None,
        )
        .await,
        "takes a body",
    );
    assert_usage_error(
        &faceauth(
            &["call", "verisoul", "unenroll", "--base-url", &url],
            &key,
            None,
        )
        .await,
        "has no operation \"unenroll\"",
    );
    let valid = json!({"session_id": SESSION, "account_id": "a"}).to_string();
    assert_usage_error(
        &faceauth(
            &[
                "call",
                "verisoul",
                "enrollFaceMatch",
                "--body",
                "-",
                "--base-url",
                &url,
            ],
            &[],
            Some(&valid),
        )
        .await,
        "set FACEAUTH_VERISOUL_API_KEY",
    );
    assert_usage_error(
        &faceauth(
            &[
                "call",
                "progeny",
                "getTask",
                "--param",
                "id=12",
                "--base-url",
                &url,
            ],
            &[("FACEAUTH_PROGENY_ACCESS_TOKEN", "t")],
            None,
        )
        .await,
        "the parameter id does not fit",
    );
    // Thailand is a documented ADVANCE.AI server, but not one Delete Enroll's page lists.
    assert_usage_error(
        &faceauth(
            &[
                "call",
                "advance",
                "deleteEnroll",
                "--body",
                "-",
                "--server",
                "thailand",
            ],
            &[("FACEAUTH_ADVANCE_ACCESS_TOKEN", "t")],
            Some(r#"{"userId": "user-1"}"#),
        )
        .await,
        "deleteEnroll is not documented on https://th-api.advance.ai; its pages list: \
         https://sg-api.advance.ai, https://api.advance.ai",
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        0,
        "nothing was sent"
    );
}

#[tokio::test]
async fn call_uploads_an_image_file_for_progeny() {
    let server = vendor_answering(200, json!({"id": "58bf8a18-b10b-409d-91d6-fdd358408dff"})).await;
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("selfie.png");
    std::fs::write(&image, faceauth_conformance::EXAMPLE_FACE_PNG).unwrap();
    let form = dir.path().join("form.json");
    std::fs::write(&form, r#"{"image": "face.png", "extend_data": true}"#).unwrap();
    let output = faceauth(
        &[
            "call",
            "progeny",
            "registerFace",
            "--body",
            form.to_str().unwrap(),
            "--image",
            image.to_str().unwrap(),
            "--base-url",
            &server.uri(),
        ],
        &[("FACEAUTH_PROGENY_ACCESS_TOKEN", "t")],
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers["authorization"], "Bearer t");
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains("name=\"extend_data\"\r\n\r\ntrue"), "{body}");
}

#[tokio::test]
async fn call_obtains_a_token_from_the_long_lived_secret_in_the_environment() {
    use wiremock::matchers::path;
    let server = MockServer::start().await;
    Mock::given(path("/openapi/auth/ticket/v1/generate-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"code": "SUCCESS", "message": "OK",
            "data": {"token": "issued-token", "expiredTime": 4102444800000i64}, "extra": null,
            "transactionId": "t", "pricingStrategy": "FREE"}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/intl/openapi/identity-risk/idvs-h5/ekyc/v1/face-authentication/get-enroll"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": "SUCCESS", "message": "OK",
            "data": {"userId": "u-1", "imageUrlList": []}, "extra": null, "transactionId": "t", "pricingStrategy": "FREE"})))
        .mount(&server)
        .await;
    let output = faceauth(
        &[
            "call",
            "advance",
            "getEnroll",
            "--body",
            "-",
            "--base-url",
            &server.uri(),
        ],
        &[
            ("FACEAUTH_ADVANCE_ACCESS_KEY", "ak"),
            ("FACEAUTH_ADVANCE_SECRET_KEY", "sk-secret"),
        ],
        Some(r#"{"userId": "u-1"}"#),
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2, "one token request, then the call");
    assert_eq!(sent[1].headers["x-access-token"], "issued-token");
    assert!(!stdout(&output).contains("sk-secret") && !stderr(&output).contains("sk-secret"));
}

/// A vendor that answers 2 GiB: `faceauth call` reads at most the limit (4 MiB), says the body
/// is too large with its status, exits 3, and the server could write under 64 MiB before the
/// tool stopped taking it (announced or chunked).
#[tokio::test]
async fn call_reads_at_most_the_limit_of_a_2_gib_answer() {
    for chunked in [false, true] {
        let (url, written) = huge_body_server(chunked, "");
        let body = format!(r#"{{"session_id":"{SESSION}","account_id":"a"}}"#);
        let output = faceauth(
            &[
                "call",
                "verisoul",
                "enrollFaceMatch",
                "--body",
                "-",
                "--base-url",
                &url,
            ],
            &[("FACEAUTH_VERISOUL_API_KEY", "k")],
            Some(&body),
        )
        .await;
        assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
        assert!(stderr(&output).contains("too large"), "{}", stderr(&output));
        let taken = written.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            taken < 64 * 1024 * 1024,
            "chunked {chunked}: {taken} bytes taken"
        );
    }
}

/// A vendor that echoes the credential into an error page and a typed field: `faceauth call`
/// prints neither on stdout nor stderr.
#[tokio::test]
async fn call_prints_no_credential_the_vendor_echoes() {
    const KEY: &str = "canary-api-key-4c9e";
    let echoing = |status: u16| {
        move |request: &wiremock::Request| {
            let key = request.headers["x-api-key"].to_str().unwrap().to_owned();
            let mut body = documented_success(Vendor::Verisoul, "verifyFace");
            body["metadata"]["account_id"] = json!(format!("account-{key}"));
            // The documented example's decision is `Fake`, a refusal (exit 1): a real face here,
            // so that the typed success is printed.
            body["decision"] = json!("Real");
            match status {
                200 => ResponseTemplate::new(200).set_body_json(body),
                _ => ResponseTemplate::new(status)
                    .set_body_raw(format!("<html>bad key {key}</html>"), "text/html"),
            }
        }
    };
    for (status, exit) in [(200, 0), (500, 3)] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(echoing(status))
            .mount(&server)
            .await;
        let body = documented_body(Vendor::Verisoul, "verifyFace").to_string();
        let output = faceauth(
            &[
                "call",
                "verisoul",
                "verifyFace",
                "--body",
                "-",
                "--base-url",
                &server.uri(),
            ],
            &[("FACEAUTH_VERISOUL_API_KEY", KEY)],
            Some(&body),
        )
        .await;
        assert_eq!(output.status.code(), Some(exit), "{}", stderr(&output));
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        let printed = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            printed.contains("[redacted]"),
            "the echo is shown, scrubbed: {printed}"
        );
        assert!(!printed.contains(KEY), "the key leaked: {printed}");
    }
}

#[tokio::test]
async fn call_uploads_each_image_in_its_own_part_for_a_two_file_form() {
    use faceauth_conformance::{CapturedBody, CapturedRequest, EXAMPLE_FACE_PNG};
    let server = vendor_answering(
        200,
        json!({"code": "NO_FACE_DETECTED_FROM_SECOND_IMAGE", "message": "none", "data": null,
            "extra": null, "transactionId": "t", "pricingStrategy": "PAY"}),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    // Two images of different sizes, so that each part's size says which file it carries.
    let first = dir.path().join("id-card.png");
    std::fs::write(&first, EXAMPLE_FACE_PNG).unwrap();
    let second = dir.path().join("selfie.png");
    std::fs::write(&second, [EXAMPLE_FACE_PNG, b"+six"].concat()).unwrap();
    let form = dir.path().join("form.json");
    std::fs::write(
        &form,
        r#"{"firstImage": "id-card.png", "secondImage": "selfie.png"}"#,
    )
    .unwrap();
    let call = |images: Vec<String>| {
        let mut args: Vec<String> = ["call", "advance", "compareFaces", "--body"]
            .map(str::to_owned)
            .to_vec();
        args.push(form.to_str().unwrap().to_owned());
        for image in images {
            args.extend(["--image".to_owned(), image]);
        }
        args.extend(["--base-url".to_owned(), server.uri()]);
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            faceauth(&args, &[("FACEAUTH_ADVANCE_ACCESS_TOKEN", "t")], None).await
        }
    };

    // A bare FILE does not say which of the two parts it is: nothing is sent.
    let output = call(vec![first.to_str().unwrap().to_owned()]).await;
    assert_usage_error(
        &output,
        "compareFaces uploads 2 images: pass each as --image PART=FILE, PART one of firstImage, secondImage",
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 0);

    // Given in the other order: each still goes in the part it names.
    let output = call(vec![
        format!("secondImage={}", second.display()),
        format!("firstImage={}", first.display()),
    ])
    .await;
    // The vendor's answer is a refusal in an HTTP 200 (its code): exit 1, the code on stderr.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("NO_FACE_DETECTED_FROM_SECOND_IMAGE"),
        "{}",
        stderr(&output)
    );
    let sent = server.received_requests().await.unwrap();
    let (captured, _) = CapturedRequest::from_wiremock(&sent[0], "x-access-token");
    let CapturedBody::Multipart(parts) = captured.body else {
        panic!("{:?}", captured.body)
    };
    let parts: Vec<(String, Option<String>, String)> = parts
        .into_iter()
        .map(|p| (p.name, p.file_name, p.value))
        .collect();
    assert_eq!(
        parts,
        [
            (
                "firstImage".to_owned(),
                Some("id-card.png".to_owned()),
                format!("<{} bytes>", EXAMPLE_FACE_PNG.len())
            ),
            (
                "secondImage".to_owned(),
                Some("selfie.png".to_owned()),
                format!("<{} bytes>", EXAMPLE_FACE_PNG.len() + 4)
            ),
        ]
    );
}

/// ADVANCE.AI refuses a credential in the body of an HTTP 200 (`IAM_FAILED`): a refused token
/// in the operation's answer, or a refused secret in the token request's. Both exit 6, the code
/// of a refused credential (they exited 0 and 3), and a refused secret sends nothing further.
#[tokio::test]
async fn call_exits_6_on_advance_refusing_the_credential_in_the_body() {
    let refusal = json!({"code": "IAM_FAILED", "message": "Token not found or expired",
        "data": null, "extra": null, "transactionId": "9ad7cd6ec35ffa53", "pricingStrategy": "FREE"});
    let body = json!({"userId": "u-1"}).to_string();
    let cases: [(&[(&str, &str)], &str); 2] = [
        (
            &[("FACEAUTH_ADVANCE_ACCESS_TOKEN", "refused-token")],
            "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/face-authentication/get-enroll",
        ),
        (
            &[
                ("FACEAUTH_ADVANCE_ACCESS_KEY", "access-key"),
                ("FACEAUTH_ADVANCE_SECRET_KEY", "refused-secret"),
            ],
            "/openapi/auth/ticket/v1/generate-token",
        ),
    ];
    for (env, only_sent) in cases {
        let server = vendor_answering(200, refusal.clone()).await;
        let output = faceauth(
            &[
                "call",
                "advance",
                "getEnroll",
                "--body",
                "-",
                "--base-url",
                &server.uri(),
            ],
            env,
            Some(&body),
        )
        .await;
        assert_eq!(output.status.code(), Some(6), "{}", stderr(&output));
        let err = stderr(&output);
        assert!(err.contains("IAM_FAILED"), "{err}");
        assert!(err.contains("credential"), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        let sent = server.received_requests().await.unwrap();
        let paths: Vec<&str> = sent.iter().map(|r| r.url.path()).collect();
        assert_eq!(paths, [only_sent]);
    }
}

/// Each spelling an echo could give `canary`: itself, JSON-escaped (as serde_json and most
/// encoders write it), every non-ASCII character `\u`-escaped (Python's json.dumps), HTML-escaped
/// and percent-encoded.
fn spellings_of(canary: &str) -> Vec<String> {
    let json = serde_json::to_string(canary).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    let ascii: String = json
        .chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            c => format!("\\u{:04x}", c as u32),
        })
        .collect();
    let html = canary
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let percent: String = canary
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    vec![canary.to_owned(), json, ascii, html, percent]
}

/// A stand-in vendor that answers every request with `status`, `content_type` and `body`.
async fn answering_raw(status: u16, content_type: &str, body: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

/// A vendor that echoes the credential escaped (JSON in a 401, HTML in a 500, Python's
/// `\u`-escaping of a login body, percent-encoded in a redirect-like text): `faceauth call`
/// shows none of it, in any spelling; the canaries hold `"`, `\`, `%` and non-ASCII. The control
/// runs echo the same text to a client given another credential: it is shown, so the scrub, not
/// the output, is what hides it.
#[tokio::test]
async fn call_prints_no_credential_echoed_in_any_encoding() {
    const KEY: &str = "can\"ary\\key%41-9c";
    const PASSWORD: &str = "pa\"ss\\wörd%20-5e";
    let enroll = |server: &MockServer, key: &str| {
        let uri = server.uri();
        let key = key.to_owned();
        async move {
            let body = json!({"session_id": SESSION, "account_id": "a-1"}).to_string();
            faceauth(
                &[
                    "call",
                    "verisoul",
                    "enrollFaceMatch",
                    "--body",
                    "-",
                    "--base-url",
                    &uri,
                ],
                &[("FACEAUTH_VERISOUL_API_KEY", &key)],
                Some(&body),
            )
            .await
        }
    };
    let [json_key, _, _, html_key, percent_key] = spellings_of(KEY).try_into().unwrap();
    let echoes = [
        (
            401,
            "application/json",
            format!(r#"{{"message":"invalid key {json_key}"}}"#),
        ),
        (500, "text/html", format!("<p>no such key: {html_key}</p>")),
        (
            502,
            "text/plain",
            format!("upstream refused ?key={percent_key}"),
        ),
    ];
    for (status, content_type, echo) in echoes {
        let server = answering_raw(status, content_type, echo.clone()).await;
        let output = enroll(&server, KEY).await;
        let printed = format!("{}{}", stdout(&output), stderr(&output));
        for spelling in spellings_of(KEY) {
            assert!(
                !printed.contains(&spelling),
                "{spelling:?} shown for HTTP {status}: {printed}"
            );
        }
        assert!(printed.contains("[redacted]"), "{printed}");
        // Control: another key given, the echo shown as it came.
        let control = enroll(&server, "another-key-1").await;
        let shown = format!("{}{}", stdout(&control), stderr(&control));
        assert!(
            shown.contains(echo.split_once(' ').unwrap().1),
            "HTTP {status} control: {shown}"
        );
    }

    // A login body echoed in an error page the way Python's json.dumps writes it.
    let login = format!(
        r#"<pre>bad login: {{"username": "user", "password": "{}"}}</pre>"#,
        spellings_of(PASSWORD)[2]
    );
    let server = answering_raw(500, "text/html", login).await;
    let output = faceauth(
        &[
            "call",
            "progeny",
            "getTask",
            "--param",
            "id=58bf8a18-b10b-409d-91d6-fdd358408dff",
            "--base-url",
            &server.uri(),
        ],
        &[
            ("FACEAUTH_PROGENY_USERNAME", "user"),
            ("FACEAUTH_PROGENY_PASSWORD", PASSWORD),
        ],
        None,
    )
    .await;
    let printed = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "only the token call"
    );
    for spelling in spellings_of(PASSWORD) {
        assert!(
            !printed.contains(&spelling),
            "{spelling:?} shown: {printed}"
        );
    }
    assert!(
        printed.contains("\"password\": \"[redacted]\""),
        "{printed}"
    );
}
