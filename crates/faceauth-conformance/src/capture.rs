//! What a client sent, as the mock server received it: redacted and made stable, so that it can
//! be compared with the spec and pinned by a snapshot.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// Shown in place of a credential.
pub const REDACTED: &str = faceauth_clients::REDACTED;

/// A request as the mock received it. Credentials are replaced by [`REDACTED`], file parts by their
/// size, and values that change from run to run (the mock's port, multipart boundaries) by a name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapturedRequest {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The headers, lower case, sorted.
    pub headers: BTreeMap<String, String>,
    /// The body.
    pub body: CapturedBody,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
pub enum CapturedBody {
    /// No body.
    Empty,
    /// A JSON body.
    Json(Value),
    /// A `multipart/form-data` body, part by part.
    Multipart(Vec<CapturedPart>),
    /// Any other body: its size only (it may be an image).
    Other {
        /// The content type.
        content_type: String,
        /// The size in bytes.
        len: usize,
    },
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapturedPart {
    /// The form field.
    pub name: String,
    /// The file name, for a file part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The part's content type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// A text part's value; for a file part, its size (files are images: never their bytes).
    pub value: String,
}

impl CapturedRequest {
    /// Captures `request`, replacing the value of `credential_header` by [`REDACTED`].
    /// Also returns the credential as sent, for the runner to check.
    pub fn from_wiremock(
        request: &wiremock::Request,
        credential_header: &str,
    ) -> (Self, Option<String>) {
        let mut headers = BTreeMap::new();
        let mut credential = None;
        for (name, value) in &request.headers {
            let name = name.as_str().to_ascii_lowercase();
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            let shown = if name == credential_header {
                credential = Some(value);
                REDACTED.to_owned()
            } else if name == "host" {
                "[mock server]".to_owned()
            } else if name == "content-type" && value.starts_with("multipart/") {
                stable_boundary(&value)
            } else {
                value
            };
            headers.insert(name, shown);
        }
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let body = capture_body(content_type, &request.body);
        let captured = Self {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request.url.query_pairs().into_owned().collect(),
            headers,
            body,
        };
        (captured, credential)
    }
}

impl CapturedRequest {
    /// The same capture with the values of `secret_fields` (see `Spec::secret_fields`) replaced
    /// by [`REDACTED`] in a JSON body or form, for snapshots.
    pub fn with_secret_fields_redacted(&self, secret_fields: &[String]) -> Self {
        let mut redacted = self.clone();
        match &mut redacted.body {
            CapturedBody::Json(json) => faceauth_clients::redact_fields(json, secret_fields),
            CapturedBody::Multipart(parts) => {
                for part in parts.iter_mut().filter(|p| secret_fields.contains(&p.name)) {
                    part.value = REDACTED.to_owned();
                }
            }
            CapturedBody::Empty | CapturedBody::Other { .. } => {}
        }
        redacted
    }
}

fn stable_boundary(content_type: &str) -> String {
    match content_type.split_once("boundary=") {
        Some((head, _)) => format!("{head}boundary=[boundary]"),
        None => content_type.to_owned(),
    }
}

fn capture_body(content_type: &str, body: &[u8]) -> CapturedBody {
    if body.is_empty() {
        return CapturedBody::Empty;
    }
    if content_type.starts_with("application/json") {
        if let Ok(json) = serde_json::from_slice(body) {
            return CapturedBody::Json(json);
        }
    }
    if let Some(boundary) = content_type
        .split_once("boundary=")
        .map(|(_, b)| b.trim_matches('"'))
    {
        if let Some(parts) = parse_multipart(body, boundary) {
            return CapturedBody::Multipart(parts);
        }
    }
    CapturedBody::Other {
        content_type: content_type.to_owned(),
        len: body.len(),
    }
}

/// A minimal `multipart/form-data` reader (RFC 7578), enough to check what our client sends.
/// Returns `None` if the body is not well formed.
pub(crate) fn parse_multipart(body: &[u8], boundary: &str) -> Option<Vec<CapturedPart>> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body.strip_prefix(delimiter.as_bytes())?;
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..header_end]).ok()?;
        let after_head = &rest[header_end + 4..];
        let next = find(after_head, format!("\r\n{delimiter}").as_bytes())?;
        let content = &after_head[..next];
        rest = &after_head[next + 2 + delimiter.len()..];

        let mut part = CapturedPart {
            name: String::new(),
            file_name: None,
            content_type: None,
            value: String::new(),
        };
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(':')?;
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    part.name = disposition_param(value, "name").unwrap_or_default();
                    part.file_name = disposition_param(value, "filename");
                }
                "content-type" => part.content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        part.value = if part.file_name.is_some() {
            format!("<{} bytes>", content.len())
        } else {
            String::from_utf8_lossy(content).into_owned()
        };
        parts.push(part);
    }
}

fn disposition_param(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').find_map(|param| {
        let (k, v) = param.trim().split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_file_parts_show_only_their_size() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"face.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\nBYTES\r\n--XyZ\r\nContent-Disposition: form-data; name=\"extend_data\"\r\n\r\nfalse\r\n--XyZ--\r\n";
        let parts = parse_multipart(body, "XyZ").expect("well formed");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "image");
        assert_eq!(parts[0].file_name.as_deref(), Some("face.png"));
        assert_eq!(parts[0].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[0].value, "<13 bytes>");
        assert_eq!(parts[1].name, "extend_data");
        assert_eq!(parts[1].value, "false");
    }

    #[test]
    fn malformed_multipart_is_refused() {
        assert!(parse_multipart(b"--XyZ\r\nno blank line", "XyZ").is_none());
        assert!(parse_multipart(b"garbage", "XyZ").is_none());
    }
}
