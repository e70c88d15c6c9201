//! Why the mock cannot start, or a credential it was given cannot be used. `Display` is one line
//! that never repeats a secret.

use faceauth_clients::Vendor;

/// Why the mock cannot start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// A vendor's spec cannot be loaded.
    #[error(transparent)]
    Spec(#[from] faceauth_conformance::Error),
    /// An operation of a spec cannot be served as it is written (a schema that does not
    /// compile, an extension naming an example the operation does not have).
    #[error("{vendor} {operation}: {reason}")]
    Operation {
        /// The vendor.
        vendor: Vendor,
        /// The operation's `operationId`.
        operation: String,
        /// What is wrong.
        reason: String,
    },
    /// The security scheme's header is not a header name.
    #[error("{vendor}: the credential's header name: {reason}")]
    CredentialHeader {
        /// The vendor.
        vendor: Vendor,
        /// What is wrong with it.
        reason: String,
    },
    /// A credential for a vendor the mock does not serve.
    #[error("a credential for {0}, which this mock does not serve")]
    StrayCredential(Vendor),
    /// The address cannot be listened on.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address.
        address: std::net::SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Why a credential given to the mock cannot be used (`--credential VENDOR=VALUE`). Never
/// repeats the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// Not `VENDOR=VALUE`.
    #[error("expected VENDOR=VALUE (signzy=NAME:PASSWORD, verisoul=KEY, advance=ACCESS_KEY:SECRET_KEY, progeny=USERNAME:PASSWORD, or a static token)")]
    NotVendorValue,
    /// The vendor is not one of the clients'.
    #[error("{0}")]
    UnknownVendor(#[from] faceauth_clients::UnknownVendor),
    /// An empty value.
    #[error("{0}'s credential is empty")]
    Empty(Vendor),
    /// A login for Verisoul, which takes an API key.
    #[error("verisoul takes an API key, not a login: verisoul=KEY")]
    NoLogin,
    /// A login with an empty part.
    #[error("{vendor}'s {form} needs both parts")]
    HalfLogin {
        /// The vendor.
        vendor: Vendor,
        /// The form it takes (`NAME:PASSWORD`).
        form: &'static str,
    },
}
