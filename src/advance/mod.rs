//! ADVANCE.AI face authentication, liveness, face search and face comparison
//! (`specs/advance.yaml`).
//!
//! The client sends the access token in the `X-ACCESS-TOKEN` header. The outcome is in the body's
//! `code` ([`types::ResponseCode`]). That errors come back with HTTP 200 is not stated on the
//! vendor's current pages: it comes from a third-party transcription of ADVANCE.AI's legacy
//! Glossary (see `specs/advance.yaml`), so the spec documents every outcome under HTTP 200 as an
//! inference, and any other status is reported as undocumented.
//!
//! ```no_run
//! use faceauth_clients::advance::{self, types::{ResponseCode, SaveEnrollRequest, SaveEnrollRequestRegion}};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = advance::Client::with_access_token(advance::Server::Singapore, "access-token")?;
//! let request = SaveEnrollRequest::new(
//!     "https://example.com/face.jpg",
//!     "8e44f0089b076e18a718eb9ca3d94674",
//!     SaveEnrollRequestRegion::new("PHL")?,
//! );
//! let response = client.save_enroll(&request).await?;
//! match &response.code {
//!     ResponseCode::Success => println!("enrolled ({})", response.transaction_id),
//!     other => println!("not enrolled: {other}: {}", response.message),
//! }
//! # Ok(())
//! # }
//! ```

mod add_face;
mod call_handwritten;
mod compare_faces;
mod credentials;
pub use credentials::{token_signature, TOKEN_PERIOD};
mod face_comparison;
mod multipart;
mod outcome;
mod search_faces;
mod uploads;
pub use uploads::{AddFaceUpload, CompareFacesUpload, FaceComparisonUpload, FaceSearchUpload};

#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/advance.rs"));
}
pub use generated::*;

use crate::runtime::{impl_client_options, static_credential_constructor};

crate::server::vendor_servers! {
    /// `https://sg-api.advance.ai`
    Singapore => "singapore", "https://sg-api.advance.ai";
    /// `https://api.advance.ai`
    Indonesia => "indonesia", "https://api.advance.ai";
    /// `https://ph-api.advance.ai`
    Philippines => "philippines", "https://ph-api.advance.ai";
    /// `https://th-api.advance.ai`
    Thailand => "thailand", "https://th-api.advance.ai";
    /// `https://my-api.advance.ai`
    Malaysia => "malaysia", "https://my-api.advance.ai";
    /// `https://vn-api.advance.ai`
    Vietnam => "vietnam", "https://vn-api.advance.ai";
    /// `https://mex-api.advance.ai`: only the token page and Face Search's Add Face page list it,
    /// so a client made for it can obtain tokens and add faces, and nothing else
    /// ([`Server::serves`]).
    Mexico => "mexico", "https://mex-api.advance.ai";
    /// `https://col-api.advance.ai`: listed only by the token page, so a client made for it can
    /// obtain tokens and nothing else.
    Colombia => "colombia", "https://col-api.advance.ai";
    /// `https://nga-api.advance.ai`: listed only by the token page, as Colombia.
    Nigeria => "nigeria", "https://nga-api.advance.ai";
}

/// The header ADVANCE.AI takes the access token in.
pub const CREDENTIAL_HEADER: &str = "x-access-token";

/// What ADVANCE.AI documents about face images: JPEG or PNG, under 2 MB, from 256x256 to
/// 4096x4096 pixels. [`EncodedImage::from_image`](crate::EncodedImage::from_image) checks them.
pub const IMAGE_RULES: crate::ImageRules = crate::ImageRules {
    vendor: "ADVANCE.AI",
    max_bytes: Some(2 * 1024 * 1024),
    min_dimensions: Some((256, 256)),
    max_dimensions: Some((4096, 4096)),
};

static_credential_constructor!(
    /// A client that sends `access_token` (from the Token Authentication API) in the
    /// `X-ACCESS-TOKEN` header. To let the client obtain and refresh it, see `with_access_key`.
    with_access_token,
    access_token,
    crate::Vendor::Advance,
    ""
);

impl_client_options!("faceauth_clients::advance::Client::with_access_key(faceauth_clients::advance::Server::Singapore, \"access-key\", \"secret-key\")?");
