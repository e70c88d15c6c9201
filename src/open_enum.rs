//! Open string enums: the generated types' enums (error codes, statuses, decisions) keep a value
//! their spec does not list as `Unknown(raw)` instead of failing the whole response, so that a
//! vendor adding a value does not break decoding.
//!
//! build.rs replaces each string enum progenitor generates by an invocation of [`open_enum!`].
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

/// Declares an open string enum: one unit variant per documented value, plus `Unknown(String)`.
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

            /// The documented variant for `raw`, or `Unknown(raw)`.
            pub fn from_wire(raw: &str) -> Self {
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

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(raw: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(raw))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(raw: &str) -> Self {
                Self::from_wire(raw)
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
