//! Answers one vendor's requests from its spec: documented examples for valid requests, a
//! documented error or a 401/422 naming each violation for the others.

use bytes::Bytes;
use serde_json::{json, Value};

use super::{MockAnswer, MockRequest};
use crate::conformance::capture::parse_multipart;
use crate::conformance::schema::SchemaValidator;
use crate::conformance::spec::{CredentialScheme, Spec, SpecOperation};
use crate::Vendor;

/// Answers one vendor's requests from its spec. Everything a request is checked against
/// (validators, documented bodies) is prepared once, when the responder is built.
pub struct SpecResponder {
    vendor: Vendor,
    credential: Option<CredentialScheme>,
    operations: Vec<PreparedOperation>,
}

/// One operation, ready to answer.
struct PreparedOperation {
    operation: SpecOperation,
    /// The JSON body's validator (strict: undocumented fields are violations).
    json_body: Option<SchemaValidator>,
    /// The multipart form's schema, resolved.
    form: Option<Value>,
    parameters: Vec<PreparedParameter>,
    /// The documented response given to an invalid request, if the spec names one.
    invalid_request: Option<usize>,
    /// Each documented response's body, serialised.
    bodies: Vec<Bytes>,
}

struct PreparedParameter {
    parameter: crate::conformance::spec::Parameter,
    required: bool,
    validator: SchemaValidator,
}

impl SpecResponder {
    /// A responder for `spec`'s operations.
    pub fn new(spec: Spec) -> Result<Self, String> {
        let operations = spec
            .operations()
            .into_iter()
            .map(|operation| prepare(&spec, operation))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            vendor: spec.vendor,
            credential: spec.credential_scheme(),
            operations,
        })
    }

    fn find(&self, method: &str, path: &str) -> Result<&PreparedOperation, MockAnswer> {
        let exact = self.operations.iter().find(|p| {
            p.operation.method.eq_ignore_ascii_case(method) && path_matches(&p.operation.path, path)
        });
        if let Some(prepared) = exact {
            return Ok(prepared);
        }
        let on_path: Vec<&PreparedOperation> = self
            .operations
            .iter()
            .filter(|p| path_matches(&p.operation.path, path))
            .collect();
        if on_path.is_empty() {
            let documented: Vec<String> = self
                .operations
                .iter()
                .map(|p| format!("{} {}", p.operation.method, p.operation.path))
                .collect();
            return Err(problem(
                404,
                &format!("no documented operation at {path}"),
                json!({ "documented": documented }),
            ));
        }
        on_path
            .iter()
            .find(|p| p.operation.method.eq_ignore_ascii_case(method))
            .copied()
            .ok_or_else(|| {
                problem(
                    405,
                    &format!("{method} is not documented for {path}"),
                    json!({ "allowed": on_path.iter().map(|p| &p.operation.method).collect::<Vec<_>>() }),
                )
            })
    }
}

fn prepare(spec: &Spec, operation: SpecOperation) -> Result<PreparedOperation, String> {
    let op = spec.operation_object(&operation);
    let at = |what: &str| format!("{} {}: {what}", spec.vendor, operation.id);
    let mut json_body = None;
    let mut form = None;
    if let Some(media_type) = &operation.request_media_type {
        let schema = &op["requestBody"]["content"][media_type]["schema"];
        match media_type.as_str() {
            "application/json" => {
                json_body = Some(SchemaValidator::strict(spec, schema).map_err(|e| at(&e))?)
            }
            "multipart/form-data" => form = Some(resolved(spec, schema)),
            _ => {}
        }
    }
    let parameters = operation
        .parameters
        .iter()
        .map(|parameter| {
            let required = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == parameter.name.as_str() && p["required"] == true);
            Ok(PreparedParameter {
                parameter: parameter.clone(),
                required,
                validator: SchemaValidator::new(spec, &parameter.schema).map_err(|e| at(&e))?,
            })
        })
        .collect::<Result<_, String>>()?;
    let invalid_request = op["x-faceauth-invalid-request-example"]
        .as_str()
        .and_then(|name| {
            operation
                .responses
                .iter()
                .position(|r| r.example.name == name)
        });
    let bodies = operation
        .responses
        .iter()
        .map(|r| match r.media_type.is_empty() {
            // Documented without a body: the example is the headers.
            true => Bytes::new(),
            false => {
                Bytes::from(serde_json::to_vec(&r.example.value).expect("JSON values serialise"))
            }
        })
        .collect();
    Ok(PreparedOperation {
        operation,
        json_body,
        form,
        parameters,
        invalid_request,
        bodies,
    })
}

impl SpecResponder {
    /// The vendor this responder serves.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The answer to `request`, whose path starts with `/<vendor>`.
    pub fn respond(&self, request: &MockRequest) -> MockAnswer {
        let prefix = format!("/{}", self.vendor.name());
        let path = request.path.strip_prefix(&prefix).unwrap_or_default();
        let prepared = match self.find(request.method.as_str(), path) {
            Ok(prepared) => prepared,
            Err(answer) => return answer,
        };

        let violations = self.violations(prepared, request);
        if let Some(credential) = &violations.credential {
            return match documented_status(&prepared.operation, 401) {
                Some(index) => prepared.answer(index),
                None => problem(401, credential, json!({})),
            };
        }
        if !violations.other.is_empty() {
            if let Some(index) = prepared.invalid_request {
                return prepared.answer(index);
            }
            return problem(
                422,
                "the request does not match the spec",
                json!({ "violations": violations.other }),
            );
        }

        match choose_response(&prepared.operation, request) {
            Ok(index) => prepared.answer(index),
            Err(why) => problem(422, &why, json!({})),
        }
    }
}

impl PreparedOperation {
    fn answer(&self, index: usize) -> MockAnswer {
        let response = &self.operation.responses[index];
        let mut headers = response.headers.clone();
        // Which documented example this is, for an application's test to check what it got.
        headers.push((
            "x-faceauth-mock-example".to_owned(),
            response.example.name.clone(),
        ));
        MockAnswer {
            status: response.status,
            content_type: response.media_type.clone(),
            body: self.bodies[index].clone(),
            headers,
        }
    }
}

/// What is wrong with a request: a missing credential is told apart, it has its own status.
#[derive(Default)]
struct Violations {
    credential: Option<String>,
    other: Vec<String>,
}

impl SpecResponder {
    fn violations(&self, prepared: &PreparedOperation, request: &MockRequest) -> Violations {
        let operation = &prepared.operation;
        let mut found = Violations::default();
        if let (false, Some(scheme)) = (operation.public, &self.credential) {
            let sent = request
                .headers
                .get(scheme.header.as_str())
                .and_then(|v| v.to_str().ok());
            let carried = sent.is_some_and(|value| {
                value.starts_with(&scheme.prefix) && value.len() > scheme.prefix.len()
            });
            if !carried {
                found.credential = Some(format!(
                    "missing credential: the {} header must carry {}<credential>",
                    scheme.header, scheme.prefix
                ));
            }
        }

        for prepared_param in &prepared.parameters {
            let param = &prepared_param.parameter;
            let sent = match param.location.as_str() {
                "query" => request.query_parameter(&param.name),
                "path" => path_parameter(&operation.path, &request.path, &param.name),
                _ => continue,
            };
            match sent {
                None if prepared_param.required => found.other.push(format!(
                    "{} parameter `{}` is missing",
                    param.location, param.name
                )),
                None => {}
                Some(text) => {
                    for v in prepared_param
                        .validator
                        .violations(&param.value_from_text(&text))
                    {
                        found.other.push(format!(
                            "{} parameter `{}`: {v}",
                            param.location, param.name
                        ));
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
        if let Some(validator) = &prepared.json_body {
            match serde_json::from_slice::<Value>(&request.body) {
                Err(e) => found.other.push(format!("the body is not JSON: {e}")),
                Ok(body) => found.other.extend(
                    validator
                        .violations(&body)
                        .into_iter()
                        .map(|v| format!("body {v}")),
                ),
            }
        } else if let Some(form) = &prepared.form {
            found
                .other
                .extend(multipart_violations(form, content_type, &request.body));
        }
        found
    }
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
        } else if field["type"] == "integer" && part.value.trim().parse::<i64>().is_err() {
            violations.push(format!("form field `{}` must be an integer", part.name));
        } else if field["type"] == "number" && part.value.trim().parse::<f64>().is_err() {
            violations.push(format!("form field `{}` must be a number", part.name));
        }
    }
    violations
}

fn documented_status(operation: &SpecOperation, status: u16) -> Option<usize> {
    operation.responses.iter().position(|r| r.status == status)
}

/// Picks the response a `Prefer` header asks for, or the first documented success.
///
/// `Prefer: code=NNN` and `Prefer: example=NAME` pick a documented response; `for=OPERATION_ID`
/// scopes them to one operation (an application sets one header on its HTTP client, and its
/// token requests go through the same client). Unscoped preferences are not applied to the
/// operations sent without the credential (logins, token requests), so that a test of an
/// enrolment's refusal does not also refuse its login; scoped ones are.
fn choose_response(operation: &SpecOperation, request: &MockRequest) -> Result<usize, String> {
    let prefer = request
        .headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .filter_map(|p| p.trim().split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_owned(),
            )
        })
        .collect::<Vec<_>>();
    let value_of = |key: &str| {
        prefer
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let scope = value_of("for");
    let applies = match &scope {
        Some(operation_id) => *operation_id == operation.id,
        None => !operation.public,
    };
    let (wanted_code, wanted_example) = if applies {
        (value_of("code"), value_of("example"))
    } else {
        (None, None)
    };
    let documented = || {
        operation
            .responses
            .iter()
            .map(|r| format!("{} {}", r.status, r.example.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let found = if wanted_code.is_none() && wanted_example.is_none() {
        operation.responses.iter().position(|r| r.status < 400)
    } else {
        operation.responses.iter().position(|r| {
            wanted_code
                .as_ref()
                .is_none_or(|c| r.status.to_string() == *c)
                && wanted_example.as_ref().is_none_or(|e| r.example.name == *e)
        })
    };
    found.ok_or_else(|| {
        format!(
            "no documented response of {} matches Prefer {prefer:?}; documented: {}",
            operation.id,
            documented()
        )
    })
}

/// An answer of the mock itself (not a documented one): JSON naming what is wrong.
pub(super) fn problem(status: u16, error: &str, details: Value) -> MockAnswer {
    let mut body = json!({ "error": error, "from": "faceauth mock" });
    if let (Value::Object(body), Value::Object(details)) = (&mut body, details) {
        body.extend(details);
    }
    MockAnswer {
        status,
        content_type: "application/json".to_owned(),
        body: Bytes::from(serde_json::to_vec(&body).expect("JSON values serialise")),
        headers: Vec::new(),
    }
}

/// Whether `path` is an instance of the spec path `template` (`{name}` matches one segment).
fn path_matches(template: &str, path: &str) -> bool {
    // Without allocating: it runs for every operation on every request.
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(t), Some(p))
                if t == p || (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) => {}
            _ => return false,
        }
    }
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
