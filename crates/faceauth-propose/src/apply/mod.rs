//! `faceauth overlay apply`: an OpenAPI Overlay (1.0 or 1.1, this project's or any tool's)
//! applied to a spec's text in place, changing only the nodes its actions touch.
//!
//! Each action's target is an RFC 9535 JSONPath, evaluated by `serde_json_path` (which passes the
//! JSONPath compliance suite and returns each node's normalized path) on the document as it
//! stands after the actions before it. The change is made twice: to the document read as JSON,
//! as the Overlay specification defines it ([`merge`]), and to the text, where each changed
//! node sits ([`edit`]). The text is then read again and must equal the JSON result, and be an
//! OpenAPI document, or nothing is returned: a caller writes the file only on success.
//!
//! ```
//! use faceauth_propose::apply::{apply, Options};
//!
//! let spec = "openapi: 3.0.3\ninfo:\n  title: Acme  # the vendor's name\n  version: '1'\npaths: {}\n";
//! let overlay = "overlay: 1.0.0\ninfo: {title: License, version: '1'}\nactions:\n\
//!                - target: $.info\n  update: {license: {name: MIT}}\n";
//! let applied = apply("fix.yaml", overlay, "acme.yaml", spec, &Options::default()).unwrap();
//! assert_eq!(
//!     applied.text,
//!     "openapi: 3.0.3\ninfo:\n  title: Acme  # the vendor's name\n  version: '1'\n  license:\n    name: MIT\npaths: {}\n"
//! );
//! assert_eq!(applied.selected, [1]);
//!
//! let nothing = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n- target: $.servers\n  remove: true\n";
//! let error = apply("fix.yaml", nothing, "acme.yaml", spec, &Options::default()).unwrap_err();
//! assert_eq!(error.to_string(), "fix.yaml: /actions/0/target `$.servers` selects nothing in acme.yaml");
//! ```

mod document;
mod edit;
mod merge;

use faceauth_spec::lines::escape;
use serde_json::Value;
use serde_json_path::{JsonPath, PathElement};

pub use document::{Change, Overlay, OverlayAction, Version};
use merge::Step;

/// How [`apply`] treats what the specification leaves to tools.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A target that selects nothing is a silent no-op (Overlay 1.1's rule) rather than an
    /// error (this tool's default: a target that selects nothing is most often a typo or a
    /// spec that moved, and a proposal that silently does nothing closes no drift).
    pub allow_empty_targets: bool,
}

/// A spec with an overlay applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The spec's new text.
    pub text: String,
    /// How many nodes each action selected, in order.
    pub selected: Vec<usize>,
}

/// Why an overlay was not applied: one line, naming the file and the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError(String);

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ApplyError {}

/// Applies the Overlay `overlay_text` (from `overlay_file`) to the OpenAPI document `spec_text`
/// (from `spec_file`; both names are for errors). Both are read within the bounds every spec is
/// read within (`faceauth_spec::load`).
pub fn apply(
    overlay_file: &str,
    overlay_text: &str,
    spec_file: &str,
    spec_text: &str,
    options: &Options,
) -> Result<Applied, ApplyError> {
    let in_overlay = |reason: String| ApplyError(format!("{overlay_file}: {reason}"));
    let in_spec = |reason: String| ApplyError(format!("{spec_file}: {reason}"));
    let overlay_document = faceauth_spec::load::load_yaml(overlay_file, overlay_text)
        .map_err(|e| ApplyError(e.to_string()))?;
    let overlay = Overlay::from_value(&overlay_document)
        .map_err(|e| in_overlay(format!("not an Overlay document: {e}")))?;
    let mut model = faceauth_spec::load::load_yaml(spec_file, spec_text)
        .map_err(|e| ApplyError(e.to_string()))?;
    openapi_document(&model).map_err(|e| in_spec(format!("not an OpenAPI document: {e}")))?;

    let mut text = spec_text.to_owned();
    let mut selected = Vec::with_capacity(overlay.actions.len());
    for action in &overlay.actions {
        let at = format!("/actions/{}", action.index);
        let target = JsonPath::parse(&action.target)
            .map_err(|e| in_overlay(format!("{at}/target `{}`: {e}", action.target)))?;
        let mut nodes: Vec<(Vec<Step>, &'static str)> = target
            .query_located(&model)
            .iter()
            .map(|node| (steps(node.location()), merge::kind(node.node())))
            .collect();
        selected.push(nodes.len());
        if nodes.is_empty() {
            if options.allow_empty_targets {
                continue;
            }
            return Err(in_overlay(format!(
                "{at}/target `{}` selects nothing in {spec_file}",
                action.target
            )));
        }
        let failed = |node: &[Step], why: String| {
            in_overlay(format!(
                "{at}: at {} of {spec_file}: {why}",
                merge::pointer(node)
            ))
        };
        let update = match &action.what {
            Change::Nothing => continue,
            Change::Remove => None,
            Change::Update(value) => Some(value.clone()),
            Change::Copy(source) => Some(
                copied(&model, source).map_err(|why| in_overlay(format!("{at}/copy: {why}")))?,
            ),
        };
        let edits = match update {
            None => {
                // Last first, so that removing an entry leaves the places of those before it,
                // and a node inside another selected one goes before its holder.
                nodes.sort_by(|a, b| b.0.cmp(&a.0));
                let mut edits = Vec::new();
                for (node, _) in &nodes {
                    edits.push(merge::remove(&mut model, node).map_err(|why| failed(node, why))?);
                }
                edits
            }
            Some(value) => {
                if overlay.version == Version::V1_1 {
                    let first = container(nodes[0].1);
                    if let Some((node, _)) = nodes.iter().find(|(_, k)| container(k) != first) {
                        return Err(failed(node, "the target selects objects, arrays and primitives together (Overlay 1.1 asks for one kind)".into()));
                    }
                }
                let mut edits = Vec::new();
                for (node, _) in &nodes {
                    edits.extend(
                        merge::update(&mut model, node, &value, overlay.version)
                            .map_err(|why| failed(node, why))?,
                    );
                }
                edits
            }
        };
        text = edit::apply(&text, &edits).map_err(|why| in_spec(format!("{at}: {why}")))?;
    }

    // The text as edited must say what the document as changed says.
    let reread = faceauth_spec::load::load_yaml(spec_file, &text)
        .map_err(|e| in_spec(format!("the edited text does not read: {e}")))?;
    if reread != model {
        return Err(in_spec(format!(
            "the edited text differs from the overlay's result at {}",
            first_difference(&reread, &model, String::new())
        )));
    }
    openapi_document(&model)
        .map_err(|e| in_spec(format!("not an OpenAPI document after the overlay: {e}")))?;
    if model["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0."))
    {
        faceauth_spec::load::load(spec_file, &text)
            .map_err(|e| in_spec(format!("after the overlay: {}", e.reason())))?;
    }
    Ok(Applied { text, selected })
}

/// A normalized path as steps.
fn steps(path: &serde_json_path::NormalizedPath<'_>) -> Vec<Step> {
    path.iter()
        .map(|element| match element {
            PathElement::Name(name) => Step::Key((*name).to_owned()),
            PathElement::Index(index) => Step::Index(*index),
        })
        .collect()
}

/// Objects, arrays and primitives (`null` among them) are the three kinds Overlay 1.1 asks a
/// target's nodes to share.
fn container(kind: &str) -> &str {
    match kind {
        "an object" | "an array" => kind,
        _ => "a primitive",
    }
}

/// The one node `source` selects (Overlay 1.1's `copy`).
fn copied(model: &Value, source: &str) -> Result<Value, String> {
    let path = JsonPath::parse(source).map_err(|e| format!("`{source}`: {e}"))?;
    let nodes = path.query(model);
    match nodes.len() {
        1 => Ok(nodes.first().cloned().unwrap_or(Value::Null)),
        n => Err(format!("`{source}` selects {n} nodes, not one")),
    }
}

/// The fixed fields every OpenAPI 3.0 and 3.1 document has.
fn openapi_document(document: &Value) -> Result<(), String> {
    let version = document["openapi"]
        .as_str()
        .ok_or("no `openapi` version string")?;
    let v3_1 = version.starts_with("3.1.");
    if !(version.starts_with("3.0.") || v3_1) {
        return Err(format!("`openapi: {version}` is not 3.0.x or 3.1.x"));
    }
    if !document["info"]["title"].is_string() || !document["info"]["version"].is_string() {
        return Err("no `info` with a `title` and a `version` string".into());
    }
    let has = |field: &str| document[field].is_object();
    match (v3_1, has("paths")) {
        (false, false) => Err("no `paths` map".into()),
        (true, false) if !has("components") && !has("webhooks") => {
            Err("none of `paths`, `components` and `webhooks`".into())
        }
        _ => Ok(()),
    }
}

/// The first JSON pointer where `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, at: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                match y.get(key) {
                    Some(other) if other != value => {
                        return first_difference(value, other, format!("{at}/{}", escape(key)))
                    }
                    None => return format!("{at}/{}", escape(key)),
                    _ => {}
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map_or(at.clone(), |k| format!("{at}/{}", escape(k)))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .position(|(p, q)| p != q)
            .map_or(at.clone(), |i| {
                first_difference(&x[i], &y[i], format!("{at}/{i}"))
            }),
        _ if at.is_empty() => "/".into(),
        _ => at,
    }
}
