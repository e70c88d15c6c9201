//! Short-lived access tokens obtained from a long-lived secret: cached, refreshed before they
//! expire, and once more after the vendor rejects one.
//!
//! Under concurrency a refresh happens once: the cache holds a lock while it fetches, so calls
//! that find the token expired at the same time wait for that one fetch instead of each making
//! their own.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::{CredentialError, Vendor};

/// How long before its expiry a token is replaced.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// An access token and when it stops working, if known.
pub struct Token {
    /// The token.
    pub value: SecretString,
    /// When it expires; `None` when the vendor does not say (replaced only after a rejection).
    pub expires_at: Option<SystemTime>,
}

/// A boxed future, as a token source returns it.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Token, CredentialError>> + Send + 'a>>;

/// Obtains a new access token from a vendor's token endpoint. The error never holds a secret.
pub trait TokenSource: Send + Sync {
    /// Fetches a token over `http` (the client's own HTTP client, so that the token request takes
    /// the same proxy, roots and pool as the calls); `rejected` says the previous one was refused
    /// by the vendor.
    /// `recorder` is the calling client's traffic recorder, if any: token responses are recorded
    /// (redacted) like every other.
    fn fetch<'a>(
        &'a self,
        http: &'a reqwest::Client,
        recorder: Option<&'a crate::TrafficRecorder>,
        rejected: bool,
    ) -> TokenFuture<'a>;
}

/// The token in use, shared by every clone of a client.
pub struct TokenCache {
    vendor: Vendor,
    source: Box<dyn TokenSource>,
    prefix: &'static str,
    current: tokio::sync::Mutex<Option<(Token, HeaderValue)>>,
}

impl TokenCache {
    /// A cache that sends tokens from `source` as `<prefix><token>`.
    pub fn new(vendor: Vendor, source: Box<dyn TokenSource>, prefix: &'static str) -> Self {
        Self {
            vendor,
            source,
            prefix,
            current: tokio::sync::Mutex::new(None),
        }
    }

    /// The header value to send: the cached token, or a new one if there is none or it expires
    /// within [`REFRESH_MARGIN`].
    pub async fn header_value(
        &self,
        http: &reqwest::Client,
        recorder: Option<&crate::TrafficRecorder>,
    ) -> Result<HeaderValue, CredentialError> {
        let mut current = self.current.lock().await;
        if let Some((token, value)) = current.as_ref() {
            let fresh = token
                .expires_at
                .is_none_or(|at| at > SystemTime::now() + REFRESH_MARGIN);
            if fresh {
                return Ok(value.clone());
            }
        }
        self.fetch_into(http, recorder, &mut current, false).await
    }

    /// After the vendor rejected `rejected`: a new token, unless another call already replaced
    /// that one (then the replacement).
    pub async fn after_rejection(
        &self,
        http: &reqwest::Client,
        recorder: Option<&crate::TrafficRecorder>,
        rejected: &HeaderValue,
    ) -> Result<HeaderValue, CredentialError> {
        let mut current = self.current.lock().await;
        if let Some((_, value)) = current.as_ref() {
            if value != rejected {
                return Ok(value.clone());
            }
        }
        self.fetch_into(http, recorder, &mut current, true).await
    }

    async fn fetch_into(
        &self,
        http: &reqwest::Client,
        recorder: Option<&crate::TrafficRecorder>,
        current: &mut Option<(Token, HeaderValue)>,
        rejected: bool,
    ) -> Result<HeaderValue, CredentialError> {
        let token = self.source.fetch(http, recorder, rejected).await?;
        let mut value =
            HeaderValue::from_str(&format!("{}{}", self.prefix, token.value.expose_secret()))
                .map_err(|_| {
                    CredentialError::message(
                        self.vendor,
                        "the vendor issued a token that cannot be sent in a header",
                    )
                })?;
        value.set_sensitive(true);
        *current = Some((token, value.clone()));
        Ok(value)
    }
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
