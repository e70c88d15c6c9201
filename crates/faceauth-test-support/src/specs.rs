//! The project's specs read as JSON by a reader of the tests' own, which shares nothing with the
//! crates it checks: the documented bodies the tests send and serve.

use serde_json::Value;

/// The text of `specs/<vendor>.yaml` in this repository.
pub fn text(vendor: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs")
        .join(format!("{vendor}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `specs/<vendor>.yaml` as JSON.
pub fn document(vendor: &str) -> Value {
    serde_yaml::from_str(&text(vendor)).expect("the spec is YAML")
}

/// The methods an OpenAPI path item can hold, in order.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The operation `operation_id` of `vendor`'s spec.
pub fn operation(vendor: &str, operation_id: &str) -> Value {
    let doc = document(vendor);
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        for method in METHODS {
            if item[method]["operationId"] == operation_id {
                return item[method].clone();
            }
        }
    }
    panic!("{vendor} has no operation {operation_id}")
}

/// The first documented request body of an operation (its body's first named example).
pub fn documented_body(vendor: &str, operation_id: &str) -> Value {
    let op = operation(vendor, operation_id);
    let media = op["requestBody"]["content"]
        .as_object()
        .and_then(|content| content.values().next())
        .unwrap_or_else(|| panic!("{vendor} {operation_id} takes no body"))
        .clone();
    first_example(&media).unwrap_or_else(|| panic!("{vendor} {operation_id}: no request example"))
}

/// Every `operationId` of `vendor`'s spec, in the spec's order.
pub fn operation_ids(vendor: &str) -> Vec<String> {
    let doc = document(vendor);
    let mut ids = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        for method in METHODS {
            if let Some(id) = item[method]["operationId"].as_str() {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

/// One documented response example.
#[derive(Debug, Clone)]
pub struct DocumentedResponse {
    /// The example's name in the spec.
    pub name: String,
    /// The HTTP status.
    pub status: u16,
    /// The example's value: the body.
    pub body: Value,
    /// The example object, with its marks (`x-faceauth-outcome`, ...).
    pub example: Value,
    /// The `$ref` of the body's schema.
    pub schema_ref: Option<String>,
}

/// Every documented response example (with a body) of an operation, in the spec's order.
pub fn responses(vendor: &str, operation_id: &str) -> Vec<DocumentedResponse> {
    let op = operation(vendor, operation_id);
    let mut found = Vec::new();
    for (status, response) in op["responses"].as_object().into_iter().flatten() {
        let Ok(status) = status.parse::<u16>() else {
            continue;
        };
        for media in response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, m)| m)
        {
            for example in media["examples"].as_object().into_iter().flatten() {
                let (name, example) = example;
                found.push(DocumentedResponse {
                    name: name.clone(),
                    status,
                    body: example["value"].clone(),
                    example: example.clone(),
                    schema_ref: media["schema"]["$ref"].as_str().map(str::to_owned),
                });
            }
        }
    }
    found
}

/// The body of `operation_id`'s documented response example `name`.
pub fn example(vendor: &str, operation_id: &str, name: &str) -> Value {
    responses(vendor, operation_id)
        .into_iter()
        .find(|r| r.name == name)
        .map(|r| r.body)
        .unwrap_or_else(|| panic!("{vendor} {operation_id}: no response example {name}"))
}

/// The answer `operation_id`'s `x-faceauth-state` mark writes out for `state` (`absent`,
/// `other-face`, `pending`): its status and body.
pub fn written_answer(vendor: &str, operation_id: &str, state: &str) -> (u16, Value) {
    let answer = &operation(vendor, operation_id)["x-faceauth-state"]["answers"][state];
    match (answer["status"].as_u64(), answer.get("body")) {
        (Some(status), Some(body)) => (status as u16, body.clone()),
        _ => panic!("{vendor} {operation_id}: the state mark writes no `{state}` answer"),
    }
}

/// The first documented success (2xx) body of an operation.
pub fn documented_success(vendor: &str, operation_id: &str) -> Value {
    responses(vendor, operation_id)
        .into_iter()
        .find(|r| (200..300).contains(&r.status))
        .map(|r| r.body)
        .unwrap_or_else(|| panic!("{vendor} {operation_id}: no documented success"))
}

/// Whether two JSON values are the same document, numbers compared as numbers (`15` and `15.0`
/// alike, as JSON readers take them); `Err` says where they first differ.
pub fn same_json(expected: &Value, actual: &Value) -> Result<(), JsonDifference> {
    walk_same(expected, actual).map_err(JsonDifference)
}

/// Where two JSON documents first differ (`/a/0: 1 against 2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonDifference(pub String);

impl std::fmt::Display for JsonDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn walk_same(expected: &Value, actual: &Value) -> Result<(), String> {
    fn walk(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
        match (expected, actual) {
            (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
            (Value::Object(a), Value::Object(b)) => {
                for key in a.keys().chain(b.keys()) {
                    let (x, y) = (a.get(key), b.get(key));
                    match (x, y) {
                        (Some(x), Some(y)) => walk(x, y, &format!("{at}/{key}"))?,
                        _ => return Err(format!("{at}/{key}: {x:?} against {y:?}")),
                    }
                }
                Ok(())
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
                .iter()
                .zip(b)
                .enumerate()
                .try_for_each(|(i, (x, y))| walk(x, y, &format!("{at}/{i}"))),
            (a, b) if a == b => Ok(()),
            (a, b) => Err(format!("{at}: {a} against {b}")),
        }
    }
    walk(expected, actual, "")
}

fn first_example(holder: &Value) -> Option<Value> {
    if let Some((_, example)) = holder["examples"].as_object()?.iter().next() {
        return Some(example["value"].clone());
    }
    holder.get("example").cloned()
}
