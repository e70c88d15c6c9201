//! The JSON entries of Progeny's hand-written (multipart) operations, the token calls and the
//! face services: the generated `Client::call_json` sends them here. The `match` is exhaustive over the generated
//! `HandwrittenOperation`, so a new `x-faceauth-handwritten` operation in the spec does not compile
//! until it has its entry.

use serde::Deserialize;

use super::{types, Client, HandwrittenOperation};
use super::{
    AuthenticateFaceUpload, FaceLivenessUpload, LegacyAuthorizeUpload, LegacyLivenessUpload,
    RegisterFaceUpload,
};
use crate::json_call::{InputError, JsonOutcome, JsonRequest};

/// The multipart form of the v3 face services as JSON, as the spec's examples document it: the
/// image by its file name (the bytes are the request's image for the part `image`), the user's
/// uuid, `extend_data`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageForm {
    #[allow(dead_code)] // The file name; the bytes travel in `JsonRequest::images`.
    image: String,
    uuid: Option<String>,
    extend_data: Option<bool>,
}

impl Client {
    pub(crate) async fn call_handwritten(
        &self,
        operation: HandwrittenOperation,
        request: &JsonRequest,
    ) -> Result<JsonOutcome, InputError> {
        Ok(match operation {
            // The token forms are their generated types; only the face services take an image.
            HandwrittenOperation::ObtainToken => {
                JsonOutcome::from_result(self.obtain_token(&request.body_as()?).await)
            }
            HandwrittenOperation::RefreshToken => {
                JsonOutcome::from_result(self.refresh_token(&request.body_as()?).await)
            }
            HandwrittenOperation::RegisterFace => {
                let (form, image) = image_form(request)?;
                let mut upload = RegisterFaceUpload::new(image);
                upload.extend_data = form.extend_data;
                JsonOutcome::from_result(self.register_face(&upload).await)
            }
            HandwrittenOperation::AuthenticateFace => {
                let (form, image) = image_form(request)?;
                let uuid = form
                    .uuid
                    .ok_or(InputError::MissingBodyField { name: "uuid" })?;
                let mut upload = AuthenticateFaceUpload::new(image, uuid);
                upload.extend_data = form.extend_data;
                JsonOutcome::from_result(self.authenticate_face(&upload).await)
            }
            HandwrittenOperation::FaceLiveness => {
                let (form, image) = image_form(request)?;
                let mut upload = FaceLivenessUpload::new(image);
                upload.extend_data = form.extend_data;
                JsonOutcome::from_result(self.face_liveness(&upload).await)
            }
            // The legacy v2 forms are their generated types (the file part names the file).
            HandwrittenOperation::LegacyLiveness => {
                let _: types::LegacyLivenessRequest = request.body_as()?;
                let upload = LegacyLivenessUpload::new(request.image("image")?.clone());
                JsonOutcome::from_result(self.legacy_liveness(&upload).await)
            }
            HandwrittenOperation::LegacyAuthorize => {
                let form: types::LegacyAuthorizeRequest = request.body_as()?;
                let upload = LegacyAuthorizeUpload::new(request.image("image")?.clone(), form.uuid);
                JsonOutcome::from_result(self.legacy_authorize(&upload).await)
            }
        })
    }
}

/// A face service's form and the image it uploads.
fn image_form(request: &JsonRequest) -> Result<(ImageForm, crate::FaceImage), InputError> {
    Ok((request.body_as()?, request.image("image")?.clone()))
}
