//! What the generated and hand-written calls make of a response, with the client's known
//! secrets scrubbed from anything a vendor could echo them into (build.rs points the generated
//! methods here in place of `ResponseValue::from_response` and `Error::UnexpectedResponse`).

use serde::de::DeserializeOwned;

use super::client_state::ClientState;
use crate::response::{read_bounded, Evidence, UnconfirmedWrite};
use crate::{Error, ResponseValue};

/// The typed body (at most `MAX_BODY_BYTES` read), or the error that keeps its evidence; either
/// prints without the client's secrets. A body that does not decode keeps the code and message
/// of the vendor's envelope, where the vendor has one.
pub(crate) async fn decode<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = match read_bounded(response).await {
        Ok(body) => body,
        Err(error) => return Err(error.scrubbed(&state.secrets)),
    };
    typed(status, headers, &body, state)
}

/// A response in a status the operation does not document. Where the vendor reports every
/// outcome in one envelope (ADVANCE.AI) and the body is one, it is the operation's answer in that
/// status (a `CLIENT_ERROR` in an HTTP 400 is that code), unless it is a write's answer that
/// does not say whether it was processed (502, 503, 504: [`Error::OutcomeUnknown`]). Anything
/// else is an undocumented status (or a rate limit), with its evidence scrubbed.
pub(crate) async fn other_status<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<E>> {
    let unconfirmed = UnconfirmedWrite::of(&response);
    if unconfirmed.is_some() || state.vendor().coded_envelope().is_none() {
        return Err(undocumented(response, state).await);
    }
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = match read_bounded::<E>(response).await {
        Ok(body) => body,
        Err(Error::BodyTooLarge { .. }) => bytes::Bytes::new(),
        Err(error) => return Err(error.scrubbed(&state.secrets)),
    };
    let evidence =
        Evidence::new(status, headers.clone(), &body).with_body_code(state.vendor(), &body);
    if evidence.body_code().is_some() {
        return typed(status, headers, &body, state);
    }
    Err(Error::other_status(evidence, None).scrubbed(&state.secrets))
}

/// [`decode`] for an operation of a vendor that answers every outcome in one envelope
/// (ADVANCE.AI): an answer whose envelope code is a refusal is `Error::Documented`, the answer
/// whole inside, unless the client asked for refusals as answers
/// ([`InBodyRefusals::AsAnswers`](crate::InBodyRefusals::AsAnswers)).
pub(crate) async fn decode_envelope<T: DeserializeOwned + EnvelopeCode>(
    response: reqwest::Response,
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<T>> {
    refused_in_body(decode(response, state).await, state)
}

/// [`other_status`] for an operation of a vendor that answers every outcome in one envelope, as
/// [`decode_envelope`].
pub(crate) async fn other_status_envelope<T: DeserializeOwned + EnvelopeCode>(
    response: reqwest::Response,
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<T>> {
    refused_in_body(other_status(response, state).await, state)
}

/// An answer whose envelope refuses, as the error every other vendor's refusal is.
#[allow(clippy::result_large_err)]
fn refused_in_body<T: EnvelopeCode>(
    result: Result<ResponseValue<T>, Error<T>>,
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<T>> {
    match result {
        Ok(answer)
            if state.in_body_refusals == crate::InBodyRefusals::AsErrors
                && answer.envelope_refused() =>
        {
            Err(Error::Documented(answer))
        }
        other => other,
    }
}

/// An answer in a vendor's one envelope: whether its code is a refusal (anything but the
/// success code; a verdict of no in a success's data is an answer, not a refusal).
pub(crate) trait EnvelopeCode {
    fn envelope_refused(&self) -> bool;
}

/// `body` decoded into `T`, or the error that keeps its evidence (with the envelope's code and
/// message where the vendor has one).
// The same `Result` every call returns (the async calls' futures hold it just as well); the
// error keeps its evidence inline so that the common path allocates nothing more.
#[allow(clippy::result_large_err)]
fn typed<T: DeserializeOwned, E>(
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: &[u8],
    state: &ClientState,
) -> Result<ResponseValue<T>, Error<E>> {
    match serde_json::from_slice::<T>(body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers).scrubbed_by(&state.secrets)),
        Err(e) => Err(Error::InvalidBody {
            evidence: Evidence::new(status, headers, body).with_body_code(state.vendor(), body),
            reason: e.to_string(),
        }
        .scrubbed(&state.secrets)),
    }
}

/// A status the spec does not document for the operation (or a rate limit, or a write's unknown
/// outcome), with its evidence scrubbed.
async fn undocumented<E>(response: reqwest::Response, state: &ClientState) -> Error<E> {
    Error::undocumented_status(response)
        .await
        .scrubbed(&state.secrets)
}
