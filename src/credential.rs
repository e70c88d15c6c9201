//! A vendor's credential given as data (from configuration, the environment, the command line),
//! for [`AnyClient`](crate::AnyClient) and each vendor's `Client::with_credential`.

use crate::{ConfigError, Secret, SecretString, Vendor};

/// The credential a client is built with: a static key or token, or the long-lived secret a
/// client obtains its tokens with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credential {
    /// An API key or an access token, sent as it is.
    Static(SecretString),
    /// Signzy: customer name and password (login).
    Login {
        /// The customer name.
        customer_name: String,
        /// The password.
        password: Secret,
    },
    /// ADVANCE.AI: access key and secret key (signed token request).
    AccessKey {
        /// The access key.
        access_key: Secret,
        /// The secret key.
        secret_key: Secret,
    },
    /// Progeny: username and password (token obtain and refresh).
    Password {
        /// The username.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credential {
    /// The error for a vendor that does not take this kind of credential.
    pub(crate) fn unsupported(&self, vendor: Vendor) -> ConfigError {
        let kind = match self {
            Self::Static(_) => "a static key or token",
            Self::Login { .. } => "a login",
            Self::AccessKey { .. } => "an access key",
            Self::Password { .. } => "a username and password",
        };
        ConfigError::UnsupportedCredential { vendor, kind }
    }
}
