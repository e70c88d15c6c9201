//! What recorded traffic shows of each response's shape, and the schema it calls for: the
//! ground on which `faceauth drift` proposes a spec change.
//!
//! A [`Shape`] summarises every value seen at one place of a response (per operation, status
//! and JSON pointer, as the caller keys them): how many of each JSON type, which string formats
//! every string had, how often each property of an object was present, the items of arrays. It
//! holds counts and shapes, never a recorded value, except the few short codes an enum may gain
//! (at most [`MAX_CODES`], each a short run of letters, digits, `_`, `-` or `.`, never from a
//! field whose name or schema says secret or image). It is bounded (at most [`MAX_PROPERTIES`]
//! properties an object, [`MAX_DEPTH`] levels) and mergeable: summaries of the parts of a
//! traffic file, merged in any order, equal the summary of the whole, so a file larger than one
//! machine reads is summarised shard by shard.
//!
//! ```
//! use faceauth_propose::{Shape, Sensitivity};
//! use serde_json::json;
//!
//! let mut shape = Shape::default();
//! for seen in [json!({"score": 1, "id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271"}),
//!              json!({"score": 0.5, "id": "1c9a2f31-7d0e-4a55-9b1e-3f2d4c5b6a79", "note": null})] {
//!     shape.observe(&seen, &Sensitivity::default());
//! }
//! let schema = shape.schema();
//! assert_eq!(schema["properties"]["score"]["type"], "number");
//! assert_eq!(schema["properties"]["id"]["format"], "uuid");
//! assert_eq!(schema["properties"]["note"]["nullable"], true);
//! // Never required by inference, and no value kept.
//! assert!(schema.get("required").is_none());
//! assert!(!serde_json::to_string(&shape).unwrap().contains("0007b793"));
//! ```

pub mod apply;
mod departures;
mod formats;
mod found;
mod pointer;
mod propose;
mod schema;
mod shape;
mod target;

pub use formats::Format;
pub use propose::{actions, overlay, Action, Case, Departure, Found};
pub use shape::{Sensitivity, Shape, MAX_CODES, MAX_DEPTH, MAX_PROPERTIES};
