//! What a spec edit does to callers and to the wire: two versions of the vendors' specs compared
//! vendor by vendor, each change classified by the [catalogue] with two verdicts,
//! `old_client` (does a release built from the old spec still work against the vendor as the new
//! spec documents it?) and `semver` (what bump does this crate's Rust API need?), and the public
//! Rust items it touches. `faceauth diff` is built on it.
//!
//! ```
//! use faceauth_diff::{diff, ChangeKind, OldClient, Semver, SpecPair};
//!
//! let base = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {}\n";
//! let head = format!("{base}  /b:\n    get:\n      operationId: getB\n      responses: {{}}\n");
//! let report = diff(&[SpecPair { vendor: "verisoul", base: Some(base), head: Some(&head) }]).unwrap();
//! assert_eq!(report.semver, Semver::Minor);
//! assert_eq!(report.old_client, OldClient::Unaffected);
//! let added = &report.changes[0];
//! assert_eq!(added.kind, ChangeKind::OperationAdded);
//! assert_eq!(added.operation.as_deref(), Some("getB"));
//! assert_eq!(added.location.line, Some(8));
//! assert_eq!(added.rust_items, ["verisoul::Client::get_b", "verisoul::Operation::GetB"]);
//! ```

pub mod catalogue;
mod error;
mod names;
mod render;
mod verdicts;
mod version;
mod walk;

use serde::Serialize;
use serde_json::Value;

pub use catalogue::{ChangeKind, OldClient, Semver};
pub use error::DiffError;
use faceauth_spec::lines::{SpecLocation, YamlLines};
pub use version::{required_version, VersionCheck};

/// One vendor's spec in the two versions compared; `None` where the version has no such spec.
#[derive(Debug, Clone, Copy)]
pub struct SpecPair<'a> {
    /// The vendor: the spec's file stem and the Rust module's name.
    pub vendor: &'a str,
    /// The spec's text at the base.
    pub base: Option<&'a str>,
    /// The spec's text at the head.
    pub head: Option<&'a str>,
}

/// One change between the two versions of a vendor's spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The vendor.
    pub vendor: String,
    /// The `operationId` the change is seen through; `None` for a server, a security scheme or a
    /// schema that no operation reaches.
    pub operation: Option<String>,
    /// The kind: a row of the catalogue.
    pub kind: ChangeKind,
    /// What it does to a client built from the base spec.
    pub old_client: OldClient,
    /// The version bump it needs.
    pub semver: Semver,
    /// The public Rust items it touches (`verisoul::types::EnrollResponse`,
    /// `verisoul::Client::create_face_match_session`).
    pub rust_items: Vec<String>,
    /// Where: the node's JSON pointer (in the head, or in the base for what the head lacks), the
    /// spec file, and the line in the head's file (of the nearest node the head has).
    pub location: SpecLocation,
    /// One line saying what changed.
    pub detail: String,
}

/// Every change between two versions of the specs, with the overall verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    /// The largest bump any change needs (`none` without changes).
    pub semver: Semver,
    /// `breaks` when any change breaks old releases.
    pub old_client: OldClient,
    /// Every change, vendor by vendor.
    pub changes: Vec<Change>,
    /// The crate's versions held against the needed bump, when both are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionCheck>,
}

/// Compares each vendor's two versions. An error names the spec that is not YAML.
pub fn diff(pairs: &[SpecPair<'_>]) -> Result<DiffReport, DiffError> {
    let mut changes = Vec::new();
    for pair in pairs {
        changes.extend(diff_vendor(pair)?);
    }
    Ok(DiffReport::new(changes))
}

fn diff_vendor(pair: &SpecPair<'_>) -> Result<Vec<Change>, DiffError> {
    let file = format!("specs/{}.yaml", pair.vendor);
    // Either side may come from a stranger's pull request: read within the project's bounds.
    let parse = |text: Option<&str>, side: &'static str| -> Result<Value, DiffError> {
        match text {
            None => Ok(Value::Object(Default::default())),
            Some(text) => faceauth_spec::load::load(&format!("{file} ({side})"), text)
                .map_err(DiffError::Spec),
        }
    };
    let (base, head) = (parse(pair.base, "base")?, parse(pair.head, "head")?);
    if base == head {
        return Ok(Vec::new());
    }
    let lines = YamlLines::index(pair.head.or(pair.base).unwrap_or_default());
    Ok(walk::walk(pair.vendor, &base, &head)
        .into_iter()
        .map(|found| {
            let (old_client, semver) = verdicts::judge(found.kind, &found.facts);
            Change {
                vendor: pair.vendor.to_owned(),
                operation: found.operation,
                kind: found.kind,
                old_client,
                semver,
                rust_items: found.rust_items,
                location: SpecLocation {
                    file: file.clone(),
                    line: lines.line_of(&found.pointer),
                    pointer: found.pointer,
                },
                detail: found.detail,
            }
        })
        .collect())
}

impl DiffReport {
    /// The report of `changes`, with the overall verdicts.
    pub fn new(changes: Vec<Change>) -> Self {
        Self {
            semver: changes
                .iter()
                .map(|c| c.semver)
                .max()
                .unwrap_or(Semver::None),
            old_client: changes
                .iter()
                .map(|c| c.old_client)
                .max()
                .unwrap_or(OldClient::Unaffected),
            changes,
            version: None,
        }
    }

    /// Holds the crate's version at the head against its version at the base (Cargo.toml's
    /// `package.version` texts) for the bump the changes need.
    pub fn check_version(&mut self, base: &str, head: &str) -> Result<(), DiffError> {
        self.version = Some(VersionCheck::new(base, head, self.semver)?);
        Ok(())
    }

    /// Whether the run passes: no version check, or a sufficient bump.
    pub fn passed(&self) -> bool {
        self.version.as_ref().is_none_or(|v| v.sufficient)
    }

    /// The plain-text table `faceauth diff` prints.
    pub fn to_table(&self) -> String {
        render::table(self)
    }

    /// The Markdown report, for a pull-request comment, ending with entries for CHANGELOG.md.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// The SARIF 2.1.0 log: one rule per kind, one result per change at its line.
    pub fn to_sarif(&self) -> Value {
        render::sarif(self)
    }

    /// The JUnit XML report: one case per change, failed when the version bump is not enough
    /// for it.
    pub fn to_junit(&self) -> String {
        render::junit(self)
    }
}
