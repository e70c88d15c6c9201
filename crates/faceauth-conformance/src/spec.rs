//! A vendor's spec as the conformance runner reads it: its operations and their named examples.

use serde_json::Value;

use std::sync::{Arc, OnceLock};

use super::ExampleRequest;
use faceauth_clients::{OperationMeta, Vendor};
use faceauth_spec::extension::{DeclaredOutcome, HANDWRITTEN, OUTCOME};
use faceauth_spec::fields::{sensitive_fields, Sensitive};
use faceauth_spec::lines::YamlLines;

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A vendor's spec, parsed.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The vendor.
    pub vendor: Vendor,
    /// The whole document, as JSON.
    pub document: Value,
    /// The spec's text, to find a node's line (reports point at it); indexed on first use.
    source: Arc<str>,
    lines: Arc<OnceLock<YamlLines>>,
    /// Where it was read from, as reports name it (`specs/<vendor>.yaml` for a built-in one).
    file: Arc<str>,
}

/// One operation of a spec document, with every example it documents.
#[derive(Debug, Clone)]
pub struct SpecOperation {
    /// Its entry in the operation table the crate was built with; `None` for an operation of an
    /// edited spec that the crate was not built from.
    pub meta: Option<&'static OperationMeta>,
    /// The `operationId`.
    pub id: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path, as the spec writes it.
    pub path: String,
    /// Whether the operation is written by hand (`x-faceauth-handwritten`) rather than generated.
    pub handwritten: bool,
    /// Whether the operation is sent without the credential (`security: []`, e.g. a login).
    pub public: bool,
    /// The request body's media type, if the operation takes a body.
    pub request_media_type: Option<String>,
    /// The named examples of the request body.
    pub request_examples: Vec<Example>,
    /// The file parts of a multipart request body (properties `format: binary`), in the
    /// schema's order: `image`; `firstImage` and `secondImage`.
    pub file_parts: Vec<String>,
    /// The query and path parameters, each with its examples.
    pub parameters: Vec<Parameter>,
    /// Every documented response example, in the spec's order.
    pub responses: Vec<ResponseExample>,
}

/// A named example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The example's key in the spec.
    pub name: String,
    /// The example's value.
    pub value: Value,
    /// The example's `summary`, one line (empty where it has none).
    pub summary: String,
}

/// A query or path parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The parameter's name.
    pub name: String,
    /// `query` or `path`.
    pub location: String,
    /// The parameter's schema.
    pub schema: Value,
    /// The parameter's named examples.
    pub examples: Vec<Example>,
}

/// One documented response: status, body schema and one named example of the body, or, for a
/// response documented without a body (a redirect), one named example of its headers.
#[derive(Debug, Clone)]
pub struct ResponseExample {
    /// The HTTP status.
    pub status: u16,
    /// The media type; empty for a response without a body.
    pub media_type: String,
    /// The documented headers with this example's values (name as the spec spells it).
    pub headers: Vec<(String, String)>,
    /// The `$ref` of the body's schema.
    pub schema_ref: Option<String>,
    /// The example.
    pub example: Example,
    /// The outcome the example stands for (`x-faceauth-outcome`): what the typed client must
    /// make of it. `Err` holds why the declaration is missing or malformed.
    pub declared: Result<DeclaredOutcome, faceauth_spec::extension::MarkError>,
}

/// Whether `verdict` is the outcome `declared`: the same kind, and for a refusal the same code.
pub fn verdict_matches(declared: &DeclaredOutcome, verdict: &faceauth_clients::Verdict) -> bool {
    use faceauth_clients::Verdict;
    match (declared, verdict) {
        (DeclaredOutcome::Success, Verdict::Success)
        | (DeclaredOutcome::Pending, Verdict::Pending) => true,
        (DeclaredOutcome::Refused { code }, Verdict::Refused(refusal)) => *code == refusal.code,
        _ => false,
    }
}

/// How the vendor's security scheme says the credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialScheme {
    /// The header, lower case.
    pub header: String,
    /// What precedes the credential in the header value (`Bearer ` for HTTP bearer).
    pub prefix: String,
}

impl Spec {
    /// Parses the spec the crate was built from.
    pub fn load(vendor: Vendor) -> Result<Self, super::Error> {
        Self::parse(vendor, super::spec_source(vendor))
    }

    /// Parses a spec's text.
    pub fn parse(vendor: Vendor, text: &str) -> Result<Self, super::Error> {
        Self::parse_file(vendor, &format!("specs/{}.yaml", vendor.name()), text)
    }

    /// Reads `<dir>/<vendor>.yaml` instead of the spec the crate was built from (a pull request's
    /// specs, a proposal applied), within the bounds of every spec read; an error names the file.
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    /// use faceauth_conformance::Spec;
    ///
    /// let dir = std::env::temp_dir().join("faceauth-spec-read-doctest");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("verisoul.yaml"), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
    /// let spec = Spec::read(Vendor::Verisoul, &dir).unwrap();
    /// assert!(spec.file().ends_with("verisoul.yaml"));
    /// assert!(Spec::read(Vendor::Progeny, &dir).unwrap_err().to_string().contains("progeny.yaml"));
    /// ```
    pub fn read(vendor: Vendor, dir: &std::path::Path) -> Result<Self, super::Error> {
        let path = dir.join(format!("{}.yaml", vendor.name()));
        let file = path.display().to_string();
        let text = faceauth_spec::load::read(&path, &file)?;
        Self::parse_file(vendor, &file, &text)
    }

    fn parse_file(vendor: Vendor, file: &str, text: &str) -> Result<Self, super::Error> {
        // Untrusted input: every spec is read within the project's bounds.
        let document = faceauth_spec::load::load(file, text)?;
        Ok(Self {
            vendor,
            document,
            source: text.into(),
            lines: Arc::default(),
            file: file.into(),
        })
    }

    /// Where the spec was read from, as reports name it: its path in the repository
    /// (`specs/<vendor>.yaml`) for a built-in one.
    pub fn file(&self) -> String {
        self.file.to_string()
    }

    /// The line (1-based) of the node at a JSON pointer into the document (`/components/schemas/X`),
    /// or of its nearest ancestor in the text.
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    /// use faceauth_conformance::Spec;
    ///
    /// let spec = Spec::parse(Vendor::Verisoul, "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n").unwrap();
    /// assert_eq!(spec.line_of("/paths/~1a/get"), Some(4));
    /// ```
    pub fn line_of(&self, pointer: &str) -> Option<u32> {
        self.lines
            .get_or_init(|| YamlLines::index(&self.source))
            .line_of(pointer)
    }

    /// The documented servers' URLs, in order.
    pub fn server_urls(&self) -> Vec<String> {
        self.document["servers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["url"].as_str().map(str::to_owned))
            .collect()
    }

    /// The credential header of the spec's (single) security scheme.
    pub fn credential_scheme(&self) -> Option<CredentialScheme> {
        let schemes = self.document["components"]["securitySchemes"].as_object()?;
        let (_, scheme) = schemes.iter().next()?;
        match scheme["type"].as_str()? {
            "apiKey" if scheme["in"] == "header" => Some(CredentialScheme {
                header: scheme["name"].as_str()?.to_ascii_lowercase(),
                prefix: String::new(),
            }),
            "http" if scheme["scheme"].as_str()?.eq_ignore_ascii_case("bearer") => {
                Some(CredentialScheme {
                    header: "authorization".to_owned(),
                    prefix: "Bearer ".to_owned(),
                })
            }
            _ => None,
        }
    }

    /// The body fields that hold secrets ([`faceauth_spec::fields`], the rule the build script
    /// reads too). Snapshots show their values redacted.
    pub fn secret_fields(&self) -> Vec<String> {
        sensitive_fields(&self.document, &[Sensitive::Secret])
    }

    /// The operation's object in the document (`paths.<path>.<method>`), for what `SpecOperation`
    /// does not carry.
    pub fn operation_object(&self, operation: &SpecOperation) -> &Value {
        &self.document["paths"][&operation.path][operation.method.to_ascii_lowercase()]
    }

    /// The base URLs the spec lists for `operation`: its own `servers`, else its path's, else the
    /// spec's (what `Operation::servers` of the vendor's client returns).
    pub fn operation_servers(&self, operation: &SpecOperation) -> Vec<String> {
        let urls = |node: &Value| -> Option<Vec<String>> {
            Some(
                node["servers"]
                    .as_array()?
                    .iter()
                    .filter_map(|s| s["url"].as_str())
                    .map(|url| url.trim_end_matches('/').to_owned())
                    .collect(),
            )
        };
        urls(self.operation_object(operation))
            .or_else(|| urls(&self.document["paths"][&operation.path]))
            .or_else(|| urls(&self.document))
            .unwrap_or_default()
    }

    /// Resolves a local `$ref` (`#/components/...`).
    pub fn resolve<'a>(&'a self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        self.document.pointer(pointer)
    }

    /// Every operation, in the spec's order.
    pub fn operations(&self) -> Vec<SpecOperation> {
        let mut operations = Vec::new();
        let Some(paths) = self.document["paths"].as_object() else {
            return operations;
        };
        for (path, item) in paths {
            for method in HTTP_METHODS {
                let Some(op) = item.get(method) else { continue };
                operations.push(self.operation(path, method, op));
            }
        }
        operations
    }

    fn operation(&self, path: &str, method: &str, op: &Value) -> SpecOperation {
        let body_content = op["requestBody"]["content"].as_object();
        let (request_media_type, request_examples) =
            match body_content.and_then(|c| c.iter().next()) {
                Some((media_type, media)) => (Some(media_type.clone()), named_examples(media)),
                None => (None, Vec::new()),
            };
        let file_parts = match body_content.and_then(|c| c.get("multipart/form-data")) {
            Some(form) => self.file_parts(&form["schema"]),
            None => Vec::new(),
        };
        let parameters = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| Parameter {
                name: p["name"].as_str().unwrap_or_default().to_owned(),
                location: p["in"].as_str().unwrap_or_default().to_owned(),
                schema: p["schema"].clone(),
                examples: named_examples(p),
            })
            .collect();
        let mut responses = Vec::new();
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            for (media_type, media) in response["content"].as_object().into_iter().flatten() {
                for example in named_examples(media) {
                    let declared =
                        DeclaredOutcome::parse(media["examples"][&example.name].get(OUTCOME));
                    responses.push(ResponseExample {
                        status,
                        media_type: media_type.clone(),
                        headers: header_examples(response, &example.name),
                        schema_ref: media["schema"]["$ref"].as_str().map(str::to_owned),
                        example,
                        declared,
                    });
                }
            }
            if response["content"].as_object().is_none_or(|c| c.is_empty()) {
                responses.extend(bodiless_examples(status, response));
            }
        }
        SpecOperation {
            meta: op["operationId"]
                .as_str()
                .and_then(|id| self.vendor.operation(id)),
            id: op["operationId"].as_str().unwrap_or_default().to_owned(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            handwritten: op.get(HANDWRITTEN).is_some(),
            public: op["security"].as_array().is_some_and(Vec::is_empty),
            request_media_type,
            request_examples,
            file_parts,
            parameters,
            responses,
        }
    }

    /// The properties of a form's schema (a `$ref` followed) that are files (`format: binary`).
    fn file_parts(&self, schema: &Value) -> Vec<String> {
        let schema = schema["$ref"]
            .as_str()
            .and_then(|r| self.resolve(r))
            .unwrap_or(schema);
        schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, property)| property["format"] == "binary")
            .map(|(name, _)| name.clone())
            .collect()
    }
}

impl Parameter {
    /// A parameter's text (from a URL or a command line) as the JSON value its schema expects:
    /// integers, numbers and booleans parsed, anything else a string.
    pub fn value_from_text(&self, text: &str) -> Value {
        match self.schema["type"].as_str() {
            Some("integer" | "number") => {
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
            }
            Some("boolean") if text == "true" || text == "false" => Value::Bool(text == "true"),
            _ => Value::String(text.to_owned()),
        }
    }
}

impl SpecOperation {
    /// The first documented 2xx response, which the runner serves to a request example. (The
    /// mock answers a request without `Prefer` with the first documented response below 400, a
    /// redirect included.)
    pub fn first_success(&self) -> Option<&ResponseExample> {
        self.responses
            .iter()
            .find(|r| (200..300).contains(&r.status))
    }

    /// The documented requests: each named body example, or, for an operation without a body,
    /// the parameters' examples taken together under the first parameter example's name.
    pub fn requests(&self) -> Vec<ExampleRequest> {
        let params = |index: usize| {
            self.parameters
                .iter()
                .filter_map(|p| {
                    let example = p.examples.get(index).or_else(|| p.examples.first())?;
                    Some((p.name.clone(), example.value.clone()))
                })
                .collect::<Vec<_>>()
        };
        // The documents name each uploaded file; the runner uploads its fixture in each file
        // part's place.
        let fixture = faceauth_clients::FaceImage::from_bytes(faceauth_spec::EXAMPLE_FACE_PNG)
            .expect("the fixture is a PNG");
        let images: Vec<(String, faceauth_clients::FaceImage)> = self
            .file_parts
            .iter()
            .map(|part| (part.clone(), fixture.clone()))
            .collect();
        if self.request_examples.is_empty() {
            let name = self
                .parameters
                .iter()
                .find_map(|p| p.examples.first())
                .map(|e| e.name.clone())
                .unwrap_or_else(|| "no_input".to_owned());
            return vec![ExampleRequest {
                name,
                body: None,
                params: params(0),
                images,
            }];
        }
        self.request_examples
            .iter()
            .enumerate()
            .map(|(i, e)| ExampleRequest {
                name: e.name.clone(),
                body: Some(e.value.clone()),
                params: params(i),
                images: images.clone(),
            })
            .collect()
    }
}

/// The named `examples` of a media type or parameter (a lone `example` is named `example`).
/// The documented headers of `response` that have an example named `name`, with its value.
fn header_examples(response: &Value, name: &str) -> Vec<(String, String)> {
    response["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(header, h)| {
            let value = h["examples"][name]["value"].as_str()?;
            Some((header.clone(), value.to_owned()))
        })
        .collect()
}

/// A response documented without a body (a 302 and its `Location`): one example per name its
/// headers' examples use. The example's value is the headers by lower-case name, which is how a
/// hand-written type of such a response serialises (e.g. `verisoul::FaceMatchRedirect`).
fn bodiless_examples(status: u16, response: &Value) -> Vec<ResponseExample> {
    let mut names: Vec<String> = Vec::new();
    for header in response["headers"].as_object().into_iter().flatten() {
        for name in header.1["examples"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|e| e.0)
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let headers = header_examples(response, &name);
            let value = headers
                .iter()
                .map(|(h, v)| (h.to_ascii_lowercase(), Value::String(v.clone())))
                .collect::<serde_json::Map<_, _>>();
            ResponseExample {
                status,
                media_type: String::new(),
                headers,
                schema_ref: None,
                // A response without a body declares its outcome on the response itself.
                declared: DeclaredOutcome::parse(response.get(OUTCOME)),
                example: Example {
                    summary: one_line(response["description"].as_str().unwrap_or_default()),
                    name,
                    value: Value::Object(value),
                },
            }
        })
        .collect()
}

/// `text` on one line, its whitespace runs as single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn named_examples(holder: &Value) -> Vec<Example> {
    if let Some(examples) = holder["examples"].as_object() {
        return examples
            .iter()
            .map(|(name, e)| Example {
                name: name.clone(),
                value: e["value"].clone(),
                summary: one_line(e["summary"].as_str().unwrap_or_default()),
            })
            .collect();
    }
    match holder.get("example") {
        Some(value) => vec![Example {
            name: "example".to_owned(),
            value: value.clone(),
            summary: String::new(),
        }],
        None => Vec::new(),
    }
}
