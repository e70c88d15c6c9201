//! The JSON entry of Verisoul's hand-written operation: the generated `Client::call_json`
//! sends it here. The `match` is exhaustive over the generated `HandwrittenOperation`, so a new
//! `x-faceauth-handwritten` operation in the spec does not compile until it has its entry.

use super::{Client, HandwrittenOperation};
use crate::json_call::{InputError, JsonOutcome, JsonRequest};

impl Client {
    pub(crate) async fn call_handwritten(
        &self,
        operation: HandwrittenOperation,
        request: &JsonRequest,
    ) -> Result<JsonOutcome, InputError> {
        Ok(match operation {
            HandwrittenOperation::RedirectToFaceMatch => {
                let project_id: uuid::Uuid = request.param_as("project_id")?;
                let referring: Option<uuid::Uuid> =
                    request.optional_param_as("referring_session_id")?;
                JsonOutcome::from_result(
                    self.redirect_to_face_match(&project_id, referring.as_ref())
                        .await,
                )
            }
        })
    }
}
