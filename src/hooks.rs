//! What every generated client does around each request.
//!
//! progenitor ignores `securitySchemes`. build.rs makes every generated method hand its built
//! request to [`send`] (instead of progenitor's `pre`/`exec`/`post` hooks), which sends each
//! vendor's credential the way its spec's security scheme says, retries where it is safe (see
//! [`RetryPolicy`]), and traces each call, so the wire request carries only what the vendor
//! documents. build.rs also leaves out progenitor's `api-version` header, and makes the methods
//! whose path has no parameter use a URL parsed once per client ([`PreparedUrls`]).

use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

use crate::tokens::TokenCache;
use crate::{transport, BaseUrl, ClientOptions, ConfigError, RetryPolicy, Vendor};

/// Why [`send`] did not return a response; converts into the call's [`crate::Error`].
#[derive(Debug)]
pub enum SendError {
    /// No credential could be obtained; nothing was sent.
    Credential(crate::CredentialError),
    /// reqwest failed (connect, timeout, I/O).
    Transport(reqwest::Error),
    /// The client's base URL and the operation's path do not make a URL; nothing was sent.
    InvalidUrl(String),
}

/// The URL of each operation whose path has no parameter, parsed on its first call and reused:
/// a generated method clones it instead of formatting and parsing its URL on every call.
pub struct PreparedUrls(Box<[OnceLock<reqwest::Url>]>);

impl PreparedUrls {
    /// Room for `operations` URLs (build.rs numbers the operations).
    pub fn new(operations: usize) -> Self {
        Self((0..operations).map(|_| OnceLock::new()).collect())
    }

    /// The URL of operation `index`: `base` followed by `path`.
    pub fn get(&self, index: usize, base: &str, path: &str) -> Result<reqwest::Url, SendError> {
        let Some(slot) = self.0.get(index) else {
            return parse_url(base, path);
        };
        if let Some(url) = slot.get() {
            return Ok(url.clone());
        }
        let url = parse_url(base, path)?;
        Ok(slot.get_or_init(|| url).clone())
    }
}

impl Clone for PreparedUrls {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl fmt::Debug for PreparedUrls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedUrls")
            .field("operations", &self.0.len())
            .finish()
    }
}

fn parse_url(base: &str, path: &str) -> Result<reqwest::Url, SendError> {
    reqwest::Url::parse(&format!("{base}{path}"))
        .map_err(|e| SendError::InvalidUrl(format!("the base URL and {path:?} make no URL: {e}")))
}

/// The state each generated `Client` carries (progenitor's "inner type"): the vendor, its
/// credential and the retry policy. Its `Debug` never shows the credential.
#[derive(Clone)]
pub struct Inner {
    vendor: Vendor,
    credential_header: HeaderName,
    credential: Credential,
    /// How the vendor says it rejected a credential.
    rejection: Rejection,
    retry: RetryPolicy,
    /// Where to keep a copy of every raw response, for the live conformance check.
    response_log: Option<ResponseLog>,
    /// Where to write every response as a redacted JSON line (opt-in).
    recorder: Option<crate::TrafficRecorder>,
}

/// What a client sends in its credential header.
#[derive(Clone)]
enum Credential {
    /// Nothing (the client of a token source, whose calls take no credential).
    None,
    /// A static value (an API key, or a token the caller manages), marked sensitive so that
    /// reqwest and `http` print it as `Sensitive`.
    Static(HeaderValue),
    /// Short-lived tokens, obtained and refreshed by the cache.
    Tokens(Arc<TokenCache>),
}

/// How a vendor rejects a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// HTTP 401 or 403.
    Status,
    /// HTTP 401 or 403, or HTTP 200 whose JSON body's `code` is this (ADVANCE.AI's IAM_FAILED).
    StatusOrCode(&'static str),
}

/// A raw response as the vendor sent it, before the typed client decoded it.
#[derive(Debug, Clone)]
pub struct RecordedResponse {
    /// The operation, as progenitor names it (snake case).
    pub operation_id: String,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// A shared list that a client appends each raw response to (see [`RecordedResponse`]).
#[derive(Debug, Clone, Default)]
pub struct ResponseLog(Arc<Mutex<Vec<RecordedResponse>>>);

impl ResponseLog {
    /// Takes the responses recorded so far.
    pub fn take(&self) -> Vec<RecordedResponse> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn push(&self, response: RecordedResponse) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(response);
    }
}

impl Inner {
    /// A credential sent as `<header>: <prefix><secret>`.
    pub(crate) fn credential(
        vendor: Vendor,
        header: &'static str,
        prefix: &str,
        secret: &SecretString,
    ) -> Result<Self, ConfigError> {
        let invalid = || ConfigError::InvalidCredential { header };
        let mut value = HeaderValue::from_str(&format!("{prefix}{}", secret.expose_secret()))
            .map_err(|_| invalid())?;
        value.set_sensitive(true);
        Ok(Self::with(vendor, header, Credential::Static(value)))
    }

    /// Tokens from `cache`, sent in `header`; a rejected token is replaced once and the call
    /// sent again.
    pub(crate) fn tokens(vendor: Vendor, header: &'static str, cache: TokenCache) -> Self {
        Self::with(vendor, header, Credential::Tokens(Arc::new(cache)))
    }

    /// No credential: for the clients that fetch tokens.
    pub(crate) fn without_credential(vendor: Vendor, header: &'static str) -> Self {
        Self::with(vendor, header, Credential::None)
    }

    fn with(vendor: Vendor, header: &'static str, credential: Credential) -> Self {
        Self {
            vendor,
            credential_header: HeaderName::from_static(header),
            credential,
            rejection: Rejection::Status,
            retry: RetryPolicy::default(),
            response_log: None,
            recorder: None,
        }
    }

    pub(crate) fn rejected_by(mut self, rejection: Rejection) -> Self {
        self.rejection = rejection;
        self
    }

    /// The header the credential is sent in.
    pub fn credential_header(&self) -> &str {
        self.credential_header.as_str()
    }

    /// Writes every response to `recorder` from now on (see [`crate::recorder`]).
    pub fn record_traffic(&mut self, recorder: crate::TrafficRecorder) {
        self.recorder = Some(recorder);
    }

    /// This state, recording to `recorder` too, if any (a token source's client).
    pub(crate) fn recording(mut self, recorder: Option<&crate::TrafficRecorder>) -> Self {
        self.recorder = recorder.cloned().or(self.recorder);
        self
    }

    /// Keeps a copy of every raw response in `log` from now on.
    pub fn record_responses(&mut self, log: ResponseLog) {
        self.response_log = Some(log);
    }

    pub(crate) fn set_retry(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("vendor", &self.vendor)
            .field("credential_header", &self.credential_header)
            .field(
                "credential",
                &match self.credential {
                    Credential::None => "none",
                    Credential::Static(_) => "[redacted]",
                    Credential::Tokens(_) => "[redacted tokens]",
                },
            )
            .field("retry", &self.retry)
            .finish()
    }
}

/// The parts of a generated client: base URL, HTTP client and inner state.
pub(crate) fn client_parts(
    base_url: impl Into<BaseUrl>,
    inner: Result<Inner, ConfigError>,
) -> Result<(BaseUrl, reqwest::Client, Inner), ConfigError> {
    let http = transport::default_http_client()?;
    Ok((base_url.into(), http, inner?))
}

/// Sends one call's request: adds the credential (a token is fetched first if there is none or it
/// is about to expire), sends it with retries where [`RetryPolicy`] says it is safe and, for token
/// credentials, replaces a rejected token once and sends again. `without_credential` lists the
/// operations whose spec says `security: []` (generated by build.rs from the spec).
///
/// The call is traced in a span `faceauth.call` (vendor, operation, method, attempt, status,
/// duration; never headers or bodies) when a subscriber listens. With a response log, the raw
/// response is recorded too.
pub fn send<'a>(
    http: &'a reqwest::Client,
    inner: &'a Inner,
    mut request: reqwest::Request,
    operation_id: &'static str,
    without_credential: &'a [&'a str],
) -> SendFuture<'a, impl Future<Output = Attempts> + Send + 'a> {
    let span = tracing::info_span!(
        "faceauth.call",
        vendor = inner.vendor.name(),
        operation = operation_id,
        method = %request.method(),
        attempt = 1u32,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let credential = !without_credential.contains(&operation_id);
    match &inner.credential {
        // The common call: a static credential, nobody tracing, nothing recorded. Everything
        // before sending is done here, and the future is the retry loop alone: it is built and
        // moved on every call, so it is kept small.
        Credential::Static(_) | Credential::None
            if span.is_disabled() && inner.response_log.is_none() && inner.recorder.is_none() =>
        {
            if let (true, Credential::Static(value)) = (credential, &inner.credential) {
                request
                    .headers_mut()
                    .insert(inner.credential_header.clone(), value.clone());
            }
            SendFuture::Direct {
                attempts: send_with_retries(http, inner, request, false),
            }
        }
        _ => SendFuture::Boxed {
            call: Box::pin(send_in_full(
                http,
                inner,
                request,
                operation_id,
                credential,
                span,
            )),
        },
    }
}

/// What the retry loop ends with: the last attempt's result and, if kept, a copy of the
/// request to send again.
pub type Attempts = (reqwest::Result<reqwest::Response>, Option<reqwest::Request>);

pin_project_lite::pin_project! {
    /// The future of [`send`]: the retry loop itself for the common call, or the whole path
    /// (token, span, response log) boxed.
    #[project = SendFutureProjection]
    #[must_use = "futures do nothing unless awaited"]
    #[allow(missing_docs)] // The fields are the variants' only content, documented there.
    pub enum SendFuture<'a, F> {
        /// A static credential, no span, no log: the retry loop.
        Direct {
            #[pin]
            attempts: F,
        },
        /// Anything else.
        Boxed {
            call: Pin<Box<dyn Future<Output = Result<reqwest::Response, SendError>> + Send + 'a>>,
        },
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
        }
    }
}

/// The call with everything around it: a token (fetched first if there is none or it is about to
/// expire), the span, the response log.
async fn send_in_full(
    http: &reqwest::Client,
    inner: &Inner,
    mut request: reqwest::Request,
    operation_id: &'static str,
    with_credential: bool,
    span: tracing::Span,
) -> Result<reqwest::Response, SendError> {
    let value = match (&inner.credential, with_credential) {
        (_, false) | (Credential::None, _) => None,
        (Credential::Static(value), true) => Some(value.clone()),
        (Credential::Tokens(cache), true) => Some(
            cache
                .header_value(http, inner.recorder.as_ref())
                .await
                .map_err(SendError::Credential)?,
        ),
    };
    if let Some(value) = value {
        request
            .headers_mut()
            .insert(inner.credential_header.clone(), value);
    }
    let response = if span.is_disabled() {
        send_authenticated(http, inner, request).await
    } else {
        traced(http, inner, request).instrument(span).await
    };
    let response = response.map_err(SendError::Transport)?;
    if inner.response_log.is_none() && inner.recorder.is_none() {
        return Ok(response);
    }
    record(inner, operation_id, response)
        .await
        .map_err(SendError::Transport)
}

/// [`send_authenticated`], with the status and duration recorded in the current span.
async fn traced(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let started = Instant::now();
    let response = send_authenticated(http, inner, request).await;
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
    inner: &Inner,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let Credential::Tokens(cache) = &inner.credential else {
        return send_with_retries(http, inner, request, false).await.0;
    };
    let used = request.headers().get(&inner.credential_header).cloned();
    // The copy kept for a retry, if unused, serves the resend after a rejected token.
    let (response, spare) = send_with_retries(http, inner, request, true).await;
    let (response, rejected) = rejection(inner.rejection, response?).await?;
    let (true, Some(used), Some(mut again)) = (rejected, used, spare) else {
        return Ok(response);
    };
    tracing::debug!("the vendor rejected the token: replacing it once");
    match cache
        .after_rejection(http, inner.recorder.as_ref(), &used)
        .await
    {
        Ok(fresh) => {
            again
                .headers_mut()
                .insert(inner.credential_header.clone(), fresh);
            send_with_retries(http, inner, again, false).await.0
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

fn rebuild(
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}

/// Sends with retries. With `keep_spare`, a copy of the request is kept even for the last attempt
/// and returned if no retry used it (a token client resends it after a rejection).
async fn send_with_retries(
    http: &reqwest::Client,
    inner: &Inner,
    mut request: reqwest::Request,
    keep_spare: bool,
) -> Attempts {
    let policy = &inner.retry;
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

/// `Retry-After` as seconds (the vendors' form); an HTTP date is not honoured.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// Full jitter: a random wait between 0 and `ceiling`, so that clients do not retry in step.
fn jittered(ceiling: Duration) -> Duration {
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let nanos = ceiling.as_nanos() as u64;
    Duration::from_nanos(if nanos == 0 { 0 } else { random % (nanos + 1) })
}

/// Reads the body, records it and hands the typed client an identical response.
async fn record(
    inner: &Inner,
    operation_id: &str,
    response: reqwest::Response,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    if let Some(recorder) = &inner.recorder {
        recorder.record(inner.vendor, operation_id, status.as_u16(), &headers, &body);
    }
    if let Some(log) = &inner.response_log {
        log.push(RecordedResponse {
            operation_id: operation_id.to_owned(),
            status: status.as_u16(),
            headers: headers.clone(),
            body: body.clone(),
        });
    }
    Ok(rebuild(status, version, headers, body))
}

/// Rebuilds the client's HTTP transport with `options` (see each vendor's `with_options`).
pub(crate) fn apply_options(
    http: &mut reqwest::Client,
    inner: &mut Inner,
    options: ClientOptions,
) -> Result<(), ConfigError> {
    *http = transport::http_client(&options)?;
    inner.set_retry(options.retry);
    Ok(())
}

/// Implements the methods every vendor's generated `Client` shares: `with_options` and
/// `with_http_client`.
macro_rules! impl_client_hooks {
    ($example:literal) => {
        impl Client {
            /// The same client with other timeouts and retries (see
            /// [`ClientOptions`](crate::ClientOptions)). It builds a new HTTP client with these
            /// timeouts: to keep your own, call [`Client::with_http_client`] after this.
            pub fn with_options(
                mut self,
                options: $crate::ClientOptions,
            ) -> ::std::result::Result<Self, $crate::ConfigError> {
                $crate::hooks::apply_options(&mut self.client, &mut self.inner, options)?;
                Ok(self)
            }

            /// The same client, sending every call (and its token requests, if it obtains
            /// tokens) through the application's own `reqwest::Client`: its connection pool,
            /// proxy, TLS roots and timeouts. The credential, retries and tracing stay this
            /// crate's.
            ///
            /// ```
            /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
            /// let http = reqwest::Client::builder()
            ///     .timeout(std::time::Duration::from_secs(20))
            ///     .build()?;
            #[doc = concat!("let client = ", $example, ".with_http_client(http);")]
            /// # let _ = client;
            /// # Ok(())
            /// # }
            /// ```
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.client = http;
                self
            }

            /// The same client, writing every response it gets to `recorder` as one redacted
            /// JSON line (see [`TrafficRecorder`](crate::TrafficRecorder)), for
            /// `faceauth drift --traffic`.
            pub fn with_traffic_recorder(mut self, recorder: $crate::TrafficRecorder) -> Self {
                self.inner.record_traffic(recorder);
                self
            }
        }
    };
}
pub(crate) use impl_client_hooks;

/// Implements a vendor's static-credential constructor: `$name(base_url, credential)` sends the
/// credential as `<CREDENTIAL_HEADER>: <prefix><credential>` on every call.
macro_rules! static_credential_constructor {
    ($(#[$doc:meta])* $name:ident, $credential:ident, $vendor:expr, $prefix:literal) => {
        impl Client {
            $(#[$doc])*
            pub fn $name(
                base_url: impl Into<$crate::BaseUrl>,
                $credential: impl Into<$crate::SecretString>,
            ) -> ::std::result::Result<Self, $crate::ConfigError> {
                let credential = $crate::hooks::Inner::credential(
                    $vendor,
                    CREDENTIAL_HEADER,
                    $prefix,
                    &$credential.into(),
                );
                let (base, http, inner) = $crate::hooks::client_parts(base_url, credential)?;
                Ok(Self::new_with_client(base.as_str(), http, inner))
            }
        }
    };
}
pub(crate) use static_credential_constructor;
