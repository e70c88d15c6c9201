//! The conformance suite: every documented example of every spec, through the typed clients,
//! against a wiremock server (see `faceauth_clients::conformance`).
//!
//! For each request example, the captured request (method, path, query, headers with credentials
//! redacted, body) is pinned by a snapshot; for each response example, the typed value is.
//! The runner itself checks that the sent body equals the documented one and that each typed
//! value serialises back to the documented body.

use faceauth_clients::conformance::{self, Case, ExampleCheck};
use faceauth_clients::Vendor;

async fn check_vendor(vendor: Vendor) {
    let spec = conformance::Spec::load(vendor).expect("the spec parses");
    let checks = conformance::check_spec(&spec).await;
    assert!(!checks.is_empty(), "{vendor}: the spec has no examples");

    let failures: Vec<String> = checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| format!("{}:\n    {}", c.name(), c.failures.join("\n    ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{vendor}: {} of {} examples fail:\n{}",
        failures.len(),
        checks.len(),
        failures.join("\n")
    );

    for check in &checks {
        pin(check);
    }
}

/// Pins what the client sent (request examples) or returned (response examples).
fn pin(check: &ExampleCheck) {
    insta::with_settings!({
        snapshot_path => "snapshots/conformance",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        match &check.case {
            Case::Request { .. } => insta::assert_yaml_snapshot!(check.name(), check.captured),
            Case::Response { .. } => insta::assert_snapshot!(
                check.name(),
                check.typed.as_deref().unwrap_or("<no typed value>")
            ),
        }
    });
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
