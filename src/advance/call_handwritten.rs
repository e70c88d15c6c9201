//! The JSON entries of ADVANCE.AI's hand-written (multipart) operations: the generated
//! `Client::call_json` sends them here. The `match` is exhaustive over the generated
//! `HandwrittenOperation`, so a new `x-faceauth-handwritten` operation in the spec does not
//! compile until it has its entry.
//!
//! Each body is the operation's generated form type, as the spec's examples document the form
//! (a file part by its file name); the bytes of each file part are the request's image for that
//! part.

use super::{Client, HandwrittenOperation};
use crate::json_call::{InputError, JsonOutcome, JsonRequest};

impl Client {
    pub(crate) async fn call_handwritten(
        &self,
        operation: HandwrittenOperation,
        request: &JsonRequest,
    ) -> Result<JsonOutcome, InputError> {
        Ok(match operation {
            HandwrittenOperation::SearchFaces => JsonOutcome::from_result(
                self.search_faces(&request.body_as()?, request.image("faceImage")?)
                    .await,
            ),
            HandwrittenOperation::AddFace => JsonOutcome::from_result(
                self.add_face(&request.body_as()?, request.image("faceImage")?)
                    .await,
            ),
            HandwrittenOperation::CompareFaces => JsonOutcome::from_result(
                self.compare_faces(
                    &request.body_as()?,
                    request.image("firstImage")?,
                    request.image("secondImage")?,
                )
                .await,
            ),
            HandwrittenOperation::FaceComparison => JsonOutcome::from_result(
                self.face_comparison(
                    &request.body_as()?,
                    request.image("firstImage")?,
                    request.image("secondImage")?,
                )
                .await,
            ),
        })
    }
}
