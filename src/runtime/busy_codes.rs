//! A vendor that says "busy, come back later" in the body: ADVANCE.AI answers HTTP 200 with a
//! business code (`SERVICE_BUSY`, `RETRY_LATER`) and a `Retry-After` header
//! ([`Vendor::busy_codes`](crate::Vendor::busy_codes)). The retry loop treats such an answer as
//! it treats HTTP 429: the vendor did not process the request.

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;

use super::observe::{rebuild, Head};
use crate::CodedEnvelope;

/// The most of a body read to look for a busy code: a busy answer is a short JSON envelope, so a
/// body larger than this is not one, and is handed on unread past this prefix.
const PEEK_LIMIT: usize = 64 * 1024;

/// Whether `response` is a busy answer (HTTP 200 whose envelope's code is one of `codes`), and
/// the response as it came: a body read to look is put back in front of what was not read.
pub(super) async fn busy(
    mut response: reqwest::Response,
    codes: &[&str],
    envelope: Option<CodedEnvelope>,
) -> reqwest::Result<(reqwest::Response, bool)> {
    if codes.is_empty() || response.status() != StatusCode::OK {
        return Ok((response, false));
    }
    let head = Head::of(&response);
    let mut read = BytesMut::new();
    while read.len() <= PEEK_LIMIT {
        match response.chunk().await? {
            Some(chunk) => read.extend_from_slice(&chunk),
            None => {
                let body = read.freeze();
                let is_busy = envelope
                    .and_then(|rule| rule.read(&body))
                    .is_some_and(|read| codes.contains(&read.code.as_str()));
                return Ok((rebuild(head, body), is_busy));
            }
        }
    }
    // Larger than any busy answer: the prefix read, then the rest as it streams.
    let rest = http::Response::from(response).into_body();
    let body = reqwest::Body::wrap(Prefixed {
        prefix: Some(read.freeze()),
        rest,
    });
    Ok((rebuild(head, body), false))
}

/// A body whose first bytes were read already: those, then the rest.
struct Prefixed {
    prefix: Option<Bytes>,
    rest: reqwest::Body,
}

impl http_body::Body for Prefixed {
    type Data = Bytes;
    type Error = reqwest::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, reqwest::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(prefix))));
        }
        std::pin::Pin::new(&mut self.rest).poll_frame(cx)
    }
}
