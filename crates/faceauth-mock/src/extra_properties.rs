//! Properties a request body has and its schema does not list. OpenAPI allows them unless the
//! schema forbids them (`additionalProperties: false`), so the mock accepts them and names them
//! in a response header of its own, [`EXTRA_PROPERTIES_HEADER`], so that a test can still see a
//! typo; `faceauth mock --strict` refuses them instead.

use serde_json::Value;

use faceauth_conformance::SchemaValidator;

/// The response header that lists the undocumented properties of an accepted request body: JSON
/// pointers (`/note`, `/metadata/extra`), separated by `, `, each byte outside visible ASCII and
/// each `%` or `,` percent-encoded; at most [`MAX_LISTED`] of them, then `(N more)`.
pub const EXTRA_PROPERTIES_HEADER: &str = "x-faceauth-mock-extra-properties";

/// How many undocumented properties the header names.
pub const MAX_LISTED: usize = 32;

/// The JSON pointer of `segments`, each escaped as RFC 6901 says (`~0`, `~1`) and then as
/// [`EXTRA_PROPERTIES_HEADER`] says.
pub(super) fn pointer<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        for byte in segment
            .as_ref()
            .replace('~', "~0")
            .replace('/', "~1")
            .bytes()
        {
            match byte {
                b'%' | b',' => out.push_str(&format!("%{byte:02X}")),
                0x21..=0x7e => out.push(byte as char),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
    }
    out
}

/// The header's value for `pointers` (not empty).
pub(super) fn header_value(pointers: &[String]) -> String {
    let mut value = pointers
        .iter()
        .take(MAX_LISTED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if pointers.len() > MAX_LISTED {
        value.push_str(&format!(" ({} more)", pointers.len() - MAX_LISTED));
    }
    value
}

/// The undocumented properties of `body`, which the lenient validator accepted and `listed_only`
/// (the same schema with every object closed) may refuse: each property it reports as not
/// allowed, as a pointer. The caller has already asked `listed_only.is_valid` (the quick check
/// that spares most bodies this walk), so it is not asked again here.
pub(super) fn undocumented(listed_only: &SchemaValidator, body: &Value) -> Vec<String> {
    let mut pointers = Vec::new();
    for error in listed_only.errors(body) {
        if let jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } =
            error.kind()
        {
            let mut at: Vec<String> = error
                .instance_path()
                .iter()
                .map(|segment| match segment {
                    jsonschema::paths::LocationSegment::Property(name) => name.to_string(),
                    jsonschema::paths::LocationSegment::Index(index) => index.to_string(),
                })
                .collect();
            for name in unexpected {
                at.push(name.clone());
                pointers.push(pointer(&at));
                at.pop();
            }
        }
    }
    pointers.sort();
    pointers.dedup();
    pointers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_escaped_for_a_header() {
        assert_eq!(pointer(&["note"]), "/note");
        assert_eq!(pointer(&["metadata", "a/b", "c~d"]), "/metadata/a~1b/c~0d");
        assert_eq!(pointer(&["a b,c%", "é"]), "/a%20b%2Cc%25/%C3%A9");
        assert!(http::header::HeaderValue::from_str(&pointer(&["\n\u{7f}x"])).is_ok());
    }

    #[test]
    fn the_header_names_a_bounded_number() {
        assert_eq!(header_value(&["/a".to_owned(), "/b".to_owned()]), "/a, /b");
        let many: Vec<String> = (0..40).map(|i| format!("/p{i}")).collect();
        let value = header_value(&many);
        assert!(value.starts_with("/p0, /p1, "), "{value}");
        assert!(value.ends_with("/p31 (8 more)"), "{value}");
    }
}
