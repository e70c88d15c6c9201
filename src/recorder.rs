//! Opt-in traffic recording: a client given a [`TrafficRecorder`] writes every response it gets as
//! one JSON line (vendor, operation, status, headers, body), so that `faceauth drift --traffic`
//! can check production traffic against the specs without calling any vendor.
//!
//! Nothing secret is written: the credential and session headers are replaced by `[redacted]`,
//! and so are the body fields the spec types as secrets (tokens) or images (base64 faces), by the
//! same rule the conformance snapshots follow (`x-faceauth-rust-type`). Requests are not recorded.
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
use serde_json::{Map, Value};

use crate::redact::{is_sensitive_header, redact_fields, REDACTED};
use crate::OperationMeta;

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
    pub(crate) fn record(
        &self,
        operation: &'static OperationMeta,
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
    ) {
        self.write(&record_line(operation, status, headers, body));
    }

    /// Writes a response whose body was larger than the limit: its status and headers, and
    /// `body_truncated` (the limit it exceeded) in place of the body, of which nothing is kept.
    pub(crate) fn record_truncated(
        &self,
        operation: &'static OperationMeta,
        status: u16,
        headers: &HeaderMap,
    ) {
        let mut line = record_line(operation, status, headers, b"");
        if let Value::Object(map) = &mut line {
            map.remove("body_text");
            map.insert(
                "body_truncated".into(),
                serde_json::json!({ "larger_than": crate::MAX_BODY_BYTES }),
            );
        }
        self.write(&line);
    }

    fn write(&self, line: &Value) {
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

impl fmt::Debug for TrafficRecorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrafficRecorder")
    }
}

/// The JSON line of one response of `operation`, redacted: the sensitive headers
/// ([`SENSITIVE_HEADERS`](crate::SENSITIVE_HEADERS)) and the operation's redacted body fields.
pub fn record_line(
    operation: &OperationMeta,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Value {
    let mut line = Map::new();
    line.insert("vendor".into(), operation.vendor.name().into());
    line.insert("operation".into(), operation.id.into());
    line.insert("status".into(), status.into());
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
        written.insert(name.as_str().to_owned(), value.into());
    }
    line.insert("headers".into(), Value::Object(written));
    match serde_json::from_slice::<Value>(body) {
        Ok(mut json) => {
            redact_fields(&mut json, operation.redacted_fields);
            line.insert("body".into(), json);
        }
        // Not JSON (an HTML error page, an empty body): its text, which no documented field holds.
        Err(_) => {
            line.insert(
                "body_text".into(),
                String::from_utf8_lossy(body).into_owned().into(),
            );
        }
    }
    Value::Object(line)
}
