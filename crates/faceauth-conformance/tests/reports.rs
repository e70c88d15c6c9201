//! The report module as a library: a failing example of the mock run in each report (from a spec
//! whose example was changed, as in conformance_catches_drift.rs), accept-file states, and the
//! coverage of a spec.

use chrono::NaiveDate;
use faceauth_conformance::coverage::VendorCoverage;
use std::path::Path;

use faceauth_clients::Vendor;
use faceauth_conformance::report::{AcceptFile, CaseResult, EntryState, Outputs, Report, RunKind};
use faceauth_conformance::{self as conformance, Drift, DriftKind, Provenance, Spec};
use faceauth_test_support::example_counts::example_count;
use faceauth_test_support::reports::{assert_valid_sarif, junit_cases, line_text};
use serde_json::json;

const SCORE_FROM: &str = "                    request_id: 8757569c-61e6-454b-afc9-59232e861496\n";
const SCORE_TO: &str = "                    request_id: 8757569c-61e6-454b-afc9-59232e861496\n                    score: 0.97\n";

async fn mock_report(text: &str) -> Report {
    let spec = Spec::parse(Vendor::Verisoul, text).unwrap();
    let mut report = Report::new(RunKind::Mock);
    for check in conformance::check_spec(&spec).await {
        report
            .cases
            .push(CaseResult::from_example_check(&spec, &check));
    }
    report
}

#[tokio::test]
async fn a_failing_example_fails_each_report_at_the_example_line() {
    let source = faceauth_conformance::spec_source(Vendor::Verisoul);
    assert!(source.contains(SCORE_FROM));
    let edited = source.replacen(SCORE_FROM, SCORE_TO, 1);
    let report = mock_report(&edited).await;
    assert!(!report.passed());

    let cases = junit_cases(&report.to_junit());
    assert_eq!(cases.len(), example_count(&["verisoul"]));
    let failed: Vec<_> = cases.iter().filter(|c| c.failure.is_some()).collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    let case = failed[0];
    assert_eq!(case.classname, "verisoul.enrollFaceMatch");
    assert_eq!(case.name, "response_200__success");
    assert_eq!(case.failure_type.as_deref(), Some("example/response_body"));
    assert!(
        case.failure
            .as_deref()
            .unwrap()
            .contains("response body $.score: documented 0.97, dropped by the types"),
        "{case:?}"
    );
    assert_eq!(line_text(&edited, case.line.unwrap()), "success:");

    let sarif = report.to_sarif();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "example/response_body");
    let physical = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "specs/verisoul.yaml");
    assert_eq!(
        physical["region"]["startLine"].as_u64(),
        case.line.map(u64::from)
    );
    let rule = &sarif["runs"][0]["tool"]["driver"]["rules"]
        [results[0]["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "example/response_body");

    let markdown = report.to_markdown();
    assert!(markdown.contains("❌ **failed**"), "{markdown}");
    assert!(
        markdown.contains("| verisoul | enrollFaceMatch | 3 | 2 | 1 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("`example/response_body` response body $.score"),
        "{markdown}"
    );
}

#[test]
fn the_sarif_check_rejects_a_log_that_is_not_sarif() {
    let mut report = Report::new(RunKind::Mock);
    report.cases.clear();
    let mut sarif = report.to_sarif();
    assert_valid_sarif(&sarif);
    sarif["runs"][0]["results"] = json!([{ "ruleId": "x", "level": "loud", "message": {} }]);
    let outcome = std::panic::catch_unwind(|| assert_valid_sarif(&sarif));
    assert!(
        outcome.is_err(),
        "an invalid level and an empty message must fail validation"
    );
}

fn drift_report(vendor: Vendor, operation: &str, at: &str) -> Report {
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.id == operation)
        .unwrap();
    let drift = Drift {
        kind: DriftKind::UndocumentedField,
        at: at.to_owned(),
        detail: "x".into(),
    };
    let mut report = Report::new(RunKind::Mock);
    report.cases.push(CaseResult::from_drift(
        &spec,
        &op,
        &op.id,
        Some(200),
        None,
        vec![drift],
    ));
    report
}

#[test]
fn accept_entries_are_matched_expired_stale_or_not_checked() {
    let file = AcceptFile::parse(
        "accept.yaml",
        "accepted:
  - {vendor: verisoul, operation: enrollFaceMatch, kind: drift/undocumented_field, location: /score, reason: r1, expires: 2026-06-30}
  - {vendor: verisoul, operation: enrollFaceMatch, kind: wrong_type, location: /success, reason: r2, expires: 2026-12-31}
  - {vendor: signzy, operation: enroll, kind: undocumented_field, location: /x, reason: r3, expires: 2026-12-31}
",
    )
    .unwrap();
    let mut report = drift_report(Vendor::Verisoul, "enrollFaceMatch", "/score");
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();

    file.apply(&mut report, day(6, 30));
    let states: Vec<EntryState> = report.accept_entries.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [
            EntryState::Matched,
            EntryState::Stale,
            EntryState::NotChecked
        ]
    );
    assert_eq!(report.accept_entries[0].line, Some(2));
    let accepted = report.cases[0].findings[0].accepted.as_ref().unwrap();
    assert_eq!(accepted.reason, "r1");
    assert!(report.passed(), "accepted through its expiry day");

    file.apply(&mut report, day(7, 1));
    let states: Vec<EntryState> = report.accept_entries.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [
            EntryState::Expired,
            EntryState::Stale,
            EntryState::NotChecked
        ]
    );
    assert!(report.cases[0].findings[0].accepted.is_none());
    assert!(!report.passed());
    assert_eq!(report.totals().expired_entries, 1);

    // Another location is new drift.
    let mut other = drift_report(Vendor::Verisoul, "enrollFaceMatch", "/scores");
    file.apply(&mut other, day(6, 1));
    assert!(!other.passed());
    assert_eq!(other.accept_entries[0].state, EntryState::Stale);
}

#[test]
fn coverage_counts_the_examples_and_finds_what_no_example_shows() {
    for vendor in Vendor::ALL {
        let coverage = VendorCoverage::from_spec(&Spec::load(vendor).unwrap());
        assert_eq!(
            coverage.examples,
            example_count(&[vendor.name()]),
            "{vendor}"
        );
        assert_eq!(coverage.examples, coverage.provenance.total());
    }
    // Verisoul's constructed examples are marked so in its spec; two requests carry two marks
    // each and count once: the session's two query parameters, and updateAccount's body with its
    // path parameter.
    let verisoul = VendorCoverage::from_spec(&Spec::load(Vendor::Verisoul).unwrap());
    let marks = faceauth_conformance::spec_source(Vendor::Verisoul)
        .matches("x-faceauth-constructed: true")
        .count();
    assert_eq!(verisoul.provenance.constructed, marks - 2);

    // Each mark moves an example to its kind: Verisoul's enrolment success, the vendor's text,
    // marked third-party, then repaired.
    let source = faceauth_conformance::spec_source(Vendor::Verisoul);
    let enrolled =
        "                  value:\n                    request_id: 8757569c-61e6-454b-afc9-59232e861496\n";
    assert_eq!(
        source.matches(enrolled).count(),
        1,
        "the example is where this test expects"
    );
    for (mark, moved) in [
        ("x-faceauth-third-party: true", Provenance::ThirdParty),
        ("x-faceauth-verbatim: '{}'", Provenance::Repaired),
        ("x-faceauth-constructed: true", Provenance::Constructed),
    ] {
        let edited = source.replacen(
            enrolled,
            &format!("                  {mark}\n{enrolled}"),
            1,
        );
        let marked = VendorCoverage::from_spec(&Spec::parse(Vendor::Verisoul, &edited).unwrap());
        let mut expected = verisoul.provenance;
        expected.verbatim -= 1;
        expected.add(moved);
        assert_eq!(marked.provenance, expected, "{mark}");
    }

    // A documented property no example shows, and a status without an example.
    let source = faceauth_conformance::spec_source(Vendor::Verisoul);
    let from = "        success:\n          type: boolean\n          description: Indicates whether the enrollment was successful\n";
    assert!(source.contains(from));
    let edited = source.replacen(
        from,
        &format!("{from}        confidence:\n          type: number\n"),
        1,
    );
    let spec = Spec::parse(Vendor::Verisoul, &edited).unwrap();
    let coverage = VendorCoverage::from_spec(&spec);
    let unseen: Vec<String> = coverage
        .properties_without_example
        .iter()
        .map(|p| format!("{} {} {}", p.operation, p.status, p.property))
        .collect();
    let before: Vec<String> = verisoul
        .properties_without_example
        .iter()
        .map(|p| format!("{} {} {}", p.operation, p.status, p.property))
        .collect();
    let added: Vec<&String> = unseen.iter().filter(|p| !before.contains(p)).collect();
    assert!(!added.is_empty());
    assert!(
        added.iter().all(|p| p.ends_with(" /confidence")),
        "{added:?}"
    );
    assert!(
        added
            .iter()
            .any(|p| p == &"enrollFaceMatch 200 /confidence"),
        "{added:?}"
    );
}

#[test]
fn coverage_lists_a_documented_status_without_an_example() {
    let source = faceauth_conformance::spec_source(Vendor::Verisoul);
    let before = VendorCoverage::from_spec(&Spec::load(Vendor::Verisoul).unwrap());
    assert_eq!(before.statuses_without_example, []);
    // enrollFaceMatch (the first operation with a 400) gains a 409 with a body but no example.
    let edited = source.replacen(
        "        '400':\n",
        "        '409':\n          description: conflict\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/EnrollErrorResponse'\n        '400':\n",
        1,
    );
    let coverage = VendorCoverage::from_spec(&Spec::parse(Vendor::Verisoul, &edited).unwrap());
    let statuses: Vec<(String, String)> = coverage
        .statuses_without_example
        .iter()
        .map(|s| (s.operation.clone(), s.status.clone()))
        .collect();
    assert_eq!(statuses, [("enrollFaceMatch".to_owned(), "409".to_owned())]);
    assert_eq!(
        coverage.examples, before.examples,
        "a status without an example adds none"
    );
}

/// The rule of each real failure the runner words (not sample strings): a request example that
/// does not fit the types, a response that does not decode, a body the types drop a field of.
#[tokio::test]
async fn real_runner_failures_get_their_rule() {
    let cases = [
        (
            Vendor::Signzy,
            "precision: high",
            "precision: 7",
            "signzy",
            "example/not_called",
        ),
        (
            Vendor::Signzy,
            "status: 200 OK",
            "status: 200",
            "signzy",
            "example/response_outcome",
        ),
        (
            Vendor::Verisoul,
            SCORE_FROM,
            SCORE_TO,
            "verisoul",
            "example/response_body",
        ),
    ];
    for (vendor, from, to, name, rule) in cases {
        let source = faceauth_conformance::spec_source(vendor);
        assert!(source.contains(from));
        let spec = Spec::parse(vendor, &source.replacen(from, to, 1)).unwrap();
        let mut rules = Vec::new();
        for check in conformance::check_spec(&spec).await {
            let case = CaseResult::from_example_check(&spec, &check);
            rules.extend(case.findings.iter().map(|f| f.kind.id()));
        }
        assert!(rules.iter().any(|r| r == rule), "{name}: {rules:?}");
    }
}

#[test]
fn reports_are_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let report = drift_report(Vendor::Verisoul, "enrollFaceMatch", "/score");
    let junit = dir.path().join("junit.xml");
    std::fs::write(&junit, "<previous run/>").unwrap();
    // The SARIF's folder is gone by the time the reports are written: the JUnit report, staged
    // first, is not renamed over the previous one, and its temporary file is removed.
    let outputs = Outputs {
        junit: Some(junit.clone()),
        sarif: Some(dir.path().join("gone").join("drift.sarif")),
        markdown: None,
    };
    let error = report.write(&outputs).unwrap_err().to_string();
    assert!(error.contains("gone/drift.sarif"), "{error}");
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), "<previous run/>");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let outputs = Outputs {
        junit: Some(junit.clone()),
        sarif: Some(dir.path().join("drift.sarif")),
        markdown: Some(dir.path().join("drift.md")),
    };
    report.write(&outputs).unwrap();
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), report.to_junit());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("drift.md")).unwrap(),
        report.to_markdown()
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn report_paths_are_checked_against_each_other_and_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("traffic.jsonl");
    std::fs::write(&input, "").unwrap();
    let link = dir.path().join("link.jsonl");
    std::fs::hard_link(&input, &link).unwrap();
    let fresh = dir.path().join("fresh.xml");
    let check = |junit: &Path, sarif: Option<&Path>| {
        Outputs {
            junit: Some(junit.to_owned()),
            sarif: sarif.map(Path::to_owned),
            markdown: None,
        }
        .check(&[&input])
    };
    assert!(check(&fresh, None).is_ok());
    let refused = [
        (check(&input, None), "the same file as the input"),
        (check(&link, None), "the same file as the input"),
        (
            check(&dir.path().join(".").join("traffic.jsonl"), None),
            "the same file as the input",
        ),
        (check(&fresh, Some(&fresh)), "--sarif"),
        (check(dir.path(), None), "a directory, not a file path"),
        (
            check(&dir.path().join("no-folder").join("j.xml"), None),
            "does not exist",
        ),
    ];
    for (result, says) in refused {
        let error = result.unwrap_err().to_string();
        assert!(error.contains(says), "{error}");
        assert_eq!(error.lines().count(), 1);
    }
    // The checks leave nothing behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}
