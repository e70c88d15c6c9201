//! Binds each operation of `specs/signzy.yaml` to its typed method, for the conformance runner.

use super::Client;
use crate::conformance::{unbound, CallTarget, ExampleRequest, TypedOutcome};

pub(crate) async fn call(
    target: &CallTarget,
    operation: &str,
    request: &ExampleRequest,
) -> Result<TypedOutcome, String> {
    let mut client = Client::with_access_token(target.base_url.clone(), target.credential.clone())
        .map_err(|e| e.to_string())?;
    target.attach(&mut client.inner);
    Ok(match operation {
        "enroll" => TypedOutcome::from_result(client.enroll(&request.body_as()?).await),
        "authenticate" => TypedOutcome::from_result(client.authenticate(&request.body_as()?).await),
        other => return Err(unbound(other)),
    })
}
