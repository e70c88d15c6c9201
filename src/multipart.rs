//! Multipart forms as the hand-written calls send them (progenitor cannot generate
//! multipart/form-data): an image as a file part, and a form read into one buffer before it is
//! sent. reqwest streams a form, and a stream cannot be sent twice; a buffered body can, so the
//! runtime sends an upload again where it sends any call again (a 503, a refused connection) and
//! after the vendor rejects an expired token, which would otherwise fail the upload.

use reqwest::header::{HeaderValue, ACCEPT};
use reqwest::multipart::{Form, Part};

use crate::FaceImage;

/// `image` as a form's file part, sent under `file_name` with the media type of its bytes
/// (`image/png`, `image/jpeg`).
pub(crate) fn file_part(image: &FaceImage, file_name: String) -> Part {
    Part::stream(image.bytes().clone())
        .file_name(file_name)
        .mime_str(image.kind().mime_type())
        .expect("a static, valid media type")
}

/// `POST url` with `form` as its body, read into one buffer, asking for JSON.
pub(crate) async fn buffered_post(
    http: &reqwest::Client,
    url: String,
    form: Form,
) -> reqwest::Result<reqwest::Request> {
    let mut request = http
        .post(url)
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .multipart(form)
        .build()?;
    if let Some(body) = request.body_mut().take() {
        let bytes = http_body_util::BodyExt::collect(body).await?.to_bytes();
        *request.body_mut() = Some(bytes.into());
    }
    Ok(request)
}
