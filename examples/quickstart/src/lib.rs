//! What the four quick-start applications share: where to send their calls.
//!
//! Each takes the base URL as its first argument (`faceauth mock` prints one per vendor); without
//! it, the vendor's documented server. Each exits non-zero if a step does not go as documented:
//! 3 when the vendor refuses the credential, 4 when it refuses a request, 1 for anything else. Each
//! tells them apart the same way, one `match` arm each, whatever the vendor:
//!
//! ```text
//! Err(e) if e.is_credential_refused() => credential_refused(e),
//! Err(e) if e.is_refused() => refused("enrol", e),
//! ```

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

/// Stops the application because the vendor refused its credential (exit 3).
pub fn credential_refused(error: impl std::fmt::Display) -> ! {
    eprintln!("credential refused: {error}");
    std::process::exit(3)
}

/// Stops the application because the vendor refused `step` (exit 4).
pub fn refused(step: &str, error: impl std::fmt::Display) -> ! {
    eprintln!("refused, {step}: {error}");
    std::process::exit(4)
}
