//! Multipart forms as the mock reads them: the form's schema prepared once per operation, and each
//! body read in one pass (memchr's substring search), its parts borrowed from the body: a file's
//! bytes are never copied, a text part never becomes a `String`.

use memchr::memmem;
use serde_json::Value;

/// One part of a form, borrowed from the request body.
pub(super) struct Part<'a> {
    /// The `name` of its `Content-Disposition`.
    pub name: &'a str,
    /// Its `filename`, for a file part.
    pub file_name: Option<&'a str>,
    /// Its content.
    pub value: &'a [u8],
}

impl<'a> Part<'a> {
    /// A text part's value, if it is UTF-8.
    pub fn text(&self) -> Option<&'a str> {
        std::str::from_utf8(self.value).ok()
    }
}

impl super::credentials::Fields for Vec<Part<'_>> {
    fn field(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.iter()
            .find(|p| p.name == name && p.file_name.is_none())
            .and_then(Part::text)
            .map(std::borrow::Cow::Borrowed)
    }
}

/// The blank line that ends a part's head, searched for with a searcher built once (building one
/// per search cost more than the search in a small form).
static HEAD_END: std::sync::LazyLock<memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memmem::Finder::new(b"\r\n\r\n"));

/// A line that starts with `--`: where a delimiter can start.
static LINE_DASHES: std::sync::LazyLock<memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memmem::Finder::new(b"\r\n--"));

/// The parts of `body`, a `multipart/form-data` body with `boundary`; `None` when it is not well
/// formed (no opening delimiter, a part without its blank line, no closing delimiter).
pub(super) fn parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    // Every delimiter after the first starts a line: CRLF, `--`, the boundary.
    let mut delimiter = Vec::with_capacity(boundary.len() + 4);
    delimiter.extend_from_slice(b"\r\n--");
    delimiter.extend_from_slice(boundary.as_bytes());
    // The next delimiter: each CRLF `--` (a searcher built once), then the boundary after it.
    // Building a searcher for each request's boundary cost more than searching a small form.
    let next_delimiter = |haystack: &[u8]| {
        let mut from = 0;
        loop {
            let at = from + LINE_DASHES.find(&haystack[from..])?;
            if haystack[at + 4..].starts_with(boundary.as_bytes()) {
                return Some(at);
            }
            from = at + 1;
        }
    };
    let mut rest = body.strip_prefix(&delimiter[2..])?;
    let mut parts = Vec::with_capacity(4);
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = HEAD_END.find(rest)?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let after_head = &rest[head_end + 4..];
        let end = next_delimiter(after_head)?;
        let mut part = Part {
            name: "",
            file_name: None,
            value: &after_head[..end],
        };
        // Lines end in CRLF: split at LF (a byte search) and drop the CR.
        for line in head.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let (key, value) = line.split_once(':')?;
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                (part.name, part.file_name) = disposition_names(value);
            }
        }
        parts.push(part);
        rest = &after_head[end + delimiter.len()..];
    }
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary_of(content_type: &str) -> Option<&str> {
    const KEY: &[u8] = b"boundary=";
    let at = content_type
        .as_bytes()
        .windows(KEY.len())
        .position(|w| w.eq_ignore_ascii_case(KEY))?;
    let value = &content_type[at + KEY.len()..];
    let value = value.split(';').next().unwrap_or(value).trim();
    Some(value.trim_matches('"'))
}

/// The `name` and `filename` parameters of a `Content-Disposition` value, in one pass.
fn disposition_names(disposition: &str) -> (&str, Option<&str>) {
    let (mut name, mut file_name) = ("", None);
    for param in disposition.split(';') {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"');
        match key.trim() {
            "name" => name = value,
            "filename" => file_name = Some(value),
            _ => {}
        }
    }
    (name, file_name)
}

/// What a form field must hold, from its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    /// `format: binary`: a file part.
    File,
    Boolean,
    Integer,
    Number,
    /// Anything else: text, unchecked.
    Text,
}

/// A form's schema, read once: its fields, which are required, and whether it forbids others.
pub(super) struct FormSchema {
    fields: Vec<(String, FieldKind)>,
    required: Vec<String>,
    /// `additionalProperties: false`: the schema forbids undocumented fields.
    closed: bool,
}

/// What is wrong with a form, and the fields it has that its schema does not list.
#[derive(Default)]
pub(super) struct FormCheck {
    /// Each violation, as the mock names it.
    pub violations: Vec<String>,
    /// The required fields that are missing (each also a violation).
    pub missing: Vec<String>,
    /// Fields the schema does not list (and does not forbid), as `/<name>`.
    pub undocumented: Vec<String>,
}

impl FormSchema {
    /// The form of `schema` (resolved: an object schema with `properties`).
    pub fn new(schema: &Value) -> Self {
        let fields = schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, field)| {
                let kind = if field["format"] == "binary" {
                    FieldKind::File
                } else {
                    match field["type"].as_str() {
                        Some("boolean") => FieldKind::Boolean,
                        Some("integer") => FieldKind::Integer,
                        Some("number") => FieldKind::Number,
                        _ => FieldKind::Text,
                    }
                };
                (name.clone(), kind)
            })
            .collect();
        let required = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        Self {
            fields,
            required,
            closed: schema["additionalProperties"] == Value::Bool(false),
        }
    }

    /// Checks `body` (of `content_type`). With `strict`, a field the schema does not list is a
    /// violation; otherwise it is listed in [`FormCheck::undocumented`], unless the schema
    /// forbids it.
    pub fn check<'a>(
        &self,
        content_type: &str,
        body: &'a [u8],
        strict: bool,
    ) -> (FormCheck, Vec<Part<'a>>) {
        let mut check = FormCheck::default();
        let Some(boundary) = boundary_of(content_type) else {
            check
                .violations
                .push("multipart body without a boundary".to_owned());
            return (check, Vec::new());
        };
        let Some(parts) = parts(body, boundary) else {
            check
                .violations
                .push("the multipart body is not well formed".to_owned());
            return (check, Vec::new());
        };
        for required in &self.required {
            if !parts.iter().any(|p| p.name == required) {
                check
                    .violations
                    .push(format!("form field `{required}` is missing"));
                check.missing.push(required.clone());
            }
        }
        for part in &parts {
            let Some((_, kind)) = self.fields.iter().find(|(name, _)| name == part.name) else {
                if strict || self.closed {
                    check
                        .violations
                        .push(format!("form field `{}` is not documented", part.name));
                } else {
                    check
                        .undocumented
                        .push(super::extra_properties::pointer(&[part.name]));
                }
                continue;
            };
            let text = || part.text().map(str::trim);
            let wrong = match kind {
                FieldKind::File => part.file_name.is_none().then_some("must be a file"),
                FieldKind::Boolean => (!matches!(part.text(), Some("true" | "false")))
                    .then_some("must be true or false"),
                FieldKind::Integer => text()
                    .is_none_or(|t| t.parse::<i64>().is_err())
                    .then_some("must be an integer"),
                FieldKind::Number => text()
                    .is_none_or(|t| t.parse::<f64>().is_err())
                    .then_some("must be a number"),
                FieldKind::Text => None,
            };
            if let Some(wrong) = wrong {
                check
                    .violations
                    .push(format!("form field `{}` {wrong}", part.name));
            }
        }
        (check, parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"face.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n--XyBYTES\r\n--XyZ\r\ncontent-disposition: form-data; name=\"extend_data\"\r\n\r\nfalse\r\n--XyZ--\r\n";

    #[test]
    fn parts_are_borrowed_from_the_body_in_one_pass() {
        let parts = parts(FORM, "XyZ").expect("well formed");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "image");
        assert_eq!(parts[0].file_name, Some("face.png"));
        // A file's bytes as sent, a near-delimiter inside them included.
        assert_eq!(parts[0].value, b"\x89PNG\r\n\x1a\n--XyBYTES");
        assert_eq!(parts[1].name, "extend_data");
        assert_eq!(parts[1].file_name, None);
        assert_eq!(parts[1].text(), Some("false"));
    }

    #[test]
    fn malformed_forms_are_refused() {
        assert!(parts(b"--XyZ\r\nno blank line", "XyZ").is_none());
        assert!(parts(b"garbage", "XyZ").is_none());
        // No closing delimiter.
        assert!(parts(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
            "XyZ"
        )
        .is_none());
        assert!(parts(b"--XyZ--\r\n", "XyZ").is_some_and(|p| p.is_empty()));
    }

    #[test]
    fn a_form_is_checked_against_its_schema() {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["image", "count"],
            "properties": {
                "image": {"type": "string", "format": "binary"},
                "extend_data": {"type": "boolean"},
                "count": {"type": "integer"},
            }
        });
        let form = FormSchema::new(&schema);
        let content_type = "multipart/form-data; boundary=XyZ";
        let (check, _) = form.check(content_type, FORM, false);
        assert_eq!(check.violations, ["form field `count` is missing"]);
        assert_eq!(check.missing, ["count"]);
        assert!(check.undocumented.is_empty());

        let extra = b"--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.png\"\r\n\r\nPNG\r\n--XyZ\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n 3 \r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--XyZ--\r\n";
        let (check, parts) = form.check(content_type, extra, false);
        assert!(check.violations.is_empty(), "{:?}", check.violations);
        assert_eq!(check.undocumented, ["/note"]);
        assert_eq!(parts.len(), 3);
        let (check, _) = form.check(content_type, extra, true);
        assert_eq!(check.violations, ["form field `note` is not documented"]);
        assert!(check.undocumented.is_empty());

        let closed = FormSchema::new(&serde_json::json!({
            "type": "object", "additionalProperties": false,
            "properties": {"image": {"type": "string", "format": "binary"}}
        }));
        let (check, _) = closed.check(content_type, extra, false);
        assert_eq!(
            check.violations,
            [
                "form field `count` is not documented",
                "form field `note` is not documented"
            ]
        );

        let (check, _) = form.check("multipart/form-data", extra, false);
        assert_eq!(check.violations, ["multipart body without a boundary"]);
    }
}
