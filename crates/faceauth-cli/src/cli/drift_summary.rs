//! `faceauth drift --summary-out FILE` and `--merge FILE...`: a traffic run's summary, written
//! so that shards of traffic larger than one machine reads can be checked apart (a CI matrix,
//! Kubernetes Jobs, a Spark or Dask map step) and merged into the report and the proposal one
//! run over the whole would give. A summary holds counts, places and shapes: no recorded value
//! but the short codes and numbers drift's findings and an enum's codes show, never a secret, an
//! image or free text.

use std::path::{Path, PathBuf};

use faceauth_conformance::report::{Offset, TallySummary, TrafficTally};
use serde::{Deserialize, Serialize};

use super::drift_propose::{Proposals, SeenSummary};

/// What a summary file says it is, and its version: a file of another version is refused.
const FORMAT: &str = "faceauth drift summary 1";

/// The largest summary read: a summary is bounded by the operations and statuses (each shape
/// by `faceauth_propose::MAX_PROPERTIES` and `MAX_DEPTH`), far under this.
const MAX_SUMMARY_BYTES: u64 = 64 * 1024 * 1024;

/// One run's summary.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DriftSummary {
    format: String,
    /// The traffic file's name (not its path), for the proposal's evidence.
    traffic: String,
    /// Lines of a traffic recorder's file read, blank ones included.
    lines: u64,
    /// HAR entries read.
    entries: u64,
    /// HAR entries that call no vendor's documented API.
    ignored_entries: u64,
    tally: TallySummary,
    shapes: Vec<SeenSummary>,
}

impl DriftSummary {
    /// The summary of a run over `traffic` (its name).
    pub(super) fn new(
        traffic: &str,
        read: &super::traffic::Summary,
        tally: &TrafficTally<'_>,
        proposals: &Proposals,
    ) -> Self {
        Self {
            format: FORMAT.to_owned(),
            traffic: traffic.to_owned(),
            lines: read.lines,
            entries: read.entries,
            ignored_entries: read.ignored_entries,
            tally: tally.summary(),
            shapes: proposals.summary(),
        }
    }

    /// Writes it to `path` whole, or not at all.
    pub(super) fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_vec(self).map_err(|e| e.to_string())?;
        faceauth_reports::files::write_whole(&[(path.to_path_buf(), text)])
            .map_err(|e| e.to_string())
    }
}

/// What merging summaries gave besides the tally and shapes.
pub(super) struct Merged {
    /// HAR entries that call no vendor's documented API, in all.
    pub ignored_entries: u64,
    /// The traffic files the summaries were made from, in order, each once.
    pub traffic: Vec<String>,
}

/// Reads each summary of `files` (the shards in order) into `tally` and `proposals`, each
/// shard's places moved past the lines and entries of the shards before it.
pub(super) fn merge(
    files: &[PathBuf],
    tally: &mut TrafficTally<'_>,
    mut proposals: Option<&mut Proposals>,
) -> Result<Merged, String> {
    let mut offset = Offset::default();
    let mut merged = Merged {
        ignored_entries: 0,
        traffic: Vec::new(),
    };
    for file in files {
        let name = file.display();
        let summary = read(file).map_err(|why| format!("{name}: {why}"))?;
        tally
            .merge(&summary.tally, offset)
            .map_err(|why| format!("{name}: {why}"))?;
        if let Some(proposals) = proposals.as_deref_mut() {
            proposals
                .merge(&summary.shapes, offset)
                .map_err(|why| format!("{name}: {why}"))?;
        }
        offset.lines += summary.lines;
        offset.entries += summary.entries;
        merged.ignored_entries += summary.ignored_entries;
        if !merged.traffic.contains(&summary.traffic) {
            merged.traffic.push(summary.traffic);
        }
    }
    Ok(merged)
}

fn read(file: &Path) -> Result<DriftSummary, String> {
    use std::io::Read as _;
    let opened = std::fs::File::open(file).map_err(|e| format!("cannot read it: {e}"))?;
    let mut bytes = Vec::new();
    opened
        .take(MAX_SUMMARY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > MAX_SUMMARY_BYTES {
        return Err(format!(
            "larger than any summary ({} MiB); not read",
            MAX_SUMMARY_BYTES / (1024 * 1024)
        ));
    }
    let summary: DriftSummary = serde_json::from_slice(&bytes)
        .map_err(|e| format!("not a drift summary (faceauth drift --summary-out): {e}"))?;
    if summary.format != FORMAT {
        return Err(format!(
            "a summary of format {:?}; this faceauth reads {FORMAT:?}",
            summary.format
        ));
    }
    Ok(summary)
}
