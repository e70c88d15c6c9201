//! Each response shown to the client's observers ([`CallObserver`](crate::CallObserver): the
//! traffic recorder, the tools' response log, an application's own) before the typed client
//! decodes it. Showing reads the body (at most the limit) and hands the typed client an
//! identical response; a client without observers reads nothing here.

use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use super::send_error::SendError;
use crate::response::read_capped;
use crate::{CallObserver, KnownSecrets, ObservedResponse, OperationMeta};

/// A client's observers, shared by its clones and by its token requests.
pub(crate) type Observers = Vec<Arc<dyn CallObserver>>;

/// What the observers of one call are shown besides the response: who to show, the secrets to
/// hand them, and the request the response answers.
pub(super) struct Showing<'a> {
    pub(super) observers: &'a [Arc<dyn CallObserver>],
    pub(super) secrets: &'a KnownSecrets,
    pub(super) method: Method,
    pub(super) url: Url,
}

/// Reads the body (at most [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)), shows it with its
/// request to every observer, and hands the typed client an identical response. A larger body
/// is shown as `None` (never more than the limit is read) and ends the call as
/// `Error::BodyTooLarge`.
pub(super) async fn show(
    showing: Showing<'_>,
    operation: &'static OperationMeta,
    response: reqwest::Response,
) -> Result<reqwest::Response, SendError> {
    let head = Head::of(&response);
    let body = read_capped(response).await.map_err(SendError::Transport)?;
    let observed = ObservedResponse {
        operation,
        method: &showing.method,
        url: &showing.url,
        status: head.status,
        headers: &head.headers,
        body: body.as_ref(),
        secrets: showing.secrets,
    };
    for observer in showing.observers {
        observer.response_received(&observed);
    }
    match body {
        Some(body) => Ok(rebuild(head, body)),
        None => Err(SendError::BodyTooLarge {
            status: head.status,
        }),
    }
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
