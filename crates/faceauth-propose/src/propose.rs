//! The Overlay actions that make a spec admit what recorded responses showed: one per departure
//! a drift check found, each targeting the schema node it departs from (followed through
//! `$ref`s) and carrying its evidence as `x-faceauth-observed`.

use serde_json::{json, Map, Value};

use crate::departures;
pub use crate::found::{Departure, Found};
use crate::pointer;
use crate::shape::{admits, Shape};
use crate::target::{json_path, Place};

/// The responses of one operation and status, as the traffic showed them.
#[derive(Debug, Clone)]
pub struct Case<'a> {
    /// The operation's id (`enrollFaceMatch`), for the name of a schema a new status gets.
    pub operation: &'a str,
    /// The operation's path template in the spec (`/liveness/enroll`).
    pub path: &'a str,
    /// Its method, lower case.
    pub method: &'a str,
    /// The status.
    pub status: u16,
    /// The media type of the bodies (`application/json`).
    pub media: &'a str,
    /// Every body seen, summarised.
    pub shape: &'a Shape,
    /// How many responses of this operation and status the traffic held.
    pub responses: u64,
    /// How many of them had a body (JSON or not).
    pub bodies: u64,
    /// When the first and the last of them were received (RFC 3339), where the traffic says.
    pub times: Option<(String, String)>,
    /// The traffic file's name, for the evidence.
    pub traffic: &'a str,
}

/// One Overlay action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// A JSONPath (RFC 9535, normalized) selecting one node.
    pub target: String,
    /// What the action does, in words.
    pub description: String,
    /// The value merged into (an object) or appended to (an array) the target; `None` for an
    /// action that removes the target.
    pub update: Option<Value>,
    /// The evidence (`x-faceauth-observed`): how many responses showed it, of how many, where.
    pub observed: Value,
}

impl Action {
    /// The action as an Overlay action object.
    pub fn to_value(&self) -> Value {
        let mut action = json!({"target": self.target, "description": self.description});
        match &self.update {
            Some(update) => action["update"] = update.clone(),
            None => action["remove"] = json!(true),
        }
        action["x-faceauth-observed"] = self.observed.clone();
        action
    }

    /// Whether it removes one plain value of a list (an entry of `required`), which Overlay 1.0
    /// cannot select: its document is then an Overlay 1.1 one.
    pub fn needs_1_1(&self) -> bool {
        self.update.is_none() && self.target.ends_with(']') && self.target.contains("[?@ == ")
    }
}

/// The actions that answer `found` in `spec` for `case`, and, for each departure it cannot
/// answer in Overlay 1.0, why (a type to widen into `anyOf`, a place the schema does not
/// reach). `may_show(text)` says whether a property name or a code may appear in a proposal
/// (not a secret a response echoed).
pub fn actions(
    spec: &Value,
    case: &Case<'_>,
    found: &[Found],
    may_show: &dyn Fn(&str) -> bool,
) -> (Vec<Action>, Vec<String>) {
    let mut actions = Vec::new();
    let mut left = Vec::new();
    let root = Place::response_schema(spec, case.path, case.method, case.status, case.media)
        .map(|place| place.keys);
    answer(
        spec,
        case,
        root.as_deref(),
        found,
        may_show,
        &mut actions,
        &mut left,
    );
    (actions, left)
}

/// The actions answering `found`, each departure's place read below the schema `root_keys`
/// lead to (the response's, or the schema another status of the operation takes).
fn answer(
    spec: &Value,
    case: &Case<'_>,
    root_keys: Option<&[String]>,
    found: &[Found],
    may_show: &dyn Fn(&str) -> bool,
    actions: &mut Vec<Action>,
    left: &mut Vec<String>,
) {
    let root = || root_keys.and_then(|keys| Place::at(spec, keys));
    for one in found {
        let mut observed = json!({
            "responses": one.responses,
            "of": case.responses,
            "traffic": case.traffic,
        });
        if let Some((first, last)) = one.times.as_ref().or(case.times.as_ref()) {
            observed["first_seen"] = json!(first);
            observed["last_seen"] = json!(last);
        }
        let shape = case.shape.at(&one.at);
        let not_here =
            |why: &str| format!("{} at {}: {why}", describe(one.departure), shown(&one.at));
        match one.departure {
            Departure::UndocumentedField => {
                let Some((parent, name)) = pointer::parent_and_last(&one.at) else {
                    continue;
                };
                if !may_show(&name) {
                    // Not even its place is said: the place is the name.
                    left.push(
                        "undocumented field: its name holds a value no output may show".to_owned(),
                    );
                    continue;
                }
                let (Some(place), Some(shape)) =
                    (root().and_then(|r| r.below(spec, parent)), shape)
                else {
                    left.push(not_here("the schema does not reach its parent"));
                    continue;
                };
                let mut schema = shape.schema();
                schema["description"] =
                    json!("Observed in recorded traffic; the vendor's documents do not list it.");
                actions.push(Action {
                    target: place.json_path(),
                    description: format!("Add the undocumented property `{name}`"),
                    update: Some(json!({"properties": {name: schema}})),
                    observed,
                });
            }
            Departure::UnknownEnumValue => {
                let Some(place) = root().and_then(|r| r.below(spec, &one.at)) else {
                    left.push(not_here("the schema does not reach it"));
                    continue;
                };
                let documented: Vec<&Value> = place.node["enum"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .collect();
                let codes = shape
                    .and_then(|s| s.strings.as_ref())
                    .and_then(|s| s.codes.as_ref());
                let Some(codes) = codes else {
                    left.push(not_here("its values are not a few short codes"));
                    continue;
                };
                let new: Vec<Value> = codes
                    .iter()
                    .filter(|code| {
                        may_show(code)
                            && !documented.iter().any(|d| d.as_str() == Some(code.as_str()))
                    })
                    .map(|code| json!(code))
                    .collect();
                if new.is_empty() {
                    continue;
                }
                let mut keys = place.keys.clone();
                keys.push("enum".to_owned());
                actions.push(Action {
                    target: json_path(&keys),
                    description: format!(
                        "Add {} enum value(s) seen in recorded traffic",
                        new.len()
                    ),
                    update: Some(Value::Array(new)),
                    observed,
                });
            }
            Departure::WrongType => {
                let (Some(place), Some(shape)) =
                    (root().and_then(|r| r.below(spec, &one.at)), shape)
                else {
                    left.push(not_here("the schema does not reach it"));
                    continue;
                };
                let mut update = Map::new();
                if shape.nulls > 0 && place.node["nullable"] != json!(true) {
                    update.insert("nullable".into(), json!(true));
                }
                // Which kinds of value the documented type admits, once widened where 1.0 can.
                let mut documented = place.node["type"].as_str();
                if documented == Some("integer") && shape.fractions > 0 {
                    update.insert("type".into(), json!("number"));
                    documented = Some("number");
                }
                let seen = shape.kinds();
                if seen
                    .iter()
                    .any(|(kind, count)| *count > 0 && !admits(documented, kind))
                {
                    left.push(not_here(
                        "values of another type were seen: widening it to `anyOf` replaces `type`, which Overlay 1.0 cannot do",
                    ));
                }
                if update.is_empty() {
                    continue;
                }
                actions.push(Action {
                    target: place.json_path(),
                    description: "Widen the schema to admit every value seen".to_owned(),
                    update: Some(Value::Object(update)),
                    observed,
                });
            }
            Departure::MissingRequiredField => {
                let Some((parent, name)) = pointer::parent_and_last(&one.at) else {
                    continue;
                };
                let Some(place) = root().and_then(|r| r.below(spec, parent)) else {
                    left.push(not_here("the schema does not reach its parent"));
                    continue;
                };
                let listed = place.node["required"]
                    .as_array()
                    .is_some_and(|required| required.iter().any(|r| r.as_str() == Some(&name)));
                if !listed {
                    left.push(not_here(
                        "its schema's `required` does not list it where the drift check found it",
                    ));
                    continue;
                }
                let mut keys = place.keys.clone();
                keys.push("required".to_owned());
                let quoted = json_path(std::slice::from_ref(&name));
                // `$['name']` → the name quoted as a JSONPath string literal: `'name'`.
                let literal = &quoted[2..quoted.len() - 1];
                actions.push(Action {
                    target: format!("{}[?@ == {literal}]", json_path(&keys)),
                    description: format!(
                        "No longer require `{name}`: {} of {} responses lacked it",
                        one.responses, case.responses
                    ),
                    update: None,
                    observed,
                });
            }
            Departure::UndocumentedBody => {
                let Some(entry) =
                    Place::at(spec, &response_keys(case)).and_then(|p| p.resolved(spec))
                else {
                    left.push(not_here("the status has no response entry"));
                    continue;
                };
                let content = entry.node.get("content").and_then(Value::as_object);
                if content.is_some_and(|c| !c.is_empty()) {
                    left.push(not_here(if entry.node["content"].get(case.media).is_some() {
                        // JSON that does not parse: no schema admits it.
                        "the body is not what its documented media type says"
                    } else {
                        "the status documents another media type: one status, one media type, as the generated clients decode it"
                    }));
                    continue;
                }
                if case.shape.seen == 0 {
                    left.push(not_here(NOT_JSON));
                    continue;
                }
                let schema = body_schema(spec, case, may_show, &observed, actions, left);
                actions.push(Action {
                    target: json_path(&entry.keys),
                    description: format!(
                        "Document the {} body of HTTP {}",
                        case.media, case.status
                    ),
                    update: Some(json!({"content": {case.media: {"schema": schema}}})),
                    observed,
                });
            }
            Departure::UndocumentedStatus => {
                let mut keys = response_keys(case);
                keys.pop();
                let mut response = json!({
                    "description": "Observed in recorded traffic; the vendor's documents do not list this status."
                });
                if case.shape.seen > 0 {
                    let schema = body_schema(spec, case, may_show, &observed, actions, left);
                    response["content"] = json!({case.media: {"schema": schema}});
                } else if case.bodies > 0 {
                    left.push(not_here(NOT_JSON));
                    continue;
                }
                actions.push(Action {
                    target: json_path(&keys),
                    description: format!("Add the undocumented status {}", case.status),
                    update: Some(json!({case.status.to_string(): response})),
                    observed,
                });
            }
        }
    }
}

/// Why bodies that are not JSON are listed, not proposed.
const NOT_JSON: &str = "the bodies are not JSON: the generated clients decode JSON bodies only";

/// The keys of `case`'s response entry: `paths`, its path, its method, `responses`, its status.
fn response_keys(case: &Case<'_>) -> Vec<String> {
    let status = case.status.to_string();
    [
        "paths",
        case.path,
        case.method,
        "responses",
        status.as_str(),
    ]
    .iter()
    .map(|k| (*k).to_owned())
    .collect()
}

/// The schema for the JSON bodies of `case`'s status, which the spec does not give: a `$ref` to
/// the named schema the operation's answers of the same kind (success, or error) take, with the
/// actions that widen it to admit these bodies too (the generated clients decode one type per
/// kind; two would fail the build); where the operation has none, a new component of what the
/// bodies showed (the specs name every response body).
fn body_schema(
    spec: &Value,
    case: &Case<'_>,
    may_show: &dyn Fn(&str) -> bool,
    observed: &Value,
    actions: &mut Vec<Action>,
    left: &mut Vec<String>,
) -> Value {
    let success = (200..300).contains(&case.status);
    let sibling = spec["paths"][case.path][case.method]["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(status, _)| {
            status
                .parse::<u16>()
                .is_ok_and(|s| (200..300).contains(&s) == success)
        })
        .find_map(|(_, response)| response["content"][case.media]["schema"]["$ref"].as_str());
    if let Some(reference) = sibling {
        let keys: Option<Vec<String>> = reference
            .strip_prefix('#')
            .map(|p| pointer::tokens(p).collect());
        if let Some((keys, place)) = keys.and_then(|k| Place::at(spec, &k).map(|p| (k.clone(), p)))
        {
            let found = departures::of(spec, place, case.shape);
            answer(spec, case, Some(&keys), &found, may_show, actions, left);
            return json!({"$ref": reference});
        }
    }
    let base = format!(
        "{}{}{}Response",
        case.operation[..1.min(case.operation.len())].to_ascii_uppercase(),
        case.operation.get(1..).unwrap_or_default(),
        case.status
    );
    let schemas = &spec["components"]["schemas"];
    let name = std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}{n}")))
        .find(|name| schemas.get(name).is_none())
        .unwrap_or(base);
    let mut schema = case.shape.schema();
    schema["description"] = json!(format!(
        "The body of HTTP {} of {}, as recorded traffic showed it; the vendor's documents do not list it.",
        case.status, case.operation
    ));
    actions.push(Action {
        target: json_path(&["components".to_owned(), "schemas".to_owned()]),
        description: format!("Name the schema of the bodies of HTTP {}", case.status),
        update: Some(json!({name.clone(): schema})),
        observed: observed.clone(),
    });
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An Overlay document of `actions` for `spec_file`: version 1.0.0 where it can express them,
/// 1.1.0 where one removes a plain value of a list.
pub fn overlay(spec_file: &str, title: &str, actions: &[Action]) -> Value {
    let version = match actions.iter().any(Action::needs_1_1) {
        true => "1.1.0",
        false => "1.0.0",
    };
    json!({
        "overlay": version,
        "info": {"title": title, "version": "1.0.0"},
        "extends": spec_file,
        "actions": actions.iter().map(Action::to_value).collect::<Vec<_>>(),
    })
}

fn describe(departure: Departure) -> &'static str {
    match departure {
        Departure::UndocumentedField => "undocumented field",
        Departure::UnknownEnumValue => "unknown enum value",
        Departure::WrongType => "wrong type",
        Departure::UndocumentedStatus => "undocumented status",
        Departure::MissingRequiredField => "missing required field",
        Departure::UndocumentedBody => "undocumented body",
    }
}

fn shown(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

impl Shape {
    /// The summary of the values at `pointer` below this place (array indices: the items).
    pub fn at(&self, pointer: &str) -> Option<&Shape> {
        let mut shape = self;
        for token in pointer::tokens(pointer) {
            shape = match (&shape.arrays, &shape.objects) {
                (Some(arrays), _) if pointer::is_index(&token) => &arrays.items,
                (_, Some(objects)) => &objects.properties.get(&token)?.shape,
                _ => return None,
            };
        }
        Some(shape)
    }
}
