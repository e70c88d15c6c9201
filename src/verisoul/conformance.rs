//! Binds each operation of `specs/verisoul.yaml` to its typed method, for the conformance runner.

use super::Client;
use crate::conformance::{unbound, CallTarget, Credential, ExampleRequest, TypedOutcome};

pub(crate) async fn call(
    target: &CallTarget,
    operation: &str,
    request: &ExampleRequest,
) -> Result<TypedOutcome, String> {
    let mut client = match &target.credential {
        Credential::Static(key) => Client::with_api_key(target.base_url.clone(), key.clone()),
        other => return Err(other.unsupported(crate::Vendor::Verisoul)),
    }
    .map_err(|e| e.to_string())?;
    target.attach(&mut client.inner);
    Ok(match operation {
        "enrollFaceMatch" => {
            TypedOutcome::from_result(client.enroll_face_match(&request.body_as()?).await)
        }
        "createFaceMatchSession" => TypedOutcome::from_result(
            client
                .create_face_match_session(
                    request.optional_param_as("referring_session_id")?.as_ref(),
                    request.optional_param_as::<String>("simulate")?.as_deref(),
                )
                .await,
        ),
        "verifyIdentityFaceMatch" => {
            TypedOutcome::from_result(client.verify_identity_face_match(&request.body_as()?).await)
        }
        "verifyFace" => TypedOutcome::from_result(client.verify_face(&request.body_as()?).await),
        "verifyUniquenessFaceMatch" => TypedOutcome::from_result(
            client
                .verify_uniqueness_face_match(&request.body_as()?)
                .await,
        ),
        "deleteAccount" => TypedOutcome::from_result(
            client
                .delete_account(&request.param_as::<String>("account_id")?)
                .await,
        ),
        other => return Err(unbound(other)),
    })
}
