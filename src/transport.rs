//! The HTTP client every vendor client is built on.

use std::time::Duration;

use crate::{ClientOptions, ConfigError};

/// How long a client waits for a connection to the vendor, unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole call (connect, send, receive the body) may take, unless configured otherwise.
/// Face matching on the vendor's side takes seconds, so this is longer than progenitor's 15 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A reqwest client with the crate's defaults: rustls with the ring provider, and the timeouts
/// of `options`.
pub(crate) fn http_client(options: &ClientOptions) -> Result<reqwest::Client, ConfigError> {
    // reqwest is built without a default crypto provider (aws-lc-rs costs half a minute of C
    // build); install ring as the process default unless the application installed its own.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        .build()
        .map_err(|e| ConfigError::HttpClient(e.to_string()))
}
