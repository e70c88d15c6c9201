//! The environment variables the tools read a vendor's credential from, in one table: a static
//! key or token, or the long-lived pair a client obtains its tokens with. The `faceauth` command
//! reads them; its help and the README name them from here.

use faceauth_clients::{Credential, Vendor};

/// What kind of long-lived pair a vendor's client obtains its tokens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongLived {
    /// Signzy's login: the customer name and the password.
    Login,
    /// ADVANCE.AI's access key and secret key (the token call's signature).
    AccessKey,
    /// Progeny's username and password.
    Password,
}

/// A vendor's credential variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialVars {
    /// The static key or access token.
    pub static_var: &'static str,
    /// The long-lived pair (its kind, the first and the second variable), where the vendor has
    /// one.
    pub long_lived: Option<(LongLived, &'static str, &'static str)>,
}

impl CredentialVars {
    /// Every variable, the static one first.
    pub fn all(&self) -> Vec<&'static str> {
        let mut all = vec![self.static_var];
        if let Some((_, a, b)) = self.long_lived {
            all.extend([a, b]);
        }
        all
    }

    /// The variables that hold a secret (not the customer name or username a pair starts with,
    /// which reports may show).
    pub fn secret_vars(&self) -> Vec<&'static str> {
        let mut secrets = vec![self.static_var];
        match self.long_lived {
            Some((LongLived::AccessKey, access, secret)) => secrets.extend([access, secret]),
            Some((_, _, secret)) => secrets.push(secret),
            None => {}
        }
        secrets
    }

    /// What to set, in words, for a message (`set FACEAUTH_X, or FACEAUTH_Y and FACEAUTH_Z`).
    pub fn hint(&self) -> String {
        match self.long_lived {
            Some((_, a, b)) => format!("set {}, or {a} and {b}", self.static_var),
            None => format!("set {}", self.static_var),
        }
    }

    /// The credential these variables give, read with `var`: the static one if set, else the
    /// long-lived pair if both are set.
    pub fn read(&self, var: impl Fn(&str) -> Option<String>) -> Option<Credential> {
        if let Some(value) = var(self.static_var) {
            return Some(Credential::Static(value.into()));
        }
        let (kind, a, b) = self.long_lived?;
        let (first, second) = var(a).zip(var(b))?;
        Some(match kind {
            LongLived::Login => Credential::Login {
                customer_name: first,
                password: second.into(),
            },
            LongLived::AccessKey => Credential::AccessKey {
                access_key: first.into(),
                secret_key: second.into(),
            },
            LongLived::Password => Credential::Password {
                username: first,
                password: second.into(),
            },
        })
    }
}

/// `vendor`'s credential variables.
///
/// ```
/// use faceauth_clients::Vendor;
/// let vars = faceauth_conformance::credential_vars(Vendor::Verisoul);
/// assert_eq!(vars.all(), ["FACEAUTH_VERISOUL_API_KEY"]);
/// ```
pub fn credential_vars(vendor: Vendor) -> CredentialVars {
    match vendor {
        Vendor::Signzy => CredentialVars {
            static_var: "FACEAUTH_SIGNZY_ACCESS_TOKEN",
            long_lived: Some((
                LongLived::Login,
                "FACEAUTH_SIGNZY_CUSTOMER_NAME",
                "FACEAUTH_SIGNZY_PASSWORD",
            )),
        },
        Vendor::Verisoul => CredentialVars {
            static_var: "FACEAUTH_VERISOUL_API_KEY",
            long_lived: None,
        },
        Vendor::Advance => CredentialVars {
            static_var: "FACEAUTH_ADVANCE_ACCESS_TOKEN",
            long_lived: Some((
                LongLived::AccessKey,
                "FACEAUTH_ADVANCE_ACCESS_KEY",
                "FACEAUTH_ADVANCE_SECRET_KEY",
            )),
        },
        Vendor::Progeny => CredentialVars {
            static_var: "FACEAUTH_PROGENY_ACCESS_TOKEN",
            long_lived: Some((
                LongLived::Password,
                "FACEAUTH_PROGENY_USERNAME",
                "FACEAUTH_PROGENY_PASSWORD",
            )),
        },
    }
}
