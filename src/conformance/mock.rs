//! The mock server: serves each vendor's API from its spec's examples, under `/<vendor>`, and
//! validates every request against the spec, as an honest peer for clients that are not ours.
//!
//! - A valid request gets the operation's first documented success example.
//! - `Prefer: code=NNN` or `Prefer: example=NAME` (as Prism spells it) picks another documented
//!   response.
//! - A request that does not match the spec gets the operation's documented error where the spec
//!   names one for invalid requests (`x-faceauth-invalid-request-example`), a documented 401 for a
//!   missing credential where there is one, or else a 422 (401 for the credential) naming each
//!   violation.
//!
//! ```no_run
//! use faceauth_clients::{conformance::mock, Vendor};
//!
//! # async fn run() -> Result<(), String> {
//! let running = mock::start("127.0.0.1:0".parse().unwrap(), &Vendor::ALL).await?;
//! println!("verisoul at {}", running.base_url(Vendor::Verisoul));
//! # Ok(())
//! # }
//! ```

use std::net::SocketAddr;

use serde_json::{json, Value};
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::capture::parse_multipart;
use super::schema::SchemaValidator;
use super::spec::{Operation, ResponseExample, Spec};
use crate::Vendor;

/// The running mock server. It stops when this is dropped.
pub struct RunningMock {
    server: MockServer,
}

impl RunningMock {
    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The base URL that serves `vendor`'s API: `http://<address>/<vendor>`.
    pub fn base_url(&self, vendor: Vendor) -> String {
        format!("{}/{}", self.server.uri(), vendor.name())
    }
}

/// Starts the mock on `address` (port 0 picks a free port) for `vendors`.
pub async fn start(address: SocketAddr, vendors: &[Vendor]) -> Result<RunningMock, String> {
    let listener = std::net::TcpListener::bind(address)
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let server = MockServer::builder().listener(listener).start().await;
    for &vendor in vendors {
        let spec = Spec::load(vendor)?;
        Mock::given(path_regex(format!("^/{}/", vendor.name())))
            .respond_with(SpecResponder::new(spec))
            .mount(&server)
            .await;
    }
    Ok(RunningMock { server })
}

/// Answers one vendor's requests from its spec.
pub struct SpecResponder {
    spec: Spec,
    operations: Vec<Operation>,
}

impl SpecResponder {
    /// A responder for `spec`'s operations.
    pub fn new(spec: Spec) -> Self {
        let operations = spec.operations();
        Self { spec, operations }
    }

    fn find(&self, method: &str, path: &str) -> Result<&Operation, Box<ResponseTemplate>> {
        let on_path: Vec<&Operation> = self
            .operations
            .iter()
            .filter(|op| path_matches(&op.path, path))
            .collect();
        if on_path.is_empty() {
            let documented: Vec<String> = self
                .operations
                .iter()
                .map(|op| format!("{} {}", op.method, op.path))
                .collect();
            return Err(Box::new(problem(
                404,
                &format!("no documented operation at {path}"),
                json!({ "documented": documented }),
            )));
        }
        on_path
            .iter()
            .find(|op| op.method.eq_ignore_ascii_case(method))
            .copied()
            .ok_or_else(|| {
                Box::new(problem(
                    405,
                    &format!("{method} is not documented for {path}"),
                    json!({ "allowed": on_path.iter().map(|op| &op.method).collect::<Vec<_>>() }),
                ))
            })
    }
}

impl Respond for SpecResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let prefix = format!("/{}", self.spec.vendor.name());
        let path = request.url.path().strip_prefix(&prefix).unwrap_or_default();
        let operation = match self.find(request.method.as_str(), path) {
            Ok(operation) => operation,
            Err(response) => return *response,
        };

        let violations = request_violations(&self.spec, operation, request);
        if let Some(credential) = &violations.credential {
            return documented_status(operation, 401)
                .map(example_response)
                .unwrap_or_else(|| problem(401, credential, json!({})));
        }
        if !violations.other.is_empty() {
            if let Some(example) = invalid_request_example(&self.spec, operation) {
                return example_response(example);
            }
            return problem(
                422,
                "the request does not match the spec",
                json!({ "violations": violations.other }),
            );
        }

        match choose_response(operation, request) {
            Ok(example) => example_response(example),
            Err(why) => problem(422, &why, json!({})),
        }
    }
}

/// What is wrong with a request: a missing credential is told apart, it has its own status.
#[derive(Default)]
struct Violations {
    credential: Option<String>,
    other: Vec<String>,
}

fn request_violations(spec: &Spec, operation: &Operation, request: &Request) -> Violations {
    let mut found = Violations::default();
    if !operation.public {
        if let Some(scheme) = spec.credential_scheme() {
            let sent = request
                .headers
                .get(scheme.header.as_str())
                .and_then(|v| v.to_str().ok());
            match sent {
                Some(value)
                    if value.starts_with(&scheme.prefix) && value.len() > scheme.prefix.len() => {}
                _ => {
                    found.credential = Some(format!(
                        "missing credential: the {} header must carry {}<credential>",
                        scheme.header, scheme.prefix
                    ))
                }
            }
        }
    }

    for param in &operation.parameters {
        let sent = match param.location.as_str() {
            "query" => request
                .url
                .query_pairs()
                .find(|(k, _)| *k == param.name)
                .map(|(_, v)| v.into_owned()),
            "path" => path_parameter(&operation.path, request.url.path(), &param.name),
            _ => continue,
        };
        let required = spec.document["paths"][&operation.path]
            [operation.method.to_ascii_lowercase()]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == param.name.as_str() && p["required"] == true);
        match sent {
            None if required => found.other.push(format!(
                "{} parameter `{}` is missing",
                param.location, param.name
            )),
            None => {}
            Some(text) => {
                let value = param.value_from_text(&text);
                if let Ok(validator) = SchemaValidator::new(spec, &param.schema) {
                    for v in validator.violations(&value) {
                        found.other.push(format!(
                            "{} parameter `{}`: {v}",
                            param.location, param.name
                        ));
                    }
                }
            }
        }
    }

    let Some(media_type) = &operation.request_media_type else {
        return found;
    };
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.starts_with(media_type.as_str()) {
        found.other.push(format!(
            "content type {content_type:?}, documented {media_type}"
        ));
        return found;
    }
    let media = &spec.document["paths"][&operation.path][operation.method.to_ascii_lowercase()]
        ["requestBody"]["content"][media_type];
    let schema = resolved(spec, &media["schema"]);
    if media_type == "application/json" {
        match serde_json::from_slice::<Value>(&request.body) {
            Err(e) => found.other.push(format!("the body is not JSON: {e}")),
            Ok(body) => match SchemaValidator::strict(spec, &media["schema"]) {
                Ok(validator) => found.other.extend(
                    validator
                        .violations(&body)
                        .into_iter()
                        .map(|v| format!("body {v}")),
                ),
                Err(e) => found.other.push(e),
            },
        }
    } else if media_type == "multipart/form-data" {
        found
            .other
            .extend(multipart_violations(&schema, content_type, &request.body));
    }
    found
}

fn multipart_violations(schema: &Value, content_type: &str, body: &[u8]) -> Vec<String> {
    let Some(boundary) = content_type
        .split_once("boundary=")
        .map(|(_, b)| b.trim_matches('"'))
    else {
        return vec!["multipart body without a boundary".to_owned()];
    };
    let Some(parts) = parse_multipart(body, boundary) else {
        return vec!["the multipart body is not well formed".to_owned()];
    };
    let mut violations = Vec::new();
    let properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for required in schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !parts.iter().any(|p| p.name == required) {
            violations.push(format!("form field `{required}` is missing"));
        }
    }
    for part in &parts {
        let Some(field) = properties.get(&part.name) else {
            violations.push(format!("form field `{}` is not documented", part.name));
            continue;
        };
        if field["format"] == "binary" {
            if part.file_name.is_none() {
                violations.push(format!("form field `{}` must be a file", part.name));
            }
        } else if field["type"] == "boolean" && !matches!(part.value.as_str(), "true" | "false") {
            violations.push(format!("form field `{}` must be true or false", part.name));
        }
    }
    violations
}

/// The example the spec names for invalid requests (`x-faceauth-invalid-request-example`).
fn invalid_request_example<'a>(
    spec: &Spec,
    operation: &'a Operation,
) -> Option<&'a ResponseExample> {
    let name = spec.document["paths"][&operation.path][operation.method.to_ascii_lowercase()]
        ["x-faceauth-invalid-request-example"]
        .as_str()?;
    operation.responses.iter().find(|r| r.example.name == name)
}

fn documented_status(operation: &Operation, status: u16) -> Option<&ResponseExample> {
    operation.responses.iter().find(|r| r.status == status)
}

/// Picks the response a `Prefer` header asks for, or the first documented success.
fn choose_response<'a>(
    operation: &'a Operation,
    request: &Request,
) -> Result<&'a ResponseExample, String> {
    let prefer = request
        .headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|p| p.trim().split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_owned(),
            )
        })
        .collect::<Vec<_>>();
    let wanted_code = prefer
        .iter()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.clone());
    let wanted_example = prefer
        .iter()
        .find(|(k, _)| k == "example")
        .map(|(_, v)| v.clone());
    let documented = || {
        operation
            .responses
            .iter()
            .map(|r| format!("{} {}", r.status, r.example.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let found = if wanted_code.is_none() && wanted_example.is_none() {
        operation.first_success()
    } else {
        operation.responses.iter().find(|r| {
            wanted_code
                .as_ref()
                .is_none_or(|c| r.status.to_string() == *c)
                && wanted_example.as_ref().is_none_or(|e| r.example.name == *e)
        })
    };
    found.ok_or_else(|| {
        format!(
            "no documented response matches Prefer {prefer:?}; documented: {}",
            documented()
        )
    })
}

fn example_response(example: &ResponseExample) -> ResponseTemplate {
    let body = serde_json::to_vec(&example.example.value).expect("JSON values serialise");
    ResponseTemplate::new(example.status).set_body_raw(body, &example.media_type)
}

/// An answer of the mock itself (not a documented one): JSON naming what is wrong.
fn problem(status: u16, error: &str, details: Value) -> ResponseTemplate {
    let mut body = json!({ "error": error, "from": "faceauth mock" });
    if let (Value::Object(body), Value::Object(details)) = (&mut body, details) {
        body.extend(details);
    }
    let body = serde_json::to_vec(&body).expect("JSON values serialise");
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

/// Whether `path` is an instance of the spec path `template` (`{name}` matches one segment).
fn path_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

fn path_parameter(template: &str, path: &str, name: &str) -> Option<String> {
    let wanted = format!("{{{name}}}");
    // The request path still has the vendor prefix: match from the end.
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    let offset = p.len().checked_sub(t.len())?;
    t.iter()
        .position(|s| *s == wanted)
        .map(|i| p[i + offset].to_owned())
}

fn resolved(spec: &Spec, schema: &Value) -> Value {
    match schema["$ref"].as_str() {
        Some(reference) => spec.resolve(reference).cloned().unwrap_or(Value::Null),
        None => schema.clone(),
    }
}
