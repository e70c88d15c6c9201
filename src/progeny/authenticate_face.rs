//! `authenticateFace`, written by hand (multipart; see `multipart.rs`).

use super::{types, AuthenticateFaceUpload, Client, Error, Operation, ResponseValue};

impl Client {
    /// Authenticates a face: checks that `upload.image` is of a live person and resembles the
    /// face registered under `upload.registered_uuid` (register_face's result). Returns the id of the task to poll; its
    /// result has `authentication` and `liveness`.
    ///
    /// Sends `POST /api/v3/services/authenticate_face/` as `multipart/form-data` with the parts
    /// `image`, `uuid` and, if given, `extend_data`.
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.authenticateFace.md"))]
    pub async fn authenticate_face(
        &self,
        upload: &AuthenticateFaceUpload,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        let form = Self::service_form(&upload.image, upload.extend_data)?
            .text("uuid", upload.registered_uuid.clone());
        self.send_service_form(Operation::AuthenticateFace, form)
            .await
    }
}
