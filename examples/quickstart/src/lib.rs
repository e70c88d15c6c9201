//! What the four quick-start applications share: where to send their calls.
//!
//! Each takes the base URL as its first argument (`faceauth mock` prints one per vendor); without
//! it, the vendor's documented server. Each exits non-zero if a step does not go as documented.

use faceauth_clients::BaseUrl;

/// The base URL from the first argument, or `default` (a vendor's documented server).
pub fn base_url(default: impl Into<BaseUrl>) -> Result<BaseUrl, faceauth_clients::ConfigError> {
    match std::env::args().nth(1) {
        Some(url) => BaseUrl::parse(&url),
        None => Ok(default.into()),
    }
}

/// A credential from the environment, or a stand-in value the mock accepts.
pub fn env_or(name: &str, stand_in: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| stand_in.to_owned())
}
