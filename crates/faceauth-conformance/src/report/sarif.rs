//! SARIF 2.1.0: one rule per finding kind (`drift/<kind>`, `example/<kind>`, and `accept/expired`,
//! `accept/stale` for the accept file), one result per finding at the line of the spec file
//! (relative to the repository, as code hosts expect) where the example or schema node is.
//! Accepted findings carry a suppression with the entry's reason, so code hosts show them as
//! dismissed rather than new. A run over the documented examples counts them by where they come
//! from in the run's `properties.examples` (verbatim, repaired, third_party, constructed).

use serde_json::{json, Value};

use super::{EntryState, FindingKind, Report, SpecLocation};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const ACCEPT_EXPIRED: &str = "accept/expired";
const ACCEPT_STALE: &str = "accept/stale";

pub(super) fn render(report: &Report) -> Value {
    let kinds = FindingKind::all();
    let mut rules: Vec<Value> = kinds
        .iter()
        .map(|kind| rule(&kind.id(), kind.description(), "error"))
        .collect();
    rules.push(rule(
        ACCEPT_EXPIRED,
        "An accept-file entry is past its expiry date: fix the drift, or renew the entry with a reason.",
        "error",
    ));
    rules.push(rule(
        ACCEPT_STALE,
        "An accept-file entry matches nothing that was checked: the drift it accepted is gone; remove the entry.",
        "warning",
    ));
    let rule_index = |id: &str| {
        rules
            .iter()
            .position(|r| r["id"] == id)
            .expect("every result's rule is listed")
    };

    let mut results = Vec::new();
    for case in &report.cases {
        for finding in &case.findings {
            let id = finding.kind.id();
            let mut result = json!({
                "ruleId": id,
                "ruleIndex": rule_index(&id),
                "level": "error",
                "message": { "text": format!("{} {}: {}", case.vendor, case.operation, finding.message) },
                "locations": [location(finding.location.as_ref(), &format!("{}/{}", case.vendor, case.operation))],
                "partialFingerprints": {
                    "faceauthFinding/v1": format!("{}/{}/{}/{}", case.vendor, case.operation, id, finding.at),
                },
                "properties": { "vendor": case.vendor, "operation": case.operation, "case": case.name, "at": finding.at },
            });
            if let Some(accepted) = &finding.accepted {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("accepted until {}: {}", accepted.expires, accepted.reason),
                }]);
            }
            results.push(result);
        }
    }
    let accept_file = report.accept_file.as_deref().unwrap_or("accept file");
    for entry in &report.accept_entries {
        let (id, text) = match entry.state {
            EntryState::Expired => (
                ACCEPT_EXPIRED,
                format!(
                    "{} expired on {}: {}",
                    entry.describe(),
                    entry.expires,
                    entry.reason
                ),
            ),
            EntryState::Stale => (
                ACCEPT_STALE,
                format!(
                    "{} matches nothing that was checked: {}",
                    entry.describe(),
                    entry.reason
                ),
            ),
            EntryState::Matched | EntryState::NotChecked => continue,
        };
        let place = SpecLocation {
            file: accept_file.to_owned(),
            line: entry.line,
            pointer: String::new(),
        };
        results.push(json!({
            "ruleId": id,
            "ruleIndex": rule_index(id),
            "level": if id == ACCEPT_EXPIRED { "error" } else { "warning" },
            "message": { "text": text },
            "locations": [location(Some(&place), &entry.describe())],
        }));
    }

    let mut run = json!({
        "tool": { "driver": {
            "name": "faceauth",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/faceauth-clients",
            "rules": rules,
        }},
        "automationDetails": { "id": automation_id(report) },
        "invocations": [{ "executionSuccessful": true }],
        "results": results,
    });
    // A run over the documented examples says where they come from, in the run's property bag.
    if let Some(examples) = report.provenance(None) {
        run["properties"] = json!({ "examples": examples });
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    })
}

fn rule(id: &str, description: &str, level: &str) -> Value {
    let name: String = id
        .split(['/', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    json!({
        "id": id,
        "name": name,
        "shortDescription": { "text": description.split(':').next().unwrap_or(description).trim_end_matches('.') },
        "fullDescription": { "text": description },
        "help": { "text": description },
        "defaultConfiguration": { "level": level },
    })
}

fn location(place: Option<&SpecLocation>, logical: &str) -> Value {
    let mut location = json!({
        "logicalLocations": [{ "fullyQualifiedName": logical }],
    });
    if let Some(place) = place {
        let mut physical = json!({ "artifactLocation": { "uri": place.file } });
        if let Some(line) = place.line {
            physical["region"] = json!({ "startLine": line });
        }
        location["physicalLocation"] = physical;
    }
    location
}

/// Distinguishes runs of one workflow for code hosts (`faceauth/mock/`, `faceauth/live/verisoul/`).
fn automation_id(report: &Report) -> String {
    match &report.run {
        super::RunKind::Mock => "faceauth/mock/".to_owned(),
        super::RunKind::Live { vendor, .. } => format!("faceauth/live/{vendor}/"),
        super::RunKind::Traffic { .. } => "faceauth/traffic/".to_owned(),
    }
}
