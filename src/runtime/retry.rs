//! When a call is sent again, and how long the client waits first (see [`RetryPolicy`]): only
//! where the vendor cannot have processed the request, or where sending twice does no harm, and
//! never past the call's deadline.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;

use super::busy_codes::busy;
use crate::response::retry_after;
use crate::RetryPolicy;

/// What the retry loop ends with: the last attempt's result and, if kept, a copy of the
/// request to send again.
pub(crate) type Attempts = (reqwest::Result<reqwest::Response>, Option<reqwest::Request>);

/// How one call may be sent again.
#[derive(Clone, Copy)]
pub(super) struct Resend<'a> {
    pub(super) policy: &'a RetryPolicy,
    /// Whether sending it twice does no harm (`OperationMeta::resend_safe`).
    pub(super) safe: bool,
    /// When the whole call must be over.
    pub(super) deadline: Instant,
    /// The vendor's business codes that mean "busy, not processed, come back later" in an
    /// HTTP 200 ([`Vendor::busy_codes`](crate::Vendor::busy_codes)): answered like HTTP 429.
    pub(super) busy_codes: &'static [&'static str],
    /// The envelope the busy codes are read from.
    pub(super) envelope: Option<crate::CodedEnvelope>,
}

/// Sends with retries. With `keep_spare`, a copy of the request is kept even for the last attempt
/// and returned if no retry used it (a token client resends it after a rejection).
pub(super) async fn send_with_retries(
    http: &reqwest::Client,
    resend: Resend<'_>,
    mut request: reqwest::Request,
    keep_spare: bool,
) -> Attempts {
    let policy = resend.policy;
    let mut attempt = 1;
    loop {
        if attempt > 1 {
            tracing::Span::current().record("attempt", attempt);
        }
        // The attempt's values live in this block only: what a future keeps across an await is
        // decided by scope, and the wait below must not carry a response and two requests.
        let (wait, mut next) = {
            // A streamed body cannot be sent twice: such a request gets one attempt.
            let spare = (attempt <= policy.max_retries || keep_spare)
                .then(|| spare_copy(&request))
                .flatten();
            let result = http.execute(request).await;
            let Some(next) = spare else {
                return (result, None);
            };
            let (result, busy) = match result {
                Ok(response) => match busy(response, resend.busy_codes, resend.envelope).await {
                    Ok((response, busy)) => (Ok(response), busy),
                    Err(error) => (Err(error), false),
                },
                Err(error) => (Err(error), false),
            };
            match retry_wait(resend, attempt, &result, busy) {
                Some(wait) => (wait, next),
                None => return (result, Some(next)),
            }
        };
        tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
        // Boxed: a rare state must not make every call's future larger.
        Box::pin(tokio::time::sleep(wait)).await;
        // The retry gets what is left of the call's deadline, at most.
        let left = resend.deadline.saturating_duration_since(Instant::now());
        if next.timeout().is_none_or(|t| *t > left) {
            *next.timeout_mut() = Some(left);
        }
        request = next;
        attempt += 1;
    }
}

/// How long to wait before sending again after `result`, or `None` to keep it (see
/// [`RetryPolicy`]): never beyond the policy's retries, its `Retry-After` bound or the deadline.
fn retry_wait(
    resend: Resend<'_>,
    attempt: u32,
    result: &reqwest::Result<reqwest::Response>,
    busy: bool,
) -> Option<Duration> {
    let policy = resend.policy;
    if attempt > policy.max_retries {
        return None;
    }
    let backoff = || jittered(policy.backoff(attempt));
    let wait = match result {
        // Not sent: the connection was never made.
        Err(e) if e.is_connect() => backoff(),
        // Sent, and the exchange broke or timed out: the vendor may have processed it.
        Err(e) if resend.safe && !e.is_builder() => backoff(),
        Err(_) => return None,
        Ok(r) => match (status_as_meant(r.status(), busy), retry_after(r.headers())) {
            (_, Some(asked)) if asked > policy.max_retry_after => return None,
            // The vendor says it did not process it, and when to come back.
            (StatusCode::TOO_MANY_REQUESTS, Some(asked)) => asked,
            (StatusCode::TOO_MANY_REQUESTS, None) if resend.safe => backoff(),
            (
                StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT,
                asked,
            ) if resend.safe => asked.unwrap_or_else(backoff),
            _ => return None,
        },
    };
    (Instant::now() + wait < resend.deadline).then_some(wait)
}

/// A busy answer in an HTTP 200 (ADVANCE.AI's `SERVICE_BUSY`, "may migrate to HTTP 429") means
/// what HTTP 429 means.
fn status_as_meant(status: StatusCode, busy: bool) -> StatusCode {
    if busy {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        status
    }
}

/// A copy of `request` to send again, or `None` for a streamed body, which cannot be sent twice.
/// Lighter than `reqwest::Request::try_clone`, which allocates an extension map for the request's
/// timeout even when it has none. A request with its own timeout falls back to `try_clone`.
fn spare_copy(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.timeout().is_some() {
        return request.try_clone();
    }
    let body = match request.body() {
        None => None,
        Some(body) => Some(reqwest::Body::from(Bytes::copy_from_slice(
            body.as_bytes()?,
        ))),
    };
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    *copy.body_mut() = body;
    Some(copy)
}

/// Full jitter: a random wait between 0 and `ceiling`, so that clients do not retry in step.
fn jittered(ceiling: Duration) -> Duration {
    let random = RandomState::new().build_hasher().finish();
    let nanos = ceiling.as_nanos() as u64;
    Duration::from_nanos(if nanos == 0 { 0 } else { random % (nanos + 1) })
}
