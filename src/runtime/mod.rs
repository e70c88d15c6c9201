//! The runtime every call goes through, generated or written by hand: one file per concern.
//!
//! progenitor generates each request; build.rs makes every generated method hand it to [`send`]
//! with its operation's entry in the generated table (`Operation::X.meta()`), in place of
//! progenitor's `pre`/`exec`/`post` hooks. The hand-written calls (multipart, the redirect) do the
//! same. Nothing here is public: applications see [`ClientOptions`](crate::ClientOptions),
//! [`RetryPolicy`](crate::RetryPolicy) and the errors.
//!
//! | file | concern |
//! | --- | --- |
//! | `send.rs` | the pipeline of one call: server check, credential, retries, token resend, tracing, recording |
//! | `send_error.rs` | why no response came back, and the call's `Error` it becomes |
//! | `client_state.rs` | what each client carries: vendor, credential, retry policy, observers, server, known secrets |
//! | `decode.rs` | the typed body or the error of a response (in a documented status or another), scrubbed of the client's known secrets |
//! | `server_check.rs` | a client made for a documented server sends only what is documented there |
//! | `retry.rs` | when to send again, and how long to wait |
//! | `busy_codes.rs` | a 200 whose business code says "busy, come back later" (ADVANCE.AI) |
//! | `token_cache.rs` | short-lived tokens: cached, refreshed, replaced after a rejection |
//! | `prepared_urls.rs` | the URL of a parameterless path, parsed once per client |
//! | `observe.rs` | each response shown to the client's observers (`CallObserver`: the traffic recorder, an application's own) |
//! | `client_impls.rs` | the methods every vendor's `Client` shares (options, own HTTP client, observers) |
//!
//! Dependencies run one way: vendor modules → runtime → the crate's leaf modules (errors,
//! options, the operation table's types, redaction); nothing here names a vendor.

mod busy_codes;
mod client_impls;
mod client_state;
mod decode;
mod observe;
mod prepared_urls;
mod retry;
mod send;
mod send_error;
mod server_check;
mod token_cache;

pub(crate) use client_impls::{impl_client_options, static_credential_constructor};
pub(crate) use client_state::{apply_options, client_parts, ClientState};
pub(crate) use decode::{
    decode, decode_envelope, other_status, other_status_envelope, EnvelopeCode,
};
pub(crate) use prepared_urls::PreparedUrls;
pub(crate) use send::send;
pub(crate) use token_cache::{
    from_epoch_millis, jwt_expiry, response_date, FetchContext, Token, TokenCache, TokenFuture,
    TokenSource,
};
