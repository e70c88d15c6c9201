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
use support::{documented_success, specs_folder, FACEAUTH};
const API_KEY: &str = "canary-api-key-5f1c";
const PASSWORD: &str = "canary-password-9d2e";
const TOKEN: &str = "canary-token-77ab";
const SESSION_ID: &str = "0007b793-ae5d-45a2-8d9f-4a5b573c3271";
/// A JPEG's first bytes, base64, as ADVANCE.AI returns a face image.
const IMAGE_BASE64: &str = "/9j/4AAQSkZJRgABAQAAAQABAAD/canaryimagebytes";

fn drift(args: &[&str]) -> Output {
    faceauth(&[&["drift"], args].concat())
}

fn faceauth(args: &[&str]) -> Output {
    Command::new(FACEAUTH)
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
    assert!(drifted[0].contains("userDetails"), "{out}");
    assert!(
        out.contains("undocumented field at /note: `note`: a string of 41 characters (1 response, first at line 3)"),
        "{out}"
    );
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
    let operations = report["operations"].as_array().unwrap();
    // Entry 1: enrol with an undocumented `face_id`; entry 2: a base64-encoded account deletion
    // as documented; entry 3 is not a vendor's call.
    assert_eq!(operations.len(), 2, "{report}");
    assert_eq!(operations[0]["operation"], "enrollFaceMatch");
    assert_eq!(operations[0]["passed"], false);
    assert_eq!(operations[0]["first"], "entry 1");
    assert_eq!(
        operations[0]["drift"][0]["kind"],
        "drift/undocumented_field"
    );
    assert_eq!(operations[0]["drift"][0]["at"], "/face_id");
    assert_eq!(operations[1]["operation"], "deleteAccount");
    assert_eq!(operations[1]["passed"], true, "{report}");
    assert_eq!(
        (
            &report["checked"],
            &report["drifted"],
            &report["ignored_entries"]
        ),
        (&json!(2), &json!(1), &json!(1))
    );
    assert!(!text(&output).contains("har-canary-api-key"));
}

#[test]
fn an_unreadable_traffic_file_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"vendor":"verisoul","operation":"deleteAccount","status":200,"headers":{"content-type":"application/json"},"body":{"request_id":"8757569c-61e6-454b-afc9-59232e861496","success":true}}"#;
    let cases = [
        ("not-json.jsonl", "this is not json\n".to_owned(), "line 1: not a JSON line"),
        (
            "no-vendor.jsonl",
            "{\"operation\":\"x\",\"status\":200}\n".to_owned(),
            "line 1: not a JSON line of a traffic recorder: missing field `vendor`",
        ),
        (
            "unknown-op.jsonl",
            "{\"vendor\":\"verisoul\",\"operation\":\"nope\",\"status\":200,\"headers\":{},\"body\":{}}\n".to_owned(),
            "line 1: verisoul has no operation \"nope\"",
        ),
        (
            "late.jsonl",
            format!("{good}\n{good}\n{{\"vendor\": \n"),
            "line 3: not a JSON line",
        ),
        (
            "har-without-entries.har",
            "{\"log\": {\"version\": \"1.2\"}}".to_owned(),
            "a HAR file without log.entries",
        ),
    ];
    for (name, content, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        let output = drift(&["--traffic", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(output.stdout.is_empty(), "{name}: nothing printed");
    }
    let missing = drift(&["--traffic", "/nonexistent/traffic.jsonl"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_line_or_entry_past_the_body_limit_is_reported_unread() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"vendor":"verisoul","operation":"deleteAccount","status":200,"headers":{"content-type":"application/json"},"body":{"request_id":"8757569c-61e6-454b-afc9-59232e861496","success":true}}"#;
    let huge = format!(
        r#"{{"vendor":"verisoul","operation":"deleteAccount","status":200,"body_text":"{}"}}"#,
        "x".repeat(faceauth_clients::MAX_BODY_BYTES + 64 * 1024)
    );
    let file = dir.path().join("huge.jsonl");
    std::fs::write(&file, format!("{good}\n{huge}\n{good}\n")).unwrap();
    let output = drift(&["--traffic", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "line 2: {} bytes, longer than any recorded response can be (4 MiB: the clients' body limit, MAX_BODY_BYTES",
            huge.len()
        )),
        "{stderr}"
    );

    let entry = format!(
        r#"{{"request": {{"method": "DELETE", "url": "https://api.prod.verisoul.ai/account/a"}}, "response": {{"status": 200, "content": {{"text": "{}"}}}}}}"#,
        "x".repeat(13 << 20)
    );
    let file = dir.path().join("huge.har");
    std::fs::write(&file, format!(r#"{{"log": {{"entries": [{entry}]}}}}"#)).unwrap();
    let output = drift(&["--traffic", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("entry 1: larger than 12 MiB"), "{stderr}");
}

#[test]
fn nothing_to_check_is_its_own_failure_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let har = r#"{"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": "https://example.com/"}, "response": {"status": 200}},
        {"request": {"method": "GET", "url": "https://api.prod.verisoul.ai/not-an-operation"}, "response": {"status": 200}}
    ]}}"#;
    let junit = dir.path().join("junit.xml");
    let cases = [
        ("empty.jsonl", "", "it holds no recorded response"),
        ("blank.jsonl", "\n  \n\n", "it holds no recorded response"),
        (
            "other.har",
            har,
            "none of its 2 HAR entries calls a vendor's documented API",
        ),
        (
            "no-entries.har",
            r#"{"log": {"entries": []}}"#,
            "it holds no recorded response",
        ),
    ];
    for (name, content, says) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        let output = drift(&[
            "--traffic",
            file.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(4), "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains("nothing to check"), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(!text(&output).contains("passed"), "{name}");
        assert!(!junit.exists(), "{name}: no report");
    }
}

#[tokio::test]
async fn traffic_is_read_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("traffic.jsonl");
    record_calls(&file).await;
    let lines = std::fs::read_to_string(&file).unwrap();
    let output = support::faceauth(&["drift", "--traffic", "-"], &[], Some(&lines)).await;
    let out = text(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    assert!(
        out.contains("summary: 4 recorded responses checked, 1 drifted, 3 passed"),
        "{out}"
    );
    // Not a terminal: no progress line on stderr.
    assert!(output.stderr.is_empty(), "{}", support::stderr(&output));
}

#[test]
fn a_report_path_naming_the_traffic_file_or_a_directory_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let traffic = dir.path().join("traffic.jsonl");
    let content = "not even read\n";
    std::fs::write(&traffic, content).unwrap();
    let traffic = traffic.to_str().unwrap();
    let folder = dir.path().to_str().unwrap();
    for (flag, path, says) in [
        ("--junit", traffic, "the same file as the input"),
        ("--sarif", traffic, "the same file as the input"),
        ("--junit", folder, "a directory, not a file path"),
    ] {
        let output = drift(&["--traffic", traffic, flag, path]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!("{flag} {path}: {says}")),
            "{stderr}"
        );
        // Had the file been read, its first line would be the error.
        assert!(!stderr.contains("line 1"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(traffic).unwrap(), content);
}

#[tokio::test]
async fn a_failed_run_leaves_the_previous_report_whole_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("traffic.jsonl");
    record_calls(&file).await;
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let junit = reports.join("junit.xml");
    std::fs::write(&junit, "<previous run/>").unwrap();
    // Three good lines, then one that is not JSON: the run stops there, exit 2.
    let mut broken = std::fs::read_to_string(&file).unwrap();
    broken.push_str("{\"vendor\": \"verisoul\", \n");
    let broken_file = dir.path().join("broken.jsonl");
    std::fs::write(&broken_file, broken).unwrap();
    let output = drift(&[
        "--traffic",
        broken_file.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), "<previous run/>");
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 1);
    // The same report from a good run replaces it whole.
    let output = drift(&[
        "--traffic",
        file.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let written = std::fs::read_to_string(&junit).unwrap();
    assert!(written.starts_with("<?xml"), "{written}");
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 1);
}

#[tokio::test]
async fn a_repeated_key_reaches_the_recorded_file_and_drift_refuses_it_as_the_client_did() {
    let server = MockServer::start().await;
    let body = format!(r#"{{"request_id":"{SESSION_ID}","success":true,"success":false}}"#);
    Mock::given(method("POST"))
        .and(path("/liveness/enroll"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("traffic.jsonl");
    let client = verisoul::Client::with_api_key(BaseUrl::parse(&server.uri()).unwrap(), API_KEY)
        .unwrap()
        .with_traffic_recorder(TrafficRecorder::append_to(&file).unwrap());
    let refused = client
        .enroll_face_match(&request(json!({
            "session_id": SESSION_ID,
            "account_id": "example-account-id"})))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("duplicate field `success`"),
        "{refused}"
    );
    let recorded = std::fs::read_to_string(&file).unwrap();
    assert!(recorded.contains(&body), "{recorded}");

    let output = drift(&["--traffic", file.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let drift = &report["operations"][0]["drift"];
    assert_eq!(drift.as_array().unwrap().len(), 1, "{report}");
    assert_eq!(drift[0]["kind"], "drift/duplicate_key");
    assert_eq!(drift[0]["at"], "/success");
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
    let drift = &report["operations"][0]["drift"];
    assert_eq!(drift.as_array().unwrap().len(), 1, "{report}");
    assert_eq!(drift[0]["kind"], "drift/wrong_type", "{report}");
    assert_eq!(drift[0]["at"], "/metadata/account_id", "{report}");
}

/// A HAR entry whose request sent `key` and whose response echoes `echoed` as the name of a field.
fn echoing_har(key: Option<&str>, echoed: &str) -> String {
    let mut body = documented_success(Vendor::Verisoul, "enrollFaceMatch");
    body[echoed] = json!(true);
    let headers = match key {
        Some(key) => json!([{"name": "x-api-key", "value": key}]),
        None => json!([]),
    };
    json!({"log": {"version": "1.2", "entries": [{
        "request": {"method": "POST", "url": "https://api.sandbox.verisoul.ai/liveness/enroll",
                    "headers": headers},
        "response": {"status": 200, "headers": [{"name": "content-type", "value": "application/json"}],
                     "content": {"mimeType": "application/json", "text": body.to_string()}}
    }]}})
    .to_string()
}

/// Every spelling of `canary` a report could carry: itself, JSON-escaped, and in a JSON pointer.
fn spellings(canary: &str) -> Vec<String> {
    let json = serde_json::to_string(canary).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    let pointer = canary.replace('~', "~0").replace('/', "~1");
    let ascii: String = canary
        .chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            c => format!("\\u{:04x}", c as u32),
        })
        .collect();
    vec![canary.to_owned(), json, pointer, ascii]
}

/// Drift found on a field named after the credential the request sent: no report, in any format,
/// shows it, in any spelling (the canary has `"`, `\`, `/`, `%` and non-ASCII). The control run,
/// whose request did not send it, shows the same name: the scrub, not the reports, hides it.
#[test]
fn drift_shows_no_credential_echoed_as_a_field_name_in_any_report() {
    const KEY: &str = "can\"ary\\key/%41-é-7f3a";
    let dir = tempfile::tempdir().unwrap();
    let run = |har: &str, name: &str| -> String {
        let traffic = dir.path().join(format!("{name}.har"));
        std::fs::write(&traffic, har).unwrap();
        let [junit, sarif, markdown] = ["junit.xml", "sarif.json", "summary.md"]
            .map(|f| dir.path().join(format!("{name}-{f}")));
        let output = drift(&[
            "--traffic",
            traffic.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
            "--sarif",
            sarif.to_str().unwrap(),
            "--markdown",
            markdown.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        let json = drift(&["--traffic", traffic.to_str().unwrap(), "--json"]);
        [junit, sarif, markdown]
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .chain([text(&output), text(&json)])
            .collect::<Vec<_>>()
            .join("\n")
    };
    let scrubbed = run(&echoing_har(Some(KEY), KEY), "sent");
    for spelling in spellings(KEY) {
        assert!(
            !scrubbed.contains(&spelling),
            "{spelling:?} in:\n{scrubbed}"
        );
    }
    // Named, with the value it holds (found by its pointer, `/` written `~1`).
    assert!(
        scrubbed.contains("undocumented field at /[redacted]: `[redacted]`: true"),
        "{scrubbed}"
    );
    // The control: the same response, the key not sent, so not known to be one.
    let shown = run(&echoing_har(None, KEY), "control");
    let pointer = &spellings(KEY)[2];
    assert!(shown.contains(pointer.as_str()), "{shown}");
}

/// The credentials of the environment (what `conformance` and `call` read) are known to drift
/// too, for a recorder's file, which holds no request.
#[test]
fn drift_knows_the_environments_credentials() {
    const KEY: &str = "env\"canary\\%é";
    let mut body = documented_success(Vendor::Verisoul, "deleteAccount");
    body[KEY] = json!(1);
    let line = json!({"vendor": "verisoul", "operation": "deleteAccount", "status": 200,
        "headers": {"content-type": "application/json"}, "body": body});
    let dir = tempfile::tempdir().unwrap();
    let traffic = dir.path().join("traffic.jsonl");
    std::fs::write(&traffic, format!("{line}\n")).unwrap();
    let output = Command::new(FACEAUTH)
        .args(["drift", "--traffic", traffic.to_str().unwrap(), "--json"])
        .env("FACEAUTH_VERISOUL_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let printed = text(&output);
    for spelling in spellings(KEY) {
        assert!(!printed.contains(&spelling), "{spelling:?} in {printed}");
    }
    assert!(printed.contains("/[redacted]"), "{printed}");
}

#[test]
fn drift_checks_against_the_specs_of_a_folder_and_refuses_one_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut enrolled = documented_success(Vendor::Verisoul, "enrollFaceMatch");
    enrolled["liveness_score"] = json!(0.97);
    let file = dir.path().join("traffic.jsonl");
    std::fs::write(
        &file,
        traffic_line("verisoul", "enrollFaceMatch", &enrolled),
    )
    .unwrap();
    // The built-in specs lack the property: drift.
    let output = drift(&["--traffic", file.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["operations"][0]["drift"][0]["at"], "/liveness_score");

    // A folder of specs where a pull request adds it: no drift, without a rebuild.
    let specs = specs_folder(dir.path(), |vendor, text| match vendor {
        Vendor::Verisoul => {
            let at = "    EnrollResponse:\n";
            let start = text.find(at).unwrap();
            let properties = start
                + text[start..].find("      properties:\n").unwrap()
                + "      properties:\n".len();
            let mut edited = text.clone();
            edited.insert_str(properties, "        liveness_score:\n          type: number\n          description: How live the face looked.\n");
            edited
        }
        _ => text,
    });
    let with_specs = || {
        drift(&[
            "--traffic",
            file.to_str().unwrap(),
            "--specs",
            specs.to_str().unwrap(),
        ])
    };
    let output = with_specs();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));

    // A folder without a vendor's spec, or with one that is not OpenAPI: one line, exit 2.
    std::fs::write(specs.join("progeny.yaml"), "hello: world\n").unwrap();
    let output = with_specs();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let said = text(&output);
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert!(said.contains("progeny.yaml"), "{said}");
    std::fs::remove_file(specs.join("progeny.yaml")).unwrap();
    let output = with_specs();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("progeny.yaml"), "{}", text(&output));
}

/// `$['a']['b']` (RFC 9535's normalized form, as proposals write targets) as its keys.
#[test]
fn drift_proposes_an_overlay_that_makes_the_spec_admit_the_traffic_and_holds_no_recorded_value() {
    let dir = tempfile::tempdir().unwrap();
    // Realistic vendor changes, each in some responses only.
    let enrolled = documented_success(Vendor::Verisoul, "enrollFaceMatch");
    let mut scored = enrolled.clone();
    scored["liveness_score"] = json!(0.97);
    // One response of three lacks a field the spec requires.
    let mut lacking = enrolled.clone();
    lacking.as_object_mut().unwrap().remove("request_id");
    scored["operator_note"] =
        json!("CANARY free text that no proposal may copy, however long it is");
    scored["api_key"] = json!("CANARYKEY");
    let mut verified = documented_success(Vendor::Verisoul, "verifyFace");
    verified["decision"] = json!("Uncertain");
    verified["session_data"]["device"]["category"] = Value::Null;
    let unavailable = json!({"vendor": "verisoul", "operation": "enrollFaceMatch", "status": 503,
        "headers": {"content-type": "application/json"}, "body": {"message": "down"}});
    let file = dir.path().join("traffic.jsonl");
    std::fs::write(
        &file,
        [
            traffic_line("verisoul", "enrollFaceMatch", &scored),
            traffic_line("verisoul", "enrollFaceMatch", &enrolled),
            traffic_line("verisoul", "enrollFaceMatch", &lacking),
            traffic_line("verisoul", "verifyFace", &verified),
            format!("{unavailable}\n"),
        ]
        .concat(),
    )
    .unwrap();
    let proposed = dir.path().join("proposed");
    let output = drift(&[
        "--traffic",
        file.to_str().unwrap(),
        "--propose",
        proposed.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let names: Vec<String> = std::fs::read_dir(&proposed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["verisoul.overlay.yaml"]);
    let written = std::fs::read_to_string(proposed.join("verisoul.overlay.yaml")).unwrap();
    assert!(!written.contains("CANARY"), "{written}");
    let overlay: Value = serde_yaml::from_str(&written).unwrap();
    // Removing an entry of `required` takes Overlay 1.1.
    assert_eq!(overlay["overlay"], "1.1.0");
    assert_eq!(overlay["extends"], "specs/verisoul.yaml");
    let targets: Vec<&str> = overlay["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets.len(), 8, "{written}");
    assert!(
        targets.contains(
            &"$['components']['schemas']['EnrollResponse']['required'][?@ == 'request_id']"
        ),
        "{written}"
    );
    let enroll_score = overlay["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["update"]["properties"]["liveness_score"].is_object())
        .unwrap();
    assert_eq!(
        enroll_score["target"],
        "$['components']['schemas']['EnrollResponse']"
    );
    assert_eq!(
        enroll_score["x-faceauth-observed"],
        json!({"responses": 1, "of": 3, "traffic": "traffic.jsonl"})
    );

    // Applied by `faceauth overlay apply`, the specs admit the same traffic: no new drift, and
    // nothing more to propose; the spec's text changed where the actions point and nowhere else.
    let specs = specs_folder(dir.path(), |_, text| text);
    let spec_file = specs.join("verisoul.yaml");
    let before = std::fs::read_to_string(&spec_file).unwrap();
    let output = faceauth(&[
        "overlay",
        "apply",
        proposed.join("verisoul.overlay.yaml").to_str().unwrap(),
        spec_file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let after = std::fs::read_to_string(&spec_file).unwrap();
    let changed: Vec<String> = similar::TextDiff::from_lines(&before, &after)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim_end()))
        .collect();
    let removed: Vec<&str> = changed.iter().filter_map(|c| c.strip_prefix('-')).collect();
    let added: Vec<&str> = changed.iter().filter_map(|c| c.strip_prefix('+')).collect();
    // One flow list written again without the entry, and the added lines (the 503 entry's six,
    // naming the error schema; its `message` property's three, in that schema; three properties'
    // nine; the list again; the enum's new entry; `nullable`): every other line of the
    // hand-written spec stays byte for byte.
    assert_eq!(
        removed,
        ["      required: [request_id, success]"],
        "{changed:#?}"
    );
    assert_eq!(added.len(), 21, "{changed:#?}");
    for line in [
        "      required: [success]",
        "          - Uncertain",
        "                  nullable: true",
        "        '503':",
        "        liveness_score:",
    ] {
        assert!(added.contains(&line), "{line}: {changed:#?}");
    }
    let again = dir.path().join("again");
    let output = drift(&[
        "--traffic",
        file.to_str().unwrap(),
        "--specs",
        specs.to_str().unwrap(),
        "--propose",
        again.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(!again.exists(), "nothing to propose: no file written");

    // A truncated line: the usual one line, exit 2, and no proposal.
    let mut truncated = std::fs::read_to_string(&file).unwrap();
    truncated.push_str("{\"vendor\": \"verisoul\", \"operation\": ");
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(&broken, truncated).unwrap();
    let refused = dir.path().join("refused");
    let output = drift(&[
        "--traffic",
        broken.to_str().unwrap(),
        "--propose",
        refused.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert_eq!(text(&output).trim().lines().count(), 1, "{}", text(&output));
    assert!(
        !refused.exists(),
        "no proposal from a file that could not be read"
    );
}
