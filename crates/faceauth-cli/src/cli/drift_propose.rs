//! `faceauth drift --propose DIR`: besides the report, one OpenAPI Overlay per vendor with new
//! drift, whose actions make its spec admit the recorded responses (`faceauth_propose`). The
//! traffic is summarised as it streams (shapes, never values); the actions are made from the
//! report's findings once no accept-file entry accepts them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use faceauth_clients::{KnownSecrets, OperationMeta, Vendor};
use faceauth_conformance::report::{
    summarised_operation, FindingKind, Offset, Place, Report, TrafficRow,
};
use faceauth_conformance::{DriftChecker, DriftKind, ResponseBody};
use faceauth_propose::{Departure, Found, Sensitivity, Shape};
use faceauth_spec::fields::{sensitive_fields, Sensitive};

/// What the traffic showed of each operation and status.
#[derive(Default)]
pub(super) struct Proposals {
    seen: BTreeMap<(Vendor, usize, u16), Seen>,
    sensitivity: BTreeMap<Vendor, Sensitivity>,
}

struct Seen {
    responses: u64,
    /// Those with a body, JSON or not.
    bodies: u64,
    shape: Shape,
    /// The media type of the first response, and where it was.
    media: Option<(String, Place)>,
}

/// What the traffic showed of one operation and status, as a summary file holds it
/// (`faceauth drift --summary-out`): counts and shapes, no recorded value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeenSummary {
    vendor: String,
    operation: String,
    status: u16,
    responses: u64,
    bodies: u64,
    media: Option<(String, Place)>,
    shape: Shape,
}

impl Proposals {
    /// Adds one recorded response's shape (a body that is not JSON adds only its count).
    pub(super) fn observe(
        &mut self,
        checker: &mut DriftChecker,
        operation: &'static OperationMeta,
        status: u16,
        place: Place,
        content_type: Option<&str>,
        body: &ResponseBody<'_>,
    ) {
        let vendor = operation.vendor;
        // The spec's secret and image fields, read once per vendor.
        let sensitivity = self.sensitivity.entry(vendor).or_insert_with(|| {
            let names = checker
                .spec(vendor)
                .map(|spec| {
                    sensitive_fields(&spec.document, &[Sensitive::Secret, Sensitive::Image])
                })
                .unwrap_or_default();
            Sensitivity::new(names)
        });
        let seen = self
            .seen
            .entry((vendor, operation.index, status))
            .or_insert_with(|| Seen {
                responses: 0,
                bodies: 0,
                shape: Shape::default(),
                media: None,
            });
        seen.responses += 1;
        if !matches!(body, ResponseBody::Bytes([])) {
            seen.bodies += 1;
        }
        if seen.media.is_none() {
            seen.media =
                content_type.map(|t| (t.split(';').next().unwrap_or(t).trim().to_owned(), place));
        }
        let parsed;
        let value = match body {
            ResponseBody::Json { value, .. } => Some(*value),
            ResponseBody::Bytes(bytes) if !bytes.is_empty() => {
                parsed = serde_json::from_slice::<serde_json::Value>(bytes).ok();
                parsed.as_ref()
            }
            ResponseBody::Bytes(_) => None,
        };
        if let Some(value) = value {
            seen.shape.observe(value, sensitivity);
        }
    }

    /// What was seen, as a summary file holds it.
    pub(super) fn summary(&self) -> Vec<SeenSummary> {
        self.seen
            .iter()
            .map(|((vendor, index, status), seen)| SeenSummary {
                vendor: vendor.name().to_owned(),
                operation: vendor.operations()[*index].id.to_owned(),
                status: *status,
                responses: seen.responses,
                bodies: seen.bodies,
                media: seen.media.clone(),
                shape: seen.shape.clone(),
            })
            .collect()
    }

    /// Adds a shard's summary, its places moved by `offset` (shapes merge in any order; the
    /// media type is the earliest response's).
    pub(super) fn merge(
        &mut self,
        summaries: &[SeenSummary],
        offset: Offset,
    ) -> Result<(), String> {
        for summary in summaries {
            let operation = summarised_operation(&summary.vendor, &summary.operation)?;
            let seen = self
                .seen
                .entry((operation.vendor, operation.index, summary.status))
                .or_insert_with(|| Seen {
                    responses: 0,
                    bodies: 0,
                    shape: Shape::default(),
                    media: None,
                });
            seen.responses += summary.responses;
            seen.bodies += summary.bodies;
            seen.shape.merge(&summary.shape);
            if let Some((media, place)) = &summary.media {
                let place = place.shifted(offset);
                if seen.media.as_ref().is_none_or(|(_, held)| place < *held) {
                    seen.media = Some((media.clone(), place));
                }
            }
        }
        Ok(())
    }

    /// Writes `DIR/<vendor>.overlay.yaml` for each vendor whose report has new drift the
    /// proposal can answer; returns the files written and, for each departure not proposed, why.
    pub(super) fn write(
        &self,
        dir: &Path,
        report: &Report,
        rows: &[TrafficRow],
        checker: &mut DriftChecker,
        traffic: &str,
        secrets: &KnownSecrets,
    ) -> Result<(Vec<PathBuf>, Vec<String>), String> {
        let mut per_vendor: BTreeMap<Vendor, Vec<faceauth_propose::Action>> = BTreeMap::new();
        let mut left = Vec::new();
        // Nothing a response echoed of a credential is proposed, in any spelling.
        let may_show = |text: &str| matches!(secrets.scrub(text), std::borrow::Cow::Borrowed(_));
        for case in &report.cases {
            let (Some(operation), Some(status)) = (case.meta, case.status) else {
                continue;
            };
            let Some(seen) = self.seen.get(&(operation.vendor, operation.index, status)) else {
                continue;
            };
            let Some(row) = rows
                .iter()
                .find(|r| std::ptr::eq(r.operation, operation) && r.status == status)
            else {
                continue;
            };
            let mut found = Vec::new();
            for finding in case.findings.iter().filter(|f| f.accepted.is_none()) {
                let FindingKind::Drift(kind) = finding.kind else {
                    continue;
                };
                let at = if finding.at == "/" {
                    String::new()
                } else {
                    finding.at.clone()
                };
                let departure = match kind {
                    DriftKind::UndocumentedField => Departure::UndocumentedField,
                    DriftKind::UnknownEnumValue => Departure::UnknownEnumValue,
                    DriftKind::WrongType => Departure::WrongType,
                    DriftKind::UndocumentedStatus => Departure::UndocumentedStatus,
                    DriftKind::MissingRequiredField => Departure::MissingRequiredField,
                    DriftKind::UndocumentedBody => Departure::UndocumentedBody,
                    other => {
                        left.push(format!(
                            "{} {} {status}: {other} at {}: not proposed yet",
                            operation.vendor, operation.id, finding.at
                        ));
                        continue;
                    }
                };
                let responses = row
                    .findings()
                    .filter(|(drift, _, _)| drift.kind == kind && drift.at == at)
                    .map(|(_, n, _)| n)
                    .sum();
                let times = row.finding_times(kind, &at).map(rfc3339);
                found.push(Found {
                    departure,
                    at,
                    responses,
                    times,
                });
            }
            if found.is_empty() {
                continue;
            }
            let spec = checker.spec(operation.vendor).map_err(|e| e.to_string())?;
            let media = seen
                .media
                .as_ref()
                .map_or("application/json", |(media, _)| media.as_str());
            let method = operation.http_method.to_ascii_lowercase();
            let (actions, not_proposed) = faceauth_propose::actions(
                &spec.document,
                &faceauth_propose::Case {
                    operation: operation.id,
                    path: operation.path,
                    method: &method,
                    status,
                    media,
                    shape: &seen.shape,
                    responses: seen.responses,
                    bodies: seen.bodies,
                    times: row.times.map(rfc3339),
                    traffic,
                },
                &found,
                &may_show,
            );
            left.extend(
                not_proposed
                    .into_iter()
                    .map(|why| format!("{} {} {status}: {why}", operation.vendor, operation.id)),
            );
            per_vendor
                .entry(operation.vendor)
                .or_default()
                .extend(actions);
        }
        let mut files = Vec::new();
        for actions in per_vendor.values_mut() {
            // Two statuses whose bodies take one schema may each call for the same removal; the
            // second would select nothing once the first ran.
            let mut removed = std::collections::BTreeSet::new();
            actions.retain(|a| a.update.is_some() || removed.insert(a.target.clone()));
        }
        for (vendor, actions) in per_vendor.into_iter().filter(|(_, a)| !a.is_empty()) {
            let spec = checker.spec(vendor).map_err(|e| e.to_string())?;
            let document = faceauth_propose::overlay(
                &spec.file(),
                &format!("What {traffic} showed of {vendor}, proposed by faceauth drift"),
                &actions,
            );
            let text = serde_yaml::to_string(&document).map_err(|e| e.to_string())?;
            files.push((
                dir.join(format!("{}.overlay.yaml", vendor.name())),
                text.into_bytes(),
            ));
        }
        if !files.is_empty() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("--propose {}: {e}", dir.display()))?;
            // All or nothing, as reports are written: no half-written proposal is left.
            faceauth_reports::files::write_whole(&files).map_err(|e| e.to_string())?;
        }
        let written = files.into_iter().map(|(path, _)| path).collect();
        Ok((written, left))
    }
}

/// A span of times as the evidence writes it.
fn rfc3339(span: faceauth_conformance::report::Span) -> (String, String) {
    let write =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    (write(span.first), write(span.last))
}
