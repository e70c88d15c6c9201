//! `faceComparison`, written by hand (multipart with two file parts; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, Client, Error, FaceComparisonUpload, Operation, ResponseValue};

impl Client {
    /// Face Comparison (the newer doc-center page): compares the faces of `upload.first_image`
    /// and `upload.second_image` for the region `upload.region` (ISO 3166-1 alpha-2). Only the
    /// page's
    /// summary was captured, so the response's `data` is kept as the JSON it is
    /// ([`types::Envelope`]); the comparison's data is kept by the vendor until deleted with
    /// [`Client::delete_face_comparison`].
    ///
    /// Sends `POST /intl/openapi/face-identity/v1/face-comparison` as `multipart/form-data` with
    /// the file parts `firstImage` and `secondImage`, and `region`; both images are checked
    /// against [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/advance.faceComparison.md"))]
    pub async fn face_comparison(
        &self,
        upload: &FaceComparisonUpload,
    ) -> Result<ResponseValue<types::Envelope>, Error<types::Envelope>> {
        let form_data = FormBuilder::new()
            .image("firstImage", &upload.first_image)?
            .image("secondImage", &upload.second_image)?
            .text("region", &upload.region);
        self.send_form(Operation::FaceComparison, form_data).await
    }
}
