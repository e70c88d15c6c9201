//! What the tests of the faceauth crates share (a crate of its own, as oxide's `test-common`,
//! instead of files included by path):
//!
//! - [`specs`]: the specs read as JSON by the tests' own reader, for the bodies they send and
//!   serve;
//! - [`example_counts`]: a second reader of the specs' examples, whose counts the tools' must
//!   equal;
//! - [`huge_body`]: a vendor that answers 2 GiB and counts what the client took;
//! - [`reports`]: written reports read back with real parsers (JUnit, SARIF against its schema).
//!
//! It depends on no faceauth crate but the specs' vocabulary, so the library's own tests use it
//! without a cycle.

pub mod example_counts;
pub mod huge_body;
pub mod reports;
pub mod specs;

pub use huge_body::huge_body_server;
