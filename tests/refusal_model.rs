//! One refusal model for all four vendors: whatever the vendor and the status that carried it,
//! the same accessors answer "was it refused, with which code, and was it the credential" the
//! same way. Each vendor is served, by a local server, a documented refusal (from its spec), a
//! wrong credential of every kind it takes (a static key or token; a login, password or signed
//! token request the vendor refuses), a rate limit and an undocumented status, and each answer is
//! read through the same four accessors: `kind()`, `is_refused()`, `is_credential_refused()` and
//! `refusal().code`. The requests each server received are counted.

use faceauth_clients::{
    advance, progeny, signzy, uuid, verisoul, BaseUrl, ClientOptions, Credential, Error, ErrorKind,
    HasOutcome, RetryPolicy, Vendor,
};
use faceauth_test_support::specs;
use serde_json::{json, Value};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the accessors say of an error: its kind, whether it is a refusal, whether of the
/// credential, and the vendor's code.
#[derive(Debug, PartialEq, Eq)]
struct Answers {
    kind: ErrorKind,
    refused: bool,
    credential: bool,
    code: Option<String>,
}

fn answers<E: HasOutcome>(error: &Error<E>) -> Answers {
    Answers {
        kind: error.kind(),
        refused: error.is_refused(),
        credential: error.is_credential_refused(),
        code: error.refusal().and_then(|refusal| refusal.code),
    }
}

fn answers_of(kind: ErrorKind, refused: bool, credential: bool, code: Option<&str>) -> Answers {
    Answers {
        kind,
        refused,
        credential,
        code: code.map(str::to_owned),
    }
}

/// The documented example `name` of `operation`: (status, body).
fn example(vendor: Vendor, operation: &str, name: &str) -> (u16, Value) {
    specs::responses(vendor.name(), operation)
        .into_iter()
        .find(|r| r.name == name)
        .map(|r| (r.status, r.body))
        .unwrap_or_else(|| panic!("{vendor} {operation}: no example {name}"))
}

/// A server that answers the token path (if any) with `token` and everything else with `call`.
async fn serving(
    token: Option<(&str, ResponseTemplate)>,
    call: ResponseTemplate,
) -> (MockServer, BaseUrl) {
    let server = MockServer::start().await;
    if let Some((token_path, answer)) = token {
        Mock::given(path(token_path))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    Mock::given(any()).respond_with(call).mount(&server).await;
    let base = BaseUrl::parse(&server.uri()).unwrap();
    (server, base)
}

fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn no_retries() -> ClientOptions {
    ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

/// One call of `vendor` with `credential` against `base`, read through the accessors.
async fn call(vendor: Vendor, base: BaseUrl, credential: &Credential) -> Answers {
    match vendor {
        Vendor::Signzy => {
            let client = signzy::Client::with_credential(base, credential).unwrap();
            let client = client.with_options(no_retries()).unwrap();
            let request =
                signzy::types::EnrollRequest::new("acme", "https://example.com/f.jpg", "u");
            answers(&client.enroll(&request).await.unwrap_err())
        }
        Vendor::Verisoul => {
            let client = verisoul::Client::with_credential(base, credential).unwrap();
            let client = client.with_options(no_retries()).unwrap();
            let session: uuid::Uuid = "0007b793-ae5d-45a2-8d9f-4a5b573c3271".parse().unwrap();
            let request = verisoul::types::EnrollRequest::new(session, "a");
            answers(&client.enroll_face_match(&request).await.unwrap_err())
        }
        Vendor::Advance => {
            let client = advance::Client::with_credential(base, credential).unwrap();
            let client = client.with_options(no_retries()).unwrap();
            let request = advance::types::SaveEnrollRequest::new(
                "https://example.com/f.jpg",
                "u",
                advance::types::SaveEnrollRequestRegion::new("PHL").unwrap(),
            );
            answers(&client.save_enroll(&request).await.unwrap_err())
        }
        Vendor::Progeny => {
            let client = progeny::Client::with_credential(base, credential).unwrap();
            let client = client.with_options(no_retries()).unwrap();
            let task: uuid::Uuid = "d3da2b7a-b062-11ec-b3b9-0242ac190002".parse().unwrap();
            let query = progeny::types::GetTaskQuery::new(task);
            answers(&client.get_task(&query).await.unwrap_err())
        }
    }
}

fn static_key() -> Credential {
    Credential::Static("wrong-key".into())
}

#[tokio::test]
async fn a_documented_refusal_reads_the_same_for_every_vendor() {
    // (vendor, operation the call makes, its documented refusal, the vendor's code in it)
    let cases = [
        (Vendor::Signzy, "enroll", "already_registered", Some("422")),
        (
            Vendor::Verisoul,
            "enrollFaceMatch",
            "session_not_found",
            Some("session_not_found"),
        ),
        // In HTTP 200: the same error as every other vendor's refusal.
        (
            Vendor::Advance,
            "saveEnroll",
            "parameter_error",
            Some("PARAMETER_ERROR"),
        ),
        (
            Vendor::Progeny,
            "getTask",
            "face_too_small",
            Some("FACE_TOO_SMALL"),
        ),
    ];
    for (vendor, operation, name, code) in cases {
        let (status, body) = example(vendor, operation, name);
        let (server, base) = serving(None, json_answer(status, &body)).await;
        assert_eq!(
            call(vendor, base, &static_key()).await,
            answers_of(ErrorKind::Documented, true, false, code),
            "{vendor} {name}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_wrong_static_key_or_token_is_a_refused_credential_for_every_vendor() {
    // How each vendor refuses a key or token it does not accept: 401 (documented by Progeny,
    // undocumented elsewhere), and ADVANCE.AI's IAM_FAILED in an HTTP 200.
    let progeny_401 = example(Vendor::Progeny, "obtainToken", "no_active_account").1;
    let cases = [
        (
            Vendor::Signzy,
            json_answer(401, &json!({"error": "unauthorized"})),
            ErrorKind::UndocumentedStatus,
            None,
        ),
        (
            Vendor::Verisoul,
            json_answer(401, &json!({"message": "Unauthorized"})),
            ErrorKind::UndocumentedStatus,
            None,
        ),
        (
            Vendor::Advance,
            json_answer(
                200,
                &json!({"code": "IAM_FAILED", "message": "token expired", "data": null,
                    "extra": null, "transactionId": "t", "pricingStrategy": "FREE"}),
            ),
            ErrorKind::Documented,
            Some("IAM_FAILED"),
        ),
        (
            Vendor::Progeny,
            json_answer(401, &progeny_401),
            ErrorKind::UndocumentedStatus,
            None,
        ),
    ];
    for (vendor, answer, kind, code) in cases {
        let (server, base) = serving(None, answer).await;
        assert_eq!(
            call(vendor, base, &static_key()).await,
            answers_of(kind, true, true, code),
            "{vendor}"
        );
        // A static credential is not replaced: sent once.
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{vendor}"
        );
    }
}

#[tokio::test]
async fn a_login_password_or_signature_the_vendor_refuses_is_a_refused_credential() {
    let secret = || faceauth_clients::Secret::from("wrong".to_owned());
    // (vendor, the credential, the token path, its refusal, the vendor's code in it)
    let signature_error = example(Vendor::Advance, "generateToken", "signature_error").1;
    let no_account = example(Vendor::Progeny, "obtainToken", "no_active_account").1;
    let cases = [
        (
            Vendor::Signzy,
            Credential::Login {
                customer_name: "acme".into(),
                password: secret(),
            },
            "/api/v1/basic/login",
            json_answer(401, &json!({"error": {"message": "login failed"}})),
            None,
        ),
        (
            Vendor::Advance,
            Credential::AccessKey {
                access_key: secret(),
                secret_key: secret(),
            },
            "/openapi/auth/ticket/v1/generate-token",
            json_answer(200, &signature_error),
            Some("PARAMETER_ERROR"),
        ),
        (
            Vendor::Progeny,
            Credential::Password {
                username: "user".into(),
                password: secret(),
            },
            "/api/v3/accounts/token/obtain/",
            json_answer(401, &no_account),
            None,
        ),
    ];
    for (vendor, credential, token_path, refusal, code) in cases {
        let (server, base) = serving(
            Some((token_path, refusal)),
            json_answer(500, &json!({"never": "reached"})),
        )
        .await;
        assert_eq!(
            call(vendor, base, &credential).await,
            answers_of(ErrorKind::Credential, true, true, code),
            "{vendor}"
        );
        // The token request only: the call itself was never sent.
        let sent = server.received_requests().await.unwrap();
        assert_eq!(sent.len(), 1, "{vendor}");
        assert_eq!(sent[0].url.path(), token_path, "{vendor}");
    }
    // Verisoul takes an API key only: nothing to obtain.
    assert!(verisoul::Client::with_credential(
        BaseUrl::parse("http://127.0.0.1:9").unwrap(),
        &Credential::Password {
            username: "u".into(),
            password: secret(),
        }
    )
    .is_err());
}

#[tokio::test]
async fn a_rate_limit_and_an_undocumented_status_are_no_refusal_for_any_vendor() {
    for vendor in Vendor::ALL {
        let (server, base) = serving(None, ResponseTemplate::new(429)).await;
        assert_eq!(
            call(vendor, base, &static_key()).await,
            answers_of(ErrorKind::RateLimited, false, false, None),
            "{vendor}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1);

        let (server, base) =
            serving(None, ResponseTemplate::new(418).set_body_string("teapot")).await;
        assert_eq!(
            call(vendor, base, &static_key()).await,
            answers_of(ErrorKind::UndocumentedStatus, false, false, None),
            "{vendor}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}
