//! Token flows when the token endpoint misbehaves, counted at the server: 256 concurrent calls
//! make one token request per failure backoff, whether the endpoint fails or hangs, and every
//! caller returns within about one token timeout (the calls never queue behind each other's
//! timeouts); the retry policy reaches token requests; a token that arrives expired by the
//! vendor's own clock, or whose lifetime this machine's clock misjudges, is not fetched again for
//! every call; a Progeny upload whose token is rejected is resent once with a new token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use faceauth_clients::signzy::{self, types::UserRef};
use faceauth_clients::{progeny, BaseUrl, ClientOptions, Error, FaceImage, RetryPolicy};
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A face image that meets every vendor's rules (the one the specs' multipart examples stand for).
const FIXTURE_PNG: &[u8] = faceauth_spec::EXAMPLE_FACE_PNG;

const LOGIN: &str = "/api/v1/basic/login";
const DETAILS: &str = "/api/v1/basic/user/details";

async fn count(server: &MockServer, route: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with(route))
        .count()
}

fn details_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "userName": "u", "enrollmentUrl": "https://example.com/e", "status": "200 OK",
        "message": "success"
    }))
}

fn signzy(server: &str, options: ClientOptions) -> signzy::Client {
    signzy::Client::with_login(BaseUrl::parse(server).unwrap(), "acme", "password")
        .unwrap()
        .with_options(options)
        .unwrap()
}

/// `calls` concurrent user-details calls; how each ended.
async fn burst(client: &signzy::Client, calls: usize) -> Vec<Result<(), String>> {
    let tasks: Vec<_> = (0..calls)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .user_details(&UserRef::new("acme", "u"))
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
            })
        })
        .collect();
    let mut ended = Vec::new();
    for task in tasks {
        ended.push(task.await.unwrap());
    }
    ended
}

fn options(token_timeout: Duration, backoff: Duration) -> ClientOptions {
    ClientOptions {
        token_timeout,
        token_failure_backoff: backoff,
        ..ClientOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_token_endpoint_gets_one_request_per_backoff_window_from_256_calls() {
    for status in [500, 503] {
        let server = MockServer::start().await;
        Mock::given(path(LOGIN))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        Mock::given(path(DETAILS))
            .respond_with(details_ok())
            .mount(&server)
            .await;
        // No retries of the token request (the policy reaches it), a long backoff.
        let client = signzy(
            &server.uri(),
            ClientOptions {
                retry: RetryPolicy::none(),
                ..options(Duration::from_secs(10), Duration::from_secs(60))
            },
        );
        let ended = burst(&client, 256).await;
        assert!(
            ended
                .iter()
                .all(|e| e.as_ref().is_err_and(|e| e.contains("Credential"))),
            "{status}: every call fails as a credential error: {:?}",
            ended.iter().find(|e| e.is_ok())
        );
        assert_eq!(
            count(&server, LOGIN).await,
            1,
            "{status}: one login for 256 calls"
        );
        assert_eq!(
            count(&server, DETAILS).await,
            0,
            "{status}: nothing else sent"
        );
        // Within the backoff window, later calls get the same failure without a request.
        assert!(burst(&client, 16).await.iter().all(Result::is_err));
        assert_eq!(count(&server, LOGIN).await, 1, "{status}");
    }
}

#[tokio::test]
async fn after_the_backoff_one_call_tries_again() {
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(LOGIN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "accessToken": "token-2", "status": "200 OK", "message": "Successfully Logged In"
        })))
        .mount(&server)
        .await;
    Mock::given(path(DETAILS))
        .respond_with(details_ok())
        .mount(&server)
        .await;
    let client = signzy(
        &server.uri(),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..options(Duration::from_secs(10), Duration::from_millis(200))
        },
    );
    assert!(burst(&client, 8).await.iter().all(Result::is_err));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(burst(&client, 8).await.iter().all(Result::is_ok));
    assert_eq!(count(&server, LOGIN).await, 2, "one failure, one success");
    assert_eq!(count(&server, DETAILS).await, 8);
}

#[tokio::test]
async fn the_retry_policy_reaches_token_requests() {
    // The old client retried each call's login three times: 16 calls made 48 token requests.
    let server = MockServer::start().await;
    Mock::given(path(LOGIN))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let quick = RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    let client = signzy(
        &server.uri(),
        ClientOptions {
            retry: quick,
            ..options(Duration::from_secs(10), Duration::from_secs(60))
        },
    );
    burst(&client, 16).await;
    assert_eq!(
        count(&server, LOGIN).await,
        3,
        "one login and its two retries"
    );
    let client = signzy(
        &server.uri(),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..options(Duration::from_secs(10), Duration::from_secs(60))
        },
    );
    burst(&client, 16).await;
    assert_eq!(
        count(&server, LOGIN).await,
        4,
        "RetryPolicy::none(): one more"
    );
}

/// A token endpoint that accepts connections and never answers.
fn hanging_server() -> (String, Arc<AtomicUsize>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut head = [0u8; 4096];
            if stream.read(&mut head).is_ok_and(|n| n > 0) {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            open.push(stream);
        }
    });
    (format!("http://{address}"), requests)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_token_endpoint_costs_256_callers_one_token_timeout_not_one_each() {
    let (url, requests) = hanging_server();
    // The application's own HTTP client, without a timeout: the token timeout still holds.
    let client = signzy::Client::with_login(BaseUrl::parse(&url).unwrap(), "acme", "password")
        .unwrap()
        .with_options(ClientOptions {
            retry: RetryPolicy::none(),
            ..options(Duration::from_millis(500), Duration::from_secs(60))
        })
        .unwrap()
        .with_http_client(reqwest::Client::new());
    let started = Instant::now();
    let ended = burst(&client, 256).await;
    let took = started.elapsed();
    assert!(ended
        .iter()
        .all(|e| e.as_ref().is_err_and(|e| e.contains("longer than"))));
    assert_eq!(requests.load(Ordering::SeqCst), 1, "one token request");
    // Queued one timeout after another, 256 callers would take 128 s; together they take one
    // timeout (a bound two hundred times looser than the difference it checks).
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// A Progeny token pair whose access token expires at `exp` (epoch seconds).
fn progeny_pair(exp: u64) -> serde_json::Value {
    use base64::Engine as _;
    let encode = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let access = format!(
        "{}.{}.signature",
        encode(json!({"typ": "JWT", "alg": "HS256"})),
        encode(json!({"token_type": "access", "exp": exp, "user_id": 41}))
    );
    json!({"access": access, "refresh": "refresh-token"})
}

fn epoch_secs(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs()
}

async fn progeny_server(pair: serde_json::Value, date: Option<SystemTime>) -> MockServer {
    let server = MockServer::start().await;
    let mut obtain = ResponseTemplate::new(200).set_body_json(pair.clone());
    let mut refresh = ResponseTemplate::new(200).set_body_json(pair);
    if let Some(date) = date {
        obtain = obtain.insert_header("date", httpdate::fmt_http_date(date).as_str());
        refresh = refresh.insert_header("date", httpdate::fmt_http_date(date).as_str());
    }
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(obtain)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/accounts/token/refresh/"))
        .respond_with(refresh)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/services/task/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": 1, "status": "SUCCESS"})),
        )
        .mount(&server)
        .await;
    server
}

async fn tasks(client: &progeny::Client, calls: usize) {
    let id: uuid::Uuid = "58bf8a18-b10b-409d-91d6-fdd358408dff".parse().unwrap();
    for _ in 0..calls {
        client
            .get_task(&progeny::types::GetTaskQuery::new(id))
            .await
            .unwrap();
    }
}

async fn token_requests(server: &MockServer) -> usize {
    count(server, "/accounts/token/obtain/").await + count(server, "/accounts/token/refresh/").await
}

#[tokio::test]
async fn a_token_already_expired_by_the_vendors_clock_is_not_fetched_again_for_every_call() {
    // The documented sample token expired in 2022; a mock serves it today.
    let server = progeny_server(progeny_pair(1_648_663_947), None).await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "u", "pw").unwrap();
    tasks(&client, 10).await;
    assert_eq!(token_requests(&server).await, 1, "one token for ten calls");
}

#[tokio::test]
async fn the_tokens_lifetime_is_read_by_the_vendors_clock() {
    // The vendor's clock is 4.5 minutes behind this machine's: by the local clock its 5-minute
    // token has 30 s left (the refresh margin), by the vendor's it has 5 minutes.
    let vendor_now = SystemTime::now() - Duration::from_secs(270);
    let pair = progeny_pair(epoch_secs(vendor_now) + 300);
    let server = progeny_server(pair, Some(vendor_now)).await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "u", "pw").unwrap();
    tasks(&client, 10).await;
    assert_eq!(token_requests(&server).await, 1, "one token for ten calls");
}

#[tokio::test]
async fn a_progeny_upload_whose_token_is_rejected_is_resent_once_with_a_new_token() {
    let server = MockServer::start().await;
    let pair = progeny_pair(epoch_secs(SystemTime::now()) + 300);
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pair))
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/services/register_face/"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"detail": "expired"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/services/register_face/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "d3da2b7a-b062-11ec-b3b9-0242ac190002"})),
        )
        .mount(&server)
        .await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "u", "pw").unwrap();
    let image = FaceImage::from_bytes(FIXTURE_PNG).unwrap();
    client
        .register_face(&progeny::RegisterFaceUpload::new(image.clone()))
        .await
        .unwrap();
    assert_eq!(
        count(&server, "/register_face/").await,
        2,
        "the upload, resent once"
    );
    assert_eq!(
        count(&server, "/accounts/token/obtain/").await,
        2,
        "a new token after the rejection"
    );
    // Rejected again: not a third time.
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(progeny_pair(epoch_secs(SystemTime::now()) + 300)),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/services/register_face/"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"detail": "expired"})))
        .mount(&server)
        .await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "u", "pw").unwrap();
    let ended = client
        .register_face(&progeny::RegisterFaceUpload::new(image.clone()))
        .await;
    assert!(
        matches!(ended, Err(Error::UndocumentedStatus(_))),
        "{ended:?}"
    );
    assert_eq!(count(&server, "/register_face/").await, 2);
}
