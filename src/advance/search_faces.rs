//! `searchFaces`, written by hand (multipart; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, Error, FaceSearchUpload, Operation, ResponseValue};

impl Client {
    /// Face Search (1:N): the faces of the face set `upload.face_set_id` most like
    /// `upload.face_image`, at most `upload.top_k` (the vendor's default 20) above
    /// `upload.threshold` (default 80). A
    /// SUCCESS is billed, and the vendor keeps the query for 60 days. Only Singapore
    /// (`sg-api`) serves it.
    ///
    /// Sends `POST /intl/openapi/face-search/search` as `multipart/form-data`: `faceSetId`, the
    /// file part `faceImage` (checked against [`IMAGE_RULES`](super::IMAGE_RULES) first), and
    /// `topK` and `threshold` if given.
    ///
    /// ```no_run
    /// use faceauth_clients::advance::{self, FaceSearchUpload};
    /// use faceauth_clients::FaceImage;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = advance::Client::with_access_token(advance::Server::Singapore, "access-token")?;
    /// let upload = FaceSearchUpload::new("1", FaceImage::from_file("query.jpg")?)
    ///     .top_k(5)
    ///     .threshold(75.0);
    /// let found = client.search_faces(&upload).await?;
    /// for face in found.data.iter().flat_map(|d| &d.face_references) {
    ///     println!("{} ({})", face.id, face.external_reference_id);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/advance.searchFaces.md"))]
    pub async fn search_faces(
        &self,
        upload: &FaceSearchUpload,
    ) -> Result<ResponseValue<types::FaceSearchResponse>, Error<types::FaceSearchResponse>> {
        let form_data = FormBuilder::new()
            .text("faceSetId", &upload.face_set_id)
            .image("faceImage", &upload.face_image)?
            .optional_number("topK", upload.top_k)
            .optional_number("threshold", upload.threshold);
        self.send_form(Operation::SearchFaces, form_data).await
    }
}
