//! Drift from recorded traffic, with no extra vendor call: a client's `TrafficRecorder` writes each
//! response as one redacted JSON line, and `faceauth drift --traffic` checks those lines (or a HAR
//! file) against the specs. Canaries prove that no credential, token or image byte reaches a
//! recorded file or a report.

use std::path::Path;
use std::process::{Command, Output};

use faceauth_clients::{advance, signzy, verisoul, BaseUrl, TrafficRecorder, Vendor};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod support;
use support::{documented_success, FACEAUTH};
const API_KEY: &str = "canary-api-key-5f1c";
const PASSWORD: &str = "canary-password-9d2e";
const TOKEN: &str = "canary-token-77ab";
/// A JPEG's first bytes, base64, as ADVANCE.AI returns a face image.
const IMAGE_BASE64: &str = "/9j/4AAQSkZJRgABAQAAAQABAAD/canaryimagebytes";

fn drift(args: &[&str]) -> Output {
    Command::new(FACEAUTH)
        .arg("drift")
        .args(args)
        .output()
        .expect("faceauth runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn request<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// Real calls of three vendors' clients, recorded to one file; returns the file's lines.
async fn record_calls(file: &Path) -> Vec<Value> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/liveness/enroll"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("set-cookie", format!("session={TOKEN}"))
                .set_body_json(documented_success(Vendor::Verisoul, "enrollFaceMatch")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/basic/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"accessToken": TOKEN, "status": "200 OK", "message": "logged in"}),
        ))
        .mount(&server)
        .await;
    let mut details = documented_success(Vendor::Signzy, "userDetails");
    details["note"] = json!("an extra field the spec does not document");
    Mock::given(method("POST"))
        .and(path("/api/v1/basic/user/details"))
        .respond_with(ResponseTemplate::new(200).set_body_json(details))
        .mount(&server)
        .await;
    let mut result = documented_success(Vendor::Advance, "getResult");
    result["data"]["faceDetail"]["faceImage"] = json!(IMAGE_BASE64);
    Mock::given(method("POST"))
        .and(path(
            "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(result))
        .mount(&server)
        .await;

    let recorder = TrafficRecorder::append_to(file).unwrap();
    let base = BaseUrl::parse(&server.uri()).unwrap();
    let verisoul = verisoul::Client::with_api_key(base.clone(), API_KEY)
        .unwrap()
        .with_traffic_recorder(recorder.clone());
    verisoul
        .enroll_face_match(&request(json!({
            "session_id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271",
            "account_id": "example-account-id"})))
        .await
        .unwrap();
    // The login (its token in the body) and the call it authorises are both recorded.
    let signzy = signzy::Client::with_login(base.clone(), "acme", PASSWORD)
        .unwrap()
        .with_traffic_recorder(recorder.clone());
    signzy
        .user_details(&request(json!({"customerName": "acme", "userName": "u-1"})))
        .await
        .unwrap();
    let advance = advance::Client::with_access_token(base, TOKEN)
        .unwrap()
        .with_traffic_recorder(recorder);
    advance
        .get_result(&request(json!({"signatureId": "f302f5d2454a85c2"})))
        .await
        .unwrap();
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn a_recorder_writes_each_response_as_one_redacted_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("traffic.jsonl");
    let lines = record_calls(&file).await;
    let calls: Vec<(&str, &str, u64)> = lines
        .iter()
        .map(|l| {
            (
                l["vendor"].as_str().unwrap(),
                l["operation"].as_str().unwrap(),
                l["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("verisoul", "enrollFaceMatch", 200),
            ("signzy", "login", 200),
            ("signzy", "userDetails", 200),
            ("advance", "getResult", 200),
        ]
    );
    assert_eq!(
        lines[0]["body"],
        documented_success(Vendor::Verisoul, "enrollFaceMatch")
    );
    assert_eq!(lines[0]["headers"]["set-cookie"], "[redacted]");
    assert_eq!(lines[1]["body"]["accessToken"], "[redacted]");
    assert_eq!(
        lines[3]["body"]["data"]["faceDetail"]["faceImage"],
        "[redacted]"
    );
    let raw = std::fs::read_to_string(&file).unwrap();
    for canary in [API_KEY, PASSWORD, TOKEN, IMAGE_BASE64, "canaryimagebytes"] {
        assert!(!raw.contains(canary), "{canary} in the recorded file");
    }
}

#[tokio::test]
async fn drift_checks_recorded_traffic_and_writes_reports_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("traffic.jsonl");
    record_calls(&file).await;
    let sarif = dir.path().join("drift.sarif");
    let junit = dir.path().join("drift.xml");
    let markdown = dir.path().join("drift.md");
    let output = drift(&[
        "--traffic",
        file.to_str().unwrap(),
        "--sarif",
        sarif.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
        "--markdown",
        markdown.to_str().unwrap(),
    ]);
    let out = text(&output);
    // Signzy's user details carried an undocumented field: exactly that response drifted.
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("summary: 4 recorded responses checked, 1 drifted, 3 passed"),
        "{out}"
    );
    let drifted: Vec<&str> = out.lines().filter(|l| l.contains("DRIFT")).collect();
    assert_eq!(drifted.len(), 1, "{out}");
    assert!(drifted[0].contains("userDetails (line 3)"), "{out}");
    assert!(out.contains("/note"), "{out}");
    for report in [&sarif, &junit, &markdown] {
        let written = std::fs::read_to_string(report).unwrap();
        assert!(written.contains("userDetails"), "{}", report.display());
        for canary in [API_KEY, PASSWORD, TOKEN, IMAGE_BASE64] {
            assert!(
                !written.contains(canary),
                "{canary} in {}",
                report.display()
            );
        }
    }
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["ruleId"], "drift/undocumented_field");

    // The same file without the drifted line passes.
    let clean: String = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("userDetails"))
        .map(|l| format!("{l}\n"))
        .collect();
    let clean_file = dir.path().join("clean.jsonl");
    std::fs::write(&clean_file, clean).unwrap();
    let output = drift(&["--traffic", clean_file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

#[test]
fn a_har_file_is_checked_entry_by_entry() {
    let har = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift.har");
    let output = drift(&["--traffic", har.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let responses = report["responses"].as_array().unwrap();
    // Entry 1: enrol with an undocumented `face_id`; entry 2: a base64-encoded account deletion
    // as documented; entry 3 is not a vendor's call.
    assert_eq!(responses.len(), 2, "{report}");
    assert_eq!(responses[0]["operation"], "enrollFaceMatch");
    assert_eq!(responses[0]["passed"], false);
    assert_eq!(responses[0]["drift"][0]["kind"], "drift/undocumented_field");
    assert_eq!(responses[0]["drift"][0]["at"], "/face_id");
    assert_eq!(responses[1]["operation"], "deleteAccount");
    assert_eq!(responses[1]["passed"], true, "{report}");
    assert_eq!(report["ignored_entries"], 1);
    assert!(!text(&output).contains("har-canary-api-key"));
}

#[test]
fn an_unreadable_traffic_file_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("not-json.jsonl", "this is not json\n", "line 1: not a JSON line"),
        ("no-vendor.jsonl", "{\"operation\":\"x\",\"status\":200}\n", "line 1: no \"vendor\""),
        (
            "unknown-op.jsonl",
            "{\"vendor\":\"verisoul\",\"operation\":\"nope\",\"status\":200,\"headers\":{},\"body\":{}}\n",
            "has no operation \"nope\"",
        ),
        ("empty.jsonl", "\n", "holds no recorded response"),
    ];
    for (name, content, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        let output = drift(&["--traffic", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
    let missing = drift(&["--traffic", "/nonexistent/traffic.jsonl"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[tokio::test]
async fn accepted_drift_in_traffic_passes_and_expired_or_stale_entries_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("traffic.jsonl");
    record_calls(&file).await;
    let accept = |expires: &str, location: &str| {
        let path = dir
            .path()
            .join(format!("accept-{expires}-{}.yaml", location.len()));
        std::fs::write(
            &path,
            format!(
                "accepted:\n  - vendor: signzy\n    operation: userDetails\n    kind: undocumented_field\n    location: {location}\n    reason: Signzy adds a note; asked them to document it\n    expires: {expires}\n"
            ),
        )
        .unwrap();
        path
    };
    let run = |accept: &Path| {
        drift(&[
            "--traffic",
            file.to_str().unwrap(),
            "--accept",
            accept.to_str().unwrap(),
        ])
    };
    // Accepted until a future day: reported as accepted, the run passes.
    let output = run(&accept("2999-12-31", "/note"));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("accepted"), "{}", text(&output));
    // Expired: the run fails.
    let output = run(&accept("2020-01-01", "/note"));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    // An entry that matches nothing does not hide the new drift.
    let output = run(&accept("2999-12-31", "/elsewhere"));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
}

/// One recorded line, as the recorder writes it.
fn traffic_line(vendor: &str, operation: &str, body: &Value) -> String {
    let line = json!({"vendor": vendor, "operation": operation, "status": 200,
        "headers": {"content-type": "application/json"}, "body": body});
    format!("{line}\n")
}

#[test]
fn drift_accepts_every_documented_form_and_still_reports_a_wrong_type() {
    let dir = tempfile::tempdir().unwrap();
    let verify_face = documented_success(Vendor::Verisoul, "verifyFace");
    // The vendor's schema requires neither key of metadata and types both nullable.
    let mut without_keys = verify_face.clone();
    let metadata = without_keys["metadata"].as_object_mut().unwrap();
    metadata.remove("account_id").unwrap();
    metadata.remove("referring_session_id").unwrap();
    let mut with_nulls = verify_face.clone();
    with_nulls["metadata"]["account_id"] = Value::Null;
    with_nulls["metadata"]["referring_session_id"] = Value::Null;
    // The enrolment status table types the page counts Int.
    let mut integer_counts = documented_success(Vendor::Signzy, "enrollmentStatusAll");
    integer_counts["currentStatusPageNumber"] = json!(1);
    integer_counts["totalStatusPageNumber"] = json!(3);
    integer_counts["totalStatusEnrollmentCount"] = json!(42);
    let file = dir.path().join("forms.jsonl");
    std::fs::write(
        &file,
        [
            traffic_line("verisoul", "verifyFace", &without_keys),
            traffic_line("verisoul", "verifyFace", &with_nulls),
            traffic_line("signzy", "enrollmentStatusAll", &integer_counts),
        ]
        .concat(),
    )
    .unwrap();
    let output = drift(&["--traffic", file.to_str().unwrap()]);
    let out = text(&output);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert!(
        out.contains("summary: 3 recorded responses checked, 0 drifted, 3 passed"),
        "{out}"
    );

    // The schema still holds the types: an account id that is a number drifts.
    let mut numbered = verify_face;
    numbered["metadata"]["account_id"] = json!(42);
    let file = dir.path().join("wrong.jsonl");
    std::fs::write(&file, traffic_line("verisoul", "verifyFace", &numbered)).unwrap();
    let output = drift(&["--traffic", file.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let drift = &report["responses"][0]["drift"];
    assert_eq!(drift.as_array().unwrap().len(), 1, "{report}");
    assert_eq!(drift[0]["kind"], "drift/wrong_type", "{report}");
    assert_eq!(drift[0]["at"], "/metadata/account_id", "{report}");
}
