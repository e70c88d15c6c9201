//! What the fault, retry and redaction tests share: one typed call per vendor, and its result
//! reduced to how it ended.

#![allow(dead_code)]

use faceauth_clients::{
    advance, progeny, signzy, verisoul, BaseUrl, ClientOptions, Error, FaceImage, ResponseValue,
    Vendor,
};
use serde::Serialize;
use serde_json::Value;

/// How a call ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// A documented success, serialised back to JSON.
    Value(Value),
    /// A documented error: status and the typed body serialised back.
    Documented(u16, Value),
    /// An undocumented status, with the body excerpt the error kept.
    Undocumented(u16, String),
    /// HTTP 429, with the wait the vendor asked for, if it said.
    RateLimited(Option<std::time::Duration>),
    /// A documented status whose body does not decode, with the reason.
    InvalidBody(u16, String),
    /// A body over the limit.
    TooLarge(u16),
    Timeout,
    Connection,
    Transport(String),
    InvalidRequest(String),
    /// A write whose outcome is unknown: the status (if a response came) and its body excerpt,
    /// or the kind of transport failure.
    OutcomeUnknown(Option<u16>, String),
}

pub fn ended<T: Serialize, E: Serialize + faceauth_clients::HasOutcome>(
    result: Result<ResponseValue<T>, Error<E>>,
) -> Ended {
    match result {
        Ok(value) => Ended::Value(serde_json::to_value(value.into_inner()).unwrap()),
        Err(Error::Documented(value)) => Ended::Documented(
            value.status().as_u16(),
            serde_json::to_value(value.into_inner()).unwrap(),
        ),
        Err(Error::UndocumentedStatus(evidence)) => {
            Ended::Undocumented(evidence.status.as_u16(), evidence.body_excerpt)
        }
        Err(Error::RateLimited(evidence)) => Ended::RateLimited(evidence.retry_after()),
        Err(Error::InvalidBody { evidence, reason }) => {
            Ended::InvalidBody(evidence.status.as_u16(), reason)
        }
        Err(Error::BodyTooLarge { status, .. }) => Ended::TooLarge(status.as_u16()),
        Err(Error::Timeout(_)) => Ended::Timeout,
        Err(Error::Connection(_)) => Ended::Connection,
        Err(Error::Transport(e)) => Ended::Transport(e.to_string()),
        Err(Error::InvalidRequest(why)) => Ended::InvalidRequest(why.to_string()),
        Err(Error::OutcomeUnknown(unknown)) => match unknown.cause {
            faceauth_clients::Unconfirmed::Response(evidence) => {
                Ended::OutcomeUnknown(Some(evidence.status.as_u16()), evidence.body_excerpt)
            }
            faceauth_clients::Unconfirmed::Timeout(_) => {
                Ended::OutcomeUnknown(None, "timeout".to_owned())
            }
            other => Ended::OutcomeUnknown(None, format!("{other:?}")),
        },
        Err(other) => Ended::Transport(other.to_string()),
    }
}

/// The first documented request body of an operation, from the spec.
pub fn documented_body(vendor: Vendor, operation: &str) -> Value {
    faceauth_test_support::specs::documented_body(vendor.name(), operation)
}

/// The first documented success body of an operation, from the spec.
pub fn documented_success(vendor: Vendor, operation: &str) -> Value {
    faceauth_test_support::specs::documented_success(vendor.name(), operation)
}

/// The operation each vendor's fault tests call: its enrolment (Progeny: its task lookup, a GET).
pub fn operation_of(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Signzy => "enroll",
        Vendor::Verisoul => "enrollFaceMatch",
        Vendor::Advance => "saveEnroll",
        Vendor::Progeny => "getTask",
    }
}

pub const CREDENTIAL: &str = "SECRET-credential-7f3a9c";
pub const TASK_ID: &str = "58bf8a18-b10b-409d-91d6-fdd358408dff";

/// Whether `operation_of(vendor)` is a write (the client never resends it blind).
pub fn writes(vendor: Vendor) -> bool {
    !vendor
        .operation(operation_of(vendor))
        .unwrap()
        .resend_safe()
}

/// Calls `operation_of(vendor)` at `base_url` with the documented request.
pub async fn call(vendor: Vendor, base_url: &str, options: ClientOptions) -> Ended {
    let base = BaseUrl::parse(base_url).unwrap();
    let body = documented_body_or_null(vendor);
    match vendor {
        Vendor::Signzy => {
            let client = signzy::Client::with_access_token(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(client.enroll(&serde_json::from_value(body).unwrap()).await)
        }
        Vendor::Verisoul => {
            let client = verisoul::Client::with_api_key(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(
                client
                    .enroll_face_match(&serde_json::from_value(body).unwrap())
                    .await,
            )
        }
        Vendor::Advance => {
            let client = advance::Client::with_access_token(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(
                client
                    .save_enroll(&serde_json::from_value(body).unwrap())
                    .await,
            )
        }
        Vendor::Progeny => {
            let client = progeny::Client::with_access_token(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(
                client
                    .get_task(&progeny::types::GetTaskQuery::new(
                        TASK_ID.parse::<uuid::Uuid>().unwrap(),
                    ))
                    .await,
            )
        }
    }
}

fn documented_body_or_null(vendor: Vendor) -> Value {
    match vendor {
        Vendor::Progeny => Value::Null,
        other => documented_body(other, operation_of(other)),
    }
}

/// Progeny's multipart upload (never retried: its body is a stream).
pub async fn register_face(base_url: &str, image: &FaceImage, options: ClientOptions) -> Ended {
    let client = progeny::Client::with_access_token(BaseUrl::parse(base_url).unwrap(), CREDENTIAL)
        .unwrap()
        .with_options(options)
        .unwrap();
    ended(
        client
            .register_face(&progeny::RegisterFaceUpload::new(image.clone()))
            .await,
    )
}

/// A local server that answers every request with `template`.
pub async fn serving(template: wiremock::ResponseTemplate) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// A read of each vendor (an operation its spec marks read-only, or a GET), which the client may
/// resend after an answer that does not say whether it was processed.
pub fn read_of(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Signzy => "userDetails",
        Vendor::Verisoul => "verifyFace",
        Vendor::Advance => "getEnroll",
        Vendor::Progeny => "getTask",
    }
}

/// Calls `read_of(vendor)` at `base_url` with the documented request.
pub async fn call_read(vendor: Vendor, base_url: &str, options: ClientOptions) -> Ended {
    let base = BaseUrl::parse(base_url).unwrap();
    let body = || documented_body(vendor, read_of(vendor));
    match vendor {
        Vendor::Signzy => {
            let client = signzy::Client::with_access_token(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(
                client
                    .user_details(&serde_json::from_value(body()).unwrap())
                    .await,
            )
        }
        Vendor::Verisoul => {
            let client = verisoul::Client::with_api_key(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(
                client
                    .verify_face(&serde_json::from_value(body()).unwrap())
                    .await,
            )
        }
        Vendor::Advance => {
            let client = advance::Client::with_access_token(base, CREDENTIAL)
                .unwrap()
                .with_options(options)
                .unwrap();
            ended(
                client
                    .get_enroll(&serde_json::from_value(body()).unwrap())
                    .await,
            )
        }
        Vendor::Progeny => call(vendor, base.as_str(), options).await,
    }
}

#[allow(unused_imports)]
pub use faceauth_test_support::huge_body_server;
