//! `faceauth call`'s exit status is what each documented answer stands for: every response
//! example of every vendor, served by a stand-in vendor, exits 0 when its spec declares it a
//! success (`x-faceauth-outcome: success`), 1 with the declared code on stderr when it declares a
//! refusal (whatever HTTP status carried it: ADVANCE.AI's codes in an HTTP 200, Progeny's
//! FACE_NOT_FOUND task), and 7 when it declares work still running.

mod support;

use faceauth_clients::Vendor;
use faceauth_conformance::{DeclaredOutcome, ResponseExample, Spec, SpecOperation};
use serde_json::Value;
use support::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The arguments that send `operation`'s first documented request to `base_url`, with the body
/// and images written into `dir`.
fn call_arguments(
    vendor: Vendor,
    operation: &SpecOperation,
    base_url: &str,
    dir: &std::path::Path,
) -> Vec<String> {
    let request = operation.requests().remove(0);
    let mut args = vec![
        "call".to_owned(),
        vendor.name().to_owned(),
        operation.id.clone(),
        "--base-url".to_owned(),
        base_url.to_owned(),
    ];
    if let Some(body) = &request.body {
        let path = dir.join(format!("{}.json", operation.id));
        std::fs::write(&path, body.to_string()).unwrap();
        args.extend(["--body".to_owned(), path.display().to_string()]);
    }
    for (name, value) in &request.params {
        let text = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        args.extend(["--param".to_owned(), format!("{name}={text}")]);
    }
    // The documented requests upload the runner's face fixture in each file part.
    for (part, _) in &request.images {
        let path = dir.join(format!("{}-{part}.png", operation.id));
        std::fs::write(&path, faceauth_conformance::EXAMPLE_FACE_PNG).unwrap();
        args.extend(["--image".to_owned(), format!("{part}={}", path.display())]);
    }
    args
}

/// A stand-in vendor that answers every request with `response`, as documented.
async fn serving(response: &ResponseExample) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(response.status);
    for (name, value) in &response.headers {
        template = template.insert_header(name.as_str(), value.as_str());
    }
    if !response.media_type.is_empty() {
        template = template.set_body_raw(
            serde_json::to_vec(&response.example.value).unwrap(),
            response.media_type.as_str(),
        );
    }
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn every_documented_answer_exits_as_its_spec_declares() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut refusals = 0;
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
                if want == 1 {
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
}
