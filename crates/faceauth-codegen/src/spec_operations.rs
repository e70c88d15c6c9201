//! The operations of a spec as the generated table needs them: each operation's id, method,
//! path, credential, servers, read-only mark and documented responses, read once from the spec
//! (through `faceauth_spec`'s vocabulary), and the fields a traffic record redacts.

use faceauth_spec::extension::{
    live_set, DeclaredOutcome, ReadOnlyMark, HANDWRITTEN, LIVE_SET, OUTCOME, READ_ONLY,
};
use faceauth_spec::fields::{sensitive_fields, Sensitive};
use serde_yaml::Value;

/// A node of the spec as JSON, as the shared vocabulary reads it.
fn as_json(node: &Value) -> serde_json::Value {
    serde_json::to_value(node).unwrap_or_default()
}

/// One operation of the spec, as the table and the JSON calls need it.
pub struct SpecOperation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub handwritten: bool,
    /// False where the spec says `security: []` (the operation's own, else the spec's).
    pub needs_credential: bool,
    /// `x-faceauth-read-only`: the reason, the inputs (name, environment variable) and why it
    /// may be billed.
    pub read_only: Option<ReadOnlyMark>,
    /// Parameter names as the spec spells them.
    pub parameters: Vec<String>,
    /// The query parameters among them (the generated method takes them as one value).
    pub query_parameters: Vec<String>,
    /// The documented responses: (status, description), in the spec's order.
    pub responses: Vec<(String, String)>,
    /// The documented answers (the response examples): status, name and what each stands for
    /// (`success`, `refused (REGION_WRONG)`), in the spec's order.
    pub answers: Vec<(String, String, String)>,
    /// Whether the documents list this operation on fewer servers than the vendor's (a client
    /// made for another documented server refuses it before sending).
    pub served_narrowly: bool,
    /// The vendor's page for the operation (`externalDocs.url`), if the spec names one.
    pub vendor_page: Option<String>,
    /// The base URLs the documents list for the operation: the operation's `servers`, else its
    /// path's, else the spec's.
    pub servers: Vec<String>,
}

/// Every operation of the spec document (before hand-written ones are stripped), in order.
pub fn spec_operations(doc: &Value) -> Result<Vec<SpecOperation>, String> {
    let mut found = Vec::new();
    for (path, method, op) in super::operations_of(doc) {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            return Err(format!(
                "at `paths.{path}.{method}`: an operation needs an operationId"
            ));
        };
        let mut parameters = Vec::new();
        let mut query_parameters = Vec::new();
        let item_parameters = doc
            .get("paths")
            .and_then(|p| p.get(path.as_str()))
            .and_then(|i| i.get("parameters"))
            .and_then(Value::as_sequence);
        let op_parameters = op.get("parameters").and_then(Value::as_sequence);
        for parameter in item_parameters.into_iter().chain(op_parameters).flatten() {
            let parameter = resolve(doc, parameter);
            if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                parameters.push(name.to_owned());
                if parameter.get("in").and_then(Value::as_str) == Some("query") {
                    query_parameters.push(name.to_owned());
                }
            }
        }
        let path_item = doc.get("paths").and_then(|p| p.get(path.as_str()));
        let servers = server_urls(op)
            .or_else(|| path_item.and_then(server_urls))
            .or_else(|| server_urls(doc))
            .unwrap_or_default();
        let security = op.get("security").or_else(|| doc.get("security"));
        let needs_credential = !security
            .and_then(Value::as_sequence)
            .is_some_and(Vec::is_empty);
        let read_only = match op.get(READ_ONLY) {
            None => None,
            Some(mark) => Some(
                ReadOnlyMark::parse(&as_json(mark))
                    .map_err(|why| format!("at `paths.{path}.{method}.{READ_ONLY}`: {why}"))?,
            ),
        };
        // Read here only to fail the build on a malformed mark; the live check reads it from
        // the spec (the clients carry nothing of it).
        if let Some(set) = op.get(LIVE_SET) {
            live_set(&as_json(set))
                .map_err(|why| format!("at `paths.{path}.{method}.{LIVE_SET}`: {why}"))?;
        }
        let responses = op
            .get("responses")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .map(|(status, response)| {
                let status = super::status_key(status);
                let description = response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (status, description)
            })
            .collect();
        let mut answers = Vec::new();
        for (status, response) in op
            .get("responses")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            let status = super::status_key(status);
            let medias = response.get("content").and_then(Value::as_mapping);
            for (_, media) in medias.into_iter().flatten() {
                let examples = media.get("examples").and_then(Value::as_mapping);
                for (name, example) in examples.into_iter().flatten() {
                    let outcome =
                        DeclaredOutcome::parse(example.get(OUTCOME).map(as_json).as_ref())
                            .map(|outcome| outcome.to_string())
                            .unwrap_or_default();
                    let name = name.as_str().unwrap_or_default().to_owned();
                    answers.push((status.clone(), name, outcome));
                }
            }
        }
        let vendor_page = op
            .get("externalDocs")
            .and_then(|d| d.get("url"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        found.push(SpecOperation {
            responses,
            answers,
            served_narrowly: false,
            vendor_page,
            id: id.to_owned(),
            method: method.to_uppercase(),
            path,
            handwritten: op.get(HANDWRITTEN).is_some(),
            needs_credential,
            read_only,
            parameters,
            query_parameters,
            servers,
        });
    }
    Ok(found)
}

/// The URLs of `servers` on a spec, path item or operation, if it lists any.
fn server_urls(node: &Value) -> Option<Vec<String>> {
    let servers = node.get("servers")?.as_sequence()?;
    Some(
        servers
            .iter()
            .filter_map(|s| s.get("url")?.as_str())
            .map(|url| url.trim_end_matches('/').to_owned())
            .collect(),
    )
}

/// Every server the spec names: its own `servers`, then those only some operations list, in
/// the order they first appear.
pub fn all_servers(doc: &Value, operations: &[SpecOperation]) -> Vec<String> {
    let mut all: Vec<String> = server_urls(doc).unwrap_or_default();
    for url in operations.iter().flat_map(|op| &op.servers) {
        if !all.contains(url) {
            all.push(url.clone());
        }
    }
    all
}

/// Marks the operations the documents list on fewer servers than `all`.
pub fn mark_narrow_servers(operations: &mut [SpecOperation], all: &[String]) {
    for operation in operations {
        operation.served_narrowly = all.iter().any(|url| !operation.servers.contains(url));
    }
}

/// A `$ref` to `#/components/...`, followed once.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return value;
    };
    let mut target = doc;
    for part in reference.trim_start_matches("#/").split('/') {
        match target.get(part) {
            Some(next) => target = next,
            None => return value,
        }
    }
    target
}

/// The properties whose values a traffic record replaces: secrets and face images
/// ([`faceauth_spec::fields`], the rule the tools read too).
pub fn redacted_fields(doc: &Value) -> Vec<String> {
    let doc = serde_json::to_value(doc).unwrap_or_default();
    sensitive_fields(&doc, &[Sensitive::Secret, Sensitive::Image])
}
