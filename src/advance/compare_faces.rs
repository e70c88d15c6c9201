//! `compareFaces`, written by hand (multipart with two file parts; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Face Comparison (v4, legacy): the similarity, 0 to 100, of the largest face in
    /// `first_image` and the largest face in `second_image`, with each face's position. A
    /// SUCCESS is billed, and so are the failures that found no usable face
    /// (`NO_FACE_DETECTED_FROM_FIRST_IMAGE`, ...). Only `api.advance.ai` is documented for it.
    ///
    /// Sends `POST /openapi/face-recognition/v4/check` as `multipart/form-data` with the file
    /// parts `firstImage` and `secondImage`, sent under the file names `form.first_image` and
    /// `form.second_image`; both images are checked against [`IMAGE_RULES`](super::IMAGE_RULES)
    /// before anything is sent.
    ///
    /// ```no_run
    /// use faceauth_clients::advance::{self, types::CompareFacesRequest};
    /// use faceauth_clients::FaceImage;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = advance::Client::with_access_token(advance::Server::Indonesia, "access-token")?;
    /// let form = CompareFacesRequest::new("id-card.jpg", "selfie.jpg");
    /// let compared = client
    ///     .compare_faces(
    ///         &form,
    ///         &FaceImage::from_file("id-card.jpg")?,
    ///         &FaceImage::from_file("selfie.jpg")?,
    ///     )
    ///     .await?;
    /// if let Some(data) = &compared.data {
    ///     println!("similarity {}", data.similarity);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn compare_faces(
        &self,
        form: &types::CompareFacesRequest,
        first_image: &FaceImage,
        second_image: &FaceImage,
    ) -> Result<ResponseValue<types::CompareFacesResponse>, Error<types::CompareFacesResponse>>
    {
        let form_data = FormBuilder::new()
            .image("firstImage", first_image, &form.first_image)?
            .image("secondImage", second_image, &form.second_image)?;
        self.send_form(Operation::CompareFaces, form_data).await
    }
}
