//! `faceauth conformance` against the embedded mock, driven as a process: the summary, the JSON
//! report, and usage errors that send nothing.

mod support;

use faceauth_clients::conformance::Spec;
use faceauth_clients::Vendor;
use serde_json::Value;
use support::*;

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
