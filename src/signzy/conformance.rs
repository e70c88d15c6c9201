//! Binds each operation of `specs/signzy.yaml` to its typed method, for the conformance runner.

use super::Client;
use crate::conformance::{unbound, ExampleRequest, TypedOutcome, TEST_CREDENTIAL};
use crate::BaseUrl;

pub(crate) async fn call(
    base_url: BaseUrl,
    operation: &str,
    request: &ExampleRequest,
) -> Result<TypedOutcome, String> {
    let client = Client::with_access_token(base_url, TEST_CREDENTIAL).map_err(|e| e.to_string())?;
    Ok(match operation {
        "enroll" => TypedOutcome::from_result(client.enroll(&request.body_as()?).await),
        "authenticate" => TypedOutcome::from_result(client.authenticate(&request.body_as()?).await),
        other => return Err(unbound(other)),
    })
}
