//! `faceauth drift --decode`: each recorded response decoded by the typed client this binary was
//! built with, as an application would meet it. The client makes its documented request to a
//! replay server on loopback that answers with the recorded response; a response the typed
//! client cannot take (a body its types refuse, a status its spec does not list) is counted as
//! undecodable. Run by a binary built from patched specs, it proves that the clients generated
//! from a proposal decode the traffic that called for it, before the pull request.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use faceauth_clients::{AnyClient, ClientOptions, OperationMeta, RetryPolicy, Vendor};
use faceauth_conformance::{CallTarget, DriftChecker, ExampleRequest, OutcomeKind, ResponseBody};
use http_body_util::{BodyExt, Full, Limited};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// A request the replay server reads whole, at most (the documented requests are far smaller).
const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// The response the replay server gives next.
#[derive(Clone)]
struct Reply {
    status: u16,
    content_type: Option<String>,
    body: Bytes,
}

/// What the typed clients made of one operation and status's responses.
#[derive(Default)]
struct Decoded {
    responses: u64,
    undecodable: u64,
    /// Why the first undecodable one was refused, as the client says it without evidence.
    first_failure: Option<String>,
}

/// The replay server and a client per vendor.
pub(super) struct Decoder {
    reply: Arc<Mutex<Option<Reply>>>,
    clients: BTreeMap<Vendor, AnyClient>,
    requests: BTreeMap<(Vendor, usize), Option<ExampleRequest>>,
    decoded: BTreeMap<(Vendor, usize, u16), Decoded>,
    runtime: tokio::runtime::Handle,
}

impl Decoder {
    /// Starts the replay server on loopback.
    pub(super) async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let address = listener.local_addr()?;
        let reply: Arc<Mutex<Option<Reply>>> = Arc::default();
        let serving = reply.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let reply = serving.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                            let reply = reply.clone();
                            async move {
                                // The request is read whole (and dropped) before the answer, so that
                                // the client never meets a closed connection while it sends.
                                let _ = Limited::new(request.into_body(), MAX_REQUEST_BYTES)
                                    .collect()
                                    .await;
                                let next = reply.lock().expect("not poisoned").clone();
                                Ok::<_, Infallible>(respond(next))
                            }
                        });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        let base_url = format!("http://{address}");
        let mut clients = BTreeMap::new();
        for vendor in Vendor::built() {
            let target = CallTarget::test(&base_url).map_err(std::io::Error::other)?;
            // One answer per call: a retried 503 would only meet the same answer again.
            let options = ClientOptions {
                retry: RetryPolicy::none(),
                ..ClientOptions::default()
            };
            let client = AnyClient::new(vendor, target.base_url, &target.credential)
                .and_then(|c| c.with_options(options))
                .map_err(std::io::Error::other)?;
            clients.insert(vendor, client);
        }
        Ok(Self {
            reply,
            clients,
            requests: BTreeMap::new(),
            decoded: BTreeMap::new(),
            runtime: tokio::runtime::Handle::current(),
        })
    }

    /// Decodes one recorded response of `operation` with its vendor's typed client.
    pub(super) fn decode(
        &mut self,
        checker: &mut DriftChecker,
        operation: &'static OperationMeta,
        status: u16,
        content_type: Option<&str>,
        body: &ResponseBody<'_>,
    ) {
        let body = match body {
            ResponseBody::Json { value, .. } => {
                Bytes::from(serde_json::to_vec(value).unwrap_or_default())
            }
            ResponseBody::Bytes(bytes) => Bytes::copy_from_slice(bytes),
        };
        // Found once per operation and lent to each call (it holds the example face's bytes).
        let request = self
            .requests
            .entry((operation.vendor, operation.index))
            .or_insert_with(|| documented_request(checker, operation));
        let decoded = self
            .decoded
            .entry((operation.vendor, operation.index, status))
            .or_default();
        decoded.responses += 1;
        let failure = match (request.as_ref(), self.clients.get(&operation.vendor)) {
            (Some(request), Some(client)) => {
                *self.reply.lock().expect("not poisoned") = Some(Reply {
                    status,
                    content_type: content_type.map(str::to_owned),
                    body,
                });
                let outcome = tokio::task::block_in_place(|| {
                    self.runtime.block_on(client.call_json(operation, request))
                });
                match outcome {
                    Ok(outcome) => match outcome.kind {
                        OutcomeKind::Success | OutcomeKind::DocumentedError => None,
                        OutcomeKind::Failed(failure) => Some(failure.summary()),
                    },
                    Err(input) => {
                        Some(format!("the documented request could not be made: {input}"))
                    }
                }
            }
            _ => Some("no documented request to call it with".to_owned()),
        };
        if let Some(failure) = failure {
            decoded.undecodable += 1;
            decoded.first_failure.get_or_insert(failure);
        }
    }

    /// Prints what the typed clients made of the traffic (on stderr when stdout is the JSON
    /// report); returns how many responses they could not decode.
    pub(super) fn print(&self, json: bool) -> u64 {
        let say = |line: String| {
            if json {
                eprintln!("faceauth: {line}");
            } else {
                outln!("{line}");
            }
        };
        let responses: u64 = self.decoded.values().map(|d| d.responses).sum();
        let undecodable: u64 = self.decoded.values().map(|d| d.undecodable).sum();
        for ((vendor, index, status), decoded) in &self.decoded {
            if decoded.undecodable > 0 {
                let operation = &vendor.operations()[*index];
                say(format!(
                    "undecodable: {} {} {status}: {} of {} responses: {}",
                    vendor.name(),
                    operation.id,
                    decoded.undecodable,
                    decoded.responses,
                    decoded.first_failure.as_deref().unwrap_or_default()
                ));
            }
        }
        say(format!(
            "decoded by the typed clients: {} of {responses} recorded responses",
            responses - undecodable
        ));
        undecodable
    }
}

/// The operation's first documented request (the replay server answers whatever it is sent).
fn documented_request(
    checker: &mut DriftChecker,
    operation: &'static OperationMeta,
) -> Option<ExampleRequest> {
    let spec = checker.spec(operation.vendor).ok()?;
    let found = spec
        .operations()
        .into_iter()
        .find(|o| o.meta.is_some_and(|m| std::ptr::eq(m, operation)))?;
    found.requests().into_iter().next()
}

fn respond(reply: Option<Reply>) -> hyper::Response<Full<Bytes>> {
    let Some(reply) = reply else {
        return hyper::Response::builder()
            .status(500)
            .body(Full::new(Bytes::new()))
            .expect("a valid response");
    };
    let mut response = hyper::Response::builder().status(reply.status);
    if let Some(content_type) = &reply.content_type {
        response = response.header("content-type", content_type);
    }
    response
        .body(Full::new(reply.body))
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new())))
}
