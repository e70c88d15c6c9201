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
//! use faceauth_clients::conformance::report::{CaseResult, Report, RunKind};
//! use faceauth_clients::conformance::{Drift, DriftKind, Spec};
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
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::drift::{Drift, DriftKind};
use super::runner::{Case, ExampleCheck, FailureKind};
use super::spec::{Spec, SpecOperation};
use crate::{OperationMeta, Vendor};
pub use accept::{AcceptEntry, AcceptFile, Acceptance, EntryState};
pub use traffic::{Place, TrafficRow, TrafficTally, MAX_FINDINGS_PER_CASE};

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

pub use super::provenance::{Provenance, ProvenanceCounts};

/// A place in a spec (or an accept file): the repository-relative path, the line, and the JSON
/// pointer of the node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecLocation {
    /// The file, relative to the repository root (`specs/verisoul.yaml`), as code hosts expect.
    pub file: String,
    /// The line (1-based), where it is known.
    pub line: Option<u32>,
    /// The node's JSON pointer in the document.
    pub pointer: String,
}

impl SpecLocation {
    /// The location of the node at `pointer` in `spec`.
    pub fn in_spec(spec: &Spec, pointer: &str) -> Self {
        Self {
            file: spec.file(),
            line: spec.line_of(pointer),
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
        let location = Some(SpecLocation::in_spec(spec, location));
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
                location: Some(SpecLocation::in_spec(
                    spec,
                    &spec.schema_pointer(operation, status, &d.at),
                )),
                accepted: None,
            })
            .collect();
        if let (Some((kind, message)), true) = (failure, findings.is_empty()) {
            findings.push(Finding {
                kind: FindingKind::Example(kind),
                at: "/".to_owned(),
                message,
                location: Some(SpecLocation::in_spec(
                    spec,
                    &spec.operation_pointer(operation),
                )),
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
            location: Some(SpecLocation::in_spec(
                spec,
                &spec.operation_pointer(operation),
            )),
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
            location: Some(SpecLocation::in_spec(
                spec,
                &spec.operation_pointer(operation),
            )),
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
    pub fn redact(&mut self, secrets: &crate::KnownSecrets) {
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

    /// Writes each report that `outputs` names, each atomically: into a temporary file in the
    /// report's folder, renamed over the report only once every report is written in full. A
    /// run that fails here leaves each report as it was (absent, or the previous run's), never a
    /// part of one.
    pub fn write(&self, outputs: &Outputs) -> Result<(), String> {
        let mut texts: Vec<(&PathBuf, String)> = Vec::new();
        if let Some(path) = &outputs.junit {
            texts.push((path, self.to_junit()));
        }
        if let Some(path) = &outputs.sarif {
            let sarif =
                serde_json::to_string_pretty(&self.to_sarif()).expect("a SARIF log serialises");
            texts.push((path, sarif));
        }
        if let Some(path) = &outputs.markdown {
            texts.push((path, self.to_markdown()));
        }
        let mut staged = Vec::new();
        for (path, text) in texts {
            staged.push((stage(path, text.as_bytes())?, path));
        }
        for (file, path) in staged {
            file.persist(path)
                .map_err(|e| format!("cannot write {}: {}", path.display(), e.error))?;
        }
        Ok(())
    }
}

/// The text in a temporary file beside `path` (removed when dropped unless persisted).
fn stage(path: &Path, text: &[u8]) -> Result<tempfile::NamedTempFile, String> {
    use std::io::Write as _;
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = tempfile::Builder::new()
        .prefix(".faceauth-report-")
        .suffix(".tmp")
        .tempfile_in(folder(path))
        .map_err(cannot)?;
    file.write_all(text).map_err(cannot)?;
    file.as_file().sync_all().map_err(cannot)?;
    // A temporary file is private (0600); a report is read by whatever uploads it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(cannot)?;
    }
    Ok(file)
}

/// The folder a path names a file in (`.` for a bare file name).
fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Where to write the reports; `None` for a report not asked for.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// The JUnit XML file.
    pub junit: Option<PathBuf>,
    /// The SARIF file.
    pub sarif: Option<PathBuf>,
    /// The Markdown file.
    pub markdown: Option<PathBuf>,
}

impl Outputs {
    /// Checks, before anything is run, sent or read, that each report can be written where it
    /// is asked: a file path (not a directory, nor a device) in a folder that exists and takes
    /// a new file, no two reports the same file, and none of them one of `inputs` (the traffic
    /// file, the accept file), which a report would overwrite. The error is one line naming the
    /// option (`--junit`).
    pub fn check(&self, inputs: &[&Path]) -> Result<(), String> {
        let named = [
            ("--junit", &self.junit),
            ("--sarif", &self.sarif),
            ("--markdown", &self.markdown),
        ];
        let named: Vec<(&str, &PathBuf)> = named
            .into_iter()
            .filter_map(|(flag, path)| Some((flag, path.as_ref()?)))
            .collect();
        for (i, (flag, path)) in named.iter().enumerate() {
            let shown = path.display();
            let ends_in_separator = path
                .as_os_str()
                .to_string_lossy()
                .ends_with(std::path::MAIN_SEPARATOR);
            if path.as_os_str().is_empty() || path.is_dir() || ends_in_separator {
                return Err(format!("{flag} {shown}: a directory, not a file path"));
            }
            let folder = folder(path);
            if !folder.is_dir() {
                return Err(format!(
                    "{flag} {shown}: its folder {} does not exist",
                    folder.display()
                ));
            }
            if path.exists() && !path.is_file() {
                return Err(format!("{flag} {shown}: not a regular file"));
            }
            if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
                return Err(format!(
                    "{flag} {shown}: the same file as the input {}, which the report would overwrite",
                    input.display()
                ));
            }
            if let Some((other, _)) = named[..i].iter().find(|(_, p)| same_file(path, p)) {
                return Err(format!("{flag} {shown}: the same file as {other}"));
            }
            // The report is written as a new file beside it, then renamed: try that now.
            tempfile::Builder::new()
                .prefix(".faceauth-check-")
                .tempfile_in(folder)
                .map_err(|e| {
                    format!(
                        "{flag} {shown}: cannot create a file in {}: {e}",
                        folder.display()
                    )
                })?;
        }
        Ok(())
    }
}

/// Whether two paths name one file: the same file on disk (hard and symbolic links included),
/// or, for a file not yet there, the same name in the same folder.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(full) = p.canonicalize() {
            return Some(full);
        }
        Some(folder(p).canonicalize().ok()?.join(p.file_name()?))
    };
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}
