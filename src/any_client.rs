//! A client of any vendor, chosen at run time, calling operations described as data (see
//! [`json_call`](crate::json_call)).
//!
//! One macro declares the enum and every match over it from the list of vendors at the bottom,
//! so that a vendor whose cargo feature is off is left out of all of them in one place.

use crate::json_call::{InputError, JsonOutcome, JsonRequest};
use crate::{BaseUrl, ConfigError, Credential, OperationMeta, Vendor};

macro_rules! any_client {
    ($( $variant:ident => $module:ident, $feature:literal; )+) => {
        /// A client of any vendor this build has (see [`Vendor::is_built`]).
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum AnyClient {
            $(
                #[cfg(faceauth_vendor = $feature)]
                #[doc = concat!("A [`crate::", stringify!($module), "::Client`].")]
                $variant(crate::$module::Client),
            )+
        }

        impl AnyClient {
            /// `vendor`'s client for `base_url`, with `credential`. A vendor this build does
            /// not have is refused ([`ConfigError::VendorNotBuilt`]).
            pub fn new(
                vendor: Vendor,
                base_url: BaseUrl,
                credential: &Credential,
            ) -> Result<Self, ConfigError> {
                // Silences the unused warnings of a build without any vendor.
                let _ = (&base_url, credential);
                // One arm per vendor of the list, built or not: a vendor added to `vendors!`
                // and not here does not compile.
                match vendor {
                    $(
                        #[cfg(faceauth_vendor = $feature)]
                        Vendor::$variant => Ok(Self::$variant(
                            crate::$module::Client::with_credential(base_url, credential)?,
                        )),
                        #[cfg(not(faceauth_vendor = $feature))]
                        Vendor::$variant => Err(ConfigError::VendorNotBuilt(vendor)),
                    )+
                }
            }

            /// The vendor.
            pub fn vendor(&self) -> Vendor {
                match self {
                    $( #[cfg(faceauth_vendor = $feature)] Self::$variant(_) => Vendor::$variant, )+
                }
            }

            /// The secret values the client knows (see [`KnownSecrets`](crate::KnownSecrets)).
            pub fn known_secrets(&self) -> &crate::KnownSecrets {
                match self {
                    $( #[cfg(faceauth_vendor = $feature)] Self::$variant(c) => c.known_secrets(), )+
                }
            }

            /// The same client, knowing and adding to `secrets` (see
            /// [`KnownSecrets`](crate::KnownSecrets)).
            pub fn sharing_secrets(self, secrets: &crate::KnownSecrets) -> Self {
                match self {
                    $(
                        #[cfg(faceauth_vendor = $feature)]
                        Self::$variant(c) => Self::$variant(c.sharing_secrets(secrets)),
                    )+
                }
            }

            /// The same client with other timeouts and retries (see
            /// [`ClientOptions`](crate::ClientOptions)).
            pub fn with_options(self, options: crate::ClientOptions) -> Result<Self, ConfigError> {
                match self {
                    $(
                        #[cfg(faceauth_vendor = $feature)]
                        Self::$variant(c) => Ok(Self::$variant(c.with_options(options)?)),
                    )+
                }
            }

            /// The same client, showing every response it receives to `observer` (see
            /// [`CallObserver`](crate::CallObserver)).
            pub fn with_observer(self, observer: impl crate::CallObserver + 'static) -> Self {
                match self {
                    $(
                        #[cfg(faceauth_vendor = $feature)]
                        Self::$variant(c) => Self::$variant(c.with_observer(observer)),
                    )+
                }
            }

            /// Calls `operation` (an entry of the client's vendor's table:
            /// `Vendor::operation`, or an `Operation`'s `meta()`). An error means the input does
            /// not fit the operation, or the operation is another vendor's; nothing was sent.
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
                let _ = request;
                match self {
                    $(
                        #[cfg(faceauth_vendor = $feature)]
                        Self::$variant(c) => {
                            let op = *crate::$module::Operation::ALL
                                .get(operation.index)
                                .ok_or_else(other_vendor)?;
                            c.call_json(op, request).await
                        }
                    )+
                }
            }
        }
    };
}

any_client! {
    Signzy => signzy, "signzy";
    Verisoul => verisoul, "verisoul";
    Advance => advance, "advance";
    Progeny => progeny, "progeny";
}
