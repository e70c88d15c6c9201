//! `faceauth conformance` against the embedded mock, driven as a process: the summary, the JSON
//! report, and usage errors that send nothing.

mod support;

use faceauth_clients::Vendor;
use serde_json::Value;
use support::example_counts::{example_counts, ExampleCounts};
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
    // The counts, read from the specs by a reader of their own (support/example_counts.rs):
    // every example the runner checks, every operation, and the examples by their marks.
    let all = ExampleCounts::sum(Vendor::ALL.map(|v| example_counts(v.name())));
    let expected = format!(
        "summary: {e} examples, {e} passed, 0 failed (4 vendors, {} operations; examples: {} verbatim from the vendors, {} repaired, {} third-party, {} constructed)",
        all.operations,
        all.verbatim,
        all.repaired,
        all.third_party,
        all.constructed,
        e = all.examples,
    );
    let summary = out.lines().last().unwrap();
    assert_eq!(summary, expected);
    // The README quotes the line as it is today.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    assert!(
        readme.contains(&expected),
        "README.md does not quote today's summary line: {expected}"
    );
    // And every count the command's page quotes is today's.
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/faceauth-command.md"
    ))
    .unwrap();
    for quoted in [
        format!("`response_200__success`; {} today)", all.examples),
        format!(
            "today {}, {}, {} and {} in all)",
            all.verbatim, all.repaired, all.third_party, all.constructed
        ),
        format!(
            "(`examples: {} verbatim from the vendors, {} repaired, {} third-party, {} constructed`)",
            all.verbatim, all.repaired, all.third_party, all.constructed
        ),
    ] {
        assert!(
            page.contains(&quoted),
            "docs/faceauth-command.md does not quote today's count: {quoted}"
        );
    }
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
