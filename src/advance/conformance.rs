//! Binds each operation of `specs/advance.yaml` to its typed method, for the conformance runner.

use super::Client;
use crate::conformance::{unbound, CallTarget, Credential, ExampleRequest, TypedOutcome};

pub(crate) async fn call(
    target: &CallTarget,
    operation: &str,
    request: &ExampleRequest,
) -> Result<TypedOutcome, String> {
    let base = target.base_url.clone();
    let mut client = match &target.credential {
        Credential::Static(token) => Client::with_access_token(base, token.clone()),
        Credential::AccessKey {
            access_key,
            secret_key,
        } => Client::with_access_key(base, access_key.clone(), secret_key.clone()),
        other => return Err(other.unsupported(crate::Vendor::Advance)),
    }
    .map_err(|e| e.to_string())?;
    target.attach(&mut client.inner);
    Ok(match operation {
        "saveEnroll" => TypedOutcome::from_result(client.save_enroll(&request.body_as()?).await),
        "generateToken" => {
            TypedOutcome::from_result(client.generate_token(&request.body_as()?).await)
        }
        "getEnroll" => TypedOutcome::from_result(client.get_enroll(&request.body_as()?).await),
        "deleteEnroll" => {
            TypedOutcome::from_result(client.delete_enroll(&request.body_as()?).await)
        }
        "generateFaceAuthenticationUrl" => TypedOutcome::from_result(
            client
                .generate_face_authentication_url(&request.body_as()?)
                .await,
        ),
        "getResult" => TypedOutcome::from_result(client.get_result(&request.body_as()?).await),
        other => return Err(unbound(other)),
    })
}
