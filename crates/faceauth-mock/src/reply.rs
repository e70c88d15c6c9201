//! The mock's replies, ready to send. Each documented response's status and headers are parsed
//! once, when the responder is built, so that answering a valid request parses nothing (turning
//! the same strings into headers for every answer was a tenth of the mock's own work), and an
//! answer's headers are written into its request's map, emptied, which hyper then reads the
//! connection's next request into.

use std::borrow::Cow;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::StatusCode;
use http_body_util::Full;

use super::extra_properties::EXTRA_PROPERTIES_HEADER;
use super::{MockAnswer, MOCK_HEADER};
use faceauth_conformance::ResponseExample;

/// [`MOCK_HEADER`]'s value on an answer the state chose.
const FROM_STATE: &str = "from state";

/// The header naming the documented example an answer is.
pub(super) const EXAMPLE_HEADER: &str = "x-faceauth-mock-example";

/// [`MOCK_HEADER`] and its value on an answer the state chose, made once.
static MOCK_HEADER_NAME: HeaderName = HeaderName::from_static(MOCK_HEADER);
static FROM_STATE_VALUE: HeaderValue = HeaderValue::from_static(FROM_STATE);

/// A documented response, parsed once.
pub(super) struct PreparedResponse {
    status: StatusCode,
    /// Its content type, its documented headers, then [`EXAMPLE_HEADER`] naming the example.
    headers: Vec<(HeaderName, HeaderValue)>,
    /// Its example, serialised.
    body: Bytes,
}

impl PreparedResponse {
    /// `response`, parsed; an error names what the spec got wrong.
    pub fn new(response: &ResponseExample) -> Result<Self, String> {
        let status = StatusCode::from_u16(response.status)
            .map_err(|_| format!("status {} is not an HTTP status", response.status))?;
        let content_type = match response.media_type.as_str() {
            "" => None,
            media_type => Some(
                HeaderValue::from_str(media_type)
                    .map_err(|_| format!("media type {media_type:?} is not a header value"))?,
            ),
        };
        let mut headers = Vec::with_capacity(response.headers.len() + 2);
        if let Some(content_type) = content_type {
            headers.push((CONTENT_TYPE, content_type));
        }
        for (name, value) in &response.headers {
            let parsed = HeaderName::try_from(name.as_str())
                .ok()
                .zip(HeaderValue::from_str(value).ok());
            let Some(header) = parsed else {
                return Err(format!(
                    "response {} ({}): header {name}: {value:?} cannot be sent",
                    response.status, response.example.name
                ));
            };
            headers.push(header);
        }
        headers.push((
            HeaderName::from_static(EXAMPLE_HEADER),
            HeaderValue::from_str(&response.example.name).map_err(|_| {
                format!(
                    "example name {:?} is not a header value",
                    response.example.name
                )
            })?,
        ));
        let body = match response.media_type.is_empty() {
            // Documented without a body: the example is the headers.
            true => Bytes::new(),
            false => Bytes::from(
                serde_json::to_vec(&response.example.value).expect("JSON values serialise"),
            ),
        };
        Ok(Self {
            status,
            headers,
            body,
        })
    }
}

/// What the responder answers: a documented response, or an answer of the mock's own.
pub(super) enum Reply<'r> {
    Documented {
        example: &'r ResponseExample,
        prepared: &'r PreparedResponse,
        /// The prepared body, or the example with the tokens a token call issued.
        body: Bytes,
        /// Whether the state chose it (its [`MOCK_HEADER`] says so).
        from_state: bool,
        /// Headers of the mock's own added to it ([`MOCK_HEADER`], [`EXTRA_PROPERTIES_HEADER`]).
        added: Vec<(&'static str, Cow<'static, str>)>,
    },
    Own(MockAnswer),
}

impl<'r> Reply<'r> {
    /// The documented response `example`, as `prepared`.
    pub fn documented(example: &'r ResponseExample, prepared: &'r PreparedResponse) -> Self {
        Reply::Documented {
            example,
            prepared,
            body: prepared.body.clone(),
            from_state: false,
            added: Vec::new(),
        }
    }

    /// Marks the reply as the state's choice ([`MOCK_HEADER`]: `from state`).
    pub fn chosen_by_state(mut self) -> Self {
        match &mut self {
            Reply::Documented { from_state, .. } => *from_state = true,
            Reply::Own(_) => self.add_header(MOCK_HEADER, FROM_STATE),
        }
        self
    }

    /// Adds a header of the mock's own (`name` is one of the mock's header names).
    /// Adds one of the mock's own headers (a fixed text is sent without being copied).
    pub fn add_header(&mut self, name: &'static str, value: impl Into<Cow<'static, str>>) {
        let value = value.into();
        match self {
            Reply::Documented { added, .. } => added.push((name, value)),
            Reply::Own(answer) => answer.headers.push((name.to_owned(), value.into_owned())),
        }
    }

    /// The reply as the library's callers see it.
    pub fn into_answer(self) -> MockAnswer {
        match self {
            Reply::Own(answer) => answer,
            Reply::Documented {
                example,
                body,
                from_state,
                added,
                ..
            } => {
                let mut headers = Vec::with_capacity(example.headers.len() + 2 + added.len());
                headers.extend(example.headers.iter().cloned());
                // Which documented example this is, for an application's test to check.
                headers.push((EXAMPLE_HEADER.to_owned(), example.example.name.clone()));
                if from_state {
                    headers.push((MOCK_HEADER.to_owned(), FROM_STATE.to_owned()));
                }
                headers.extend(
                    added
                        .into_iter()
                        .map(|(n, v)| (n.to_owned(), v.into_owned())),
                );
                MockAnswer {
                    status: example.status,
                    content_type: example.media_type.clone(),
                    body,
                    headers,
                }
            }
        }
    }

    /// The HTTP response, its headers written into `map` (the request's, emptied: hyper reads the
    /// connection's next request into the answer's map, and the request's has room for one).
    /// Reusing it is cheaper than copying a prepared map: a copy is exactly as large as it was
    /// made, and hyper rebuilt it larger for every request.
    pub fn into_response(self, mut map: HeaderMap) -> hyper::Response<Full<Bytes>> {
        let (prepared, body, from_state, added) = match self {
            Reply::Own(answer) => return own_response(answer),
            Reply::Documented {
                prepared,
                body,
                from_state,
                added,
                ..
            } => (prepared, body, from_state, added),
        };
        map.clear();
        for (name, value) in &prepared.headers {
            map.append(name.clone(), value.clone());
        }
        if from_state {
            map.append(MOCK_HEADER_NAME.clone(), FROM_STATE_VALUE.clone());
        }
        let mut response = hyper::Response::new(Full::new(body));
        *response.status_mut() = prepared.status;
        let headers = response.headers_mut();
        *headers = map;
        for (name, value) in added {
            let value = match value {
                Cow::Borrowed(text) => Ok(HeaderValue::from_static(text)),
                Cow::Owned(text) => HeaderValue::try_from(text),
            };
            if let Ok(value) = value {
                headers.append(own_header_name(name), value);
            }
        }
        response
    }
}

impl From<MockAnswer> for Reply<'_> {
    fn from(answer: MockAnswer) -> Self {
        Reply::Own(answer)
    }
}

/// The name of one of the mock's own headers, without parsing it.
fn own_header_name(name: &str) -> HeaderName {
    match name {
        MOCK_HEADER => HeaderName::from_static(MOCK_HEADER),
        EXTRA_PROPERTIES_HEADER => HeaderName::from_static(EXTRA_PROPERTIES_HEADER),
        EXAMPLE_HEADER => HeaderName::from_static(EXAMPLE_HEADER),
        other => HeaderName::try_from(other).expect("the mock's header names are valid"),
    }
}

/// The HTTP response of an answer of the mock's own (not a prepared one).
pub(super) fn own_response(answer: MockAnswer) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(answer.body));
    *response.status_mut() =
        StatusCode::from_u16(answer.status).expect("the mock's statuses are valid");
    let headers = response.headers_mut();
    if !answer.content_type.is_empty() {
        if let Ok(value) = HeaderValue::from_str(&answer.content_type) {
            headers.insert(CONTENT_TYPE, value);
        }
    }
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            headers.append(name, value);
        }
    }
    response
}
