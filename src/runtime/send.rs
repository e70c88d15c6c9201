//! The pipeline of one call: refuse an operation the client's documented server does not serve,
//! add the credential (fetching a token first if there is none or it is about to expire), send
//! with the retries [`RetryPolicy`](crate::RetryPolicy) allows, replace a rejected token once and
//! resend, trace the call, and record the raw response where asked.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use reqwest::StatusCode;
use tracing::Instrument;

use super::client_state::{ClientState, Credential, Rejection};
use super::response_log::{rebuild, record};
use super::retry::{send_with_retries, Attempts};
use super::send_error::SendError;
use super::server_check::refusal;
use crate::OperationMeta;

/// Sends one call's request for `operation` (its entry in the vendor's generated table).
///
/// The call is traced in a span `faceauth.call` (vendor, operation, method, attempt, status,
/// duration; never headers or bodies) when a subscriber listens. With a response log or a
/// traffic recorder, the raw response is recorded too.
pub(crate) fn send<'a>(
    http: &'a reqwest::Client,
    state: &'a ClientState,
    mut request: reqwest::Request,
    operation: &'static OperationMeta,
) -> SendFuture<'a, impl Future<Output = Attempts> + Send + 'a> {
    let span = tracing::info_span!(
        "faceauth.call",
        vendor = state.vendor.name(),
        operation = operation.id,
        method = %request.method(),
        attempt = 1u32,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    if let Some(refused) = refusal(state.server, operation) {
        return SendFuture::Refused {
            error: Some(refused),
        };
    }
    match &state.credential {
        // The common call: a static credential, nobody tracing, nothing recorded. Everything
        // before sending is done here, and the future is the retry loop alone: it is built and
        // moved on every call, so it is kept small.
        Credential::Static(_) | Credential::None
            if span.is_disabled() && state.keepers().is_none() =>
        {
            if let (true, Credential::Static(value)) =
                (operation.needs_credential, &state.credential)
            {
                request
                    .headers_mut()
                    .insert(state.credential_header.clone(), value.clone());
            }
            SendFuture::Direct {
                attempts: send_with_retries(http, &state.retry, request, false),
            }
        }
        _ => SendFuture::Boxed {
            call: Box::pin(send_in_full(http, state, request, operation, span)),
        },
    }
}

pin_project_lite::pin_project! {
    /// The future of [`send`]: the retry loop itself for the common call, or the whole path
    /// (token, span, response log) boxed.
    #[project = SendFutureProjection]
    #[must_use = "futures do nothing unless awaited"]
    pub(crate) enum SendFuture<'a, F> {
        // A static credential, no span, no log: the retry loop.
        Direct {
            #[pin]
            attempts: F,
        },
        // Anything else.
        Boxed {
            call: Pin<Box<dyn Future<Output = Result<reqwest::Response, SendError>> + Send + 'a>>,
        },
        // Refused before sending (the operation is not documented on the client's server).
        Refused { error: Option<SendError> },
    }
}

impl<F: Future<Output = Attempts>> Future for SendFuture<'_, F> {
    type Output = Result<reqwest::Response, SendError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            SendFutureProjection::Direct { attempts } => attempts
                .poll(cx)
                .map(|(result, _)| result.map_err(SendError::Transport)),
            SendFutureProjection::Boxed { call } => call.as_mut().poll(cx),
            SendFutureProjection::Refused { error } => Poll::Ready(Err(error
                .take()
                .expect("a refused call's future is polled once"))),
        }
    }
}

/// The call with everything around it: a token (fetched first if there is none or it is about to
/// expire), the span, the response log.
async fn send_in_full(
    http: &reqwest::Client,
    state: &ClientState,
    mut request: reqwest::Request,
    operation: &'static OperationMeta,
    span: tracing::Span,
) -> Result<reqwest::Response, SendError> {
    let value = match (&state.credential, operation.needs_credential) {
        (_, false) | (Credential::None, _) => None,
        (Credential::Static(value), true) => Some(value.clone()),
        (Credential::Tokens(cache), true) => Some(
            cache
                .header_value(http, state.recorder.as_ref())
                .await
                .map_err(SendError::Credential)?,
        ),
    };
    if let Some(value) = value {
        request
            .headers_mut()
            .insert(state.credential_header.clone(), value);
    }
    let response = if span.is_disabled() {
        send_authenticated(http, state, request).await
    } else {
        traced(http, state, request).instrument(span).await
    };
    let response = response.map_err(SendError::Transport)?;
    let Some(keepers) = state.keepers() else {
        return Ok(response);
    };
    record(keepers, operation, response)
        .await
        .map_err(SendError::Transport)
}

/// [`send_authenticated`], with the status and duration recorded in the current span.
async fn traced(
    http: &reqwest::Client,
    state: &ClientState,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let started = Instant::now();
    let response = send_authenticated(http, state, request).await;
    let span = tracing::Span::current();
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &response {
        Ok(r) => {
            span.record("status", r.status().as_u16());
            tracing::debug!(status = r.status().as_u16(), "response");
        }
        Err(e) => tracing::debug!(
            timeout = e.is_timeout(),
            connect = e.is_connect(),
            "no response"
        ),
    }
    response
}

/// Sends the request; if the vendor rejects its token, replaces the token once and sends again.
async fn send_authenticated(
    http: &reqwest::Client,
    state: &ClientState,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let Credential::Tokens(cache) = &state.credential else {
        return send_with_retries(http, &state.retry, request, false)
            .await
            .0;
    };
    let used = request.headers().get(&state.credential_header).cloned();
    // The copy kept for a retry, if unused, serves the resend after a rejected token.
    let (response, spare) = send_with_retries(http, &state.retry, request, true).await;
    let (response, rejected) = rejection(state.rejection, response?).await?;
    let (true, Some(used), Some(mut again)) = (rejected, used, spare) else {
        return Ok(response);
    };
    tracing::debug!("the vendor rejected the token: replacing it once");
    match cache
        .after_rejection(http, state.recorder.as_ref(), &used)
        .await
    {
        Ok(fresh) => {
            again
                .headers_mut()
                .insert(state.credential_header.clone(), fresh);
            send_with_retries(http, &state.retry, again, false).await.0
        }
        // The rejection stands: the caller gets the vendor's answer.
        Err(_) => Ok(response),
    }
}

/// Whether the response rejects the credential, and the response (rebuilt if its body was read).
async fn rejection(
    rule: Rejection,
    response: reqwest::Response,
) -> reqwest::Result<(reqwest::Response, bool)> {
    if matches!(
        response.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    ) {
        return Ok((response, true));
    }
    let Rejection::StatusOrCode(code) = rule else {
        return Ok((response, false));
    };
    if response.status() != StatusCode::OK {
        return Ok((response, false));
    }
    let (status, version, headers) = (
        response.status(),
        response.version(),
        response.headers().clone(),
    );
    let body = response.bytes().await?;
    let rejected =
        serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|json| json["code"] == code);
    Ok((rebuild(status, version, headers, body), rejected))
}
