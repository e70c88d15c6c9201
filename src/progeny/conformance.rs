//! Binds each operation of `specs/progeny.yaml` to its typed method, for the conformance runner.

use serde::Deserialize;

use super::Client;
use crate::conformance::{
    unbound, CallTarget, Credential, ExampleRequest, TypedOutcome, FIXTURE_PNG,
};
use crate::FaceImage;

/// The multipart form of the face services, as the spec's examples document it: the image by its
/// file name (the runner uploads [`FIXTURE_PNG`] under that name's format).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageForm {
    image: String,
    uuid: Option<String>,
    extend_data: Option<bool>,
}

/// The image the caller gave, or else the fixture under the example's file name.
fn image_for(form: &ImageForm, request: &ExampleRequest) -> Result<FaceImage, String> {
    if let Some(image) = &request.image {
        return Ok(image.clone());
    }
    let image = FaceImage::from_bytes(FIXTURE_PNG).map_err(|e| e.to_string())?;
    if form.image != image.file_name() {
        return Err(format!(
            "the example's image {:?} is not the fixture's file name {:?}",
            form.image,
            image.file_name()
        ));
    }
    Ok(image)
}

pub(crate) async fn call(
    target: &CallTarget,
    operation: &str,
    request: &ExampleRequest,
) -> Result<TypedOutcome, String> {
    let base = target.base_url.clone();
    let mut client = match &target.credential {
        Credential::Static(token) => Client::with_access_token(base, token.clone()),
        Credential::Password { username, password } => {
            Client::with_password(base, username.clone(), password.clone())
        }
        other => return Err(other.unsupported(crate::Vendor::Progeny)),
    }
    .map_err(|e| e.to_string())?;
    target.attach(&mut client.inner);
    Ok(match operation {
        "registerFace" => {
            let form: ImageForm = request.body_as()?;
            let image = image_for(&form, request)?;
            TypedOutcome::from_result(client.register_face(&image, form.extend_data).await)
        }
        "authenticateFace" => {
            let form: ImageForm = request.body_as()?;
            let image = image_for(&form, request)?;
            let uuid = form
                .uuid
                .as_deref()
                .ok_or("authenticateFace takes a uuid")?;
            TypedOutcome::from_result(
                client
                    .authenticate_face(&image, uuid, form.extend_data)
                    .await,
            )
        }
        "faceLiveness" => {
            let form: ImageForm = request.body_as()?;
            let image = image_for(&form, request)?;
            TypedOutcome::from_result(client.face_liveness(&image, form.extend_data).await)
        }
        "getTask" => TypedOutcome::from_result(client.get_task(&request.param_as("id")?).await),
        "obtainToken" => TypedOutcome::from_result(client.obtain_token(&request.body_as()?).await),
        "refreshToken" => {
            TypedOutcome::from_result(client.refresh_token(&request.body_as()?).await)
        }
        other => return Err(unbound(other)),
    })
}
