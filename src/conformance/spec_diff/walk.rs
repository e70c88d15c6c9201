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

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::catalogue::{ChangeKind, Semver};
use super::names::{self, Names};
use super::verdicts::{Bound, Facts};
use crate::conformance::yaml_lines::escape;

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that carry documentation, which rustdoc shows on the generated item.
const SCHEMA_DOCS: [&str; 3] = ["description", "title", "deprecated"];
/// Validation keywords: a change is a `constraint_changed`.
const CONSTRAINTS: [&str; 13] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];
/// Keywords compared by the schema walk's own steps (type, nullability, enum, fields, items,
/// maps, alternatives); everything else that differs is judged key by key.
const SCHEMA_STEPS: [&str; 13] = [
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "x-faceauth-rust-type",
];
/// The provenance marks of an example (`example_changed`).
const EXAMPLE_MARKS: [&str; 4] = [
    "x-faceauth-verbatim",
    "x-faceauth-repairs",
    "x-faceauth-constructed",
    "x-faceauth-third-party",
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

    /// The spec's own keys: info, tags, security schemes, extensions, anything unknown.
    fn top_level(&mut self) {
        let keys = keys_of(self.base, self.head);
        for key in keys {
            let (b, h) = (&self.base[&key], &self.head[&key]);
            if b == h {
                continue;
            }
            let pointer = format!("/{}", escape(&key));
            match key.as_str() {
                "paths" | "servers" | "security" => {}
                "info" | "tags" | "externalDocs" => self.push(
                    None,
                    &pointer,
                    ChangeKind::DescriptionChanged,
                    format!("the spec's `{key}` changed"),
                    Vec::new(),
                    Facts::default(),
                ),
                "components" => {
                    for part in keys_of(b, h) {
                        let (bp, hp) = (&b[&part], &h[&part]);
                        if bp == hp || part == "schemas" {
                            continue;
                        }
                        let at = format!("{pointer}/{}", escape(&part));
                        if part == "securitySchemes" {
                            self.security_schemes(&at, bp, hp);
                        } else if !matches!(
                            part.as_str(),
                            "parameters" | "requestBodies" | "responses" | "headers" | "examples"
                        ) {
                            // Those are compared where operations reach them.
                            self.other(None, &at, format!("`components.{part}` changed"));
                        }
                    }
                }
                _ if key.starts_with("x-") => self.push(
                    None,
                    &pointer,
                    ChangeKind::ExtensionChanged,
                    format!("`{key}` changed"),
                    Vec::new(),
                    Facts {
                        extension: Some(Semver::None),
                        ..Facts::default()
                    },
                ),
                _ => self.other(None, &pointer, format!("the spec's `{key}` changed")),
            }
        }
    }

    fn security_schemes(&mut self, at: &str, b: &Value, h: &Value) {
        for name in keys_of(b, h) {
            let (bs, hs) = (b.get(&name), h.get(&name));
            let pointer = format!("{at}/{}", escape(&name));
            let detail = match (bs, hs) {
                (None, Some(_)) => format!("security scheme `{name}` added"),
                (Some(_), None) => format!("security scheme `{name}` removed"),
                (Some(bs), Some(hs)) if bs != hs => {
                    if without(bs, &["description"]) == without(hs, &["description"]) {
                        self.push(
                            None,
                            &format!("{pointer}/description"),
                            ChangeKind::DescriptionChanged,
                            format!("security scheme `{name}`: description changed"),
                            Vec::new(),
                            Facts::default(),
                        );
                        continue;
                    }
                    format!("security scheme `{name}` changed")
                }
                _ => continue,
            };
            self.push(
                None,
                &pointer,
                ChangeKind::SecurityChanged,
                detail,
                vec![self.names.client()],
                Facts::default(),
            );
        }
    }

    /// Servers: a URL new to (or gone from) the whole spec is a `Server` variant added (or
    /// removed), reported once with no operation; a URL an operation gains or loses while the
    /// variant stays is that operation's change.
    fn servers(
        &mut self,
        base_ops: &BTreeMap<String, Op<'_>>,
        head_ops: &BTreeMap<String, Op<'_>>,
    ) {
        let all = |doc: &Value, ops: &BTreeMap<String, Op<'_>>| {
            let mut urls: Vec<(String, Option<String>)> = Vec::new();
            let mut add = |server: &Value| {
                let url = text(&server["url"]).trim_end_matches('/').to_owned();
                if !urls.iter().any(|(u, _)| *u == url) {
                    urls.push((url, server["description"].as_str().map(str::to_owned)));
                }
            };
            doc["servers"]
                .as_array()
                .into_iter()
                .flatten()
                .for_each(&mut add);
            for op in ops.values() {
                for owner in [op.node, op.item] {
                    owner["servers"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .for_each(&mut add);
                }
            }
            urls
        };
        let (base_all, head_all) = (all(self.base, base_ops), all(self.head, head_ops));
        let variant = |facts_shape: bool| Facts {
            shape_changes: facts_shape,
            ..Facts::default()
        };
        for (url, description) in &head_all {
            if !base_all.iter().any(|(u, _)| u == url) {
                let pointer = server_pointer(self.head, head_ops, url);
                self.push(
                    None,
                    &pointer,
                    ChangeKind::ServerAdded,
                    format!("server `{url}` added"),
                    vec![self.names.server(description.as_deref())],
                    variant(true),
                );
            }
        }
        for (url, description) in &base_all {
            if !head_all.iter().any(|(u, _)| u == url) {
                let pointer = server_pointer(self.base, base_ops, url);
                self.push(
                    None,
                    &pointer,
                    ChangeKind::ServerRemoved,
                    format!("server `{url}` removed"),
                    vec![self.names.server(description.as_deref())],
                    variant(true),
                );
            }
        }
        for (id, b) in base_ops {
            let Some(h) = head_ops.get(id) else { continue };
            let (bs, hs) = (b.servers(self.base), h.servers(self.head));
            let known =
                |url: &String, all: &[(String, Option<String>)]| all.iter().any(|(u, _)| u == url);
            for url in hs.iter().filter(|u| !bs.contains(u) && known(u, &base_all)) {
                self.push(
                    Some(id),
                    &format!("{}/servers", h.pointer),
                    ChangeKind::ServerAdded,
                    format!("served on `{url}` too"),
                    vec![self.names.operation(id)],
                    variant(false),
                );
            }
            for url in bs.iter().filter(|u| !hs.contains(u) && known(u, &head_all)) {
                self.push(
                    Some(id),
                    &format!("{}/servers", h.pointer),
                    ChangeKind::ServerRemoved,
                    format!("no longer served on `{url}`"),
                    vec![self.names.operation(id)],
                    variant(false),
                );
            }
        }
    }

    fn operation(&mut self, id: &str, b: &Op<'_>, h: &Op<'_>) {
        let method = self.names.method(id);
        if b.path != h.path || b.method != h.method {
            self.push(
                Some(id),
                &h.pointer,
                ChangeKind::OperationMoved,
                format!(
                    "`{} {}` → `{} {}`",
                    b.method.to_uppercase(),
                    b.path,
                    h.method.to_uppercase(),
                    h.path
                ),
                vec![method.clone()],
                Facts::default(),
            );
        }
        let security =
            |doc: &Value, op: &Op<'_>| op.node.get("security").unwrap_or(&doc["security"]).clone();
        if security(self.base, b) != security(self.head, h) {
            self.push(
                Some(id),
                &format!("{}/security", h.pointer),
                ChangeKind::SecurityChanged,
                "the operation's security requirement changed".to_owned(),
                vec![self.names.client(), method.clone()],
                Facts::default(),
            );
        }
        for key in keys_of(b.node, h.node) {
            let (bv, hv) = (&b.node[&key], &h.node[&key]);
            if bv == hv {
                continue;
            }
            let pointer = format!("{}/{}", h.pointer, escape(&key));
            match key.as_str() {
                "operationId" | "security" | "servers" | "parameters" | "requestBody"
                | "responses" => {}
                "summary" | "description" | "deprecated" => self.push(
                    Some(id),
                    &pointer,
                    ChangeKind::DescriptionChanged,
                    format!("the operation's `{key}` changed"),
                    vec![method.clone()],
                    Facts {
                        in_rustdoc: true,
                        ..Facts::default()
                    },
                ),
                "tags" | "externalDocs" => self.push(
                    Some(id),
                    &pointer,
                    ChangeKind::DescriptionChanged,
                    format!("the operation's `{key}` changed"),
                    Vec::new(),
                    Facts::default(),
                ),
                _ if key.starts_with("x-") => {
                    let (semver, items) = match key.as_str() {
                        "x-faceauth-read-only" | "x-faceauth-live-set" => {
                            (Semver::Patch, vec![self.names.operation(id)])
                        }
                        "x-faceauth-handwritten" => (Semver::Major, vec![method.clone()]),
                        _ => (Semver::None, Vec::new()),
                    };
                    self.push(
                        Some(id),
                        &pointer,
                        ChangeKind::ExtensionChanged,
                        format!("`{key}` changed"),
                        items,
                        Facts {
                            extension: Some(semver),
                            ..Facts::default()
                        },
                    );
                }
                _ => self.other(
                    Some(id),
                    &pointer,
                    format!("the operation's `{key}` changed"),
                ),
            }
        }
        self.parameters(id, b, h);
        self.request_body(id, b, h);
        self.responses(id, b, h);
    }

    fn parameters(&mut self, id: &str, b: &Op<'_>, h: &Op<'_>) {
        let (bp, hp) = (b.parameters(self.base), h.parameters(self.head));
        let queries = |p: &BTreeMap<(String, String), (String, &Value)>| {
            p.keys().filter(|(at, _)| at == "query").count()
        };
        let (base_queries, head_queries) = (queries(&bp), queries(&hp));
        let keys: BTreeSet<&(String, String)> = bp.keys().chain(hp.keys()).collect();
        let method = self.names.method(id);
        for key in keys {
            let (location, name) = key;
            let is_query = location == "query";
            // The item a parameter lives in: a setter or `new` argument of `<Operation>Query`,
            // or a positional argument of the method (path and header parameters).
            let holder = if is_query {
                self.names.query(id)
            } else {
                method.clone()
            };
            match (bp.get(key), hp.get(key)) {
                (None, Some((at, p))) => {
                    let required = p["required"] == true || location == "path";
                    let first_query = is_query && base_queries == 0;
                    let mut items = vec![holder.clone()];
                    if first_query {
                        items.push(method.clone());
                    } else if is_query && required {
                        items.push(format!("{holder}::new"));
                    }
                    let (kind, facts) = if required {
                        (ChangeKind::RequiredParameterAdded, Facts::default())
                    } else {
                        (
                            ChangeKind::OptionalParameterAdded,
                            Facts {
                                shape_changes: first_query || !is_query,
                                in_request: true,
                                ..Facts::default()
                            },
                        )
                    };
                    let what = if required { "required" } else { "optional" };
                    self.push(
                        Some(id),
                        at,
                        kind,
                        format!("{location} parameter `{name}` added ({what})"),
                        dedup(items),
                        facts,
                    );
                }
                (Some((at, _)), None) => {
                    let mut items = vec![holder.clone()];
                    if is_query && head_queries == 0 {
                        items.push(method.clone());
                    }
                    self.push(
                        Some(id),
                        at,
                        ChangeKind::ParameterRemoved,
                        format!("{location} parameter `{name}` removed"),
                        items,
                        Facts {
                            in_request: true,
                            ..Facts::default()
                        },
                    );
                }
                (Some((base_at, bv)), Some((head_at, hv))) => {
                    self.parameter(id, name, &holder, (base_at, bv), (head_at, hv));
                }
                (None, None) => {}
            }
        }
    }

    fn parameter(
        &mut self,
        id: &str,
        name: &str,
        holder: &str,
        (base_at, b): (&String, &Value),
        (head_at, h): (&String, &Value),
    ) {
        let required = |p: &Value| p["required"] == true || p["in"] == "path";
        if required(b) != required(h) {
            let kind = if required(h) {
                ChangeKind::ParameterNowRequired
            } else {
                ChangeKind::ParameterNowOptional
            };
            let items = if holder.ends_with("Query") {
                vec![holder.to_owned(), format!("{holder}::new")]
            } else {
                vec![holder.to_owned()]
            };
            self.push(
                Some(id),
                &format!("{head_at}/required"),
                kind,
                format!(
                    "parameter `{name}` now {}",
                    if required(h) { "required" } else { "optional" }
                ),
                items,
                Facts {
                    in_request: true,
                    ..Facts::default()
                },
            );
        }
        for key in keys_of(b, h) {
            let (bv, hv) = (&b[&key], &h[&key]);
            if bv == hv && key != "schema" {
                continue;
            }
            let pointer = format!("{head_at}/{}", escape(&key));
            match key.as_str() {
                "required" | "name" | "in" => {}
                "description" | "deprecated" => self.push(
                    Some(id),
                    &pointer,
                    ChangeKind::DescriptionChanged,
                    format!("parameter `{name}`: `{key}` changed"),
                    vec![holder.to_owned()],
                    Facts {
                        in_rustdoc: true,
                        ..Facts::default()
                    },
                ),
                "example" | "examples" => {
                    self.examples(Some(id), &pointer, bv, hv, &format!("parameter `{name}`"))
                }
                "schema" => {
                    let place = Place {
                        operation: Some(id),
                        in_request: true,
                        base: format!("{base_at}/schema"),
                        head: format!("{head_at}/schema"),
                        type_name: names::property_type(
                            holder.rsplit("::").next().unwrap_or_default(),
                            name,
                        ),
                        owner: holder.to_owned(),
                        component: None,
                        label: name.to_owned(),
                    };
                    self.schema(&place, bv, hv);
                }
                _ if key.starts_with("x-") => self.push(
                    Some(id),
                    &pointer,
                    ChangeKind::ExtensionChanged,
                    format!("parameter `{name}`: `{key}` changed"),
                    Vec::new(),
                    Facts {
                        extension: Some(Semver::None),
                        ..Facts::default()
                    },
                ),
                _ => self.other(
                    Some(id),
                    &pointer,
                    format!("parameter `{name}`: `{key}` changed"),
                ),
            }
        }
    }

    fn request_body(&mut self, id: &str, b: &Op<'_>, h: &Op<'_>) {
        let (bb, bat) = resolve(
            self.base,
            &b.node["requestBody"],
            format!("{}/requestBody", b.pointer),
        );
        let (hb, hat) = resolve(
            self.head,
            &h.node["requestBody"],
            format!("{}/requestBody", h.pointer),
        );
        let method = self.names.method(id);
        let type_name = format!("{}Body", heck::ToPascalCase::to_pascal_case(id));
        self.content(
            id,
            (&bat, bb),
            (&hat, hb),
            true,
            &method,
            &type_name,
            "the request body",
        );
    }

    fn responses(&mut self, id: &str, b: &Op<'_>, h: &Op<'_>) {
        let method = self.names.method(id);
        let (br, hr) = (&b.node["responses"], &h.node["responses"]);
        let signature_changes = b.signature() != h.signature();
        for status in keys_of(br, hr) {
            let (bs, bat) = resolve(
                self.base,
                &br[&status],
                format!("{}/responses/{}", b.pointer, escape(&status)),
            );
            let (hs, hat) = resolve(
                self.head,
                &hr[&status],
                format!("{}/responses/{}", h.pointer, escape(&status)),
            );
            let is_error = !status.starts_with('2');
            match (bs.is_null(), hs.is_null()) {
                (true, false) | (false, true) => {
                    let added = bs.is_null();
                    let response = if added { hs } else { bs };
                    // build.rs leaves an error status without a body out of the generated
                    // code (the catch-all arm types it), so the method does not change.
                    let bodiless_error = is_error && response.get("content").is_none();
                    let kind = if added {
                        ChangeKind::ResponseStatusAdded
                    } else {
                        ChangeKind::ResponseStatusRemoved
                    };
                    let at = if added { &hat } else { &bat };
                    self.push(
                        Some(id),
                        at,
                        kind,
                        format!(
                            "HTTP {status} {}{}",
                            if added { "added" } else { "removed" },
                            if bodiless_error {
                                " (no body: not in the generated code)"
                            } else {
                                ""
                            }
                        ),
                        vec![method.clone()],
                        Facts {
                            shape_changes: signature_changes,
                            not_generated: bodiless_error,
                            ..Facts::default()
                        },
                    );
                }
                (false, false) => {
                    for key in keys_of(bs, hs) {
                        let (bv, hv) = (&bs[&key], &hs[&key]);
                        if bv == hv || key == "content" {
                            continue;
                        }
                        let pointer = format!("{hat}/{}", escape(&key));
                        match key.as_str() {
                            "description" => self.push(
                                Some(id),
                                &pointer,
                                ChangeKind::DescriptionChanged,
                                format!("HTTP {status}: description changed"),
                                Vec::new(),
                                Facts::default(),
                            ),
                            "headers" => self.headers(id, &pointer, bv, hv, &status),
                            _ => self.other(
                                Some(id),
                                &pointer,
                                format!("HTTP {status}: `{key}` changed"),
                            ),
                        }
                    }
                    let type_name = format!("{}Response", heck::ToPascalCase::to_pascal_case(id));
                    self.content(
                        id,
                        (&bat, bs),
                        (&hat, hs),
                        false,
                        &method,
                        &type_name,
                        &format!("the HTTP {status} body"),
                    );
                }
                (true, true) => {}
            }
        }
    }

    fn headers(&mut self, id: &str, at: &str, b: &Value, h: &Value, status: &str) {
        for name in keys_of(b, h) {
            let (bh, hh) = (&b[&name], &h[&name]);
            let pointer = format!("{at}/{}", escape(&name));
            if bh.is_null() || hh.is_null() {
                self.other(
                    Some(id),
                    &pointer,
                    format!(
                        "HTTP {status}: header `{name}` {}",
                        if bh.is_null() { "added" } else { "removed" }
                    ),
                );
                continue;
            }
            for key in keys_of(bh, hh) {
                let (bv, hv) = (&bh[&key], &hh[&key]);
                if bv == hv && key != "schema" {
                    continue;
                }
                let at = format!("{pointer}/{}", escape(&key));
                let label = format!("HTTP {status}: header `{name}`");
                match key.as_str() {
                    "description" => self.push(
                        Some(id),
                        &at,
                        ChangeKind::DescriptionChanged,
                        format!("{label}: description changed"),
                        Vec::new(),
                        Facts::default(),
                    ),
                    "example" | "examples" => self.examples(Some(id), &at, bv, hv, &label),
                    "schema" => {
                        let place = Place {
                            operation: Some(id),
                            in_request: false,
                            base: at.clone(),
                            head: at.clone(),
                            type_name: String::new(),
                            owner: self.names.method(id),
                            component: None,
                            label: name.clone(),
                        };
                        self.schema(&place, bv, hv);
                    }
                    _ => self.other(Some(id), &at, format!("{label}: `{key}` changed")),
                }
            }
        }
    }

    /// A request body or a response: its media type, schema and examples.
    #[allow(clippy::too_many_arguments)]
    fn content(
        &mut self,
        id: &str,
        (base_at, b): (&String, &Value),
        (head_at, h): (&String, &Value),
        in_request: bool,
        method: &str,
        type_name: &str,
        label: &str,
    ) {
        let (bm, hm) = (first_media(b), first_media(h));
        let describe = |m: &Option<(String, &Value)>| match m {
            None => "none".to_owned(),
            Some((media_type, media)) => match media["schema"]["$ref"].as_str() {
                Some(r) => format!("{media_type} {}", r.rsplit('/').next().unwrap_or(r)),
                None => media_type.clone(),
            },
        };
        if in_request {
            for key in keys_of(b, h) {
                let (bv, hv) = (&b[&key], &h[&key]);
                if bv == hv || key == "content" {
                    continue;
                }
                let pointer = format!("{head_at}/{}", escape(&key));
                if key == "description" {
                    self.push(
                        Some(id),
                        &pointer,
                        ChangeKind::DescriptionChanged,
                        format!("{label}: description changed"),
                        Vec::new(),
                        Facts::default(),
                    );
                } else {
                    self.other(Some(id), &pointer, format!("{label}: `{key}` changed"));
                }
            }
        }
        let (Some((b_type, b_media)), Some((h_type, h_media))) = (&bm, &hm) else {
            if bm.is_some() || hm.is_some() {
                self.push(
                    Some(id),
                    head_at,
                    ChangeKind::TypeChanged,
                    format!("{label}: {} → {}", describe(&bm), describe(&hm)),
                    vec![method.to_owned()],
                    Facts {
                        in_request,
                        ..Facts::default()
                    },
                );
            }
            return;
        };
        if b_type != h_type {
            self.push(
                Some(id),
                &format!("{head_at}/content"),
                ChangeKind::TypeChanged,
                format!("{label}: {} → {}", describe(&bm), describe(&hm)),
                vec![method.to_owned()],
                Facts {
                    in_request,
                    ..Facts::default()
                },
            );
            return;
        }
        let base_media = format!("{base_at}/content/{}", escape(b_type));
        let head_media = format!("{head_at}/content/{}", escape(h_type));
        for key in keys_of(b_media, h_media) {
            let (bv, hv) = (&b_media[&key], &h_media[&key]);
            // Equal `$ref`s can lead to different schemas: a schema is always walked.
            if bv == hv && key != "schema" {
                continue;
            }
            let pointer = format!("{head_media}/{}", escape(&key));
            match key.as_str() {
                "schema" => {
                    let place = Place {
                        operation: Some(id),
                        in_request,
                        base: format!("{base_media}/schema"),
                        head: format!("{head_media}/schema"),
                        type_name: type_name.to_owned(),
                        owner: method.to_owned(),
                        component: None,
                        label: type_name.to_owned(),
                    };
                    self.schema(&place, bv, hv);
                }
                "example" | "examples" => self.examples(Some(id), &pointer, bv, hv, label),
                _ => self.other(Some(id), &pointer, format!("{label}: `{key}` changed")),
            }
        }
    }

    /// Named examples (or one `example`): each one added, removed or changed.
    fn examples(&mut self, operation: Option<&str>, at: &str, b: &Value, h: &Value, label: &str) {
        let named = at.ends_with("/examples");
        if !named || !b.is_object() || !h.is_object() {
            self.push(
                operation,
                at,
                ChangeKind::ExampleChanged,
                format!("{label}: example changed"),
                Vec::new(),
                Facts::default(),
            );
            return;
        }
        for name in keys_of(b, h) {
            let (bv, hv) = (&b[&name], &h[&name]);
            if bv == hv {
                continue;
            }
            let what = match (bv.is_null(), hv.is_null()) {
                (true, _) => "added",
                (_, true) => "removed",
                _ => "changed",
            };
            self.push(
                operation,
                &format!("{at}/{}", escape(&name)),
                ChangeKind::ExampleChanged,
                format!("{label}: example `{name}` {what}"),
                Vec::new(),
                Facts::default(),
            );
        }
    }

    /// Compares two versions of a schema node, `$ref`s followed.
    fn schema(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let (b_ref, h_ref) = (b["$ref"].as_str(), h["$ref"].as_str());
        match (b_ref, h_ref) {
            (Some(br), Some(hr)) if br == hr => {
                let name = br.rsplit('/').next().unwrap_or(br).to_owned();
                let visit = (
                    place.operation.unwrap_or_default().to_owned(),
                    name.clone(),
                    place.in_request,
                );
                if !self.visiting.insert(visit.clone()) {
                    return;
                }
                let pointer = br.trim_start_matches('#').to_owned();
                let (Some(bt), Some(ht)) =
                    (self.base.pointer(&pointer), self.head.pointer(&pointer))
                else {
                    // A component removed (or added) is reported by `components`; here the
                    // reference stays and the other side is missing, so the type changed.
                    self.visiting.remove(&visit);
                    return;
                };
                let type_name = names::component_type(&name);
                let inner = Place {
                    operation: place.operation,
                    in_request: place.in_request,
                    base: pointer.clone(),
                    head: pointer,
                    owner: self.names.type_path(&type_name),
                    type_name,
                    component: Some(name.clone()),
                    label: name,
                };
                self.schema(&inner, bt, ht);
                self.visiting.remove(&visit);
            }
            (None, None) => self.inline_schema(place, b, h),
            _ => {
                let describe = |r: Option<&str>, v: &Value| match r {
                    Some(r) => format!("`{}`", r.rsplit('/').next().unwrap_or(r)),
                    None => type_text(v),
                };
                self.type_changed(
                    place,
                    &place.head,
                    format!(
                        "`{}`: {} → {}",
                        place.label,
                        describe(b_ref, b),
                        describe(h_ref, h)
                    ),
                    None,
                );
            }
        }
    }

    fn type_changed(
        &mut self,
        place: &Place<'_>,
        pointer: &str,
        detail: String,
        nullable_only: Option<bool>,
    ) {
        let item = self.item_of(place, false);
        self.push(
            place.operation,
            pointer,
            ChangeKind::TypeChanged,
            detail,
            vec![item],
            Facts {
                in_request: place.in_request,
                nullable_only,
                ..Facts::default()
            },
        );
    }

    /// The item a change at this node touches: the node's own type when it is one, else the
    /// item that holds it.
    fn item_of(&self, place: &Place<'_>, is_type: bool) -> String {
        if is_type && !place.type_name.is_empty() {
            self.names.type_path(&place.type_name)
        } else {
            place.owner.clone()
        }
    }

    fn inline_schema(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let is_type = |v: &Value| v.get("properties").is_some() || v.get("enum").is_some();
        // A component's root is its own type; a field below it belongs to its struct.
        let own_type =
            is_type(b) || is_type(h) || place.owner == self.names.type_path(&place.type_name);
        let item = self.item_of(place, own_type);
        // A type or format changed: what is below it no longer compares.
        let (bt, ht) = (type_text(b), type_text(h));
        if bt != ht || b.get("x-faceauth-rust-type") != h.get("x-faceauth-rust-type") {
            self.type_changed(
                place,
                &place.head,
                format!("`{}`: {bt} → {ht}", place.label),
                None,
            );
            return;
        }
        if b["nullable"] != h["nullable"] {
            let now = h["nullable"] == true;
            self.type_changed(
                place,
                &format!("{}/nullable", place.head),
                format!(
                    "`{}`: {}",
                    place.label,
                    if now {
                        "now nullable"
                    } else {
                        "no longer nullable"
                    }
                ),
                Some(now),
            );
        }
        for key in keys_of(b, h) {
            let (bv, hv) = (&b[&key], &h[&key]);
            if bv == hv || SCHEMA_STEPS.contains(&key.as_str()) {
                continue;
            }
            let pointer = format!("{}/{}", place.head, escape(&key));
            if SCHEMA_DOCS.contains(&key.as_str()) {
                self.push(
                    place.operation,
                    &pointer,
                    ChangeKind::DescriptionChanged,
                    format!("`{}`: `{key}` changed", place.label),
                    vec![item.clone()],
                    Facts {
                        in_rustdoc: true,
                        ..Facts::default()
                    },
                );
            } else if key == "example" || EXAMPLE_MARKS.contains(&key.as_str()) {
                self.push(
                    place.operation,
                    &pointer,
                    ChangeKind::ExampleChanged,
                    format!("`{}`: `{key}` changed", place.label),
                    Vec::new(),
                    Facts::default(),
                );
            } else if CONSTRAINTS.contains(&key.as_str()) {
                self.constraint(place, &key, (b, h), &item);
            } else if key.starts_with("x-") {
                self.push(
                    place.operation,
                    &pointer,
                    ChangeKind::ExtensionChanged,
                    format!("`{}`: `{key}` changed", place.label),
                    Vec::new(),
                    Facts {
                        extension: Some(Semver::None),
                        ..Facts::default()
                    },
                );
            } else {
                self.other(
                    place.operation,
                    &pointer,
                    format!("`{}`: `{key}` changed", place.label),
                );
            }
        }
        self.enum_values(place, b, h);
        self.properties(place, b, h);
        if b.get("items").is_some() && h.get("items").is_some() {
            let inner = Place {
                base: format!("{}/items", place.base),
                head: format!("{}/items", place.head),
                type_name: names::items_type(&place.type_name),
                label: format!("{}[]", place.label),
                ..place.clone()
            };
            self.schema(&inner, &b["items"], &h["items"]);
        }
        let (ba, ha) = (&b["additionalProperties"], &h["additionalProperties"]);
        if ba.is_object() && ha.is_object() || ba != ha {
            if ba.is_object() && ha.is_object() {
                let inner = Place {
                    base: format!("{}/additionalProperties", place.base),
                    head: format!("{}/additionalProperties", place.head),
                    type_name: names::property_type(&place.type_name, "value"),
                    label: format!("{}{{}}", place.label),
                    ..place.clone()
                };
                self.schema(&inner, ba, ha);
            } else {
                self.type_changed(
                    place,
                    &format!("{}/additionalProperties", place.head),
                    format!("`{}`: additionalProperties {ba} → {ha}", place.label),
                    None,
                );
            }
        }
        for combinator in ["allOf", "oneOf", "anyOf"] {
            let (bc, hc) = (&b[combinator], &h[combinator]);
            match (bc.as_array(), hc.as_array()) {
                (Some(bl), Some(hl)) if bl.len() == hl.len() => {
                    for (i, (bi, hi)) in bl.iter().zip(hl).enumerate() {
                        let inner = Place {
                            base: format!("{}/{combinator}/{i}", place.base),
                            head: format!("{}/{combinator}/{i}", place.head),
                            ..place.clone()
                        };
                        self.schema(&inner, bi, hi);
                    }
                }
                (None, None) => {}
                _ => self.type_changed(
                    place,
                    &format!("{}/{combinator}", place.head),
                    format!("`{}`: the {combinator} alternatives changed", place.label),
                    None,
                ),
            }
        }
    }

    /// A validation keyword `key` that differs between the schemas `b` and `h`.
    fn constraint(&mut self, place: &Place<'_>, key: &str, (b, h): (&Value, &Value), item: &str) {
        let (bv, hv) = (&b[key], &h[key]);
        let bound = match (bv.as_f64(), hv.as_f64()) {
            _ if key == "pattern" || key == "multipleOf" => Bound::Changed,
            (None, Some(_)) => Bound::Tightened,
            (Some(_), None) => Bound::Loosened,
            (Some(old), Some(new)) => {
                let raises_floor = key.starts_with("min") || key.starts_with("exclusiveMin");
                if (new > old) == raises_floor {
                    Bound::Tightened
                } else {
                    Bound::Loosened
                }
            }
            (None, None) => Bound::Changed,
        };
        // typify makes a string with a length or pattern constraint a newtype.
        let newtype = |v: &Value| {
            v["type"] == "string"
                && ["minLength", "maxLength", "pattern"]
                    .iter()
                    .any(|k| v.get(k).is_some())
        };
        let shape_changes = newtype(b) != newtype(h);
        // The newtype's validation is what changes, when there is one.
        let item = if newtype(b) || newtype(h) {
            self.names.type_path(&place.type_name)
        } else {
            item.to_owned()
        };
        self.push(
            place.operation,
            &format!("{}/{}", place.head, escape(key)),
            ChangeKind::ConstraintChanged,
            format!("`{}`: `{key}` {} → {}", place.label, short(bv), short(hv)),
            vec![item],
            Facts {
                in_request: place.in_request,
                bound: Some(bound),
                shape_changes,
                ..Facts::default()
            },
        );
    }

    fn enum_values(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let (be, he) = (b["enum"].as_array(), h["enum"].as_array());
        let (be, he) = match (be, he) {
            (Some(be), Some(he)) => (be, he),
            (None, None) => return,
            _ => {
                let now = he.is_some();
                self.type_changed(
                    place,
                    &format!("{}/enum", place.head),
                    format!(
                        "`{}`: {}",
                        place.label,
                        if now {
                            "now an enum"
                        } else {
                            "no longer an enum"
                        }
                    ),
                    None,
                );
                return;
            }
        };
        let enum_type = self.item_of(place, true);
        let facts = Facts {
            in_request: place.in_request,
            ..Facts::default()
        };
        for (i, value) in he.iter().enumerate() {
            if !be.contains(value) {
                self.push(
                    place.operation,
                    &format!("{}/enum/{i}", place.head),
                    ChangeKind::EnumValueAdded,
                    format!("`{}`: value {} added", place.label, short(value)),
                    vec![enum_type.clone()],
                    facts,
                );
            }
        }
        for value in be.iter().filter(|v| !he.contains(v)) {
            self.push(
                place.operation,
                &format!("{}/enum", place.head),
                ChangeKind::EnumValueRemoved,
                format!("`{}`: value {} removed", place.label, short(value)),
                vec![enum_type.clone()],
                facts,
            );
        }
    }

    fn properties(&mut self, place: &Place<'_>, b: &Value, h: &Value) {
        let (bp, hp) = (&b["properties"], &h["properties"]);
        if bp.is_null() && hp.is_null() {
            return;
        }
        let required = |v: &Value, name: &str| {
            v["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|n| n == name))
        };
        let struct_path = self.names.type_path(&place.type_name);
        let sent_type = place
            .component
            .as_ref()
            .is_some_and(|c| self.sent.contains(c));
        let with_new = |items: &mut Vec<String>, changes_new: bool| {
            if changes_new && sent_type {
                items.push(format!("{struct_path}::new"));
            }
        };
        let request = place.in_request;
        for name in keys_of(bp, hp) {
            let (bv, hv) = (&bp[&name], &hp[&name]);
            let (br, hr) = (required(b, &name), required(h, &name));
            let label = format!("{}.{name}", place.label);
            let head_at = format!("{}/properties/{}", place.head, escape(&name));
            let base_at = format!("{}/properties/{}", place.base, escape(&name));
            let facts = Facts {
                in_request: request,
                sent_type,
                ..Facts::default()
            };
            match (bv.is_null(), hv.is_null()) {
                (true, false) => {
                    let kind = match (request, hr) {
                        (true, true) => ChangeKind::RequiredRequestFieldAdded,
                        (true, false) => ChangeKind::OptionalRequestFieldAdded,
                        (false, true) => ChangeKind::RequiredResponseFieldAdded,
                        (false, false) => ChangeKind::OptionalResponseFieldAdded,
                    };
                    let mut items = vec![struct_path.clone()];
                    with_new(&mut items, hr);
                    let what = if hr { "required" } else { "optional" };
                    self.push(
                        place.operation,
                        &head_at,
                        kind,
                        format!(
                            "`{label}` added ({what}, {})",
                            type_text(resolve(self.head, hv, String::new()).0)
                        ),
                        items,
                        facts,
                    );
                }
                (false, true) => {
                    let kind = if request {
                        ChangeKind::RequestFieldRemoved
                    } else {
                        ChangeKind::ResponseFieldRemoved
                    };
                    let mut items = vec![struct_path.clone()];
                    with_new(&mut items, br);
                    let what = if br { "required" } else { "optional" };
                    self.push(
                        place.operation,
                        &base_at,
                        kind,
                        format!("`{label}` removed (was {what})"),
                        items,
                        Facts {
                            was_required: br,
                            ..facts
                        },
                    );
                }
                (false, false) => {
                    if br != hr {
                        let kind = match (request, hr) {
                            (true, true) => ChangeKind::RequestFieldNowRequired,
                            (true, false) => ChangeKind::RequestFieldNowOptional,
                            (false, true) => ChangeKind::ResponseFieldNowRequired,
                            (false, false) => ChangeKind::ResponseFieldNowOptional,
                        };
                        let nullable = resolve(self.base, bv, String::new()).0["nullable"] == true
                            && resolve(self.head, hv, String::new()).0["nullable"] == true;
                        let mut items = vec![struct_path.clone()];
                        with_new(&mut items, true);
                        self.push(
                            place.operation,
                            &format!("{}/required", place.head),
                            kind,
                            format!("`{label}` now {}", if hr { "required" } else { "optional" }),
                            items,
                            Facts { nullable, ..facts },
                        );
                    }
                    let inner = Place {
                        base: base_at,
                        head: head_at,
                        type_name: names::property_type(&place.type_name, &name),
                        owner: struct_path.clone(),
                        label,
                        ..place.clone()
                    };
                    self.schema(&inner, bv, hv);
                }
                (true, true) => {}
            }
        }
    }

    /// Schema components: each added or removed; the changes inside one that no operation
    /// reaches (operations report the others).
    fn components(&mut self, reached: &BTreeSet<String>) {
        let (bs, hs) = (
            &self.base["components"]["schemas"],
            &self.head["components"]["schemas"],
        );
        for name in keys_of(bs, hs) {
            let (b, h) = (&bs[&name], &hs[&name]);
            let pointer = format!("/components/schemas/{}", escape(&name));
            let type_path = self.names.type_path(&names::component_type(&name));
            match (b.is_null(), h.is_null()) {
                (true, false) => self.push(
                    None,
                    &pointer,
                    ChangeKind::SchemaAdded,
                    format!("schema `{name}` added"),
                    vec![type_path],
                    Facts::default(),
                ),
                (false, true) => self.push(
                    None,
                    &pointer,
                    ChangeKind::SchemaRemoved,
                    format!("schema `{name}` removed"),
                    vec![type_path],
                    Facts::default(),
                ),
                (false, false) if b != h && !reached.contains(&name) => {
                    let place = Place {
                        operation: None,
                        in_request: false,
                        base: pointer.clone(),
                        head: pointer,
                        type_name: names::component_type(&name),
                        owner: type_path,
                        component: Some(name.clone()),
                        label: name,
                    };
                    self.schema(&place, b, h);
                }
                _ => {}
            }
        }
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
