//! The four vendors, by name, with the spec each client is generated from.

use std::fmt;
use std::str::FromStr;

/// A vendor this crate has a client for.
///
/// ```
/// use faceauth_clients::Vendor;
///
/// let vendor: Vendor = "verisoul".parse().unwrap();
/// assert_eq!(vendor, Vendor::Verisoul);
/// assert!(vendor.spec_source().contains("/liveness/enroll"));
/// assert!("acme".parse::<Vendor>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    /// Signzy Deep Face Auth ([`crate::signzy`]).
    Signzy,
    /// Verisoul Face Match ([`crate::verisoul`]).
    Verisoul,
    /// ADVANCE.AI face authentication ([`crate::advance`]).
    Advance,
    /// Progeny face services ([`crate::progeny`]).
    Progeny,
}

impl Vendor {
    /// Every vendor, in the order reports list them.
    pub const ALL: [Vendor; 4] = [
        Vendor::Signzy,
        Vendor::Verisoul,
        Vendor::Advance,
        Vendor::Progeny,
    ];

    /// The vendor's name: its module, its spec's file stem and its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Signzy => "signzy",
            Vendor::Verisoul => "verisoul",
            Vendor::Advance => "advance",
            Vendor::Progeny => "progeny",
        }
    }

    /// The environment variable the `faceauth` command reads the vendor's credential from.
    pub fn credential_env_var(self) -> &'static str {
        match self {
            Vendor::Signzy => "FACEAUTH_SIGNZY_ACCESS_TOKEN",
            Vendor::Verisoul => "FACEAUTH_VERISOUL_API_KEY",
            Vendor::Advance => "FACEAUTH_ADVANCE_ACCESS_TOKEN",
            Vendor::Progeny => "FACEAUTH_PROGENY_ACCESS_TOKEN",
        }
    }

    /// The vendor's documented servers as (name, URL), the first being the default.
    pub fn servers(self) -> Vec<(&'static str, &'static str)> {
        fn pairs<S: Copy>(
            all: &[S],
            name: fn(S) -> &'static str,
            url: fn(S) -> &'static str,
        ) -> Vec<(&'static str, &'static str)> {
            all.iter().map(|&s| (name(s), url(s))).collect()
        }
        use crate::{advance, progeny, signzy, verisoul};
        match self {
            Vendor::Signzy => pairs(
                signzy::Server::ALL,
                signzy::Server::name,
                signzy::Server::url,
            ),
            Vendor::Verisoul => pairs(
                verisoul::Server::ALL,
                verisoul::Server::name,
                verisoul::Server::url,
            ),
            Vendor::Advance => pairs(
                advance::Server::ALL,
                advance::Server::name,
                advance::Server::url,
            ),
            Vendor::Progeny => pairs(
                progeny::Server::ALL,
                progeny::Server::name,
                progeny::Server::url,
            ),
        }
    }

    /// The text of `specs/<name>.yaml` this crate was built from.
    pub fn spec_source(self) -> &'static str {
        match self {
            Vendor::Signzy => include_str!("../specs/signzy.yaml"),
            Vendor::Verisoul => include_str!("../specs/verisoul.yaml"),
            Vendor::Advance => include_str!("../specs/advance.yaml"),
            Vendor::Progeny => include_str!("../specs/progeny.yaml"),
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
        write!(
            f,
            "unknown vendor {:?}; one of: signzy, verisoul, advance, progeny",
            self.0
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
