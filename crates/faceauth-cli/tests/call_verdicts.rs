//! `faceauth call`'s exit status is what each documented answer stands for: every response
//! example of every vendor, served by a stand-in vendor, exits 0 when its spec declares it a
//! success (`x-faceauth-outcome: success`), 1 with the declared code on stderr when it declares a
//! refusal (whatever HTTP status carried it: ADVANCE.AI's codes in an HTTP 200, Progeny's
//! FACE_NOT_FOUND task), 6 when the refusal is of the credential (a 401 or 403, or the vendor's
//! code for it), and 7 when it declares work still running.

mod support;

use faceauth_clients::Vendor;
use faceauth_conformance::{DeclaredOutcome, Spec};
use serde_json::Value;
use support::*;

#[tokio::test]
async fn every_documented_answer_exits_as_its_spec_declares() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut refusals = 0;
    let mut credential_refusals = 0;
    let mut disagreements = Vec::new();
    for vendor in Vendor::built() {
        let spec = Spec::load(vendor).unwrap();
        let credential_var = faceauth_conformance::credential_vars(vendor).static_var;
        for operation in spec.operations() {
            for response in &operation.responses {
                let declared = response.declared.clone().unwrap_or_else(|why| {
                    panic!(
                        "{vendor} {} HTTP {} {}: {why}",
                        operation.id, response.status, response.example.name
                    )
                });
                let server = serving(response).await;
                let args = call_arguments(vendor, &operation, &server.uri(), dir.path());
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let output = faceauth(&args, &[(credential_var, "test-credential")], None).await;
                let (want, says) = match &declared {
                    DeclaredOutcome::Success => (0, None),
                    DeclaredOutcome::Pending => (7, None),
                    // A refused credential has its own code: a 401 or 403, or the vendor's
                    // code for it in the body.
                    DeclaredOutcome::Refused { code }
                        if matches!(response.status, 401 | 403)
                            || code.is_some()
                                && code.as_deref() == vendor.credential_refusal_code() =>
                    {
                        credential_refusals += 1;
                        (6, code.clone())
                    }
                    DeclaredOutcome::Refused { code } => (1, code.clone()),
                };
                let err = stderr(&output);
                let agrees = output.status.code() == Some(want)
                    && says.as_ref().is_none_or(|code| err.contains(code.as_str()));
                if !agrees {
                    disagreements.push(format!(
                        "{vendor} {} HTTP {} {} (declared {declared}): exit {:?}, stderr {err:?}",
                        operation.id,
                        response.status,
                        response.example.name,
                        output.status.code()
                    ));
                }
                if want == 1 || want == 6 {
                    refusals += 1;
                    // A refusal is said on stderr, in one line, after the JSON on stdout.
                    assert_eq!(err.lines().count(), 1, "{err:?}");
                    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
                    assert!(printed.is_object(), "{printed}");
                }
                checked += 1;
            }
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    // Every response example of the four specs, each read by this test's own walk.
    let built: Vec<&str> = Vendor::built().map(Vendor::name).collect();
    let (examples, declared_refusals) = support::example_counts::response_outcomes(&built);
    assert_eq!(checked, examples);
    assert_eq!(refusals, declared_refusals);
    // Progeny's documented 401 (an expired token) is the one refused credential the specs
    // document.
    assert_eq!(credential_refusals, 1);
}
