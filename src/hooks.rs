//! What every generated client does around each request: progenitor's `ClientHooks`.
//!
//! progenitor ignores `securitySchemes` and adds an `api-version` header that no vendor documents.
//! The hooks here send each vendor's credential the way its spec's security scheme says, remove
//! that header, retry where it is safe (see [`RetryPolicy`]), and trace each call, so the wire
//! request carries only what the vendor documents.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

use crate::tokens::TokenCache;
use crate::{transport, BaseUrl, ClientOptions, ConfigError, RetryPolicy, Vendor};

/// The header progenitor adds to every request (`api-version: <info.version>`).
const PROGENITOR_API_VERSION: &str = "api-version";

/// Marks a credential failure inside progenitor's error type (see `Error::Credential`).
pub(crate) const CREDENTIAL_FAILURE: &str = "faceauth credential: ";

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
    let http = transport::http_client(&ClientOptions::default())?;
    Ok((base_url.into(), http, inner?))
}

/// Runs before every request is sent: removes progenitor's header and adds the credential (a
/// token is fetched first if there is none or it is about to expire). `without_credential` lists
/// the operations whose spec says `security: []` (generated by build.rs from the spec).
pub(crate) async fn prepare(
    inner: &Inner,
    request: &mut reqwest::Request,
    operation_id: &str,
    without_credential: &[&str],
) -> Result<(), String> {
    request.headers_mut().remove(PROGENITOR_API_VERSION);
    if without_credential.contains(&operation_id) {
        return Ok(());
    }
    let value = match &inner.credential {
        Credential::None => return Ok(()),
        Credential::Static(value) => value.clone(),
        Credential::Tokens(cache) => cache.header_value().await?,
    };
    request
        .headers_mut()
        .insert(inner.credential_header.clone(), value);
    Ok(())
}

/// Sends the request, retrying where [`RetryPolicy`] says it is safe, inside a tracing span
/// `faceauth.call` (vendor, operation, method, attempt, status, duration; never headers or
/// bodies). With a response log, it also records the raw response.
pub(crate) async fn execute(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
    operation_id: &str,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::info_span!(
        "faceauth.call",
        vendor = inner.vendor.name(),
        operation = operation_id,
        method = %request.method(),
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    async move {
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
        match (response, &inner.response_log) {
            (Ok(response), Some(log)) => record(log, operation_id, response).await,
            (response, _) => response,
        }
    }
    .instrument(span)
    .await
}

/// Sends the request; if the vendor rejects its token, replaces the token once and sends again.
async fn send_authenticated(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let Credential::Tokens(cache) = &inner.credential else {
        return send_with_retries(http, inner, request).await;
    };
    let used = request.headers().get(&inner.credential_header).cloned();
    let again = request.try_clone();
    let response = send_with_retries(http, inner, request).await?;
    let (response, rejected) = rejection(inner.rejection, response).await?;
    let (true, Some(used), Some(mut again)) = (rejected, used, again) else {
        return Ok(response);
    };
    tracing::debug!("the vendor rejected the token: replacing it once");
    match cache.after_rejection(&used).await {
        Ok(fresh) => {
            again
                .headers_mut()
                .insert(inner.credential_header.clone(), fresh);
            send_with_retries(http, inner, again).await
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

async fn send_with_retries(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let policy = &inner.retry;
    let idempotent = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    );
    let mut request = request;
    let mut attempt = 1;
    loop {
        tracing::Span::current().record("attempt", attempt);
        // A streamed body (multipart) cannot be sent twice: such a request gets one attempt.
        let spare = (attempt <= policy.max_retries)
            .then(|| request.try_clone())
            .flatten();
        let result = http.execute(request).await;
        let Some(next) = spare else { return result };
        let wait = match &result {
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
        };
        let Some(wait) = wait else { return result };
        tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
        tokio::time::sleep(wait).await;
        request = next;
        attempt += 1;
    }
}

/// `Retry-After` as seconds (the vendors' form); an HTTP date is not honoured.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
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
    log: &ResponseLog,
    operation_id: &str,
    response: reqwest::Response,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    log.push(RecordedResponse {
        operation_id: operation_id.to_owned(),
        status: status.as_u16(),
        headers: headers.clone(),
        body: body.clone(),
    });
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

/// Implements progenitor's `ClientHooks` for a vendor module's generated `Client`
/// (`HooksMode::Expected` in build.rs makes a missing implementation a compile error), and the
/// client's `with_options`.
macro_rules! impl_client_hooks {
    () => {
        impl ::progenitor_client::ClientHooks<$crate::hooks::Inner> for Client {
            async fn pre<E>(
                &self,
                request: &mut ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), ::progenitor_client::Error<E>> {
                $crate::hooks::prepare(
                    ::progenitor_client::ClientInfo::inner(self),
                    request,
                    info.operation_id,
                    generated::OPERATIONS_WITHOUT_CREDENTIAL,
                )
                .await
                .map_err(|why| {
                    ::progenitor_client::Error::Custom(format!(
                        "{}{why}",
                        $crate::hooks::CREDENTIAL_FAILURE
                    ))
                })
            }

            async fn exec(
                &self,
                request: ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                $crate::hooks::execute(
                    ::progenitor_client::ClientInfo::client(self),
                    ::progenitor_client::ClientInfo::inner(self),
                    request,
                    info.operation_id,
                )
                .await
            }
        }

        impl Client {
            /// The same client with other timeouts and retries (see [`ClientOptions`](crate::ClientOptions)).
            pub fn with_options(
                mut self,
                options: $crate::ClientOptions,
            ) -> ::std::result::Result<Self, $crate::ConfigError> {
                $crate::hooks::apply_options(&mut self.client, &mut self.inner, options)?;
                Ok(self)
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
