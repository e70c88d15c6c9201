//! How a client times out and retries.

use std::time::Duration;

/// How long a client waits for a connection to the vendor, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole attempt (connect, send, receive the body) may take, unless configured
/// otherwise. Face matching on the vendor's side takes seconds, so this is longer than
/// progenitor's 15 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Timeouts and retries of a client. `ClientOptions::default()` gives the documented defaults.
///
/// ```
/// use std::time::Duration;
/// use faceauth_clients::{verisoul, ClientOptions, RetryPolicy};
///
/// let options = ClientOptions {
///     timeout: Duration::from_secs(10),
///     retry: RetryPolicy::none(),
///     ..ClientOptions::default()
/// };
/// let client = verisoul::Client::with_api_key(verisoul::Server::Sandbox, "key")
///     .and_then(|c| c.with_options(options))
///     .unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// How long to wait for a connection ([`DEFAULT_CONNECT_TIMEOUT`], 10 s).
    pub connect_timeout: Duration,
    /// How long a whole attempt may take, from sending to the last byte ([`DEFAULT_TIMEOUT`], 30 s).
    pub timeout: Duration,
    /// When to retry.
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }
}

/// When a call is sent again. Only where it is safe:
/// - a connection that failed before the request was sent;
/// - HTTP 429 and 503 (the vendor did not process the request), honouring `Retry-After`;
/// - a timeout, only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS): an enrolment that
///   timed out may have been processed, so it is never sent blind a second time.
///
/// Between attempts the client waits an exponential backoff with full jitter, or what
/// `Retry-After` asks (at most `max_retry_after`; longer, the response is returned instead).
/// Multipart uploads are read into one buffer before they are sent, so they are retried like any
/// call (and resent after a rejected token); a request whose body is a stream could not be sent
/// twice and would get one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (2: at most 3 attempts). 0 turns retrying off.
    pub max_retries: u32,
    /// The backoff before the first retry (200 ms); it doubles with each retry.
    pub initial_backoff: Duration,
    /// The longest backoff (5 s).
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured (30 s).
    pub max_retry_after: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The backoff before retry number `retry` (1-based), before jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}
