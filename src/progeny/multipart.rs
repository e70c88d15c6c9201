//! What Progeny's multipart calls share: every Progeny request body is multipart/form-data (the
//! vendor's overview), which progenitor cannot generate, so build.rs leaves those operations out
//! (`x-faceauth-handwritten` in the spec) and each is a thin method over [`Client::send_form`],
//! which mirrors what progenitor generates for the other operations (the same runtime, decoding
//! and error type), given its operation's entry in the generated table.

use reqwest::multipart::Form;
use serde::de::DeserializeOwned;

use super::{types, Client, Error, Operation, ResponseValue};
use crate::multipart::{buffered_post, file_part};
use crate::FaceImage;

impl Client {
    /// A form with `image` as its `image` file part, after checking it against
    /// [`IMAGE_RULES`](super::IMAGE_RULES). Progeny's pages name no file, so the upload is sent
    /// as `face.png` or `face.jpg` ([`FaceImage::file_name`]).
    pub(crate) fn image_form(image: &FaceImage) -> Result<Form, crate::ImageError> {
        super::IMAGE_RULES.check(image)?;
        Ok(Form::new().part("image", file_part(image, image.file_name())))
    }

    /// The form every v3 face service takes: the image file part and, if given, `extend_data`.
    pub(crate) fn service_form(
        image: &FaceImage,
        extend_data: Option<bool>,
    ) -> Result<Form, crate::ImageError> {
        let mut form = Self::image_form(image)?;
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

    /// POSTs `form` to `operation`'s path, read into one buffer first so that the runtime can
    /// send it again (see `crate::multipart`): HTTP 200 is the success `T`, a status in
    /// `documented_errors` the documented error `E`, any other status undocumented.
    pub(crate) async fn send_form<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        operation: Operation,
        form: Form,
        documented_errors: &[u16],
    ) -> Result<ResponseValue<T>, Error<E>> {
        let operation = operation.meta();
        let url = format!("{}{}", self.baseurl, operation.path);
        let request = buffered_post(&self.client, url, form).await?;
        let response = crate::runtime::send(&self.client, &self.inner, request, operation).await?;
        match response.status().as_u16() {
            200u16 => crate::runtime::decode(response, &self.inner).await,
            status if documented_errors.contains(&status) => Err(Error::Documented(
                crate::runtime::decode(response, &self.inner).await?,
            )),
            _ => crate::runtime::other_status(response, &self.inner).await,
        }
    }
}
