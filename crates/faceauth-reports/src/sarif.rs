//! The pieces of a SARIF 2.1.0 log both reports' writers share: a rule of the tool's driver and
//! a location in a file.

use serde_json::{json, Value};

/// The schema every log names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A rule of the tool's driver: its id (`drift/undocumented_field`), named in CamelCase from its
/// words (`DriftUndocumentedField`); its short description is the description up to its first
/// colon; results default to `level`.
///
/// ```
/// let rule = faceauth_reports::sarif::rule("spec-diff/field_removed", "A field was removed: old clients break.", "note");
/// assert_eq!(rule["name"], "SpecDiffFieldRemoved");
/// assert_eq!(rule["shortDescription"]["text"], "A field was removed");
/// ```
pub fn rule(id: &str, description: &str, level: &str) -> Value {
    let name: String = id
        .split(['/', '_', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    let short = description
        .split(':')
        .next()
        .unwrap_or(description)
        .trim_end_matches('.');
    json!({
        "id": id,
        "name": name,
        "shortDescription": { "text": short },
        "fullDescription": { "text": description },
        "help": { "text": description },
        "defaultConfiguration": { "level": level },
    })
}

/// A physical location: a file relative to the repository, and its line where known.
pub fn physical_location(file: &str, line: Option<u32>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": file } });
    if let Some(line) = line {
        physical["region"] = json!({ "startLine": line });
    }
    physical
}
