//! What the crate knows of each operation of a spec: one static table per vendor, generated from
//! the spec at build time, with one [`OperationMeta`] per `operationId`.
//!
//! Every call, generated or written by hand, hands the runtime a reference to its operation's
//! entry (`Operation::EnrollFaceMatch.meta()`): whether the credential goes with it, which
//! servers serve it, whether it is safe to send again, which body fields are secrets. Nothing
//! in the crate names an operation by a string; an `operationId` is parsed once, where it comes
//! in as text (a command-line argument, a traffic file), with the vendor's `Operation::from_id`.
//!
//! ```
//! use faceauth_clients::verisoul::Operation;
//!
//! let enroll = Operation::EnrollFaceMatch.meta();
//! assert_eq!((enroll.http_method, enroll.path), ("POST", "/liveness/enroll"));
//! assert!(enroll.needs_credential);
//! assert!(enroll.read_only.is_none(), "an enrolment writes");
//! assert!(!Operation::RedirectToFaceMatch.meta().needs_credential, "security: []");
//! ```

use crate::Vendor;

/// One operation of a vendor's spec, as the runtime, the conformance runner and the `faceauth`
/// command need it. Generated from the spec; never written by hand.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationMeta {
    /// The vendor whose spec defines it.
    pub vendor: Vendor,
    /// Its position in the vendor's `Operation::ALL` (and in the generated table).
    pub index: usize,
    /// The spec's `operationId` (`enrollFaceMatch`).
    pub id: &'static str,
    /// The client's method for it (`enroll_face_match`).
    pub method_name: &'static str,
    /// The HTTP method, upper case.
    pub http_method: &'static str,
    /// The path template, as the spec writes it (`/account/{account_id}`).
    pub path: &'static str,
    /// Whether the vendor's credential is sent with it: false where the spec says `security: []`
    /// (logins, token requests, Verisoul's public redirect).
    pub needs_credential: bool,
    /// The base URLs the vendor's documents list for it: the operation's `servers`, else its
    /// path's, else the spec's.
    pub servers: &'static [&'static str],
    /// Set when the vendor's documents show that it changes nothing:
    /// only such operations, and of those only the ones that cannot cost money
    /// ([`ReadOnly::may_be_billed`] unset), run in a default live check.
    pub read_only: Option<ReadOnly>,
    /// Whether it is written by hand (multipart, a redirect) rather than generated.
    pub handwritten: bool,
    /// The vendor's response body fields that hold secrets or face images, whose values a
    /// traffic record never keeps (the fields the spec types as secrets or images).
    pub redacted_fields: &'static [&'static str],
}

/// Why an operation changes nothing (the vendor's documents say so), and whether it may
/// cost money.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOnly {
    /// Why: what the vendor's documents say, with the source.
    pub reason: &'static str,
    /// Why the read may cost money, where it may (`may_be_billed` in the mark): a fee its page
    /// documents, or evidence of "free" that rests on a deprecated field or a third party's
    /// transcription. Such a read runs in a live check only when named.
    pub may_be_billed: Option<&'static str>,
}

impl OperationMeta {
    /// Whether a default live check runs it: the documents show that it changes nothing, and
    /// nothing in them says it may be billed.
    ///
    /// ```
    /// # #[cfg(faceauth_vendor = "advance")] {
    /// use faceauth_clients::advance::Operation;
    /// assert!(Operation::GetFace.meta().in_default_live_set(), "SUCCESS (free)");
    /// assert!(!Operation::GetResult.meta().in_default_live_set(), "its page documents feeDetail");
    /// assert!(!Operation::SaveEnroll.meta().in_default_live_set(), "a write");
    /// # }
    /// ```
    pub fn in_default_live_set(&self) -> bool {
        self.read_only
            .as_ref()
            .is_some_and(|read_only| read_only.may_be_billed.is_none())
    }

    /// Whether a client made for the documented server `server` (a base URL) may send it: the
    /// operation's pages list that server. A base URL that is not one of the vendor's documented
    /// servers (a mock, a proxy) is never checked.
    pub fn served_by(&self, server: &str) -> bool {
        self.servers.contains(&server.trim_end_matches('/'))
    }

    /// Whether sending it twice does no harm, so that the client may resend it after an answer
    /// that does not say whether it was processed (a 503, a timeout): a read (`read_only`), an
    /// idempotent HTTP method (GET, HEAD, PUT, DELETE, OPTIONS), or a credential exchange (a
    /// login or token request, sent without the credential: a second one issues another token
    /// and changes nothing else). Anything else is a write, resent only when it provably did not
    /// reach the vendor (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn resend_safe(&self) -> bool {
        self.read_only.is_some()
            || !self.needs_credential
            || matches!(
                self.http_method,
                "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
            )
    }
}

impl std::fmt::Display for OperationMeta {
    /// `verisoul enrollFaceMatch`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.vendor, self.id)
    }
}
