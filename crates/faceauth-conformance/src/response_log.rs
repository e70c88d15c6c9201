//! Raw responses kept beside the typed result, for the live check and `faceauth call`: a
//! [`ResponseLog`] is a [`CallObserver`] the tools give the clients, which keeps a copy of each
//! response it is shown.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use faceauth_clients::{CallObserver, ObservedResponse, OperationMeta};
use http::HeaderMap;

/// A raw response as the vendor sent it, before the typed client decoded it.
#[derive(Debug, Clone)]
pub struct RecordedResponse {
    /// The operation it answers.
    pub operation: &'static OperationMeta,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body (empty when it was larger than the clients' limit, which the call then says).
    pub body: Bytes,
}

/// A shared list that a client appends each raw response to (see [`RecordedResponse`]).
#[derive(Debug, Clone, Default)]
pub struct ResponseLog(Arc<Mutex<Vec<RecordedResponse>>>);

impl ResponseLog {
    /// Takes the responses recorded so far.
    pub fn take(&self) -> Vec<RecordedResponse> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl CallObserver for ResponseLog {
    fn response_received(&self, response: &ObservedResponse<'_>) {
        let recorded = RecordedResponse {
            operation: response.operation,
            status: response.status.as_u16(),
            headers: response.headers.clone(),
            body: response.body.cloned().unwrap_or_default(),
        };
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(recorded);
    }
}
