//! `addFace`, written by hand (multipart; see `multipart.rs`).

use super::multipart::FormBuilder;
use super::{types, AddFaceUpload, Client, Error, Operation, ResponseValue};

impl Client {
    /// Face Search's Add Face: stores `upload.face_image` in the face set `upload.face_set_id`,
    /// with the details given (external reference id, id number and card type, country, name).
    /// The page's response was not captured: `data` is kept as the JSON it is.
    ///
    /// Sends `POST /intl/openapi/face-search/facereferences` as `multipart/form-data`:
    /// `faceSetId`, the file part `faceImage` (checked against
    /// [`IMAGE_RULES`](super::IMAGE_RULES) first), and each detail that is given.
    ///
    /// ```no_run
    /// use faceauth_clients::advance::{self, AddFaceUpload};
    /// use faceauth_clients::FaceImage;
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = advance::Client::with_access_token(advance::Server::Singapore, "access-token")?;
    /// let upload = AddFaceUpload::new("1", FaceImage::from_file("face.jpg")?)
    ///     .external_reference_id("customer-42");
    /// let added = client.add_face(&upload).await?;
    /// println!("{}", added.transaction_id);
    /// # Ok(())
    /// # }
    /// ```
    #[doc = include_str!(concat!(env!("OUT_DIR"), "/advance.addFace.md"))]
    pub async fn add_face(
        &self,
        upload: &AddFaceUpload,
    ) -> Result<ResponseValue<types::AddFaceResponse>, Error<types::AddFaceResponse>> {
        let form_data = FormBuilder::new()
            .text("faceSetId", &upload.face_set_id)
            .image("faceImage", &upload.face_image)?
            .optional_text(
                "externalReferenceId",
                upload.external_reference_id.as_deref(),
            )
            .optional_text("idNumber", upload.id_number.as_deref())
            .optional_text("idCardType", upload.id_card_type.as_deref())
            .optional_text("country", upload.country.as_deref())
            .optional_text("name", upload.name.as_deref());
        self.send_form(Operation::AddFace, form_data).await
    }
}
