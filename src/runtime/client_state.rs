//! What each generated `Client` carries besides its base URL and HTTP client (progenitor's "inner
//! type"): the vendor, its credential and how it is sent, the retry policy, the observers shown
//! every response, and the documented server the client was made for. Its `Debug` never shows
//! the credential.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::observe::Observers;
use super::token_cache::{FetchContext, TokenCache};
use crate::{transport, BaseUrl, CallObserver, ClientOptions, ConfigError, RetryPolicy, Vendor};

/// A client's state.
#[derive(Clone)]
pub struct ClientState {
    pub(super) vendor: Vendor,
    pub(super) credential_header: HeaderName,
    pub(super) credential: Credential,
    /// How the vendor says it rejected a credential.
    pub(super) rejection: Rejection,
    pub(super) retry: RetryPolicy,
    /// How long a whole call may take, retries and token request included.
    pub(super) deadline: Duration,
    /// How long one token request may take, and how long its failure answers every caller.
    pub(super) token_timeout: Duration,
    pub(super) token_failure_backoff: Duration,
    /// Whether the HTTP client is the application's (`with_http_client`), whose timeout is not
    /// known: then every attempt carries the call's deadline itself.
    pub(super) own_http_client: bool,
    /// Who is shown every raw response (`with_observer`, `with_traffic_recorder`).
    pub(super) observers: Observers,
    /// The documented server the base URL is, if it is one: then an operation whose pages do not
    /// list it is refused before sending (`server_check.rs`).
    pub(super) server: Option<&'static str>,
    /// The secret values this client knows (its credential, its token source's secret, the
    /// tokens it was issued): scrubbed from whatever it makes of a response.
    pub(super) secrets: crate::KnownSecrets,
    /// What a refusal in the body of an HTTP 200 becomes (ADVANCE.AI).
    pub(super) in_body_refusals: crate::InBodyRefusals,
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
        let state = Self::with(vendor, header, Credential::Static(value));
        state.secrets.add(secret.expose_secret());
        Ok(state)
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
            // How the vendor refuses a credential: 401 or 403, and its code in a 200 where it
            // has one (the vendor's one rule, `Vendor::credential_refusal_code`).
            rejection: match vendor.credential_refusal_code() {
                Some(code) => Rejection::StatusOrCode(code),
                None => Rejection::Status,
            },
            retry: RetryPolicy::default(),
            deadline: crate::DEFAULT_DEADLINE,
            token_timeout: crate::DEFAULT_TOKEN_TIMEOUT,
            token_failure_backoff: crate::DEFAULT_TOKEN_FAILURE_BACKOFF,
            own_http_client: false,
            observers: Vec::new(),
            server: None,
            secrets: crate::KnownSecrets::default(),
            in_body_refusals: crate::InBodyRefusals::default(),
        }
    }

    /// This state, also knowing `secret` (the password or keys a token source obtains tokens
    /// with): the token requests share the calling client's secrets, see
    /// [`ClientState::for_token_request`].
    pub(crate) fn knowing(self, secret: &crate::Secret) -> Self {
        self.secrets.add(secret.expose());
        self
    }

    /// The secret values this client knows.
    pub(crate) fn secrets(&self) -> &crate::KnownSecrets {
        &self.secrets
    }

    /// Knows and adds to `secrets` from now on, with every value known so far. Token requests
    /// take the calling client's secrets ([`ClientState::for_token_request`]), so the tokens
    /// issued from now on join `secrets` too.
    pub(crate) fn share_secrets(&mut self, secrets: &crate::KnownSecrets) {
        secrets.add_all(&self.secrets);
        self.secrets = secrets.clone();
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

    /// Shows every response to `observer` from now on (see [`crate::observer`]).
    pub(crate) fn observe(&mut self, observer: std::sync::Arc<dyn CallObserver>) {
        self.observers.push(observer);
    }

    /// The state of a token source's client for one token request of a calling client: its
    /// observers and retry policy, and the token request's timeout as its deadline.
    pub(crate) fn for_token_request(&self, context: &FetchContext<'_>) -> Self {
        let mut state = self.clone();
        // The calling client's observers see its token requests (a token source's own client
        // has none of its own to add).
        if !context.observers.is_empty() {
            state.observers = context.observers.to_vec();
        }
        state.retry = context.retry.clone();
        state.deadline = context.timeout;
        state.secrets = context.secrets.clone();
        // A refused token request is an error (`CredentialError::from_answer` reads it).
        state.in_body_refusals = crate::InBodyRefusals::AsErrors;
        state
    }

    /// What a token request of this client is sent with.
    pub(super) fn fetch_context<'a>(&'a self, http: &'a reqwest::Client) -> FetchContext<'a> {
        FetchContext {
            http,
            observers: &self.observers,
            retry: &self.retry,
            timeout: self.token_timeout,
            failure_backoff: self.token_failure_backoff,
            secrets: &self.secrets,
        }
    }

    /// Takes the retry policy, deadline and token settings of `options`.
    pub(crate) fn set_options(&mut self, options: &ClientOptions) {
        self.retry = options.retry.clone();
        self.deadline = options.deadline;
        self.token_timeout = options.token_timeout;
        self.token_failure_backoff = options.token_failure_backoff;
        self.in_body_refusals = options.in_body_refusals;
    }

    /// The calls now go through the application's own HTTP client.
    pub(crate) fn set_own_http_client(&mut self) {
        self.own_http_client = true;
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
    state.set_options(&options);
    state.own_http_client = false;
    Ok(())
}
