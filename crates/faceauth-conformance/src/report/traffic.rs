//! A recorded-traffic run's results, counted as they come: a file of millions of responses makes
//! a report of one case per operation and status, whatever its size. Each case counts its
//! responses and the drifted ones, and lists each distinct finding (kind and place in the body)
//! once, with how many responses had it and where the first was.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
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
    /// When the first and the last were received, where the traffic says.
    pub times: Option<Span>,
    findings: Vec<Counted>,
}

/// The earliest and latest time a response was received, where the traffic says (a response's
/// `Date` header, a HAR entry's `startedDateTime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// The earliest.
    pub first: DateTime<Utc>,
    /// The latest.
    pub last: DateTime<Utc>,
}

impl Span {
    /// `span` widened to hold `time`.
    pub fn widen(span: Option<Span>, time: Option<DateTime<Utc>>) -> Option<Span> {
        Span::join(span, time.map(|t| Span { first: t, last: t }))
    }

    /// The span holding both.
    pub fn join(a: Option<Span>, b: Option<Span>) -> Option<Span> {
        match (a, b) {
            (Some(a), Some(b)) => Some(Span {
                first: a.first.min(b.first),
                last: a.last.max(b.last),
            }),
            (a, b) => a.or(b),
        }
    }
}

#[derive(Debug, Clone)]
struct Counted {
    drift: Drift,
    responses: u64,
    first: Place,
    times: Option<Span>,
}

/// A tally as a summary file holds it (`faceauth drift --summary-out`): counts, the first place
/// of each row and finding, and each finding's detail as drift wrote it (which shows a string
/// only when it is a short code, never a secret or an image; see `drift::describe`). Summaries
/// of the shards of a file, merged with [`TrafficTally::merge`], make the tally of the whole.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallySummary {
    /// Responses counted.
    pub checked: u64,
    /// Responses with a finding no accept-file entry accepted.
    pub drifted: u64,
    /// One per operation and status.
    pub rows: Vec<RowSummary>,
}

/// One operation and status of a [`TallySummary`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowSummary {
    /// The vendor's name (`verisoul`).
    pub vendor: String,
    /// The operation's id.
    pub operation: String,
    /// The HTTP status.
    pub status: u16,
    /// Responses.
    pub responses: u64,
    /// Drifted responses.
    pub drifted: u64,
    /// Where the first was.
    pub first: Place,
    /// When the first and last were received, where the traffic says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<Span>,
    /// Each distinct finding.
    pub findings: Vec<FindingSummary>,
}

/// One finding of a [`RowSummary`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingSummary {
    /// Its kind.
    pub kind: crate::DriftKind,
    /// Where in the body.
    pub at: String,
    /// What was found, as drift wrote it.
    pub detail: String,
    /// How many responses had it.
    pub responses: u64,
    /// Where the first was.
    pub first: Place,
    /// When the first and last that had it were received, where the traffic says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<Span>,
}

/// How far a shard's places are from the start of the whole: the lines and HAR entries of the
/// shards before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Offset {
    /// Lines before the shard.
    pub lines: u64,
    /// HAR entries before the shard.
    pub entries: u64,
}

impl Place {
    /// This place in the whole file, for a shard `offset` from its start.
    pub fn shifted(self, offset: Offset) -> Place {
        match self {
            Place::Line(n) => Place::Line(n + offset.lines),
            Place::Entry(n) => Place::Entry(n + offset.entries),
        }
    }
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
        self.add_at(operation, status, place, None, drift);
    }

    /// As [`TrafficTally::add`], for a response received at `time` (where the traffic says).
    pub fn add_at(
        &mut self,
        operation: &'static OperationMeta,
        status: u16,
        place: Place,
        time: Option<DateTime<Utc>>,
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
                    times: None,
                    findings: Vec::new(),
                });
                self.rows.len() - 1
            }
        };
        let row = &mut self.rows[at];
        row.responses += 1;
        row.times = Span::widen(row.times, time);
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
                Some(listed) => {
                    let counted = &mut row.findings[listed];
                    counted.responses += 1;
                    counted.times = Span::widen(counted.times, time);
                }
                None => row.findings.push(Counted {
                    drift: d,
                    responses: 1,
                    first: place,
                    times: Span::widen(None, time),
                }),
            }
        }
    }

    /// The tally as a summary file holds it.
    pub fn summary(&self) -> TallySummary {
        TallySummary {
            checked: self.checked,
            drifted: self.drifted,
            rows: self
                .rows
                .iter()
                .map(|row| RowSummary {
                    vendor: row.operation.vendor.name().to_owned(),
                    operation: row.operation.id.to_owned(),
                    status: row.status,
                    responses: row.responses,
                    drifted: row.drifted,
                    first: row.first,
                    times: row.times,
                    findings: row
                        .findings
                        .iter()
                        .map(|c| FindingSummary {
                            kind: c.drift.kind,
                            at: c.drift.at.clone(),
                            detail: c.drift.detail.clone(),
                            responses: c.responses,
                            first: c.first,
                            times: c.times,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Adds a shard's summary, its places moved by `offset`: merged in any order, the summaries
    /// of a file's shards give the tally of the whole file (rows and findings in the order first
    /// seen, each counted once per response), so long as no case of a shard passed
    /// [`MAX_FINDINGS_PER_CASE`] distinct findings (past it, a shard counts further places as
    /// "other places" where the whole might have listed them). A summary naming an operation
    /// this build lacks is refused.
    pub fn merge(&mut self, summary: &TallySummary, offset: Offset) -> Result<(), String> {
        for row in &summary.rows {
            let operation = summarised_operation(&row.vendor, &row.operation)?;
            let first = row.first.shifted(offset);
            let at = match self
                .rows
                .iter()
                .position(|r| std::ptr::eq(r.operation, operation) && r.status == row.status)
            {
                Some(at) => at,
                None => {
                    self.rows.push(TrafficRow {
                        operation,
                        status: row.status,
                        responses: 0,
                        drifted: 0,
                        first,
                        times: None,
                        findings: Vec::new(),
                    });
                    self.rows.len() - 1
                }
            };
            let held = &mut self.rows[at];
            held.responses += row.responses;
            held.drifted += row.drifted;
            held.first = held.first.min(first);
            held.times = Span::join(held.times, row.times);
            for finding in &row.findings {
                let first = finding.first.shifted(offset);
                match held
                    .findings
                    .iter_mut()
                    .find(|c| c.drift.kind == finding.kind && c.drift.at == finding.at)
                {
                    Some(counted) => {
                        counted.responses += finding.responses;
                        counted.times = Span::join(counted.times, finding.times);
                        if first < counted.first {
                            // The detail of the first response, as a single run keeps it.
                            counted.first = first;
                            counted.drift.detail = finding.detail.clone();
                        }
                    }
                    None => held.findings.push(Counted {
                        drift: Drift {
                            kind: finding.kind,
                            at: finding.at.clone(),
                            detail: finding.detail.clone(),
                        },
                        responses: finding.responses,
                        first,
                        times: finding.times,
                    }),
                }
            }
            // In the order first seen; findings of one response keep the order drift found
            // them in (a stable sort, and one response is never split between shards).
            held.findings.sort_by_key(|c| c.first);
            fold_past_cap(&mut held.findings);
        }
        self.rows.sort_by_key(|r| r.first);
        self.checked += summary.checked;
        self.drifted += summary.drifted;
        Ok(())
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

    /// When the responses with the finding of `kind` at `at` were first and last received,
    /// where the traffic says.
    pub fn finding_times(&self, kind: crate::DriftKind, at: &str) -> Option<Span> {
        self.findings
            .iter()
            .filter(|c| c.drift.kind == kind && c.drift.at == at)
            .fold(None, |span, c| Span::join(span, c.times))
    }
}

/// The operation a summary names by vendor and operation id; one this build lacks is refused.
pub fn summarised_operation(
    vendor: &str,
    operation: &str,
) -> Result<&'static OperationMeta, String> {
    Vendor::ALL
        .into_iter()
        .find(|v| v.name() == vendor)
        .and_then(|v| v.operation(operation))
        .ok_or_else(|| format!("names {vendor} {operation}, an operation this build does not have"))
}

/// Findings past [`MAX_FINDINGS_PER_CASE`] counted per kind at "other places", as a single run
/// counts them.
fn fold_past_cap(findings: &mut Vec<Counted>) {
    if findings.len() <= MAX_FINDINGS_PER_CASE {
        return;
    }
    let (listed, past): (Vec<Counted>, Vec<Counted>) = {
        let mut listed = Vec::new();
        let mut past = Vec::new();
        for c in findings.drain(..) {
            if c.drift.at != OTHER_PLACES && listed.len() < MAX_FINDINGS_PER_CASE {
                listed.push(c);
            } else {
                past.push(c);
            }
        }
        (listed, past)
    };
    *findings = listed;
    for c in past {
        match findings
            .iter_mut()
            .find(|f| f.drift.kind == c.drift.kind && f.drift.at == OTHER_PLACES)
        {
            Some(other) => {
                other.responses += c.responses;
                other.first = other.first.min(c.first);
                other.times = Span::join(other.times, c.times);
            }
            None => findings.push(Counted {
                drift: Drift {
                    kind: c.drift.kind,
                    at: OTHER_PLACES.to_owned(),
                    detail: format!(
                        "{} at places past the first {MAX_FINDINGS_PER_CASE} listed",
                        c.drift.kind
                    ),
                },
                responses: c.responses,
                first: c.first,
                times: c.times,
            }),
        }
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
