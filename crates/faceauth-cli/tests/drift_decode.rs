//! `faceauth drift --decode`: every recorded response decoded by the typed clients, through a
//! replay server on loopback; what they cannot take is counted and fails the run.

mod support;

use std::process::Output;

use faceauth_clients::Vendor;
use serde_json::{json, Value};
use support::{documented_success, documented_traffic, recorded_line, run, stderr, stdout};

fn drift(args: &[&str]) -> Output {
    run(&[&["drift"], args].concat(), &[], None)
}

/// A recorded Verisoul response.
fn line(operation: &str, status: u16, body: &Value) -> String {
    recorded_line("verisoul", operation, status, body)
}

#[test]
fn every_documented_response_decodes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("documented.jsonl");
    let traffic = documented_traffic();
    std::fs::write(&file, &traffic).unwrap();
    let output = drift(&["--traffic", file.to_str().unwrap(), "--decode"]);
    let count = traffic.lines().count();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stdout(&output).contains(&format!(
            "decoded by the typed clients: {count} of {count} recorded responses"
        )),
        "{}",
        stdout(&output)
    );
}

#[test]
fn what_the_typed_clients_cannot_take_is_counted_per_operation_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let enrolled = documented_success(Vendor::Verisoul, "enrollFaceMatch");
    let mut lacking = enrolled.clone();
    lacking.as_object_mut().unwrap().remove("request_id");
    let mut scored = enrolled.clone();
    scored["liveness_score"] = json!(0.97);
    let mut verified = documented_success(Vendor::Verisoul, "verifyFace");
    verified["decision"] = json!("Uncertain");
    let mut nulled = documented_success(Vendor::Verisoul, "verifyFace");
    nulled["session_data"]["device"]["category"] = Value::Null;
    let file = dir.path().join("t.jsonl");
    std::fs::write(
        &file,
        [
            line("enrollFaceMatch", 200, &enrolled),
            line("enrollFaceMatch", 200, &lacking),
            // An undocumented field: the typed client takes it (and drops it).
            line("enrollFaceMatch", 200, &scored),
            // An enum value the spec lacks: the typed enums are forward-compatible (`Unknown`).
            line("verifyFace", 200, &verified),
            line("verifyFace", 200, &nulled),
            line("enrollFaceMatch", 503, &json!({"message": "down"})),
        ]
        .concat(),
    )
    .unwrap();
    let output = drift(&["--traffic", file.to_str().unwrap(), "--decode"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let undecodable: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("undecodable: "))
        .collect();
    assert_eq!(undecodable.len(), 3, "{text}");
    assert!(
        undecodable[0].starts_with("undecodable: verisoul enrollFaceMatch 200: 1 of 3 responses: "),
        "{text}"
    );
    assert!(
        undecodable[1].starts_with("undecodable: verisoul enrollFaceMatch 503: 1 of 1 responses: "),
        "{text}"
    );
    assert!(
        undecodable[2].starts_with("undecodable: verisoul verifyFace 200: 1 of 2 responses: "),
        "{text}"
    );
    // What the client says, without the body: the report shows no recorded value.
    assert!(
        undecodable[0].ends_with("the response body does not match the spec (HTTP 200)"),
        "{text}"
    );
    assert!(
        text.contains("decoded by the typed clients: 3 of 6 recorded responses"),
        "{text}"
    );
}
