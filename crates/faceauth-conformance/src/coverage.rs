//! What a spec's examples cover: how many are the vendor's text as printed, repaired, transcribed
//! by a third party and constructed ([`ProvenanceCounts`]), which documented statuses have no
//! example, and which response properties no example shows.
//! A property no example shows is one the conformance suite never proves the types decode.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use super::runner::Case;
use super::spec::Spec;
use super::ProvenanceCounts;
use faceauth_clients::Vendor;

/// A documented status with no example of its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusWithoutExample {
    /// The `operationId`.
    pub operation: String,
    /// The status (`400`, or `4XX`/`default` as the spec writes it).
    pub status: String,
}

/// A response property that no example of its status shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertyWithoutExample {
    /// The `operationId`.
    pub operation: String,
    /// The status.
    pub status: String,
    /// The property, as a JSON pointer with `*` for any array item (`/data/faces/*/score`).
    pub property: String,
}

/// A vendor's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorCoverage {
    /// The vendor.
    pub vendor: Vendor,
    /// Examples checked (each request and response example, as the runner counts them).
    pub examples: usize,
    /// Those examples by where they come from: verbatim, repaired, third-party, constructed.
    #[serde(flatten)]
    pub provenance: ProvenanceCounts,
    /// Documented statuses with a body but no example.
    pub statuses_without_example: Vec<StatusWithoutExample>,
    /// Response properties no example shows.
    pub properties_without_example: Vec<PropertyWithoutExample>,
}

impl VendorCoverage {
    /// Measures `spec`.
    ///
    /// ```
    /// use faceauth_conformance::{coverage::VendorCoverage, Spec};
    /// use faceauth_clients::Vendor;
    ///
    /// let coverage = VendorCoverage::from_spec(&Spec::load(Vendor::Progeny).unwrap());
    /// assert_eq!(coverage.examples, coverage.provenance.total());
    /// assert!(coverage.provenance.repaired > 0, "register_face's 400 has its brace restored");
    /// ```
    pub fn from_spec(spec: &Spec) -> Self {
        let mut coverage = Self {
            vendor: spec.vendor,
            examples: 0,
            provenance: ProvenanceCounts::default(),
            statuses_without_example: Vec::new(),
            properties_without_example: Vec::new(),
        };
        for operation in spec.operations() {
            // The same cases the runner checks: each request, then each response example.
            let requests = operation.requests();
            let mut cases: Vec<Case> = requests
                .iter()
                .map(|r| Case::Request {
                    example: r.name.clone(),
                })
                .collect();
            if !requests.is_empty() {
                cases.extend(operation.responses.iter().map(|r| Case::Response {
                    status: r.status,
                    example: r.example.name.clone(),
                }));
            }
            for case in &cases {
                coverage.examples += 1;
                coverage
                    .provenance
                    .add(spec.provenance(&spec.example_pointers(&operation, case)));
            }

            let responses = &spec.operation_object(&operation)["responses"];
            for (status, response) in responses.as_object().into_iter().flatten() {
                for media in response["content"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, m)| m)
                {
                    let examples: Vec<&Value> = match media["examples"].as_object() {
                        Some(named) => named.values().map(|e| &e["value"]).collect(),
                        None => media.get("example").into_iter().collect(),
                    };
                    if examples.is_empty() {
                        coverage
                            .statuses_without_example
                            .push(StatusWithoutExample {
                                operation: operation.id.clone(),
                                status: status.clone(),
                            });
                        continue;
                    }
                    let mut documented = BTreeSet::new();
                    properties(spec, &media["schema"], "", &mut documented, 0);
                    let mut shown = BTreeSet::new();
                    for example in examples {
                        present(example, "", &mut shown);
                    }
                    for property in documented.difference(&shown) {
                        coverage
                            .properties_without_example
                            .push(PropertyWithoutExample {
                                operation: operation.id.clone(),
                                status: status.clone(),
                                property: property.clone(),
                            });
                    }
                }
            }
        }
        coverage
    }
}

/// Every property path a schema documents (refs resolved, combinators merged).
fn properties(spec: &Spec, schema: &Value, at: &str, out: &mut BTreeSet<String>, depth: usize) {
    if depth > 24 {
        return;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        if let Some(target) = spec.resolve(reference) {
            properties(spec, target, at, out, depth + 1);
        }
        return;
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let path = format!("{at}/{name}");
        out.insert(path.clone());
        properties(spec, property, &path, out, depth + 1);
    }
    if let Some(items) = schema.get("items") {
        properties(spec, items, &format!("{at}/*"), out, depth + 1);
    }
    for combinator in ["allOf", "oneOf", "anyOf"] {
        for branch in schema[combinator].as_array().into_iter().flatten() {
            properties(spec, branch, at, out, depth + 1);
        }
    }
}

/// Every property path an example shows (array items as `*`).
fn present(value: &Value, at: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(fields) => {
            for (name, child) in fields {
                let path = format!("{at}/{name}");
                out.insert(path.clone());
                present(child, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                present(item, &format!("{at}/*"), out);
            }
        }
        _ => {}
    }
}
