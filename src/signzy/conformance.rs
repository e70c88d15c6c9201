//! Binds each operation of `specs/signzy.yaml` to its typed method, for the conformance runner.

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
        Credential::Login {
            customer_name,
            password,
        } => Client::with_login(base, customer_name.clone(), password.clone()),
        other => return Err(other.unsupported(crate::Vendor::Signzy)),
    }
    .map_err(|e| e.to_string())?;
    target.attach(&mut client.inner);
    Ok(match operation {
        "enroll" => TypedOutcome::from_result(client.enroll(&request.body_as()?).await),
        "authenticate" => TypedOutcome::from_result(client.authenticate(&request.body_as()?).await),
        "login" => TypedOutcome::from_result(client.login(&request.body_as()?).await),
        "logout" => TypedOutcome::from_result(client.logout(&request.body_as()?).await),
        "createUser" => TypedOutcome::from_result(client.create_user(&request.body_as()?).await),
        "userDetails" => TypedOutcome::from_result(client.user_details(&request.body_as()?).await),
        "deleteUser" => TypedOutcome::from_result(client.delete_user(&request.body_as()?).await),
        "updateFace" => TypedOutcome::from_result(client.update_face(&request.body_as()?).await),
        "search" => TypedOutcome::from_result(client.search(&request.body_as()?).await),
        "enrollmentStatus" => {
            TypedOutcome::from_result(client.enrollment_status(&request.body_as()?).await)
        }
        "enrollmentStatusAll" => {
            TypedOutcome::from_result(client.enrollment_status_all(&request.body_as()?).await)
        }
        other => return Err(unbound(other)),
    })
}
