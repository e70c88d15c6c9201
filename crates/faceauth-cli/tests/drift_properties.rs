//! What a proposal from drift must hold, one test per kind of vendor change, over traffic made
//! of every documented response of every vendor with the change injected: (a) applied with
//! `faceauth overlay apply`, the specs admit the traffic (no new drift); (b) proposing again
//! over them writes nothing; (c) every documented response still passes them; (d) the project's
//! own build lint and generator take them (every response body a named schema, one type per
//! kind of answer); (e) traffic without drift proposes nothing. A truncated line (f) is in
//! `traffic.rs`; the clients built from a proposal decoding the traffic (g), and Redocly, are
//! `.ci/drift-loop`'s, which builds them.

mod support;

use std::path::Path;
use std::process::Output;

use faceauth_clients::Vendor;
use serde_json::{json, Value};
use support::{
    documented_success, documented_traffic, recorded_line, run, specs_folder, stderr, stdout,
};

fn faceauth(args: &[&str]) -> Output {
    run(args, &[], None)
}

/// A recorded Verisoul response.
fn line(operation: &str, status: u16, body: &Value) -> String {
    recorded_line("verisoul", operation, status, body)
}

/// `faceauth drift --traffic TRAFFIC --propose PROPOSED`.
fn drift_propose(traffic: &Path, proposed: &Path) -> Output {
    faceauth(&[
        "drift",
        "--traffic",
        traffic.to_str().unwrap(),
        "--propose",
        proposed.to_str().unwrap(),
    ])
}

/// Runs the properties over the documented traffic with `changed` lines among it.
fn proposal_holds(changed: &[String]) {
    let dir = tempfile::tempdir().unwrap();
    let documented = documented_traffic();
    let traffic = dir.path().join("traffic.jsonl");
    std::fs::write(&traffic, format!("{documented}{}", changed.concat())).unwrap();
    let proposed = dir.path().join("proposed");
    let output = drift_propose(&traffic, &proposed);
    let traffic = traffic.to_str().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("not proposed"),
        "{}",
        stderr(&output)
    );
    let names: Vec<String> = std::fs::read_dir(&proposed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["verisoul.overlay.yaml"]);

    let specs = specs_folder(dir.path(), |_, text| text);
    let output = faceauth(&[
        "overlay",
        "apply",
        proposed.join("verisoul.overlay.yaml").to_str().unwrap(),
        specs.join("verisoul.yaml").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let specs_arg = specs.to_str().unwrap();

    // (a) and (b): the patched specs admit the traffic, and nothing more is proposed.
    let again = dir.path().join("again");
    let output = faceauth(&[
        "drift",
        "--traffic",
        traffic,
        "--specs",
        specs_arg,
        "--propose",
        again.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        !again.exists(),
        "proposing over the patched specs wrote {again:?}"
    );

    // (c): every documented response still passes the patched specs.
    let documented_file = dir.path().join("documented.jsonl");
    std::fs::write(&documented_file, &documented).unwrap();
    let output = faceauth(&[
        "drift",
        "--traffic",
        documented_file.to_str().unwrap(),
        "--specs",
        specs_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // (d): the build's own lint and generator take them.
    let out = dir.path().join("generated");
    std::fs::create_dir(&out).unwrap();
    let failures = faceauth_codegen::generate_all(dir.path(), &out, &|v| v == "verisoul");
    assert!(failures.is_empty(), "{failures:?}");
}

fn enrolled() -> Value {
    documented_success(Vendor::Verisoul, "enrollFaceMatch")
}

fn verified() -> Value {
    documented_success(Vendor::Verisoul, "verifyFace")
}

#[test]
fn an_undocumented_property_nested_objects_and_formats_included() {
    let mut scored = enrolled();
    scored["liveness"] = json!({"score": 0.97, "checked_at": "2026-12-01T10:00:00Z",
        "frames": [{"id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271", "n": 3}]});
    let mut whole = enrolled();
    whole["liveness"] = json!({"score": 1, "checked_at": "2026-12-02T11:00:00Z", "frames": []});
    proposal_holds(&[
        line("enrollFaceMatch", 200, &scored),
        line("enrollFaceMatch", 200, &whole),
    ]);
}

#[test]
fn an_unknown_enum_value() {
    let mut body = verified();
    body["decision"] = json!("Uncertain");
    proposal_holds(&[line("verifyFace", 200, &body)]);
}

#[test]
fn a_null_and_a_fraction_where_the_spec_allows_neither() {
    let mut nulled = verified();
    nulled["session_data"]["device"]["category"] = Value::Null;
    let mut fraction = verified();
    fraction["session_data"]["device"]["cpu_cores"] = json!(2.5);
    proposal_holds(&[
        line("verifyFace", 200, &nulled),
        line("verifyFace", 200, &fraction),
    ]);
}

#[test]
fn a_required_property_missing_from_some_responses() {
    let mut lacking = enrolled();
    lacking.as_object_mut().unwrap().remove("request_id");
    proposal_holds(&[line("enrollFaceMatch", 200, &lacking)]);
}

#[test]
fn an_undocumented_status_with_a_body_and_without() {
    proposal_holds(&[
        line(
            "enrollFaceMatch",
            503,
            &json!({"message": "down", "retry_after": 30}),
        ),
        line(
            "verifyUniquenessFaceMatch",
            503,
            &json!({"message": "down"}),
        ),
        line("getAccount", 404, &Value::Null).replace(",\"body\":null", ""),
    ]);
}

#[test]
fn an_undocumented_body_where_the_documents_give_none() {
    proposal_holds(&[line("verifyFace", 429, &json!({"message": "slow down"}))]);
}

#[test]
fn traffic_without_drift_proposes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let traffic = dir.path().join("documented.jsonl");
    std::fs::write(&traffic, documented_traffic()).unwrap();
    let proposed = dir.path().join("proposed");
    let output = drift_propose(&traffic, &proposed);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!Path::new(&proposed).exists());
}

#[test]
fn the_evidence_says_when_the_change_was_first_and_last_seen() {
    let dir = tempfile::tempdir().unwrap();
    let mut scored = enrolled();
    scored["liveness_score"] = json!(0.9);
    let dated = |date: &str| {
        let mut recorded: Value =
            serde_json::from_str(&line("enrollFaceMatch", 200, &scored)).unwrap();
        recorded["headers"]["date"] = json!(date);
        format!("{recorded}\n")
    };
    let traffic = dir.path().join("t.jsonl");
    std::fs::write(
        &traffic,
        [
            dated("Wed, 02 Dec 2026 09:30:00 GMT"),
            line("enrollFaceMatch", 200, &enrolled()),
            dated("Tue, 01 Dec 2026 23:59:59 GMT"),
            dated("Fri, 04 Dec 2026 08:00:00 GMT"),
        ]
        .concat(),
    )
    .unwrap();
    let proposed = dir.path().join("proposed");
    let output = drift_propose(&traffic, &proposed);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let overlay: Value = serde_yaml::from_str(
        &std::fs::read_to_string(proposed.join("verisoul.overlay.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        overlay["actions"][0]["x-faceauth-observed"],
        json!({"responses": 3, "of": 4, "traffic": "t.jsonl",
               "first_seen": "2026-12-01T23:59:59Z", "last_seen": "2026-12-04T08:00:00Z"})
    );
}
