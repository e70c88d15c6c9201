//! The mock remembers what the specs' `x-faceauth-state` marks declare, and answers each request
//! with the documented example its state calls for: Verisoul's flow end to end through the
//! typed client (enrol, verify the same face, another face, delete, verify again), each answer
//! asserted exactly as the documented example it is; what it holds seen and reset through the
//! admin surface and the Rust API; bounded, unchanged by a refused request (concurrent creates
//! of one key are tested on the store itself, `src/state.rs`);
//! `Prefer` on top of the state, and the stateless mock as it was.

use std::net::SocketAddr;

use faceauth_clients::verisoul::{self, types};
use faceauth_clients::{uuid, BaseUrl, HasOutcome, Vendor, Verdict};
use faceauth_mock::{MockOptions, RunningMock};
use faceauth_test_support::specs;
use serde_json::Value;

const SESSION_A: &str = "0007b793-ae5d-45a2-8d9f-4a5b573c3271";
const SESSION_B: &str = "1c9a2f31-7d0e-4a55-9b1e-3f2d4c5b6a79";

async fn running(options: MockOptions) -> RunningMock {
    let address: SocketAddr = "127.0.0.1:0".parse().unwrap();
    faceauth_mock::start_with(address, &[Vendor::Verisoul], options)
        .await
        .unwrap()
}

fn client(mock: &RunningMock) -> verisoul::Client {
    let base = BaseUrl::parse(&mock.base_url(Vendor::Verisoul)).unwrap();
    verisoul::Client::with_api_key(base, "key").unwrap()
}

fn session(id: &str) -> uuid::Uuid {
    id.parse().unwrap()
}

/// The documented example `name` of `operation`'s responses: its body.
fn documented(operation: &str, name: &str) -> Value {
    numbers_as_floats(
        specs::responses("verisoul", operation)
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{operation}: no example {name}"))
            .body,
    )
}

/// `value` as JSON, to compare with a documented example: numbers as the typed client holds them
/// (the spec's numbers are decoded as floats, so `0` and `0.0` are one value).
fn json(value: &impl serde::Serialize) -> Value {
    numbers_as_floats(serde_json::to_value(value).unwrap())
}

fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Verisoul's answer to verifying `account` with the face captured in session `session_id`.
async fn verified(
    client: &verisoul::Client,
    session_id: &str,
    account: &str,
) -> types::VerifyIdentityResponse {
    client
        .verify_identity_face_match(&types::VerifyIdentityRequest::new(
            session(session_id),
            account,
        ))
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test]
async fn verisoul_remembers_who_was_enrolled_with_which_face_until_deleted() {
    let mock = running(MockOptions::default()).await;
    let client = client(&mock);
    let account = "account-42";

    // Never enrolled: the account is not found, and a verification does not match.
    let error = client.get_account(account).await.unwrap_err();
    assert_eq!(
        json(&error_body(error)),
        documented("getAccount", "account_not_found")
    );
    let verify = |session_id| verified(&client, session_id, account);
    let not_enrolled = verify(SESSION_A).await;
    assert_eq!(
        json(&not_enrolled),
        documented("verifyIdentityFaceMatch", "success")
    );
    assert!(matches!(not_enrolled.verdict(), Verdict::Refused(_)));

    // Enrolled with the face of session A.
    let enrolled = client
        .enroll_face_match(&types::EnrollRequest::new(session(SESSION_A), account))
        .await
        .unwrap();
    assert_eq!(
        json(&enrolled.into_inner()),
        documented("enrollFaceMatch", "success")
    );
    let state = mock.state(Vendor::Verisoul).unwrap();
    assert_eq!(state.resources.len(), 1);
    assert_eq!(
        (
            state.resources[0].resource.as_str(),
            state.resources[0].key.as_str()
        ),
        ("account", account)
    );
    assert!(state.resources[0].has_face);

    // The same face matches; another does not.
    let same = verify(SESSION_A).await;
    assert_eq!(
        json(&same),
        documented("verifyIdentityFaceMatch", "same_person")
    );
    assert_eq!(same.verdict(), Verdict::Success);
    let other = verify(SESSION_B).await;
    assert_eq!(
        json(&other),
        documented("verifyIdentityFaceMatch", "success")
    );
    assert!(matches!(other.verdict(), Verdict::Refused(_)));

    // The account is there; deleting removes it; a second delete finds nothing.
    let found = client.get_account(account).await.unwrap();
    assert_eq!(
        json(&found.into_inner()),
        documented("getAccount", "account")
    );
    let deleted = client.delete_account(account).await.unwrap();
    assert_eq!(
        json(&deleted.into_inner()),
        documented("deleteAccount", "deleted")
    );
    let again = client.delete_account(account).await.unwrap_err();
    assert_eq!(
        json(&error_body(again)),
        documented("deleteAccount", "account_not_found")
    );
    let gone = client.get_account(account).await.unwrap_err();
    assert_eq!(
        json(&error_body(gone)),
        documented("getAccount", "account_not_found")
    );
    assert_eq!(
        verify(SESSION_A).await.verdict(),
        not_enrolled.verdict(),
        "no match once deleted"
    );
    assert_eq!(mock.state(Vendor::Verisoul).unwrap().resources, Vec::new());
}

/// The documented error body inside a typed error.
fn error_body<E: serde::Serialize + std::fmt::Debug>(error: faceauth_clients::Error<E>) -> E {
    match error {
        faceauth_clients::Error::Documented(body) => body.into_inner(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_admin_surface_shows_and_resets_the_state_and_is_apart_from_the_vendors() {
    let mock = running(MockOptions::default()).await;
    let client = client(&mock);
    client
        .enroll_face_match(&types::EnrollRequest::new(session(SESSION_A), "a-1"))
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let admin = |path: &str| format!("http://{}/__faceauth/{path}", mock.address());
    let get_state = || async {
        http.get(admin("state"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let shown = get_state().await;
    let digest = shown["verisoul"]["resources"][0]["face"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        digest.starts_with("face:") && digest.len() == 21,
        "{digest}"
    );
    assert_eq!(
        shown,
        serde_json::json!({"verisoul": {"resources": [{"resource": "account", "key": "a-1", "has_face": true, "face": digest}],
            "refused_at_cap": 0, "cap": faceauth_mock::DEFAULT_STATE_CAP}})
    );
    // The face itself (a session id here, an image for uploads) is never shown: a digest.
    assert!(!shown.to_string().contains(SESSION_A));
    // What is shown can be set again, and is then what the mock holds.
    assert_eq!(
        http.post(admin("reset")).send().await.unwrap().status(),
        204
    );
    let put = http.put(admin("state")).json(&shown).send().await.unwrap();
    assert_eq!(put.status(), 204);
    assert_eq!(get_state().await, shown);
    assert_eq!(http.get(admin("reset")).send().await.unwrap().status(), 405);
    assert_eq!(
        http.post(admin("reset")).send().await.unwrap().status(),
        204
    );
    assert_eq!(mock.state(Vendor::Verisoul).unwrap().resources, Vec::new());
    assert_eq!(
        http.get(admin("nothing")).send().await.unwrap().status(),
        404
    );
    // The Rust API does the same.
    client
        .enroll_face_match(&types::EnrollRequest::new(session(SESSION_A), "a-2"))
        .await
        .unwrap();
    assert_eq!(mock.state(Vendor::Verisoul).unwrap().resources.len(), 1);
    mock.reset_state();
    assert_eq!(mock.state(Vendor::Verisoul).unwrap().resources.len(), 0);
}

#[tokio::test]
async fn a_seeded_state_answers_as_if_its_requests_had_been_made_and_a_bad_seed_changes_nothing() {
    let mock = running(MockOptions::default()).await;
    let client = client(&mock);
    let seed: faceauth_mock::StateSeed = serde_json::from_value(serde_json::json!({
        "verisoul": {"resources": [{"resource": "account", "key": "seeded", "face_text": SESSION_B}]}
    }))
    .unwrap();
    mock.set_state(&seed).unwrap();
    let verify = |session_id| verified(&client, session_id, "seeded");
    assert_eq!(verify(SESSION_B).await.verdict(), Verdict::Success);
    assert!(matches!(
        verify(SESSION_A).await.verdict(),
        Verdict::Refused(_)
    ));

    // Refused, each for its reason, in one line naming the place; the state stays as it was.
    let http = reqwest::Client::new();
    let admin = format!("http://{}/__faceauth/state", mock.address());
    for (bad, says) in [
        (serde_json::json!({"verisoul": {"resources": [{"resource": "user", "key": "k"}]}}), "verisoul: resources[0]: `user` is no resource of this vendor (its spec declares account, session)"),
        (serde_json::json!({"acme": null}), "`acme` is no vendor this mock serves"),
        (serde_json::json!({"verisoul": {"resources": [{"resource": "account", "key": "k", "face": "face:12", "has_face": true}]}}), "verisoul: resources[0]: `face` is a digest as the mock shows it (face: and 16 hex digits)"),
        (serde_json::json!({"verisoul": {"resources": [{"resource": "account", "key": "k"}, {"resource": "account", "key": "k"}]}}), "verisoul: resources[1]: account `k` is given twice"),
        (serde_json::json!({"verisoul": {"resources": [{"resource": "account", "key": "k", "colour": "red"}]}}), "unknown field `colour`"),
    ] {
        let refused = http.put(&admin).json(&bad).send().await.unwrap();
        assert_eq!(refused.status(), 422, "{bad}");
        let body: Value = refused.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(says), "{error}");
        assert!(!error.contains('\n'));
    }
    let held = mock.state(Vendor::Verisoul).unwrap().resources;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].key, "seeded");

    // A vendor left out starts empty.
    mock.set_state(&faceauth_mock::StateSeed::new()).unwrap();
    assert_eq!(mock.state(Vendor::Verisoul).unwrap().resources, Vec::new());
}

#[test]
fn the_state_schema_takes_what_the_mock_takes_and_refuses_what_it_refuses() {
    let schema: Value = serde_json::from_str(faceauth_mock::STATE_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good = serde_json::json!({
        "signzy": {"resources": [{"resource": "user", "key": "user-42", "face_text": "https://example.com/a.jpg",
                                  "values": {"userName": "user-42", "enrollmentUrl": "https://signzy.app/x/y"}}]},
        "verisoul": {"resources": [{"resource": "account", "key": "a", "has_face": true, "face": "face:0123456789abcdef"}],
                     "refused_at_cap": 0, "cap": 10000},
        "progeny": null
    });
    assert!(validator.is_valid(&good));
    serde_json::from_value::<faceauth_mock::StateSeed>(good).unwrap();
    for bad in [
        serde_json::json!({"acme": null}),
        serde_json::json!({"verisoul": {"resources": [{"resource": "account"}]}}),
        serde_json::json!({"verisoul": {"resources": [{"resource": "account", "key": "k", "face": "f", "face_text": "t"}]}}),
        serde_json::json!({"verisoul": {"resources": [{"resource": "account", "key": "k", "task_done": true}]}}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
}

#[tokio::test]
async fn the_state_is_bounded_and_a_create_past_the_cap_is_refused_and_counted() {
    let mock = running(MockOptions::default().state_cap(2)).await;
    let client = client(&mock);
    let enroll = |account: &'static str| {
        let client = client.clone();
        async move {
            client
                .enroll_face_match(&types::EnrollRequest::new(session(SESSION_A), account))
                .await
        }
    };
    enroll("one").await.unwrap();
    enroll("two").await.unwrap();
    let full = enroll("three").await.unwrap_err();
    assert_eq!(full.status().map(|s| s.as_u16()), Some(507), "{full:?}");
    // An account already held is enrolled again: no room needed.
    enroll("one").await.unwrap();
    let state = mock.state(Vendor::Verisoul).unwrap();
    assert_eq!(state.resources.len(), 2);
    assert_eq!(state.refused_at_cap, 1);
}

#[tokio::test]
async fn a_refused_request_changes_nothing() {
    let mock =
        running(MockOptions::default().credential("verisoul=right-key".parse().unwrap())).await;
    let wrong = client(&mock); // sends "key"
    let refused = wrong
        .enroll_face_match(&types::EnrollRequest::new(session(SESSION_A), "a"))
        .await
        .unwrap_err();
    assert!(refused.is_credential_refused(), "{refused:?}");
    // An invalid body (no account_id) is refused before the state is looked at.
    let http = reqwest::Client::new();
    let invalid = http
        .post(format!(
            "{}/liveness/enroll",
            mock.base_url(Vendor::Verisoul)
        ))
        .header("x-api-key", "right-key")
        .json(&serde_json::json!({"session_id": SESSION_A}))
        .send()
        .await
        .unwrap();
    assert!(invalid.status().is_client_error(), "{}", invalid.status());
    assert_eq!(mock.state(Vendor::Verisoul).unwrap().resources, Vec::new());
}

#[tokio::test]
async fn prefer_still_chooses_and_the_stateless_mock_answers_as_it_always_did() {
    let mock = running(MockOptions::default()).await;
    let http = reqwest::Client::new();
    let url = format!("{}/account/nobody", mock.base_url(Vendor::Verisoul));
    // With Prefer, the documented answer named, whatever the state.
    let chosen = http
        .get(&url)
        .header("x-api-key", "key")
        .header("prefer", "example=account")
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 200);
    assert_eq!(
        numbers_as_floats(chosen.json::<Value>().await.unwrap()),
        documented("getAccount", "account")
    );
    let stateless = running(MockOptions::default().stateless(true)).await;
    assert_eq!(stateless.state(Vendor::Verisoul), None);
    let answer = client(&stateless).get_account("nobody").await.unwrap();
    assert_eq!(
        json(&answer.into_inner()),
        documented("getAccount", "account")
    );
}
