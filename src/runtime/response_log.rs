//! Raw responses kept beside the typed result: for the live conformance check (a
//! [`ResponseLog`], with the `conformance` feature) and the opt-in traffic recorder. Recording
//! reads the body, keeps a copy and hands the typed client an identical response.

#[cfg(feature = "conformance")]
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::send_error::SendError;
use crate::{OperationMeta, TrafficRecorder};

/// A raw response as the vendor sent it, before the typed client decoded it.
#[cfg(feature = "conformance")]
#[derive(Debug, Clone)]
pub struct RecordedResponse {
    /// The operation it answers.
    pub operation: &'static OperationMeta,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// A shared list that a client appends each raw response to (see [`RecordedResponse`]).
#[cfg(feature = "conformance")]
#[derive(Debug, Clone, Default)]
pub struct ResponseLog(Arc<Mutex<Vec<RecordedResponse>>>);

#[cfg(feature = "conformance")]
impl ResponseLog {
    /// Takes the responses recorded so far.
    pub fn take(&self) -> Vec<RecordedResponse> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn push(&self, response: RecordedResponse) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(response);
    }
}

/// Where a client keeps its raw responses: its traffic recorder and its response log, if any.
pub(super) struct Keepers<'a> {
    pub(super) recorder: Option<&'a TrafficRecorder>,
    /// The client's known secrets, scrubbed from what the recorder writes.
    pub(super) secrets: &'a crate::KnownSecrets,
    #[cfg(feature = "conformance")]
    pub(super) log: Option<&'a ResponseLog>,
}

/// Reads the body (at most [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)), records it with
/// `keepers` and hands the typed client an identical response. A larger body is recorded as
/// truncated (never more than the limit) and ends the call as `Error::BodyTooLarge`.
pub(super) async fn record(
    keepers: Keepers<'_>,
    operation: &'static OperationMeta,
    response: reqwest::Response,
) -> Result<reqwest::Response, SendError> {
    let head = Head::of(&response);
    let (status, headers) = (head.status, &head.headers);
    let Some(body) = read_limited(response).await.map_err(SendError::Transport)? else {
        if let Some(recorder) = keepers.recorder {
            recorder.record_truncated(operation, status.as_u16(), headers, keepers.secrets);
        }
        return Err(SendError::BodyTooLarge { status });
    };
    if let Some(recorder) = keepers.recorder {
        recorder.record(operation, status.as_u16(), headers, &body, keepers.secrets);
    }
    #[cfg(feature = "conformance")]
    if let Some(log) = keepers.log {
        log.push(RecordedResponse {
            operation,
            status: status.as_u16(),
            headers: headers.clone(),
            body: body.clone(),
        });
    }
    Ok(rebuild(head, body))
}

/// The body, or `None` if it is larger than [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES): at most
/// the limit is read (a `Content-Length` over it is refused unread), whatever the body claims.
pub(super) async fn read_limited(
    mut response: reqwest::Response,
) -> reqwest::Result<Option<Bytes>> {
    let limit = crate::MAX_BODY_BYTES;
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Ok(None);
    }
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body.freeze()))
}

/// What a response is besides its body: kept while the body is read, to rebuild the same
/// response (its extensions too: the mark of a write whose outcome is unknown).
pub(super) struct Head {
    pub(super) status: StatusCode,
    version: reqwest::Version,
    pub(super) headers: HeaderMap,
    extensions: http::Extensions,
}

impl Head {
    pub(super) fn of(response: &reqwest::Response) -> Self {
        Self {
            status: response.status(),
            version: response.version(),
            headers: response.headers().clone(),
            extensions: response.extensions().clone(),
        }
    }
}

/// A response with this head and `body`, as if it came from the network.
pub(super) fn rebuild(head: Head, body: impl Into<reqwest::Body>) -> reqwest::Response {
    let mut rebuilt = http::Response::new(body.into());
    *rebuilt.status_mut() = head.status;
    *rebuilt.version_mut() = head.version;
    *rebuilt.headers_mut() = head.headers;
    *rebuilt.extensions_mut() = head.extensions;
    reqwest::Response::from(rebuilt)
}
