//! Signzy Deep Face Auth (`specs/signzy.yaml`): access tokens, users (create, view, update,
//! delete, blacklist, whitelist), search spaces, face enrolment, 1:1 authentication, 1:N search,
//! enrolment status, logs and settings: the 21 endpoints Signzy documents.
//!
//! The client sends the customer's access token as the raw value of the `Authorization` header.
//! A refused call is HTTP 400 with the details wrapped in `error`
//! ([`types::EnrollErrorResponse`], [`types::AuthenticateErrorResponse`]).
//!
//! ```no_run
//! use faceauth_clients::signzy::{self, types::{AuthenticateRequest, AuthenticateRequestPrecision,
//!     AuthenticateRequestUseSampleForLearning, OutcomeStatus}};
//! use faceauth_clients::Error;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = signzy::Client::with_access_token(signzy::Server::Production, "access-token")?;
//! let request = AuthenticateRequest::new(
//!     "acme",
//!     "user-42",
//!     "https://example.com/selfie.jpg",
//! )
//! .precision(AuthenticateRequestPrecision::High)
//! .use_sample_for_learning(AuthenticateRequestUseSampleForLearning::No);
//! match client.authenticate(&request).await {
//!     Ok(ok) => assert_eq!(ok.authentication_status, OutcomeStatus::Success),
//!     Err(Error::Documented(refused)) => println!("refused: {:?}", refused.error.message),
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```

mod credentials;
mod outcome;
mod text_or_number;
pub use text_or_number::TextOrNumber;

#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/signzy.rs"));
}
pub use generated::*;

use crate::runtime::{impl_client_options, static_credential_constructor};

crate::server::vendor_servers! {
    /// `https://deepfaceauth.signzy.app/deepfaceauth`
    Production => "production", "https://deepfaceauth.signzy.app/deepfaceauth";
    /// `https://preproduction-ai.signzy.app/deepfaceauth`: printed only on the View Blacklisted
    /// Users page, so a client made for it sends that call (and login and logout, for its token)
    /// and refuses the others ([`Server::serves`]).
    Preproduction => "preproduction", "https://preproduction-ai.signzy.app/deepfaceauth";
}

/// The header Signzy takes the access token in.
pub const CREDENTIAL_HEADER: &str = "authorization";

/// What Signzy documents about face images (FAQ: JPEG, PNG, at most 7 MB). Signzy fetches
/// faces from URLs; check an image with this before uploading it to where the URL points.
pub const IMAGE_RULES: crate::ImageRules = crate::ImageRules {
    vendor: "Signzy",
    max_bytes: Some(7 * 1024 * 1024),
    min_dimensions: None,
    max_dimensions: None,
};

static_credential_constructor!(
    /// A client that sends `access_token` (from Signzy's login) raw in the `Authorization` header.
    with_access_token,
    access_token,
    crate::Vendor::Signzy,
    ""
);

impl_client_options!("faceauth_clients::signzy::Client::with_login(faceauth_clients::signzy::Server::Production, \"customer\", \"password\")?");
