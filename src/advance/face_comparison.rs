//! `faceComparison`, written by hand (multipart with two file parts; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Face Comparison (the newer doc-center page): compares the faces of `first_image` and
    /// `second_image` for the region `form.region` (ISO 3166-1 alpha-2). Only the page's
    /// summary was captured, so the response's `data` is kept as the JSON it is
    /// ([`types::Envelope`]); the comparison's data is kept by the vendor until deleted with
    /// [`Client::delete_face_comparison`].
    ///
    /// Sends `POST /intl/openapi/face-identity/v1/face-comparison` as `multipart/form-data` with
    /// the file parts `firstImage` and `secondImage`, sent under the file names
    /// `form.first_image` and `form.second_image`, and `region`; both images are checked against
    /// [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.
    pub async fn face_comparison(
        &self,
        form: &types::FaceComparisonRequest,
        first_image: &FaceImage,
        second_image: &FaceImage,
    ) -> Result<ResponseValue<types::Envelope>, Error<types::Envelope>> {
        let form_data = FormBuilder::new()
            .image("firstImage", first_image, &form.first_image)?
            .image("secondImage", second_image, &form.second_image)?
            .text("region", &form.region);
        self.send_form(Operation::FaceComparison, form_data).await
    }
}
