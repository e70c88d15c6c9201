//! Multipart forms as the mock reads them: the form's schema prepared once per operation, and each
//! body read in one pass (memchr's substring search for the delimiters), its parts borrowed from
//! the body: a file's bytes are never copied, a text part never becomes a `String`.

use faceauth_conformance::{SchemaValidator, Spec};
use memchr::memmem;
use serde_json::Value;

/// One part of a form, borrowed from the request body.
pub(super) struct Part<'a> {
    /// The `name` of its `Content-Disposition`, as sent (field names are compared as bytes).
    pub name: &'a [u8],
    /// Its `filename`, for a file part.
    pub file_name: Option<&'a [u8]>,
    /// Its content.
    pub value: &'a [u8],
}

impl<'a> Part<'a> {
    /// A text part's value, if it is UTF-8.
    pub fn text(&self) -> Option<&'a str> {
        std::str::from_utf8(self.value).ok()
    }

    /// Its name as text (for messages; a name that is not UTF-8 with replacement characters).
    fn name_text(&self) -> std::borrow::Cow<'a, str> {
        String::from_utf8_lossy(self.name)
    }
}

impl super::credentials::Fields for Vec<Part<'_>> {
    fn field(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.iter()
            .find(|p| p.name == name.as_bytes() && p.file_name.is_none())
            .and_then(Part::text)
            .map(std::borrow::Cow::Borrowed)
    }
}

/// A line that starts with `--`: where a delimiter can start. A searcher built once: building
/// one for each request's boundary cost more than searching a small form.
static LINE_DASHES: std::sync::LazyLock<memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memmem::Finder::new(b"\r\n--"));

/// The parts of `body`, a `multipart/form-data` body with `boundary`; `None` when it is not well
/// formed (no opening delimiter, a head line without a colon, a head without its blank line, a
/// part without a name, which RFC 7578 requires, no closing delimiter).
///
/// Read as bytes, each part's head line by line: on a small upload the mock's own work was
/// mostly setting up searches and UTF-8 checks longer than the text they looked at.
pub(super) fn parts<'a>(body: &'a [u8], boundary: &[u8]) -> Option<Vec<Part<'a>>> {
    // The next delimiter: every delimiter after the first starts a line (CRLF, `--`, the
    // boundary), so each CRLF `--` is a candidate, checked for the boundary after it.
    let next_delimiter = |haystack: &[u8]| {
        let mut from = 0;
        loop {
            let at = from + LINE_DASHES.find(&haystack[from..])?;
            if haystack[at + 4..].starts_with(boundary) {
                return Some(at);
            }
            from = at + 1;
        }
    };
    let mut rest = body.strip_prefix(b"--")?.strip_prefix(boundary)?;
    let mut parts = Vec::with_capacity(4);
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let mut part = Part {
            name: b"",
            file_name: None,
            value: b"",
        };
        // The head: header lines up to a blank line. The lines clients send (the usual
        // disposition, the blank line) are recognised where they start, without a search for
        // their end: on a small upload those searches were most of the mock's reading.
        loop {
            if let Some(after) = rest.strip_prefix(b"\r\n") {
                rest = after;
                break;
            }
            // `Content-D`: one byte tells the disposition line from the other usual one
            // (`Content-Type`) before the fast path compares its whole start.
            let usual = match rest.get(8) {
                Some(b'D' | b'd') => usual_disposition_line(rest),
                _ => None,
            };
            let (line, after) = match usual {
                Some(read) => read,
                None => head_line(rest)?,
            };
            rest = after;
            match line {
                HeadLine::Blank => break,
                HeadLine::Disposition { name, file_name } => {
                    (part.name, part.file_name) = (name, file_name);
                }
                HeadLine::Other => {}
            }
        }
        if part.name.is_empty() {
            return None;
        }
        let end = next_delimiter(rest)?;
        part.value = &rest[..end];
        parts.push(part);
        rest = &rest[end + 4 + boundary.len()..];
    }
}

/// Calls `visit` with each `key=value` parameter of a header value after its first `;`
/// (`form-data; name="a"`, `multipart/form-data; boundary=x`), a quoted value without its
/// quotes, until `visit` returns `false`. A `;` inside quotes belongs to the value; a backslash
/// in quotes keeps the byte after it in the value. One pass of index loops: the text is short,
/// and iterator adapters cost more to set up than such a scan.
fn parameters<'a>(value: &'a [u8], mut visit: impl FnMut(&'a [u8], &'a [u8]) -> bool) {
    let is_space = |b: u8| b == b' ' || b == b'\t';
    let len = value.len();
    let mut at = 0;
    while at < len && value[at] != b';' {
        at += 1;
    }
    while at < len {
        // `at` is on a `;`.
        at += 1;
        while at < len && is_space(value[at]) {
            at += 1;
        }
        let key_start = at;
        while at < len && value[at] != b'=' && value[at] != b';' {
            at += 1;
        }
        let mut key_end = at;
        while key_end > key_start && is_space(value[key_end - 1]) {
            key_end -= 1;
        }
        if at == len || value[at] == b';' {
            // A parameter without a value: skipped.
            continue;
        }
        at += 1;
        while at < len && is_space(value[at]) {
            at += 1;
        }
        let parameter_value = if at < len && value[at] == b'"' {
            at += 1;
            let start = at;
            while at < len && value[at] != b'"' {
                at += if value[at] == b'\\' { 2 } else { 1 };
            }
            let end = at.min(len);
            while at < len && value[at] != b';' {
                at += 1;
            }
            &value[start..end]
        } else {
            let start = at;
            while at < len && value[at] != b';' {
                at += 1;
            }
            let mut end = at;
            while end > start && is_space(value[end - 1]) {
                end -= 1;
            }
            &value[start..end]
        };
        if !visit(&value[key_start..key_end], parameter_value) {
            return;
        }
    }
}

/// Whether `text` starts with `usual` in any letter case: the usual spelling compared first (one
/// memory comparison), letter by letter only for the others.
fn starts_with_any_case(text: &[u8], usual: &[u8]) -> bool {
    text.starts_with(usual)
        || (text.len() >= usual.len() && text[..usual.len()].eq_ignore_ascii_case(usual))
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary_of(content_type: &[u8]) -> Option<&[u8]> {
    // The spelling clients send, `multipart/form-data; boundary=X` and nothing after it, read
    // without the general parser.
    const USUAL: &[u8] = b"multipart/form-data; boundary=";
    if starts_with_any_case(content_type, USUAL) {
        let boundary = &content_type[USUAL.len()..];
        if memchr::memchr3(b';', b'"', b' ', boundary).is_none() {
            return Some(boundary);
        }
    }
    boundary_parameter(content_type)
}

/// The `boundary` parameter of a content type, read by the general parser.
fn boundary_parameter(content_type: &[u8]) -> Option<&[u8]> {
    let mut boundary = None;
    parameters(content_type, |key, value| {
        let found = key.eq_ignore_ascii_case(b"boundary");
        if found {
            boundary = Some(value);
        }
        !found
    });
    boundary
}

/// The `name` and `filename` parameters of a `Content-Disposition` value, read by the general
/// parser.
fn disposition_parameters(disposition: &[u8]) -> (&[u8], Option<&[u8]>) {
    let (mut name, mut file_name) = (&[][..], None);
    parameters(disposition, |key, value| {
        if key.eq_ignore_ascii_case(b"name") {
            name = value;
        } else if key.eq_ignore_ascii_case(b"filename") {
            file_name = Some(value);
        }
        true
    });
    (name, file_name)
}

/// One line of a part's head, read.
#[derive(Debug, PartialEq, Eq)]
enum HeadLine<'a> {
    /// The blank line that ends the head.
    Blank,
    /// `Content-Disposition`: the part's name and file name.
    Disposition {
        name: &'a [u8],
        file_name: Option<&'a [u8]>,
    },
    /// Any other header.
    Other,
}

/// The head line at the start of `text`, in any spelling RFC 7578 allows (a header name in any
/// letter case, spaces around the colon, a bare line feed), and the text after it; `None` when
/// it has no line end or no colon.
fn head_line(text: &[u8]) -> Option<(HeadLine<'_>, &[u8])> {
    let line_end = memchr::memchr(b'\n', text)?;
    let line = &text[..line_end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let after = &text[line_end + 1..];
    if line.is_empty() {
        return Some((HeadLine::Blank, after));
    }
    let colon = memchr::memchr(b':', line)?;
    let read = if line[..colon]
        .trim_ascii()
        .eq_ignore_ascii_case(b"content-disposition")
    {
        let (name, file_name) = disposition_parameters(&line[colon + 1..]);
        HeadLine::Disposition { name, file_name }
    } else {
        HeadLine::Other
    };
    Some((read, after))
}

/// The disposition line as clients write it, `Content-Disposition: form-data; name="N"` and
/// optionally `; filename="F"`, then CRLF, at the start of `text`, and the text after it, read
/// without searching for the line's end. `None` for any other spelling (another parameter, a
/// backslash or a line break inside the quotes), which [`head_line`] reads to the same names.
fn usual_disposition_line(text: &[u8]) -> Option<(HeadLine<'_>, &[u8])> {
    const NAME: &[u8] = b"Content-Disposition: form-data; name=\"";
    const FILE_NAME: &[u8] = b"; filename=\"";
    // The quoted text at the start of `text` and what follows its closing quote. A plain loop:
    // names are a few bytes, shorter than a vectorised search takes to set up.
    fn quoted(text: &[u8]) -> Option<(&[u8], &[u8])> {
        let end = text
            .iter()
            .position(|&b| matches!(b, b'"' | b'\\' | b'\r' | b'\n'))?;
        (text[end] == b'"').then(|| (&text[..end], &text[end + 1..]))
    }
    if !starts_with_any_case(text, NAME) {
        return None;
    }
    let (name, rest) = quoted(&text[NAME.len()..])?;
    if let Some(after) = rest.strip_prefix(b"\r\n") {
        let file_name = None;
        return Some((HeadLine::Disposition { name, file_name }, after));
    }
    if !starts_with_any_case(rest, FILE_NAME) {
        return None;
    }
    let (file_name, rest) = quoted(&rest[FILE_NAME.len()..])?;
    let file_name = Some(file_name);
    Some((
        HeadLine::Disposition { name, file_name },
        rest.strip_prefix(b"\r\n")?,
    ))
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

/// A form's schema, read once: its fields (each with a validator of its own schema's
/// constraints, `minLength`, `enum`, `pattern`, `format`, ranges, for a field that is not a file),
/// which are required, and whether it forbids others.
pub(super) struct FormSchema {
    fields: Vec<(String, FieldKind, Option<SchemaValidator>)>,
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
    /// The form of `schema` (resolved: an object schema with `properties`) in `spec`, whose
    /// components a field's schema may refer to.
    pub fn new(spec: &Spec, schema: &Value) -> Result<Self, faceauth_conformance::Error> {
        let fields = schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, field)| {
                let resolved = match field["$ref"].as_str() {
                    Some(reference) => spec.resolve(reference).unwrap_or(field),
                    None => field,
                };
                let kind = if resolved["format"] == "binary" {
                    FieldKind::File
                } else {
                    match resolved["type"].as_str() {
                        Some("boolean") => FieldKind::Boolean,
                        Some("integer") => FieldKind::Integer,
                        Some("number") => FieldKind::Number,
                        _ => FieldKind::Text,
                    }
                };
                // A file's bytes are not JSON: only its presence is checked.
                let constraints = match kind {
                    FieldKind::File => None,
                    _ => Some(SchemaValidator::new(spec, field)?),
                };
                Ok((name.clone(), kind, constraints))
            })
            .collect::<Result<_, faceauth_conformance::Error>>()?;
        let required = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        Ok(Self {
            fields,
            required,
            closed: schema["additionalProperties"] == Value::Bool(false),
        })
    }

    /// Checks `body` (of `content_type`). With `strict`, a field the schema does not list is a
    /// violation; otherwise it is listed in [`FormCheck::undocumented`], unless the schema
    /// forbids it.
    pub fn check<'a>(
        &self,
        content_type: &[u8],
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
            if !parts.iter().any(|p| p.name == required.as_bytes()) {
                check
                    .violations
                    .push(format!("form field `{required}` is missing"));
                check.missing.push(required.clone());
            }
        }
        for part in &parts {
            let field = self
                .fields
                .iter()
                .find(|(name, _, _)| name.as_bytes() == part.name);
            let Some((_, kind, constraints)) = field else {
                if strict || self.closed {
                    check.violations.push(format!(
                        "form field `{}` is not documented",
                        part.name_text()
                    ));
                } else {
                    check
                        .undocumented
                        .push(super::extra_properties::pointer(&[part.name_text()]));
                }
                continue;
            };
            let text = || part.text().map(str::trim);
            let wrong = match kind {
                FieldKind::File => part.file_name.is_none().then_some("must be a file"),
                FieldKind::Boolean => {
                    (!matches!(part.value, b"true" | b"false")).then_some("must be true or false")
                }
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
                    .push(format!("form field `{}` {wrong}", part.name_text()));
                continue;
            }
            // The field's value as JSON of its type, held to every constraint of its schema, as
            // a JSON body's fields are.
            let (Some(constraints), Some(text)) = (constraints, part.text()) else {
                continue;
            };
            let value = match kind {
                FieldKind::Boolean => Value::Bool(text == "true"),
                FieldKind::Integer | FieldKind::Number => {
                    match serde_json::from_str::<serde_json::Number>(text.trim()) {
                        Ok(number) => Value::Number(number),
                        Err(_) => continue,
                    }
                }
                _ => Value::String(text.to_owned()),
            };
            for error in constraints.errors(&value) {
                check
                    .violations
                    .push(format!("form field `{}`: {error}", part.name_text()));
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
        let parts = parts(FORM, b"XyZ").expect("well formed");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, b"image");
        assert_eq!(parts[0].file_name, Some(&b"face.png"[..]));
        // A file's bytes as sent, a near-delimiter inside them included.
        assert_eq!(parts[0].value, b"\x89PNG\r\n\x1a\n--XyBYTES");
        assert_eq!(parts[1].name, b"extend_data");
        assert_eq!(parts[1].file_name, None);
        assert_eq!(parts[1].text(), Some("false"));
    }

    #[test]
    fn malformed_forms_are_refused() {
        assert!(parts(b"--XyZ\r\nno blank line", b"XyZ").is_none());
        assert!(parts(b"garbage", b"XyZ").is_none());
        // A head line that is not a header.
        assert!(parts(b"--XyZ\r\nnot a header\r\n\r\nx\r\n--XyZ--", b"XyZ").is_none());
        // A part without a name: without headers, or with an empty one.
        assert!(parts(b"--XyZ\r\n\r\nx\r\n--XyZ--", b"XyZ").is_none());
        assert!(parts(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--XyZ--",
            b"XyZ"
        )
        .is_none());
        // No closing delimiter.
        assert!(parts(
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
            b"XyZ"
        )
        .is_none());
        assert!(parts(b"--XyZ--\r\n", b"XyZ").is_some_and(|p| p.is_empty()));
    }

    #[test]
    fn heads_are_read_in_any_spelling() {
        // Lower and upper case, a space before the colon, a head ending in bare line feeds.
        let body = b"--b\r\ncontent-type: text/plain\r\nCONTENT-DISPOSITION : form-data; NAME=note\r\n\r\nhi\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\n\nvalue\r\n--b--";
        let parts = parts(body, b"b").expect("well formed");
        let names: Vec<&[u8]> = parts.iter().map(|p| p.name).collect();
        assert_eq!(names, [&b"note"[..], b"x"]);
        let values: Vec<&[u8]> = parts.iter().map(|p| p.value).collect();
        assert_eq!(values, [&b"hi"[..], b"value"]);
    }

    /// `parameters` as a list, for the tests.
    fn all_parameters(value: &[u8]) -> Vec<(String, String)> {
        let mut all = Vec::new();
        parameters(value, |key, value| {
            all.push((
                String::from_utf8_lossy(key).into_owned(),
                String::from_utf8_lossy(value).into_owned(),
            ));
            true
        });
        all
    }

    #[test]
    fn parameters_are_read_as_rfc_7578_writes_them() {
        assert_eq!(
            all_parameters(b"form-data; name=\"a;b\" ; filename = \"x\\\"y.png\"; flag; size=3 "),
            [
                ("name".to_owned(), "a;b".to_owned()),
                ("filename".to_owned(), "x\\\"y.png".to_owned()),
                ("size".to_owned(), "3".to_owned()),
            ]
        );
        assert!(all_parameters(b"form-data").is_empty());
        assert_eq!(
            disposition_parameters(b" form-data; Name=\"a\"; FILENAME=\"f.png\""),
            (&b"a"[..], Some(&b"f.png"[..]))
        );
        assert_eq!(
            boundary_of(b"multipart/form-data; charset=utf-8; Boundary=\"q;x\""),
            Some(&b"q;x"[..])
        );
        assert_eq!(
            boundary_of(b"multipart/form-data; boundary=plain"),
            Some(&b"plain"[..])
        );
        assert_eq!(boundary_of(b"multipart/form-data"), None);
    }

    /// A spec whose components a form's field may refer to.
    fn spec() -> Spec {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Region: {type: string, minLength: 2, maxLength: 3}\n";
        Spec::parse(faceauth_clients::Vendor::ALL[0], text).unwrap()
    }

    /// A form whose one field `name` holds `value`.
    fn form_of(name: &str, value: &str) -> Vec<u8> {
        format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n--XyZ--\r\n")
            .into_bytes()
    }

    /// Each constraint of a field's schema is checked, as a JSON body's would be, directly or
    /// through a `$ref`: the reproduction was ADVANCE.AI's `region` "0" (minLength 2) answered
    /// as a success.
    #[test]
    fn a_form_field_is_held_to_every_constraint_of_its_schema() {
        let form = FormSchema::new(
            &spec(),
            &serde_json::json!({
                "type": "object",
                "properties": {
                    "region": {"$ref": "#/components/schemas/Region"},
                    "mode": {"type": "string", "enum": ["URL", "BASE64"]},
                    "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
                    "id": {"type": "string", "format": "uuid"},
                    "count": {"type": "integer", "minimum": 1, "maximum": 5},
                    "score": {"type": "number", "exclusiveMaximum": 1},
                }
            }),
        )
        .unwrap();
        let content_type = b"multipart/form-data; boundary=XyZ";
        let refused = [
            (
                "region",
                "0",
                "form field `region`: \"0\" is shorter than 2 characters",
            ),
            (
                "region",
                "IDNX",
                "form field `region`: \"IDNX\" is longer than 3 characters",
            ),
            (
                "mode",
                "url",
                "form field `mode`: \"url\" is not one of \"URL\" or \"BASE64\"",
            ),
            (
                "code",
                "id",
                "form field `code`: \"id\" does not match \"^[A-Z]{2}$\"",
            ),
            (
                "id",
                "not-a-uuid",
                "form field `id`: \"not-a-uuid\" is not a \"uuid\"",
            ),
            (
                "count",
                "0",
                "form field `count`: 0 is less than the minimum of 1",
            ),
            (
                "count",
                "6",
                "form field `count`: 6 is greater than the maximum of 5",
            ),
            (
                "score",
                "1",
                "form field `score`: 1 is greater than or equal to the maximum of 1",
            ),
        ];
        for (name, value, says) in refused {
            let (check, _) = form.check(content_type, &form_of(name, value), false);
            assert_eq!(check.violations, [says], "{name}={value}");
        }
        let accepted = [
            ("region", "ID"),
            ("mode", "BASE64"),
            ("code", "ID"),
            ("id", "0007b793-ae5d-45a2-8d9f-4a5b573c3271"),
            ("count", "5"),
            ("score", "0.99"),
        ];
        for (name, value) in accepted {
            let (check, _) = form.check(content_type, &form_of(name, value), false);
            assert!(
                check.violations.is_empty(),
                "{name}={value}: {:?}",
                check.violations
            );
        }
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
        let form = FormSchema::new(&spec(), &schema).unwrap();
        let content_type = b"multipart/form-data; boundary=XyZ";
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

        let closed = FormSchema::new(
            &spec(),
            &serde_json::json!({
                "type": "object", "additionalProperties": false,
                "properties": {"image": {"type": "string", "format": "binary"}}
            }),
        )
        .unwrap();
        let (check, _) = closed.check(content_type, extra, false);
        assert_eq!(
            check.violations,
            [
                "form field `count` is not documented",
                "form field `note` is not documented"
            ]
        );

        let (check, _) = form.check(b"multipart/form-data", extra, false);
        assert_eq!(check.violations, ["multipart body without a boundary"]);
    }

    proptest::proptest! {
        /// The fast path for the usual disposition line reads the names and the line's end that
        /// the general parser reads, for any disposition (quotes, backslashes, semicolons,
        /// spaces, line breaks and letter case included), and the fast path for the usual
        /// content type the boundary it reads.
        #[test]
        fn the_usual_spelling_reads_what_the_general_parser_reads(
            name in "[a-zA-Z_;\\\\\" =\r\n]{0,12}",
            file_name in proptest::option::of("[a-zA-Z.;\\\\\" =\r\n]{0,12}"),
            upper in proptest::bool::ANY,
            tail in "[ ;a-z=\"]{0,6}",
            boundary in "[a-zA-Z0-9'()+_,./:=?; \"-]{1,20}",
        ) {
            let mut line = format!("Content-Disposition: form-data; name=\"{name}\"");
            if let Some(file_name) = &file_name {
                line.push_str(&format!("; filename=\"{file_name}\""));
            }
            line.push_str(&tail);
            line.push_str("\r\nContent-Type: image/png\r\n");
            if upper {
                line = line.to_ascii_uppercase();
            }
            if let Some(usual) = usual_disposition_line(line.as_bytes()) {
                proptest::prop_assert_eq!(Some(usual), head_line(line.as_bytes()));
            }

            let content_type = format!("multipart/form-data; boundary={boundary}");
            proptest::prop_assert_eq!(
                boundary_of(content_type.as_bytes()),
                boundary_parameter(content_type.as_bytes())
            );
        }
    }

    #[test]
    fn the_usual_disposition_line_is_read_without_the_general_parser() {
        let line = b"content-disposition: FORM-DATA; NAME=\"image\"; filename=\"f.png\"\r\nrest";
        assert_eq!(
            usual_disposition_line(line),
            Some((
                HeadLine::Disposition {
                    name: b"image",
                    file_name: Some(b"f.png")
                },
                &b"rest"[..]
            ))
        );
        assert_eq!(
            usual_disposition_line(b"Content-Disposition: form-data; name=\"n\"\r\n\r\n"),
            Some((
                HeadLine::Disposition {
                    name: b"n",
                    file_name: None
                },
                &b"\r\n"[..]
            ))
        );
        // Left to the general parser: a parameter after the names, a line feed alone, a
        // backslash in quotes, a quote that does not close on the line.
        for other in [
            &b"Content-Disposition: form-data; name=\"n\"; size=3\r\n"[..],
            b"Content-Disposition: form-data; name=\"n\"\n",
            b"Content-Disposition: form-data; name=\"a\\\"b\"\r\n",
            b"Content-Disposition: form-data; name=\"n\r\n\"\r\n",
        ] {
            assert_eq!(
                usual_disposition_line(other),
                None,
                "{:?}",
                String::from_utf8_lossy(other)
            );
        }
    }
}
