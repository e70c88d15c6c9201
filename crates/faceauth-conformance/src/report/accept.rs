//! Accepted drift: a YAML file of known findings, each with a reason and an expiry date. An
//! accepted finding is still reported (marked accepted) but does not fail the run; an entry past
//! its expiry date fails the run; an entry that matches nothing that was checked is reported as
//! stale. So a run's exit code means "new drift".
//!
//! ```yaml
//! accepted:
//!   - vendor: verisoul
//!     operation: enrollFaceMatch
//!     kind: undocumented_field        # a drift kind, or drift/<kind>, example/<kind>
//!     location: /score                # JSON pointer in the body; / for the whole response
//!     reason: Verisoul returns a score since May; asked them to document it
//!     expires: 2026-12-31             # accepted through that day (UTC)
//! ```
//!
//! ```
//! use chrono::NaiveDate;
//! use faceauth_conformance::report::{AcceptFile, CaseResult, EntryState, Report, RunKind};
//! use faceauth_conformance::{Drift, DriftKind, Spec};
//! use faceauth_clients::Vendor;
//!
//! let file = AcceptFile::parse("accept.yaml", "accepted:
//!   - {vendor: verisoul, operation: enrollFaceMatch, kind: undocumented_field,
//!      location: /score, reason: not yet documented, expires: 2026-12-31}
//! ").unwrap();
//!
//! let spec = Spec::load(Vendor::Verisoul).unwrap();
//! let op = spec.operations().into_iter().find(|o| o.id == "enrollFaceMatch").unwrap();
//! let drift = Drift { kind: DriftKind::UndocumentedField, at: "/score".into(), detail: "0.9".into() };
//! let mut report = Report::new(RunKind::Mock);
//! report.cases.push(CaseResult::from_drift(&spec, &op, &op.id, Some(200), None, vec![drift]));
//!
//! file.apply(&mut report, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
//! assert!(report.passed());
//! assert_eq!(report.accept_entries[0].state, EntryState::Matched);
//!
//! file.apply(&mut report, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
//! assert!(!report.passed(), "expired");
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FindingKind, Report};
use faceauth_clients::{OperationMeta, Vendor};
use faceauth_spec::depth::check_depth;
use faceauth_spec::lines::YamlLines;

/// The deepest nesting of collections an accept file may have (it needs 3: the file's mapping,
/// the `accepted` list, an entry). Deeper documents are refused unread: YAML parsers take time
/// that grows with the square of the nesting depth.
pub const MAX_NESTING: usize = 64;

/// Why a finding is accepted: the entry's reason and expiry date, and its line in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    /// The reason the entry gives.
    pub reason: String,
    /// The last day the entry accepts the finding.
    pub expires: NaiveDate,
    /// The entry's line in the accept file.
    pub line: Option<u32>,
}

/// What became of an entry in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// It accepted at least one finding.
    Matched,
    /// Its operation was checked and nothing matched it: the drift it accepted is gone.
    Stale,
    /// Past its expiry date: it accepts nothing, and fails the run.
    Expired,
    /// Its vendor and operation were not checked in this run.
    NotChecked,
}

/// One entry of an accept file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptEntry {
    /// The vendor.
    pub vendor: Vendor,
    /// The operation (its `operationId` in reports).
    #[serde(serialize_with = "operation_id")]
    pub operation: &'static OperationMeta,
    /// The kind of finding.
    pub kind: FindingKind,
    /// Where: the JSON pointer in the body (`/` for the whole response), or the example's name.
    pub location: String,
    /// Why it is accepted.
    pub reason: String,
    /// The last day it accepts (UTC).
    pub expires: NaiveDate,
    /// Its line in the file.
    pub line: Option<u32>,
    /// What became of it in the run (after [`AcceptFile::apply`]).
    pub state: EntryState,
}

impl AcceptEntry {
    /// Whether it names this finding: its operation, kind and location.
    fn matches(&self, operation: &OperationMeta, kind: FindingKind, at: &str) -> bool {
        self.operation == operation && self.kind == kind && self.location == at
    }

    /// `verisoul enrollFaceMatch drift/undocumented_field at /score`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {} at {}",
            self.vendor, self.operation.id, self.kind, self.location
        )
    }
}

/// A parsed accept file.
#[derive(Debug, Clone)]
pub struct AcceptFile {
    /// The path, as given (reports name it).
    pub path: String,
    /// Its entries, in order.
    pub entries: Vec<AcceptEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    accepted: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    vendor: String,
    operation: String,
    kind: String,
    location: String,
    reason: String,
    expires: String,
}

impl AcceptFile {
    /// Reads and checks an accept file; the error is one line naming the file and the entry.
    pub fn load(path: &str) -> Result<Self, crate::Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| crate::Error::AcceptFileUnreadable {
                path: path.to_owned(),
                source,
            })?;
        Self::parse(path, &text)
    }

    /// Parses and checks an accept file's text: every field present, a known vendor, operation
    /// and kind, a location, a reason, and a date (`YYYY-MM-DD`). A document nested deeper than
    /// [`MAX_NESTING`] is refused before it is parsed, so parsing stays linear in its size.
    pub fn parse(path: &str, text: &str) -> Result<Self, crate::Error> {
        Self::parse_text(path, text).map_err(|reason| crate::Error::AcceptFile {
            path: path.to_owned(),
            reason,
        })
    }

    /// [`AcceptFile::parse`], the error one line naming the file and the entry.
    fn parse_text(path: &str, text: &str) -> Result<Self, String> {
        let one_line = |s: String| s.lines().next().unwrap_or_default().to_owned();
        if let Err(line) = check_depth(text, MAX_NESTING) {
            return Err(format!(
                "accept file {path}: nested deeper than {MAX_NESTING} levels (line {line}); an accept file nests 3"
            ));
        }
        let raw: RawFile =
            serde_yaml::from_str(text).map_err(|e| one_line(format!("accept file {path}: {e}")))?;
        let lines = YamlLines::index(text);
        let mut entries = Vec::new();
        for (i, raw) in raw.accepted.into_iter().enumerate() {
            let line = lines.line_of(&format!("/accepted/{i}"));
            let at = format!(
                "accept file {path}: entry {}{}",
                i + 1,
                line.map(|l| format!(" (line {l})")).unwrap_or_default()
            );
            let vendor: Vendor = raw.vendor.parse().map_err(|e| format!("{at}: {e}"))?;
            // The operationId comes in as text: parsed here, once.
            let operation = vendor.operation(&raw.operation).ok_or_else(|| {
                let known: Vec<&str> = vendor.operations().iter().map(|o| o.id).collect();
                format!(
                    "{at}: {vendor} has no operation {:?}; one of: {}",
                    raw.operation,
                    known.join(", ")
                )
            })?;
            let kind = FindingKind::all()
                .into_iter()
                .find(|k| k.id() == raw.kind || k.short_id() == raw.kind)
                .ok_or_else(|| {
                    let known: Vec<String> =
                        FindingKind::all().iter().map(|k| k.short_id()).collect();
                    format!(
                        "{at}: unknown kind {:?}; one of: {}",
                        raw.kind,
                        known.join(", ")
                    )
                })?;
            if raw.location.trim().is_empty() {
                return Err(format!(
                    "{at}: the location is empty (use / for the whole response)"
                ));
            }
            if matches!(kind, FindingKind::Drift(_)) && !raw.location.starts_with('/') {
                return Err(format!(
                    "{at}: the location {:?} is not a JSON pointer (/field/sub, or / for the whole response)",
                    raw.location
                ));
            }
            if raw.reason.trim().is_empty() {
                return Err(format!(
                    "{at}: the reason is empty: say why the drift is accepted"
                ));
            }
            let expires =
                NaiveDate::parse_from_str(raw.expires.trim(), "%Y-%m-%d").map_err(|e| {
                    format!(
                        "{at}: expires {:?} is not a date (YYYY-MM-DD): {e}",
                        raw.expires
                    )
                })?;
            entries.push(AcceptEntry {
                vendor,
                operation,
                kind,
                location: raw.location,
                reason: raw.reason,
                expires,
                line,
                state: EntryState::NotChecked,
            });
        }
        Ok(Self {
            path: path.to_owned(),
            entries,
        })
    }

    /// Whether an unexpired entry accepts a finding of `kind` at `at` (a JSON pointer, `/` for
    /// the whole response) of `operation` on `today`: the rule [`AcceptFile::apply`] marks
    /// findings by, for a caller that counts findings as they come.
    pub fn accepts(
        &self,
        operation: &OperationMeta,
        kind: FindingKind,
        at: &str,
        today: NaiveDate,
    ) -> bool {
        self.entries
            .iter()
            .any(|e| today <= e.expires && e.matches(operation, kind, at))
    }

    /// Marks each finding of `report` that an unexpired entry matches (vendor, operation, kind,
    /// location) as accepted, and records each entry's state: matched, stale, expired (on the
    /// day after `expires`) or not checked. Earlier marks are replaced.
    pub fn apply(&self, report: &mut Report, today: NaiveDate) {
        let mut entries = self.entries.clone();
        for entry in &mut entries {
            entry.state = if today > entry.expires {
                EntryState::Expired
            } else {
                EntryState::NotChecked
            };
        }
        for case in report.cases.iter_mut().filter(|c| c.skipped.is_none()) {
            for finding in &mut case.findings {
                finding.accepted = None;
                let matching = entries.iter_mut().find(|e| {
                    e.state != EntryState::Expired
                        && case
                            .meta
                            .is_some_and(|meta| e.matches(meta, finding.kind, &finding.at))
                });
                if let Some(entry) = matching {
                    entry.state = EntryState::Matched;
                    finding.accepted = Some(Acceptance {
                        reason: entry.reason.clone(),
                        expires: entry.expires,
                        line: entry.line,
                    });
                }
            }
        }
        for entry in &mut entries {
            let checked = report
                .cases
                .iter()
                .any(|c| c.skipped.is_none() && c.meta == Some(entry.operation));
            if entry.state == EntryState::NotChecked && checked {
                entry.state = EntryState::Stale;
            }
        }
        report.accept_entries = entries;
        report.accept_file = Some(self.path.clone());
    }
}

/// Today's date in UTC, for [`AcceptFile::apply`].
pub fn today() -> NaiveDate {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

/// Serialises an operation as its `operationId`.
fn operation_id<S: serde::Serializer>(
    operation: &&'static OperationMeta,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(operation.id)
}

#[cfg(test)]
mod tests {
    use super::{AcceptFile, MAX_NESTING};

    #[test]
    fn a_document_nested_past_the_bound_is_refused_unparsed() {
        let deep = 100_000;
        for text in [
            format!("accepted: {}{}", "[".repeat(deep), "]".repeat(deep)),
            format!("accepted: {}1{}", "{a: ".repeat(deep), "}".repeat(deep)),
            format!("accepted:\n  {}x\n", "- ".repeat(deep)),
        ] {
            let error = AcceptFile::parse("deep.yaml", &text)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains("nested deeper than 64 levels (line "),
                "{error}"
            );
        }
        // At the bound, the document is parsed, and refused for what it holds.
        let at_bound = format!(
            "accepted: {}{}",
            "[".repeat(MAX_NESTING - 1),
            "]".repeat(MAX_NESTING - 1)
        );
        let error = AcceptFile::parse("deep.yaml", &at_bound)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("nested deeper"), "{error}");
    }
}
