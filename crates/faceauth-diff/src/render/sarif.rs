//! SARIF 2.1.0: one rule per kind of the catalogue (`spec-diff/<kind>`, described by its reason)
//! and one for an insufficient version bump; one result per change at its line of the spec file
//! (relative to the repository), at level `error` when it breaks old releases, `warning` when it
//! needs a major bump, `note` otherwise.

use serde_json::{json, Value};

use super::super::{ChangeKind, DiffReport, OldClient, Semver};
use super::operation;

const VERSION_RULE: &str = "spec-diff/version_bump";

pub(in super::super) fn render(report: &DiffReport) -> Value {
    let mut rules: Vec<Value> = ChangeKind::ALL
        .iter()
        .map(|kind| faceauth_reports::sarif::rule(&rule_id(*kind), kind.reason(), "note"))
        .collect();
    rules.push(faceauth_reports::sarif::rule(
        VERSION_RULE,
        "The crate's version in Cargo.toml is not bumped enough for the changes: raise it as the version line says.",
        "note",
    ));
    let mut results: Vec<Value> = report
        .changes
        .iter()
        .map(|change| {
            let id = rule_id(change.kind);
            let index = ChangeKind::ALL
                .iter()
                .position(|k| *k == change.kind)
                .expect("every kind has a rule");
            let level = match (change.old_client, change.semver) {
                (OldClient::Breaks, _) => "error",
                (_, Semver::Major) => "warning",
                _ => "note",
            };
            let logical = format!("{}/{}", change.vendor, operation(change));
            let physical = faceauth_reports::sarif::physical_location(
                &change.location.file,
                change.location.line,
            );
            json!({
                "ruleId": id,
                "ruleIndex": index,
                "level": level,
                "message": { "text": format!(
                    "{} {}: {} (old clients: {}; semver: {}{})",
                    change.vendor,
                    operation(change),
                    change.detail,
                    change.old_client.as_str(),
                    change.semver.as_str(),
                    if change.rust_items.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", change.rust_items.join(", "))
                    }
                ) },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{ "fullyQualifiedName": logical }],
                }],
                "partialFingerprints": {
                    "faceauthSpecDiff/v1": format!(
                        "{}/{}/{}/{}", change.vendor, operation(change), change.kind.id(), change.location.pointer
                    ),
                },
                "properties": {
                    "vendor": change.vendor,
                    "operation": change.operation,
                    "kind": change.kind.id(),
                    "old_client": change.old_client.as_str(),
                    "semver": change.semver.as_str(),
                    "rust_items": change.rust_items,
                    "pointer": change.location.pointer,
                },
            })
        })
        .collect();
    if let Some(version) = report.version.as_ref().filter(|v| !v.sufficient) {
        results.push(json!({
            "ruleId": VERSION_RULE,
            "ruleIndex": rules.len() - 1,
            "level": "error",
            "message": { "text": format!("version: {}", version.summary()) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "Cargo.toml" } } }],
        }));
    }
    json!({
        "$schema": faceauth_reports::sarif::SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "faceauth",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/faceauth-clients",
                "rules": rules,
            }},
            "automationDetails": { "id": "faceauth/diff/" },
            "invocations": [{ "executionSuccessful": true }],
            "results": results,
        }],
    })
}

fn rule_id(kind: ChangeKind) -> String {
    format!("spec-diff/{}", kind.id())
}
