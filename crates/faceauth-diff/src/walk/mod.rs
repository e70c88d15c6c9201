//! The model walk: two versions of one vendor's spec, compared node by node with every `$ref`
//! followed, producing each change with its place, its Rust items and the facts its verdicts
//! depend on.
//!
//! Operations are matched by `operationId`, parameters by (`in`, `name`), responses by status,
//! servers by URL, schema components by name. A change inside a component is reported once per
//! operation that reaches it, in the direction that operation uses it (a field removed from a
//! component that one operation sends and another receives is a `request_field_removed` for the
//! first and a `response_field_removed` for the second, each with its own `old_client` verdict),
//! always located at the component's node. A component no operation reaches (in either version) is
//! walked on its own, with no operation, as a received type.

mod operation;
mod schema;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::catalogue::ChangeKind;
use super::names::Names;
use super::verdicts::Facts;
use faceauth_spec::lines::escape;

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One change the walk found, before the report gives it its location's line.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub operation: Option<String>,
    pub pointer: String,
    pub kind: ChangeKind,
    pub detail: String,
    pub rust_items: Vec<String>,
    pub facts: Facts,
}

/// Every change between `base` and `head`, two versions of `vendor`'s spec (as JSON).
pub(super) fn walk(vendor: &str, base: &Value, head: &Value) -> Vec<Found> {
    let mut walker = Walker {
        names: Names::new(vendor),
        base,
        head,
        sent: BTreeSet::new(),
        found: Vec::new(),
        seen: BTreeSet::new(),
        visiting: BTreeSet::new(),
    };
    let (base_ops, head_ops) = (operations(base), operations(head));
    let mut reached = BTreeSet::new();
    for (doc, ops) in [(base, &base_ops), (head, &head_ops)] {
        for op in ops.values() {
            let (sent, received) = op.components(doc);
            walker.sent.extend(sent.iter().cloned());
            reached.extend(sent);
            reached.extend(received);
        }
    }
    walker.top_level();
    walker.servers(&base_ops, &head_ops);
    let ids: BTreeSet<&String> = base_ops.keys().chain(head_ops.keys()).collect();
    for id in ids {
        match (base_ops.get(id), head_ops.get(id)) {
            (Some(b), Some(h)) => walker.operation(id, b, h),
            (None, Some(h)) => walker.push(
                Some(id),
                &h.pointer,
                ChangeKind::OperationAdded,
                format!("`{} {}` ({id}) added", h.method.to_uppercase(), h.path),
                vec![walker.names.method(id), walker.names.operation(id)],
                Facts::default(),
            ),
            (Some(b), None) => walker.push(
                Some(id),
                &b.pointer,
                ChangeKind::OperationRemoved,
                format!("`{} {}` ({id}) removed", b.method.to_uppercase(), b.path),
                vec![walker.names.method(id), walker.names.operation(id)],
                Facts::default(),
            ),
            (None, None) => {}
        }
    }
    walker.components(&reached);
    walker.found
}

/// One operation of a spec, with the path item it is in.
struct Op<'a> {
    path: String,
    method: String,
    pointer: String,
    node: &'a Value,
    item: &'a Value,
}

impl<'a> Op<'a> {
    /// Its parameters, the path item's and its own (its own win), `$ref`s followed, keyed by
    /// (`in`, `name`), each with its pointer.
    fn parameters(&self, doc: &'a Value) -> BTreeMap<(String, String), (String, &'a Value)> {
        let mut found = BTreeMap::new();
        let item_pointer = self.pointer[..self.pointer.rfind('/').unwrap_or(0)].to_owned();
        for (owner, pointer) in [(self.item, item_pointer), (self.node, self.pointer.clone())] {
            for (i, parameter) in owner["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let (resolved, at) = resolve(doc, parameter, format!("{pointer}/parameters/{i}"));
                let key = (
                    text(&resolved["in"]).to_owned(),
                    text(&resolved["name"]).to_owned(),
                );
                found.insert(key, (at, resolved));
            }
        }
        found
    }

    /// The servers it is documented on: its own, its path's, else the spec's.
    fn servers(&self, doc: &Value) -> Vec<String> {
        [self.node, self.item, doc]
            .into_iter()
            .find_map(|n| n["servers"].as_array())
            .into_iter()
            .flatten()
            .map(|s| text(&s["url"]).trim_end_matches('/').to_owned())
            .collect()
    }

    /// The components it sends (body and parameters) and those it receives, transitively.
    fn components(&self, doc: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut sent = BTreeSet::new();
        for (_, parameter) in self.parameters(doc).values() {
            referenced(doc, parameter, &mut sent);
        }
        referenced(doc, &self.node["requestBody"], &mut sent);
        let mut received = BTreeSet::new();
        referenced(doc, &self.node["responses"], &mut received);
        (sent, received)
    }

    /// The operation's success and error body types, as the generated method's signature has
    /// them: the body schema of each 2xx (`()` without a body), and of each error status that
    /// has a body (build.rs leaves bodiless errors out).
    fn signature(&self) -> (BTreeSet<String>, BTreeSet<String>) {
        let (mut success, mut error) = (BTreeSet::new(), BTreeSet::new());
        for (status, response) in self.node["responses"].as_object().into_iter().flatten() {
            let body = response["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|media| media["schema"].to_string());
            if status.starts_with('2') {
                success.insert(body.unwrap_or_else(|| "()".to_owned()));
            } else if let Some(body) = body {
                error.insert(body);
            }
        }
        (success, error)
    }
}

/// Every operation of a spec, by `operationId`.
fn operations(doc: &Value) -> BTreeMap<String, Op<'_>> {
    let mut found = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in HTTP_METHODS {
            let Some(node) = item.get(method) else {
                continue;
            };
            let Some(id) = node["operationId"].as_str() else {
                continue;
            };
            found.insert(
                id.to_owned(),
                Op {
                    path: path.clone(),
                    method: method.to_owned(),
                    pointer: format!("/paths/{}/{method}", escape(path)),
                    node,
                    item,
                },
            );
        }
    }
    found
}

/// Where a schema node is and what it is, as the walk goes down.
#[derive(Clone)]
struct Place<'o> {
    operation: Option<&'o str>,
    in_request: bool,
    base: String,
    head: String,
    /// The Rust type this node is, when it is a type (a component, an inline object or enum).
    type_name: String,
    /// The item that holds this node when it is not a type itself (a field's struct, a
    /// parameter's `Query` type or method).
    owner: String,
    /// The top component this node is in, whose role (sent or not) decides `Type::new`.
    component: Option<String>,
    /// How the detail names it (`EnrollResponse.score`).
    label: String,
}

struct Walker<'a> {
    names: Names,
    base: &'a Value,
    head: &'a Value,
    /// Components some operation sends, in either version: their structs have `Type::new`.
    sent: BTreeSet<String>,
    found: Vec<Found>,
    seen: BTreeSet<(Option<String>, ChangeKind, String, String)>,
    /// The components being walked for the current operation and direction (cycles).
    visiting: BTreeSet<(String, String, bool)>,
}

impl<'a> Walker<'a> {
    fn push(
        &mut self,
        operation: Option<&str>,
        pointer: &str,
        kind: ChangeKind,
        detail: String,
        rust_items: Vec<String>,
        facts: Facts,
    ) {
        let key = (
            operation.map(str::to_owned),
            kind,
            pointer.to_owned(),
            detail.clone(),
        );
        if !self.seen.insert(key) {
            return;
        }
        self.found.push(Found {
            operation: operation.map(str::to_owned),
            pointer: pointer.to_owned(),
            kind,
            detail,
            rust_items,
            facts,
        });
    }

    fn other(&mut self, operation: Option<&str>, pointer: &str, detail: String) {
        self.push(
            operation,
            pointer,
            ChangeKind::OtherChange,
            detail,
            Vec::new(),
            Facts::default(),
        );
    }
}

/// The node a `$ref` leads to (followed up to 16 times), and its pointer; the node itself, with
/// `at`, when it is no reference.
fn resolve<'v>(doc: &'v Value, node: &'v Value, at: String) -> (&'v Value, String) {
    let (mut node, mut at) = (node, at);
    for _ in 0..16 {
        let Some(reference) = node["$ref"].as_str() else {
            break;
        };
        let pointer = reference.trim_start_matches('#');
        match doc.pointer(pointer) {
            Some(target) => {
                node = target;
                at = pointer.to_owned();
            }
            None => break,
        }
    }
    (node, at)
}

/// Every schema component `node` reaches through `$ref`s, transitively.
fn referenced(doc: &Value, node: &Value, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    if found.insert(name.to_owned()) {
                        if let Some(target) = doc.pointer(reference.trim_start_matches('#')) {
                            referenced(doc, target, found);
                        }
                    }
                } else if let Some(target) = doc.pointer(reference.trim_start_matches('#')) {
                    referenced(doc, target, found);
                }
            }
            map.values().for_each(|v| referenced(doc, v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| referenced(doc, v, found)),
        _ => {}
    }
}

/// The pointer of the first `servers` entry with `url`.
fn server_pointer(doc: &Value, ops: &BTreeMap<String, Op<'_>>, url: &str) -> String {
    let find = |servers: &Value, at: &str| {
        servers.as_array().and_then(|list| {
            list.iter()
                .position(|s| text(&s["url"]).trim_end_matches('/') == url)
                .map(|i| format!("{at}/servers/{i}"))
        })
    };
    if let Some(p) = find(&doc["servers"], "") {
        return p;
    }
    for op in ops.values() {
        if let Some(p) = find(&op.node["servers"], &op.pointer) {
            return p;
        }
        let item_at = &op.pointer[..op.pointer.rfind('/').unwrap_or(0)];
        if let Some(p) = find(&op.item["servers"], item_at) {
            return p;
        }
    }
    "/servers".to_owned()
}

/// The first media type of a request body or response, and its object.
fn first_media(v: &Value) -> Option<(String, &Value)> {
    v["content"]
        .as_object()
        .and_then(|c| c.iter().next())
        .map(|(k, v)| (k.clone(), v))
}

/// The keys of two objects, in order, each once.
fn keys_of(b: &Value, h: &Value) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for map in [b.as_object(), h.as_object()].into_iter().flatten() {
        for key in map.keys() {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    keys
}

/// `v` without the crate's `x-faceauth-*` marks (provenance, not shape).
fn without_marks(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(map) = v.as_object_mut() {
        map.retain(|key, _| !key.starts_with("x-faceauth-"));
    }
    v
}

fn without(v: &Value, drop: &[&str]) -> Value {
    let mut v = v.clone();
    if let Some(map) = v.as_object_mut() {
        for key in drop {
            map.remove(*key);
        }
    }
    v
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// `string (uuid)`, `integer`, `object`: a schema's type as the details name it.
fn type_text(v: &Value) -> String {
    let ty = match &v["type"] {
        Value::String(s) => s.clone(),
        Value::Null if v.get("properties").is_some() => "object".to_owned(),
        Value::Null => "any".to_owned(),
        other => other.to_string(),
    };
    let mut text = match v["format"].as_str() {
        Some(format) => format!("{ty} ({format})"),
        None => ty,
    };
    if let Some(rust) = v["x-faceauth-rust-type"].as_str() {
        text.push_str(&format!(" as {rust}"));
    }
    text
}

/// A JSON value in a detail, shortened.
fn short(v: &Value) -> String {
    let text = match v {
        Value::Null => "none".to_owned(),
        Value::String(s) => format!("`{s}`"),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text
    }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.retain(|i| seen.insert(i.clone()));
    items
}
