//! The diff's reports: the plain table `faceauth diff` prints, Markdown for a pull-request
//! comment (with entries to seed CHANGELOG.md), SARIF 2.1.0 for code scanning and JUnit XML for
//! test-result views, all from one [`DiffReport`](super::DiffReport).

mod junit;
mod markdown;
mod sarif;
mod table;

pub(super) use junit::render as junit;
pub(super) use markdown::render as markdown;
pub(super) use sarif::render as sarif;
pub(super) use table::render as table;

use super::Change;

/// `specs/verisoul.yaml:812`, or the file alone when the line is unknown.
fn place(change: &Change) -> String {
    match change.location.line {
        Some(line) => format!("{}:{line}", change.location.file),
        None => change.location.file.clone(),
    }
}

/// The operation as the reports name it (`-` for a change of the spec itself).
fn operation(change: &Change) -> &str {
    change.operation.as_deref().unwrap_or("-")
}
