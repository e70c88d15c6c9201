//! `addFace`, written by hand (multipart; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Face Search's Add Face: stores `face_image` in the face set `form.face_set_id`, with the
    /// optional details of `form` (external reference id, id number and card type, country,
    /// name). The page's response was not captured: `data` is kept as the JSON it is.
    ///
    /// Sends `POST /intl/openapi/face-search/facereferences` as `multipart/form-data`:
    /// `faceSetId`, the file part `faceImage` (sent under the file name `form.face_image`, after
    /// checking the image against [`IMAGE_RULES`](super::IMAGE_RULES)), and each detail that is
    /// given (an empty string is sent as an empty part, as the page's request does).
    pub async fn add_face(
        &self,
        form: &types::AddFaceRequest,
        face_image: &FaceImage,
    ) -> Result<ResponseValue<types::AddFaceResponse>, Error<types::AddFaceResponse>> {
        let form_data = FormBuilder::new()
            .text("faceSetId", &form.face_set_id)
            .image("faceImage", face_image, &form.face_image)?
            .optional_text("externalReferenceId", form.external_reference_id.as_deref())
            .optional_text("idNumber", form.id_number.as_deref())
            .optional_text("idCardType", form.id_card_type.as_deref())
            .optional_text("country", form.country.as_deref())
            .optional_text("name", form.name.as_deref());
        self.send_form(Operation::AddFace, form_data).await
    }
}
