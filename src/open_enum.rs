//! The string enums of the generated types, in two kinds (build.rs replaces each string enum
//! progenitor generates by one of these macros):
//!
//! - **received** ([`open_enum!`]): error codes, statuses, decisions the vendor sends. A value the
//!   spec does not list decodes as `Unknown(raw)` instead of failing the whole response, and
//!   serialises back unchanged, so that a vendor adding a value does not break decoding.
//! - **sent only** ([`request_enum!`]): a value the client sends (Signzy's `precision`). Closed: a
//!   string that is not one of the documented values does not become one by accident (no
//!   `From<&str>`; `FromStr` and JSON input refuse it with [`UnlistedValue`]). A value the spec
//!   does not know yet is sent only through the variant named for it, `Unlisted`.
//!
//! Both are `#[non_exhaustive]`: a value the vendor adds is a new variant in a minor release.
//!
//! ```
//! use faceauth_clients::verisoul::types::EnrollErrorCode;
//!
//! let known: EnrollErrorCode = serde_json::from_str("\"session_not_found\"").unwrap();
//! assert_eq!(known, EnrollErrorCode::SessionNotFound);
//! let new: EnrollErrorCode = serde_json::from_str("\"face_occluded\"").unwrap();
//! assert_eq!(new, EnrollErrorCode::Unknown("face_occluded".into()));
//! assert!(!new.is_known());
//! assert_eq!(serde_json::to_string(&new).unwrap(), "\"face_occluded\"");
//! assert_eq!(new.to_string(), "face_occluded");
//! ```
//!
//! A sent-only enum takes a documented value, or an undocumented one by name only:
//!
//! ```
//! use faceauth_clients::signzy::types::AuthenticateRequestPrecision as Precision;
//!
//! assert_eq!("high".parse::<Precision>().unwrap(), Precision::High);
//! let typo = "hgh".parse::<Precision>().unwrap_err();
//! assert_eq!(typo.to_string(), "\"hgh\" is not a documented AuthenticateRequestPrecision (one of: high, low); to send it anyway, use AuthenticateRequestPrecision::Unlisted");
//! assert!(serde_json::from_str::<Precision>("\"hgh\"").is_err(), "nor from JSON input");
//! let deliberate = Precision::Unlisted("highest".into());
//! assert_eq!(serde_json::to_string(&deliberate).unwrap(), "\"highest\"");
//! ```
//!
//! A typo does not compile into one:
//!
//! ```compile_fail
//! use faceauth_clients::signzy::types::AuthenticateRequestPrecision as Precision;
//! let precision: Precision = "hgh".into();
//! ```

use std::fmt;

/// A string that is not one of the documented values of a generated string enum (its `FromStr`
/// and JSON input refuse it; see the module docs of the vendor types).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnlistedValue {
    /// The enum.
    pub type_name: &'static str,
    /// The value given.
    pub value: String,
    /// The documented values.
    pub documented: Vec<&'static str>,
}

impl fmt::Display for UnlistedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a documented {} (one of: {})",
            self.value,
            self.type_name,
            self.documented.join(", ")
        )?;
        write!(f, "; to send it anyway, use {}::Unlisted", self.type_name)
    }
}

impl std::error::Error for UnlistedValue {}

/// Declares a received string enum: one unit variant per documented value, plus
/// `Unknown(String)`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Open: a value the spec does not list decodes as `Unknown`, with the string the vendor
        /// sent, and serialises back unchanged.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $wire, "`")] $variant, )*
            /// A value the spec does not list, as the vendor sent it.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every documented value.
            pub const KNOWN: &'static [$name] = &[$( $name::$variant ),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(raw) => raw,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// The documented variant for `raw`, or `Unknown(raw)`: how a received value decodes.
            fn from_wire(raw: &str) -> Self {
                match raw {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A documented value by its wire text; any other text is an
        /// [`UnlistedValue`](crate::UnlistedValue) (build `Unknown` by name to hold one).
        impl ::std::str::FromStr for $name {
            type Err = $crate::UnlistedValue;
            fn from_str(raw: &str) -> ::std::result::Result<Self, Self::Err> {
                match Self::from_wire(raw) {
                    Self::Unknown(value) => Err($crate::UnlistedValue {
                        type_name: stringify!($name),
                        value,
                        documented: ::std::vec![$( $wire ),*],
                    }),
                    known => Ok(known),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, raw: &str) -> ::std::result::Result<$name, E> {
                        Ok($name::from_wire(raw))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}
pub(crate) use open_enum;

/// Declares a sent-only string enum: one unit variant per documented value, plus
/// `Unlisted(String)`, the one way to send a value the spec does not list.
macro_rules! request_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Closed: text becomes a value only if it is documented (`str::parse`, JSON input);
        /// anything else is refused with [`UnlistedValue`](crate::UnlistedValue) before sending.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $wire, "`")] $variant, )*
            /// A value the spec does not list yet, sent as it is: the explicit escape hatch for
            /// a value the vendor accepts that the spec does not document.
            Unlisted(::std::string::String),
        }

        impl $name {
            /// Every documented value.
            pub const KNOWN: &'static [$name] = &[$( $name::$variant ),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unlisted(raw) => raw,
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unlisted(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A documented value by its wire text; any other text is an
        /// [`UnlistedValue`](crate::UnlistedValue).
        impl ::std::str::FromStr for $name {
            type Err = $crate::UnlistedValue;
            fn from_str(raw: &str) -> ::std::result::Result<Self, Self::Err> {
                match raw {
                    $( $wire => Ok(Self::$variant), )*
                    other => Err($crate::UnlistedValue {
                        type_name: stringify!($name),
                        value: other.to_owned(),
                        documented: ::std::vec![$( $wire ),*],
                    }),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// JSON input (`faceauth call`, `AnyClient::call_json`) takes documented values only.
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                raw.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}
pub(crate) use request_enum;
