//! The mock as an application's test loop meets it: credentials it refuses (`--credential`), the
//! tokens its token calls issue and their expiry, undocumented body properties accepted and named
//! (refused with `--strict`), and the vendors' own answers to bad requests. Each vendor through its
//! typed client, as an application would call it, and through raw requests where the point is
//! what the mock answers on the wire.

use std::net::SocketAddr;
use std::time::Duration;

use faceauth_clients::{
    advance, progeny, signzy, verisoul, BaseUrl, Credential, Error, FaceImage, HasOutcome,
    RetryPolicy, Vendor,
};
use faceauth_conformance::EXAMPLE_FACE_PNG;
use faceauth_mock::{self, MockOptions, RunningMock, EXTRA_PROPERTIES_HEADER, MOCK_HEADER};
use serde_json::{json, Value};

const SESSION: &str = "0007b793-ae5d-45a2-8d9f-4a5b573c3271";

async fn start(vendor: Vendor, options: MockOptions) -> RunningMock {
    let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
    faceauth_mock::start_with(any_port, &[vendor], options)
        .await
        .unwrap()
}

fn with(credential: &str) -> MockOptions {
    MockOptions::default().credential(credential.parse().unwrap())
}

fn base(running: &RunningMock, vendor: Vendor) -> BaseUrl {
    BaseUrl::parse(&running.base_url(vendor)).unwrap()
}

/// Nothing retried: each refusal is the mock's first answer.
fn no_retries() -> faceauth_clients::ClientOptions {
    faceauth_clients::ClientOptions {
        retry: RetryPolicy::none(),
        ..Default::default()
    }
}

fn enroll() -> verisoul::types::EnrollRequest {
    verisoul::types::EnrollRequest::new(
        SESSION.parse::<faceauth_clients::uuid::Uuid>().unwrap(),
        "account-42",
    )
}

fn mock_header<E>(error: &Error<E>) -> Option<String> {
    match error {
        Error::UndocumentedStatus(evidence) => evidence.header(MOCK_HEADER).map(str::to_owned),
        _ => None,
    }
}

/// Sends `body` as JSON to `path` under the vendor's base URL with one header set.
/// Milliseconds since the epoch, now.
fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn post_json(
    running: &RunningMock,
    vendor: Vendor,
    path: &str,
    header: (&str, &str),
    body: &Value,
) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", running.base_url(vendor)))
        .header(header.0, header.1)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn verisoul_refuses_any_key_but_the_one_given_and_the_client_reports_it() {
    let running = start(Vendor::Verisoul, with("verisoul=right-key")).await;
    let right =
        verisoul::Client::with_api_key(base(&running, Vendor::Verisoul), "right-key").unwrap();
    assert!(right.enroll_face_match(&enroll()).await.unwrap().success);

    let wrong = verisoul::Client::with_api_key(base(&running, Vendor::Verisoul), "wrong-key")
        .unwrap()
        .with_options(no_retries())
        .unwrap();
    let error = wrong.enroll_face_match(&enroll()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error:?}");
    assert_eq!(mock_header(&error).as_deref(), Some("credential refused"));
    let Error::UndocumentedStatus(evidence) = &error else {
        unreachable!()
    };
    assert!(
        evidence.body_excerpt.contains("x-api-key"),
        "{}",
        evidence.body_excerpt
    );
    assert!(!evidence.body_excerpt.contains("wrong-key"));
    assert!(!evidence.body_excerpt.contains("right-key"));

    // Without the option, any key is accepted, as the mock always did.
    let open = start(Vendor::Verisoul, MockOptions::default()).await;
    let any = verisoul::Client::with_api_key(base(&open, Vendor::Verisoul), "wrong-key").unwrap();
    assert!(any.enroll_face_match(&enroll()).await.unwrap().success);
}

#[tokio::test]
async fn signzy_logs_in_only_with_the_right_password_and_accepts_only_tokens_it_issued() {
    let running = start(Vendor::Signzy, with("signzy=acme:pw")).await;
    let user = signzy::types::CreateUserRequest::new("acme", "user-42");

    let right = signzy::Client::with_login(base(&running, Vendor::Signzy), "acme", "pw").unwrap();
    right.create_user(&user).await.unwrap();

    let wrong_password =
        signzy::Client::with_login(base(&running, Vendor::Signzy), "acme", "not-pw")
            .unwrap()
            .with_options(no_retries())
            .unwrap();
    match wrong_password.create_user(&user).await {
        Err(Error::Credential(refused)) => {
            assert_eq!(refused.vendor(), Vendor::Signzy);
            let text = format!("{refused} {refused:?}");
            assert!(text.contains("401"), "{text}");
            assert!(!text.contains("not-pw"), "{text}");
        }
        other => panic!("{other:?}"),
    }

    let forged = signzy::Client::with_credential(
        base(&running, Vendor::Signzy),
        &Credential::Static("a-token-nobody-issued".into()),
    )
    .unwrap()
    .with_options(no_retries())
    .unwrap();
    let error = forged.create_user(&user).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error:?}");
    assert_eq!(mock_header(&error).as_deref(), Some("credential refused"));

    // On the wire: the login's token works until logout, then it is refused.
    let login = post_json(
        &running,
        Vendor::Signzy,
        "/api/v1/basic/login",
        ("content-type", "application/json"),
        &json!({"customerName": "acme", "password": "pw"}),
    )
    .await;
    assert_eq!(login.status(), 200);
    let token = login.json::<Value>().await.unwrap()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        token.len(),
        64,
        "a fresh random token, not the documented one"
    );
    let with_token = signzy::Client::with_credential(
        base(&running, Vendor::Signzy),
        &Credential::Static(token.clone().into()),
    )
    .unwrap()
    .with_options(no_retries())
    .unwrap();
    with_token.create_user(&user).await.unwrap();
    let logout = post_json(
        &running,
        Vendor::Signzy,
        "/api/v1/basic/logout",
        ("content-type", "application/json"),
        &json!({"customerName": "acme", "accessToken": token}),
    )
    .await;
    assert_eq!(logout.status(), 200);
    let error = with_token.create_user(&user).await.unwrap_err();
    assert_eq!(mock_header(&error).as_deref(), Some("credential refused"));
}

#[tokio::test]
async fn signzy_tokens_expire_after_the_test_lifetime_and_the_client_logs_in_again() {
    let running = start(
        Vendor::Signzy,
        with("signzy=acme:pw").token_ttl(Duration::from_secs(1)),
    )
    .await;
    let login_body = json!({"customerName": "acme", "password": "pw"});
    let login = post_json(
        &running,
        Vendor::Signzy,
        "/api/v1/basic/login",
        ("content-type", "application/json"),
        &login_body,
    )
    .await;
    let token = login.json::<Value>().await.unwrap()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = signzy::types::CreateUserRequest::new("acme", "user-42");
    let with_token = signzy::Client::with_credential(
        base(&running, Vendor::Signzy),
        &Credential::Static(token.into()),
    )
    .unwrap()
    .with_options(no_retries())
    .unwrap();
    with_token.create_user(&user).await.unwrap();
    // Lifetimes are whole seconds rounded up: two seconds are past any one-second token.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let error = with_token.create_user(&user).await.unwrap_err();
    assert_eq!(mock_header(&error).as_deref(), Some("credential refused"));
    let Error::UndocumentedStatus(evidence) = &error else {
        unreachable!()
    };
    assert!(
        evidence.body_excerpt.contains("has expired"),
        "{}",
        evidence.body_excerpt
    );

    // A client that logs in replaces the rejected token by itself.
    let client = signzy::Client::with_login(base(&running, Vendor::Signzy), "acme", "pw").unwrap();
    client.create_user(&user).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    client.create_user(&user).await.unwrap();
}

#[tokio::test]
async fn advance_checks_the_signature_and_answers_iam_failed_for_a_token_it_did_not_issue() {
    let running = start(Vendor::Advance, with("advance=access-1:secret-1")).await;
    let region = || advance::types::SaveEnrollRequestRegion::new("PHL").unwrap();
    let request =
        advance::types::SaveEnrollRequest::new("https://example.com/face.jpg", "user-42", region());

    let right =
        advance::Client::with_access_key(base(&running, Vendor::Advance), "access-1", "secret-1")
            .unwrap();
    let saved = right.save_enroll(&request).await.unwrap();
    assert_eq!(saved.code().as_deref(), Some("SUCCESS"));

    let wrong_secret =
        advance::Client::with_access_key(base(&running, Vendor::Advance), "access-1", "secret-2")
            .unwrap()
            .with_options(no_retries())
            .unwrap();
    match wrong_secret.save_enroll(&request).await {
        Err(Error::Credential(refused)) => {
            let text = format!("{refused}");
            // The documented answer to a wrong signature, as the token call's refusal.
            assert!(text.contains("Signature error"), "{text}");
            assert!(!text.contains("secret-"), "{text}");
        }
        other => panic!("{other:?}"),
    }

    // On the wire: an unknown access key and a forged token are IAM_FAILED, as documented.
    let unknown_key = post_json(
        &running,
        Vendor::Advance,
        "/openapi/auth/ticket/v1/generate-token",
        ("content-type", "application/json"),
        &json!({"accessKey": "access-9", "signature": "00", "timestamp": now_millis()}),
    )
    .await;
    assert_eq!(unknown_key.status(), 200);
    assert_eq!(
        unknown_key.headers()[MOCK_HEADER].to_str().unwrap(),
        "credential refused"
    );
    let body: Value = unknown_key.json().await.unwrap();
    assert_eq!(body["code"], "IAM_FAILED");
    assert_eq!(body["message"], "Access Key not found or expired");

    let forged = advance::Client::with_credential(
        base(&running, Vendor::Advance),
        &Credential::Static("a-token-nobody-issued".into()),
    )
    .unwrap()
    .with_options(no_retries())
    .unwrap();
    let answer = forged.save_enroll(&request).await;
    let code = match &answer {
        Ok(saved) => saved.code(),
        Err(error) => error.code(),
    };
    assert_eq!(code.as_deref(), Some("IAM_FAILED"), "{answer:?}");
}

#[tokio::test]
async fn advance_tokens_live_their_period_second_at_most_the_test_lifetime() {
    let running = start(
        Vendor::Advance,
        with("advance=access-1:secret-1").token_ttl(Duration::from_secs(1)),
    )
    .await;
    let timestamp = now_millis();
    let token_call = post_json(
        &running,
        Vendor::Advance,
        "/openapi/auth/ticket/v1/generate-token",
        ("content-type", "application/json"),
        &json!({
            "accessKey": "access-1",
            "signature": advance::token_signature("access-1", "secret-1", timestamp),
            "timestamp": timestamp,
            "periodSecond": 3600,
        }),
    )
    .await;
    let body: Value = token_call.json().await.unwrap();
    assert_eq!(body["code"], "SUCCESS", "{body}");
    let token = body["data"]["token"].as_str().unwrap().to_owned();
    let expires_ms = body["data"]["expiredTime"].as_u64().unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    assert!(
        expires_ms > now_ms && expires_ms <= now_ms + 2_000,
        "the test lifetime, not periodSecond: {expires_ms} vs now {now_ms}"
    );
    let request = advance::types::SaveEnrollRequest::new(
        "https://example.com/face.jpg",
        "user-42",
        advance::types::SaveEnrollRequestRegion::new("PHL").unwrap(),
    );
    let send = || async {
        let answer = reqwest::Client::new()
            .post(format!(
                "{}/intl/openapi/identity-risk/idvs-h5/ekyc/v1/face-authentication/enroll",
                running.base_url(Vendor::Advance)
            ))
            .header("x-access-token", &token)
            .json(&request)
            .send()
            .await
            .unwrap();
        answer.json::<Value>().await.unwrap()["code"].clone()
    };
    assert_eq!(send().await, "SUCCESS");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(send().await, "IAM_FAILED");
}

#[tokio::test]
async fn progeny_issues_a_token_pair_for_the_right_password_only() {
    let running = start(Vendor::Progeny, with("progeny=user:pw")).await;
    let face = FaceImage::from_bytes(EXAMPLE_FACE_PNG).unwrap();

    let right =
        progeny::Client::with_password(base(&running, Vendor::Progeny), "user", "pw").unwrap();
    right
        .register_face(&progeny::RegisterFaceUpload::new(face.clone()))
        .await
        .unwrap();

    let wrong = progeny::Client::with_password(base(&running, Vendor::Progeny), "user", "nope")
        .unwrap()
        .with_options(no_retries())
        .unwrap();
    match wrong
        .register_face(&progeny::RegisterFaceUpload::new(face.clone()))
        .await
    {
        Err(Error::Credential(refused)) => {
            let text = format!("{refused} {refused:?}");
            // Progeny's documented 401 for a wrong password.
            assert!(text.contains("No active account"), "{text}");
            assert!(!text.contains("nope"), "{text}");
        }
        other => panic!("{other:?}"),
    }

    let forged = progeny::Client::with_credential(
        base(&running, Vendor::Progeny),
        &Credential::Static("a-token-nobody-issued".into()),
    )
    .unwrap()
    .with_options(no_retries())
    .unwrap();
    let error = forged
        .register_face(&progeny::RegisterFaceUpload::new(face.clone()))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error:?}");
    assert_eq!(mock_header(&error).as_deref(), Some("credential refused"));

    // On the wire: the pair's refresh token gets a new pair; an unknown one is refused.
    let client = reqwest::Client::new();
    let obtain = client
        .post(format!(
            "{}/api/v3/accounts/token/obtain/",
            running.base_url(Vendor::Progeny)
        ))
        .multipart(
            reqwest::multipart::Form::new()
                .text("username", "user")
                .text("password", "pw"),
        )
        .send()
        .await
        .unwrap();
    let pair: Value = obtain.json().await.unwrap();
    let refresh = |token: String| {
        client
            .post(format!(
                "{}/api/v3/accounts/token/refresh/",
                running.base_url(Vendor::Progeny)
            ))
            .multipart(reqwest::multipart::Form::new().text("refresh", token))
            .send()
    };
    let renewed = refresh(pair["refresh"].as_str().unwrap().to_owned())
        .await
        .unwrap();
    assert_eq!(renewed.status(), 200);
    let renewed: Value = renewed.json().await.unwrap();
    assert_ne!(renewed["access"], pair["access"]);
    let refused = refresh("not-a-refresh-token".to_owned()).await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        refused.headers()[MOCK_HEADER].to_str().unwrap(),
        "credential refused"
    );
}

#[tokio::test]
async fn undocumented_body_properties_are_accepted_and_named_unless_strict() {
    let body = json!({"session_id": SESSION, "account_id": "a", "note": "hi", "extra,id": 1});
    let lenient = start(Vendor::Verisoul, MockOptions::default()).await;
    let answer = post_json(
        &lenient,
        Vendor::Verisoul,
        "/liveness/enroll",
        ("x-api-key", "k"),
        &body,
    )
    .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()[EXTRA_PROPERTIES_HEADER].to_str().unwrap(),
        "/extra%2Cid, /note"
    );
    // A body that lists nothing undocumented carries no such header.
    let plain = post_json(
        &lenient,
        Vendor::Verisoul,
        "/liveness/enroll",
        ("x-api-key", "k"),
        &json!({"session_id": SESSION, "account_id": "a"}),
    )
    .await;
    assert_eq!(plain.status(), 200);
    assert!(!plain.headers().contains_key(EXTRA_PROPERTIES_HEADER));

    let strict = start(Vendor::Verisoul, MockOptions::default().strict(true)).await;
    let refused = post_json(
        &strict,
        Vendor::Verisoul,
        "/liveness/enroll",
        ("x-api-key", "k"),
        &body,
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        refused.headers()[MOCK_HEADER].to_str().unwrap(),
        "invalid request"
    );
    let problem: Value = refused.json().await.unwrap();
    let violations = problem["violations"].to_string();
    assert!(violations.contains("note"), "{violations}");
    assert!(violations.contains("extra,id"), "{violations}");
}

#[tokio::test]
async fn undocumented_form_fields_are_accepted_and_named_unless_strict() {
    let form = || {
        reqwest::multipart::Form::new()
            .part(
                "image",
                reqwest::multipart::Part::bytes(EXAMPLE_FACE_PNG)
                    .file_name("face.png")
                    .mime_str("image/png")
                    .unwrap(),
            )
            .text("typo_extend_data", "true")
    };
    let send = |running: &RunningMock| {
        reqwest::Client::new()
            .post(format!(
                "{}/api/v3/services/register_face/",
                running.base_url(Vendor::Progeny)
            ))
            .header("authorization", "Bearer t")
            .multipart(form())
            .send()
    };
    let lenient = start(Vendor::Progeny, MockOptions::default()).await;
    let answer = send(&lenient).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()[EXTRA_PROPERTIES_HEADER].to_str().unwrap(),
        "/typo_extend_data"
    );
    let strict = start(Vendor::Progeny, MockOptions::default().strict(true)).await;
    let refused = send(&strict).await.unwrap();
    // Progeny documents its answer to an invalid upload: that, not the mock's 422.
    assert_eq!(refused.status(), 400);
    assert_eq!(
        refused.headers()["x-faceauth-mock-example"]
            .to_str()
            .unwrap(),
        "not_a_file"
    );
}

#[tokio::test]
async fn an_invalid_request_gets_the_vendors_documented_answer_where_there_is_one() {
    let running = faceauth_mock::start(
        "127.0.0.1:0".parse().unwrap(),
        &[Vendor::Advance, Vendor::Progeny, Vendor::Verisoul],
    )
    .await
    .unwrap();
    let example = |answer: &reqwest::Response| {
        answer.headers()["x-faceauth-mock-example"]
            .to_str()
            .unwrap()
            .to_owned()
    };

    // ADVANCE.AI: a missing field is its PARAMETER_ERROR "Parameter should not be empty"; a wrong
    // type its "Parameter error".
    let enroll = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/face-authentication/enroll";
    let missing = post_json(
        &running,
        Vendor::Advance,
        enroll,
        ("x-access-token", "t"),
        &json!({"userId": "u", "region": "PHL"}),
    )
    .await;
    assert_eq!(missing.status(), 200);
    assert_eq!(example(&missing), "parameter_error_empty");
    let wrong_type = post_json(
        &running,
        Vendor::Advance,
        enroll,
        ("x-access-token", "t"),
        &json!({"userId": 42, "region": "PHL", "faceImage": "https://example.com/f.jpg"}),
    )
    .await;
    assert_eq!(example(&wrong_type), "parameter_error");
    assert_eq!(
        wrong_type.json::<Value>().await.unwrap()["code"],
        "PARAMETER_ERROR"
    );

    // Progeny's token call without a password: its documented 400 naming the field.
    let no_password = reqwest::Client::new()
        .post(format!(
            "{}/api/v3/accounts/token/obtain/",
            running.base_url(Vendor::Progeny)
        ))
        .multipart(reqwest::multipart::Form::new().text("username", "user"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_password.status(), 400);
    assert_eq!(example(&no_password), "password_missing");

    // Verisoul's redirect without project_id: its documented 400.
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!(
            "{}/public/liveness-redirect",
            running.base_url(Vendor::Verisoul)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), 400);
    assert_eq!(example(&redirect), "missing_project_id");

    // Where the vendor documents nothing for a bad request: the mock's own 422, marked.
    let bad = post_json(
        &running,
        Vendor::Verisoul,
        "/liveness/enroll",
        ("x-api-key", "k"),
        &json!({"session_id": "not-a-uuid", "account_id": "a"}),
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        bad.headers()[MOCK_HEADER].to_str().unwrap(),
        "invalid request"
    );
}

/// ADVANCE.AI's token call takes a timestamp within 300 seconds of the current time (the spec's
/// `x-faceauth-timestamp-window`): a correctly signed request from 2001, or one five minutes
/// and a second old or ahead, is answered with the documented "Timestamp error", so that a
/// signature cannot be replayed; one inside the window gets a token.
#[tokio::test]
async fn advance_refuses_a_signed_token_request_outside_the_timestamp_window() {
    let running = start(Vendor::Advance, with("advance=access-1:secret-1")).await;
    let token_call = |timestamp: i64| {
        let running = &running;
        async move {
            let answer = post_json(
                running,
                Vendor::Advance,
                "/openapi/auth/ticket/v1/generate-token",
                ("content-type", "application/json"),
                &json!({
                    "accessKey": "access-1",
                    "signature": advance::token_signature("access-1", "secret-1", timestamp),
                    "timestamp": timestamp,
                }),
            )
            .await;
            let marked = answer
                .headers()
                .get(MOCK_HEADER)
                .map(|v| v.to_str().unwrap().to_owned());
            (marked, answer.json::<Value>().await.unwrap())
        }
    };
    let now = now_millis();
    for stale in [978_307_200_000, now - 301_000, now + 301_000] {
        let (marked, body) = token_call(stale).await;
        assert_eq!(marked.as_deref(), Some("timestamp refused"), "{stale}");
        assert_eq!(
            body,
            json!({"code": "PARAMETER_ERROR", "message": "Timestamp error", "data": null,
                   "extra": null, "transactionId": "a9c2a6c199ad5db5", "pricingStrategy": "FREE"}),
            "{stale}"
        );
    }
    for fresh in [now - 290_000, now, now + 290_000] {
        let (_, body) = token_call(fresh).await;
        assert_eq!(body["code"], "SUCCESS", "{fresh}: {body}");
    }
}

/// The mock writes each answer's headers into the map its request came in (hyper reads the next
/// request into it): an answer carries its documented headers and the mock's own, never one of
/// the request's, the credential least of all; on one kept-alive connection, request after
/// request, whichever answer comes.
#[tokio::test]
async fn an_answer_carries_its_own_headers_never_the_requests() {
    let running = start(Vendor::Verisoul, MockOptions::default()).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let enrol = json!({"session_id": SESSION, "account_id": "headers-account"});
    let sent = [
        ("x-api-key", "secret-key-1"),
        ("x-request-secret", "do-not-echo"),
        ("cookie", "session=do-not-echo"),
        ("prefer", "code=400"),
    ];
    let mut answered = Vec::new();
    for (round, prefer) in [false, false, true, false].into_iter().enumerate() {
        let mut request = client
            .post(format!(
                "{}/liveness/enroll",
                running.base_url(Vendor::Verisoul)
            ))
            .json(&enrol);
        for (name, value) in &sent[..3] {
            request = request.header(*name, *value);
        }
        if prefer {
            request = request.header(sent[3].0, sent[3].1);
        }
        let answer = request.send().await.unwrap();
        let mut names: Vec<String> = answer
            .headers()
            .keys()
            .map(|name| name.to_string())
            .collect();
        names.sort();
        for (name, value) in answer.headers() {
            let value = value.to_str().unwrap();
            assert!(
                sent.iter().all(|(_, secret)| !value.contains(secret)),
                "round {round}: {name}: {value}"
            );
        }
        answered.push((answer.status().as_u16(), names));
    }
    let own = |mock: bool| {
        let mut names = vec![
            "content-length",
            "content-type",
            "date",
            "x-faceauth-mock-example",
        ];
        if mock {
            names.push("x-faceauth-mock");
        }
        names.sort();
        names.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    // Chosen by the state (enrolled, then enrolled again), by `Prefer` (its 400), by the state.
    assert_eq!(
        answered,
        [
            (200, own(true)),
            (200, own(true)),
            (400, own(false)),
            (200, own(true))
        ]
    );
}
