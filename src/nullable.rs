//! A field a vendor's schema marks optional and nullable, kept as it came: absent, `null`, or a
//! value. progenitor generates such a field as an `Option`, which decodes an absent key and a
//! `null` alike and writes neither back, so a vendor's `null` would not survive a round trip;
//! hand-written types use [`Nullable`] for it instead (`#[serde(default, skip_serializing_if =
//! "Nullable::is_absent")]`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional, nullable field: absent, `null`, or a value, each written back as it came.
///
/// ```
/// use faceauth_clients::Nullable;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Metadata {
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     account_id: Nullable<String>,
/// }
///
/// for text in [r#"{}"#, r#"{"account_id":null}"#, r#"{"account_id":"a-1"}"#] {
///     let metadata: Metadata = serde_json::from_str(text).unwrap();
///     assert_eq!(serde_json::to_string(&metadata).unwrap(), text);
/// }
/// let metadata: Metadata = serde_json::from_str(r#"{"account_id":"a-1"}"#).unwrap();
/// assert_eq!(metadata.account_id.value(), Some(&"a-1".to_owned()));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The key is not there.
    #[default]
    Absent,
    /// The key is there with `null`.
    Null,
    /// The key is there with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the key is not there (what `skip_serializing_if` asks).
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The value, if there is one (neither absent nor `null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` is `null`: a key that is there.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Self::Value(value),
            None => Self::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// A value as itself; `null` (and, if a field is not skipped when absent, absent) as `null`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Called only for a key that is there (an absent one is `#[serde(default)]`): `null` is
    /// [`Nullable::Null`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
