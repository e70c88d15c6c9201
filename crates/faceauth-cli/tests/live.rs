//! `faceauth conformance --base-url`: the live drift check against wiremock servers that stand in
//! for the vendors, answer drifted responses and record what they receive: read-only by default,
//! each kind of drift named, nothing sent without a credential.

mod support;

use faceauth_clients::Vendor;
use faceauth_conformance::Spec;
use serde_json::{json, Value};
use std::process::Output;
use support::*;
use wiremock::MockServer;

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
/// `x-faceauth-read-only` without `may_be_billed`, as `METHOD path`, with the inputs (name,
/// environment variable) each needs.
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
            if mark.get("may_be_billed").is_some() {
                return None;
            }
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

/// The reads a default live check leaves out because they may be billed: (operationId, why).
fn billed_reads(vendor: Vendor) -> Vec<(String, String)> {
    let spec = Spec::load(vendor).unwrap();
    spec.operations()
        .iter()
        .filter_map(|op| {
            let why = spec.operation_object(op)["x-faceauth-read-only"]["may_be_billed"]
                .as_str()?
                .to_owned();
            Some((op.id.clone(), why))
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// ADVANCE.AI's three reads whose documents do not show them free: Get Result's page documents
/// `feeDetail` ("the charging details"), Get Enroll is free only by a deprecated field, and the
/// liveness video only by a third party's transcription. Its Get Face page says SUCCESS is free.
#[test]
fn reads_that_may_be_billed_leave_the_default_live_set() {
    let billed: Vec<String> = billed_reads(Vendor::Advance)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(billed, ["getEnroll", "getResult", "getLivenessVideo"]);
    for vendor in [Vendor::Signzy, Vendor::Verisoul, Vendor::Progeny] {
        assert_eq!(billed_reads(vendor), [], "{vendor}");
    }
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
            faceauth_conformance::credential_vars(vendor)
                .static_var
                .to_owned(),
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
        // Path parameters are filled in with the values given.
        let mut expected: Vec<String> = reads
            .iter()
            .map(|(call, _)| {
                env.iter().fold(call.clone(), |call, (var, value)| {
                    let name = reads
                        .iter()
                        .flat_map(|(_, inputs)| inputs)
                        .find(|(_, v)| v == var)
                        .map(|(name, _)| name.clone());
                    match name {
                        Some(name) => call.replace(&format!("{{{name}}}"), value),
                        None => call,
                    }
                })
            })
            .collect();
        expected.sort();
        assert_eq!(
            sent_by(&server).await,
            expected,
            "{vendor}: a default live run sends exactly the read-only operations\n{}",
            stdout(&output)
        );
        // Every other operation is listed as skipped: a read that may be billed with the
        // documents' reason, the rest as writes.
        let spec = Spec::load(vendor).unwrap();
        let out = stdout(&output);
        let billed = billed_reads(vendor);
        let writes = spec.operations().len() - reads.len() - billed.len();
        assert_eq!(
            out.lines()
                .filter(|l| l.starts_with("skipped ") && l.contains(": a write:"))
                .count(),
            writes,
            "{out}"
        );
        for (id, why) in &billed {
            let line = format!("skipped {id}: may be billed: {}", one_line(why));
            assert!(out.contains(&line), "{line:?} not in {out}");
        }
        // The inputs are sent where they belong.
        for request in server.received_requests().await.unwrap() {
            let sent = format!(
                "{} {} {}",
                String::from_utf8_lossy(&request.body),
                request.url.query().unwrap_or_default(),
                request.url.path()
            );
            assert!(
                sent.contains("given-") || sent.contains(SESSION),
                "{vendor}: {sent}"
            );
        }
    }
}

/// Signzy's authenticate can call back, send e-mail and SMS, ask for an OTP and log a transaction
/// (its pages say so): a default live check never sends it; named, it is sent with the page's one
/// switch off (`useSampleForLearning: "no"`, `x-faceauth-live-set`).
#[tokio::test]
async fn signzy_authenticate_runs_live_only_when_named_and_without_learning_from_the_sample() {
    let env = [
        ("FACEAUTH_SIGNZY_ACCESS_TOKEN", "t"),
        ("FACEAUTH_SIGNZY_CUSTOMER_NAME", "acme"),
        ("FACEAUTH_SIGNZY_USER_NAME", "user-7"),
        ("FACEAUTH_SIGNZY_FACE_URL", "https://example.com/face.jpg"),
        (
            "FACEAUTH_SIGNZY_ENROLLMENT_URL",
            "https://example.com/enrol",
        ),
        ("FACEAUTH_SIGNZY_SEARCH_SPACE", "space"),
    ];
    let server = vendor_answering(200, json!({})).await;
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "signzy",
            "--base-url",
            &server.uri(),
        ],
        &env,
        None,
    )
    .await;
    let sent = sent_by(&server).await;
    assert!(!sent.is_empty(), "the reads are sent: {}", stdout(&output));
    assert!(
        !sent
            .iter()
            .any(|s| s.ends_with("/api/v1/basic/authenticate")),
        "{sent:?}"
    );
    assert!(
        stdout(&output).contains("skipped authenticate: a write"),
        "{}",
        stdout(&output)
    );

    let server = vendor_answering(200, json!({})).await;
    faceauth(
        &[
            "conformance",
            "--vendor",
            "signzy",
            "--base-url",
            &server.uri(),
            "--operation",
            "authenticate",
            "--param",
            "customerName=acme",
            "--param",
            "userName=user-7",
            "--param",
            "url=https://example.com/face.jpg",
        ],
        &env[..1],
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

/// A vendor that answers 2 GiB to every read of a live check: each is reported as too large, and
/// the server could write under 64 MiB before the tool stopped taking each answer.
#[tokio::test]
async fn the_live_check_reads_at_most_the_limit_of_a_2_gib_answer() {
    let (url, written) = huge_body_server(false, "");
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            &url,
            "--operation",
            "verifyFace",
        ],
        &[
            ("FACEAUTH_VERISOUL_API_KEY", "k"),
            ("FACEAUTH_VERISOUL_SESSION_ID", SESSION),
        ],
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("too large (HTTP 200)"),
        "{}",
        stdout(&output)
    );
    let taken = written.load(std::sync::atomic::Ordering::SeqCst);
    assert!(taken < 64 * 1024 * 1024, "{taken} bytes taken");
}

/// The command's page's table of the live set says, for every read the specs mark, whether a default
/// live check runs it: "yes" exactly for the marked reads that may not be billed, "no: may be
/// billed" for the others, and no row for an operation that is not a marked read.
#[test]
fn the_documented_table_of_the_live_set_is_the_specs() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/faceauth-command.md"),
    )
    .unwrap();
    let names = [
        (Vendor::Signzy, "Signzy"),
        (Vendor::Verisoul, "Verisoul"),
        (Vendor::Advance, "ADVANCE.AI"),
        (Vendor::Progeny, "Progeny"),
    ];
    let mut in_readme: Vec<(String, String, bool)> = Vec::new();
    for line in readme.lines().map(str::trim) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | vendor | operation(s) | default live set | why | inputs |
        if cells.len() != 7 || !names.iter().any(|(_, name)| *name == cells[1]) {
            continue;
        }
        let default = match cells[3] {
            "yes" => true,
            "**no: may be billed**" => false,
            _ => continue,
        };
        for operation in cells[2].split(", ") {
            in_readme.push((cells[1].to_owned(), operation.to_owned(), default));
        }
    }
    let mut in_specs: Vec<(String, String, bool)> = Vec::new();
    for (vendor, name) in names {
        let reads = read_only_operations(vendor);
        let spec = Spec::load(vendor).unwrap();
        for op in spec.operations() {
            let call = format!("{} {}", op.method, op.path);
            if reads.iter().any(|(read, _)| *read == call) {
                in_specs.push((name.to_owned(), op.id.clone(), true));
            }
        }
        for (id, _) in billed_reads(vendor) {
            in_specs.push((name.to_owned(), id, false));
        }
    }
    in_readme.sort();
    in_specs.sort();
    assert_eq!(in_readme, in_specs);
}

/// A live check whose credential the vendor refuses says so, with the vendor's reason, and
/// reports no drift: the refused token request's answer is not the operation's (it was reported
/// as drift, "no credential, not sent", without the reason).
#[tokio::test]
async fn a_refused_credential_is_reported_with_the_vendors_reason_not_as_drift() {
    let refusal = json!({"code": "PARAMETER_ERROR", "message": "Signature error", "data": null,
        "extra": null, "transactionId": "00b05cb9cf6f0fed", "pricingStrategy": "FREE"});
    let server = vendor_answering(200, refusal).await;
    let output = faceauth(
        &[
            "conformance",
            "--vendor",
            "advance",
            "--base-url",
            &server.uri(),
            "--operation",
            "getEnroll",
            "--param",
            "userId=user-42",
            "--json",
        ],
        &[
            ("FACEAUTH_ADVANCE_ACCESS_KEY", "access-1"),
            ("FACEAUTH_ADVANCE_SECRET_KEY", "wrong-secret-1"),
        ],
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        sent_by(&server).await,
        ["POST /openapi/auth/ticket/v1/generate-token"]
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let printed = report.to_string();
    assert!(printed.contains("credential refused"), "{printed}");
    assert!(printed.contains("Signature error"), "{printed}");
    assert!(!printed.contains("drift/"), "no drift: {printed}");
    assert!(!printed.contains("wrong-secret-1"), "{printed}");
}
