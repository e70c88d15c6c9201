//! `faceLiveness`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Checks that `image` is of a live person (no registration). Returns the id of the task to
    /// poll; its result has `liveness`.
    ///
    /// Sends `POST /api/v3/services/face_liveness/` as `multipart/form-data` with the parts
    /// `image` and, if given, `extend_data`.
    pub async fn face_liveness(
        &self,
        image: &FaceImage,
        extend_data: Option<bool>,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        let form = Self::service_form(image, extend_data)?;
        self.send_service_form(Operation::FaceLiveness, form).await
    }
}
