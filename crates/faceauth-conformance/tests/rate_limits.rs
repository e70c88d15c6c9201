//! Verisoul's rate limit (300 requests per minute per API key, HTTP 429 on every operation): each
//! operation the spec documents it on is served a 429, and the client retries as `Retry-After`
//! asks, then returns the typed `Error::RateLimited` with the status and the wait kept.

use std::time::Duration;

use faceauth_clients::{verisoul, BaseUrl, Error, ErrorKind, Vendor};
use faceauth_conformance::{call_operation, CallTarget, OutcomeKind, Spec, SpecOperation};
use wiremock::ResponseTemplate;

/// A stand-in vendor that answers every request with `template`.
async fn serving(template: ResponseTemplate) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// The Verisoul operations whose spec documents HTTP 429.
fn rate_limited_operations() -> Vec<SpecOperation> {
    let spec = Spec::load(Vendor::Verisoul).unwrap();
    spec.operations()
        .into_iter()
        .filter(|op| spec.operation_object(op)["responses"].get("429").is_some())
        .collect()
}

#[test]
fn every_verisoul_operation_documents_the_rate_limit() {
    // The rate-limits page applies to every endpoint: name any operation that lacks its 429.
    let spec = Spec::load(Vendor::Verisoul).unwrap();
    let lacking: Vec<String> = spec
        .operations()
        .into_iter()
        .filter(|op| spec.operation_object(op)["responses"].get("429").is_none())
        .map(|op| op.id)
        .collect();
    assert_eq!(
        lacking,
        Vec::<String>::new(),
        "these Verisoul operations do not document the rate limit's HTTP 429"
    );
    // And the client has every operation of the spec, so each is exercised below.
    for operation in verisoul::Operation::ALL {
        assert!(
            rate_limited_operations()
                .iter()
                .any(|op| op.meta == Some(operation.meta())),
            "{operation}"
        );
    }
    assert_eq!(verisoul::RATE_LIMIT_PER_MINUTE, 300);
}

#[tokio::test]
async fn a_429_is_retried_as_retry_after_asks_then_typed_on_every_operation() {
    for operation in rate_limited_operations() {
        let server = serving(ResponseTemplate::new(429).insert_header("retry-after", "0")).await;
        let target = CallTarget::test(&server.uri()).unwrap();
        let request = operation.requests().into_iter().next().unwrap_or_default();
        let outcome = call_operation(&target, operation.meta.unwrap(), &request)
            .await
            .unwrap();
        let at = &operation.id;
        assert_eq!(outcome.status, Some(429), "{at}");
        match &outcome.kind {
            OutcomeKind::Failed(why) => {
                assert_eq!(why.kind, ErrorKind::RateLimited, "{at}: {why:?}")
            }
            other => panic!("{at}: {other:?}"),
        }
        // The default policy: the first attempt and two retries, each after the 0 s asked.
        let sent = server.received_requests().await.unwrap().len();
        assert_eq!(sent, 3, "{at}");
    }
}

#[tokio::test]
async fn a_wait_longer_than_the_policy_allows_is_returned_with_the_wait() {
    let server = serving(ResponseTemplate::new(429).insert_header("retry-after", "120")).await;
    let client =
        verisoul::Client::with_api_key(BaseUrl::parse(&server.uri()).unwrap(), "key").unwrap();
    let session: faceauth_clients::uuid::Uuid =
        "00022912-cbaa-4239-a3ec-51c32fcc0fc1".parse().unwrap();
    let request = verisoul::types::VerifyFaceRequest::new(session);
    match client.verify_face(&request).await {
        Err(Error::RateLimited(evidence)) => {
            assert_eq!(evidence.status.as_u16(), 429);
            assert_eq!(evidence.retry_after(), Some(Duration::from_secs(120)));
        }
        other => panic!("expected Error::RateLimited, got {other:?}"),
    }
    // 120 s is beyond the default policy's 30 s: returned at once, not waited for.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
