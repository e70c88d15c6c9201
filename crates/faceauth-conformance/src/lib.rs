//! The conformance runner: proves that each typed client sends every request the vendor documents
//! and understands every response it documents, using the examples in the specs as evidence.
//!
//! The examples are read from the specs at run time ([`Spec`]); each operation is called through
//! the client layer's generated dispatch ([`faceauth_clients::AnyClient`]), so the clients know nothing of
//! this runner, and a spec cannot grow an operation that the clients do not serve (build.rs
//! generates its dispatch, or fails).
//!
//! ```no_run
//! use faceauth_clients::Vendor;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let spec = faceauth_conformance::Spec::load(Vendor::Verisoul)?;
//! for check in faceauth_conformance::check_spec(&spec).await {
//!     println!("{} {}", if check.passed() { "ok  " } else { "FAIL" }, check.name());
//! }
//! # Ok(())
//! # }
//! ```

mod capture;
pub mod coverage;
mod credential_env;
mod drift;
mod drift_checker;
mod duplicates;
mod error;
mod json_diff;
mod live;
mod locate;
pub mod report;
mod response_log;
mod runner;
mod schema;
mod spec;
mod spec_source;

pub use capture::{CapturedBody, CapturedPart, CapturedRequest, REDACTED};
pub use credential_env::{credential_vars, CredentialVars, LongLived};
pub use drift::{response_drift, Drift, DriftKind, ResponseBody};
pub use drift_checker::DriftChecker;
pub use error::Error;
pub use faceauth_clients::json_call::CallFailure;
/// What a typed call returned, reduced to what the runner checks and the snapshots pin.
pub use faceauth_clients::json_call::JsonOutcome as TypedOutcome;
/// One documented request: the body example and the parameter values that go with it.
pub use faceauth_clients::json_call::JsonRequest as ExampleRequest;
pub use faceauth_clients::json_call::OutcomeKind;
pub use faceauth_clients::Credential;
pub use faceauth_spec::extension::DeclaredOutcome;
pub use faceauth_spec::{Provenance, ProvenanceCounts, EXAMPLE_FACE_PNG};
pub use json_diff::json_differences;
pub use live::{check_live, parse_params, LiveSelection};
pub use response_log::{RecordedResponse, ResponseLog};
pub use runner::{check_spec, Case, ExampleCheck, Failure, FailureKind};
pub use schema::{violation, SchemaValidator};
pub use spec::{CredentialScheme, Example, Parameter, ResponseExample, Spec, SpecOperation};
pub use spec_source::spec_source;

use std::fmt;

use faceauth_clients::json_call::InputError;
use faceauth_clients::{ConfigError, OperationMeta};

/// The credential the runner configures every client with. The captured requests must carry it
/// exactly as the vendor's security scheme says; snapshots show it as [`REDACTED`].
pub const TEST_CREDENTIAL: &str = "conformance-test-credential";

/// Where and how a typed call is made: the base URL, the credential, and optionally a log that
/// keeps each raw response (for the live drift check).
#[derive(Debug, Clone)]
pub struct CallTarget {
    /// The server.
    pub base_url: faceauth_clients::BaseUrl,
    /// The vendor's credential.
    pub credential: Credential,
    /// Where to keep the raw responses, if anywhere.
    pub response_log: Option<ResponseLog>,
    /// Where to record every response as a traffic line (`faceauth call --record`), if anywhere.
    pub recorder: Option<faceauth_clients::TrafficRecorder>,
    /// The secret values of every client made for this target (its credential, the tokens it
    /// was issued): what is reported of its calls is scrubbed of them.
    pub secrets: faceauth_clients::KnownSecrets,
}

impl CallTarget {
    /// A target that sends [`TEST_CREDENTIAL`] to `base_url`.
    pub fn test(base_url: &str) -> Result<Self, Error> {
        Ok(Self {
            base_url: faceauth_clients::BaseUrl::parse(base_url)?,
            credential: Credential::Static(TEST_CREDENTIAL.into()),
            response_log: None,
            recorder: None,
            secrets: faceauth_clients::KnownSecrets::default(),
        })
    }
}

/// Why a call could not be made; nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// The client could not be built (the credential is not one the vendor takes, ...).
    Client(ConfigError),
    /// The input does not fit the operation's generated types.
    Input(InputError),
    /// A multipart example names another file than the fixture the runner uploads.
    FixtureName {
        /// The file the example names.
        example: String,
        /// The fixture's file name.
        fixture: String,
    },
    /// The spec defines an operation the crate was built without (an edited spec).
    NotBuilt {
        /// The operation's `operationId`.
        operation: String,
    },
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Client(why) => write!(f, "the client cannot be built: {why}"),
            Self::Input(why) => fmt::Display::fmt(why, f),
            Self::FixtureName { example, fixture } => write!(
                f,
                "the example's image {example:?} is not the fixture's file name {fixture:?}"
            ),
            Self::NotBuilt { operation } => write!(
                f,
                "the crate was built from a spec without {operation}: rebuild it from this spec"
            ),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Client(why) => Some(why),
            Self::Input(why) => Some(why),
            _ => None,
        }
    }
}

/// Calls `operation` with `request` through its vendor's typed client, built for `target`.
/// A multipart example uploads [`EXAMPLE_FACE_PNG`] in each file part (see `SpecOperation::requests`).
/// Progeny's clients send it under their own file name (`face.png`), which an example's `image`
/// must then document; ADVANCE.AI's send each file under the name the form gives it. An error means the call could not be made and nothing
/// was sent; what the vendor answered is in the [`TypedOutcome`].
pub async fn call_operation(
    target: &CallTarget,
    operation: &'static OperationMeta,
    request: &ExampleRequest,
) -> Result<TypedOutcome, CallError> {
    let mut client = faceauth_clients::AnyClient::new(
        operation.vendor,
        target.base_url.clone(),
        &target.credential,
    )
    .map_err(CallError::Client)?
    .sharing_secrets(&target.secrets);
    if let Some(log) = &target.response_log {
        client = client.with_observer(log.clone());
    }
    if let Some(recorder) = &target.recorder {
        client = client.with_observer(recorder.clone());
    }
    let image_part = request.images.iter().find(|(part, _)| part == "image");
    if let (Some((_, image)), Some(file_name)) = (image_part, uploaded_file_name(request)) {
        let is_fixture = image.as_bytes() == EXAMPLE_FACE_PNG;
        if is_fixture && file_name != image.file_name() {
            return Err(CallError::FixtureName {
                example: file_name.to_owned(),
                fixture: image.file_name().to_owned(),
            });
        }
    }
    client
        .call_json(operation, request)
        .await
        .map_err(CallError::Input)
}

/// The file a multipart example uploads in its `image` part (Progeny's forms): its body names it.
fn uploaded_file_name(request: &ExampleRequest) -> Option<&str> {
    request.body.as_ref()?.get("image")?.as_str()
}
