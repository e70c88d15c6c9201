//! `legacyAuthorize`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, LegacyAuthorizeUpload, Operation, ResponseValue};

impl Client {
    /// The legacy v2 authorization, synchronous: whether `upload.image` is of a live person and
    /// matches the face registered under `upload.registered_uuid`, answered at once (no task to
    /// poll). Superseded by [`Client::authenticate_face`]; the image is checked against
    /// [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.
    ///
    /// Sends `POST /api/v2/authorize/` as `multipart/form-data` with the file part `image` and
    /// the text part `uuid`. The page's error table gives neither an HTTP status nor a body, so
    /// every refusal is an undocumented status ([`Error::UndocumentedStatus`], with the
    /// evidence).
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.legacyAuthorize.md"))]
    pub async fn legacy_authorize(
        &self,
        upload: &LegacyAuthorizeUpload,
    ) -> Result<ResponseValue<types::LegacyAuthorizeResponse>, Error<()>> {
        let form = Self::image_form(&upload.image)?.text("uuid", upload.registered_uuid.clone());
        self.send_form(Operation::LegacyAuthorize, form, &[]).await
    }
}
