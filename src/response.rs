//! What every client call returns: a typed [`ResponseValue`], or an [`Error`] that keeps the
//! evidence (status, content type, a bounded excerpt of the body) of whatever went wrong.
//!
//! progenitor's own error type loses the HTTP status when a body does not decode; build.rs makes
//! the generated methods use these types instead.

use std::fmt;
use std::ops::Deref;

use bytes::{Bytes, BytesMut};

use crate::coded_envelope::BodyCode;

pub use crate::error::{CredentialError, InvalidRequest, TransportError};
use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// The most a client reads of a response body. The vendors answer small JSON documents; a larger
/// body is refused with [`Error::BodyTooLarge`] rather than held in memory.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How much of a body an error keeps as evidence.
pub const BODY_EXCERPT_BYTES: usize = 512;

/// A decoded response with its status and headers. Dereferences to the typed body.
#[derive(Clone)]
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
    /// The client's known secrets: `Debug` (and an error's `Display`) never print one the vendor
    /// echoed into the body.
    secrets: Option<crate::KnownSecrets>,
}

impl<T> ResponseValue<T> {
    /// A response value from its parts.
    pub fn new(inner: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            inner,
            status,
            headers,
            secrets: None,
        }
    }

    /// This value, printed with `secrets` scrubbed.
    pub(crate) fn scrubbed_by(mut self, secrets: &crate::KnownSecrets) -> Self {
        self.secrets = Some(secrets.clone());
        self
    }

    /// `text` scrubbed of the client's known secrets, if the value knows them.
    pub(crate) fn scrub<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.secrets {
            Some(secrets) => secrets.scrub(text),
            None => std::borrow::Cow::Borrowed(text),
        }
    }

    /// The typed body.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The typed body, borrowed (the value also dereferences to it).
    pub fn as_inner(&self) -> &T {
        &self.inner
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<T: crate::HasOutcome> ResponseValue<T> {
    /// What the body says happened ([`HasOutcome::verdict`](crate::HasOutcome::verdict)), with
    /// any secret of the client the vendor echoed into its code, message or reason replaced.
    pub fn verdict(&self) -> crate::Verdict {
        match self.inner.verdict() {
            crate::Verdict::Refused(refusal) => {
                crate::Verdict::Refused(self.scrub_refusal(refusal))
            }
            other => other,
        }
    }

    /// The refusal the body reports, if any ([`HasOutcome::refusal`](crate::HasOutcome::refusal)),
    /// scrubbed as [`ResponseValue::verdict`] is.
    pub fn refusal(&self) -> Option<crate::Refusal> {
        self.inner
            .refusal()
            .map(|refusal| self.scrub_refusal(refusal))
    }

    fn scrub_refusal(&self, refusal: crate::Refusal) -> crate::Refusal {
        let scrub = |text: Option<String>| text.map(|text| self.scrub(&text).into_owned());
        crate::Refusal {
            code: scrub(refusal.code),
            message: scrub(refusal.message),
            reason: scrub(refusal.reason),
            credential: refusal.credential,
        }
    }
}

impl<T: DeserializeOwned> ResponseValue<T> {
    /// Reads (at most [`MAX_BODY_BYTES`] of) the body and decodes it as JSON. A body that does not
    /// decode gives [`Error::InvalidBody`] with the status, content type and an excerpt.
    pub async fn from_response<E>(mut response: reqwest::Response) -> Result<Self, Error<E>> {
        let status = response.status();
        // The headers move to the value: the body is read from the rest of the response.
        let headers = std::mem::take(response.headers_mut());
        let body = read_bounded(response).await?;
        match serde_json::from_slice(&body) {
            Ok(inner) => Ok(Self::new(inner, status, headers)),
            Err(e) => Err(Error::InvalidBody {
                evidence: Evidence::new(status, headers, &body),
                reason: e.to_string(),
            }),
        }
    }
}

impl ResponseValue<()> {
    /// A response without a body.
    pub fn empty(mut response: reqwest::Response) -> Self {
        let headers = std::mem::take(response.headers_mut());
        Self::new((), response.status(), headers)
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

/// The status and the typed body, with any secret of the client the vendor echoed replaced.
impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = if f.alternate() {
            format!("{:#?}", self.inner)
        } else {
            format!("{:?}", self.inner)
        };
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("inner", &format_args!("{}", self.scrub(&inner)))
            .finish()
    }
}

/// What a response that could not be used looked like.
#[derive(Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body's length in bytes (as far as it was read).
    pub body_len: usize,
    /// The first [`BODY_EXCERPT_BYTES`] of the body, as text.
    pub body_excerpt: String,
    /// The response headers: the vendors' request ids, `Retry-After`. Values that can carry a
    /// credential or session (the crate's one list, [`SENSITIVE_HEADERS`](crate::SENSITIVE_HEADERS):
    /// `Set-Cookie`, `Authorization`, `X-ACCESS-TOKEN`, ...) are marked sensitive and never printed.
    pub headers: HeaderMap,
    /// The envelope's code and message ([`Evidence::body_code`]); boxed, as it is rare, so that
    /// every call's `Result` stays small.
    body_code: Option<Box<BodyCode>>,
}

impl Evidence {
    pub(crate) fn new(status: StatusCode, mut headers: HeaderMap, body: &[u8]) -> Self {
        let excerpt = &body[..body.len().min(BODY_EXCERPT_BYTES)];
        crate::redact::mark_sensitive(&mut headers);
        Self {
            status,
            content_type: headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body_len: body.len(),
            body_excerpt: String::from_utf8_lossy(excerpt).into_owned(),
            headers,
            body_code: None,
        }
    }

    /// This evidence with the vendor's code and message read from `body`, where the vendor
    /// reports its outcomes in one envelope and the body is one.
    pub(crate) fn with_body_code(mut self, vendor: crate::Vendor, body: &[u8]) -> Self {
        self.body_code = vendor
            .coded_envelope()
            .and_then(|rule| rule.read(body))
            .map(Box::new);
        self
    }

    /// The vendor's code and message, where the vendor reports every outcome in one envelope
    /// ([`Vendor::coded_envelope`](crate::Vendor::coded_envelope): ADVANCE.AI) and the body is
    /// one, however much of the rest could not be used.
    pub fn body_code(&self) -> Option<&BodyCode> {
        self.body_code.as_deref()
    }

    /// This evidence with every known secret replaced: in the excerpt, the content type and the
    /// headers (a vendor that echoes a credential into a request id).
    pub(crate) fn scrubbed(mut self, secrets: &crate::KnownSecrets) -> Self {
        if secrets.is_empty() {
            return self;
        }
        self.body_excerpt = secrets.scrub(&self.body_excerpt).into_owned();
        if let Some(body_code) = &mut self.body_code {
            body_code.code = secrets.scrub(&body_code.code).into_owned();
            body_code.message = body_code
                .message
                .take()
                .map(|message| secrets.scrub(&message).into_owned());
        }
        self.content_type = self
            .content_type
            .map(|content_type| secrets.scrub(&content_type).into_owned());
        secrets.scrub_headers(&mut self.headers);
        self
    }

    /// A header's value as text, if present and printable (`"retry-after"`, `"x-request-id"`).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// How long the vendor asked to wait before trying again (`Retry-After` in seconds).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        retry_after(&self.headers)
    }

    /// The excerpt on one line, shortened for a message.
    fn short_excerpt(&self) -> String {
        let one_line: String = self
            .body_excerpt
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let mut short: String = one_line.chars().take(120).collect();
        if one_line.chars().count() > 120 || self.body_len > self.body_excerpt.len() {
            short.push('…');
        }
        short
    }
}

impl fmt::Debug for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evidence")
            .field("status", &self.status.as_u16())
            .field("content_type", &self.content_type)
            .field("body_len", &self.body_len)
            .field("body_excerpt", &self.short_excerpt())
            .field("headers", &self.headers)
            .field("body_code", &self.body_code)
            .finish()
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} ({}, {} bytes): {}",
            self.status.as_u16(),
            self.content_type.as_deref().unwrap_or("no content type"),
            self.body_len,
            self.short_excerpt()
        )
    }
}

/// Why a call did not return the documented success. `E` is the operation's documented error
/// body type.
///
/// ```
/// use faceauth_clients::{Error, Evidence};
///
/// fn explain(error: &Error<faceauth_clients::verisoul::types::EnrollErrorResponse>) -> String {
///     match error {
///         Error::Documented(refused) => format!("refused: {:?}", refused.error),
///         Error::UndocumentedStatus(evidence) => format!("vendor said {}", evidence.status),
///         Error::Timeout(_) | Error::Connection(_) => "try again later".to_owned(),
///         other => other.to_string(),
///     }
/// }
/// ```
#[non_exhaustive]
pub enum Error<E = ()> {
    /// A response the spec documents as an error, decoded into its type.
    Documented(ResponseValue<E>),
    /// A status the spec does not document for the operation.
    UndocumentedStatus(Evidence),
    /// HTTP 429 Too Many Requests: the vendor's rate limit was reached (Verisoul documents 300
    /// requests per minute per API key, on every operation). The client has already waited and
    /// retried as far as its [`RetryPolicy`](crate::RetryPolicy) allows, honouring
    /// `Retry-After`; [`Evidence::retry_after`] says how long the vendor last asked to wait.
    RateLimited(Evidence),
    /// A documented status whose body does not decode into the documented type.
    InvalidBody {
        /// The response.
        evidence: Evidence,
        /// Why it does not decode.
        reason: String,
    },
    /// A body larger than [`MAX_BODY_BYTES`].
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit.
        limit: usize,
    },
    /// No response in time (see the client's timeouts). The source is reqwest's error.
    Timeout(TransportError),
    /// The connection could not be made or broke. The source is reqwest's error.
    Connection(TransportError),
    /// The request was refused before sending (nothing was sent): why, as a value.
    InvalidRequest(InvalidRequest),
    /// No credential could be obtained (the token request failed or was refused); nothing was
    /// sent. Neither its text nor its source holds the secret.
    Credential(CredentialError),
    /// A write was sent and the answer does not say whether the vendor processed it: HTTP 502,
    /// 503 or 504 (which a proxy can answer after the vendor processed it), or an exchange that
    /// broke or timed out after sending. The client did not send it again (a face could be
    /// enrolled twice): check the vendor's state (a lookup) before sending it again.
    OutcomeUnknown(OutcomeUnknown),
    /// Any other transport failure. The source is reqwest's error.
    Transport(TransportError),
}

impl<E> Error<E> {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Documented(value) => Some(value.status()),
            Self::UndocumentedStatus(evidence)
            | Self::RateLimited(evidence)
            | Self::InvalidBody { evidence, .. } => Some(evidence.status),
            Self::BodyTooLarge { status, .. } => Some(*status),
            Self::OutcomeUnknown(unknown) => match &unknown.cause {
                Unconfirmed::Response(evidence) => Some(evidence.status),
                _ => None,
            },
            _ => None,
        }
    }

    /// The vendor's refusal, the one answer to "was I refused, and why" whatever the vendor and
    /// the status that carried it: a documented error (ADVANCE.AI's in-body codes included), the
    /// refusal the envelope of a body that did not decode or came in an undocumented status
    /// states ([`Evidence::body_code`]), any HTTP 401 or 403, and a token request the vendor
    /// refused ([`Error::Credential`]). [`Refusal::credential`](crate::Refusal::credential) says
    /// whether it was the credential. `None` for an error that is no answer of the vendor's
    /// (a timeout, a request not sent), a rate limit and an undocumented status other than 401
    /// and 403.
    ///
    /// ```
    /// use faceauth_clients::{Error, HasOutcome};
    ///
    /// fn what_to_do<E: HasOutcome>(error: &Error<E>) -> String {
    ///     match error.refusal() {
    ///         Some(refusal) if refusal.credential => "fix the credential".to_owned(),
    ///         Some(refusal) => format!("refused: {refusal}"),
    ///         None => format!("no answer: {error}"),
    ///     }
    /// }
    /// ```
    pub fn refusal(&self) -> Option<crate::Refusal>
    where
        E: crate::HasOutcome,
    {
        // Every vendor refuses a credential with 401 or 403, whatever the body says.
        let credential_status = self.status().is_some_and(|status| {
            status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
        });
        if let Some(body_code) = self.body_code().filter(|body_code| body_code.refused) {
            let mut refusal =
                crate::Refusal::new(Some(body_code.code.clone()), body_code.message.clone());
            refusal.credential = body_code.credential || credential_status;
            return Some(refusal);
        }
        match self {
            // A documented error is a refusal whatever its body says.
            Self::Documented(body) => {
                let mut refusal = body.scrub_refusal(crate::Refusal {
                    code: body.code(),
                    message: body.message(),
                    reason: body.reason(),
                    credential: body.refuses_credential(),
                });
                refusal.credential |= credential_status;
                Some(refusal)
            }
            Self::Credential(failure) => failure.refusal().cloned(),
            Self::UndocumentedStatus(evidence) | Self::InvalidBody { evidence, .. }
                if credential_status =>
            {
                let mut refusal = crate::Refusal::new(None, None);
                refusal.reason = Some(format!("HTTP {}", evidence.status.as_u16()));
                refusal.credential = true;
                Some(refusal)
            }
            _ => None,
        }
    }

    /// This error, which ended a token request, as the credential's failure: a refusal of the
    /// credential where the vendor answered with a refusal or any 4xx status but 408 and 429
    /// (the credential is what a token request sends), else a failure to obtain one (a timeout,
    /// no connection, a 5xx).
    pub(crate) fn into_credential_failure(
        self,
        vendor: crate::Vendor,
        message: &str,
    ) -> crate::CredentialError
    where
        E: crate::HasOutcome + fmt::Debug + Send + Sync + 'static,
    {
        let client_error = self.status().is_some_and(|status| {
            status.is_client_error()
                && status != StatusCode::REQUEST_TIMEOUT
                && status != StatusCode::TOO_MANY_REQUESTS
        });
        let refusal = self.refusal().or_else(|| {
            client_error.then(|| {
                let mut refusal = crate::Refusal::new(None, None);
                refusal.reason = self
                    .status()
                    .map(|status| format!("HTTP {}", status.as_u16()));
                refusal
            })
        });
        let failure = crate::CredentialError::new(vendor, message, self);
        match refusal {
            Some(refusal) => failure.with_refusal(refusal),
            None => failure,
        }
    }

    /// Whether the vendor refused the call ([`Error::refusal`] is `Some`).
    pub fn is_refused(&self) -> bool
    where
        E: crate::HasOutcome,
    {
        self.refusal().is_some()
    }

    /// Whether the vendor refused the credential: a wrong, expired or missing API key, access
    /// token, password or signature, for every vendor, whether the client was given a token or
    /// obtains its own (HTTP 401 or 403, ADVANCE.AI's `IAM_FAILED`, a token request refused).
    ///
    /// ```
    /// use faceauth_clients::{Error, HasOutcome};
    ///
    /// fn explain<E: HasOutcome>(error: &Error<E>) -> &'static str {
    ///     if error.is_credential_refused() {
    ///         "check the API key"
    ///     } else if error.is_refused() {
    ///         "the vendor said no"
    ///     } else {
    ///         "no answer from the vendor"
    ///     }
    /// }
    /// ```
    pub fn is_credential_refused(&self) -> bool
    where
        E: crate::HasOutcome,
    {
        self.refusal().is_some_and(|refusal| refusal.credential)
    }

    /// The vendor's code: a documented error's, or the envelope's of a body that did not decode
    /// or came in an undocumented status ([`Evidence::body_code`]).
    pub fn code(&self) -> Option<String>
    where
        E: crate::HasOutcome,
    {
        match self.body_code() {
            Some(body_code) => Some(body_code.code.clone()),
            None => self.refusal()?.code,
        }
    }

    /// The vendor's message, as [`Error::code`] finds it.
    pub fn message(&self) -> Option<String>
    where
        E: crate::HasOutcome,
    {
        match self.body_code() {
            Some(body_code) => body_code.message.clone(),
            None => self.refusal()?.message,
        }
    }

    /// The envelope's code and message of a response the error keeps the evidence of.
    fn body_code(&self) -> Option<&BodyCode> {
        match self {
            Self::UndocumentedStatus(evidence)
            | Self::RateLimited(evidence)
            | Self::InvalidBody { evidence, .. } => evidence.body_code(),
            _ => None,
        }
    }

    /// This error with the client's known secrets replaced wherever a response put them: the
    /// evidence, a decoding failure's reason, a documented error's body when printed.
    pub(crate) fn scrubbed(self, secrets: &crate::KnownSecrets) -> Self {
        match self {
            Self::Documented(value) => Self::Documented(value.scrubbed_by(secrets)),
            Self::UndocumentedStatus(evidence) => {
                Self::UndocumentedStatus(evidence.scrubbed(secrets))
            }
            Self::RateLimited(evidence) => Self::RateLimited(evidence.scrubbed(secrets)),
            Self::InvalidBody { evidence, reason } => Self::InvalidBody {
                evidence: evidence.scrubbed(secrets),
                reason: secrets.scrub(&reason).into_owned(),
            },
            Self::OutcomeUnknown(OutcomeUnknown {
                operation,
                cause: Unconfirmed::Response(evidence),
            }) => Self::OutcomeUnknown(OutcomeUnknown {
                operation,
                cause: Unconfirmed::Response(evidence.scrubbed(secrets)),
            }),
            other => other,
        }
    }

    /// What kind of failure this is, as a value (reports and the `faceauth` command map it;
    /// nothing reads the message back).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Documented(_) => ErrorKind::Documented,
            Self::UndocumentedStatus(_) => ErrorKind::UndocumentedStatus,
            Self::RateLimited(_) => ErrorKind::RateLimited,
            Self::InvalidBody { .. } => ErrorKind::InvalidBody,
            Self::BodyTooLarge { .. } => ErrorKind::BodyTooLarge,
            Self::Timeout(_) => ErrorKind::Timeout,
            Self::Connection(_) => ErrorKind::Connection,
            Self::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Self::Credential(_) => ErrorKind::Credential,
            Self::Transport(_) => ErrorKind::Transport,
            Self::OutcomeUnknown(_) => ErrorKind::OutcomeUnknown,
        }
    }

    /// Builds [`Error::UndocumentedStatus`] (or [`Error::RateLimited`] for HTTP 429), reading a
    /// bounded excerpt of the body.
    pub async fn undocumented_status(response: reqwest::Response) -> Self {
        let mut response = response;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let unconfirmed = UnconfirmedWrite::of(&response);
        let evidence = match read_bounded::<E>(response).await {
            Ok(body) => Evidence::new(status, headers, &body),
            Err(Error::BodyTooLarge { .. }) => Evidence::new(status, headers, b""),
            Err(other) => return other,
        };
        Self::other_status(evidence, unconfirmed)
    }

    /// The error of a response in a status the spec does not document, from its evidence: a
    /// write's unknown outcome (502, 503, 504 after a write, `unconfirmed`), a rate limit (429),
    /// else an undocumented status.
    pub(crate) fn other_status(
        evidence: Evidence,
        unconfirmed: Option<&'static crate::OperationMeta>,
    ) -> Self {
        if let Some(operation) = unconfirmed {
            return Self::OutcomeUnknown(OutcomeUnknown {
                operation,
                cause: Unconfirmed::Response(evidence),
            });
        }
        // No vendor documents a 429 body: the status is the documented fact (a bodiless 4xx in
        // a spec, which build.rs keeps out of progenitor's error type).
        if evidence.status == StatusCode::TOO_MANY_REQUESTS {
            Self::RateLimited(evidence)
        } else {
            Self::UndocumentedStatus(evidence)
        }
    }

    fn from_transport(error: reqwest::Error) -> Self {
        if error.is_builder() {
            return Self::InvalidRequest(InvalidRequest::Build(TransportError::new(error)));
        }
        let error = TransportError::new(error);
        if error.is_timeout() {
            Self::Timeout(error)
        } else if error.is_connect() {
            Self::Connection(error)
        } else {
            Self::Transport(error)
        }
    }
}

/// An image refused before sending is an invalid request: nothing was sent.
impl<E> From<crate::ImageError> for Error<E> {
    fn from(error: crate::ImageError) -> Self {
        Self::InvalidRequest(InvalidRequest::Image(error))
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(error: reqwest::Error) -> Self {
        Self::from_transport(error)
    }
}

/// The kind of an [`Error`], without its evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::Documented`].
    Documented,
    /// [`Error::UndocumentedStatus`].
    UndocumentedStatus,
    /// [`Error::RateLimited`].
    RateLimited,
    /// [`Error::InvalidBody`].
    InvalidBody,
    /// [`Error::BodyTooLarge`].
    BodyTooLarge,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::Connection`].
    Connection,
    /// [`Error::InvalidRequest`].
    InvalidRequest,
    /// [`Error::Credential`].
    Credential,
    /// [`Error::Transport`].
    Transport,
    /// [`Error::OutcomeUnknown`].
    OutcomeUnknown,
}

impl ErrorKind {
    /// What happened, in words, without any of the evidence (no body, no value): each
    /// [`Error`]'s `Display` starts with this.
    pub fn description(self) -> &'static str {
        match self {
            Self::Documented => "the vendor answered with a documented error",
            Self::UndocumentedStatus => "undocumented response status",
            Self::RateLimited => "rate limited",
            Self::InvalidBody => "the response body does not match the spec",
            Self::BodyTooLarge => "the response body is too large",
            Self::Timeout => "timed out",
            Self::Connection => "connection failed",
            Self::InvalidRequest => "invalid request, not sent",
            Self::Credential => "no credential, not sent",
            Self::Transport => "transport failure",
            Self::OutcomeUnknown => {
                "the write was sent and its outcome is unknown (not sent again)"
            }
        }
    }
}

/// One line: what happened and its evidence. A documented refusal carries the vendor's code
/// and message (`the vendor answered with a documented error, HTTP 400: session_not_found`).
impl<E: crate::HasOutcome> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Documented(value) => {
                write!(
                    f,
                    "{}, HTTP {}",
                    self.kind().description(),
                    value.status().as_u16()
                )?;
                match self.refusal() {
                    Some(refusal) if refusal.code.is_some() || refusal.message.is_some() => {
                        write!(f, ": {refusal}")
                    }
                    _ => Ok(()),
                }
            }
            Self::UndocumentedStatus(evidence) => {
                write!(f, "{}: {evidence}", self.kind().description())
            }
            Self::RateLimited(evidence) => match evidence.retry_after() {
                Some(wait) => write!(
                    f,
                    "{} (the vendor asks to wait {} s): {evidence}",
                    self.kind().description(),
                    wait.as_secs()
                ),
                None => write!(f, "{}: {evidence}", self.kind().description()),
            },
            Self::InvalidBody { evidence, reason } => match evidence.body_code() {
                // The envelope's code and message, which the rest of the body does not hide.
                Some(body_code) => write!(
                    f,
                    "{} ({reason}); the vendor's code: {}{}: {evidence}",
                    self.kind().description(),
                    body_code.code,
                    body_code
                        .message
                        .as_deref()
                        .map(|message| format!(" ({message})"))
                        .unwrap_or_default()
                ),
                None => write!(f, "{} ({reason}): {evidence}", self.kind().description()),
            },
            Self::BodyTooLarge { status, limit } => write!(
                f,
                "{} (HTTP {}): larger than {limit} bytes",
                self.kind().description(),
                status.as_u16()
            ),
            Self::Timeout(why) | Self::Connection(why) | Self::Transport(why) => {
                write!(f, "{}: {why}", self.kind().description())
            }
            Self::InvalidRequest(why) => write!(f, "{}: {why}", self.kind().description()),
            Self::OutcomeUnknown(unknown) => write!(f, "{}: {unknown}", self.kind().description()),
            Self::Credential(why) => write!(f, "{}: {why}", self.kind().description()),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Documented(value) => f.debug_tuple("Documented").field(value).finish(),
            Self::UndocumentedStatus(evidence) => {
                f.debug_tuple("UndocumentedStatus").field(evidence).finish()
            }
            Self::RateLimited(evidence) => f.debug_tuple("RateLimited").field(evidence).finish(),
            Self::InvalidBody { evidence, reason } => f
                .debug_struct("InvalidBody")
                .field("evidence", evidence)
                .field("reason", reason)
                .finish(),
            Self::BodyTooLarge { status, limit } => f
                .debug_struct("BodyTooLarge")
                .field("status", &status.as_u16())
                .field("limit", limit)
                .finish(),
            Self::Timeout(m) => f.debug_tuple("Timeout").field(m).finish(),
            Self::Connection(m) => f.debug_tuple("Connection").field(m).finish(),
            Self::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Self::Credential(m) => f.debug_tuple("Credential").field(m).finish(),
            Self::OutcomeUnknown(m) => f.debug_tuple("OutcomeUnknown").field(m).finish(),
            Self::Transport(m) => f.debug_tuple("Transport").field(m).finish(),
        }
    }
}

/// `source()` is the typed cause: a [`TransportError`] (whose own source is reqwest's error), a
/// [`CredentialError`] or an [`InvalidRequest`]. The one-line `Display` already names the
/// causes' text.
impl<E: fmt::Debug + crate::HasOutcome> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout(e) | Self::Connection(e) | Self::Transport(e) => Some(e),
            Self::Credential(e) => Some(e),
            Self::InvalidRequest(e) => Some(e),
            Self::OutcomeUnknown(unknown) => match &unknown.cause {
                Unconfirmed::Timeout(e) | Unconfirmed::Transport(e) => Some(e),
                Unconfirmed::Response(_) => None,
            },
            _ => None,
        }
    }
}

/// A write whose outcome the client cannot know ([`Error::OutcomeUnknown`]).
#[derive(Debug)]
pub struct OutcomeUnknown {
    /// The operation that was sent.
    pub operation: &'static crate::OperationMeta,
    /// The answer, which does not say whether the vendor processed it.
    pub cause: Unconfirmed,
}

/// What came back from a write that does not say whether it was processed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Unconfirmed {
    /// HTTP 502, 503 or 504, with its evidence.
    Response(Evidence),
    /// No answer in time after the request was sent.
    Timeout(TransportError),
    /// The exchange broke after the request was sent (a reset connection, a truncated answer).
    Transport(TransportError),
}

impl fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.operation.id)?;
        match &self.cause {
            Unconfirmed::Response(evidence) => write!(f, "answered {evidence}"),
            Unconfirmed::Timeout(why) => write!(f, "timed out after sending: {why}"),
            Unconfirmed::Transport(why) => write!(f, "broke after sending: {why}"),
        }
    }
}

/// Put on a response by the runtime when a write got an answer that does not say whether it was
/// processed (502, 503, 504): the generated code's catch-all then builds
/// [`Error::OutcomeUnknown`] instead of an undocumented status.
#[derive(Clone, Copy)]
pub(crate) struct UnconfirmedWrite(pub(crate) &'static crate::OperationMeta);

impl UnconfirmedWrite {
    /// The operation, if the runtime marked `response` as a write's unconfirmed answer.
    pub(crate) fn of(response: &reqwest::Response) -> Option<&'static crate::OperationMeta> {
        response.extensions().get::<Self>().map(|mark| mark.0)
    }
}

/// `Retry-After` in either of its forms (RFC 9110): seconds, or an HTTP date (a date already
/// past asks for no wait).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<std::time::Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    // Seconds, or as ADVANCE.AI's documented example writes them: `Retry-After: 10s`.
    if let Ok(seconds) = value.strip_suffix('s').unwrap_or(value).parse::<u64>() {
        return Some(std::time::Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// Reads the body, refusing more than [`MAX_BODY_BYTES`] without holding it.
pub(crate) async fn read_bounded<E>(response: reqwest::Response) -> Result<Bytes, Error<E>> {
    let status = response.status();
    read_capped(response)
        .await?
        .ok_or_else(|| too_large(status))
}

/// The body, or `None` if it is larger than [`MAX_BODY_BYTES`]: at most the limit is read (a
/// `Content-Length` over it is refused unread), whatever the body claims. The crate's one
/// bounded reader: decoding, errors' evidence and the observers all read through it.
pub(crate) async fn read_capped(mut response: reqwest::Response) -> reqwest::Result<Option<Bytes>> {
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY_BYTES as u64)
    {
        return Ok(None);
    }
    // Small JSON bodies arrive in one chunk: keep it as it is, without a copy.
    let Some(first) = response.chunk().await? else {
        return Ok(Some(Bytes::new()));
    };
    if first.len() > MAX_BODY_BYTES {
        return Ok(None);
    }
    let Some(second) = response.chunk().await? else {
        return Ok(Some(first));
    };
    // More chunks are read by a boxed future: every call's future stays the size of the
    // one-chunk case.
    Box::pin(read_rest(response, first, second)).await
}

/// The chunks after `first` and `second`, appended to them up to [`MAX_BODY_BYTES`].
async fn read_rest(
    mut response: reqwest::Response,
    first: Bytes,
    second: Bytes,
) -> reqwest::Result<Option<Bytes>> {
    let mut body = BytesMut::from(&first[..]);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Some(body.freeze()))
}

fn too_large<E>(status: StatusCode) -> Error<E> {
    Error::BodyTooLarge {
        status,
        limit: MAX_BODY_BYTES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use std::time::Duration;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        let in_a_minute =
            httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
        let wait = retry_after(&headers(&in_a_minute)).expect("an HTTP date is read");
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert_eq!(
            retry_after(&headers("Tue, 01 Jan 2019 00:00:00 GMT")),
            Some(Duration::ZERO),
            "a date already past asks for no wait"
        );
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }
}
