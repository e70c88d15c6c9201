//! How a client times out, retries and obtains its tokens.

use std::time::Duration;

/// How long a client waits for a connection to the vendor, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole attempt (connect, send, receive the body) may take, unless configured
/// otherwise. Face matching on the vendor's side takes seconds, so this is longer than
/// progenitor's 15 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a whole call may take, its attempts, the waits between them and the token request
/// included, unless configured otherwise: retries cannot stretch a call past it.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// How long one token request (a login, a token exchange) may take, whatever the HTTP client's
/// own timeout, unless configured otherwise.
pub const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a failed token request answers every call that needs a token, before one call tries
/// again, unless configured otherwise: a burst of calls makes one token request, not hundreds.
pub const DEFAULT_TOKEN_FAILURE_BACKOFF: Duration = Duration::from_secs(2);

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
    /// How long to wait for a connection ([`DEFAULT_CONNECT_TIMEOUT`], 10 s), within an attempt.
    pub connect_timeout: Duration,
    /// How long one attempt may take, from sending to the last byte of the body
    /// ([`DEFAULT_TIMEOUT`], 30 s).
    pub timeout: Duration,
    /// How long the whole call may take: every attempt, the waits between them and the token
    /// request ([`DEFAULT_DEADLINE`], 60 s). A retry that would end past it is not made, and a
    /// retry's attempt is cut to what is left.
    pub deadline: Duration,
    /// How long one token request may take ([`DEFAULT_TOKEN_TIMEOUT`], 10 s), even over an
    /// application's HTTP client that has no timeout.
    pub token_timeout: Duration,
    /// How long a failed token request is the answer for every call that needs a token
    /// ([`DEFAULT_TOKEN_FAILURE_BACKOFF`], 2 s).
    pub token_failure_backoff: Duration,
    /// When to retry (calls and token requests alike).
    pub retry: RetryPolicy,
    /// What a call returns when the vendor refuses it in the body of an HTTP 200 (ADVANCE.AI's
    /// `code`): an error, as every other vendor's refusals (the default), or the answer.
    pub in_body_refusals: InBodyRefusals,
}

/// What a call returns when the vendor refuses it in the body of a success status: ADVANCE.AI
/// answers every outcome with a `code` in its envelope (`IAM_FAILED`, `PARAMETER_ERROR`, ...),
/// in HTTP 200. A verdict of no on a request that was carried out (a face that does not match, a
/// liveness check that failed) is an answer either way: read it with
/// [`HasOutcome::verdict`](crate::HasOutcome::verdict).
///
/// ```
/// use faceauth_clients::{advance, ClientOptions, InBodyRefusals};
///
/// // Refusals as `Ok(answer)`, the code to read in the body, as the vendor's own API has it.
/// let options = ClientOptions {
///     in_body_refusals: InBodyRefusals::AsAnswers,
///     ..ClientOptions::default()
/// };
/// let client = advance::Client::with_access_token(advance::Server::Singapore, "token")
///     .and_then(|c| c.with_options(options))
///     .unwrap();
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InBodyRefusals {
    /// `Err(Error::Documented(answer))`, the envelope whole inside: the same `match` arm as every
    /// other vendor's documented refusals, with [`Error::refusal`](crate::Error::refusal) giving
    /// its code and message.
    #[default]
    AsErrors,
    /// `Ok(answer)`: the code is read in the body.
    AsAnswers,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            token_timeout: DEFAULT_TOKEN_TIMEOUT,
            token_failure_backoff: DEFAULT_TOKEN_FAILURE_BACKOFF,
            retry: RetryPolicy::default(),
            in_body_refusals: InBodyRefusals::default(),
        }
    }
}

/// When a call is sent again: only where it cannot do harm.
///
/// - **Reads** (operations the spec marks read-only, idempotent methods, logins and token
///   requests: [`OperationMeta::resend_safe`](crate::OperationMeta::resend_safe)) are resent after
///   a connection that failed, a timeout or a broken exchange, HTTP 429, 502, 503 and 504.
/// - **Writes** (an enrolment, a user created) are resent only when they provably did not reach
///   the vendor, or the vendor says it did not process them: a connection that could not be made
///   (refused, DNS, TLS), and HTTP 429 with `Retry-After`. A write answered 502, 503 or 504, or
///   whose exchange broke or timed out after sending, may have been processed: it is returned as
///   [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), never sent again blind.
///
/// Between attempts the client waits an exponential backoff with full jitter, or what
/// `Retry-After` asks (at most `max_retry_after`; longer, the response is returned instead), and
/// never past the call's deadline ([`ClientOptions::deadline`]). Multipart uploads are read into
/// one buffer before they are sent, so they are resent where a call may be (and after a rejected
/// token); a request whose body is a stream could not be sent twice and would get one attempt.
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
