//! `faceLiveness`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, FaceLivenessUpload, Operation, ResponseValue};

impl Client {
    /// Checks that `upload.image` is of a live person (no registration). Returns the id of the task to
    /// poll; its result has `liveness`.
    ///
    /// Sends `POST /api/v3/services/face_liveness/` as `multipart/form-data` with the parts
    /// `image` and, if given, `extend_data`.
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.faceLiveness.md"))]
    pub async fn face_liveness(
        &self,
        upload: &FaceLivenessUpload,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        let form = Self::service_form(&upload.image, upload.extend_data)?;
        self.send_service_form(Operation::FaceLiveness, form).await
    }
}
