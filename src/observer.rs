//! The one seam through which code outside the clients sees each call in flight: a
//! [`CallObserver`] given to a client (`with_observer`) is shown every response the client
//! receives, as the vendor sent it and before the typed client decodes it, with the request
//! that brought it (its operation, method and URL). The traffic recorder is one observer
//! ([`TrafficRecorder`](crate::TrafficRecorder)); the conformance tools' response log is
//! another; an application may add its own (metrics, audit logs, a test's assertions).
//!
//! An observer is called on the task that makes the call, once per response handed to the
//! typed client (after the retries the client's policy allows), and for the token requests the
//! client makes too. It must not block for long. The body is read before it is shown (at most
//! [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES); a larger one is shown as `None` and ends the call
//! as `Error::BodyTooLarge`): a client with no observer never holds a body it does not need.
//!
//! The response may carry what the client must not print: a token it was issued, a value the
//! vendor echoed. [`ObservedResponse::secrets`] holds the client's known secret values, so an
//! observer that writes anything down can scrub them ([`KnownSecrets::scrub`](crate::KnownSecrets::scrub)).
//!
//! ```
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use std::sync::Arc;
//! use faceauth_clients::{verisoul, CallObserver, ObservedResponse};
//!
//! /// Counts the responses per status class.
//! #[derive(Default)]
//! struct Statuses { ok: AtomicUsize, refused: AtomicUsize }
//!
//! impl CallObserver for Statuses {
//!     fn response_received(&self, response: &ObservedResponse<'_>) {
//!         let counter = if response.status.is_success() { &self.ok } else { &self.refused };
//!         counter.fetch_add(1, Ordering::Relaxed);
//!     }
//! }
//!
//! # fn build() -> Result<(), Box<dyn std::error::Error>> {
//! let statuses = Arc::new(Statuses::default());
//! let client = verisoul::Client::with_api_key(verisoul::Server::Sandbox, "key")?
//!     .with_observer(statuses.clone());
//! # let _ = client;
//! # Ok(())
//! # }
//! ```

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::{KnownSecrets, OperationMeta};

/// A response as the vendor sent it, with the request that brought it.
#[derive(Debug)]
#[non_exhaustive]
pub struct ObservedResponse<'a> {
    /// The operation the request was for (a token request's own operation for a token request).
    pub operation: &'static OperationMeta,
    /// The request's method.
    pub method: &'a Method,
    /// The request's URL (it may carry ids of the vendor's users: an observer that writes it
    /// down decides what to keep).
    pub url: &'a reqwest::Url,
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers, with those that can carry a credential or session marked
    /// sensitive ([`SENSITIVE_HEADERS`](crate::SENSITIVE_HEADERS)).
    pub headers: &'a HeaderMap,
    /// The body, or `None` when it is larger than [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)
    /// (nothing of it is kept, and the call ends as `Error::BodyTooLarge`).
    pub body: Option<&'a Bytes>,
    /// The secret values the client knows (its credential, the password or keys it obtains
    /// tokens with, the tokens it was issued): to scrub from anything written down.
    pub secrets: &'a KnownSecrets,
}

/// Something shown every response a client receives (see the [module docs](self)).
pub trait CallObserver: Send + Sync {
    /// Called with each response the client hands to its typed decoding.
    fn response_received(&self, response: &ObservedResponse<'_>);
}

impl<T: CallObserver + ?Sized> CallObserver for std::sync::Arc<T> {
    fn response_received(&self, response: &ObservedResponse<'_>) {
        (**self).response_received(response)
    }
}
