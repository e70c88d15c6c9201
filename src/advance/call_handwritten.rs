//! The JSON entries of ADVANCE.AI's hand-written (multipart) operations: the generated
//! `Client::call_json` sends them here. The `match` is exhaustive over the generated
//! `HandwrittenOperation`, so a new `x-faceauth-handwritten` operation in the spec does not
//! compile until it has its entry.
//!
//! Each body is the operation's generated form type, as the spec's examples document the form
//! (a file part by its file name); the bytes of each file part are the request's image for that
//! part.

use super::{
    types, AddFaceUpload, Client, CompareFacesUpload, FaceComparisonUpload, FaceSearchUpload,
    HandwrittenOperation,
};
use crate::json_call::{InputError, JsonOutcome, JsonRequest};
use crate::FaceImage;

impl Client {
    pub(crate) async fn call_handwritten(
        &self,
        operation: HandwrittenOperation,
        request: &JsonRequest,
    ) -> Result<JsonOutcome, InputError> {
        // The image of `part`, sent under the file name the documented form gives it.
        let image = |part: &'static str, file_name: &str| -> Result<FaceImage, InputError> {
            Ok(request.image(part)?.clone().with_file_name(file_name))
        };
        Ok(match operation {
            HandwrittenOperation::SearchFaces => {
                let form: types::FaceSearchRequest = request.body_as()?;
                let mut upload =
                    FaceSearchUpload::new(&form.face_set_id, image("faceImage", &form.face_image)?);
                upload.top_k = form.top_k;
                upload.threshold = form.threshold;
                JsonOutcome::from_result(self.search_faces(&upload).await)
            }
            HandwrittenOperation::AddFace => {
                let form: types::AddFaceRequest = request.body_as()?;
                let mut upload =
                    AddFaceUpload::new(&form.face_set_id, image("faceImage", &form.face_image)?);
                upload.external_reference_id = form.external_reference_id;
                upload.id_number = form.id_number;
                upload.id_card_type = form.id_card_type;
                upload.country = form.country;
                upload.name = form.name;
                JsonOutcome::from_result(self.add_face(&upload).await)
            }
            HandwrittenOperation::CompareFaces => {
                let form: types::CompareFacesRequest = request.body_as()?;
                let upload = CompareFacesUpload::new(
                    image("firstImage", &form.first_image)?,
                    image("secondImage", &form.second_image)?,
                );
                JsonOutcome::from_result(self.compare_faces(&upload).await)
            }
            HandwrittenOperation::FaceComparison => {
                let form: types::FaceComparisonRequest = request.body_as()?;
                let upload = FaceComparisonUpload::new(
                    image("firstImage", &form.first_image)?,
                    image("secondImage", &form.second_image)?,
                    form.region,
                );
                JsonOutcome::from_result(self.face_comparison(&upload).await)
            }
        })
    }
}
