//! `legacyLiveness`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// The legacy v2 liveness check, synchronous: whether `image` is of a live person, answered
    /// at once (no task to poll). Superseded by [`Client::face_liveness`]; `image` is checked
    /// against [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.
    ///
    /// Sends `POST /api/v2/liveness/` as `multipart/form-data` with the file part `image`. The
    /// page's error table gives neither an HTTP status nor a body, so every refusal is an
    /// undocumented status ([`Error::UndocumentedStatus`], with the evidence).
    pub async fn legacy_liveness(
        &self,
        image: &FaceImage,
    ) -> Result<ResponseValue<types::LegacyLivenessResponse>, Error<()>> {
        let form = Self::image_form(image)?;
        self.send_form(Operation::LegacyLiveness, form, &[]).await
    }
}
