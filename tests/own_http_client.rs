//! An application's own HTTP clients and TLS choices stay its own: building a faceauth client
//! installs no process-wide rustls provider, the application's plain `reqwest::Client` builds
//! before and after it, and a faceauth client sends through the application's `reqwest::Client`
//! (with the credential still applied) when given one.

use faceauth_clients::{verisoul, BaseUrl};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn no_process_wide_tls_provider_is_installed() {
    // Before: the application builds its own client.
    let _before = reqwest::Client::new();
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());

    let _faceauth =
        verisoul::Client::with_api_key(verisoul::Server::Sandbox, "api-key").expect("builds");
    let _signzy = faceauth_clients::signzy::Client::with_login(
        faceauth_clients::signzy::Server::Production,
        "customer",
        "password",
    )
    .expect("builds");

    // After: still no process default, and the application's client still builds.
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "a faceauth client installed a process-wide crypto provider"
    );
    let _after = reqwest::Client::builder().build().expect("still builds");
}

#[tokio::test]
async fn calls_go_through_the_applications_own_http_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/liveness/enroll"))
        .and(header("x-api-key", "the-key"))
        .and(header("x-app", "mine"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "request_id": "8757569c-61e6-454b-afc9-59232e861496", "success": true})))
        .expect(1)
        .mount(&server)
        .await;
    // A default header only the application's client sends proves which client sent the call.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-app", "mine".parse().unwrap());
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = verisoul::Client::with_api_key(BaseUrl::parse(&server.uri()).unwrap(), "the-key")
        .unwrap()
        .with_http_client(own);
    let body = serde_json::from_value(serde_json::json!({
        "session_id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271",
        "account_id": "example-account-id"
    }))
    .unwrap();
    let enrolled = client.enroll_face_match(&body).await.expect("enrolled");
    assert!(enrolled.success);
}

#[tokio::test]
async fn token_requests_go_through_the_applications_own_http_client_too() {
    let server = MockServer::start().await;
    // The login answers only the application's client.
    Mock::given(method("POST"))
        .and(path("/api/v1/basic/login"))
        .and(header("x-app", "mine"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "accessToken": "token-1", "status": "200 OK", "message": "logged in"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/basic/user/details"))
        .and(header("authorization", "token-1"))
        .and(header("x-app", "mine"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-app", "mine".parse().unwrap());
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = faceauth_clients::signzy::Client::with_login(
        BaseUrl::parse(&server.uri()).unwrap(),
        "customer",
        "password",
    )
    .unwrap()
    .with_options(faceauth_clients::ClientOptions {
        retry: faceauth_clients::RetryPolicy::none(),
        ..Default::default()
    })
    .unwrap()
    .with_http_client(own);
    let body = serde_json::from_value(serde_json::json!({
        "customerName": "customer", "userName": "user-1"}))
    .unwrap();
    // The call reached the server with the token the login (through our client) returned.
    let error = client.user_details(&body).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{error:?}");
}
