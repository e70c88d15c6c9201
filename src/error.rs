//! Errors that are not a vendor's response: building a client ([`ConfigError`]), reaching the
//! vendor ([`TransportError`]) and obtaining a credential ([`CredentialError`]). Each keeps its
//! typed cause behind `std::error::Error::source`; none carries a URL or a secret in its text.

use std::error::Error as StdError;
use std::fmt;

use crate::{ImageError, OperationMeta, Vendor};

/// A boxed cause, as the errors here keep it.
type Cause = Box<dyn StdError + Send + Sync + 'static>;

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
    /// This build does not have the vendor's client: its cargo feature (named as the vendor) is
    /// off.
    VendorNotBuilt(Vendor),
    /// The vendor does not take this kind of credential (see [`Credential`](crate::Credential)).
    UnsupportedCredential {
        /// The vendor.
        vendor: Vendor,
        /// The kind of credential given.
        kind: &'static str,
    },
    /// The TLS configuration could not be built (the platform's certificate verifier). The
    /// source is rustls's error.
    Tls(Cause),
    /// The HTTP client could not be built. The source is reqwest's error.
    HttpClient(Cause),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL {url:?}: {reason}"),
            Self::InvalidCredential { header } => write!(
                f,
                "the credential cannot be sent in the {header} header: it holds a character a header value cannot carry"
            ),
            Self::UnsupportedCredential { vendor, kind } => {
                write!(f, "{vendor} does not take {kind}")
            }
            Self::VendorNotBuilt(vendor) => write!(
                f,
                "this build has no {vendor} client: its cargo feature `{vendor}` is off"
            ),
            Self::Tls(why) => write!(f, "cannot build the TLS configuration: {why}"),
            Self::HttpClient(why) => write!(f, "cannot build the HTTP client: {why}"),
        }
    }
}

impl StdError for ConfigError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Tls(cause) | Self::HttpClient(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}

/// No usable response: the connection failed, the call timed out, or the exchange broke.
///
/// Its source is reqwest's error, with the URL removed (a URL can carry ids of the vendor's
/// users); its text is that error's message and causes on one line.
///
/// ```
/// use faceauth_clients::{verisoul, BaseUrl, Error};
///
/// # async fn run() {
/// // Nothing listens on port 9 of this machine.
/// let client = verisoul::Client::with_api_key(BaseUrl::parse("http://127.0.0.1:9").unwrap(), "key")
///     .unwrap()
///     .with_options(faceauth_clients::ClientOptions {
///         retry: faceauth_clients::RetryPolicy::none(),
///         ..Default::default()
///     })
///     .unwrap();
/// let session = "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse::<faceauth_clients::uuid::Uuid>().unwrap();
/// let body = verisoul::types::EnrollRequest::new(session, "a");
/// match client.enroll_face_match(&body).await {
///     Err(Error::Connection(e)) => {
///         let cause = std::error::Error::source(&e).unwrap();
///         assert!(cause.downcast_ref::<reqwest::Error>().is_some());
///         assert!(!e.to_string().contains("127.0.0.1"));
///     }
///     other => panic!("{other:?}"),
/// }
/// # }
/// ```
pub struct TransportError {
    source: reqwest::Error,
    message: String,
}

impl TransportError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        let source = error.without_url();
        let message = chain(&source);
        Self { source, message }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether the connection could not be made.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// reqwest's error (without its URL).
    pub fn reqwest_error(&self) -> &reqwest::Error {
        &self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("message", &self.message)
            .finish()
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// No credential could be obtained for a call: the vendor refused the login or token request, or
/// it could not be made. Nothing else was sent.
///
/// Its source is what the token request ended with (typically a [`crate::Error`] of the token
/// operation, with the vendor's status and body excerpt); neither holds the secret.
pub struct CredentialError {
    vendor: Vendor,
    message: String,
    source: Option<Cause>,
    /// The vendor's refusal of the token request, where the vendor refused it (as opposed to a
    /// request that timed out or could not be made). Boxed, as it is rare: every call's `Result` stays small.
    refusal: Option<Box<crate::Refusal>>,
    /// A failure shared by every call that waited for one token request: that failure itself,
    /// whose message and source this one shows.
    shared: Option<std::sync::Arc<CredentialError>>,
}

impl CredentialError {
    /// A failure described by `message`, caused by `source`.
    pub fn new(
        vendor: Vendor,
        message: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            vendor,
            message: message.into(),
            source: Some(source.into()),
            refusal: None,
            shared: None,
        }
    }

    /// This failure, a refusal of the credential (`credential` set) by `refusal`.
    pub(crate) fn with_refusal(mut self, mut refusal: crate::Refusal) -> Self {
        refusal.credential = true;
        self.refusal = Some(Box::new(refusal));
        self
    }

    /// A token request the vendor refused with `refusal` (its answer decoded, its code a
    /// refusal).
    pub fn refused(
        vendor: Vendor,
        message: impl Into<String>,
        mut refusal: crate::Refusal,
    ) -> Self {
        refusal.credential = true;
        Self {
            refusal: Some(Box::new(refusal)),
            ..Self::message(vendor, message)
        }
    }

    /// The vendor's refusal of the token request (its code and message, `credential` set), or
    /// `None` where no answer refused it (a timeout, no connection, a 5xx).
    pub fn refusal(&self) -> Option<&crate::Refusal> {
        match &self.shared {
            Some(shared) => shared.refusal(),
            None => self.refusal.as_deref(),
        }
    }

    /// The failure of a token request that several calls waited for, for one of them.
    pub(crate) fn shared(failure: std::sync::Arc<CredentialError>) -> Self {
        Self {
            vendor: failure.vendor,
            message: String::new(),
            source: None,
            refusal: None,
            shared: Some(failure),
        }
    }

    /// A failure with no further cause.
    pub fn message(vendor: Vendor, message: impl Into<String>) -> Self {
        Self {
            vendor,
            message: message.into(),
            source: None,
            refusal: None,
            shared: None,
        }
    }

    /// The vendor whose credential failed.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }
}

/// `<message>: <cause>` on one line.
impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(shared) = &self.shared {
            return shared.fmt(f);
        }
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(shared) = &self.shared {
            return shared.fmt(f);
        }
        f.debug_struct("CredentialError")
            .field("vendor", &self.vendor)
            .field("message", &self.message)
            .field("source", &self.source)
            .field("refusal", &self.refusal)
            .finish()
    }
}

impl StdError for CredentialError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        if let Some(shared) = &self.shared {
            return shared.source();
        }
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// An error's message with its sources on one line ("error sending request: connection refused").
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// Why a call was refused before anything was sent
/// ([`Error::InvalidRequest`](crate::Error::InvalidRequest)).
#[derive(Debug)]
#[non_exhaustive]
pub enum InvalidRequest {
    /// The image breaks the vendor's documented rules (format, size, dimensions).
    Image(ImageError),
    /// The client was made for a documented server that the operation's pages do not list.
    NotServedHere {
        /// The operation.
        operation: &'static OperationMeta,
        /// The client's server (base URL).
        server: &'static str,
    },
    /// The client's base URL and the operation's path do not make a URL.
    Url {
        /// The operation's path.
        path: &'static str,
        /// What the URL parser said.
        reason: String,
    },
    /// The HTTP client could not build the request (a value a header cannot carry, ...). The
    /// source is reqwest's error.
    Build(TransportError),
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Image(why) => fmt::Display::fmt(why, f),
            Self::NotServedHere { operation, server } => write!(
                f,
                "{} is not documented on {server}; the vendor's documents list it on: {} (a client made with BaseUrl::parse sends it to any host)",
                operation.id,
                operation.servers.join(", ")
            ),
            Self::Url { path, reason } => {
                write!(f, "the base URL and {path:?} make no URL: {reason}")
            }
            Self::Build(why) => write!(f, "the request cannot be built: {why}"),
        }
    }
}

impl StdError for InvalidRequest {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Image(why) => Some(why),
            Self::Build(why) => Some(why),
            _ => None,
        }
    }
}
