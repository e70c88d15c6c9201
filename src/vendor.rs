//! The four vendors, by name, with the spec each client is generated from.

use std::fmt;
use std::str::FromStr;

use crate::coded_envelope::CodedEnvelope;

/// Declares [`Vendor`] from one list, so that `Vendor::ALL` and every per-vendor table cannot
/// miss a variant: adding a vendor is one line here (see the README's "Adding a vendor").
macro_rules! vendors {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal; )+) => {
        /// A vendor this crate has a client for.
        ///
        /// ```
        /// use faceauth_clients::Vendor;
        ///
        /// let vendor: Vendor = "verisoul".parse().unwrap();
        /// assert_eq!(vendor, Vendor::Verisoul);
        /// assert_eq!(vendor.name(), "verisoul");
        /// assert!("acme".parse::<Vendor>().is_err());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Vendor {
            $( $(#[$doc])* $variant, )+
        }

        impl Vendor {
            /// Every vendor, in the order reports list them (the declaration's order).
            pub const ALL: [Vendor; [$($name),+].len()] = [$(Vendor::$variant),+];

            /// The vendor's name: its module, its spec's file stem and its name on the command
            /// line.
            pub fn name(self) -> &'static str {
                match self { $( Vendor::$variant => $name, )+ }
            }

            /// Whether this build has the vendor's client: its cargo feature (named as the
            /// vendor) is on. Without it, its module, operations and servers are absent, and
            /// [`AnyClient::new`](crate::AnyClient::new) refuses it.
            pub fn is_built(self) -> bool {
                match self { $( Vendor::$variant => cfg!(faceauth_vendor = $name), )+ }
            }
        }
    };
}

vendors! {
    /// Signzy Deep Face Auth ([`crate::signzy`]).
    Signzy => "signzy";
    /// Verisoul Face Match ([`crate::verisoul`]).
    Verisoul => "verisoul";
    /// ADVANCE.AI face authentication ([`crate::advance`]).
    Advance => "advance";
    /// Progeny face services ([`crate::progeny`]).
    Progeny => "progeny";
}

impl Vendor {
    /// The envelope the vendor reports every outcome in, if it has one: ADVANCE.AI's `code` and
    /// `message` (`specs/advance.yaml`, "Outcome model"). Its documents never say which HTTP
    /// status carries a refusal (their one word on it is a third party's "HTTP 200"; the token
    /// page's own table lists `CLIENT_ERROR` as "HTTP 400 - Bad Request"), so the clients read
    /// the envelope in whatever status it comes: an envelope in an undocumented status is the
    /// operation's answer, with that status, rather than an undocumented status; and a body
    /// whose other fields do not decode still gives its code and message
    /// ([`Error::code`](crate::Error::code)).
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    /// assert_eq!(Vendor::Advance.coded_envelope().map(|e| e.success), Some("SUCCESS"));
    /// assert_eq!(Vendor::Verisoul.coded_envelope(), None);
    /// ```
    pub fn coded_envelope(self) -> Option<CodedEnvelope> {
        match self {
            Vendor::Advance => Some(CodedEnvelope {
                code: "code",
                message: "message",
                success: "SUCCESS",
                credential_refused: self.credential_refusal_code(),
            }),
            Vendor::Signzy | Vendor::Verisoul | Vendor::Progeny => None,
        }
    }

    /// The code with which the vendor refuses a credential in the body of an HTTP 200, where it
    /// has one: ADVANCE.AI's `IAM_FAILED` ("token missing or expired, among other variants",
    /// the third-party summary of its Glossary). Every vendor also refuses with HTTP 401 or 403.
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    /// assert_eq!(Vendor::Advance.credential_refusal_code(), Some("IAM_FAILED"));
    /// assert_eq!(Vendor::Verisoul.credential_refusal_code(), None);
    /// ```
    pub const fn credential_refusal_code(self) -> Option<&'static str> {
        match self {
            Vendor::Advance => Some("IAM_FAILED"),
            Vendor::Signzy | Vendor::Verisoul | Vendor::Progeny => None,
        }
    }

    /// The vendors this build has a client for (their cargo features are on), in
    /// [`Vendor::ALL`]'s order: what the conformance runner, the mock and the `faceauth` command
    /// take.
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    /// // With the default features, all four.
    /// # #[cfg(all(faceauth_vendor = "signzy", faceauth_vendor = "verisoul", faceauth_vendor = "advance", faceauth_vendor = "progeny"))]
    /// assert_eq!(Vendor::built().count(), 4);
    /// ```
    pub fn built() -> impl Iterator<Item = Vendor> {
        Vendor::ALL.into_iter().filter(|vendor| vendor.is_built())
    }

    /// The business codes with which the vendor answers HTTP 200 to say it is busy and did not
    /// process the request, asking to come back after `Retry-After`: the client waits and sends
    /// again as it does after HTTP 429 (see `RetryPolicy`).
    ///
    /// ADVANCE.AI: `SERVICE_BUSY` ("Rate limit is exceeded / Quota exceeded": "Honour
    /// Retry-After and back off"; it "may migrate to HTTP 429 Too Many Requests in the future")
    /// and `RETRY_LATER` ("Query failed, please retry after the suggested time in HTTP Header"),
    /// from a third party's summary of its legacy Glossary (see the `ResponseCode` schema of
    /// `specs/advance.yaml`). The others document none.
    ///
    /// ```
    /// use faceauth_clients::Vendor;
    /// assert_eq!(Vendor::Advance.busy_codes(), ["SERVICE_BUSY", "RETRY_LATER"]);
    /// assert!(Vendor::Verisoul.busy_codes().is_empty());
    /// ```
    pub fn busy_codes(self) -> &'static [&'static str] {
        match self {
            Vendor::Advance => &["SERVICE_BUSY", "RETRY_LATER"],
            Vendor::Signzy | Vendor::Verisoul | Vendor::Progeny => &[],
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not one of the vendors'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVendor(pub String);

impl fmt::Display for UnknownVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Vendor::ALL.iter().map(|v| v.name()).collect();
        write!(
            f,
            "unknown vendor {:?}; one of: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownVendor {}

impl FromStr for Vendor {
    type Err = UnknownVendor;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Vendor::ALL
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownVendor(name.to_owned()))
    }
}
