//! `registerFace`, written by hand (multipart; see `multipart.rs`).

use super::{types, Client, Error, Operation, RegisterFaceUpload, ResponseValue};

impl Client {
    /// Registers a face: runs the configured liveness check on `upload.image` and, if it passes,
    /// stores
    /// the face. Returns the id of the task to poll with [`Client::get_task`] (or use
    /// [`Client::register_face_and_wait`]), whose result holds the UUID that identifies the user.
    ///
    /// Sends `POST /api/v3/services/register_face/` as `multipart/form-data` with the parts
    /// `image` (the file) and, if given, `extend_data` (the provider's raw response in the result).
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/progeny.registerFace.md"))]
    pub async fn register_face(
        &self,
        upload: &RegisterFaceUpload,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        let form = Self::service_form(&upload.image, upload.extend_data)?;
        self.send_service_form(Operation::RegisterFace, form).await
    }
}
