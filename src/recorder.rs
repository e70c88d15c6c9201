//! Opt-in traffic recording: a client given a [`TrafficRecorder`] writes every response it gets as
//! one JSON line (vendor, operation, status, headers, body), so that `faceauth drift --traffic`
//! can check production traffic against the specs without calling any vendor.
//!
//! Nothing secret is written: the credential and session headers are replaced by `[redacted]`,
//! and so are the body fields the spec types as secrets (tokens) or images (base64 faces), by the
//! same rule the conformance snapshots follow. A value the client knows
//! as secret ([`crate::KnownSecrets`]: its credential, password, keys, the tokens
//! it was issued) is replaced wherever the vendor echoed it: in any header (the whole value), any
//! string or key of the body, the text of a body that is not JSON. Requests are not recorded.
//!
//! ```no_run
//! use faceauth_clients::{verisoul, TrafficRecorder};
//!
//! # fn build() -> Result<(), Box<dyn std::error::Error>> {
//! let recorder = TrafficRecorder::append_to("traffic.jsonl")?;
//! let client = verisoul::Client::with_api_key(verisoul::Server::Production, "api-key")?
//!     .with_traffic_recorder(recorder);
//! # let _ = client;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use reqwest::header::HeaderMap;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::json_members::JsonMembers;

use crate::redact::{is_sensitive_header, KnownSecrets, REDACTED};
use crate::{CallObserver, ObservedResponse, OperationMeta};

/// Where a client writes its traffic: one JSON line per response. Clones share the sink, so one
/// file can take several clients' traffic.
#[derive(Clone)]
pub struct TrafficRecorder {
    sink: Arc<Mutex<Box<dyn Write + Send>>>,
}

impl TrafficRecorder {
    /// Appends to the file at `path` (created if missing).
    pub fn append_to(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Self::to_writer(file))
    }

    /// Writes to `writer` (a file, a pipe, a buffer in a test).
    pub fn to_writer(writer: impl Write + Send + 'static) -> Self {
        Self {
            sink: Arc::new(Mutex::new(Box::new(writer))),
        }
    }

    /// Writes one response. A failure to write loses the line, never the call.
    fn record(
        &self,
        operation: &'static OperationMeta,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        secrets: &KnownSecrets,
    ) {
        self.write(&RecordedLine::new(
            operation, status, headers, body, secrets,
        ));
    }

    /// Writes a response whose body was larger than the limit: its status and headers, and
    /// `body_truncated` (the limit it exceeded) in place of the body, of which nothing is kept.
    fn record_truncated(
        &self,
        operation: &'static OperationMeta,
        status: u16,
        headers: &HeaderMap,
        secrets: &KnownSecrets,
    ) {
        let mut line = RecordedLine::new(operation, status, headers, b"", secrets);
        line.body = Body::Truncated;
        self.write(&line);
    }

    fn write(&self, line: &RecordedLine) {
        let mut sink = self.sink.lock().unwrap_or_else(|p| p.into_inner());
        let written = serde_json::to_writer(&mut *sink, line)
            .map_err(std::io::Error::from)
            .and_then(|()| sink.write_all(b"\n"))
            .and_then(|()| sink.flush());
        if let Err(e) = written {
            tracing::warn!(error = %e, "the traffic record could not be written");
        }
    }
}

/// The recorder is one of the client's observers: it writes every response shown to it.
impl CallObserver for TrafficRecorder {
    fn response_received(&self, response: &ObservedResponse<'_>) {
        let status = response.status.as_u16();
        match response.body {
            Some(body) => self.record(
                response.operation,
                status,
                response.headers,
                body,
                response.secrets,
            ),
            None => self.record_truncated(
                response.operation,
                status,
                response.headers,
                response.secrets,
            ),
        }
    }
}

impl fmt::Debug for TrafficRecorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrafficRecorder")
    }
}

/// The JSON line of one response of `operation`, redacted: the sensitive headers
/// ([`SENSITIVE_HEADERS`](crate::SENSITIVE_HEADERS)) and the operation's redacted body fields.
/// As a `Value`, a key the body repeats holds its last value; the recorder itself writes every
/// member (see [`JsonMembers`]), so that `faceauth drift` sees a body as the client did.
pub fn record_line(
    operation: &OperationMeta,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Value {
    let line = RecordedLine::new(operation, status, headers, body, &KnownSecrets::default());
    let mut envelope = line.envelope;
    match line.body {
        Body::Json(members) => {
            envelope.insert("body".into(), members.into_last_wins());
        }
        Body::Text(text) => {
            envelope.insert("body_text".into(), text.into());
        }
        Body::Truncated => {
            envelope.insert("body_truncated".into(), truncated());
        }
    }
    Value::Object(envelope)
}

/// One line as the recorder writes it: the envelope (vendor, operation, status, headers), then
/// the body with every member it has.
struct RecordedLine {
    envelope: Map<String, Value>,
    body: Body,
}

enum Body {
    /// A JSON body, redacted, duplicate keys kept.
    Json(JsonMembers),
    /// Not JSON (an HTML error page, an empty body): its text, which no documented field holds.
    Text(String),
    /// Larger than [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES): not kept.
    Truncated,
}

impl RecordedLine {
    fn new(
        operation: &OperationMeta,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        secrets: &KnownSecrets,
    ) -> Self {
        let mut envelope = Map::new();
        envelope.insert("vendor".into(), operation.vendor.name().into());
        envelope.insert("operation".into(), operation.id.into());
        envelope.insert("status".into(), status.into());
        let mut written = Map::new();
        for name in headers.keys() {
            let value = if is_sensitive_header(name.as_str()) {
                REDACTED.to_owned()
            } else {
                headers
                    .get_all(name)
                    .iter()
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            // A header that echoes a known secret is replaced whole, as a sensitive one is.
            let value = match secrets.scrub(&value) {
                std::borrow::Cow::Borrowed(_) => value,
                std::borrow::Cow::Owned(_) => REDACTED.to_owned(),
            };
            written.insert(name.as_str().to_owned(), value.into());
        }
        envelope.insert("headers".into(), Value::Object(written));
        let body = match serde_json::from_slice::<JsonMembers>(body) {
            Ok(mut members) => {
                members.redact(operation.redacted_fields);
                members.scrub(secrets);
                Body::Json(members)
            }
            Err(_) => Body::Text(secrets.scrub(&String::from_utf8_lossy(body)).into_owned()),
        };
        Self { envelope, body }
    }
}

/// What a truncated record says in place of its body: the limit the body exceeded.
fn truncated() -> Value {
    serde_json::json!({ "larger_than": crate::MAX_BODY_BYTES })
}

impl Serialize for RecordedLine {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.envelope.len() + 1))?;
        for (key, value) in &self.envelope {
            map.serialize_entry(key, value)?;
        }
        match &self.body {
            Body::Json(members) => map.serialize_entry("body", members)?,
            Body::Text(text) => map.serialize_entry("body_text", text)?,
            Body::Truncated => map.serialize_entry("body_truncated", &truncated())?,
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_written_as_often_as_it_came_and_redacted_each_time() {
        // Through the vendor, not `crate::signzy`: the recorder reaches no vendor module.
        let operation = crate::Vendor::Signzy.operation("login").unwrap();
        let body = br#"{"accessToken":"first","status":"200 OK","accessToken":"second"}"#;
        let mut sink = Vec::new();
        serde_json::to_writer(
            &mut sink,
            &RecordedLine::new(
                operation,
                200,
                &HeaderMap::new(),
                body,
                &KnownSecrets::default(),
            ),
        )
        .unwrap();
        let written = String::from_utf8(sink).unwrap();
        assert_eq!(
            written,
            r#"{"vendor":"signzy","operation":"login","status":200,"headers":{},"body":{"accessToken":"[redacted]","status":"200 OK","accessToken":"[redacted]"}}"#
        );
        let value = record_line(operation, 200, &HeaderMap::new(), body);
        assert_eq!(value["body"]["accessToken"], "[redacted]");
        assert_eq!(value["body"].as_object().unwrap().len(), 2);
    }
}
