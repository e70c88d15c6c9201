//! The operation side of the walk: the spec's own keys, servers, security, and each operation's
//! path, method, marks, parameters, request body and responses (their schemas go to
//! [`schema`](super::schema)).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{
    dedup, first_media, keys_of, resolve, server_pointer, text, without, without_marks, Op, Place,
    Walker,
};
use crate::catalogue::{ChangeKind, Semver};
use crate::names;
use crate::verdicts::Facts;
use faceauth_spec::lines::escape;

impl Walker<'_> {
    /// The spec's own keys: info, tags, security schemes, extensions, anything unknown.
    pub(super) fn top_level(&mut self) {
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
                // Whether refusals in the body are errors decides every method's error type.
                _ if key == faceauth_spec::extension::CODED_ENVELOPE => self.push(
                    None,
                    &pointer,
                    ChangeKind::ExtensionChanged,
                    format!("`{key}` changed: every method's error type follows it"),
                    vec![self.names.client()],
                    Facts {
                        extension: Some(Semver::Major),
                        ..Facts::default()
                    },
                ),
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
            let (detail, credential_api) = match (bs, hs) {
                (None, Some(_)) => (format!("security scheme `{name}` added"), Semver::Minor),
                (Some(_), None) => (format!("security scheme `{name}` removed"), Semver::Major),
                (Some(bs), Some(hs)) if bs != hs => {
                    // The maintainers' marks say where a claim comes from, not how it is sent.
                    let (bs, hs) = (&without_marks(bs), &without_marks(hs));
                    if bs == hs {
                        self.push(
                            None,
                            &pointer,
                            ChangeKind::ExtensionChanged,
                            format!("security scheme `{name}`: a mark changed"),
                            Vec::new(),
                            Facts {
                                extension: Some(Semver::None),
                                ..Facts::default()
                            },
                        );
                        continue;
                    }
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
                    // Where the credential goes is data; its kind decides the constructors.
                    let place_only = ["description", "name", "in"];
                    let api = if without(bs, &place_only) == without(hs, &place_only) {
                        Semver::Patch
                    } else {
                        Semver::Major
                    };
                    (format!("security scheme `{name}` changed"), api)
                }
                _ => continue,
            };
            self.push(
                None,
                &pointer,
                ChangeKind::SecurityChanged,
                detail,
                vec![self.names.client()],
                Facts {
                    credential_api: Some(credential_api),
                    ..Facts::default()
                },
            );
        }
    }

    /// Servers: a URL new to (or gone from) the whole spec is a `Server` variant added (or
    /// removed), reported once with no operation; a URL an operation gains or loses while the
    /// variant stays is that operation's change.
    pub(super) fn servers(
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

    pub(super) fn operation(&mut self, id: &str, b: &Op<'_>, h: &Op<'_>) {
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
                            _ if key.starts_with("x-") => self.push(
                                Some(id),
                                &pointer,
                                ChangeKind::ExtensionChanged,
                                format!("HTTP {status}: `{key}` changed"),
                                Vec::new(),
                                Facts {
                                    extension: Some(Semver::None),
                                    ..Facts::default()
                                },
                            ),
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
}
