//! What the generated and hand-written calls make of a response, with the client's known
//! secrets scrubbed from anything a vendor could echo them into (build.rs points the generated
//! methods here in place of `ResponseValue::from_response` and `Error::undocumented_status`).

use serde::de::DeserializeOwned;

use super::client_state::ClientState;
use crate::{Error, ResponseValue};

/// The typed body (at most `MAX_BODY_BYTES` read), or the error that keeps its evidence; either
/// prints without the client's secrets.
pub(crate) async fn decode<T: DeserializeOwned, E>(
    response: reqwest::Response,
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<E>> {
    match ResponseValue::<T>::from_response::<E>(response).await {
        Ok(value) => Ok(value.scrubbed_by(&state.secrets)),
        Err(error) => Err(error.scrubbed(&state.secrets)),
    }
}

/// A status the spec does not document for the operation (or a rate limit, or a write's unknown
/// outcome), with its evidence scrubbed.
pub(crate) async fn undocumented<E>(response: reqwest::Response, state: &ClientState) -> Error<E> {
    Error::undocumented_status(response)
        .await
        .scrubbed(&state.secrets)
}
