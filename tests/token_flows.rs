//! The token flows against wiremock: a client configured with the long-lived secret obtains,
//! caches and refreshes its short-lived token by itself (before expiry, and once after a
//! rejection); under concurrency one refresh serves every call; a refused credential is a clear
//! error and nothing else is sent.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use faceauth_clients::advance::{
    self,
    types::{SaveEnrollRequest, SaveEnrollRequestRegion},
};
use faceauth_clients::signzy::{self, types::UserRef};
use faceauth_clients::{progeny, BaseUrl, Error, FaceImage};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A face image that meets every vendor's rules (the one the specs' multipart examples stand for).
const FIXTURE_PNG: &[u8] = faceauth_spec::EXAMPLE_FACE_PNG;

const ADVANCE_TOKEN: &str = "/openapi/auth/ticket/v1/generate-token";
const ADVANCE_ENROLL: &str =
    "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/face-authentication/enroll";

fn epoch_millis(at: SystemTime) -> i64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn advance_token(token: &str, expires_in: Duration) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "code": "SUCCESS", "message": "OK",
        "data": {"token": token, "expiredTime": epoch_millis(SystemTime::now() + expires_in)},
        "extra": null, "transactionId": "t", "pricingStrategy": "FREE"
    }))
}

fn advance_envelope(code: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "code": code, "message": code, "data": null, "extra": null,
        "transactionId": "t", "pricingStrategy": "FREE"
    }))
}

fn enroll_request() -> SaveEnrollRequest {
    SaveEnrollRequest::new(
        "https://example.com/face.jpg",
        "user-1",
        SaveEnrollRequestRegion::new("PHL").unwrap(),
    )
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == route)
        .collect()
}

fn header(request: &Request, name: &str) -> String {
    request.headers[name].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn advance_signs_the_token_request_and_sends_the_token() {
    let server = MockServer::start().await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token-A", Duration::from_secs(3600)))
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_ENROLL))
        .respond_with(advance_envelope("SUCCESS"))
        .mount(&server)
        .await;
    let client = advance::Client::with_access_key(
        BaseUrl::parse(&server.uri()).unwrap(),
        "access-key-1",
        "secret-key-1",
    )
    .unwrap();
    client.save_enroll(&enroll_request()).await.unwrap();

    let token_request = &requests_to(&server, ADVANCE_TOKEN).await[0];
    let body: Value = token_request.body_json().unwrap();
    let timestamp = body["timestamp"].as_i64().unwrap();
    assert_eq!(body["accessKey"], "access-key-1");
    assert_eq!(
        body["signature"],
        advance::token_signature("access-key-1", "secret-key-1", timestamp)
    );
    assert!(
        !token_request.headers.contains_key("x-access-token"),
        "the token call takes none"
    );
    assert_eq!(
        header(
            &requests_to(&server, ADVANCE_ENROLL).await[0],
            "x-access-token"
        ),
        "token-A"
    );
}

#[tokio::test]
async fn concurrent_calls_with_no_valid_token_make_exactly_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(
            advance_token("token-A", Duration::from_secs(3600))
                .set_delay(Duration::from_millis(100)),
        )
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_ENROLL))
        .respond_with(advance_envelope("SUCCESS"))
        .mount(&server)
        .await;
    let client =
        advance::Client::with_access_key(BaseUrl::parse(&server.uri()).unwrap(), "ak", "sk")
            .unwrap();
    let calls: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.save_enroll(&enroll_request()).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(requests_to(&server, ADVANCE_TOKEN).await.len(), 1);
    let enrolls = requests_to(&server, ADVANCE_ENROLL).await;
    assert_eq!(enrolls.len(), 32);
    assert!(enrolls
        .iter()
        .all(|r| header(r, "x-access-token") == "token-A"));
}

#[tokio::test]
async fn a_token_about_to_expire_is_replaced_before_the_call_and_only_once_under_concurrency() {
    let server = MockServer::start().await;
    // The first token expires within the refresh margin; the second lives an hour.
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token-A", Duration::from_secs(5)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(
            advance_token("token-B", Duration::from_secs(3600))
                .set_delay(Duration::from_millis(50)),
        )
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_ENROLL))
        .respond_with(advance_envelope("SUCCESS"))
        .mount(&server)
        .await;
    let client =
        advance::Client::with_access_key(BaseUrl::parse(&server.uri()).unwrap(), "ak", "sk")
            .unwrap();
    client.save_enroll(&enroll_request()).await.unwrap();
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.save_enroll(&enroll_request()).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(
        requests_to(&server, ADVANCE_TOKEN).await.len(),
        2,
        "one refresh for 16 calls"
    );
    let tokens: Vec<String> = requests_to(&server, ADVANCE_ENROLL)
        .await
        .iter()
        .map(|r| header(r, "x-access-token"))
        .collect();
    assert_eq!(tokens[0], "token-A");
    assert!(tokens[1..].iter().all(|t| t == "token-B"), "{tokens:?}");
}

#[tokio::test]
async fn an_iam_failed_answer_replaces_the_token_once_and_resends() {
    let server = MockServer::start().await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token-A", Duration::from_secs(3600)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token-B", Duration::from_secs(3600)))
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_ENROLL))
        .respond_with(advance_envelope("IAM_FAILED"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_ENROLL))
        .respond_with(advance_envelope("SUCCESS"))
        .mount(&server)
        .await;
    let client =
        advance::Client::with_access_key(BaseUrl::parse(&server.uri()).unwrap(), "ak", "sk")
            .unwrap();
    let answer = client.save_enroll(&enroll_request()).await.unwrap();
    assert_eq!(answer.code, advance::types::ResponseCode::Success);
    let tokens: Vec<String> = requests_to(&server, ADVANCE_ENROLL)
        .await
        .iter()
        .map(|r| header(r, "x-access-token"))
        .collect();
    assert_eq!(tokens, ["token-A", "token-B"]);
}

#[tokio::test]
async fn an_upload_answered_iam_failed_is_resent_whole_with_the_new_token() {
    // A face comparison's form (two image files) is buffered before sending, so the call the
    // vendor refused for its token can be sent again, byte for byte, with the new token.
    const COMPARE: &str = "/openapi/face-recognition/v4/check";
    let server = MockServer::start().await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token-A", Duration::from_secs(3600)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token-B", Duration::from_secs(3600)))
        .mount(&server)
        .await;
    Mock::given(path(COMPARE))
        .respond_with(advance_envelope("IAM_FAILED"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(COMPARE))
        .respond_with(advance_envelope("NO_FACE_DETECTED_FROM_FIRST_IMAGE"))
        .mount(&server)
        .await;
    let client =
        advance::Client::with_access_key(BaseUrl::parse(&server.uri()).unwrap(), "ak", "sk")
            .unwrap();
    let face = FaceImage::from_bytes(FIXTURE_PNG).unwrap();
    let upload = advance::CompareFacesUpload::new(face.clone(), face);
    let error = client.compare_faces(&upload).await.unwrap_err();
    let faceauth_clients::Error::Documented(answer) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        answer.code,
        advance::types::ResponseCode::NoFaceDetectedFromFirstImage
    );
    assert!(!error.is_credential_refused(), "the new token was taken");
    let sent = requests_to(&server, COMPARE).await;
    let tokens: Vec<String> = sent.iter().map(|r| header(r, "x-access-token")).collect();
    assert_eq!(tokens, ["token-A", "token-B"]);
    assert_eq!(sent[0].body, sent[1].body);
    assert!(
        sent[1].body.len() > 2 * FIXTURE_PNG.len(),
        "both images went in"
    );
}

#[tokio::test]
async fn a_token_rejected_twice_is_not_retried_again() {
    let server = MockServer::start().await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(advance_token("token", Duration::from_secs(3600)))
        .mount(&server)
        .await;
    Mock::given(path(ADVANCE_ENROLL))
        .respond_with(advance_envelope("IAM_FAILED"))
        .mount(&server)
        .await;
    let client =
        advance::Client::with_access_key(BaseUrl::parse(&server.uri()).unwrap(), "ak", "sk")
            .unwrap();
    let error = client.save_enroll(&enroll_request()).await.unwrap_err();
    let faceauth_clients::Error::Documented(answer) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        answer.code,
        advance::types::ResponseCode::IamFailed,
        "the vendor's answer stands"
    );
    assert!(error.is_credential_refused());
    assert_eq!(
        requests_to(&server, ADVANCE_ENROLL).await.len(),
        2,
        "one resend, no loop"
    );
}

#[tokio::test]
async fn a_refused_credential_is_a_clear_error_and_nothing_else_is_sent() {
    let server = MockServer::start().await;
    Mock::given(path(ADVANCE_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": "PARAMETER_ERROR", "message": "Signature error", "data": null,
            "extra": null, "transactionId": "t", "pricingStrategy": "FREE"})))
        .mount(&server)
        .await;
    let client = advance::Client::with_access_key(
        BaseUrl::parse(&server.uri()).unwrap(),
        "ak",
        "the-secret-key-xyz",
    )
    .unwrap();
    let error = client.save_enroll(&enroll_request()).await.unwrap_err();
    let Error::Credential(credential) = &error else {
        panic!("{error:?}")
    };
    let why = credential.to_string();
    assert!(
        why.contains("PARAMETER_ERROR") && why.contains("Signature error"),
        "{why}"
    );
    assert_eq!(credential.vendor(), faceauth_clients::Vendor::Advance);
    assert!(!format!("{error} {error:?}").contains("the-secret-key-xyz"));
    assert!(
        requests_to(&server, ADVANCE_ENROLL).await.is_empty(),
        "nothing sent"
    );
}

// ---- Signzy ------------------------------------------------------------------------------------

async fn signzy_server(details: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    let login_count = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(path("/api/v1/basic/login"))
        .respond_with(move |_: &Request| {
            let n = login_count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(json!({
                "accessToken": format!("signzy-token-{n}"), "status": "200 OK",
                "message": "Successfully Logged In"}))
        })
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/basic/user/details"))
        .respond_with(details)
        .mount(&server)
        .await;
    server
}

fn user() -> UserRef {
    UserRef::new("acme", "user-1")
}

fn details_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "userName": "user-1", "enrollmentUrl": "https://example.com/enroll/user-1",
        "message": "success", "status": "200 OK"}))
}

#[tokio::test]
async fn signzy_logs_in_once_and_sends_the_raw_token() {
    let server = signzy_server(details_ok()).await;
    let client =
        signzy::Client::with_login(BaseUrl::parse(&server.uri()).unwrap(), "acme", "pw").unwrap();
    for _ in 0..3 {
        client.user_details(&user()).await.unwrap();
    }
    let logins = requests_to(&server, "/api/v1/basic/login").await;
    assert_eq!(logins.len(), 1);
    assert_eq!(
        logins[0].body_json::<Value>().unwrap(),
        json!({"customerName": "acme", "password": "pw"})
    );
    assert!(!logins[0].headers.contains_key("authorization"));
    let details = requests_to(&server, "/api/v1/basic/user/details").await;
    assert!(
        details
            .iter()
            .all(|r| header(r, "authorization") == "signzy-token-0"),
        "raw token"
    );
}

#[tokio::test]
async fn signzy_logs_in_again_after_a_401() {
    let server = MockServer::start().await;
    let login_count = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(path("/api/v1/basic/login"))
        .respond_with(move |_: &Request| {
            let n = login_count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(json!({
                "accessToken": format!("signzy-token-{n}"), "status": "200 OK", "message": "ok"}))
        })
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/basic/user/details"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/basic/user/details"))
        .respond_with(details_ok())
        .mount(&server)
        .await;
    let client =
        signzy::Client::with_login(BaseUrl::parse(&server.uri()).unwrap(), "acme", "pw").unwrap();
    client.user_details(&user()).await.unwrap();
    let used: Vec<String> = requests_to(&server, "/api/v1/basic/user/details")
        .await
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    assert_eq!(used, ["signzy-token-0", "signzy-token-1"]);
}

#[tokio::test]
async fn a_refused_signzy_login_is_a_credential_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/basic/login"))
        .respond_with(ResponseTemplate::new(403).set_body_string("wrong password"))
        .mount(&server)
        .await;
    let client = signzy::Client::with_login(
        BaseUrl::parse(&server.uri()).unwrap(),
        "acme",
        "pw-secret-123",
    )
    .unwrap();
    let error = client.user_details(&user()).await.unwrap_err();
    let Error::Credential(credential) = &error else {
        panic!("{error:?}")
    };
    let why = credential.to_string();
    assert!(why.contains("HTTP 403"), "{why}");
    // The login's own error is the typed cause, with its status: no string prefix to parse.
    let cause = std::error::Error::source(credential).expect("the login's error is the cause");
    let login_error = cause
        .downcast_ref::<Error<()>>()
        .expect("the cause is the login call's typed error");
    assert_eq!(login_error.status().map(|s| s.as_u16()), Some(403));
    assert!(!format!("{error:?}").contains("pw-secret-123"));
}

// ---- Progeny ----------------------------------------------------------------------------------

fn jwt(expires_in_secs: i64) -> String {
    let exp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + expires_in_secs;
    let part = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.signature",
        part(json!({"alg": "HS256"})),
        part(json!({"exp": exp, "token_type": "access"}))
    )
}

/// The text parts of a `multipart/form-data` request, in order: Progeny's overview says every
/// request body is multipart, the token requests' too.
fn form_fields(request: &wiremock::Request) -> Vec<(String, String)> {
    let content_type = header(request, "content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart/form-data: {content_type}"));
    let body = String::from_utf8(request.body.clone()).unwrap();
    body.split(&format!("--{boundary}"))
        .filter_map(|part| {
            let (head, value) = part.split_once("\r\n\r\n")?;
            let name = head.split("name=\"").nth(1)?.split('"').next()?;
            Some((name.to_owned(), value.trim_end_matches("\r\n").to_owned()))
        })
        .collect()
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const TASK: &str = "/api/v3/services/task/";
const TASK_ID: &str = "58bf8a18-b10b-409d-91d6-fdd358408dff";

async fn task_endpoint(server: &MockServer) {
    Mock::given(path(TASK))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": 1, "status": "SUCCESS"})),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn progeny_refreshes_an_expiring_access_token_with_the_refresh_token() {
    let server = MockServer::start().await;
    let expiring = jwt(10);
    let fresh = jwt(300);
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access": expiring, "refresh": "refresh-1"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/accounts/token/refresh/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access": fresh, "refresh": "refresh-2"})),
        )
        .mount(&server)
        .await;
    task_endpoint(&server).await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "user", "pw")
            .unwrap();
    client
        .get_task(&progeny::types::GetTaskQuery::new(
            TASK_ID.parse::<uuid::Uuid>().unwrap(),
        ))
        .await
        .unwrap();
    client
        .get_task(&progeny::types::GetTaskQuery::new(
            TASK_ID.parse::<uuid::Uuid>().unwrap(),
        ))
        .await
        .unwrap();
    let obtains = requests_to(&server, "/api/v3/accounts/token/obtain/").await;
    assert_eq!(obtains.len(), 1);
    assert_eq!(
        form_fields(&obtains[0]),
        fields(&[("username", "user"), ("password", "pw")])
    );
    let refreshes = requests_to(&server, "/api/v3/accounts/token/refresh/").await;
    assert_eq!(refreshes.len(), 1);
    assert_eq!(
        form_fields(&refreshes[0]),
        fields(&[("refresh", "refresh-1")])
    );
    let used: Vec<String> = requests_to(&server, TASK)
        .await
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    assert_eq!(
        used,
        [format!("Bearer {expiring}"), format!("Bearer {fresh}")]
    );
}

#[tokio::test]
async fn progeny_obtains_a_new_pair_when_the_refresh_token_is_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access": jwt(10), "refresh": "refresh-1"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/accounts/token/refresh/"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"detail": "Token is invalid or expired"})),
        )
        .mount(&server)
        .await;
    task_endpoint(&server).await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "user", "pw")
            .unwrap();
    client
        .get_task(&progeny::types::GetTaskQuery::new(
            TASK_ID.parse::<uuid::Uuid>().unwrap(),
        ))
        .await
        .unwrap();
    client
        .get_task(&progeny::types::GetTaskQuery::new(
            TASK_ID.parse::<uuid::Uuid>().unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(
        requests_to(&server, "/api/v3/accounts/token/refresh/")
            .await
            .len(),
        1
    );
    assert_eq!(
        requests_to(&server, "/api/v3/accounts/token/obtain/")
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn progeny_refused_credentials_are_a_credential_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                json!({"detail": "No active account found with the given credentials"}),
            ),
        )
        .mount(&server)
        .await;
    task_endpoint(&server).await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "user", "pw")
            .unwrap();
    let error = client
        .get_task(&progeny::types::GetTaskQuery::new(
            TASK_ID.parse::<uuid::Uuid>().unwrap(),
        ))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Credential(_)), "{error:?}");
    assert!(requests_to(&server, TASK).await.is_empty());
}

#[tokio::test]
async fn progeny_token_request_is_retried_like_any_call() {
    // The token form is multipart, which reqwest streams; the client buffers it, so a 503 on
    // token/obtain is sent again as the retry policy says, the same form both times.
    let server = MockServer::start().await;
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access": jwt(300), "refresh": "refresh-1"})),
        )
        .mount(&server)
        .await;
    task_endpoint(&server).await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "user", "pw")
            .unwrap();
    client
        .get_task(&progeny::types::GetTaskQuery::new(
            TASK_ID.parse::<uuid::Uuid>().unwrap(),
        ))
        .await
        .unwrap();
    let obtains = requests_to(&server, "/api/v3/accounts/token/obtain/").await;
    assert_eq!(obtains.len(), 2);
    for obtain in &obtains {
        assert_eq!(
            form_fields(obtain),
            fields(&[("username", "user"), ("password", "pw")])
        );
    }
}

#[tokio::test]
async fn a_progeny_upload_refused_with_401_is_resent_whole_with_a_new_token() {
    const REGISTER: &str = "/api/v3/services/register_face/";
    let server = MockServer::start().await;
    let (first, second) = (jwt(300), jwt(600));
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access": first, "refresh": "r-1"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/accounts/token/obtain/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access": second, "refresh": "r-2"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/v3/accounts/token/refresh/"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access": second, "refresh": "r-2"})),
        )
        .mount(&server)
        .await;
    Mock::given(path(REGISTER))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"detail": "Given token not valid for any token type"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(REGISTER))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": TASK_ID})))
        .mount(&server)
        .await;
    let client =
        progeny::Client::with_password(BaseUrl::parse(&server.uri()).unwrap(), "user", "pw")
            .unwrap();
    let face = FaceImage::from_bytes(FIXTURE_PNG).unwrap();
    let created = client
        .register_face(&progeny::RegisterFaceUpload::new(face))
        .await
        .unwrap();
    assert_eq!(created.id.to_string(), TASK_ID);
    let sent = requests_to(&server, REGISTER).await;
    let used: Vec<String> = sent.iter().map(|r| header(r, "authorization")).collect();
    assert_eq!(
        used,
        [format!("Bearer {first}"), format!("Bearer {second}")]
    );
    assert_eq!(sent[0].body, sent[1].body);
    assert!(sent[1].body.len() > FIXTURE_PNG.len(), "the image went in");
}
