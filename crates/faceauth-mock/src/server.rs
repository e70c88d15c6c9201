//! The mock's HTTP server: the accept loop and each connection, within [`MockLimits`].

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body::Body as _;
use http_body_util::{BodyExt, Full, Limited};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::limits::{accept_backoff, BodyBudget, Load, MockLimits, MAX_HEAD_BYTES};
use crate::watchdog::{self, ConnectionClock, Watched};
use crate::{reply, responder, MockAnswer, RequestView, SpecResponder};

/// The largest request body the mock reads.
const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// How long a client refused for the connection cap is given to read the 503 before its
/// connection is closed.
const REFUSAL_LINGER: Duration = Duration::from_millis(500);

/// What a client past the connection cap gets, written without reading its request.
static CONNECTIONS_FULL: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let body = "{\"error\":\"too many open connections; retry\",\"from\":\"faceauth mock\"}\n";
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\nx-faceauth-mock: too many connections\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
});

/// Serves `listener` until the returned task is aborted.
pub(crate) fn serve(
    listener: TcpListener,
    responders: Arc<Vec<SpecResponder>>,
    limits: MockLimits,
    load: Arc<Load>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut failures_in_a_row: u32 = 0;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => {
                    failures_in_a_row = 0;
                    stream
                }
                // No descriptor left (or a connection reset before it was taken): wait, so that
                // the loop does not spin a core while nothing can be accepted.
                Err(_) => {
                    load.accept_errors
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tokio::time::sleep(accept_backoff(failures_in_a_row)).await;
                    failures_in_a_row = failures_in_a_row.saturating_add(1);
                    continue;
                }
            };
            let Some(slot) = load.open_connection(limits.max_connections) else {
                tokio::spawn(refuse(stream));
                continue;
            };
            let _ = stream.set_nodelay(true);
            let clock = ConnectionClock::new();
            // What each request's answer needs, shared: one reference counted per request.
            let shared = Arc::new(Connection {
                responders: responders.clone(),
                load: load.clone(),
                clock: clock.clone(),
                limits,
            });
            let connection = tokio::spawn(async move {
                let _slot = slot;
                let io = TokioIo::new(Watched::new(stream, shared.clock.clone()));
                let service = service_fn(move |request| {
                    shared.clock.head_arrived();
                    let shared = shared.clone();
                    async move {
                        let answer =
                            answer(&shared.responders, &shared.load, shared.limits, request).await;
                        shared.clock.answered();
                        Ok::<_, Infallible>(answer)
                    }
                });
                // The header-read timeout is the watchdog's (watchdog.rs), not hyper's.
                let _ = http1::Builder::new()
                    .max_buf_size(MAX_HEAD_BYTES)
                    .serve_connection(io, service)
                    .await;
            });
            tokio::spawn(watchdog::watch(
                clock,
                limits.header_read_timeout,
                connection.abort_handle(),
                load.clone(),
            ));
        }
    })
}

/// What the answers on one connection share.
struct Connection {
    responders: Arc<Vec<SpecResponder>>,
    load: Arc<Load>,
    clock: Arc<ConnectionClock>,
    limits: MockLimits,
}

/// Answers a connection past the cap with 503 and closes it, within [`REFUSAL_LINGER`]: what
/// the client already sent is read and dropped so that the close is not a reset that loses the
/// answer.
async fn refuse(mut stream: TcpStream) {
    let _ = tokio::time::timeout(REFUSAL_LINGER, async {
        stream.write_all(&CONNECTIONS_FULL).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// Why a request's body was not read.
enum Unread {
    /// Unreadable, or larger than [`MAX_REQUEST_BYTES`].
    TooLarge,
    /// All unfinished requests together would hold more than the cap.
    OverBudget,
    /// It did not arrive within [`MockLimits::body_read_timeout`].
    TimedOut,
}

async fn answer(
    responders: &[SpecResponder],
    load: &Arc<Load>,
    limits: MockLimits,
    request: hyper::Request<hyper::body::Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (mut parts, body) = request.into_parts();
    let mut budget = load.body_budget(limits.max_unfinished_body_bytes);
    let mut reading = std::pin::pin!(read_body(body, &mut budget));
    // A small body is usually whole by the time its head is answered: read it without arming a
    // timer, and time only a body that is still on its way.
    let read = match std::future::poll_fn(|cx| Poll::Ready(reading.as_mut().poll(cx))).await {
        Poll::Ready(read) => Ok(read),
        Poll::Pending => tokio::time::timeout(limits.body_read_timeout, reading).await,
    };
    let body = match read {
        Ok(Ok(body)) => body,
        Ok(Err(unread)) => return refusal(unread),
        Err(_) => {
            load.body_timeouts
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return refusal(Unread::TimedOut);
        }
    };
    let request = RequestView {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &body,
    };
    // The budget is held until the answer is made, then given back (dropped with `budget`).
    if let Some(admin) = request.path.strip_prefix(ADMIN_PREFIX) {
        return reply::own_response(admin_answer(responders, &parts.method, admin, &body));
    }
    match responders.iter().find(|r| r.serves(request.path)) {
        Some(responder) => {
            let reply = responder.reply(&request);
            reply.into_response(std::mem::take(&mut parts.headers))
        }
        None => {
            let vendor = request.path.split('/').nth(1).unwrap_or_default();
            reply::own_response(responder::problem(
                404,
                "not found",
                &format!("no vendor at /{vendor}"),
                serde_json::json!({
                    "vendors": responders.iter().map(|r| r.vendor().name()).collect::<Vec<_>>()
                }),
            ))
        }
    }
}

/// The mock's admin surface, apart from every vendor's paths: `GET /__faceauth/state` shows each
/// vendor's state, `PUT /__faceauth/state` sets it (a [`crate::StateSeed`]), `POST
/// /__faceauth/reset` forgets it.
pub(crate) const ADMIN_PREFIX: &str = "/__faceauth/";

fn admin_answer(
    responders: &[SpecResponder],
    method: &http::Method,
    path: &str,
    body: &[u8],
) -> MockAnswer {
    let no_content = || MockAnswer {
        status: 204,
        content_type: String::new(),
        body: Bytes::new(),
        headers: Vec::new(),
    };
    match (method.as_str(), path) {
        ("PUT", "state") => {
            let seed: Result<crate::StateSeed, String> = serde_json::from_slice(body)
                .map_err(|e| format!("the body is not a state (see the mock's state.schema.json): {e}"));
            match seed.and_then(|seed| crate::set_state(responders, &seed)) {
                Ok(()) => no_content(),
                Err(reason) => responder::problem(422, "state refused", &reason, serde_json::json!({})),
            }
        }
        ("GET", "state") => MockAnswer {
            status: 200,
            content_type: "application/json".to_owned(),
            body: Bytes::from(
                serde_json::to_vec(&crate::state_of(responders)).expect("JSON values serialise"),
            ),
            headers: Vec::new(),
        },
        ("POST", "reset") => {
            for responder in responders {
                responder.reset_state();
            }
            no_content()
        }
        (_, "state" | "reset") => responder::problem(
            405,
            "method not allowed",
            "GET /__faceauth/state shows the state, PUT /__faceauth/state sets it, POST /__faceauth/reset forgets it",
            serde_json::json!({}),
        ),
        _ => responder::problem(
            404,
            "not found",
            "the admin surface has /__faceauth/state (GET, PUT) and /__faceauth/reset (POST)",
            serde_json::json!({}),
        ),
    }
}

/// The mock's own answer to a body it did not read; the connection is closed after it, since
/// the rest of the body may still be on its way.
fn refusal(unread: Unread) -> hyper::Response<Full<Bytes>> {
    let mut answer = match unread {
        Unread::TooLarge => responder::problem(
            413,
            "body unreadable",
            "the request body could not be read (or is larger than 16 MiB)",
            serde_json::json!({}),
        ),
        Unread::OverBudget => {
            let mut answer = responder::problem(
                503,
                "busy",
                "the mock holds as many unfinished request bodies as it may; retry",
                serde_json::json!({}),
            );
            answer
                .headers
                .push(("retry-after".to_owned(), "1".to_owned()));
            answer
        }
        Unread::TimedOut => responder::problem(
            408,
            "body timeout",
            "the request body did not arrive in time",
            serde_json::json!({}),
        ),
    };
    answer
        .headers
        .push(("connection".to_owned(), "close".to_owned()));
    reply::own_response(answer)
}

/// The request's body, read whole within `budget`; refused when it cannot be read, is larger
/// than [`MAX_REQUEST_BYTES`] or would pass the shared cap (each refused before reading when its
/// announced length says so). A body that arrives in one frame (any small request) is kept as it
/// came, not copied.
async fn read_body(
    body: hyper::body::Incoming,
    budget: &mut BodyBudget<'_>,
) -> Result<Bytes, Unread> {
    // `Limited` refuses the frame that crosses the bound; a length announced over it is refused
    // here, before the client sends the body.
    let announced = body.size_hint().lower();
    if announced > MAX_REQUEST_BYTES as u64 {
        return Err(Unread::TooLarge);
    }
    budget
        .take_up_to(announced as usize)
        .map_err(|_| Unread::OverBudget)?;
    let mut body = Limited::new(body, MAX_REQUEST_BYTES);
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    let mut read = 0usize;
    // Read until the body says it is whole (its Content-Length reached), not until a poll finds
    // nothing more: that last poll waits for hyper's connection task to close the body, a round
    // trip through the connection's loop for every request.
    while !body.is_end_stream() {
        let Some(frame) = body.frame().await else {
            break;
        };
        // Trailers are not part of the body.
        let Ok(data) = frame.map_err(|_| Unread::TooLarge)?.into_data() else {
            continue;
        };
        read += data.len();
        // A chunked body announces nothing: it is held to the cap as it arrives.
        budget.take_up_to(read).map_err(|_| Unread::OverBudget)?;
        match (&mut joined, &first) {
            (Some(all), _) => all.extend_from_slice(&data),
            (None, None) => first = Some(data),
            (None, Some(head)) => {
                let mut all = BytesMut::with_capacity(head.len() + data.len());
                all.extend_from_slice(head);
                all.extend_from_slice(&data);
                joined = Some(all);
            }
        }
    }
    Ok(match joined {
        Some(all) => all.freeze(),
        None => first.unwrap_or_default(),
    })
}
