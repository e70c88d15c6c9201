//! The HTTP client every vendor client is built on, unless the application brings its own
//! (`with_http_client`).
//!
//! TLS follows this crate's features, as reqwest's do: `rustls` (the default: aws-lc-rs),
//! `rustls-ring`, `native-tls`, or none (plain HTTP only). A rustls configuration is built here
//! with its provider named explicitly: nothing is installed as the process-wide default, so the
//! application's own TLS choices stay its own.

use crate::{ClientOptions, ConfigError};

/// A reqwest client with the crate's defaults: the TLS of the crate's features, and the timeouts
/// of `options`.
pub(crate) fn http_client(options: &ClientOptions) -> Result<reqwest::Client, ConfigError> {
    let builder = reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        // Retries are this crate's (`RetryPolicy`, which knows what is safe to send again).
        // reqwest's own default only retries HTTP/2 refusals, which these HTTP/1.1 clients never
        // see, yet it copies every request to be able to: switched off.
        .retry(reqwest::retry::never().max_retries_per_request(0))
        // A redirect is the vendor's answer, not a hop to take: Verisoul's public redirect
        // documents its 302 (the client returns the `Location`), and no other operation documents
        // one, so following it would send the request, credential included, where no spec says.
        .redirect(reqwest::redirect::Policy::none());
    with_tls(builder)?
        .build()
        .map_err(|e| ConfigError::HttpClient(Box::new(e)))
}

/// The HTTP client of the default options, built once and shared by every client that uses them
/// (one connection pool, one TLS configuration), as reqwest advises.
pub(crate) fn default_http_client() -> Result<reqwest::Client, ConfigError> {
    static DEFAULT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    if let Some(http) = DEFAULT.get() {
        return Ok(http.clone());
    }
    let http = http_client(&ClientOptions::default())?;
    Ok(DEFAULT.get_or_init(|| http).clone())
}

/// rustls with the provider of the crate's features, given to this client alone.
#[cfg(any(feature = "rustls", feature = "rustls-ring"))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, ConfigError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_platform_verifier())
        .map_err(|e| ConfigError::Tls(Box::new(e)))?
        .with_no_client_auth();
    Ok(builder.tls_backend_preconfigured(config))
}

/// The platform's TLS, as reqwest configures it.
#[cfg(all(
    feature = "native-tls",
    not(any(feature = "rustls", feature = "rustls-ring"))
))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, ConfigError> {
    Ok(builder.tls_backend_native())
}

/// No TLS feature: plain HTTP only (an `https` URL fails when called).
#[cfg(not(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls")))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, ConfigError> {
    Ok(builder)
}

/// aws-lc-rs, reqwest's own default provider (feature `rustls`).
#[cfg(feature = "rustls")]
fn provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// ring (feature `rustls-ring` without `rustls`).
#[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
fn provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    std::sync::Arc::new(rustls::crypto::ring::default_provider())
}
