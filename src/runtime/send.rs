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
use super::observe::{rebuild, show, Head, Showing};
use super::retry::{send_with_retries, Attempts, Resend};
use super::send_error::SendError;
use super::server_check::refusal;
use crate::response::read_capped;
use crate::response::UnconfirmedWrite;
use crate::OperationMeta;

/// Sends one call's request for `operation` (its entry in the vendor's generated table).
///
/// The call is traced in a span `faceauth.call` (vendor, operation, method, attempt, status,
/// duration; never headers or bodies) when a subscriber listens. With observers (a traffic
/// recorder, the tools' response log, an application's own), each is shown the raw response.
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
    let resend = Resend {
        policy: &state.retry,
        safe: operation.resend_safe(),
        deadline: Instant::now() + state.deadline,
        busy_codes: state.vendor().busy_codes(),
        envelope: state.vendor().coded_envelope(),
    };
    if state.own_http_client {
        // The application's client may have no timeout: the call's deadline bounds each attempt.
        *request.timeout_mut() = Some(state.deadline);
    }
    match &state.credential {
        // The common call: a static credential, nobody tracing, nobody observing. Everything
        // before sending is done here, and the future is the retry loop alone: it is built and
        // moved on every call, so it is kept small.
        Credential::Static(_) | Credential::None
            if span.is_disabled() && state.observers.is_empty() =>
        {
            if let (true, Credential::Static(value)) =
                (operation.needs_credential, &state.credential)
            {
                request
                    .headers_mut()
                    .insert(state.credential_header.clone(), value.clone());
            }
            SendFuture::Direct {
                attempts: send_with_retries(http, resend, request, false),
                operation,
            }
        }
        _ => SendFuture::Boxed {
            call: Box::pin(send_in_full(http, state, request, operation, resend, span)),
        },
    }
}

pin_project_lite::pin_project! {
    /// The future of [`send`]: the retry loop itself for the common call, or the whole path
    /// (token, span, observers) boxed.
    #[project = SendFutureProjection]
    #[must_use = "futures do nothing unless awaited"]
    pub(crate) enum SendFuture<'a, F> {
        // A static credential, no span, no log: the retry loop.
        Direct {
            #[pin]
            attempts: F,
            operation: &'static OperationMeta,
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
            SendFutureProjection::Direct {
                attempts,
                operation,
            } => attempts
                .poll(cx)
                .map(|(result, _)| confirmed(operation, result)),
            SendFutureProjection::Boxed { call } => call.as_mut().poll(cx),
            SendFutureProjection::Refused { error } => Poll::Ready(Err(error
                .take()
                .expect("a refused call's future is polled once"))),
        }
    }
}

/// A write whose answer does not say whether the vendor processed it (502, 503, 504 after the
/// retries allowed, an exchange broken or timed out after sending) is marked so: it ends as
/// `Error::OutcomeUnknown`, never as a plain failure that invites sending it again.
fn confirmed(
    operation: &'static OperationMeta,
    result: reqwest::Result<reqwest::Response>,
) -> Result<reqwest::Response, SendError> {
    match result {
        Ok(mut response)
            if !operation.resend_safe()
                && matches!(
                    response.status(),
                    StatusCode::BAD_GATEWAY
                        | StatusCode::SERVICE_UNAVAILABLE
                        | StatusCode::GATEWAY_TIMEOUT
                ) =>
        {
            response
                .extensions_mut()
                .insert(UnconfirmedWrite(operation));
            Ok(response)
        }
        Ok(response) => Ok(response),
        Err(error) if !operation.resend_safe() && !error.is_connect() && !error.is_builder() => {
            Err(SendError::Unconfirmed { operation, error })
        }
        Err(error) => Err(SendError::Transport(error)),
    }
}

/// The call with everything around it: a token (fetched first if there is none or it is about to
/// expire), the span, the observers.
async fn send_in_full(
    http: &reqwest::Client,
    state: &ClientState,
    mut request: reqwest::Request,
    operation: &'static OperationMeta,
    resend: Resend<'_>,
    span: tracing::Span,
) -> Result<reqwest::Response, SendError> {
    let value = match (&state.credential, operation.needs_credential) {
        (_, false) | (Credential::None, _) => None,
        (Credential::Static(value), true) => Some(value.clone()),
        (Credential::Tokens(cache), true) => Some(
            cache
                .header_value(state.fetch_context(http))
                .await
                .map_err(SendError::Credential)?,
        ),
    };
    if let Some(value) = value {
        request
            .headers_mut()
            .insert(state.credential_header.clone(), value);
    }
    // What the observers are shown besides the response (nothing is copied without one).
    let request_line =
        (!state.observers.is_empty()).then(|| (request.method().clone(), request.url().clone()));
    let response = if span.is_disabled() {
        send_authenticated(http, state, request, resend).await
    } else {
        traced(http, state, request, resend).instrument(span).await
    };
    let response = confirmed(operation, response.map_err(|e| e.into_inner())?)?;
    let Some((method, url)) = request_line else {
        return Ok(response);
    };
    let showing = Showing {
        observers: &state.observers,
        secrets: &state.secrets,
        method,
        url,
    };
    show(showing, operation, response).await
}

/// [`send_authenticated`], with the status and duration recorded in the current span.
async fn traced(
    http: &reqwest::Client,
    state: &ClientState,
    request: reqwest::Request,
    resend: Resend<'_>,
) -> Result<reqwest::Result<reqwest::Response>, Stop> {
    let started = Instant::now();
    let response = send_authenticated(http, state, request, resend).await;
    let span = tracing::Span::current();
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &response {
        Ok(Ok(r)) => {
            span.record("status", r.status().as_u16());
            tracing::debug!(status = r.status().as_u16(), "response");
        }
        Ok(Err(e)) => tracing::debug!(
            timeout = e.is_timeout(),
            connect = e.is_connect(),
            "no response"
        ),
        Err(_) => tracing::debug!("stopped before a response could be kept"),
    }
    response
}

/// Why the send path stopped with a response it cannot hand on: its body was larger than the
/// limit while the runtime read it (ADVANCE.AI's rejection check).
#[derive(Debug)]
struct Stop(SendError);

impl Stop {
    fn into_inner(self) -> SendError {
        self.0
    }
}

/// Sends the request; if the vendor rejects its token, replaces the token once and sends again
/// (once per call: a second rejection is the caller's answer).
async fn send_authenticated(
    http: &reqwest::Client,
    state: &ClientState,
    request: reqwest::Request,
    resend: Resend<'_>,
) -> Result<reqwest::Result<reqwest::Response>, Stop> {
    let Credential::Tokens(cache) = &state.credential else {
        return Ok(send_with_retries(http, resend, request, false).await.0);
    };
    let used = request.headers().get(&state.credential_header).cloned();
    // The copy kept for a retry, if unused, serves the resend after a rejected token.
    let (response, spare) = send_with_retries(http, resend, request, true).await;
    let response = match response {
        Ok(response) => response,
        Err(error) => return Ok(Err(error)),
    };
    let (response, rejected) = match rejection(state.rejection, response).await {
        Ok(checked) => checked,
        Err(error) => return Ok(Err(error)),
    };
    let response = response.map_err(Stop)?;
    let (true, Some(used), Some(mut again)) = (rejected, used, spare) else {
        return Ok(Ok(response));
    };
    tracing::debug!("the vendor rejected the token: replacing it once");
    match cache
        .after_rejection(state.fetch_context(http), &used)
        .await
    {
        Ok(fresh) => {
            again
                .headers_mut()
                .insert(state.credential_header.clone(), fresh);
            Ok(send_with_retries(http, resend, again, false).await.0)
        }
        // The rejection stands: the caller gets the vendor's answer.
        Err(_) => Ok(Ok(response)),
    }
}

/// Whether the response rejects the credential, and the response (rebuilt if its body was read;
/// a body over the limit stops the call).
async fn rejection(
    rule: Rejection,
    response: reqwest::Response,
) -> reqwest::Result<(Result<reqwest::Response, SendError>, bool)> {
    if matches!(
        response.status(),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    ) {
        return Ok((Ok(response), true));
    }
    let Rejection::StatusOrCode(code) = rule else {
        return Ok((Ok(response), false));
    };
    if response.status() != StatusCode::OK {
        return Ok((Ok(response), false));
    }
    let head = Head::of(&response);
    let Some(body) = read_capped(response).await? else {
        return Ok((
            Err(SendError::BodyTooLarge {
                status: head.status,
            }),
            false,
        ));
    };
    let rejected =
        serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|json| json["code"] == code);
    Ok((Ok(rebuild(head, body)), rejected))
}
