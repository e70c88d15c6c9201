//! The vocabulary of faceauth-clients' OpenAPI specs and the rules read from them, shared by the
//! build script that generates the clients (`faceauth-codegen`) and by the tools that check them
//! (the conformance runner, the mock, `faceauth diff`): each rule is written once, here.
//!
//! - [`extension`]: every `x-faceauth-*` extension the specs use, by name, with typed readers for
//!   the ones whose values carry structure (a read-only mark, an example's declared outcome,
//!   where an example comes from);
//! - [`fields`]: which body fields hold secrets or face images (never printed, never recorded);
//! - [`lines`]: the line of any node of a spec, by JSON pointer, for reports that point at it;
//! - [`depth`]: a nesting bound checked in one pass before a YAML parser sees a document;
//! - [`EXAMPLE_FACE_PNG`]: the image the specs' multipart examples stand for.
//!
//! Nothing here knows a vendor's client: it reads specs as JSON documents.
//!
//! ```
//! use faceauth_spec::extension::{DeclaredOutcome, OUTCOME};
//!
//! let example: serde_json::Value = serde_json::json!({
//!     "x-faceauth-outcome": {"refused": "FACE_NOT_FOUND"}, "value": {}});
//! assert_eq!(
//!     DeclaredOutcome::parse(example.get(OUTCOME)),
//!     Ok(DeclaredOutcome::Refused { code: Some("FACE_NOT_FOUND".into()) })
//! );
//! ```
#![warn(missing_docs)]

pub mod depth;
pub mod extension;
pub mod fields;
pub mod lines;
pub mod load;
mod provenance;

pub use provenance::{Provenance, ProvenanceCounts};

/// A small PNG (256x256 pixels of one grey, 368 bytes) that stands in for a face image in the
/// specs' multipart examples: the documents name an upload by its file name, and no real face
/// belongs in a test. It meets every vendor's image rules (ADVANCE.AI's 256x256 minimum
/// included).
pub const EXAMPLE_FACE_PNG: &[u8] = include_bytes!("example_face.png");
