//! `faceauth mock`, driven as a process: the base URLs it prints, documented examples served to a
//! client that is not ours, each kind of bad request refused and named, multipart uploads.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use faceauth_clients::Vendor;
use serde_json::{json, Value};
use support::*;

/// `faceauth mock` on a free port; killed on drop.
struct MockProcess {
    child: Child,
    base_urls: Vec<(String, String)>,
}

impl MockProcess {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(FACEAUTH)
            .arg("mock")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("faceauth mock starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let expected = match args.iter().filter(|a| **a == "--vendor").count() {
            0 => 4,
            named => named,
        };
        let base_urls = (0..expected)
            .map(|_| {
                let line = lines.next().unwrap().unwrap();
                let (vendor, url) = line.split_once(' ').unwrap();
                (vendor.to_owned(), url.to_owned())
            })
            .collect();
        Self { child, base_urls }
    }

    fn url(&self, vendor: &str) -> &str {
        &self.base_urls.iter().find(|(v, _)| v == vendor).unwrap().1
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn mock_prints_each_vendors_base_url() {
    let mock = MockProcess::start(&["--port", "0"]);
    let names: Vec<&str> = mock.base_urls.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(names, ["signzy", "verisoul", "advance", "progeny"]);
    for (vendor, url) in &mock.base_urls {
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with(&format!("/{vendor}")),
            "{url}"
        );
    }
}

#[tokio::test]
async fn mock_serves_documented_examples_to_a_client_that_is_not_ours() {
    let mock = MockProcess::start(&["--vendor", "verisoul"]);
    let http = plain_http_client();
    let enroll = format!("{}/liveness/enroll", mock.url("verisoul"));
    let valid = json!({"session_id": SESSION, "account_id": "a-1"});

    let ok = http
        .post(&enroll)
        .header("x-api-key", "k")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.json::<Value>().await.unwrap(),
        json!({"request_id": "8757569c-61e6-454b-afc9-59232e861496", "success": true})
    );

    let by_code = http
        .post(&enroll)
        .header("x-api-key", "k")
        .header("prefer", "code=400")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(by_code.status(), 400);
    assert_eq!(
        by_code.json::<Value>().await.unwrap()["error"],
        "session_not_found"
    );

    let by_name = http
        .post(&enroll)
        .header("x-api-key", "k")
        .header("prefer", "example=session_not_found")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), 400);

    let unknown = http
        .post(&enroll)
        .header("x-api-key", "k")
        .header("prefer", "code=503")
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422);
}

#[tokio::test]
async fn mock_rejects_each_kind_of_bad_request_naming_the_violation() {
    let mock = MockProcess::start(&["--vendor", "verisoul"]);
    let http = plain_http_client();
    let enroll = format!("{}/liveness/enroll", mock.url("verisoul"));
    let send = |body: String, content_type: &'static str, key: bool| {
        let mut request = http
            .post(&enroll)
            .header("content-type", content_type)
            .body(body);
        if key {
            request = request.header("x-api-key", "k");
        }
        async move {
            let response = request.send().await.unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    };
    let valid = json!({"session_id": SESSION, "account_id": "a-1"}).to_string();

    let (status, body) = send(
        json!({"session_id": SESSION}).to_string(),
        "application/json",
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["violations"][0]
            .as_str()
            .unwrap()
            .contains("\"account_id\" is a required property"),
        "{body}"
    );

    let (status, body) = send(
        json!({"session_id": 42, "account_id": "a"}).to_string(),
        "application/json",
        true,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["violations"][0]
            .as_str()
            .unwrap()
            .contains("/session_id"),
        "{body}"
    );

    let (status, body) = send(valid.clone(), "application/json", false).await;
    assert_eq!(status, 401);
    assert!(
        body["error"].as_str().unwrap().contains("x-api-key"),
        "{body}"
    );

    let (status, body) = send(valid, "text/plain", true).await;
    assert_eq!(status, 422);
    assert!(
        body["violations"][0]
            .as_str()
            .unwrap()
            .contains("content type"),
        "{body}"
    );
}

#[tokio::test]
async fn mock_takes_progeny_multipart_uploads_and_task_lookups() {
    let mock = MockProcess::start(&["--vendor", "progeny"]);
    let http = plain_http_client();
    let base = mock.url("progeny");
    let png = faceauth_conformance::EXAMPLE_FACE_PNG.to_vec();
    let form = reqwest::multipart::Form::new()
        .part(
            "image",
            reqwest::multipart::Part::bytes(png)
                .file_name("face.png")
                .mime_str("image/png")
                .unwrap(),
        )
        .text("extend_data", "false");
    let created = http
        .post(format!("{base}/api/v3/services/register_face/"))
        .bearer_auth("t")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let task_id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The task the mock started answers PENDING to its first poll (--task-polls 1), then its
    // result, which issues the registered face a uuid.
    let poll = || {
        http.get(format!("{base}/api/v3/services/task/"))
            .query(&[("id", task_id.as_str())])
            .bearer_auth("t")
            .send()
    };
    let pending = poll().await.unwrap();
    assert_eq!(pending.status(), 200);
    assert_eq!(
        pending.json::<Value>().await.unwrap(),
        serde_json::json!({"id": 2170, "status": "PENDING"})
    );
    let task = poll().await.unwrap();
    assert_eq!(task.status(), 200);
    let task = task.json::<Value>().await.unwrap();
    assert_eq!(task["status"], "SUCCESS");
    assert!(task["result"]["data"]["uuid"].is_string(), "{task}");

    // A text part where the image file belongs.
    let not_a_file = reqwest::multipart::Form::new().text("image", "selfie.png");
    let refused = http
        .post(format!("{base}/api/v3/services/register_face/"))
        .bearer_auth("t")
        .multipart(not_a_file)
        .send()
        .await
        .unwrap();
    assert!(refused.status().is_client_error());
}

/// An application's HTTP client with one `Prefer` header for every request it sends.
fn preferring(prefer: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", prefer.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// An application testing its refusal path against the mock sets `Prefer` on its own HTTP
/// client: the preference reaches the call it is meant for, not the login that comes first (an
/// unscoped preference skips the operations sent without credential; `for=` scopes one to a
/// single operation), and the typed client reports the documented refusal.
#[tokio::test]
async fn prefer_picks_the_calls_answer_without_touching_the_login() {
    use faceauth_clients::signzy::{self, types::UserRef};
    use faceauth_clients::{BaseUrl, Error};
    let mock = MockProcess::start(&["--port", "0", "--vendor", "signzy"]);
    let base = BaseUrl::parse(mock.url("signzy")).unwrap();
    // Unscoped: the login is served its success, the enrolment its documented 400.
    let client = signzy::Client::with_login(base.clone(), "acme", "password")
        .unwrap()
        .with_http_client(preferring("code=400"));
    let request = signzy::types::EnrollRequest::new("acme", "https://x/f.jpg", "https://x/e");
    match client.enroll(&request).await {
        Err(error @ Error::Documented(_)) => {
            assert_eq!(error.code().as_deref(), Some("422"), "{error}");
        }
        other => panic!("expected the documented refusal, got {other:?}"),
    }
    // Scoped to another operation: this call gets its default success.
    let client = signzy::Client::with_login(base.clone(), "acme", "password")
        .unwrap()
        .with_http_client(preferring("code=400; for=authenticate"));
    assert!(client.enroll(&request).await.is_ok());
    // Scoped to the login: the preference reaches it (Signzy's login documents no 400, so the
    // mock refuses it), and the call that needed the token fails as a credential error.
    let client = signzy::Client::with_login(base, "acme", "password")
        .unwrap()
        .with_http_client(preferring("code=400; for=login"));
    let deleted = client.delete_user(&UserRef::new("acme", "u")).await;
    assert!(matches!(deleted, Err(Error::Credential(_))), "{deleted:?}");
}

/// The mock says which documented example it served, and verify-identity answers the positive
/// path for the face the account was enrolled with (the vendor's `match: false` example on
/// request).
#[tokio::test]
async fn the_mock_names_the_example_it_served() {
    let mock = MockProcess::start(&["--port", "0", "--vendor", "verisoul"]);
    let url = format!("{}/liveness/verify-identity", mock.url("verisoul"));
    let body = json!({"session_id": SESSION, "account_id": "a"});
    let http = plain_http_client();
    let enrolled = http
        .post(format!("{}/liveness/enroll", mock.url("verisoul")))
        .header("x-api-key", "k")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(enrolled.headers()["x-faceauth-mock-example"], "success");
    for (prefer, example, matched) in [
        (None, "same_person", true),
        (Some("example=success"), "success", false),
    ] {
        let mut request = http.post(&url).header("x-api-key", "k").json(&body);
        if let Some(prefer) = prefer {
            request = request.header("prefer", prefer);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["x-faceauth-mock-example"],
            example,
            "{prefer:?}"
        );
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["match"], matched);
    }
}

/// A file part of the conformance fixture, named as a client names it.
fn fixture_part(file_name: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(faceauth_conformance::EXAMPLE_FACE_PNG.to_vec())
        .file_name(file_name.to_owned())
        .mime_str("image/png")
        .unwrap()
}

#[tokio::test]
async fn mock_takes_advance_forms_with_two_files_and_names_what_is_wrong() {
    let mock = MockProcess::start(&["--vendor", "advance"]);
    let http = plain_http_client();
    let compare = format!("{}/openapi/face-recognition/v4/check", mock.url("advance"));
    let post = |form: reqwest::multipart::Form| {
        http.post(&compare)
            .header("x-access-token", "t")
            .multipart(form)
            .send()
    };

    let both = reqwest::multipart::Form::new()
        .part("firstImage", fixture_part("first.png"))
        .part("secondImage", fixture_part("second.png"));
    let answered = post(both).await.unwrap();
    assert_eq!(answered.status(), 200);
    let body: Value = answered.json().await.unwrap();
    // The operation's first documented success, verbatim.
    assert_eq!(body, documented_success(Vendor::Advance, "compareFaces"));

    let one = reqwest::multipart::Form::new().part("firstImage", fixture_part("first.png"));
    let refused = post(one).await.unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["violations"],
        json!(["form field `secondImage` is missing"]),
        "{body}"
    );

    // A number part that is not a number (face search's topK).
    let search = format!("{}/intl/openapi/face-search/search", mock.url("advance"));
    let form = reqwest::multipart::Form::new()
        .text("faceSetId", "1")
        .part("faceImage", fixture_part("face.png"))
        .text("topK", "twenty");
    let refused = http
        .post(&search)
        .header("x-access-token", "t")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["violations"],
        json!(["form field `topK` must be an integer"]),
        "{body}"
    );
}

#[tokio::test]
async fn mock_with_a_credential_refuses_other_keys_and_strict_refuses_extra_fields() {
    let mock = MockProcess::start(&[
        "--vendor",
        "verisoul",
        "--credential",
        "verisoul=right-key",
        "--strict",
    ]);
    let enroll = format!("{}/liveness/enroll", mock.url("verisoul"));
    let send = |key: &'static str, body: Value| {
        plain_http_client()
            .post(&enroll)
            .header("x-api-key", key)
            .json(&body)
            .send()
    };
    let body = json!({"session_id": SESSION, "account_id": "a"});
    let wrong = send("wrong-key", body.clone()).await.unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.headers()["x-faceauth-mock"], "credential refused");
    assert!(!wrong.text().await.unwrap().contains("wrong-key"));
    assert_eq!(send("right-key", body).await.unwrap().status(), 200);
    let extra = json!({"session_id": SESSION, "account_id": "a", "acount_id": "typo"});
    let refused = send("right-key", extra).await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("acount_id"));
}

#[test]
fn a_bad_credential_option_is_refused_in_one_line_without_its_value() {
    for (args, says) in [
        (
            &["--credential", "nosuchvendor=secretvalue1"][..],
            "unknown vendor",
        ),
        (
            &["--credential", "secretvalue1"][..],
            "expected VENDOR=VALUE",
        ),
        (&["--credential", "progeny=user:"][..], "needs both parts"),
        (
            &[
                "--vendor",
                "signzy",
                "--credential",
                "verisoul=secretvalue1",
            ][..],
            "does not serve",
        ),
        (&["--token-ttl", "0"][..], "--token-ttl"),
    ] {
        let output = Command::new(FACEAUTH)
            .arg("mock")
            .args(["--port", "0"])
            .args(args)
            .output()
            .unwrap();
        assert_usage_error(&output, says);
        assert!(stdout(&output).is_empty(), "nothing served: {args:?}");
        assert!(
            !stderr(&output).contains("secretvalue1"),
            "{}",
            stderr(&output)
        );
    }
}

/// CPU time (user and system, in clock ticks) a process has used, from /proc.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: state is field 3, utime 14 and stime 15.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// With no descriptor left (64 at most, and 100 clients that connect and send nothing), the
/// mock's accept loop waits instead of retrying at once: it used to spin a core. The idle
/// clients are closed after --header-read-timeout and a valid request is then answered.
///
/// Not a timed test of speed: a spinning loop uses the whole window's CPU (about 150 ticks in
/// 1.5 s), a waiting one next to none; the bound sits far from both.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn mock_out_of_descriptors_waits_instead_of_spinning_and_recovers() {
    let mut child = Command::new("sh")
        .args([
            "-c",
            "ulimit -n 64 && exec \"$0\" mock --vendor verisoul --port 0 --header-read-timeout 2",
            FACEAUTH,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let line = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .next()
        .unwrap()
        .unwrap();
    let url = line.split_once(' ').unwrap().1.to_owned();
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches("/verisoul")
        .to_owned();
    let idle: Vec<std::net::TcpStream> = (0..100)
        .map(|_| std::net::TcpStream::connect(&address).unwrap())
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before = cpu_ticks(child.id());
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let used = cpu_ticks(child.id()) - before;
    assert!(
        used < 40,
        "the mock used {used} ticks of CPU in 1.5 s with no descriptor left"
    );
    // The idle clients are closed by the mock after the header timeout; a valid request waits
    // its turn and is answered.
    let answered = plain_http_client()
        .post(format!("{url}/liveness/enroll"))
        .header("x-api-key", "k")
        .json(&json!({"session_id": SESSION, "account_id": "a-1"}))
        .timeout(std::time::Duration::from_secs(60))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);
    drop(idle);
    let _ = child.kill();
    let _ = child.wait();
}

/// `faceauth mock --list-examples` prints every documented answer a test can choose with
/// `Prefer` (one line each, under a header) and serves nothing; `--vendor` narrows it.
#[test]
fn mock_lists_every_documented_answer_and_serves_nothing() {
    let list = |args: &[&str]| {
        let output = Command::new(FACEAUTH)
            .args(["mock", "--list-examples"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).unwrap()
    };
    let all = list(&[]);
    let built: Vec<&str> = Vendor::built().map(Vendor::name).collect();
    let (responses, _) = example_counts::response_outcomes(&built);
    assert_eq!(all.lines().count(), responses + 1, "{all}");
    let words = |line: &str| {
        line.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words(all.lines().next().unwrap()),
        ["vendor", "operation", "status", "example", "summary"]
    );
    assert!(
        all.lines()
            .any(|l| words(l)[..4] == ["advance", "saveEnroll", "200", "parameter_error"]),
        "{all}"
    );
    let verisoul = list(&["--vendor", "verisoul"]);
    let (verisoul_responses, _) = example_counts::response_outcomes(&["verisoul"]);
    assert_eq!(verisoul.lines().count(), verisoul_responses + 1);
    assert!(verisoul.lines().skip(1).all(|l| l.starts_with("verisoul ")));
}

/// `faceauth mock` remembers by default (an account never enrolled is not found; the admin
/// surface shows what it holds) and `--stateless` answers as the mock always did.
#[tokio::test]
async fn the_mock_remembers_unless_stateless() {
    let stateful = MockProcess::start(&["--port", "0", "--vendor", "verisoul", "--state-cap", "5"]);
    let (answer, state) = an_unknown_account_and_the_state(&stateful).await;
    assert_eq!(answer.status(), 400);
    assert_eq!(
        answer.headers()["x-faceauth-mock-example"],
        "account_not_found"
    );
    assert_eq!(answer.headers()["x-faceauth-mock"], "from state");
    assert_eq!(
        state,
        json!({"verisoul": {"resources": [], "refused_at_cap": 0, "cap": 5}})
    );

    let stateless = MockProcess::start(&["--port", "0", "--vendor", "verisoul", "--stateless"]);
    let (answer, state) = an_unknown_account_and_the_state(&stateless).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["x-faceauth-mock-example"], "account");
    assert_eq!(state, json!({"verisoul": null}));
}

/// A mock's answer to Verisoul's `GET /account/nobody`, and what its admin surface then shows.
async fn an_unknown_account_and_the_state(mock: &MockProcess) -> (reqwest::Response, Value) {
    let http = plain_http_client();
    let answer = http
        .get(format!("{}/account/nobody", mock.url("verisoul")))
        .header("x-api-key", "k")
        .send()
        .await
        .unwrap();
    let admin = mock
        .url("verisoul")
        .replace("/verisoul", "/__faceauth/state");
    let state = http.get(&admin).send().await.unwrap().json().await.unwrap();
    (answer, state)
}

#[tokio::test]
async fn the_mock_starts_from_a_state_file_and_a_bad_one_stops_it_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    // A Signzy user created and enrolled, as GET /__faceauth/state would show it.
    let url = "https://signzy.app/deepfaceauth/api/v1/iframe/enroll/portal/a/b";
    std::fs::write(
        &file,
        json!({"signzy": {"resources": [{"resource": "user", "key": "ada",
            "face_text": "https://example.com/ada.jpg",
            "values": {"userName": "ada", "enrollmentUrl": url}}]}})
        .to_string(),
    )
    .unwrap();
    let mock = MockProcess::start(&["--vendor", "signzy", "--state", file.to_str().unwrap()]);
    let http = plain_http_client();
    let authenticate = |face: &str| {
        http.post(format!("{}/api/v1/basic/authenticate", mock.url("signzy")))
            .header("authorization", "token")
            .json(&json!({"customerName": "acme", "userName": "ada", "url": face}))
            .send()
    };
    let same = authenticate("https://example.com/ada.jpg").await.unwrap();
    assert_eq!(same.status(), 200);
    assert_eq!(same.headers()["x-faceauth-mock-example"], "success");
    let other = authenticate("https://example.com/eve.jpg").await.unwrap();
    assert_eq!(other.status(), 400);
    assert_eq!(
        other.headers()["x-faceauth-mock-example"],
        "not_authenticated"
    );
    // Enrolling through the issued URL finds the user, already enrolled.
    let again = http
        .post(format!("{}/api/v1/basic/enroll", mock.url("signzy")))
        .header("authorization", "token")
        .json(&json!({"customerName": "acme", "url": "https://example.com/ada.jpg", "enrolledUrl": url}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.headers()["x-faceauth-mock-example"],
        "already_registered"
    );

    for (content, says) in [
        (
            "{\"signzy\": {\"resources\": [{\"resource\": \"account\", \"key\": \"k\"}]}}",
            "signzy: resources[0]: `account` is no resource of this vendor",
        ),
        ("[1, 2", "not a state"),
    ] {
        std::fs::write(&file, content).unwrap();
        let output = Command::new(FACEAUTH)
            .args(["mock", "--port", "0", "--vendor", "signzy", "--state"])
            .arg(&file)
            .output()
            .unwrap();
        assert_usage_error(&output, says);
        assert!(
            stderr(&output).contains("state.json"),
            "{}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty(), "nothing served");
    }
    let output = Command::new(FACEAUTH)
        .args(["mock", "--stateless", "--state"])
        .arg(&file)
        .output()
        .unwrap();
    assert_usage_error(&output, "a stateless mock holds nothing");
}

#[test]
fn the_mock_prints_its_test_faces_and_its_state_schema() {
    let dir = tempfile::tempdir().unwrap();
    let faces = dir.path().join("faces");
    let output = Command::new(FACEAUTH)
        .args(["mock", "--print-test-faces"])
        .arg(&faces)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let listed = stdout(&output);
    assert_eq!(
        listed.lines().count(),
        faceauth_mock::TEST_FACES.len(),
        "{listed}"
    );
    for face in faceauth_mock::TEST_FACES {
        assert_eq!(
            std::fs::read(faces.join(face.file_name)).unwrap(),
            face.bytes
        );
        assert!(listed.contains(face.stands_for), "{listed}");
    }
    let output = Command::new(FACEAUTH)
        .args(["mock", "--print-state-schema"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let schema: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        schema,
        serde_json::from_str::<Value>(faceauth_mock::STATE_SCHEMA).unwrap()
    );
}

#[tokio::test]
async fn the_mock_serves_the_specs_of_a_folder_and_refuses_one_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    // A pull request that changes the documented enrolment answer's request id.
    let specs = specs_folder(dir.path(), |_, text| {
        text.replacen(
            "request_id: 8757569c-61e6-454b-afc9-59232e861496",
            "request_id: 11111111-2222-4333-8444-555555555555",
            1,
        )
    });
    let mock = MockProcess::start(&["--vendor", "verisoul", "--specs", specs.to_str().unwrap()]);
    let answer: Value = plain_http_client()
        .post(format!("{}/liveness/enroll", mock.url("verisoul")))
        .header("x-api-key", "k")
        .json(&json!({"session_id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271", "account_id": "a"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["request_id"], "11111111-2222-4333-8444-555555555555");

    let missing = dir.path().join("nowhere");
    let output = Command::new(FACEAUTH)
        .args(["mock", "--port", "0", "--vendor", "verisoul", "--specs"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_usage_error(&output, "verisoul.yaml");
    assert!(stdout(&output).is_empty(), "nothing served");
}
