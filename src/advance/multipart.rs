//! What ADVANCE.AI's multipart calls share: face search and face comparison take their images as
//! `multipart/form-data` file parts, which progenitor cannot generate, so build.rs leaves those
//! operations out (`x-faceauth-handwritten` in the spec) and each is a thin method over
//! [`Client::send_form`], which mirrors what progenitor generates for the JSON operations (the
//! same runtime, decoding and error type), given its operation's entry in the generated table.
//!
//! Each method takes the operation's generated form type, whose file fields (`faceImage`,
//! `firstImage`, `secondImage`) hold the file name an upload is sent under, as the spec's
//! examples document the form, and one [`FaceImage`] per file part with the bytes.

use reqwest::multipart::Form;
use serde::de::DeserializeOwned;

use super::{Client, Error, Operation, ResponseValue};
use crate::multipart::{buffered_post, file_part};
use crate::FaceImage;

/// A form being built, with ADVANCE.AI's rules applied to each image before it is added.
pub(crate) struct FormBuilder(Form);

impl FormBuilder {
    pub(crate) fn new() -> Self {
        Self(Form::new())
    }

    /// Adds `image` as the file part `part`, sent under its file name, after checking it
    /// against [`IMAGE_RULES`](super::IMAGE_RULES) (JPEG/PNG, under 2 MB, 256x256 to
    /// 4096x4096).
    pub(crate) fn image(
        self,
        part: &'static str,
        image: &FaceImage,
    ) -> Result<Self, crate::ImageError> {
        super::IMAGE_RULES.check(image)?;
        Ok(Self(self.0.part(part, file_part(image, image.file_name()))))
    }

    /// Adds the text part `part`.
    pub(crate) fn text(self, part: &'static str, value: &str) -> Self {
        Self(self.0.text(part, value.to_owned()))
    }

    /// Adds the text part `part` if there is a value.
    pub(crate) fn optional_text(self, part: &'static str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(part, value),
            None => self,
        }
    }

    /// Adds the number `value` as the text part `part`, written as JSON writes it (`50.0` stays
    /// `50.0`, as the examples print it), if there is a value.
    pub(crate) fn optional_number(
        self,
        part: &'static str,
        value: Option<impl serde::Serialize>,
    ) -> Self {
        match value.and_then(|v| serde_json::to_string(&v).ok()) {
            Some(text) => Self(self.0.text(part, text)),
            None => self,
        }
    }
}

impl Client {
    /// POSTs `form` to `operation`'s path, read into one buffer first so that the runtime can
    /// send it again (see `crate::multipart`; an `IAM_FAILED` answer makes the token client
    /// replace its token and resend). ADVANCE.AI documents its outcomes with HTTP 200 and the
    /// outcome in the body's `code`; an envelope in another status is read as well
    /// (`runtime::other_status`), and a refusal in it is an error as the generated calls' are.
    pub(crate) async fn send_form<T: DeserializeOwned + crate::runtime::EnvelopeCode>(
        &self,
        operation: Operation,
        form: FormBuilder,
    ) -> Result<ResponseValue<T>, Error<T>> {
        let operation = operation.meta();
        let url = format!("{}{}", self.baseurl, operation.path);
        let request = buffered_post(&self.client, url, form.0).await?;
        let response = crate::runtime::send(&self.client, &self.inner, request, operation).await?;
        match response.status().as_u16() {
            200u16 => crate::runtime::decode_envelope(response, &self.inner).await,
            _ => crate::runtime::other_status_envelope(response, &self.inner).await,
        }
    }
}
