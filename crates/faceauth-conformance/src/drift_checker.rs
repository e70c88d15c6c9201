//! Checks many recorded responses against the specs: each vendor's spec is loaded once, and each
//! operation's schema for a status is compiled once, on its first response (compiling a JSON
//! Schema validator costs far more than validating one body with it).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::drift::{Drift, ResponseBody, ResponseRule};
use super::spec::Spec;
use faceauth_clients::{OperationMeta, Vendor};

/// The drift check of many responses, with what each needs compiled once.
///
/// ```
/// use faceauth_conformance::{DriftChecker, ResponseBody};
/// use faceauth_clients::Vendor;
///
/// let mut checker = DriftChecker::new();
/// let enroll = Vendor::Verisoul.operation("enrollFaceMatch").unwrap();
/// let body = br#"{"request_id": "8757569c-61e6-454b-afc9-59232e861496", "success": true, "score": 1}"#;
/// let drift = checker
///     .check(enroll, 200, Some("application/json"), ResponseBody::Bytes(body))
///     .unwrap();
/// assert_eq!(drift.len(), 1);
/// assert_eq!(drift[0].at, "/score");
/// assert_eq!(checker.compiled_rules(), 1);
/// ```
#[derive(Default)]
pub struct DriftChecker {
    specs: HashMap<Vendor, Spec>,
    rules: HashMap<(Vendor, usize, u16), ResponseRule>,
    /// Where the specs are read from (`None`: the ones the crate was built from).
    specs_dir: Option<std::path::PathBuf>,
}

impl DriftChecker {
    /// A checker with nothing loaded yet, against the specs the crate was built from.
    pub fn new() -> Self {
        Self::default()
    }

    /// A checker against the specs in `dir` (`<dir>/<vendor>.yaml`, see [`Spec::read`]).
    pub fn with_specs_dir(dir: impl Into<std::path::PathBuf>) -> Self {
        Self {
            specs_dir: Some(dir.into()),
            ..Self::default()
        }
    }

    /// The vendor's spec, loaded on first use.
    pub fn spec(&mut self, vendor: Vendor) -> Result<&Spec, crate::Error> {
        match self.specs.entry(vendor) {
            Entry::Occupied(loaded) => Ok(loaded.into_mut()),
            Entry::Vacant(empty) => Ok(empty.insert(match &self.specs_dir {
                Some(dir) => Spec::read(vendor, dir)?,
                None => Spec::load(vendor)?,
            })),
        }
    }

    /// The drift of one response of `operation`; an error only when the vendor's spec cannot be
    /// loaded.
    pub fn check(
        &mut self,
        operation: &'static OperationMeta,
        status: u16,
        content_type: Option<&str>,
        body: ResponseBody<'_>,
    ) -> Result<Vec<Drift>, crate::Error> {
        self.spec(operation.vendor)?;
        let spec = &self.specs[&operation.vendor];
        let rule = self
            .rules
            .entry((operation.vendor, operation.index, status))
            .or_insert_with(|| {
                let object = &spec.document["paths"][operation.path]
                    [operation.http_method.to_ascii_lowercase()];
                ResponseRule::new(spec, object, status)
            });
        Ok(rule.check(spec, content_type, body))
    }

    /// How many (operation, status) rules are compiled: one per pair seen, however many
    /// responses had it.
    pub fn compiled_rules(&self) -> usize {
        self.rules.len()
    }
}
