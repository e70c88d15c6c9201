//! What the tests of the `faceauth` command share: running the binary, reading its output, and
//! vendor stand-ins.

#![allow(dead_code)]

#[allow(unused_imports)]
pub use faceauth_test_support::example_counts;

use std::process::{Command, Output, Stdio};

use faceauth_clients::Vendor;
use faceauth_conformance::Spec;
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
        let mut command = Command::new(FACEAUTH);
        command
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FACEAUTH_")) {
            command.env_remove(key);
        }
        command.envs(env);
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
    })
    .await
    .unwrap()
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

#[allow(unused_imports)]
pub use faceauth_test_support::huge_body_server;
