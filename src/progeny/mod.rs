//! Progeny face services, API v3 (`specs/progeny.yaml`).
//!
//! Each service call uploads an image (multipart) and returns a task id; [`Client::get_task`]
//! returns the task and, once finished, its result. The client sends the access token as
//! `Authorization: Bearer <token>`.
//!
//! ```no_run
//! use faceauth_clients::{progeny, FaceImage};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = progeny::Client::with_access_token(progeny::Server::Production, "access-token")?;
//! let image = FaceImage::from_file("selfie.jpg")?;
//! let created = client.register_face(&progeny::RegisterFaceUpload::new(image)).await?;
//! let task = client.get_task(&progeny::types::GetTaskQuery::new(created.id)).await?;
//! if let Some(uuid) = task.result.as_ref().and_then(|r| r.data.as_ref()).and_then(|d| d.uuid) {
//!     println!("registered as {uuid}");
//! }
//! # Ok(())
//! # }
//! ```

mod authenticate_face;
mod authentication_data;
pub use authentication_data::AuthenticationData;
mod call_handwritten;
mod credentials;
pub use credentials::ACCESS_TOKEN_LIFETIME;
mod face_liveness;
mod legacy_authorize;
mod legacy_liveness;
mod liveness_data;
pub use liveness_data::LivenessData;
mod multipart;
mod outcome;
mod polling;
mod register_face;
mod token_calls;
mod uploads;
pub use uploads::{
    AuthenticateFaceUpload, FaceLivenessUpload, LegacyAuthorizeUpload, LegacyLivenessUpload,
    RegisterFaceUpload,
};

pub use polling::{PollError, PollOptions, TaskState};

#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/progeny.rs"));
}
pub use generated::*;

use crate::runtime::{impl_client_options, static_credential_constructor};

crate::server::vendor_servers! {
    /// `https://be.progeny.tech`
    Production => "production", "https://be.progeny.tech";
}

/// The header Progeny takes the access token in (as `Bearer <token>`).
pub const CREDENTIAL_HEADER: &str = "authorization";

/// What Progeny documents about face images: PNG or JPEG (which [`FaceImage`](crate::FaceImage)
/// guarantees); no size limit is published.
pub const IMAGE_RULES: crate::ImageRules = crate::ImageRules {
    vendor: "Progeny",
    max_bytes: None,
    min_dimensions: None,
    max_dimensions: None,
};

static_credential_constructor!(
    /// A client that sends `access_token` (from token/obtain) as `Authorization: Bearer <token>`.
    /// To let the client obtain and refresh it, see `with_password`.
    with_access_token,
    access_token,
    crate::Vendor::Progeny,
    "Bearer "
);

impl_client_options!("faceauth_clients::progeny::Client::with_password(faceauth_clients::progeny::Server::Production, \"user\", \"password\")?");
