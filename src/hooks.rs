//! What every generated client does around each request: progenitor's `ClientHooks`.
//!
//! progenitor ignores `securitySchemes` and adds an `api-version` header that no vendor documents.
//! The hook here sends each vendor's credential the way its spec's security scheme says, and
//! removes that header, so the wire request carries only what the vendor documents.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::{transport, BaseUrl, ConfigError};

/// The header progenitor adds to every request (`api-version: <info.version>`).
const PROGENITOR_API_VERSION: &str = "api-version";

/// The state each generated `Client` carries (progenitor's "inner type"): the credential header.
/// Its `Debug` never shows the credential.
#[derive(Clone)]
pub struct Inner {
    credential_header: HeaderName,
    /// Marked sensitive, so that reqwest and `http` print it as `Sensitive`.
    credential_value: HeaderValue,
}

impl Inner {
    /// A credential sent as `<header>: <prefix><secret>`.
    pub(crate) fn credential(
        header: &'static str,
        prefix: &str,
        secret: &SecretString,
    ) -> Result<Self, ConfigError> {
        let invalid = || ConfigError::InvalidCredential { header };
        let mut value = HeaderValue::from_str(&format!("{prefix}{}", secret.expose_secret()))
            .map_err(|_| invalid())?;
        value.set_sensitive(true);
        Ok(Self {
            credential_header: HeaderName::from_static(header),
            credential_value: value,
        })
    }

    /// The header the credential is sent in.
    pub fn credential_header(&self) -> &str {
        self.credential_header.as_str()
    }
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("credential_header", &self.credential_header)
            .field("credential_value", &"[redacted]")
            .finish()
    }
}

/// The parts of a generated client: base URL, HTTP client and inner state.
pub(crate) fn client_parts(
    base_url: impl Into<BaseUrl>,
    inner: Result<Inner, ConfigError>,
) -> Result<(BaseUrl, reqwest::Client, Inner), ConfigError> {
    Ok((base_url.into(), transport::http_client()?, inner?))
}

/// Runs before every request is sent.
pub(crate) fn prepare(inner: &Inner, request: &mut reqwest::Request) {
    let headers = request.headers_mut();
    headers.remove(PROGENITOR_API_VERSION);
    headers.insert(
        inner.credential_header.clone(),
        inner.credential_value.clone(),
    );
}

/// Implements progenitor's `ClientHooks` for a vendor module's generated `Client`
/// (`HooksMode::Expected` in build.rs makes a missing implementation a compile error).
macro_rules! impl_client_hooks {
    () => {
        impl ::progenitor_client::ClientHooks<$crate::hooks::Inner> for Client {
            async fn pre<E>(
                &self,
                request: &mut ::reqwest::Request,
                _info: &::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), ::progenitor_client::Error<E>> {
                $crate::hooks::prepare(::progenitor_client::ClientInfo::inner(self), request);
                Ok(())
            }
        }
    };
}
pub(crate) use impl_client_hooks;
