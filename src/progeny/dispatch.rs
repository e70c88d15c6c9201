//! The dispatch entries of Progeny's hand-written (multipart) operations: the generated
//! `Client::call_json` sends them here. The `match` is exhaustive over the generated
//! `HandwrittenOperation`, so a new `x-faceauth-handwritten` operation in the spec does not compile
//! until it has its entry.

use serde::Deserialize;

use super::{Client, HandwrittenOperation};
use crate::dispatch::{InputError, JsonOutcome, JsonRequest};

/// The multipart form of the face services as JSON, as the spec's examples document it: the image
/// by its file name (the bytes are `JsonRequest::image`), the user's uuid, `extend_data`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageForm {
    #[allow(dead_code)] // The file name; the bytes travel in `JsonRequest::image`.
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
        let form: ImageForm = request.body_as()?;
        let image = request.image()?;
        Ok(match operation {
            HandwrittenOperation::RegisterFace => {
                JsonOutcome::from_result(self.register_face(image, form.extend_data).await)
            }
            HandwrittenOperation::AuthenticateFace => {
                let uuid = form
                    .uuid
                    .as_deref()
                    .ok_or_else(|| InputError("authenticateFace takes a uuid".into()))?;
                JsonOutcome::from_result(
                    self.authenticate_face(image, uuid, form.extend_data).await,
                )
            }
            HandwrittenOperation::FaceLiveness => {
                JsonOutcome::from_result(self.face_liveness(image, form.extend_data).await)
            }
        })
    }
}
