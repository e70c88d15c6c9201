//! `registerFace`, written by hand: progenitor cannot generate multipart/form-data operations, so
//! build.rs leaves this operation out (`x-faceauth-handwritten` in the spec) and this file mirrors
//! what progenitor generates for the other operations, with the generated types and error type.

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, ACCEPT};

use super::{types, Client, Error, ResponseValue};
use crate::FaceImage;

impl Client {
    /// Registers a face: runs the configured liveness check on `image` and, if it passes, stores
    /// the face. Returns the id of the task to poll with [`Client::get_task`], whose result holds
    /// the UUID that identifies the user.
    ///
    /// Sends `POST /api/v3/services/register_face/` as `multipart/form-data` with the parts
    /// `image` (the file) and, if given, `extend_data` (the provider's raw response in the result).
    pub async fn register_face(
        &self,
        image: &FaceImage,
        extend_data: Option<bool>,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        super::IMAGE_RULES
            .check(image)
            .map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let url = format!("{}/api/v3/services/register_face/", self.baseurl);
        let mut form = reqwest::multipart::Form::new().part("image", image.multipart_part());
        if let Some(extend_data) = extend_data {
            form = form.text("extend_data", extend_data.to_string());
        }
        let mut request = self
            .client
            .post(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .multipart(form)
            .build()?;
        let info = OperationInfo {
            operation_id: "register_face",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => Err(Error::Documented(
                ResponseValue::from_response(response).await?,
            )),
            _ => Err(Error::undocumented_status(response).await),
        }
    }
}
