//! `legacyLiveness`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, LegacyLivenessUpload, Operation, ResponseValue};

impl Client {
    /// The legacy v2 liveness check, synchronous: whether `upload.image` is of a live person,
    /// answered at once (no task to poll). Superseded by [`Client::face_liveness`]; the image is
    /// checked
    /// against [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.
    ///
    /// Sends `POST /api/v2/liveness/` as `multipart/form-data` with the file part `image`. The
    /// page's error table gives neither an HTTP status nor a body, so every refusal is an
    /// undocumented status ([`Error::UndocumentedStatus`], with the evidence).
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.legacyLiveness.md"))]
    pub async fn legacy_liveness(
        &self,
        upload: &LegacyLivenessUpload,
    ) -> Result<ResponseValue<types::LegacyLivenessResponse>, Error<()>> {
        let form = Self::image_form(&upload.image)?;
        self.send_form(Operation::LegacyLiveness, form, &[]).await
    }
}
