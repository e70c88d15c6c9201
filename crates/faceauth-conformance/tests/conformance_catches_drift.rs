//! The conformance runner fails when the types and the documented examples disagree: each test
//! feeds it a spec whose example was changed the way a vendor's document (or a careless spec edit)
//! could change it, and checks that the failure names the difference.

use faceauth_clients::Vendor;
use faceauth_conformance::{self as conformance, Spec};

/// Runs the runner on `vendor`'s spec with `from` replaced by `to`; returns every failure line.
async fn failures_after_edit(vendor: Vendor, from: &str, to: &str) -> Vec<String> {
    let source = faceauth_conformance::spec_source(vendor);
    assert!(source.contains(from), "the edit must apply: {from:?}");
    let spec = Spec::parse(vendor, &source.replacen(from, to, 1)).expect("still YAML");
    conformance::check_spec(&spec)
        .await
        .into_iter()
        .flat_map(|c| {
            let name = c.name();
            c.failures.into_iter().map(move |f| format!("{name}: {f}"))
        })
        .collect()
}

fn assert_reports(failures: &[String], expected: &str) {
    assert!(
        failures.iter().any(|f| f.contains(expected)),
        "no failure says {expected:?}: {failures:#?}"
    );
}

#[tokio::test]
async fn the_unmodified_specs_pass() {
    for vendor in Vendor::ALL {
        assert_eq!(
            failures_after_edit(vendor, "openapi", "openapi").await,
            Vec::<String>::new()
        );
    }
}

#[tokio::test]
async fn a_documented_response_field_the_types_drop_fails() {
    let failures = failures_after_edit(
        Vendor::Verisoul,
        "                    request_id: 8757569c-61e6-454b-afc9-59232e861496\n",
        "                    request_id: 8757569c-61e6-454b-afc9-59232e861496\n                    score: 0.97\n",
    )
    .await;
    assert_reports(
        &failures,
        "verisoul__enrollFaceMatch__response_200__success: response body $.score: documented 0.97, dropped by the types",
    );
}

#[tokio::test]
async fn a_documented_request_field_the_types_drop_fails() {
    let failures = failures_after_edit(
        Vendor::Advance,
        "                  region: PHL\n",
        "                  region: PHL\n                  callbackUrl: https://example.com\n",
    )
    .await;
    assert_reports(
        &failures,
        "advance__saveEnroll__request__documented: request body $.callbackUrl: documented \"https://example.com\", dropped by the types",
    );
}

#[tokio::test]
async fn a_response_that_does_not_decode_fails_with_its_reason() {
    // A number where the type has a string. (An unlisted enum value is no failure: enums are
    // open, see tests/forward_compatibility.rs.)
    let failures = failures_after_edit(Vendor::Signzy, "status: 200 OK", "status: 200").await;
    assert_reports(
        &failures,
        "signzy__enroll__response_200__success: HTTP 200: expected a typed Success",
    );
    assert_reports(
        &failures,
        "the response body does not match the spec (invalid type: integer `200`",
    );
}

#[tokio::test]
async fn a_request_example_that_does_not_fit_the_types_fails() {
    let failures = failures_after_edit(Vendor::Signzy, "precision: high", "precision: 7").await;
    assert_reports(
        &failures,
        "the request body does not fit the generated type AuthenticateRequest",
    );
}

#[tokio::test]
async fn an_operation_the_compiled_client_lacks_fails() {
    let failures = failures_after_edit(
        Vendor::Progeny,
        "operationId: getTask",
        "operationId: getTaskV4",
    )
    .await;
    assert_reports(
        &failures,
        "progeny__getTaskV4__request__documented: progeny getTaskV4: the crate was built from a spec without getTaskV4",
    );
}

#[tokio::test]
async fn a_response_under_another_status_fails() {
    // The client must report the documented error as an error, with its status.
    let failures =
        failures_after_edit(Vendor::Verisoul, "        '400':\n", "        '409':\n").await;
    assert_reports(&failures, "verisoul__enrollFaceMatch__response_409__session_not_found: HTTP 409: expected a typed DocumentedError");
}
