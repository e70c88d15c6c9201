//! A recorded-traffic run's results, counted as they come: a file of millions of responses makes
//! a report of one case per operation and status, whatever its size. Each case counts its
//! responses and the drifted ones, and lists each distinct finding (kind and place in the body)
//! once, with how many responses had it and where the first was.

use std::fmt;

use chrono::NaiveDate;

use super::{AcceptFile, CaseResult, FindingKind, Report, RunKind};
use crate::drift::Drift;
use crate::spec::Spec;
use faceauth_clients::{OperationMeta, Vendor};

/// Distinct findings listed per operation and status; further ones are counted per kind.
pub const MAX_FINDINGS_PER_CASE: usize = 100;

/// The `at` of the findings counted past [`MAX_FINDINGS_PER_CASE`]: not a JSON pointer, so no
/// accept-file entry names it.
const OTHER_PLACES: &str = "(other places)";

/// Where a recorded response is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A line of a traffic recorder's file (1-based).
    Line(u64),
    /// An entry of a HAR file's `log.entries` (1-based).
    Entry(u64),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line(n) => write!(f, "line {n}"),
            Self::Entry(n) => write!(f, "entry {n}"),
        }
    }
}

/// One operation and status of a traffic run, counted.
#[derive(Debug, Clone)]
pub struct TrafficRow {
    /// The operation.
    pub operation: &'static OperationMeta,
    /// The HTTP status.
    pub status: u16,
    /// How many responses had this operation and status.
    pub responses: u64,
    /// How many of them had a finding that no accept-file entry accepts.
    pub drifted: u64,
    /// Where the first was.
    pub first: Place,
    findings: Vec<Counted>,
}

#[derive(Debug, Clone)]
struct Counted {
    drift: Drift,
    responses: u64,
    first: Place,
}

/// The results of a traffic run, counted response by response in constant memory.
///
/// ```
/// use faceauth_conformance::report::{Place, RunKind, TrafficTally};
/// use faceauth_conformance::{Drift, DriftKind, DriftChecker};
/// use faceauth_clients::Vendor;
///
/// let enroll = Vendor::Verisoul.operation("enrollFaceMatch").unwrap();
/// let mut tally = TrafficTally::new(None, faceauth_conformance::report::accept::today());
/// let score = Drift { kind: DriftKind::UndocumentedField, at: "/score".into(), detail: "`score`: 1".into() };
/// tally.add(enroll, 200, Place::Line(1), Vec::new());
/// tally.add(enroll, 200, Place::Line(2), vec![score.clone()]);
/// tally.add(enroll, 200, Place::Line(3), vec![score]);
/// assert_eq!((tally.checked(), tally.drifted()), (3, 2));
///
/// let report = tally.into_report(&mut DriftChecker::new(), RunKind::Traffic { source: "t.jsonl".into() }).unwrap();
/// assert_eq!(report.cases.len(), 1);
/// assert_eq!(report.cases[0].findings.len(), 1);
/// assert!(report.cases[0].findings[0].message.contains("2 responses, first at line 2"));
/// ```
pub struct TrafficTally<'a> {
    accept: Option<&'a AcceptFile>,
    today: NaiveDate,
    rows: Vec<TrafficRow>,
    checked: u64,
    drifted: u64,
}

impl<'a> TrafficTally<'a> {
    /// An empty tally; a response drifted when a finding is not accepted by `accept` on `today`.
    pub fn new(accept: Option<&'a AcceptFile>, today: NaiveDate) -> Self {
        Self {
            accept,
            today,
            rows: Vec::new(),
            checked: 0,
            drifted: 0,
        }
    }

    /// Counts one response of `operation` with `status` at `place`, and its drift.
    pub fn add(
        &mut self,
        operation: &'static OperationMeta,
        status: u16,
        place: Place,
        drift: Vec<Drift>,
    ) {
        let drifted = drift.iter().any(|d| !self.accepted(operation, d));
        self.checked += 1;
        self.drifted += u64::from(drifted);
        let at = match self
            .rows
            .iter()
            .position(|r| std::ptr::eq(r.operation, operation) && r.status == status)
        {
            Some(at) => at,
            None => {
                self.rows.push(TrafficRow {
                    operation,
                    status,
                    responses: 0,
                    drifted: 0,
                    first: place,
                    findings: Vec::new(),
                });
                self.rows.len() - 1
            }
        };
        let row = &mut self.rows[at];
        row.responses += 1;
        row.drifted += u64::from(drifted);
        for mut d in drift {
            let listed = row
                .findings
                .iter()
                .position(|c| c.drift.kind == d.kind && c.drift.at == d.at);
            let listed = match listed {
                Some(listed) => Some(listed),
                None if row.findings.len() < MAX_FINDINGS_PER_CASE => None,
                None => {
                    d = Drift {
                        kind: d.kind,
                        at: OTHER_PLACES.to_owned(),
                        detail: format!(
                            "{} at places past the first {MAX_FINDINGS_PER_CASE} listed",
                            d.kind
                        ),
                    };
                    row.findings
                        .iter()
                        .position(|c| c.drift.kind == d.kind && c.drift.at == OTHER_PLACES)
                }
            };
            match listed {
                Some(listed) => row.findings[listed].responses += 1,
                None => row.findings.push(Counted {
                    drift: d,
                    responses: 1,
                    first: place,
                }),
            }
        }
    }

    fn accepted(&self, operation: &OperationMeta, drift: &Drift) -> bool {
        self.accept.is_some_and(|accept| {
            accept.accepts(
                operation,
                FindingKind::Drift(drift.kind),
                finding_at(&drift.at),
                self.today,
            )
        })
    }

    /// Responses counted.
    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// Responses with a finding no accept-file entry accepts.
    pub fn drifted(&self) -> u64 {
        self.drifted
    }

    /// One row per operation and status, in the order first seen.
    pub fn rows(&self) -> &[TrafficRow] {
        &self.rows
    }

    /// The report: one case per row (named `HTTP <status>`), each distinct finding once, its
    /// message saying how many responses had it and where the first was.
    pub fn into_report(
        self,
        specs: &mut crate::DriftChecker,
        run: RunKind,
    ) -> Result<Report, crate::Error> {
        let mut report = Report::new(run);
        for row in self.rows {
            let spec: &Spec = specs.spec(row.operation.vendor)?;
            let operation = spec
                .operations()
                .into_iter()
                .find(|o| o.meta.is_some_and(|m| std::ptr::eq(m, row.operation)))
                .ok_or_else(|| crate::Error::NotInSpec {
                    operation: row.operation.to_string(),
                })?;
            let drift = row
                .findings
                .iter()
                .map(|c| Drift {
                    kind: c.drift.kind,
                    at: c.drift.at.clone(),
                    detail: format!(
                        "{} ({}, first at {})",
                        c.drift.detail,
                        responses(c.responses),
                        c.first
                    ),
                })
                .collect();
            let name = format!("HTTP {}", row.status);
            let mut case =
                CaseResult::from_drift(spec, &operation, &name, Some(row.status), None, drift);
            case.outcome = Some(format!(
                "{}, {} drifted, first at {}",
                responses(row.responses),
                row.drifted,
                row.first
            ));
            report.cases.push(case);
        }
        Ok(report)
    }
}

impl TrafficRow {
    /// The vendor.
    pub fn vendor(&self) -> Vendor {
        self.operation.vendor
    }

    /// Each distinct finding: its drift (as first found), how many responses had it, where the
    /// first was.
    pub fn findings(&self) -> impl Iterator<Item = (&Drift, u64, Place)> {
        self.findings
            .iter()
            .map(|c| (&c.drift, c.responses, c.first))
    }
}

/// A drift's place as findings and accept files name it: `/` for the whole response.
fn finding_at(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

/// `1 response`, `3 responses`.
fn responses(n: u64) -> String {
    if n == 1 {
        "1 response".to_owned()
    } else {
        format!("{n} responses")
    }
}
