//! CI reports of a conformance or drift run: JUnit XML (test results), SARIF 2.1.0 (code
//! scanning: each finding at its line of the spec) and Markdown (a job summary), written from one
//! vendor-neutral [`Report`]: a list of [`CaseResult`]s, each with its [`Finding`]s.
//!
//! Any run builds one: the embedded-mock check from [`ExampleCheck`]s
//! ([`CaseResult::from_example_check`]), a live check or a recorded-traffic check from the
//! [`Drift`] of each response ([`CaseResult::from_drift`]). An accept file ([`accept`]) then marks
//! known drift as accepted, and the report says whether anything new failed.
//!
//! ```
//! use faceauth_conformance::report::{CaseResult, Report, RunKind};
//! use faceauth_conformance::{Drift, DriftKind, Spec};
//! use faceauth_clients::Vendor;
//!
//! let spec = Spec::load(Vendor::Verisoul).unwrap();
//! let enroll = spec.operations().into_iter().find(|o| o.id == "enrollFaceMatch").unwrap();
//! let drift = vec![Drift {
//!     kind: DriftKind::UndocumentedField,
//!     at: "/score".into(),
//!     detail: "`score`: 0.9".into(),
//! }];
//! let mut report = Report::new(RunKind::Live {
//!     vendor: Vendor::Verisoul,
//!     base_url: "https://api.sandbox.verisoul.ai".into(),
//! });
//! report.cases.push(CaseResult::from_drift(&spec, &enroll, &enroll.id, Some(200), None, drift));
//! assert!(!report.passed());
//!
//! let junit = report.to_junit();
//! assert!(junit.contains("<testcase name=\"enrollFaceMatch\" classname=\"verisoul.enrollFaceMatch\""));
//! let sarif = report.to_sarif();
//! assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "drift/undocumented_field");
//! assert!(report.to_markdown().contains("| verisoul | enrollFaceMatch |"));
//! ```

pub mod accept;
mod junit;
mod markdown;
mod sarif;
mod traffic;

use std::fmt;

use serde::Serialize;

use super::drift::{Drift, DriftKind};
use super::runner::{Case, ExampleCheck, FailureKind};
use super::spec::{Spec, SpecOperation};
pub use accept::{AcceptEntry, AcceptFile, Acceptance, EntryState};
use faceauth_clients::{OperationMeta, Vendor};
use faceauth_reports::files::ReportKind;
pub use faceauth_reports::{Outputs, ReportError};
pub use traffic::{
    summarised_operation, FindingSummary, Offset, Place, RowSummary, Span, TallySummary,
    TrafficRow, TrafficTally, MAX_FINDINGS_PER_CASE,
};

/// What was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum RunKind {
    /// Every documented example through the typed clients, against the embedded mock.
    Mock,
    /// A vendor's live server.
    Live {
        /// The vendor.
        vendor: Vendor,
        /// The server checked.
        base_url: String,
    },
    /// Recorded responses (a traffic file), checked against the specs without calling anyone.
    Traffic {
        /// The file the responses were read from.
        source: String,
    },
}

pub use faceauth_spec::{Provenance, ProvenanceCounts};

pub use faceauth_spec::lines::SpecLocation;

impl Spec {
    /// The location of the node at `pointer` in this spec.
    pub fn location(&self, pointer: &str) -> SpecLocation {
        SpecLocation {
            file: self.file(),
            line: self.line_of(pointer),
            pointer: pointer.to_owned(),
        }
    }
}

/// What kind of finding: a response's drift from the spec, or a client that disagrees with a
/// documented example. Each kind is one rule of the SARIF report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// A response departs from the spec.
    Drift(DriftKind),
    /// A typed client disagrees with a documented example (or could not make the call).
    Example(FailureKind),
}

impl FindingKind {
    /// Every kind, in the order of the SARIF rules.
    pub fn all() -> Vec<FindingKind> {
        DriftKind::ALL
            .into_iter()
            .map(Self::Drift)
            .chain(FailureKind::ALL.into_iter().map(Self::Example))
            .collect()
    }

    /// The stable rule id: `drift/<kind>` or `example/<kind>` (the kinds' JSON names), as the
    /// accept file's `kind` names it too (with or without the prefix).
    pub fn id(self) -> String {
        let name = match self {
            Self::Drift(kind) => serde_json::to_value(kind),
            Self::Example(kind) => serde_json::to_value(kind),
        };
        let name = name.ok().and_then(|v| v.as_str().map(str::to_owned));
        let prefix = match self {
            Self::Drift(_) => "drift",
            Self::Example(_) => "example",
        };
        format!("{prefix}/{}", name.unwrap_or_default())
    }

    /// The kind's short name (`undocumented_field`).
    pub fn short_id(self) -> String {
        let id = self.id();
        id.split_once('/').map(|(_, n)| n.to_owned()).unwrap_or(id)
    }

    /// What the rule means and what to do about it, for the SARIF rule and the Markdown report.
    pub fn description(self) -> &'static str {
        use DriftKind as D;
        use FailureKind as F;
        match self {
            Self::Drift(D::UndocumentedField) => "The response has a field the spec's schema does not list: document it in the spec (with the vendor's example) or accept it.",
            Self::Drift(D::MissingRequiredField) => "A field the spec requires is missing from the response: make it optional if the vendor omits it, or report it to the vendor.",
            Self::Drift(D::WrongType) => "A field has another JSON type than the spec documents: the typed client cannot decode it.",
            Self::Drift(D::UnknownEnumValue) => "A string has a value the spec's enum does not list: the open enum keeps it as Unknown; document the new value.",
            Self::Drift(D::UndocumentedStatus) => "The HTTP status is not among the operation's documented responses.",
            Self::Drift(D::UndocumentedBody) => "The body is not JSON, or not of the documented media type, or present where none is documented.",
            Self::Drift(D::DuplicateKey) => "An object of the body repeats a key its schema declares: the typed client refuses the body (serde's duplicate field). A repeated undocumented key, or a key of a free-form map, is accepted with its last value, as the client keeps it.",
            Self::Drift(D::OtherViolation) => "Another violation of the spec's schema (format, length, pattern, ...).",
            Self::Example(F::NotCalled) => "The call could not be made: the documented example does not fit the generated types, or the crate was built without the operation.",
            Self::Example(F::RequestCount) => "The client sent no request, or more than one, for one documented request example.",
            Self::Example(F::Method) => "The client sent another HTTP method than the spec documents.",
            Self::Example(F::Path) => "The client sent another path than the spec documents.",
            Self::Example(F::Query) => "The client sent other query parameters than the documented example.",
            Self::Example(F::Credential) => "The credential is missing, or not sent as the spec's security scheme documents.",
            Self::Example(F::UndocumentedHeader) => "The client sent a header the vendor does not document.",
            Self::Example(F::ContentType) => "The client sent another content type than the spec documents.",
            Self::Example(F::RequestBody) => "The body the client sent differs from the documented request example.",
            Self::Example(F::ResponseOutcome) => "A documented response did not come back as its documented type (success or documented error).",
            Self::Example(F::ResponseStatus) => "The client reported another HTTP status than the one served.",
            Self::Example(F::ResponseBody) => "The typed value does not serialise back to the documented response example: the types drop or change a field.",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl Serialize for FindingKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.id())
    }
}

/// One way a case failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Its kind (its rule).
    pub kind: FindingKind,
    /// What it is about, as an accept file names it: for drift, the JSON pointer into the body
    /// (`/` for the whole response); for an example, the example (`response_200__success`).
    pub at: String,
    /// One line saying what was found (never a secret's or an image's content).
    pub message: String,
    /// Where in the spec: the example, or the schema node the drifted field departs from.
    pub location: Option<SpecLocation>,
    /// The accept-file entry that accepts it, if any: then it does not fail the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Acceptance>,
}

impl Finding {
    /// The finding as one line: `undocumented field at /score: ...`, with `(accepted: reason,
    /// until date)` when accepted.
    pub fn line(&self) -> String {
        let accepted = self
            .accepted
            .as_ref()
            .map(|a| format!(" [ACCEPTED until {}: {}]", a.expires, a.reason))
            .unwrap_or_default();
        format!("{}{accepted}", self.message)
    }
}

/// One test case: an example (mock run) or an operation (live or traffic run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The vendor.
    pub vendor: Vendor,
    /// The `operationId`, as the spec spells it.
    pub operation: String,
    /// The operation's entry in the table the crate was built with (accept-file entries are
    /// matched by it); `None` for an operation of an edited spec the crate was not built from.
    #[serde(skip)]
    pub meta: Option<&'static OperationMeta>,
    /// The case's name within its operation: the example (`request__documented`,
    /// `response_200__success`) or the operation.
    pub name: String,
    /// Why it was not run, if it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// The HTTP status received (live, traffic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How the typed call ended, in words (live).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Where the example comes from: verbatim, repaired, third-party or constructed (mock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Where the case is in the spec: its example, or its operation.
    pub location: Option<SpecLocation>,
    /// Every way it failed; accepted findings included.
    pub findings: Vec<Finding>,
}

impl CaseResult {
    /// The case of one documented example checked against the embedded mock; each failure
    /// located at the example.
    pub fn from_example_check(spec: &Spec, check: &ExampleCheck) -> Self {
        let pointers = &check.example_pointers;
        let location = pointers
            .first()
            .unwrap_or(&check.operation_pointer)
            .as_str();
        let location = Some(spec.location(location));
        let name = match &check.case {
            Case::Request { example } => format!("request__{example}"),
            Case::Response { status, example } => format!("response_{status}__{example}"),
        };
        let findings = check
            .failures
            .iter()
            .map(|failure| Finding {
                kind: FindingKind::Example(failure.kind),
                at: name.clone(),
                message: failure.message.clone(),
                location: location.clone(),
                accepted: None,
            })
            .collect();
        Self {
            vendor: check.vendor,
            operation: check.operation.clone(),
            meta: check.meta,
            provenance: Some(spec.provenance(pointers)),
            name,
            skipped: None,
            status: None,
            outcome: None,
            location,
            findings,
        }
    }

    /// The case of one response checked against the spec (a live call or a recorded response):
    /// each drift located at the schema node it departs from. `failure` is how the typed call
    /// failed, if it did; it is a finding only when no drift explains it.
    pub fn from_drift(
        spec: &Spec,
        operation: &SpecOperation,
        name: &str,
        status: Option<u16>,
        failure: Option<(FailureKind, String)>,
        drift: Vec<Drift>,
    ) -> Self {
        let mut findings: Vec<Finding> = drift
            .iter()
            .map(|d| Finding {
                kind: FindingKind::Drift(d.kind),
                at: if d.at.is_empty() {
                    "/".to_owned()
                } else {
                    d.at.clone()
                },
                message: d.to_string(),
                location: Some(spec.location(&spec.schema_pointer(operation, status, &d.at))),
                accepted: None,
            })
            .collect();
        if let (Some((kind, message)), true) = (failure, findings.is_empty()) {
            findings.push(Finding {
                kind: FindingKind::Example(kind),
                at: "/".to_owned(),
                message,
                location: Some(spec.location(&spec.operation_pointer(operation))),
                accepted: None,
            });
        }
        Self {
            vendor: spec.vendor,
            operation: operation.id.clone(),
            meta: operation.meta,
            name: name.to_owned(),
            skipped: None,
            status,
            outcome: None,
            provenance: None,
            location: Some(spec.location(&spec.operation_pointer(operation))),
            findings,
        }
    }

    /// A case that was not run, and why.
    pub fn skipped(spec: &Spec, operation: &SpecOperation, reason: &str) -> Self {
        Self {
            vendor: spec.vendor,
            operation: operation.id.clone(),
            meta: operation.meta,
            name: operation.id.clone(),
            skipped: Some(reason.to_owned()),
            status: None,
            outcome: None,
            provenance: None,
            location: Some(spec.location(&spec.operation_pointer(operation))),
            findings: Vec::new(),
        }
    }

    /// Whether it failed: a finding that no accept-file entry accepts.
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.accepted.is_none())
    }

    /// Whether it has accepted findings only.
    pub fn accepted_only(&self) -> bool {
        !self.findings.is_empty() && !self.failed()
    }
}

/// A run's results, ready to print or write as JUnit, SARIF or Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What was checked.
    pub run: RunKind,
    /// Every case, in the order checked.
    pub cases: Vec<CaseResult>,
    /// The accept file's entries and what became of them (empty without an accept file).
    pub accept_entries: Vec<AcceptEntry>,
    /// The accept file's path, as given.
    pub accept_file: Option<String>,
    /// Per vendor, what the examples cover (mock runs).
    pub coverage: Vec<super::coverage::VendorCoverage>,
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Cases run (skipped ones not counted).
    pub cases: usize,
    /// Cases without any finding.
    pub passed: usize,
    /// Cases with a finding no entry accepts.
    pub failed: usize,
    /// Cases whose findings are all accepted.
    pub accepted: usize,
    /// Cases not run.
    pub skipped: usize,
    /// Accept-file entries past their expiry date (each fails the run).
    pub expired_entries: usize,
    /// Accept-file entries that match nothing that was checked.
    pub stale_entries: usize,
}

impl Report {
    /// An empty report of a run.
    pub fn new(run: RunKind) -> Self {
        Self {
            run,
            cases: Vec::new(),
            accept_entries: Vec::new(),
            accept_file: None,
            coverage: Vec::new(),
        }
    }

    /// The counts.
    pub fn totals(&self) -> Totals {
        let run: Vec<&CaseResult> = self.cases.iter().filter(|c| c.skipped.is_none()).collect();
        let state = |s: EntryState| self.accept_entries.iter().filter(|e| e.state == s).count();
        Totals {
            cases: run.len(),
            passed: run.iter().filter(|c| c.findings.is_empty()).count(),
            failed: run.iter().filter(|c| c.failed()).count(),
            accepted: run.iter().filter(|c| c.accepted_only()).count(),
            skipped: self.cases.len() - run.len(),
            expired_entries: state(EntryState::Expired),
            stale_entries: state(EntryState::Stale),
        }
    }

    /// How many of the checked examples are verbatim, repaired, third-party and constructed, over
    /// the cases of `vendor` (or every vendor); `None` for a run that checks no documented
    /// example (live, traffic).
    pub fn provenance(&self, vendor: Option<Vendor>) -> Option<ProvenanceCounts> {
        let kinds: Vec<Provenance> = self
            .cases
            .iter()
            .filter(|c| vendor.is_none_or(|v| c.vendor == v))
            .filter_map(|c| c.provenance)
            .collect();
        (!kinds.is_empty()).then(|| kinds.into_iter().collect())
    }

    /// Whether the run passes: no new finding (one no entry accepts) and no expired entry.
    pub fn passed(&self) -> bool {
        let totals = self.totals();
        totals.failed == 0 && totals.expired_entries == 0
    }

    /// Replaces every occurrence of each secret (a credential the run used, a token issued to
    /// it) in every message and place with `[redacted]`: the last guard before anything is
    /// printed or written.
    pub fn redact(&mut self, secrets: &faceauth_clients::KnownSecrets) {
        let clean = |text: &mut String| {
            if let std::borrow::Cow::Owned(scrubbed) = secrets.scrub(text) {
                *text = scrubbed;
            }
        };
        for case in &mut self.cases {
            if let Some(outcome) = &mut case.outcome {
                clean(outcome);
            }
            for finding in &mut case.findings {
                clean(&mut finding.message);
                clean(&mut finding.at);
            }
        }
        if let RunKind::Live { base_url, .. } = &mut self.run {
            clean(base_url);
        }
    }

    /// The JUnit XML report.
    pub fn to_junit(&self) -> String {
        junit::render(self)
    }

    /// The SARIF 2.1.0 log.
    pub fn to_sarif(&self) -> serde_json::Value {
        sarif::render(self)
    }

    /// The Markdown report, for a CI job summary.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// Writes each report that `outputs` names, whole or not at all
    /// ([`Outputs::write`](faceauth_reports::Outputs::write)).
    pub fn write(&self, outputs: &Outputs) -> Result<(), ReportError> {
        outputs.write(|kind| {
            Ok(match kind {
                ReportKind::Junit => self.to_junit().into_bytes(),
                ReportKind::Sarif => serde_json::to_string_pretty(&self.to_sarif())
                    .expect("a SARIF log serialises")
                    .into_bytes(),
                ReportKind::Markdown => self.to_markdown().into_bytes(),
            })
        })
    }
}
