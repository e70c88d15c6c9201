//! Progeny's task polling: finishes, failures, a task that never finishes (the deadline error
//! carries the task id and polling resumes from it), unknown states and lookup errors.

use std::time::Duration;

use faceauth_clients::progeny::{self, PollError, PollOptions, TaskState};
use faceauth_clients::{BaseUrl, Error, FaceImage};
use faceauth_spec::EXAMPLE_FACE_PNG;
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TASK: &str = "58bf8a18-b10b-409d-91d6-fdd358408dff";

fn fast() -> PollOptions {
    PollOptions {
        interval: Duration::from_millis(5),
        backoff_percent: 150,
        max_interval: Duration::from_millis(20),
        deadline: Duration::from_millis(300),
    }
}

fn task(status: &str) -> Value {
    json!({"id": 2170, "status": status})
}

fn finished() -> Value {
    json!({"id": 2170, "status": "SUCCESS", "result": {"status": 200, "data": {"uuid": "d3da2b7a-b062-11ec-b3b9-0242ac190002"}}})
}

fn client(server: &MockServer) -> progeny::Client {
    progeny::Client::with_access_token(BaseUrl::parse(&server.uri()).unwrap(), "t").unwrap()
}

/// Answers the task lookup with `first` `times` times, then with `then` (status, body).
async fn task_answering(first: (u16, Value), times: u64, then: (u16, Value)) -> MockServer {
    let server = MockServer::start().await;
    let lookup = || {
        Mock::given(method("GET"))
            .and(path("/api/v3/services/task/"))
            .and(query_param("id", TASK))
    };
    lookup()
        .respond_with(ResponseTemplate::new(first.0).set_body_json(first.1))
        .up_to_n_times(times)
        .mount(&server)
        .await;
    lookup()
        .respond_with(ResponseTemplate::new(then.0).set_body_json(then.1))
        .mount(&server)
        .await;
    server
}

async fn lookups(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_running_task_is_polled_until_it_finishes() {
    let server = task_answering((200, task("PENDING")), 2, (200, finished())).await;
    let done = client(&server)
        .wait_for_task(TASK.parse().unwrap(), &fast())
        .await
        .unwrap();
    assert_eq!(done.status, "SUCCESS");
    assert_eq!(done.result.unwrap().status, 200);
    assert_eq!(lookups(&server).await, 3);
}

#[tokio::test]
async fn a_finished_task_answered_with_http_400_is_a_result_not_an_error() {
    let refused = json!({"id": 2165, "status": "SUCCESS", "result": {"status": 400,
        "data": {"liveness": {"result": false, "error": "Interpupillary distance is too small", "error_code": "FACE_TOO_SMALL"}},
        "issues": {"FACE_TOO_SMALL": "Interpupillary distance is too small"}}});
    let server = task_answering((200, task("STARTED")), 1, (400, refused)).await;
    let done = client(&server)
        .wait_for_task(TASK.parse().unwrap(), &fast())
        .await
        .unwrap();
    let result = done.result.unwrap();
    assert_eq!(result.status, 400);
    assert!(result.issues.unwrap().contains_key("FACE_TOO_SMALL"));
}

#[tokio::test]
async fn a_failed_task_ends_polling() {
    let server = task_answering((200, task("RETRY")), 1, (200, task("FAILURE"))).await;
    match client(&server)
        .wait_for_task(TASK.parse().unwrap(), &fast())
        .await
    {
        Err(PollError::TaskFailed(task)) => assert_eq!(task.status, "FAILURE"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_task_that_never_finishes_ends_at_the_deadline_with_its_id_and_can_be_resumed() {
    let server = task_answering((200, task("PENDING")), u64::MAX, (200, finished())).await;
    let client = client(&server);
    let id: Uuid = TASK.parse().unwrap();
    let error = client.wait_for_task(id, &fast()).await.unwrap_err();
    let PollError::Deadline {
        task_id,
        last_status,
        waited,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*task_id, id);
    assert_eq!(last_status.as_deref(), Some("PENDING"));
    assert!(*waited >= fast().deadline);
    assert!(
        error.to_string().contains(TASK),
        "the message names the task: {error}"
    );
    let polled = lookups(&server).await;
    assert!(polled >= 3, "polled {polled} times");

    // The task finishes later: polling resumes from the id.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(finished()))
        .mount(&server)
        .await;
    let done = client.wait_for_task(*task_id, &fast()).await.unwrap();
    assert_eq!(done.status, "SUCCESS");
}

#[tokio::test]
async fn an_unknown_state_is_polled_like_a_running_one() {
    assert_eq!(
        TaskState::of("QUEUED_FOR_REVIEW"),
        TaskState::Unknown("QUEUED_FOR_REVIEW".into())
    );
    let server = task_answering((200, task("QUEUED_FOR_REVIEW")), 2, (200, finished())).await;
    let done = client(&server)
        .wait_for_task(TASK.parse().unwrap(), &fast())
        .await
        .unwrap();
    assert_eq!(done.status, "SUCCESS");
}

#[tokio::test]
async fn a_lookup_error_keeps_its_evidence() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>down</html>"))
        .mount(&server)
        .await;
    let options = PollOptions { ..fast() };
    let client = client(&server)
        .with_options(faceauth_clients::ClientOptions {
            retry: faceauth_clients::RetryPolicy::none(),
            ..Default::default()
        })
        .unwrap();
    match client.wait_for_task(TASK.parse().unwrap(), &options).await {
        Err(PollError::Lookup {
            task_id,
            error: Error::UndocumentedStatus(evidence),
        }) => {
            assert_eq!(task_id.to_string(), TASK);
            assert_eq!(evidence.status.as_u16(), 500);
            assert!(evidence.body_excerpt.contains("down"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn register_face_and_wait_submits_then_polls() {
    let server = task_answering((200, task("PENDING")), 1, (200, finished())).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/services/register_face/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": TASK})))
        .mount(&server)
        .await;
    let image = FaceImage::from_bytes(EXAMPLE_FACE_PNG).unwrap();
    let done = client(&server)
        .register_face_and_wait(&progeny::RegisterFaceUpload::new(image), &fast())
        .await
        .unwrap();
    let uuid = done.result.unwrap().data.unwrap().uuid.unwrap();
    assert_eq!(uuid.to_string(), "d3da2b7a-b062-11ec-b3b9-0242ac190002");
}
