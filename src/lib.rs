//! Typed clients for the face enrolment and face authentication APIs of four biometrics vendors:
//! [Signzy Deep Face Auth](signzy), [Verisoul Face Match](verisoul), [ADVANCE.AI](advance) and
//! [Progeny](progeny).
//!
//! Each client is generated at build time by [progenitor](https://docs.rs/progenitor) from a
//! hand-written OpenAPI spec in `specs/`, and wrapped with what the generator cannot do:
//! credentials, vendor servers, multipart uploads. Every request and response example the vendors
//! document is in those specs, and the conformance suite (`cargo test`, or `faceauth conformance`)
//! proves that the clients send and understand each one.
//!
//! ```no_run
//! use faceauth_clients::verisoul::{self, types::EnrollRequest};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = verisoul::Client::with_api_key(verisoul::Server::Sandbox, "my-api-key")?;
//! let session: faceauth_clients::uuid::Uuid = "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse()?;
//! let body = EnrollRequest::new(session, "example-account-id");
//! let enrolled = client.enroll_face_match(&body).await?;
//! assert!(enrolled.success);
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]
// The runtime serves every vendor: with some vendors' features off, the parts only they use (token
// flows, multipart forms, request enums) are unused, and that is expected, not dead code; the
// crate docs' links to the vendors left out have nothing to point at.
#![cfg_attr(
    not(all(
        faceauth_vendor = "signzy",
        faceauth_vendor = "verisoul",
        faceauth_vendor = "advance",
        faceauth_vendor = "progeny"
    )),
    allow(
        dead_code,
        unused_imports,
        unused_macros,
        rustdoc::broken_intra_doc_links
    )
)]

mod any_client;
mod coded_envelope;
mod credential;
mod error;
pub mod image;
pub mod json_call;
pub mod json_members;
mod multipart;
mod nullable;
mod object_only;
pub mod observer;
mod open_enum;
mod operation;
mod options;
mod outcome;
pub mod recorder;
mod redact;
mod registry;
mod response;
mod runtime;
mod secret;
pub mod server;
mod transport;
mod vendor;

#[cfg(faceauth_vendor = "advance")]
pub mod advance;
#[cfg(faceauth_vendor = "progeny")]
pub mod progeny;
#[cfg(faceauth_vendor = "signzy")]
pub mod signzy;
#[cfg(faceauth_vendor = "verisoul")]
pub mod verisoul;

pub use any_client::AnyClient;
pub use coded_envelope::{BodyCode, CodedEnvelope};
pub use credential::Credential;
pub use error::{ConfigError, CredentialError, InvalidRequest, TransportError};
pub use image::{EncodedImage, FaceImage, ImageError, ImageKind, ImageRules};
pub use nullable::Nullable;
pub use observer::{CallObserver, ObservedResponse};
pub use open_enum::UnlistedValue;
pub use operation::{OperationMeta, ReadOnly};
pub use options::{
    ClientOptions, InBodyRefusals, RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT, DEFAULT_TOKEN_FAILURE_BACKOFF, DEFAULT_TOKEN_TIMEOUT,
};
pub use outcome::{HasOutcome, Outcome, Refusal, Verdict};
pub use recorder::TrafficRecorder;
pub use redact::{is_sensitive_header, redact_fields, KnownSecrets, REDACTED, SENSITIVE_HEADERS};
/// The HTTP client the clients are built on: bring your own with `with_http_client` (same
/// version, so that your application need not depend on reqwest itself).
pub use reqwest;
pub use response::{
    Error, ErrorKind, Evidence, OutcomeUnknown, ResponseValue, Unconfirmed, BODY_EXCERPT_BYTES,
    MAX_BODY_BYTES,
};
pub use secrecy::SecretString;
pub use secret::Secret;
pub use server::BaseUrl;
/// UUIDs of the generated types (`format: uuid`: sessions, tasks): parse one with
/// `"…".parse::<faceauth_clients::uuid::Uuid>()`.
pub use uuid;
pub use vendor::{UnknownVendor, Vendor};

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The examples of the guide to the clients, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/using-the-clients.md")]
pub struct UsingTheClientsDoctests;

/// The examples of the mock's guide, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/mock.md")]
pub struct MockDoctests;

/// The examples of the vendors' page, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/vendors.md")]
pub struct VendorsDoctests;

/// The examples of the command's page, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/faceauth-command.md")]
pub struct CommandDoctests;
