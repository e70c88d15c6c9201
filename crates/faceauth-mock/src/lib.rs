//! The mock server: serves each vendor's API from its spec's examples, under `/<vendor>`, and
//! validates every request against the spec, as an honest peer for clients that are not ours.
//!
//! - A valid request gets the answer the state its earlier requests left calls for, as the specs'
//!   `x-faceauth-state` marks declare it (not enrolled until enrolled, the enrolled face matches
//!   and any other does not, fresh ids, tasks pending then done, the reserved test faces), else the
//!   operation's first documented success; see [`MockOptions::stateless`], [`StateSeed`],
//!   [`TEST_FACES`].
//! - `Prefer: code=NNN` or `Prefer: example=NAME` (as Prism spells it) picks another documented
//!   response.
//! - A request that does not match the spec gets the operation's documented error where the spec
//!   names one for invalid requests (`x-faceauth-invalid-request-example`, or
//!   `x-faceauth-missing-field-examples` for a missing field), a documented 401 for a missing
//!   credential where there is one, or else a 422 (401 for the credential) naming each violation.
//! - A body property the schema does not list is accepted, as OpenAPI allows, and named in the
//!   [`EXTRA_PROPERTIES_HEADER`] response header; with [`MockOptions::strict`] it is a violation.
//! - With credentials given ([`MockOptions::credential`]), a vendor accepts only those and the
//!   tokens its token calls issued for them, and refuses the others as the vendor documents (see
//!   [`MockCredential`]).
//!
//! Every answer of the mock's own (not a documented example) carries the [`MOCK_HEADER`] header
//! saying what it is: `credential missing`, `credential refused`, `invalid request`, ...
//!
//! It runs on hyper directly (not wiremock, whose single lock and per-request bookkeeping cost a
//! third of the throughput, see BENCHMARKS.md) and keeps nothing of the requests it answers but
//! the tokens it issued.
//!
//! ```no_run
//! use faceauth_clients::Vendor;
//! use faceauth_mock as mock;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let running = mock::start("127.0.0.1:0".parse().unwrap(), &Vendor::ALL).await?;
//! println!("verisoul at {}", running.base_url(Vendor::Verisoul));
//!
//! // Refusing any API key but one, and naming undocumented properties as violations.
//! let options = mock::MockOptions::default()
//!     .credential("verisoul=test-key".parse()?)
//!     .strict(true);
//! let strict = mock::start_with("127.0.0.1:0".parse().unwrap(), &[Vendor::Verisoul], options).await?;
//! # let _ = strict;
//! # Ok(())
//! # }
//! ```

// With some vendors' features off, their token calls are never made: expected, not dead code.
#![cfg_attr(
    not(all(
        feature = "signzy",
        feature = "verisoul",
        feature = "advance",
        feature = "progeny"
    )),
    allow(dead_code, unused_mut)
)]

mod answers;
mod credentials;
mod error;
mod extra_properties;
mod form;
mod issued_tokens;
mod limits;
mod reply;
mod request_json;
mod responder;
mod server;
mod state;
mod test_faces;
mod watchdog;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::HeaderMap;
use http::Method;

pub use answers::{documented_answers, DocumentedAnswer, Prefer};
pub use credentials::MockCredential;
pub use error::{CredentialError, MockError};
pub use extra_properties::EXTRA_PROPERTIES_HEADER;
pub use issued_tokens::MAX_ISSUED_TOKENS;
pub use limits::{LoadSnapshot, MockLimits, MAX_HEAD_BYTES};
pub use request_json::MAX_BODY_VALUES;
pub use responder::SpecResponder;
pub use state::{
    ResourceSnapshot, SeedResource, StateSeed, StateSnapshot, VendorSeed, DEFAULT_STATE_CAP,
    DEFAULT_TASK_POLLS, STATE_SCHEMA,
};
pub use test_faces::{test_face, TestFace, TEST_FACES};

use faceauth_clients::Vendor;
use faceauth_conformance::Spec;

/// The header that marks an answer of the mock's own (not a documented example), naming its
/// kind: `credential missing`, `credential refused` (also on a documented refusal the mock chose
/// because of a credential), `invalid request`, `no documented response`, `not found`, `method
/// not allowed`, `body unreadable`, `state full`; and `from state` on a documented answer the
/// state chose.
pub const MOCK_HEADER: &str = "x-faceauth-mock";

/// How the mock treats credentials, request bodies and state. By default: any credential
/// accepted, undocumented body properties accepted (and listed), and the state the specs declare
/// remembered (at most [`DEFAULT_STATE_CAP`] resources per vendor).
#[derive(Debug, Clone)]
pub struct MockOptions {
    credentials: Vec<MockCredential>,
    token_ttl: Option<Duration>,
    strict: bool,
    limits: MockLimits,
    stateless: bool,
    state_cap: usize,
    pub(crate) task_polls: u32,
    pub(crate) task_delay: Duration,
    specs_dir: Option<std::path::PathBuf>,
}

impl Default for MockOptions {
    fn default() -> Self {
        Self {
            credentials: Vec::new(),
            token_ttl: None,
            strict: false,
            limits: MockLimits::default(),
            stateless: false,
            state_cap: DEFAULT_STATE_CAP,
            task_polls: DEFAULT_TASK_POLLS,
            task_delay: Duration::ZERO,
            specs_dir: None,
        }
    }
}

impl MockOptions {
    /// Accepts `credential` for its vendor (add several to accept several): that vendor then
    /// refuses every other key or token, and its token calls issue tokens only for the right
    /// secret.
    pub fn credential(mut self, credential: MockCredential) -> Self {
        self.credentials.push(credential);
        self
    }

    /// Tokens the mock issues expire after at most `ttl` (by default, as each vendor documents:
    /// ADVANCE.AI's `periodSecond`, Progeny's five minutes; Signzy's at logout).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = Some(ttl);
        self
    }

    /// With `true`, every valid request gets its operation's first documented success (or the
    /// one `Prefer` names), whatever came before: the mock remembers nothing. By default it
    /// remembers what the specs' `x-faceauth-state` marks declare (who was enrolled, with which
    /// face) and answers each request with the documented example its state calls for.
    pub fn stateless(mut self, stateless: bool) -> Self {
        self.stateless = stateless;
        self
    }

    /// The most resources each vendor's state holds ([`DEFAULT_STATE_CAP`] by default); a create
    /// past it is answered 507 and counted ([`StateSnapshot::refused_at_cap`]).
    pub fn state_cap(mut self, cap: usize) -> Self {
        self.state_cap = cap;
        self
    }

    /// A task the mock starts (Progeny's registration, authentication and liveness) answers
    /// pending to its first `polls` polls ([`DEFAULT_TASK_POLLS`] by default), and until `delay`
    /// has passed since it started (none by default); then its result.
    pub fn task_progress(mut self, polls: u32, delay: Duration) -> Self {
        self.task_polls = polls;
        self.task_delay = delay;
        self
    }

    /// Serves the specs in `dir` (`<dir>/<vendor>.yaml`) instead of the ones built in: a pull
    /// request's specs, or a proposal applied, without a rebuild.
    pub fn specs_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.specs_dir = Some(dir.into());
        self
    }

    /// With `true`, a body property the schema does not list is a violation (typos caught);
    /// by default it is accepted and named in [`EXTRA_PROPERTIES_HEADER`].
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// How long and how much the mock lets its clients hold (timeouts, the connection cap, the
    /// memory of unfinished requests); [`MockLimits::default`] unless given.
    pub fn limits(mut self, limits: MockLimits) -> Self {
        self.limits = limits;
        self
    }
}

/// A request as the mock sees it.
#[derive(Debug, Clone)]
pub struct MockRequest {
    /// The method.
    pub method: Method,
    /// The path, with the vendor prefix.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl MockRequest {
    /// The first value of a query parameter, decoded.
    pub fn query_parameter(&self, name: &str) -> Option<String> {
        self.view().query_parameter(name)
    }

    fn view(&self) -> RequestView<'_> {
        RequestView {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// A request as the responder reads it, borrowed from hyper's request (the server) or from a
/// [`MockRequest`] (an in-process caller): the server copies nothing of a request to answer it.
struct RequestView<'a> {
    method: &'a Method,
    /// The path, with the vendor prefix.
    path: &'a str,
    query: Option<&'a str>,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

impl RequestView<'_> {
    /// The first value of a query parameter, decoded.
    fn query_parameter(&self, name: &str) -> Option<String> {
        let query = self.query?;
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

/// The mock's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The content type (empty for a response documented without a body).
    pub content_type: String,
    /// The body.
    pub body: Bytes,
    /// Documented response headers (a redirect's `Location`).
    pub headers: Vec<(String, String)>,
}

/// The running mock server. It stops when this is dropped.
pub struct RunningMock {
    address: SocketAddr,
    accept_loop: tokio::task::JoinHandle<()>,
    load: Arc<limits::Load>,
    responders: Arc<Vec<SpecResponder>>,
}

/// Each served vendor's state, by vendor name (`None` for a stateless mock).
pub(crate) fn state_of(
    responders: &[SpecResponder],
) -> std::collections::BTreeMap<&'static str, Option<StateSnapshot>> {
    responders
        .iter()
        .map(|responder| (responder.vendor().name(), responder.state()))
        .collect()
}

/// Sets each of `responders`' state from `seed`, every entry checked before any is set.
pub(crate) fn set_state(responders: &[SpecResponder], seed: &StateSeed) -> Result<(), String> {
    if let Some(unknown) = seed.keys().find(|name| {
        !responders
            .iter()
            .any(|r| r.vendor().name() == name.as_str())
    }) {
        return Err(format!("`{unknown}` is no vendor this mock serves"));
    }
    let empty = VendorSeed::default();
    let entry = |responder: &SpecResponder| {
        seed.get(responder.vendor().name())
            .and_then(Option::as_ref)
            .unwrap_or(&empty)
    };
    // Every vendor's entry checked and built before any is installed: a refusal changes nothing.
    let prepared = responders
        .iter()
        .map(|responder| {
            responder
                .prepare_state(entry(responder))
                .map_err(|e| format!("{}: {e}", responder.vendor().name()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (responder, seeded) in responders.iter().zip(prepared) {
        responder.install_state(seeded);
    }
    Ok(())
}

impl RunningMock {
    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// What it holds now (connections, unfinished request bodies) and what it refused or timed
    /// out since it started.
    pub fn load(&self) -> LoadSnapshot {
        self.load.snapshot()
    }

    /// The base URL that serves `vendor`'s API: `http://<address>/<vendor>`.
    pub fn base_url(&self, vendor: Vendor) -> String {
        format!("http://{}/{}", self.address, vendor.name())
    }

    /// What `vendor`'s state holds (as `GET /__faceauth/state` shows it); `None` when the mock
    /// is stateless or does not serve `vendor`.
    pub fn state(&self, vendor: Vendor) -> Option<StateSnapshot> {
        self.responders
            .iter()
            .find(|responder| responder.vendor() == vendor)?
            .state()
    }

    /// Sets every served vendor's state from `seed` (as `PUT /__faceauth/state` does): each
    /// vendor starts from its entry, or empty; nothing changes if any entry is refused, and the
    /// error says which and why.
    pub fn set_state(&self, seed: &StateSeed) -> Result<(), String> {
        set_state(&self.responders, seed)
    }

    /// Forgets every vendor's state (as `POST /__faceauth/reset` does).
    pub fn reset_state(&self) {
        for responder in self.responders.iter() {
            responder.reset_state();
        }
    }
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

/// Starts the mock on `address` (port 0 picks a free port) for `vendors`, on the current tokio
/// runtime, with the default options.
pub async fn start(address: SocketAddr, vendors: &[Vendor]) -> Result<RunningMock, MockError> {
    start_with(address, vendors, MockOptions::default()).await
}

/// Starts the mock on `address` for `vendors` with `options`, on the current tokio runtime. A
/// credential for a vendor not served is refused.
pub async fn start_with(
    address: SocketAddr,
    vendors: &[Vendor],
    options: MockOptions,
) -> Result<RunningMock, MockError> {
    if let Some(stray) = options
        .credentials
        .iter()
        .find(|c| !vendors.contains(&c.vendor()))
    {
        return Err(MockError::StrayCredential(stray.vendor()));
    }
    let responders: Vec<SpecResponder> = vendors
        .iter()
        .map(|&vendor| {
            let spec = match &options.specs_dir {
                Some(dir) => Spec::read(vendor, dir)?,
                None => Spec::load(vendor)?,
            };
            SpecResponder::with_options(spec, &options)
        })
        .collect::<Result<_, MockError>>()?;
    let responders = Arc::new(responders);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| MockError::Listen { address, source })?;
    let address = listener
        .local_addr()
        .map_err(|source| MockError::Listen { address, source })?;
    let load = Arc::new(limits::Load::default());
    let accept_loop = server::serve(listener, responders.clone(), options.limits, load.clone());
    Ok(RunningMock {
        address,
        accept_loop,
        load,
        responders,
    })
}
