//! Verisoul Face Match: enrolment of a verified session into an account (`specs/verisoul.yaml`).
//!
//! The client sends the API key in the `x-api-key` header. A refused enrolment is HTTP 400 with an
//! error code ([`types::EnrollErrorResponse`]).
//!
//! ```no_run
//! use faceauth_clients::verisoul::{self, types::{EnrollErrorCode, EnrollRequest}};
//! use faceauth_clients::Error;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = verisoul::Client::with_api_key(verisoul::Server::Production, "api-key")?;
//! let session: faceauth_clients::uuid::Uuid = "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse()?;
//! let request = EnrollRequest::new(session, "example-account-id");
//! match client.enroll_face_match(&request).await {
//!     Ok(enrolled) => assert!(enrolled.success),
//!     Err(Error::Documented(refused))
//!         if refused.error == Some(EnrollErrorCode::SessionOlderThan30Days) =>
//!     {
//!         println!("start a new session");
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```

mod call_handwritten;
mod outcome;
mod redirect;
pub use redirect::FaceMatchRedirect;
mod verify_face_metadata;
pub use verify_face_metadata::VerifyFaceMetadata;

/// Verisoul's rate limit: requests per minute per API key, counted across all endpoints (the
/// docs' rate-limits page). Beyond it every operation answers HTTP 429, which the client retries
/// as its [`RetryPolicy`](crate::RetryPolicy) allows and then returns as
/// [`Error::RateLimited`].
pub const RATE_LIMIT_PER_MINUTE: u32 = 300;

#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/verisoul.rs"));
}
pub use generated::*;

use crate::runtime::{impl_client_options, static_credential_constructor};

crate::server::vendor_servers! {
    /// `https://api.sandbox.verisoul.ai`
    Sandbox => "sandbox", "https://api.sandbox.verisoul.ai";
    /// `https://api.prod.verisoul.ai`
    Production => "production", "https://api.prod.verisoul.ai";
}

/// The header Verisoul takes the API key in.
pub const CREDENTIAL_HEADER: &str = "x-api-key";

static_credential_constructor!(
    /// A client that sends `api_key` in the `x-api-key` header.
    with_api_key,
    api_key,
    crate::Vendor::Verisoul,
    ""
);

impl_client_options!("faceauth_clients::verisoul::Client::with_api_key(faceauth_clients::verisoul::Server::Sandbox, \"api-key\")?");

impl Client {
    /// A client with a credential given as data: Verisoul takes an API key
    /// ([`Credential::Static`](crate::Credential::Static)).
    pub fn with_credential(
        base_url: impl Into<crate::BaseUrl>,
        credential: &crate::Credential,
    ) -> Result<Self, crate::ConfigError> {
        match credential {
            crate::Credential::Static(key) => Self::with_api_key(base_url, key.clone()),
            other => Err(other.unsupported(crate::Vendor::Verisoul)),
        }
    }
}
