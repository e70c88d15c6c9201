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
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let Some(body) = read_limited(response).await.map_err(SendError::Transport)? else {
        if let Some(recorder) = keepers.recorder {
            recorder.record_truncated(operation, status.as_u16(), &headers);
        }
        return Err(SendError::BodyTooLarge { status });
    };
    if let Some(recorder) = keepers.recorder {
        recorder.record(operation, status.as_u16(), &headers, &body);
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
    Ok(rebuild(status, version, headers, body))
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

/// A response with these parts, as if it came from the network.
pub(super) fn rebuild(
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}
