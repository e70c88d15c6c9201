//! The methods every vendor's generated `Client` shares, written once as macros that each vendor
//! module invokes (a generated `Client` is a different type per vendor).

/// Implements `with_options`, `with_http_client`, `with_observer` and `with_traffic_recorder`, and a `Debug` that
/// shows the vendor, the server and the credential kind only, on a vendor's `Client`.
/// `$example` is an expression that builds a client, for the rustdoc example.
macro_rules! impl_client_options {
    ($example:literal) => {
        impl Client {
            /// The same client with other timeouts and retries (see
            /// [`ClientOptions`](crate::ClientOptions)). It builds a new HTTP client with these
            /// timeouts: to keep your own, call [`Client::with_http_client`] after this.
            pub fn with_options(
                mut self,
                options: $crate::ClientOptions,
            ) -> ::std::result::Result<Self, $crate::ConfigError> {
                $crate::runtime::apply_options(&mut self.client, &mut self.inner, options)?;
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
                self.inner.set_own_http_client();
                self
            }

            /// The same client, showing every response it receives to `observer` (see
            /// [`CallObserver`](crate::CallObserver)).
            pub fn with_observer(mut self, observer: impl $crate::CallObserver + 'static) -> Self {
                self.inner.observe(::std::sync::Arc::new(observer));
                self
            }

            /// The same client, writing every response it gets to `recorder` as one redacted
            /// JSON line (see [`TrafficRecorder`](crate::TrafficRecorder)), for
            /// `faceauth drift --traffic`.
            pub fn with_traffic_recorder(mut self, recorder: $crate::TrafficRecorder) -> Self {
                self.inner.observe(::std::sync::Arc::new(recorder));
                self
            }

            /// The secret values this client knows (its credential, the password or keys it
            /// obtains tokens with, the tokens it was issued), which it scrubs from every text
            /// it makes of a response (see [`KnownSecrets`](crate::KnownSecrets)). Add your own
            /// with [`KnownSecrets::add`](crate::KnownSecrets::add); print your logs through
            /// [`KnownSecrets::scrub`](crate::KnownSecrets::scrub).
            pub fn known_secrets(&self) -> &$crate::KnownSecrets {
                self.inner.secrets()
            }

            /// The same client, knowing and adding to `secrets` (clones share their values):
            /// several clients, and the reports made of their calls, scrub the same values.
            pub fn sharing_secrets(mut self, secrets: &$crate::KnownSecrets) -> Self {
                self.inner.share_secrets(secrets);
                self
            }
        }

        /// The vendor, the base URL (and whether it is a documented server) and the kind of
        /// credential: never the credential, nor the HTTP client's internals.
        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("vendor", &self.inner.vendor())
                    .field("base_url", &self.baseurl)
                    .field("documented_server", &self.inner.server().is_some())
                    .field("credential", &self.inner.credential_kind())
                    .finish()
            }
        }
    };
}
pub(crate) use impl_client_options;

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
                let credential = $crate::runtime::ClientState::credential(
                    $vendor,
                    CREDENTIAL_HEADER,
                    $prefix,
                    &$credential.into(),
                );
                let (base, http, state) = $crate::runtime::client_parts(base_url, credential)?;
                Ok(Self::new_with_client(base.as_str(), http, state))
            }
        }
    };
}
pub(crate) use static_credential_constructor;
