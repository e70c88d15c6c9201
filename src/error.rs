//! Errors of building a client (before anything is sent).

use std::fmt;

/// Why a client could not be built. Nothing has been sent when this is returned.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The credential cannot be sent in its header (it holds a control character or a newline).
    /// The credential itself is never part of this error.
    InvalidCredential {
        /// The header the credential is sent in.
        header: &'static str,
    },
    /// The HTTP client could not be built (TLS initialisation).
    HttpClient(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL {url:?}: {reason}"),
            Self::InvalidCredential { header } => write!(
                f,
                "the credential cannot be sent in the {header} header: it holds a character a header value cannot carry"
            ),
            Self::HttpClient(why) => write!(f, "cannot build the HTTP client: {why}"),
        }
    }
}

impl std::error::Error for ConfigError {}
