//! When a call is sent again, and how long the client waits first (see [`RetryPolicy`]): only
//! where the vendor cannot have processed the request, or where sending twice does no harm.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use bytes::Bytes;
use reqwest::{Method, StatusCode};

use crate::response::retry_after;
use crate::RetryPolicy;

/// What the retry loop ends with: the last attempt's result and, if kept, a copy of the
/// request to send again.
pub(crate) type Attempts = (reqwest::Result<reqwest::Response>, Option<reqwest::Request>);

/// Sends with retries. With `keep_spare`, a copy of the request is kept even for the last attempt
/// and returned if no retry used it (a token client resends it after a rejection).
pub(super) async fn send_with_retries(
    http: &reqwest::Client,
    policy: &RetryPolicy,
    mut request: reqwest::Request,
    keep_spare: bool,
) -> Attempts {
    let idempotent = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    );
    let mut attempt = 1;
    loop {
        if attempt > 1 {
            tracing::Span::current().record("attempt", attempt);
        }
        // The attempt's values live in this block only: what a future keeps across an await is
        // decided by scope, and the wait below must not carry a response and two requests.
        let (wait, next) = {
            // A streamed body (multipart) cannot be sent twice: such a request gets one attempt.
            let spare = (attempt <= policy.max_retries || keep_spare)
                .then(|| spare_copy(&request))
                .flatten();
            let result = http.execute(request).await;
            let Some(next) = spare else {
                return (result, None);
            };
            match retry_wait(policy, attempt, idempotent, &result) {
                Some(wait) => (wait, next),
                None => return (result, Some(next)),
            }
        };
        tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
        // Boxed: a rare state must not make every call's future larger.
        Box::pin(tokio::time::sleep(wait)).await;
        request = next;
        attempt += 1;
    }
}

/// How long to wait before sending again after `result`, or `None` to keep it: connection
/// failures and HTTP 429/503 for any request (the request was not processed), a timeout for
/// idempotent ones only, never beyond the policy's retries or `Retry-After` bound.
fn retry_wait(
    policy: &RetryPolicy,
    attempt: u32,
    idempotent: bool,
    result: &reqwest::Result<reqwest::Response>,
) -> Option<Duration> {
    if attempt > policy.max_retries {
        return None;
    }
    match result {
        Err(e) if e.is_connect() => Some(jittered(policy.backoff(attempt))),
        Err(e) if e.is_timeout() && idempotent => Some(jittered(policy.backoff(attempt))),
        Ok(r)
            if matches!(
                r.status(),
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
            ) =>
        {
            match retry_after(r.headers()) {
                Some(asked) if asked > policy.max_retry_after => None,
                Some(asked) => Some(asked),
                None => Some(jittered(policy.backoff(attempt))),
            }
        }
        _ => None,
    }
}

/// A copy of `request` to send again, or `None` for a streamed body (multipart), which cannot be
/// sent twice. Lighter than `reqwest::Request::try_clone`, which allocates an extension map for
/// the request's timeout even when it has none. The generated requests carry no extension but a
/// per-request timeout, which falls back to `try_clone`.
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
