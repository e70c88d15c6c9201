//! What the tests of the `faceauth` command share: running the binary, reading its output, and
//! vendor stand-ins.

#![allow(dead_code)]

#[allow(unused_imports)]
pub use faceauth_test_support::example_counts;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use faceauth_clients::Vendor;
use faceauth_conformance::{ResponseExample, Spec, SpecOperation};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const FACEAUTH: &str = env!("CARGO_BIN_EXE_faceauth");
pub const SESSION: &str = "0007b793-ae5d-45a2-8d9f-4a5b573c3271";

/// Runs `faceauth` with `args` and `env` (no other FACEAUTH_ variable), off the async runtime.
pub async fn faceauth(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(&args, &env, stdin.as_deref())
    })
    .await
    .unwrap()
}

/// Runs `faceauth` with `args` and `env` (no other FACEAUTH_ variable) and waits for it.
pub fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut command = Command::new(FACEAUTH);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FACEAUTH_")) {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().expect("faceauth starts");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().expect("faceauth ends")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn assert_usage_error(output: &Output, says: &str) {
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(output));
    let err = stderr(output);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(says), "{err:?} does not say {says:?}");
}

/// A vendor stand-in that answers every request with `status` and `body`.
pub async fn vendor_answering(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// A plain reqwest client, as an application builds it: no TLS provider to install first.
pub fn plain_http_client() -> reqwest::Client {
    reqwest::Client::new()
}

/// The first documented success body of `operation`.
pub fn documented_success(vendor: Vendor, operation: &str) -> Value {
    let operation = vendor.operation(operation).unwrap();
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.meta == Some(operation))
        .unwrap();
    op.first_success().unwrap().example.value.clone()
}

/// The first documented request body of `operation`.
pub fn documented_body(vendor: Vendor, operation: &str) -> Value {
    let operation = vendor.operation(operation).unwrap();
    let spec = Spec::load(vendor).unwrap();
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.meta == Some(operation))
        .unwrap();
    op.requests()[0].body.clone().unwrap()
}

/// The arguments that send `operation`'s first documented request to `base_url`, with the body
/// and images written into `dir`.
pub fn call_arguments(
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
pub async fn serving(response: &ResponseExample) -> MockServer {
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

#[allow(unused_imports)]
pub use faceauth_test_support::huge_body_server;

/// `<dir>/specs`, holding every built vendor's spec as `edit` leaves the repository's text: the
/// specs of a pull request, for `--specs DIR`.
pub fn specs_folder(dir: &Path, edit: impl Fn(Vendor, String) -> String) -> PathBuf {
    let specs = dir.join("specs");
    std::fs::create_dir(&specs).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    for vendor in Vendor::built() {
        let name = format!("{}.yaml", vendor.name());
        let text = std::fs::read_to_string(source.join(&name)).unwrap();
        std::fs::write(specs.join(name), edit(vendor, text)).unwrap();
    }
    specs
}

/// A traffic recorder's file of every documented JSON response of every vendor the tool has,
/// one line each, in the specs' order: traffic without drift.
pub fn documented_traffic() -> String {
    let mut lines = String::new();
    for vendor in Vendor::built() {
        let spec = Spec::load(vendor).unwrap();
        for operation in spec.operations() {
            for response in &operation.responses {
                if !response.media_type.contains("json") {
                    continue;
                }
                let line = serde_json::json!({"vendor": vendor.name(), "operation": operation.id,
                    "status": response.status,
                    "headers": {"content-type": response.media_type},
                    "body": response.example.value});
                lines.push_str(&format!("{line}\n"));
            }
        }
    }
    lines
}

/// One line of a traffic recorder's file: `vendor`'s `operation` answered `status` with the JSON
/// `body`.
pub fn recorded_line(vendor: &str, operation: &str, status: u16, body: &Value) -> String {
    let line = serde_json::json!({"vendor": vendor, "operation": operation, "status": status,
        "headers": {"content-type": "application/json"}, "body": body});
    format!("{line}\n")
}
