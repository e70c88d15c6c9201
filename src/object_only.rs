//! Structs decode from JSON objects only. serde's derived `Deserialize` for a struct also takes a
//! JSON array of its field values in order, a form no vendor documents: the generated types (see
//! build/object_only.rs) and the hand-written ones that would accept it read their fields
//! through [`deserialize`], which takes a JSON object and refuses anything else.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{value::MapAccessDeserializer, Deserialize, Deserializer, MapAccess, Visitor};

/// Deserializes `T` (a struct's derived fields) from a JSON object only.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ObjectOnly<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map))
        }
    }

    deserializer.deserialize_map(ObjectOnly(PhantomData))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Photo {
        face: String,
    }

    fn photo(json: &str) -> Result<Photo, serde_json::Error> {
        super::deserialize(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn an_object_decodes_and_an_array_of_the_fields_does_not() {
        // What serde's derive alone accepts.
        assert!(serde_json::from_str::<Photo>(r#"["x"]"#).is_ok());
        assert_eq!(
            photo(r#"{"face": "x"}"#).unwrap(),
            Photo { face: "x".into() }
        );
        let refused = photo(r#"["x"]"#).unwrap_err().to_string();
        assert!(refused.contains("expected a JSON object"), "{refused}");
    }
}
