//! What Progeny's multipart calls share: every Progeny request body is multipart/form-data (the
//! vendor's overview), which progenitor cannot generate, so build.rs leaves those operations out
//! (`x-faceauth-handwritten` in the spec) and each is a thin method over [`Client::send_form`],
//! which mirrors what progenitor generates for the other operations (the same runtime, decoding
//! and error type), given its operation's entry in the generated table.

use reqwest::header::{HeaderValue, ACCEPT};
use reqwest::multipart::Form;
use serde::de::DeserializeOwned;

use super::{types, Client, Error, Operation, ResponseValue};
use crate::FaceImage;

impl Client {
    /// The form every face service takes: the image file part and, if given, `extend_data`.
    pub(crate) fn service_form(
        image: &FaceImage,
        extend_data: Option<bool>,
    ) -> Result<Form, crate::ImageError> {
        super::IMAGE_RULES.check(image)?;
        let mut form = Form::new().part("image", image.multipart_part());
        if let Some(extend_data) = extend_data {
            form = form.text("extend_data", extend_data.to_string());
        }
        Ok(form)
    }

    /// POSTs `form` to a face service: 200 gives the task id, 400 the fields in error.
    pub(crate) async fn send_service_form(
        &self,
        operation: Operation,
        form: Form,
    ) -> Result<ResponseValue<types::TaskCreated>, Error<types::FieldErrors>> {
        self.send_form(operation, form, &[400]).await
    }

    /// POSTs `form` to `operation`'s path: HTTP 200 is the success `T`, a status in
    /// `documented_errors` the documented error `E`, any other status undocumented.
    pub(crate) async fn send_form<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        operation: Operation,
        form: Form,
        documented_errors: &[u16],
    ) -> Result<ResponseValue<T>, Error<E>> {
        let operation = operation.meta();
        let url = format!("{}{}", self.baseurl, operation.path);
        let mut request = self
            .client
            .post(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .multipart(form)
            .build()?;
        // reqwest streams a form, and a stream cannot be sent twice: read it into one buffer so
        // that the runtime can send it again where that is safe (a refused connection, a 429,
        // a token request retried) and resend an upload whose token the vendor rejected.
        if let Some(body) = request.body_mut().take() {
            let bytes = http_body_util::BodyExt::collect(body).await?.to_bytes();
            *request.body_mut() = Some(bytes.into());
        }
        let response = crate::runtime::send(&self.client, &self.inner, request, operation).await?;
        match response.status().as_u16() {
            200u16 => crate::runtime::decode(response, &self.inner).await,
            status if documented_errors.contains(&status) => Err(Error::Documented(
                crate::runtime::decode(response, &self.inner).await?,
            )),
            _ => Err(crate::runtime::undocumented(response, &self.inner).await),
        }
    }
}
