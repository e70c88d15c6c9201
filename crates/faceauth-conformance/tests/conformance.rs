//! The conformance suite: every documented example of every spec, through the typed clients,
//! against a wiremock server (see `faceauth_clients::conformance`).
//!
//! For each request example, the captured request (method, path, query, headers with credentials
//! redacted, body) is pinned by a snapshot; for each response example, the typed value is.
//! The runner itself checks that the sent body equals the documented one and that each typed
//! value serialises back to the documented body.

use faceauth_clients::Vendor;
use faceauth_conformance::{self as conformance, Case, ExampleCheck};

async fn check_vendor(vendor: Vendor) {
    let spec = conformance::Spec::load(vendor).expect("the spec parses");
    let checks = conformance::check_spec(&spec).await;
    assert!(!checks.is_empty(), "{vendor}: the spec has no examples");

    let failures: Vec<String> = checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| {
            let lines: Vec<&str> = c.failures.iter().map(|f| f.message.as_str()).collect();
            format!("{}:\n    {}", c.name(), lines.join("\n    "))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{vendor}: {} of {} examples fail:\n{}",
        failures.len(),
        checks.len(),
        failures.join("\n")
    );

    let secret_fields = spec.secret_fields();
    for check in &checks {
        pin(check, &secret_fields);
    }
}

/// Pins what the client sent (request examples; secret body fields redacted) or returned
/// (response examples; secrets print redacted by their type).
fn pin(check: &ExampleCheck, secret_fields: &[String]) {
    insta::with_settings!({
        snapshot_path => "snapshots/conformance",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        match &check.case {
            Case::Request { .. } => insta::assert_yaml_snapshot!(
                check.name(),
                check.captured.as_ref().map(|c| c.with_secret_fields_redacted(secret_fields))
            ),
            Case::Response { .. } => insta::assert_snapshot!(
                check.name(),
                check.typed.as_deref().unwrap_or("<no typed value>")
            ),
        }
    });
}

/// Each vendor's test, by an exhaustive match: a vendor added to `Vendor` does not compile here
/// until it has its test (one test per vendor, so they run in parallel and fail separately).
#[allow(dead_code)]
fn test_of(vendor: Vendor) -> fn() {
    match vendor {
        Vendor::Signzy => signzy_matches_its_documented_examples,
        Vendor::Verisoul => verisoul_matches_its_documented_examples,
        Vendor::Advance => advance_matches_its_documented_examples,
        Vendor::Progeny => progeny_matches_its_documented_examples,
    }
}

#[tokio::test]
async fn signzy_matches_its_documented_examples() {
    check_vendor(Vendor::Signzy).await;
}

#[tokio::test]
async fn verisoul_matches_its_documented_examples() {
    check_vendor(Vendor::Verisoul).await;
}

#[tokio::test]
async fn advance_matches_its_documented_examples() {
    check_vendor(Vendor::Advance).await;
}

#[tokio::test]
async fn progeny_matches_its_documented_examples() {
    check_vendor(Vendor::Progeny).await;
}

/// A snapshot whose example was removed or renamed would otherwise linger unreviewed.
#[tokio::test]
async fn every_snapshot_belongs_to_a_documented_example() {
    let mut names = std::collections::BTreeSet::new();
    for vendor in Vendor::ALL {
        let spec = conformance::Spec::load(vendor).unwrap();
        for op in spec.operations() {
            let requests = op.requests();
            for request in &requests {
                names.insert(format!("{vendor}__{}__request__{}", op.id, request.name));
            }
            for response in &op.responses {
                names.insert(format!(
                    "{vendor}__{}__response_{}__{}",
                    op.id, response.status, response.example.name
                ));
            }
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/conformance");
    let orphans: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".snap").map(str::to_owned))
        .filter(|name| !names.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots without an example (delete them): {orphans:#?}"
    );
}
