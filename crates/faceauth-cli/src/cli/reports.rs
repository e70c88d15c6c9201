//! The report options `conformance` and `drift` share: `--junit`, `--sarif`, `--markdown` and
//! `--accept`, checked before anything is sent or read.

use std::path::{Path, PathBuf};

use faceauth_conformance::report::accept::AcceptFile;
use faceauth_conformance::report::Outputs;

/// Where to write the reports, and which drift is accepted.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Also write a JUnit XML report: a testcase per example (mock), per operation (live) or per
    /// operation and status (drift).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Also write a SARIF 2.1.0 log: each finding at its line of the spec file.
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// Also write a Markdown report, for a CI job summary.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    /// Accepted drift (YAML: entries of vendor, operation, kind, at, reason, until): matching findings are reported as accepted and do
    /// not fail the run; an expired entry fails it; an entry that matches nothing is stale.
    #[arg(long, value_name = "FILE")]
    accept: Option<PathBuf>,
}

impl ReportArgs {
    /// The report paths, checked to be files that can be written and that are none of the
    /// inputs (`inputs`, the accept file), then the accept file, read and checked: a wrong one
    /// is a usage error before anything is sent or any traffic read.
    pub fn prepare(&self, inputs: &[&Path]) -> Result<(Option<AcceptFile>, Outputs), String> {
        let outputs = Outputs {
            junit: self.junit.clone(),
            sarif: self.sarif.clone(),
            markdown: self.markdown.clone(),
        };
        let mut all_inputs = inputs.to_vec();
        all_inputs.extend(self.accept.as_deref());
        outputs.check(&all_inputs).map_err(|e| e.to_string())?;
        let accept = self
            .accept
            .as_deref()
            .map(|p| AcceptFile::load(&p.to_string_lossy()))
            .transpose()
            .map_err(|e| e.to_string())?;
        Ok((accept, outputs))
    }
}
