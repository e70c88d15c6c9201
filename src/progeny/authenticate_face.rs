//! `authenticateFace`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Authenticates a face: checks that `image` is of a live person and resembles the face
    /// registered under `uuid` (register_face's result). Returns the id of the task to poll; its
    /// result has `authentication` and `liveness`.
    ///
    /// Sends `POST /api/v3/services/authenticate_face/` as `multipart/form-data` with the parts
    /// `image`, `uuid` and, if given, `extend_data`.
    pub async fn authenticate_face(
        &self,
        image: &FaceImage,
        uuid: &str,
        extend_data: Option<bool>,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        let form = Self::service_form(image, extend_data)?.text("uuid", uuid.to_owned());
        self.send_service_form(Operation::AuthenticateFace, form)
            .await
    }
}
