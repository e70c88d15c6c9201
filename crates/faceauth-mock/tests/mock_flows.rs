//! Each vendor's documented flow end to end through the typed clients against the stateful mock,
//! without a `Prefer` header: enrol, verify the same face (match), another face (no match), enrol
//! again (the duplicate answer), delete, verify again (not enrolled); Progeny's tasks polled from
//! pending to done; the reserved test faces. Every answer is asserted exactly: the documented
//! example, with the values the mock puts in it (what the request sent, what it issued), or the
//! answer the spec's state mark writes out where the vendor documents none. (Verisoul's flow is
//! in `mock_state.rs`, with the admin surface.)

use std::net::SocketAddr;
use std::time::Duration;

use faceauth_clients::{BaseUrl, FaceImage, HasOutcome, Vendor, Verdict};
use faceauth_mock::{MockOptions, RunningMock, TEST_FACES};
use faceauth_test_support::specs::{self, same_json};
use serde_json::{json, Value};

async fn running(vendor: Vendor, options: MockOptions) -> RunningMock {
    let address: SocketAddr = "127.0.0.1:0".parse().unwrap();
    faceauth_mock::start_with(address, &[vendor], options)
        .await
        .unwrap()
}

fn base(mock: &RunningMock, vendor: Vendor) -> BaseUrl {
    BaseUrl::parse(&mock.base_url(vendor)).unwrap()
}

/// Asserts that `actual` (a typed value) is the JSON document `expected`.
#[track_caller]
fn assert_is(actual: &impl serde::Serialize, expected: &Value) {
    let actual = serde_json::to_value(actual).unwrap();
    if let Err(difference) = same_json(expected, &actual) {
        panic!("{difference}\nexpected {expected:#}\nactual {actual:#}");
    }
}

/// `body` with `value` at each JSON pointer.
fn with(mut body: Value, values: &[(&str, Value)]) -> Value {
    for (pointer, value) in values {
        *body
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in the documented body")) = value.clone();
    }
    body
}

/// The body of the vendor's documented refusal an error carries.
fn refusal_body<E: serde::Serialize + std::fmt::Debug>(error: faceauth_clients::Error<E>) -> Value {
    match error {
        faceauth_clients::Error::Documented(body) => {
            serde_json::to_value(body.into_inner()).unwrap()
        }
        other => panic!("not a documented refusal: {other:?}"),
    }
}

/// A small PNG that stands for one person's face: `n` sets its one grey level, so two values of
/// `n` are two faces.
fn face(n: u8) -> FaceImage {
    FaceImage::from_bytes(png(n)).unwrap()
}

fn png(n: u8) -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    png.extend(b"IHDR");
    png.extend(256u32.to_be_bytes());
    png.extend(256u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, n, 0, 0, 0]);
    png
}

mod signzy_flow {
    use super::*;
    use faceauth_clients::signzy::{self, types::*};

    const CUSTOMER: &str = "acme";
    const USER: &str = "user-42";
    const FACE: &str = "https://example.com/faces/ada-enrolment.jpg";
    const OTHER_FACE: &str = "https://example.com/faces/someone-else.jpg";

    #[tokio::test]
    async fn a_user_is_created_enrolled_told_apart_and_forgotten() {
        let mock = running(Vendor::Signzy, MockOptions::default()).await;
        let client =
            signzy::Client::with_login(base(&mock, Vendor::Signzy), CUSTOMER, "password").unwrap();
        let authenticate = |url: &'static str| {
            let client = client.clone();
            async move {
                client
                    .authenticate(&AuthenticateRequest::new(CUSTOMER, USER, url))
                    .await
            }
        };
        let not_authenticated = with(
            specs::example("signzy", "authenticate", "not_authenticated"),
            &[("/error/userName", json!(USER))],
        );

        // Never created: no face to match.
        let error = authenticate(FACE).await.unwrap_err();
        assert!(error.is_refused());
        assert_is(&refusal_body(error), &not_authenticated);

        // Created: a fresh enrolment URL, made like the documented one.
        let created = client
            .create_user(
                &CreateUserRequest::new(CUSTOMER, USER)
                    .full_name("Ada Lovelace")
                    .email_id("ada@example.com"),
            )
            .await
            .unwrap()
            .into_inner();
        let documented = specs::example("signzy", "createUser", "created");
        let documented_url = documented["enrollmentUrl"].as_str().unwrap();
        let url = created.enrollment_url.clone();
        assert_ne!(url, documented_url, "fresh");
        let prefix = &documented_url[..documented_url.rfind('/').unwrap() + 1];
        assert!(url.starts_with(prefix), "{url}");
        assert_eq!(url.len(), documented_url.len());
        assert_is(
            &created,
            &with(documented, &[("/enrollmentUrl", json!(url))]),
        );

        // Enrolled through that URL, with a face.
        let enrolled = client
            .enroll(&EnrollRequest::new(CUSTOMER, FACE, url.clone()))
            .await
            .unwrap()
            .into_inner();
        assert_is(
            &enrolled,
            &with(
                specs::example("signzy", "enroll", "success"),
                &[("/userName", json!(USER))],
            ),
        );

        // The same face matches; another does not.
        let same = authenticate(FACE).await.unwrap().into_inner();
        assert_is(
            &same,
            &with(
                specs::example("signzy", "authenticate", "success"),
                &[("/userName", json!(USER))],
            ),
        );
        assert_eq!(same.verdict(), Verdict::Success);
        let other = authenticate(OTHER_FACE).await.unwrap_err();
        assert_eq!(other.refusal().and_then(|r| r.code).as_deref(), Some("422"));
        assert_is(&refusal_body(other), &not_authenticated);

        // Enrolled again: the documented duplicate answer.
        let again = client
            .enroll(&EnrollRequest::new(CUSTOMER, FACE, url.clone()))
            .await
            .unwrap_err();
        assert_is(
            &refusal_body(again),
            &with(
                specs::example("signzy", "enroll", "already_registered"),
                &[("/error/userName", json!(USER))],
            ),
        );

        // The details are what was sent and issued.
        let details = client
            .user_details(&UserRef::new(CUSTOMER, USER))
            .await
            .unwrap()
            .into_inner();
        assert_is(
            &details,
            &with(
                specs::example("signzy", "userDetails", "details"),
                &[
                    ("/userName", json!(USER)),
                    ("/fullName", json!("Ada Lovelace")),
                    ("/emailId", json!("ada@example.com")),
                    ("/enrollmentUrl", json!(url)),
                ],
            ),
        );

        // Deleted: the face goes with the user, and the URL names no one.
        let deleted = client
            .delete_user(&UserRef::new(CUSTOMER, USER))
            .await
            .unwrap()
            .into_inner();
        assert_is(&deleted, &specs::example("signzy", "deleteUser", "deleted"));
        let error = authenticate(FACE).await.unwrap_err();
        assert_is(&refusal_body(error), &not_authenticated);
        let error = client
            .enroll(&EnrollRequest::new(CUSTOMER, FACE, url.clone()))
            .await
            .unwrap_err();
        let (status, written) = specs::written_answer("signzy", "enroll", "absent");
        assert_eq!(status, 400);
        assert_is(&refusal_body(error), &written);
        let error = client
            .user_details(&UserRef::new(CUSTOMER, USER))
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{error}");
        assert_eq!(mock.state(Vendor::Signzy).unwrap().resources, vec![]);
    }
}

mod signzy_search_spaces_and_settings {
    use super::*;
    use faceauth_clients::signzy::{self, types::*};

    #[tokio::test]
    async fn a_search_space_holds_its_members_and_the_settings_are_the_last_sent() {
        let mock = running(Vendor::Signzy, MockOptions::default()).await;
        let client =
            signzy::Client::with_login(base(&mock, Vendor::Signzy), "acme", "password").unwrap();
        let space = SearchSpaceRef::new("acme", "staff");
        let error = client.view_search_space(&space).await.unwrap_err();
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(404),
            "never stored"
        );
        let stored = client
            .create_search_space(&SearchSpaceRequest::new(
                "acme",
                "staff",
                vec!["ada".to_owned(), "eve".to_owned()],
            ))
            .await
            .unwrap()
            .into_inner();
        assert_is(
            &stored,
            &specs::example("signzy", "createSearchSpace", "stored"),
        );
        let members = client.view_search_space(&space).await.unwrap().into_inner();
        assert_is(
            &members,
            &with(
                specs::example("signzy", "viewSearchSpace", "members"),
                &[("/data", json!(["ada", "eve"]))],
            ),
        );
        let deleted = client
            .delete_search_space(&space)
            .await
            .unwrap()
            .into_inner();
        assert_is(
            &deleted,
            &specs::example("signzy", "deleteSearchSpace", "deleted"),
        );
        assert!(client.view_search_space(&space).await.is_err(), "deleted");

        // Never changed: the vendor's defaults, as documented; then what was sent.
        let customer = CustomerRef::new("acme");
        let defaults = client.view_settings(&customer).await.unwrap().into_inner();
        let documented = specs::example("signzy", "viewSettings", "settings");
        assert_is(
            &defaults,
            &with(documented.clone(), &[("/customerName", json!("acme"))]),
        );
        client
            .change_settings(&ChangeSettingsRequest::new("acme").threshold("0.8"))
            .await
            .unwrap();
        let changed = client.view_settings(&customer).await.unwrap().into_inner();
        assert_is(
            &changed,
            &with(
                documented,
                &[
                    ("/customerName", json!("acme")),
                    ("/Threshold", json!("0.8")),
                ],
            ),
        );
    }
}

mod advance_flow {
    use super::*;
    use faceauth_clients::advance::{self, types::*, CompareFacesUpload};
    use faceauth_clients::EncodedImage;

    const USER: &str = "user-42";

    fn encoded(n: u8) -> EncodedImage {
        EncodedImage::from_image(&face(n), &advance::IMAGE_RULES).unwrap()
    }

    #[tokio::test]
    async fn an_enrolment_is_kept_read_and_deleted_and_each_session_gets_its_signature() {
        let mock = running(Vendor::Advance, MockOptions::default()).await;
        let client =
            advance::Client::with_access_key(base(&mock, Vendor::Advance), "access", "secret")
                .unwrap();
        let user = UserIdRequest::new(USER);
        let (_, not_enrolled) = specs::written_answer("advance", "getEnroll", "absent");

        // Never enrolled: the in-body refusal the mark writes out.
        let error = client.get_enroll(&user).await.unwrap_err();
        assert_eq!(
            error.refusal().and_then(|r| r.code).as_deref(),
            Some("PARAMETER_ERROR")
        );
        assert_is(&refusal_body(error), &not_enrolled);

        let region = SaveEnrollRequestRegion::new("PHL").unwrap();
        let saved = client
            .save_enroll(&SaveEnrollRequest::new(encoded(1), USER, region))
            .await
            .unwrap()
            .into_inner();
        assert_is(&saved, &specs::example("advance", "saveEnroll", "success"));
        let read = client.get_enroll(&user).await.unwrap().into_inner();
        assert_is(
            &read,
            &with(
                specs::example("advance", "getEnroll", "success"),
                &[("/data/userId", json!(USER))],
            ),
        );

        // Each hosted page gets a fresh signature id, which getResult knows.
        let page = GenerateUrlRequest::new(
            "https://example.com/done",
            USER,
            GenerateUrlRequestRegion::new("PHL").unwrap(),
        );
        let signature = |link: GenerateUrlResponse| link.data.unwrap().signature_id;
        let first = signature(
            client
                .generate_face_authentication_url(&page)
                .await
                .unwrap()
                .into_inner(),
        );
        let second = signature(
            client
                .generate_face_authentication_url(&page)
                .await
                .unwrap()
                .into_inner(),
        );
        assert_ne!(first, second);
        assert_ne!(first, "f302f5d2454a85c2", "fresh, not the documented one");
        assert_eq!(first.len(), "f302f5d2454a85c2".len());
        let result = client
            .get_result(&GetResultRequest::new(first.clone()))
            .await
            .unwrap()
            .into_inner();
        assert_is(
            &result,
            &with(
                specs::example("advance", "getResult", "pass"),
                &[("/data/signatureId", json!(first))],
            ),
        );
        let unknown = client
            .get_result(&GetResultRequest::new("0123456789abcdef"))
            .await
            .unwrap_err();
        assert_is(
            &refusal_body(unknown),
            &specs::example("advance", "getResult", "signature_not_exist"),
        );

        // Deleted: read again, it is not enrolled; deleted again, the documented refusal.
        let deleted = client.delete_enroll(&user).await.unwrap().into_inner();
        assert_is(
            &deleted,
            &specs::example("advance", "deleteEnroll", "success"),
        );
        let error = client.get_enroll(&user).await.unwrap_err();
        assert_is(&refusal_body(error), &not_enrolled);
        let error = client.delete_enroll(&user).await.unwrap_err();
        assert_is(
            &refusal_body(error),
            &specs::example("advance", "deleteEnroll", "user_id_invalid"),
        );
    }

    #[tokio::test]
    async fn two_images_are_compared_as_faces_and_the_no_face_test_face_finds_none() {
        let mock = running(Vendor::Advance, MockOptions::default()).await;
        let client =
            advance::Client::with_access_key(base(&mock, Vendor::Advance), "access", "secret")
                .unwrap();
        let compare = |first: FaceImage, second: FaceImage| {
            let client = client.clone();
            async move {
                client
                    .compare_faces(&CompareFacesUpload::new(first, second))
                    .await
            }
        };
        let same = compare(face(1), face(1)).await.unwrap().into_inner();
        assert_is(&same, &specs::example("advance", "compareFaces", "success"));
        let other = compare(face(1), face(2)).await.unwrap().into_inner();
        let (_, written) = specs::written_answer("advance", "compareFaces", "other-face");
        assert_is(&other, &written);
        assert!(
            other.data.unwrap().similarity < 55.0,
            "rejected by the vendor's guidance"
        );

        let no_face = FaceImage::from_bytes(TEST_FACES[0].bytes.to_vec()).unwrap();
        assert_eq!(TEST_FACES[0].name, "no-face");
        let error = compare(no_face.clone(), face(1)).await.unwrap_err();
        assert_is(
            &refusal_body(error),
            &specs::example("advance", "compareFaces", "no_face_first"),
        );
        let error = compare(face(1), no_face).await.unwrap_err();
        assert_is(
            &refusal_body(error),
            &specs::example("advance", "compareFaces", "no_face_second"),
        );
        // Comparing remembers nothing.
        assert_eq!(mock.state(Vendor::Advance).unwrap().resources, vec![]);
    }
}

mod progeny_flow {
    use super::*;
    use faceauth_clients::progeny::{
        self, types, AuthenticateFaceUpload, FaceLivenessUpload, PollOptions, RegisterFaceUpload,
    };

    fn quick_polls() -> PollOptions {
        PollOptions {
            interval: Duration::from_millis(5),
            max_interval: Duration::from_millis(20),
            ..PollOptions::default()
        }
    }

    fn client(mock: &RunningMock) -> progeny::Client {
        progeny::Client::with_password(base(mock, Vendor::Progeny), "username", "password").unwrap()
    }

    async fn task(
        client: &progeny::Client,
        id: &str,
    ) -> Result<types::Task, faceauth_clients::Error<types::Task>> {
        client
            .get_task(&types::GetTaskQuery::new(
                id.parse::<faceauth_clients::uuid::Uuid>().unwrap(),
            ))
            .await
            .map(|task| task.into_inner())
    }

    #[tokio::test]
    async fn a_registration_is_pending_for_the_configured_polls_then_issues_a_uuid_that_authenticates_only_its_face(
    ) {
        let mock = running(
            Vendor::Progeny,
            MockOptions::default().task_progress(2, Duration::ZERO),
        )
        .await;
        let client = client(&mock);
        let created = client
            .register_face(&RegisterFaceUpload::new(face(1)))
            .await
            .unwrap()
            .into_inner();
        let documented = specs::example("progeny", "registerFace", "task_created");
        assert_ne!(created.id.to_string(), documented["id"], "a fresh task id");
        assert_is(&created, &with(documented, &[("/id", json!(created.id))]));

        // Pending for two polls, as configured, then done.
        let id = created.id.to_string();
        let (_, pending) = specs::written_answer("progeny", "getTask", "pending");
        for _ in 0..2 {
            let polled = task(&client, &id).await.unwrap();
            assert_is(&polled, &pending);
            assert_eq!(polled.verdict(), Verdict::Pending);
        }
        let registered = task(&client, &id).await.unwrap();
        let uuid = registered
            .result
            .as_ref()
            .and_then(|r| r.data.as_ref())
            .and_then(|d| d.uuid)
            .unwrap();
        let documented = specs::example("progeny", "getTask", "registered");
        assert_ne!(
            json!(uuid),
            documented["result"]["data"]["uuid"],
            "a fresh uuid"
        );
        assert_is(
            &registered,
            &with(documented, &[("/result/data/uuid", json!(uuid))]),
        );

        // The registered face authenticates; another does not; an unknown uuid does not.
        let authenticate = |image: FaceImage, uuid: String| {
            let client = client.clone();
            async move {
                let created = client
                    .authenticate_face(&AuthenticateFaceUpload::new(image, uuid))
                    .await
                    .unwrap()
                    .into_inner();
                client
                    .wait_for_task(created.id, &quick_polls())
                    .await
                    .unwrap()
            }
        };
        let same = authenticate(face(1), uuid.to_string()).await;
        assert_is(
            &same,
            &specs::example("progeny", "getTask", "authenticated"),
        );
        assert_eq!(same.verdict(), Verdict::Success);
        let other = authenticate(face(2), uuid.to_string()).await;
        let (_, no_match) = specs::written_answer("progeny", "authenticateFace", "other-face");
        assert_is(&other, &no_match);
        assert!(matches!(other.verdict(), Verdict::Refused(_)));
        let unknown =
            authenticate(face(1), "d3da2b7a-b062-11ec-b3b9-0242ac190002".to_owned()).await;
        let (_, absent) = specs::written_answer("progeny", "authenticateFace", "absent");
        assert_is(&unknown, &absent);

        // A task id the mock never issued.
        let error = task(&client, "00000000-0000-4000-8000-000000000000")
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    }

    #[tokio::test]
    async fn the_test_faces_get_the_documented_failures_and_register_nothing() {
        let mock = running(
            Vendor::Progeny,
            MockOptions::default().task_progress(0, Duration::ZERO),
        )
        .await;
        let client = client(&mock);
        let test_face = |name: &str| {
            let face = TEST_FACES.iter().find(|f| f.name == name).unwrap();
            FaceImage::from_bytes(face.bytes.to_vec()).unwrap()
        };
        let registered = client
            .register_face_and_wait(
                &RegisterFaceUpload::new(test_face("no-face")),
                &quick_polls(),
            )
            .await
            .unwrap();
        assert_is(
            &registered,
            &specs::example("progeny", "getTask", "face_not_found"),
        );
        assert_eq!(
            registered.refusal().and_then(|r| r.code).as_deref(),
            Some("FACE_NOT_FOUND")
        );
        let created = client
            .face_liveness(&FaceLivenessUpload::new(test_face("small-face")))
            .await
            .unwrap()
            .into_inner();
        let error = task(&client, &created.id.to_string()).await.unwrap_err();
        assert_is(
            &refusal_body(error),
            &specs::example("progeny", "getTask", "liveness_face_too_small"),
        );
        let live = client
            .face_liveness(&FaceLivenessUpload::new(face(3)))
            .await
            .unwrap()
            .into_inner();
        let live = client.wait_for_task(live.id, &quick_polls()).await.unwrap();
        assert_is(&live, &specs::example("progeny", "getTask", "live"));
        // Tasks only: no face was registered.
        let state = mock.state(Vendor::Progeny).unwrap();
        assert_eq!(
            state
                .resources
                .iter()
                .map(|r| r.resource.as_str())
                .collect::<Vec<_>>(),
            vec!["task", "task", "task"]
        );
    }
}
