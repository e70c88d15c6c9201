//! The report files of the faceauth tools (`faceauth conformance`, `drift` and `diff`), written
//! one way:
//!
//! - [`files`]: the report paths are checked before anything runs (a file path in a folder that
//!   takes a new file, no two the same, none of them an input, never through a symbolic link),
//!   and every report is written whole or not at all (staged beside it, renamed over it once all
//!   are complete; a failed run leaves each report as it was);
//! - [`junit`] and [`sarif`]: the pieces both reports' writers share (XML events, text XML can
//!   hold, a SARIF rule and location).
#![warn(missing_docs)]

pub mod files;
pub mod junit;
pub mod sarif;

pub use files::{Outputs, ReportError};
