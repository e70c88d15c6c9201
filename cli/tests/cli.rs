//! The `faceauth` command, driven as a process: exit codes and output of `conformance` (embedded
//! mock and live drift against wiremock servers that answer drifted responses), `mock` (as a peer
//! for a client that is not ours) and `call`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

use faceauth_clients::conformance::Spec;
use faceauth_clients::Vendor;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const FACEAUTH: &str = env!("CARGO_BIN_EXE_faceauth");
const SESSION: &str = "0007b793-ae5d-45a2-8d9f-4a5b573c3271";

/// Runs `faceauth` with `args` and `env` (no other FACEAUTH_ variable), off the async runtime.
async fn faceauth(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(FACEAUTH);
        command
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FACEAUTH_")) {
            command.env_remove(key);
        }
        command.envs(env);
        command.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let mut child = command.spawn().expect("faceauth starts");
        if let Some(text) = stdin {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        child.wait_with_output().expect("faceauth ends")
    })
    .await
    .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_usage_error(output: &Output, says: &str) {
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(output));
    let err = stderr(output);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(says), "{err:?} does not say {says:?}");
}

// ---- conformance, embedded mock --------------------------------------------------------------

#[tokio::test]
async fn conformance_passes_every_example_against_the_embedded_mock() {
    let output = faceauth(&["conformance"], &[], None).await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let out = stdout(&output);
    for vendor in ["signzy", "verisoul", "advance", "progeny"] {
        assert!(
            out.lines().any(|l| l.starts_with(vendor)),
            "a row for {vendor}: {out}"
        );
    }
    let summary = out.lines().last().unwrap();
    let numbers: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(summary.starts_with("summary: "), "{summary}");
    assert_eq!(numbers[0], numbers[1], "all examples pass: {summary}");
    assert_eq!(numbers[2], 0, "{summary}");
    // The counts, read from the specs: every example the runner checks (each request example,
    // and each response example of an operation with a request), every operation.
    let (mut examples, mut operations) = (0, 0);
    for vendor in Vendor::ALL {
        for op in Spec::load(vendor).unwrap().operations() {
            let requests = op.requests().len();
            examples += requests + if requests > 0 { op.responses.len() } else { 0 };
            operations += 1;
        }
    }
    assert_eq!(numbers[0], examples, "every example is checked: {summary}");
    assert_eq!(numbers[3], Vendor::ALL.len(), "{summary}");
    assert_eq!(numbers[4], operations, "{summary}");
    assert_eq!(
        numbers[5] + numbers[6],
        examples,
        "verbatim and constructed add up: {summary}"
    );
}

#[tokio::test]
async fn conformance_json_report_for_one_vendor() {
    let output = faceauth(
        &["conformance", "--vendor", "verisoul", "--json"],
        &[],
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["mode"], "mock");
    assert_eq!(report["summary"]["failed"], 0);
    assert_eq!(report["summary"]["passed"], report["summary"]["examples"]);
    let operations = report["operations"].as_array().unwrap();
    assert!(operations.iter().all(|o| o["vendor"] == "verisoul"));
    assert!(operations
        .iter()
        .any(|o| o["operation"] == "enrollFaceMatch"));
}

#[tokio::test]
async fn conformance_usage_errors_are_one_line_and_exit_2() {
    assert_usage_error(
        &faceauth(&["conformance", "--vendor", "acme"], &[], None).await,
        "unknown vendor \"acme\"",
    );
    assert_usage_error(
        &faceauth(
            &["conformance", "--base-url", "http://127.0.0.1:9"],
            &[],
            None,
        )
        .await,
        "exactly one --vendor",
    );
    assert_usage_error(
        &faceauth(
            &[
                "conformance",
                "--vendor",
                "verisoul",
                "--base-url",
                "ftp://x",
            ],
            &[],
            None,
        )
        .await,
        "the scheme must be http or https",
    );
    assert_usage_error(
        &faceauth(&["conformance", "--include-writes"], &[], None).await,
        "--base-url",
    );
    assert_usage_error(&faceauth(&["frobnicate"], &[], None).await, "frobnicate");
}

// ---- conformance, live drift ----------------------------------------------------------------

/// A vendor stand-in that answers every request with `status` and `body`.
async fn vendor_answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

async fn live_check(server: &MockServer) -> Output {
    faceauth(
        &[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            &server.uri(),
            "--operation",
            "enrollFaceMatch",
        ],
        &[("FACEAUTH_VERISOUL_API_KEY", "live-key")],
        None,
    )
    .await
}

#[tokio::test]
async fn live_check_passes_a_response_that_matches_the_spec() {
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    let output = live_check(&server).await;
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].headers["x-api-key"], "live-key",
        "the credential comes from the environment"
    );
    assert!(stdout(&output).contains("1 passed, 0 drifted"));
}

#[tokio::test]
async fn live_check_names_each_kind_of_drift() {
    let cases = [
        (
            200,
            json!({"request_id": SESSION, "success": true, "score": 0.9}),
            "undocumented field at /score",
        ),
        (
            200,
            json!({"success": true}),
            "missing required field at /request_id",
        ),
        (
            200,
            json!({"request_id": SESSION, "success": "yes"}),
            "wrong type at /success",
        ),
        (
            400,
            json!({"request_id": SESSION, "success": false, "error": "session_exploded"}),
            "unknown enum value at /error",
        ),
        (418, json!({"teapot": true}), "undocumented status"),
    ];
    for (status, body, expected) in cases {
        let server = vendor_answering(status, body.clone()).await;
        let output = live_check(&server).await;
        assert_eq!(
            output.status.code(),
            Some(1),
            "{body} must drift: {}",
            stdout(&output)
        );
        assert!(
            stdout(&output).contains(expected),
            "{body}: expected {expected:?} in\n{}",
            stdout(&output)
        );
    }
}

#[tokio::test]
async fn live_json_report_lists_the_drift_fields() {
    let server = vendor_answering(
        200,
        json!({"request_id": SESSION, "success": "yes", "extra": 1}),
    )
    .await;
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            &server.uri(),
            "--operation",
            "enrollFaceMatch",
            "--json",
        ],
        &[("FACEAUTH_VERISOUL_API_KEY", "k")],
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let drift = &report["operations"][0]["drift"];
    let kinds: Vec<&str> = drift
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["undocumented_field", "wrong_type"], "{drift}");
    assert_eq!(report["operations"][0]["status"], 200);
}

/// The operations a default live check may send, read from the specs: those marked
/// `x-faceauth-read-only`, as `METHOD path`, with the inputs (name, environment variable) each needs.
fn read_only_operations(vendor: Vendor) -> Vec<(String, Vec<(String, String)>)> {
    let spec = Spec::load(vendor).unwrap();
    spec.operations()
        .iter()
        .filter_map(|op| {
            let mark = spec
                .operation_object(op)
                .get("x-faceauth-read-only")?
                .clone();
            assert!(
                mark["reason"].as_str().is_some_and(|r| r.len() > 40),
                "{vendor} {}: a read-only mark says why",
                op.id
            );
            let inputs = mark["inputs"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            Some((format!("{} {}", op.method, op.path), inputs))
        })
        .collect()
}

async fn sent_by(server: &MockServer) -> Vec<String> {
    let mut sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    sent.sort();
    sent
}

#[tokio::test]
async fn a_default_live_check_sends_only_what_the_documents_show_changes_nothing() {
    for vendor in Vendor::ALL {
        let reads = read_only_operations(vendor);
        assert!(!reads.is_empty(), "{vendor}");
        // Every input of every read, from the environment, as a CI job would give them.
        let mut env: Vec<(String, String)> = vec![(
            vendor.credential_env_var().to_owned(),
            "live-credential".to_owned(),
        )];
        for (_, inputs) in &reads {
            for (name, var) in inputs {
                if !env.iter().any(|(v, _)| v == var) {
                    // Sessions and tasks are UUIDs in the types: the CLI refuses anything else.
                    let value = if var.ends_with("SESSION_ID") || var.ends_with("TASK_ID") {
                        SESSION.to_owned()
                    } else {
                        format!("given-{name}")
                    };
                    env.push((var.clone(), value));
                }
            }
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let server = vendor_answering(200, json!({})).await;
        let output = faceauth(
            &[
                "conformance",
                "--vendor",
                vendor.name(),
                "--base-url",
                &server.uri(),
            ],
            &env,
            None,
        )
        .await;
        let mut expected: Vec<String> = reads.iter().map(|(call, _)| call.clone()).collect();
        expected.sort();
        assert_eq!(
            sent_by(&server).await,
            expected,
            "{vendor}: a default live run sends exactly the read-only operations\n{}",
            stdout(&output)
        );
        // Every other operation is listed as skipped, as a write.
        let spec = Spec::load(vendor).unwrap();
        let out = stdout(&output);
        let writes = spec.operations().len() - reads.len();
        assert_eq!(
            out.lines()
                .filter(|l| l.starts_with("skipped ") && l.contains(": a write:"))
                .count(),
            writes,
            "{out}"
        );
        // The inputs are sent where they belong.
        for request in server.received_requests().await.unwrap() {
            let sent = format!(
                "{} {}",
                String::from_utf8_lossy(&request.body),
                request.url.query().unwrap_or_default()
            );
            assert!(
                sent.contains("given-") || sent.contains(SESSION),
                "{vendor}: {sent}"
            );
        }
    }
}

#[tokio::test]
async fn signzy_authenticate_is_sent_live_without_learning_from_the_sample() {
    let server = vendor_answering(200, json!({})).await;
    let env = [
        ("FACEAUTH_SIGNZY_ACCESS_TOKEN", "t"),
        ("FACEAUTH_SIGNZY_CUSTOMER_NAME", "acme"),
        ("FACEAUTH_SIGNZY_USER_NAME", "user-7"),
        ("FACEAUTH_SIGNZY_FACE_URL", "https://example.com/face.jpg"),
    ];
    faceauth(
        &[
            "conformance",
            "--vendor",
            "signzy",
            "--base-url",
            &server.uri(),
            "--operation",
            "authenticate",
        ],
        &env,
        None,
    )
    .await;
    let requests = server.received_requests().await.unwrap();
    let [request] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["useSampleForLearning"], "no", "{body}");
    assert_eq!(body["userName"], "user-7");
    assert_eq!(body["customerName"], "acme");
    assert_eq!(body["url"], "https://example.com/face.jpg");
}

#[tokio::test]
async fn a_read_without_its_inputs_is_skipped_with_the_reason_and_sends_nothing() {
    let server = vendor_answering(200, json!({})).await;
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "progeny",
            "--base-url",
            &server.uri(),
        ],
        &[("FACEAUTH_PROGENY_ACCESS_TOKEN", "t")],
        None,
    )
    .await;
    assert!(sent_by(&server).await.is_empty());
    let out = stdout(&output);
    assert!(
        out.lines().any(|l| l.starts_with("skipped getTask: needs values from the account under test: id (--param id=... or FACEAUTH_PROGENY_TASK_ID)")),
        "{out}"
    );
    // Given as --param instead, the task is read.
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "progeny",
            "--base-url",
            &server.uri(),
            "--param",
            "id=58bf8a18-b10b-409d-91d6-fdd358408dff",
        ],
        &[("FACEAUTH_PROGENY_ACCESS_TOKEN", "t")],
        None,
    )
    .await;
    assert_eq!(
        sent_by(&server).await,
        ["GET /api/v3/services/task/"],
        "{}",
        stdout(&output)
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("id=58bf8a18-b10b-409d-91d6-fdd358408dff")
    );
}

#[tokio::test]
async fn include_writes_and_named_operations_still_send_writes() {
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    faceauth(
        &[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            &server.uri(),
            "--operation",
            "enrollFaceMatch",
        ],
        &[("FACEAUTH_VERISOUL_API_KEY", "k")],
        None,
    )
    .await;
    assert_eq!(sent_by(&server).await, ["POST /liveness/enroll"]);
}

#[tokio::test]
async fn live_check_without_the_credential_sends_nothing() {
    let server = vendor_answering(200, json!({})).await;
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            &server.uri(),
            "--include-writes",
        ],
        &[],
        None,
    )
    .await;
    assert_usage_error(&output, "FACEAUTH_VERISOUL_API_KEY");
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

/// A plain reqwest client, as an application builds it: no TLS provider to install first.
fn plain_http_client() -> reqwest::Client {
    reqwest::Client::new()
}

// ---- mock ------------------------------------------------------------------------------------

/// `faceauth mock` on a free port; killed on drop.
struct MockProcess {
    child: Child,
    base_urls: Vec<(String, String)>,
}

impl MockProcess {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(FACEAUTH)
            .arg("mock")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("faceauth mock starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let expected = match args.iter().filter(|a| **a == "--vendor").count() {
            0 => 4,
            named => named,
        };
        let base_urls = (0..expected)
            .map(|_| {
                let line = lines.next().unwrap().unwrap();
                let (vendor, url) = line.split_once(' ').unwrap();
                (vendor.to_owned(), url.to_owned())
            })
            .collect();
        Self { child, base_urls }
    }

    fn url(&self, vendor: &str) -> &str {
        &self.base_urls.iter().find(|(v, _)| v == vendor).unwrap().1
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn mock_prints_each_vendors_base_url() {
    let mock = MockProcess::start(&["--port", "0"]);
    let names: Vec<&str> = mock.base_urls.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(names, ["signzy", "verisoul", "advance", "progeny"]);
    for (vendor, url) in &mock.base_urls {
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with(&format!("/{vendor}")),
            "{url}"
        );
    }
}

#[tokio::test]
async fn mock_serves_documented_examples_to_a_client_that_is_not_ours() {
    let mock = MockProcess::start(&["--vendor", "verisoul"]);
    let http = plain_http_client();
    let enroll = format!("{}/liveness/enroll", mock.url("verisoul"));
    let valid = json!({"session_id": SESSION, "account_id": "a-1"});

    let ok = http
        .post(&enroll)
        .header("x-api-key", "k")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.json::<Value>().await.unwrap(),
        json!({"request_id": "8757569c-61e6-454b-afc9-59232e861496", "success": true})
    );

    let by_code = http
        .post(&enroll)
        .header("x-api-key", "k")
        .header("prefer", "code=400")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(by_code.status(), 400);
    assert_eq!(
        by_code.json::<Value>().await.unwrap()["error"],
        "session_not_found"
    );

    let by_name = http
        .post(&enroll)
        .header("x-api-key", "k")
        .header("prefer", "example=session_not_found")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), 400);

    let unknown = http
        .post(&enroll)
        .header("x-api-key", "k")
        .header("prefer", "code=503")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422);
}

#[tokio::test]
async fn mock_rejects_each_kind_of_bad_request_naming_the_violation() {
    let mock = MockProcess::start(&["--vendor", "verisoul"]);
    let http = plain_http_client();
    let enroll = format!("{}/liveness/enroll", mock.url("verisoul"));
    let send = |body: String, content_type: &'static str, key: bool| {
        let mut request = http
            .post(&enroll)
            .header("content-type", content_type)
            .body(body);
        if key {
            request = request.header("x-api-key", "k");
        }
        async move {
            let response = request.send().await.unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };
    let valid = json!({"session_id": SESSION, "account_id": "a-1"}).to_string();

    let (status, body) = send(
        json!({"session_id": SESSION}).to_string(),
        "application/json",
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["violations"][0]
            .as_str()
            .unwrap()
            .contains("\"account_id\" is a required property"),
        "{body}"
    );

    let (status, body) = send(
        json!({"session_id": 42, "account_id": "a"}).to_string(),
        "application/json",
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["violations"][0]
            .as_str()
            .unwrap()
            .contains("/session_id"),
        "{body}"
    );

    let (status, body) = send(valid.clone(), "application/json", false).await;
    assert_eq!(status, 401);
    assert!(
        body["error"].as_str().unwrap().contains("x-api-key"),
        "{body}"
    );

    let (status, body) = send(valid, "text/plain", true).await;
    assert_eq!(status, 422);
    assert!(
        body["violations"][0]
            .as_str()
            .unwrap()
            .contains("content type"),
        "{body}"
    );
}

#[tokio::test]
async fn mock_takes_progeny_multipart_uploads_and_task_lookups() {
    let mock = MockProcess::start(&["--vendor", "progeny"]);
    let http = plain_http_client();
    let base = mock.url("progeny");
    let png = faceauth_clients::conformance::FIXTURE_PNG.to_vec();
    let form = reqwest::multipart::Form::new()
        .part(
            "image",
            reqwest::multipart::Part::bytes(png)
                .file_name("face.png")
                .mime_str("image/png")
                .unwrap(),
        )
        .text("extend_data", "false");
    let created = http
        .post(format!("{base}/api/v3/services/register_face/"))
        .bearer_auth("t")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let task_id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let task = http
        .get(format!("{base}/api/v3/services/task/"))
        .query(&[("id", task_id.as_str())])
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(task.status(), 200);
    assert_eq!(task.json::<Value>().await.unwrap()["status"], "SUCCESS");

    // A text part where the image file belongs.
    let not_a_file = reqwest::multipart::Form::new().text("image", "selfie.png");
    let refused = http
        .post(format!("{base}/api/v3/services/register_face/"))
        .bearer_auth("t")
        .multipart(not_a_file)
        .send()
        .await
        .unwrap();
    assert!(refused.status().is_client_error());
}

// ---- call ------------------------------------------------------------------------------------

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
    std::fs::write(&image, faceauth_clients::conformance::FIXTURE_PNG).unwrap();
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
