//! Every claim a spec makes that the vendor's documents could contradict carries its evidence:
//! a field called required (`required: [...]` in a schema, `required: true` on a query, header
//! or cookie parameter), a `format`, and how the credential is sent (each security scheme, the
//! spec's `security` and every operation's own) each sit on a node marked
//! `x-faceauth-source` (where the documents say it) or `x-faceauth-inferred` (ours, and why).
//! A mark is a text covering every claim of its node, or a map from claim kind (`required`,
//! `format`, `security`, `type`) to a text.
//!
//! The inferred marks are listed in a snapshot (`tests/snapshots/spec_claims__inferred.snap`),
//! so that every inference the specs rest on is read in one place and a new one shows up as a
//! reviewable diff.

use faceauth_spec::extension::{claim_covered, INFERRED, SOURCE};
use serde_yaml::{Mapping, Value};

const VENDORS: [&str; 4] = ["signzy", "verisoul", "advance", "progeny"];

fn spec(vendor: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs")
        .join(format!("{vendor}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// One claim a node makes, and where.
#[derive(Debug)]
struct Claim {
    pointer: String,
    kind: &'static str,
}

fn get<'a>(node: &'a Mapping, key: &str) -> Option<&'a Value> {
    node.get(Value::String(key.to_owned()))
}

/// Whether `node`'s marks cover a claim of `kind` (the vocabulary's one reading of them).
fn covered(node: &Mapping, kind: &str) -> bool {
    let node = serde_json::to_value(node).expect("a spec node is JSON");
    claim_covered(&node, kind)
}

/// The claims `node` itself makes (not its children's).
fn claims_of(node: &Mapping, pointer: &str, parent_key: Option<&str>, out: &mut Vec<Claim>) {
    let mut claim = |kind: &'static str| {
        out.push(Claim {
            pointer: pointer.to_owned(),
            kind,
        })
    };
    if get(node, "required")
        .and_then(Value::as_sequence)
        .is_some_and(|fields| !fields.is_empty())
    {
        claim("required");
    }
    if get(node, "format").is_some_and(Value::is_string) {
        claim("format");
    }
    let location = get(node, "in").and_then(Value::as_str);
    if get(node, "required").and_then(Value::as_bool) == Some(true)
        && matches!(location, Some("query" | "header" | "cookie"))
        && get(node, "name").is_some()
    {
        claim("required");
    }
    if get(node, "security").is_some_and(Value::is_sequence)
        || parent_key == Some("securitySchemes")
    {
        claim("security");
    }
}

/// Walks every node of a spec but the example payloads and the project's own extensions, whose
/// keys are data, not claims. `parent_key` is the key the node's parent sits under (the
/// entries of `securitySchemes` are the security schemes).
fn walk(value: &Value, pointer: &str, parent_key: Option<&str>, out: &mut Vec<Claim>) {
    walk_under(value, pointer, None, parent_key, out)
}

fn walk_under(
    value: &Value,
    pointer: &str,
    own_key: Option<&str>,
    parent_key: Option<&str>,
    out: &mut Vec<Claim>,
) {
    match value {
        Value::Mapping(node) => {
            claims_of(node, pointer, parent_key, out);
            for (key, child) in node {
                let Some(key) = key.as_str() else { continue };
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                let child_pointer =
                    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                walk_under(child, &child_pointer, Some(key), own_key, out);
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_under(item, &format!("{pointer}/{i}"), own_key, parent_key, out);
            }
        }
        _ => {}
    }
}

/// The node at a JSON pointer.
fn at<'a>(doc: &'a Value, pointer: &str) -> &'a Mapping {
    let mut node = doc;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        node = match node {
            Value::Sequence(items) => &items[token.parse::<usize>().unwrap()],
            _ => node.get(token.as_str()).unwrap(),
        };
    }
    node.as_mapping().unwrap()
}

#[test]
fn every_required_format_and_security_claim_carries_a_source_or_an_inferred_mark() {
    let mut unmarked = Vec::new();
    let mut counted = 0;
    for vendor in VENDORS {
        let doc = spec(vendor);
        let mut claims = Vec::new();
        walk(&doc, "", None, &mut claims);
        assert!(!claims.is_empty(), "{vendor}: the walk found no claim");
        for claim in &claims {
            counted += 1;
            if !covered(at(&doc, &claim.pointer), claim.kind) {
                unmarked.push(format!(
                    "specs/{vendor}.yaml {} ({})",
                    claim.pointer, claim.kind
                ));
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "{} of {counted} claims carry neither {SOURCE} nor {INFERRED}:\n{}",
        unmarked.len(),
        unmarked.join("\n")
    );
}

/// The walk finds the claims it is meant to: a spec with one of each, unmarked, has exactly
/// those; marked, none.
#[test]
fn the_walk_finds_each_kind_of_claim_and_reads_each_form_of_mark() {
    let doc: Value = serde_yaml::from_str(
        r#"
security: [{key: []}]
paths:
  /a:
    get:
      security: []
      parameters:
        - {name: id, in: query, required: true, schema: {type: string, format: uuid}}
        - {name: p, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          content:
            application/json:
              schema: {type: object, required: [x], properties: {x: {type: string, format: date}}}
              examples: {e: {value: {required: [1], format: x, security: y}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: k}
"#,
    )
    .unwrap();
    let mut claims = Vec::new();
    walk(&doc, "", None, &mut claims);
    let found: Vec<String> = claims
        .iter()
        .map(|c| format!("{} {}", c.pointer, c.kind))
        .collect();
    assert_eq!(
        found,
        [
            " security",
            "/paths/~1a/get security",
            "/paths/~1a/get/parameters/0 required",
            "/paths/~1a/get/parameters/0/schema format",
            "/paths/~1a/get/responses/200/content/application~1json/schema required",
            "/paths/~1a/get/responses/200/content/application~1json/schema/properties/x format",
            "/components/securitySchemes/key security",
        ]
    );
    let node: Value = serde_yaml::from_str(
        "{required: [a], format: uuid, x-faceauth-source: {required: the table}, x-faceauth-inferred: {format: from the examples}}",
    )
    .unwrap();
    let node = node.as_mapping().unwrap();
    assert!(covered(node, "required") && covered(node, "format"));
    assert!(!covered(node, "security"));
    let whole: Value = serde_yaml::from_str("{x-faceauth-inferred: all of it}").unwrap();
    assert!(covered(whole.as_mapping().unwrap(), "security"));
    let empty: Value = serde_yaml::from_str("{x-faceauth-source: ' '}").unwrap();
    assert!(!covered(empty.as_mapping().unwrap(), "required"));
}

/// Every inference the specs rest on, one line each: read in one place, and a new one is a
/// reviewable diff of the snapshot.
#[test]
fn the_inferred_marks_are_listed() {
    let mut lines = Vec::new();
    for vendor in VENDORS {
        let doc = spec(vendor);
        collect_inferred(&doc, "", &mut |pointer, kind, text| {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            lines.push(format!("specs/{vendor}.yaml {pointer} ({kind}): {text}"));
        });
    }
    assert!(!lines.is_empty());
    insta::assert_snapshot!("inferred", lines.join("\n"));
}

fn collect_inferred(value: &Value, pointer: &str, found: &mut dyn FnMut(&str, &str, &str)) {
    match value {
        Value::Mapping(node) => {
            match get(node, INFERRED) {
                Some(Value::String(text)) => found(pointer, "all", text),
                Some(Value::Mapping(by_kind)) => {
                    for (kind, text) in by_kind {
                        found(
                            pointer,
                            kind.as_str().unwrap_or("?"),
                            text.as_str().unwrap_or("?"),
                        );
                    }
                }
                _ => {}
            }
            for (key, child) in node {
                let Some(key) = key.as_str() else { continue };
                if key.starts_with("x-") || key == "example" || key == "examples" {
                    continue;
                }
                let child_pointer =
                    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                collect_inferred(child, &child_pointer, found);
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_inferred(item, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}
