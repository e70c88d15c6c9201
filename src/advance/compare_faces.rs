//! `compareFaces`, written by hand (multipart with two file parts; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, CompareFacesUpload, Error, Operation, ResponseValue};

impl Client {
    /// Face Comparison (v4, legacy): the similarity, 0 to 100, of the largest face in
    /// `upload.first_image` and the largest face in `upload.second_image`, with each face's
    /// position. A
    /// SUCCESS is billed, and so are the failures that found no usable face
    /// (`NO_FACE_DETECTED_FROM_FIRST_IMAGE`, ...). Only `api.advance.ai` is documented for it.
    ///
    /// Sends `POST /openapi/face-recognition/v4/check` as `multipart/form-data` with the file
    /// parts `firstImage` and `secondImage`; both images are checked against
    /// [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.
    ///
    /// ```no_run
    /// use faceauth_clients::advance::{self, CompareFacesUpload};
    /// use faceauth_clients::FaceImage;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = advance::Client::with_access_token(advance::Server::Indonesia, "access-token")?;
    /// let upload = CompareFacesUpload::new(
    ///     FaceImage::from_file("id-card.jpg")?,
    ///     FaceImage::from_file("selfie.jpg")?,
    /// );
    /// let compared = client.compare_faces(&upload).await?;
    /// if let Some(data) = &compared.data {
    ///     println!("similarity {}", data.similarity);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/advance.compareFaces.md"))]
    pub async fn compare_faces(
        &self,
        upload: &CompareFacesUpload,
    ) -> Result<ResponseValue<types::CompareFacesResponse>, Error<types::CompareFacesResponse>>
    {
        let form_data = FormBuilder::new()
            .image("firstImage", &upload.first_image)?
            .image("secondImage", &upload.second_image)?;
        self.send_form(Operation::CompareFaces, form_data).await
    }
}
