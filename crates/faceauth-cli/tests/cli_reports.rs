//! `faceauth conformance --junit/--sarif/--markdown/--accept`, driven as a process: the files are
//! read back with real parsers (JUnit XML parsed, SARIF validated against the SARIF 2.1.0 schema),
//! against the embedded mock and against a drifted live server (wiremock), with accepted,
//! expired and stale accept-file entries, and with a canary credential that no report may hold.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use faceauth_clients::Vendor;
use faceauth_conformance::Spec;
use faceauth_test_support::example_counts::example_count;
use faceauth_test_support::reports::{
    assert_valid_sarif, junit_cases, junit_suite_properties, line_text,
};
use serde_json::{json, Value};
use wiremock::MockServer;

mod support;
use support::example_counts::{example_counts, ExampleCounts};
use support::{vendor_answering, FACEAUTH, SESSION};

/// Runs `faceauth` with `args` and `env` (no other FACEAUTH_ variable), off the async runtime.
async fn faceauth(args: Vec<String>, env: Vec<(&'static str, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(FACEAUTH);
        command.args(&args).stdin(Stdio::null());
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FACEAUTH_")) {
            command.env_remove(key);
        }
        command.envs(env).output().expect("faceauth runs")
    })
    .await
    .unwrap()
}

struct Reports {
    dir: tempfile::TempDir,
}

impl Reports {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }
    fn args(&self) -> Vec<String> {
        [
            "--junit",
            &self.path("j.xml"),
            "--sarif",
            &self.path("s.sarif"),
            "--markdown",
            &self.path("m.md"),
        ]
        .map(String::from)
        .to_vec()
    }
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
    fn sarif(&self) -> Value {
        serde_json::from_str(&self.read("s.sarif")).unwrap()
    }
    fn write_accept(&self, text: &str) -> String {
        let path = self.path("accept.yaml");
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn mock_run_writes_a_testcase_per_example_a_valid_sarif_and_a_markdown_table() {
    let reports = Reports::new();
    let mut args = strings(&["conformance"]);
    args.extend(reports.args());
    let output = faceauth(args, vec![]).await;
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    let examples = example_count(&Vendor::ALL.map(Vendor::name));
    let cases = junit_cases(&reports.read("j.xml"));
    assert_eq!(cases.len(), examples, "one testcase per documented example");
    assert!(cases
        .iter()
        .all(|c| c.failure.is_none() && c.skipped.is_none()));
    // Each testcase points at its example: the line of the example's key in the spec.
    let enroll = cases
        .iter()
        .find(|c| c.classname == "verisoul.enrollFaceMatch" && c.name == "response_200__success")
        .unwrap();
    assert_eq!(enroll.file.as_deref(), Some("specs/verisoul.yaml"));
    assert_eq!(
        line_text(
            faceauth_conformance::spec_source(Vendor::Verisoul),
            enroll.line.unwrap()
        ),
        "success:"
    );

    let sarif = reports.sarif();
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"], json!([]));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for id in [
        "drift/undocumented_field",
        "drift/wrong_type",
        "example/response_body",
        "accept/expired",
    ] {
        let rule = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("rule {id}"));
        assert!(
            rule["fullDescription"]["text"].as_str().unwrap().len() > 20,
            "{rule}"
        );
    }

    let markdown = reports.read("m.md");
    assert!(
        markdown.contains(&format!(
            "✅ **passed**: {examples} cases, {examples} passed, 0 failed"
        )),
        "{markdown}"
    );
    assert!(
        markdown.contains("| verisoul | enrollFaceMatch | 3 | 3 | 0 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("### Coverage of the specs by their examples"),
        "{markdown}"
    );

    // Where the examples come from, counted by a reader of the specs of its own
    // (support/example_counts.rs), in every report: the summary line, the Markdown verdict and
    // coverage table, each JUnit suite's properties and each case's, and SARIF's run properties.
    let per_vendor: Vec<(Vendor, ExampleCounts)> = Vendor::ALL
        .iter()
        .map(|&v| (v, example_counts(v.name())))
        .collect();
    let all = ExampleCounts::sum(per_vendor.iter().map(|(_, c)| *c));
    assert_eq!(all.examples, examples);
    let said = format!(
        "examples: {} verbatim from the vendors, {} repaired, {} third-party, {} constructed",
        all.verbatim, all.repaired, all.third_party, all.constructed
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().last().unwrap();
    assert!(summary.ends_with(&format!("; {said})")), "{summary}");
    assert!(
        markdown.contains(&format!(
            "✅ **passed**: {examples} cases, {examples} passed, 0 failed, 0 accepted, 0 skipped ({said})"
        )),
        "{markdown}"
    );
    let suites = junit_suite_properties(&reports.read("j.xml"));
    assert_eq!(suites.len(), per_vendor.len());
    for ((vendor, counts), (suite, properties)) in per_vendor.iter().zip(&suites) {
        assert_eq!(suite, vendor.name());
        assert!(
            markdown.contains(&format!(
                "| {vendor} | {} | {} | {} | {} | {} |",
                counts.examples,
                counts.verbatim,
                counts.repaired,
                counts.third_party,
                counts.constructed
            )),
            "{vendor}: {markdown}"
        );
        let expected: Vec<(String, String)> = [
            ("examples.verbatim", counts.verbatim),
            ("examples.repaired", counts.repaired),
            ("examples.third_party", counts.third_party),
            ("examples.constructed", counts.constructed),
        ]
        .map(|(name, count)| (name.to_owned(), count.to_string()))
        .to_vec();
        assert_eq!(properties, &expected, "{vendor}");
        let of_case = |label: &str| {
            cases
                .iter()
                .filter(|c| c.classname.starts_with(&format!("{vendor}.")))
                .filter(|c| c.provenance.as_deref() == Some(label))
                .count()
        };
        assert_eq!(
            [
                of_case("verbatim"),
                of_case("repaired"),
                of_case("third-party"),
                of_case("constructed")
            ],
            [
                counts.verbatim,
                counts.repaired,
                counts.third_party,
                counts.constructed
            ],
            "{vendor}: each case's provenance"
        );
    }
    assert_eq!(
        sarif["runs"][0]["properties"]["examples"],
        json!({"verbatim": all.verbatim, "repaired": all.repaired,
            "third_party": all.third_party, "constructed": all.constructed}),
    );
}

/// A live check of Verisoul's reads (enrolment and deletion skipped) with the reports.
async fn live_run(server: &MockServer, reports: &Reports, extra: &[&str], key: &str) -> Output {
    let mut args = strings(&[
        "conformance",
        "--vendor",
        "verisoul",
        "--base-url",
        &server.uri(),
    ]);
    args.extend(reports.args());
    args.extend(strings(extra));
    faceauth(args, vec![("FACEAUTH_VERISOUL_API_KEY", key.to_owned())]).await
}

#[tokio::test]
async fn live_drift_fails_each_report_with_the_drift_lines_and_the_schema_line() {
    let server = vendor_answering(
        200,
        json!({"request_id": SESSION, "success": "yes", "score": 0.9}),
    )
    .await;
    let reports = Reports::new();
    let output = live_run(&server, &reports, &["--operation", "enrollFaceMatch"], "k").await;
    assert_eq!(output.status.code(), Some(1), "{output:?}");

    let spec = Spec::load(Vendor::Verisoul).unwrap();
    let cases = junit_cases(&reports.read("j.xml"));
    assert_eq!(
        cases.len(),
        spec.operations().len(),
        "one testcase per operation"
    );
    let enroll = cases.iter().find(|c| c.name == "enrollFaceMatch").unwrap();
    let failure = enroll.failure.as_deref().expect("enrollFaceMatch fails");
    assert!(
        failure.contains("undocumented field at /score"),
        "{failure}"
    );
    assert!(failure.contains("wrong type at /success"), "{failure}");
    assert_eq!(
        enroll.failure_type.as_deref(),
        Some("drift/undocumented_field")
    );
    let skipped: Vec<&str> = cases
        .iter()
        .filter(|c| c.skipped.is_some())
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(skipped.len(), spec.operations().len() - 1, "{skipped:?}");

    let sarif = reports.sarif();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let rule_ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rule_ids, ["drift/undocumented_field", "drift/wrong_type"]);
    let source = faceauth_conformance::spec_source(Vendor::Verisoul);
    let place = |r: &Value| {
        let physical = &r["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "specs/verisoul.yaml");
        line_text(
            source,
            physical["region"]["startLine"].as_u64().unwrap() as u32,
        )
        .to_owned()
    };
    // The undocumented field: the schema that does not list it; the wrong type: its property.
    assert_eq!(place(&results[0]), "EnrollResponse:");
    assert_eq!(place(&results[1]), "success:");
    let line_of_success = results[1]["locations"][0]["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap();
    assert!(
        line_of_success > 411,
        "the component's property, not the request's: {line_of_success}"
    );

    let markdown = reports.read("m.md");
    assert!(markdown.contains("❌ **failed**"), "{markdown}");
    assert!(markdown.contains("### New findings"), "{markdown}");
    assert!(
        markdown.contains("`drift/undocumented_field` undocumented field at /score"),
        "{markdown}"
    );
    assert!(markdown.contains("(specs/verisoul.yaml:"), "{markdown}");
}

fn accept_entry(location: &str, expires: &str) -> String {
    format!(
        "  - vendor: verisoul\n    operation: enrollFaceMatch\n    kind: undocumented_field\n    location: {location}\n    reason: asked Verisoul to document it\n    expires: {expires}\n"
    )
}

#[tokio::test]
async fn accepted_drift_is_reported_but_passes_and_new_drift_still_fails() {
    let server = vendor_answering(
        200,
        json!({"request_id": SESSION, "success": true, "score": 0.9}),
    )
    .await;
    let reports = Reports::new();
    let accept = reports.write_accept(&format!(
        "accepted:\n{}",
        accept_entry("/score", "2999-12-31")
    ));
    let output = live_run(
        &server,
        &reports,
        &["--operation", "enrollFaceMatch", "--accept", &accept],
        "k",
    )
    .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "accepted drift passes: {output:?}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("[ACCEPTED until 2999-12-31: asked Verisoul to document it]"),
        "{stdout}"
    );

    let cases = junit_cases(&reports.read("j.xml"));
    let enroll = cases.iter().find(|c| c.name == "enrollFaceMatch").unwrap();
    assert!(enroll.failure.is_none());
    let out = enroll.system_out.as_deref().unwrap();
    assert!(
        out.contains("undocumented field at /score") && out.contains("[ACCEPTED until 2999-12-31"),
        "{out}"
    );
    let sarif = reports.sarif();
    assert_valid_sarif(&sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "drift/undocumented_field");
    assert_eq!(result["suppressions"][0]["status"], "accepted");
    assert!(result["suppressions"][0]["justification"]
        .as_str()
        .unwrap()
        .contains("asked Verisoul"));
    let markdown = reports.read("m.md");
    assert!(markdown.contains("### Accepted drift"), "{markdown}");
    assert!(!markdown.contains("### New findings"), "{markdown}");

    // New drift beside the accepted one fails.
    let server = vendor_answering(
        200,
        json!({"request_id": SESSION, "success": true, "score": 0.9, "extra": 1}),
    )
    .await;
    let output = live_run(
        &server,
        &reports,
        &["--operation", "enrollFaceMatch", "--accept", &accept],
        "k",
    )
    .await;
    assert_eq!(output.status.code(), Some(1), "new drift fails: {output:?}");
    let cases = junit_cases(&reports.read("j.xml"));
    let failure = cases
        .iter()
        .find(|c| c.name == "enrollFaceMatch")
        .unwrap()
        .failure
        .clone()
        .unwrap();
    assert!(
        failure.contains("undocumented field at /extra"),
        "{failure}"
    );
    assert!(
        failure.contains("undocumented field at /score") && failure.contains("[ACCEPTED"),
        "{failure}"
    );
}

#[tokio::test]
async fn an_expired_entry_fails_the_run_and_a_stale_one_is_reported() {
    let server = vendor_answering(
        200,
        json!({"request_id": SESSION, "success": true, "score": 0.9}),
    )
    .await;
    let reports = Reports::new();
    let accept = reports.write_accept(&format!(
        "accepted:\n{}{}",
        accept_entry("/score", "2000-01-01"),
        accept_entry("/gone", "2999-12-31")
    ));
    let output = live_run(
        &server,
        &reports,
        &["--operation", "enrollFaceMatch", "--accept", &accept],
        "k",
    )
    .await;
    assert_eq!(output.status.code(), Some(1), "expired: {output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "EXPIRED accept entry verisoul enrollFaceMatch drift/undocumented_field at /score"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "STALE accept entry verisoul enrollFaceMatch drift/undocumented_field at /gone"
        ),
        "{stdout}"
    );

    let cases = junit_cases(&reports.read("j.xml"));
    let enroll = cases.iter().find(|c| c.name == "enrollFaceMatch").unwrap();
    assert!(
        enroll
            .failure
            .as_deref()
            .unwrap()
            .contains("undocumented field at /score"),
        "an expired entry accepts nothing"
    );
    let expired = cases
        .iter()
        .find(|c| c.name.ends_with("at /score"))
        .unwrap();
    assert_eq!(expired.classname, "accept");
    assert!(expired.failure.is_some(), "{expired:?}");
    let stale = cases.iter().find(|c| c.name.ends_with("at /gone")).unwrap();
    assert!(
        stale.skipped.as_deref().unwrap().starts_with("stale"),
        "{stale:?}"
    );

    let sarif = reports.sarif();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let accept_results: Vec<(&str, u64)> = results
        .iter()
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("accept/"))
        .map(|r| {
            let physical = &r["locations"][0]["physicalLocation"];
            assert_eq!(
                physical["artifactLocation"]["uri"].as_str(),
                Some(accept.as_str())
            );
            (
                r["ruleId"].as_str().unwrap(),
                physical["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(accept_results, [("accept/expired", 2), ("accept/stale", 8)]);
    let markdown = reports.read("m.md");
    assert!(markdown.contains("expired on 2000-01-01"), "{markdown}");
    assert!(markdown.contains("stale: matches nothing"), "{markdown}");

    // A stale entry alone does not fail the run.
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    let accept = reports.write_accept(&format!(
        "accepted:\n{}",
        accept_entry("/gone", "2999-12-31")
    ));
    let output = live_run(
        &server,
        &reports,
        &["--operation", "enrollFaceMatch", "--accept", &accept],
        "k",
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "stale only: {output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 stale entries"));
}

#[tokio::test]
async fn a_malformed_accept_file_is_one_line_exit_2_and_nothing_is_sent() {
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    let reports = Reports::new();
    let cases = [
        ("accepted: [", "accept file"),
        ("accepted:\n  - vendor: acme\n", "accept file"),
        (
            &*format!("accepted:\n{}", accept_entry("/score", "31/12/2026")),
            "is not a date",
        ),
        (
            &*format!("accepted:\n{}", accept_entry("score", "2026-12-31")),
            "not a JSON pointer",
        ),
        (
            &*format!(
                "accepted:\n{}",
                accept_entry("/score", "2026-12-31").replace("undocumented_field", "drifted")
            ),
            "unknown kind",
        ),
        (
            &*format!(
                "accepted:\n{}",
                accept_entry("/score", "2026-12-31").replace("enrollFaceMatch", "enrol")
            ),
            "no operation \"enrol\"",
        ),
        (
            &*format!(
                "accepted:\n{}",
                accept_entry("/score", "2026-12-31").replace("asked Verisoul to document it", "''")
            ),
            "the reason is empty",
        ),
    ];
    for (text, says) in cases {
        let accept = reports.write_accept(text);
        let output = live_run(
            &server,
            &reports,
            &["--include-writes", "--accept", &accept],
            "k",
        )
        .await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains(says),
            "{text}: {stderr} does not say {says:?}"
        );
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        0,
        "nothing sent"
    );
    assert!(
        !Path::new(&reports.path("j.xml")).exists(),
        "no report written"
    );
}

#[tokio::test]
async fn no_report_holds_the_credential_or_image_bytes() {
    const CANARY: &str = "canary-credential-3f9c1a7e5b";
    // A base64 image as a vendor might echo it (a PNG header and more).
    let image = format!("iVBORw0KGgoAAAANSUhEUgAA{}", "QUJD".repeat(64));
    let server = vendor_answering(
        200,
        json!({
            "request_id": SESSION,
            "success": CANARY,
            "token": CANARY,
            "face_image": image,
            "nested": {"key": CANARY},
        }),
    )
    .await;
    let reports = Reports::new();
    let output = live_run(&server, &reports, &["--include-writes", "--json"], CANARY).await;
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let sent = server.received_requests().await.unwrap();
    assert!(
        sent.iter()
            .any(|r| r.headers.get("x-api-key").is_some_and(|v| v == CANARY)),
        "the canary was used"
    );

    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let enroll = report["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["operation"] == "enrollFaceMatch")
        .unwrap();
    assert_eq!(
        enroll["outcome"], "failed: the response body does not match the spec (HTTP 200)",
        "the outcome keeps no body excerpt"
    );
    let written = [
        reports.read("j.xml"),
        reports.read("s.sarif"),
        reports.read("m.md"),
        stdout,
    ];
    for text in &written {
        assert!(
            text.contains("undocumented field at /token"),
            "the drift is reported: {text}"
        );
        assert!(!text.contains(CANARY), "the credential leaked: {text}");
        assert!(!text.contains("iVBORw0KGgo"), "image bytes leaked: {text}");
        assert!(!text.contains("QUJDQUJD"), "image bytes leaked: {text}");
    }
}

#[tokio::test]
async fn json_lists_coverage_per_vendor_and_a_report_path_in_no_folder_is_a_usage_error() {
    let output = faceauth(
        strings(&["conformance", "--vendor", "advance", "--json"]),
        vec![],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = faceauth_conformance::coverage::VendorCoverage::from_spec(
        &Spec::load(Vendor::Advance).unwrap(),
    );
    assert_eq!(report["coverage"], json!([expected]));
    // The counts, by a reader of the spec of its own: in the summary and the coverage alike.
    let counts = example_counts("advance");
    for place in [&report["summary"], &report["coverage"][0]] {
        assert_eq!(
            [
                &place["verbatim"],
                &place["repaired"],
                &place["third_party"],
                &place["constructed"]
            ],
            [
                counts.verbatim,
                counts.repaired,
                counts.third_party,
                counts.constructed
            ],
            "{place}"
        );
    }
    assert_eq!(report["summary"]["examples"], counts.examples);
    // ADVANCE.AI's getResult documents fields its constructed example does not show.
    let unseen = report["coverage"][0]["properties_without_example"]
        .as_array()
        .unwrap();
    assert!(
        unseen.contains(
            &json!({"operation": "getResult", "status": "200", "property": "/data/overallResult"})
        ),
        "{unseen:?}"
    );

    let output = faceauth(
        strings(&["conformance", "--junit", "/nonexistent-dir/j.xml"]),
        vec![],
    )
    .await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .contains("--junit /nonexistent-dir/j.xml: its folder /nonexistent-dir does not exist"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_report_path_that_is_a_directory_or_an_input_is_refused_before_anything_is_sent() {
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    let dir = tempfile::tempdir().unwrap();
    let accept = dir.path().join("accept.yaml");
    let accept_text = format!("accepted:\n{}", accept_entry("/score", "2999-12-31"));
    std::fs::write(&accept, &accept_text).unwrap();
    let accept = accept.to_string_lossy().into_owned();
    let folder = dir.path().to_string_lossy().into_owned();
    let same = dir.path().join("same.xml").to_string_lossy().into_owned();
    let folder_slash = format!("{folder}/");
    let cases: [(Vec<&str>, &str); 4] = [
        (vec!["--junit", &folder], "a directory, not a file path"),
        (
            vec!["--sarif", &folder_slash],
            "a directory, not a file path",
        ),
        (
            vec!["--accept", &accept, "--markdown", &accept],
            "the same file as the input",
        ),
        (vec!["--junit", &same, "--sarif", &same], "--sarif"),
    ];
    for (extra, says) in cases {
        let mut args = strings(&[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            &server.uri(),
            "--include-writes",
        ]);
        args.extend(strings(&extra));
        let output = faceauth(args, vec![("FACEAUTH_VERISOUL_API_KEY", "k".to_owned())]).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(says), "{extra:?}: {stderr}");
    }
    // A write (the enrolment, the DELETE) included: still nothing was sent.
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("accept.yaml")).unwrap(),
        accept_text
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing but the accept file: {left:?}");
}

#[tokio::test]
async fn an_accept_file_nested_100000_deep_is_refused_unparsed_and_nothing_is_sent() {
    let server = vendor_answering(200, json!({"request_id": SESSION, "success": true})).await;
    let reports = Reports::new();
    let depth = 100_000;
    for text in [
        format!("accepted: {}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("accepted: {}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
        format!("accepted:\n  {}x\n", "- ".repeat(depth)),
    ] {
        let accept = reports.write_accept(&text);
        let output = live_run(&server, &reports, &["--accept", &accept], "k").await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains("nested deeper than 64 levels (line "),
            "{stderr}"
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

/// A vendor that echoes the token it issued into a live check's answers (a value, a key, a
/// message): no report, and nothing printed, holds the token or the keys it was obtained with.
#[tokio::test]
async fn no_report_holds_a_token_the_vendor_issued_and_echoes() {
    use wiremock::matchers::path;
    use wiremock::{Mock, Request, ResponseTemplate};
    const TOKEN: &str = "canary-issued-token-8e4f";
    const ACCESS_KEY: &str = "canary-access-key-2b7d";
    const SECRET_KEY: &str = "canary-secret-key-6a1c";
    let server = MockServer::start().await;
    Mock::given(path(
        Vendor::Advance.operation("generateToken").unwrap().path,
    ))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "code": "SUCCESS", "message": "OK",
        "data": {"token": TOKEN, "expiredTime": 4102444800000i64},
        "extra": null, "transactionId": "t", "pricingStrategy": "FREE"
    })))
    .mount(&server)
    .await;
    Mock::given(path(Vendor::Advance.operation("getEnroll").unwrap().path))
        .respond_with(|request: &Request| {
            let token = request.headers["x-access-token"]
                .to_str()
                .unwrap()
                .to_owned();
            ResponseTemplate::new(200).set_body_json(json!({
                "code": "SUCCESS",
                "message": format!("OK for {token} ({ACCESS_KEY})"),
                "data": {"userId": token, "imageUrlList": [token], token.clone(): 1},
                "extra": {"echo": SECRET_KEY},
                "transactionId": "t",
                "pricingStrategy": "FREE",
            }))
        })
        .mount(&server)
        .await;
    let reports = Reports::new();
    let mut args = strings(&[
        "conformance",
        "--vendor",
        "advance",
        "--base-url",
        &server.uri(),
        "--operation",
        "getEnroll",
        "--param",
        "userId=u-1",
        "--json",
    ]);
    args.extend(reports.args());
    let output = faceauth(
        args,
        vec![
            ("FACEAUTH_ADVANCE_ACCESS_KEY", ACCESS_KEY.to_owned()),
            ("FACEAUTH_ADVANCE_SECRET_KEY", SECRET_KEY.to_owned()),
        ],
    )
    .await;
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2, "a token request, then getEnroll: {output:?}");
    assert_eq!(
        sent[1].headers["x-access-token"], TOKEN,
        "the issued token was used"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "the undocumented field is drift"
    );
    let written = [
        reports.read("j.xml"),
        reports.read("s.sarif"),
        reports.read("m.md"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ];
    for text in &written {
        assert!(
            text.contains("undocumented field at /data/[redacted]"),
            "the drift is reported, at a place that names no token: {text}"
        );
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    for text in written.iter().chain([&stderr]) {
        for secret in [TOKEN, ACCESS_KEY, SECRET_KEY] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
}
