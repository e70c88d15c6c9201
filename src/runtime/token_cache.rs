//! Short-lived access tokens obtained from a long-lived secret: cached, refreshed before they
//! expire, and once more after the vendor rejects one.
//!
//! One token request at a time per client, whatever the number of calls: the first call that
//! needs a token leads the fetch, every other call waits for that fetch's result (success or
//! failure, shared), and a failure answers every call for a short backoff before one call tries
//! again, so that a burst of calls against a failing or hanging token endpoint makes one token
//! request, not one per call. The fetch has its own timeout, apart from the calls'. No lock is
//! held while a fetch runs: a waiter never queues behind another waiter's timeout.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::watch;

use crate::{CredentialError, RetryPolicy, Vendor};

/// How long before its expiry a token is replaced.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// How long a token that arrives already expired by the vendor's own clock (a mock serving a
/// documented sample token from 2022) is used before the next refresh: its expiry says nothing
/// usable, so it is neither refetched for every call nor trusted for long; a rejection replaces
/// it at once.
pub const EXPIRED_TOKEN_USE: Duration = Duration::from_secs(30);

/// An access token and when it stops working, if known.
pub struct Token {
    /// The token.
    pub value: SecretString,
    /// When it expires, by the vendor's clock; `None` when the vendor does not say (replaced only
    /// after a rejection).
    pub expires_at: Option<SystemTime>,
    /// When the vendor issued it, by the vendor's clock (its response's `Date`), if it said:
    /// the token's lifetime is `expires_at` minus this, whatever this machine's clock says.
    pub issued_at: Option<SystemTime>,
}

/// A boxed future, as a token source returns it.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Token, CredentialError>> + Send + 'a>>;

/// What a token request is sent with: the calling client's HTTP client (its proxy, roots and
/// pool), observers and retry policy.
#[derive(Clone, Copy)]
pub struct FetchContext<'a> {
    pub http: &'a reqwest::Client,
    pub observers: &'a [std::sync::Arc<dyn crate::CallObserver>],
    pub retry: &'a RetryPolicy,
    /// How long the token request may take.
    pub timeout: Duration,
    /// How long its failure answers every call.
    pub failure_backoff: Duration,
    /// The calling client's known secrets: each token issued joins them.
    pub secrets: &'a crate::KnownSecrets,
}

/// Obtains a new access token from a vendor's token endpoint. The error never holds a secret.
pub trait TokenSource: Send + Sync {
    /// Fetches a token with `context`; `rejected` says the previous one was refused by the vendor.
    /// Token responses are recorded (redacted) like every other, and retried by the same policy.
    fn fetch<'a>(&'a self, context: FetchContext<'a>, rejected: bool) -> TokenFuture<'a>;
}

/// A fetch's result, shared with every call that waited for it.
type Shared = Result<HeaderValue, Arc<CredentialError>>;

/// The token in use, shared by every clone of a client.
pub struct TokenCache {
    vendor: Vendor,
    source: Box<dyn TokenSource>,
    prefix: &'static str,
    state: Mutex<CacheState>,
}

#[derive(Default)]
struct CacheState {
    current: Option<Current>,
    /// The fetch in flight: its result comes on this channel.
    flight: Option<watch::Receiver<Option<Shared>>>,
    /// The last fetch failed: its error answers every call until then.
    failed: Option<(Arc<CredentialError>, Instant)>,
}

struct Current {
    value: HeaderValue,
    /// When to replace it; `None`: only after a rejection.
    refresh_at: Option<Instant>,
}

/// What a call does when it needs a token and has none fresh.
enum Role {
    Lead(watch::Sender<Option<Shared>>),
    Wait(watch::Receiver<Option<Shared>>),
}

impl TokenCache {
    /// A cache that sends tokens from `source` as `<prefix><token>`.
    pub fn new(vendor: Vendor, source: Box<dyn TokenSource>, prefix: &'static str) -> Self {
        Self {
            vendor,
            source,
            prefix,
            state: Mutex::new(CacheState::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The header value to send: the cached token, or a new one if there is none or it is due
    /// for a refresh.
    pub async fn header_value(
        &self,
        context: FetchContext<'_>,
    ) -> Result<HeaderValue, CredentialError> {
        self.token(context, None).await
    }

    /// After the vendor rejected `rejected`: a new token, unless another call already replaced
    /// that one (then the replacement).
    pub async fn after_rejection(
        &self,
        context: FetchContext<'_>,
        rejected: &HeaderValue,
    ) -> Result<HeaderValue, CredentialError> {
        self.token(context, Some(rejected)).await
    }

    async fn token(
        &self,
        context: FetchContext<'_>,
        rejected: Option<&HeaderValue>,
    ) -> Result<HeaderValue, CredentialError> {
        // A fetch led after a rejection tells the source (Progeny then starts from the password).
        let after_rejection = rejected.is_some();
        let mut rejected = rejected;
        loop {
            let role = {
                let mut state = self.lock();
                let now = Instant::now();
                if let Some(rejected) = rejected.take() {
                    // Drop the rejected token, unless another call already replaced it.
                    if state.current.as_ref().is_some_and(|c| c.value == rejected) {
                        state.current = None;
                    }
                }
                if let Some(current) = &state.current {
                    if current.refresh_at.is_none_or(|at| now < at) {
                        return Ok(current.value.clone());
                    }
                }
                if let Some((error, until)) = &state.failed {
                    if now < *until {
                        return Err(self.shared_failure(error));
                    }
                }
                match &state.flight {
                    Some(flight) => Role::Wait(flight.clone()),
                    None => {
                        let (lead, flight) = watch::channel(None);
                        state.flight = Some(flight);
                        Role::Lead(lead)
                    }
                }
            };
            match role {
                Role::Lead(lead) => return self.lead(context, lead, after_rejection).await,
                Role::Wait(mut flight) => {
                    let result = flight
                        .wait_for(Option::is_some)
                        .await
                        .map(|result| result.clone());
                    match result {
                        Ok(Some(Ok(value))) => return Ok(value),
                        Ok(Some(Err(error))) => return Err(self.shared_failure(&error)),
                        // The leading call was dropped before its fetch ended: forget that
                        // flight, and lead or wait again.
                        Ok(None) | Err(_) => {
                            let mut state = self.lock();
                            if state
                                .flight
                                .as_ref()
                                .is_some_and(|f| f.same_channel(&flight))
                            {
                                state.flight = None;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Fetches a token as the one call that leads, and shares the result.
    async fn lead(
        &self,
        context: FetchContext<'_>,
        lead: watch::Sender<Option<Shared>>,
        rejected: bool,
    ) -> Result<HeaderValue, CredentialError> {
        let fetched =
            match tokio::time::timeout(context.timeout, self.source.fetch(context, rejected)).await
            {
                Ok(fetched) => fetched,
                Err(_) => Err(CredentialError::message(
                    self.vendor,
                    format!(
                        "the token request took longer than {} s",
                        context.timeout.as_secs_f32()
                    ),
                )),
            };
        let result = fetched.and_then(|token| {
            context.secrets.add_issued(token.value.expose_secret());
            let value = self.header(&token)?;
            Ok((value, refresh_at(&token)))
        });
        let shared: Shared = {
            let mut state = self.lock();
            state.flight = None;
            match result {
                Ok((value, refresh_at)) => {
                    state.failed = None;
                    state.current = Some(Current {
                        value: value.clone(),
                        refresh_at,
                    });
                    Ok(value)
                }
                Err(error) => {
                    let error = Arc::new(error);
                    state.failed = Some((error.clone(), Instant::now() + context.failure_backoff));
                    Err(error)
                }
            }
        };
        // Every waiting call gets this result; none fetches again.
        let _ = lead.send(Some(shared.clone()));
        shared.map_err(|error| self.shared_failure(&error))
    }

    fn header(&self, token: &Token) -> Result<HeaderValue, CredentialError> {
        let mut value =
            HeaderValue::from_str(&format!("{}{}", self.prefix, token.value.expose_secret()))
                .map_err(|_| {
                    CredentialError::message(
                        self.vendor,
                        "the vendor issued a token that cannot be sent in a header",
                    )
                })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// The shared failure, for one more call: it reads as the failure itself.
    fn shared_failure(&self, error: &Arc<CredentialError>) -> CredentialError {
        CredentialError::shared(error.clone())
    }
}

/// When to replace `token`, on this machine's clock: its lifetime by the vendor's clock (expiry
/// minus issue time, so that a skewed local clock changes nothing), less the refresh margin. A
/// token that lives no longer than the margin serves the call that fetched it, and the next call
/// refreshes it; one already expired by the vendor's own clock is used for
/// [`EXPIRED_TOKEN_USE`].
fn refresh_at(token: &Token) -> Option<Instant> {
    let expires_at = token.expires_at?;
    let vendor_now = token.issued_at.unwrap_or_else(SystemTime::now);
    let now = Instant::now();
    Some(match expires_at.duration_since(vendor_now) {
        Ok(lifetime) if lifetime > REFRESH_MARGIN => now + (lifetime - REFRESH_MARGIN),
        Ok(lifetime) if !lifetime.is_zero() => now,
        _ => now + EXPIRED_TOKEN_USE,
    })
}

/// The `Date` of a response, as the vendor's clock said it (for [`Token::issued_at`]).
pub fn response_date(headers: &reqwest::header::HeaderMap) -> Option<SystemTime> {
    let date = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    httpdate::parse_http_date(date).ok()
}

/// The expiry in a JWT's `exp` claim (its payload is not verified: it only schedules a refresh).
pub fn jwt_expiry(jwt: &str) -> Option<SystemTime> {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims["exp"].as_u64()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(exp))
}

/// A time in epoch milliseconds.
pub fn from_epoch_millis(millis: i64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(millis.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_expiry_of_progenys_sample_access_token() {
        // From Progeny's token/obtain example: exp 1648663947.
        let access = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNjQ4NjYzOTQ3LCJqdGkiOiJhMjg3MmQ4ZmIzY2Y0NTVkYWE3ZmRiMWVmZmZjM2UzZSIsInVzZXJfaWQiOjQxfQ.L4GXorALzmFOuu-NnyumEY7SbQum4kCdAQJ3QolGbqc";
        assert_eq!(
            jwt_expiry(access),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_648_663_947))
        );
        assert_eq!(jwt_expiry("not a jwt"), None);
    }
}
