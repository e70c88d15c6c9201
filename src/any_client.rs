//! A client of any vendor, chosen at run time, calling operations described as data (see
//! [`json_call`](crate::json_call)).

use crate::json_call::{InputError, JsonOutcome, JsonRequest};
#[cfg(feature = "conformance")]
use crate::runtime::{ClientState, ResponseLog};
use crate::{advance, progeny, signzy, verisoul};
use crate::{BaseUrl, ConfigError, Credential, OperationMeta, Vendor};

/// A client of any vendor.
#[derive(Debug, Clone)]
pub enum AnyClient {
    /// Signzy.
    Signzy(signzy::Client),
    /// Verisoul.
    Verisoul(verisoul::Client),
    /// ADVANCE.AI.
    Advance(advance::Client),
    /// Progeny.
    Progeny(progeny::Client),
}

impl AnyClient {
    /// `vendor`'s client for `base_url`, with `credential`.
    pub fn new(
        vendor: Vendor,
        base_url: BaseUrl,
        credential: &Credential,
    ) -> Result<Self, ConfigError> {
        Ok(match vendor {
            Vendor::Signzy => Self::Signzy(signzy::Client::with_credential(base_url, credential)?),
            Vendor::Verisoul => {
                Self::Verisoul(verisoul::Client::with_credential(base_url, credential)?)
            }
            Vendor::Advance => {
                Self::Advance(advance::Client::with_credential(base_url, credential)?)
            }
            Vendor::Progeny => {
                Self::Progeny(progeny::Client::with_credential(base_url, credential)?)
            }
        })
    }

    /// The vendor.
    pub fn vendor(&self) -> Vendor {
        match self {
            Self::Signzy(_) => Vendor::Signzy,
            Self::Verisoul(_) => Vendor::Verisoul,
            Self::Advance(_) => Vendor::Advance,
            Self::Progeny(_) => Vendor::Progeny,
        }
    }

    /// The secret values the client knows (see [`KnownSecrets`](crate::KnownSecrets)).
    pub fn known_secrets(&self) -> &crate::KnownSecrets {
        match self {
            Self::Signzy(c) => c.known_secrets(),
            Self::Verisoul(c) => c.known_secrets(),
            Self::Advance(c) => c.known_secrets(),
            Self::Progeny(c) => c.known_secrets(),
        }
    }

    /// The same client, knowing and adding to `secrets` (see [`KnownSecrets`](crate::KnownSecrets)).
    pub fn sharing_secrets(self, secrets: &crate::KnownSecrets) -> Self {
        match self {
            Self::Signzy(c) => Self::Signzy(c.sharing_secrets(secrets)),
            Self::Verisoul(c) => Self::Verisoul(c.sharing_secrets(secrets)),
            Self::Advance(c) => Self::Advance(c.sharing_secrets(secrets)),
            Self::Progeny(c) => Self::Progeny(c.sharing_secrets(secrets)),
        }
    }

    #[cfg(feature = "conformance")]
    fn state_mut(&mut self) -> &mut ClientState {
        match self {
            Self::Signzy(c) => &mut c.inner,
            Self::Verisoul(c) => &mut c.inner,
            Self::Advance(c) => &mut c.inner,
            Self::Progeny(c) => &mut c.inner,
        }
    }

    /// Keeps a copy of every raw response in `log` from now on (the live conformance check).
    #[cfg(feature = "conformance")]
    pub(crate) fn record_responses(&mut self, log: ResponseLog) {
        self.state_mut().record_responses(log);
    }

    /// Calls `operation` (an entry of the client's vendor's table: `Vendor::operation`, or an
    /// `Operation`'s `meta()`). An error means the input does not fit the operation, or the
    /// operation is another vendor's; nothing was sent.
    pub async fn call_json(
        &self,
        operation: &'static OperationMeta,
        request: &JsonRequest,
    ) -> Result<JsonOutcome, InputError> {
        let other_vendor = || InputError::OtherVendor {
            client: self.vendor(),
            operation,
        };
        if operation.vendor != self.vendor() {
            return Err(other_vendor());
        }
        match self {
            Self::Signzy(c) => {
                let op = *signzy::Operation::ALL
                    .get(operation.index)
                    .ok_or_else(other_vendor)?;
                c.call_json(op, request).await
            }
            Self::Verisoul(c) => {
                let op = *verisoul::Operation::ALL
                    .get(operation.index)
                    .ok_or_else(other_vendor)?;
                c.call_json(op, request).await
            }
            Self::Advance(c) => {
                let op = *advance::Operation::ALL
                    .get(operation.index)
                    .ok_or_else(other_vendor)?;
                c.call_json(op, request).await
            }
            Self::Progeny(c) => {
                let op = *progeny::Operation::ALL
                    .get(operation.index)
                    .ok_or_else(other_vendor)?;
                c.call_json(op, request).await
            }
        }
    }
}
