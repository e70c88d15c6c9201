//! `searchFaces`, written by hand (multipart; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Face Search (1:N): the faces of the face set `form.face_set_id` most like `face_image`,
    /// at most `form.top_k` (the vendor's default 20) above `form.threshold` (default 80). A
    /// SUCCESS is billed, and the vendor keeps the query for 60 days. Only Singapore
    /// (`sg-api`) serves it.
    ///
    /// Sends `POST /intl/openapi/face-search/search` as `multipart/form-data`: `faceSetId`, the
    /// file part `faceImage` (sent under the file name `form.face_image`, after checking the
    /// image against [`IMAGE_RULES`](super::IMAGE_RULES)), and `topK` and `threshold` if given.
    ///
    /// ```no_run
    /// use faceauth_clients::advance::{self, types::FaceSearchRequest};
    /// use faceauth_clients::FaceImage;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = advance::Client::with_access_token(advance::Server::Singapore, "access-token")?;
    /// let form = FaceSearchRequest::new("1", "query.jpg").top_k(5).threshold(75.0);
    /// let found = client.search_faces(&form, &FaceImage::from_file("query.jpg")?).await?;
    /// for face in found.data.iter().flat_map(|d| &d.face_references) {
    ///     println!("{} ({})", face.id, face.external_reference_id);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn search_faces(
        &self,
        form: &types::FaceSearchRequest,
        face_image: &FaceImage,
    ) -> Result<ResponseValue<types::FaceSearchResponse>, Error<types::FaceSearchResponse>> {
        let form_data = FormBuilder::new()
            .text("faceSetId", &form.face_set_id)
            .image("faceImage", face_image, &form.face_image)?
            .optional_number("topK", form.top_k)
            .optional_number("threshold", form.threshold);
        self.send_form(Operation::SearchFaces, form_data).await
    }
}
