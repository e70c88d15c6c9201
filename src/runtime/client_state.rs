//! What each generated `Client` carries besides its base URL and HTTP client (progenitor's "inner
//! type"): the vendor, its credential and how it is sent, the retry policy, the opt-in recorder
//! and response log, and the documented server the client was made for. Its `Debug` never shows
//! the credential.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::response_log::Keepers;
#[cfg(feature = "conformance")]
use super::response_log::ResponseLog;
use super::token_cache::TokenCache;
use crate::{transport, BaseUrl, ClientOptions, ConfigError, RetryPolicy, TrafficRecorder, Vendor};

/// A client's state.
#[derive(Clone)]
pub struct ClientState {
    pub(super) vendor: Vendor,
    pub(super) credential_header: HeaderName,
    pub(super) credential: Credential,
    /// How the vendor says it rejected a credential.
    pub(super) rejection: Rejection,
    pub(super) retry: RetryPolicy,
    /// Where to keep a copy of every raw response, for the live conformance check.
    #[cfg(feature = "conformance")]
    pub(super) response_log: Option<ResponseLog>,
    /// Where to write every response as a redacted JSON line (opt-in).
    pub(super) recorder: Option<TrafficRecorder>,
    /// The documented server the base URL is, if it is one: then an operation whose pages do not
    /// list it is refused before sending (`server_check.rs`).
    pub(super) server: Option<&'static str>,
}

/// What a client sends in its credential header.
#[derive(Clone)]
pub(super) enum Credential {
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

impl ClientState {
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
            #[cfg(feature = "conformance")]
            response_log: None,
            recorder: None,
            server: None,
        }
    }

    /// This state for a client whose base URL is `base`: when `base` is one of the vendor's
    /// documented servers (`documented`, generated from the spec), the operations its documents
    /// do not list there are refused before sending (build.rs makes every generated constructor
    /// call this).
    pub(crate) fn for_base_url(mut self, base: &str, documented: &'static [&'static str]) -> Self {
        let base = base.trim_end_matches('/');
        self.server = documented.iter().copied().find(|server| *server == base);
        self
    }

    pub(crate) fn rejected_by(mut self, rejection: Rejection) -> Self {
        self.rejection = rejection;
        self
    }

    /// The vendor.
    pub(crate) fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The documented server the client was made for, if its base URL is one.
    pub(crate) fn server(&self) -> Option<&'static str> {
        self.server
    }

    /// What kind of credential the client sends, for its `Debug`.
    pub(crate) fn credential_kind(&self) -> &'static str {
        match self.credential {
            Credential::None => "none",
            Credential::Static(_) => "static",
            Credential::Tokens(_) => "tokens",
        }
    }

    /// Writes every response to `recorder` from now on (see [`crate::recorder`]).
    pub(crate) fn record_traffic(&mut self, recorder: TrafficRecorder) {
        self.recorder = Some(recorder);
    }

    /// This state, recording to `recorder` too, if any (a token source's client).
    pub(crate) fn recording(mut self, recorder: Option<&TrafficRecorder>) -> Self {
        self.recorder = recorder.cloned().or(self.recorder);
        self
    }

    /// Keeps a copy of every raw response in `log` from now on.
    #[cfg(feature = "conformance")]
    pub(crate) fn record_responses(&mut self, log: ResponseLog) {
        self.response_log = Some(log);
    }

    /// Where the raw responses are kept, if anywhere (a traffic recorder, a response log): then
    /// each body is read before the typed client decodes it.
    pub(super) fn keepers(&self) -> Option<Keepers<'_>> {
        let keepers = Keepers {
            recorder: self.recorder.as_ref(),
            #[cfg(feature = "conformance")]
            log: self.response_log.as_ref(),
        };
        #[cfg(feature = "conformance")]
        let any = keepers.recorder.is_some() || keepers.log.is_some();
        #[cfg(not(feature = "conformance"))]
        let any = keepers.recorder.is_some();
        any.then_some(keepers)
    }

    pub(crate) fn set_retry(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
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

/// The parts of a generated client: base URL, HTTP client and state.
pub(crate) fn client_parts(
    base_url: impl Into<BaseUrl>,
    state: Result<ClientState, ConfigError>,
) -> Result<(BaseUrl, reqwest::Client, ClientState), ConfigError> {
    let http = transport::default_http_client()?;
    Ok((base_url.into(), http, state?))
}

/// Rebuilds the client's HTTP transport with `options` (see each vendor's `with_options`).
pub(crate) fn apply_options(
    http: &mut reqwest::Client,
    state: &mut ClientState,
    options: ClientOptions,
) -> Result<(), ConfigError> {
    *http = transport::http_client(&options)?;
    state.set_retry(options.retry);
    Ok(())
}
