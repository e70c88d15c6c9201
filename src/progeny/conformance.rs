//! Binds each operation of `specs/progeny.yaml` to its typed method, for the conformance runner.

use serde::Deserialize;

use super::Client;
use crate::conformance::{unbound, ExampleRequest, TypedOutcome, FIXTURE_PNG, TEST_CREDENTIAL};
use crate::{BaseUrl, FaceImage};

/// The multipart form of the face services, as the spec's examples document it: the image by its
/// file name (the runner uploads [`FIXTURE_PNG`] under that name's format).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageForm {
    image: String,
    extend_data: Option<bool>,
}

fn fixture_image(form: &ImageForm) -> Result<FaceImage, String> {
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
    base_url: BaseUrl,
    operation: &str,
    request: &ExampleRequest,
) -> Result<TypedOutcome, String> {
    let client = Client::with_access_token(base_url, TEST_CREDENTIAL).map_err(|e| e.to_string())?;
    Ok(match operation {
        "registerFace" => {
            let form: ImageForm = request.body_as()?;
            let image = fixture_image(&form)?;
            TypedOutcome::from_result(client.register_face(&image, form.extend_data).await)
        }
        "getTask" => TypedOutcome::from_result(client.get_task(&request.param_as("id")?).await),
        other => return Err(unbound(other)),
    })
}
