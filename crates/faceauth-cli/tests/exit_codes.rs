//! One meaning per exit code, whichever subcommand: each subcommand is run here into each code the
//! README's table of exit codes marks for it, and a mark with no run here fails the test, as does
//! a run the table does not mark.
//!
//! The runs that need the command caught mid-way (a report's folder removed after its path was
//! checked, a signal while a request or a read is in flight) hold it there deterministically: a
//! stand-in vendor that tells the test a request arrived and answers only when told, or a named
//! pipe as the spec or the traffic file, whose opening tells the test the command is reading.
#![cfg(unix)]

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use faceauth_clients::Vendor;
use serde_json::{json, Value};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

/// The codes the README's table marks for `subcommand`.
fn marked(subcommand: &str) -> BTreeSet<u8> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("the README");
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let header = rows
        .iter()
        .find(|row| row.first() == Some(&"code") && row.get(1) == Some(&"meaning"))
        .expect("the README's table of exit codes");
    let column = header
        .iter()
        .position(|name| *name == subcommand)
        .unwrap_or_else(|| panic!("no column for {subcommand}"));
    rows.iter()
        .filter_map(|row| {
            let code: u8 = row.first()?.parse().ok()?;
            (row.get(column) == Some(&"x")).then_some(code)
        })
        .collect()
}

/// Runs each code the table marks for `subcommand` with `run_into`, which returns the output of a
/// run meant to end with that code (None: no such run here).
async fn each_marked_code<F, Fut>(subcommand: &str, runs: &[u8], run_into: F)
where
    F: Fn(u8) -> Fut,
    Fut: std::future::Future<Output = Output>,
{
    let marked = marked(subcommand);
    let runs: BTreeSet<u8> = runs.iter().copied().collect();
    assert_eq!(
        marked, runs,
        "the README marks {subcommand} with the codes on the left; this test runs it into those on the right"
    );
    for code in marked {
        let output = run_into(code).await;
        assert_eq!(
            output.status.code(),
            Some(i32::from(code)),
            "{subcommand} meant to exit {code}: stdout {:?} stderr {:?}",
            stdout(&output),
            stderr(&output)
        );
        // Whatever ended the run, stderr says why in a line or two, never a panic.
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    }
}

/// `faceauth` with `args` in `dir`, without the caller's FACEAUTH_ variables.
fn command(args: &[&str], env: &[(&str, &str)], dir: Option<&Path>) -> Command {
    let mut command = Command::new(FACEAUTH);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("FACEAUTH_")) {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command
}

/// Waits for `child` off the async runtime, within a minute.
async fn finish(child: Child) -> Output {
    let waited = tokio::task::spawn_blocking(move || child.wait_with_output());
    tokio::time::timeout(Duration::from_secs(60), waited)
        .await
        .expect("faceauth ends within a minute")
        .unwrap()
        .unwrap()
}

/// Sends `signal` (`INT`, `TERM`) to `child`.
fn send(signal: &str, child: &Child) {
    let sent = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// The signal a code stands for.
fn signal_of(code: u8) -> &'static str {
    match code {
        130 => "INT",
        143 => "TERM",
        other => panic!("{other} is no signal's code"),
    }
}

/// A stand-in vendor that tells the test each request it receives and answers it only when the
/// test says so, with the status and JSON body it is given (or never).
struct HeldVendor {
    uri: String,
    arrived: mpsc::Receiver<oneshot::Sender<(u16, Value)>>,
}

impl HeldVendor {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap());
        let (tell, arrived) = mpsc::channel::<oneshot::Sender<(u16, Value)>>(8);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let tell = tell.clone();
                tokio::spawn(async move {
                    let mut received = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !received.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => received.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let (answer, answered) = oneshot::channel();
                    if tell.send(answer).await.is_err() {
                        return;
                    }
                    let Ok((status, body)) = answered.await else {
                        // Never answered: held until the client goes.
                        let _ = socket.read(&mut buffer).await;
                        return;
                    };
                    let body = body.to_string();
                    let head = format!(
                        "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(body.as_bytes()).await;
                });
            }
        });
        Self { uri, arrived }
    }

    /// Waits for a request; returns how to answer it.
    async fn request(&mut self) -> oneshot::Sender<(u16, Value)> {
        tokio::time::timeout(Duration::from_secs(60), self.arrived.recv())
            .await
            .expect("a request within a minute")
            .expect("the stand-in runs")
    }
}

/// Makes a named pipe at `path`.
fn named_pipe(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Opens the named pipe at `path` for writing, which returns once `faceauth` has opened it to
/// read: from then on, the command is past its checks and reading.
async fn writer_of(path: &Path) -> std::fs::File {
    let path = path.to_path_buf();
    let opened = tokio::task::spawn_blocking(move || {
        std::fs::OpenOptions::new().write(true).open(path).unwrap()
    });
    tokio::time::timeout(Duration::from_secs(60), opened)
        .await
        .expect("faceauth opens the pipe within a minute")
        .unwrap()
}

/// Each file left in `dir`: no report and no temporary file after an interrupted run.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const VERISOUL_KEY: (&str, &str) = ("FACEAUTH_VERISOUL_API_KEY", "k");

/// A live check of Verisoul's enrollFaceMatch against `uri`, with a JUnit report at `junit`.
fn live_check(uri: &str, junit: &Path) -> Command {
    command(
        &[
            "conformance",
            "--vendor",
            "verisoul",
            "--base-url",
            uri,
            "--operation",
            "enrollFaceMatch",
            "--junit",
            junit.to_str().unwrap(),
        ],
        &[VERISOUL_KEY],
        None,
    )
}

#[tokio::test]
async fn conformance_ends_with_each_of_its_codes() {
    each_marked_code(
        "conformance",
        &[0, 1, 2, 4, 5, 130, 143],
        |code| async move {
            let dir = tempfile::tempdir().unwrap();
            let junit = dir.path().join("junit.xml");
            let success = documented_success(Vendor::Verisoul, "enrollFaceMatch");
            match code {
                0 | 1 => {
                    let mut body = success;
                    if code == 1 {
                        // An undocumented field: drift.
                        body["score"] = json!(0.9);
                    }
                    let server = vendor_answering(200, body).await;
                    let output = finish(live_check(&server.uri(), &junit).spawn().unwrap()).await;
                    assert!(junit.is_file(), "the report is written");
                    output
                }
                2 => {
                    finish(
                        command(&["conformance", "--vendor", "acme"], &[], None)
                            .spawn()
                            .unwrap(),
                    )
                    .await
                }
                4 => {
                    // Every read of Progeny's needs a value from the account under test: all skipped.
                    let server = vendor_answering(200, json!({})).await;
                    let args = [
                        "conformance",
                        "--vendor",
                        "progeny",
                        "--base-url",
                        &server.uri(),
                    ];
                    let env = [("FACEAUTH_PROGENY_ACCESS_TOKEN", "t")];
                    let output = finish(command(&args, &env, None).spawn().unwrap()).await;
                    assert_eq!(server.received_requests().await.unwrap().len(), 0);
                    assert!(stderr(&output).contains("a check of nothing is not a pass"));
                    output
                }
                5 => {
                    // The report's folder is removed after the path was checked: the run passes,
                    // the report cannot be written.
                    let folder = dir.path().join("reports");
                    std::fs::create_dir(&folder).unwrap();
                    let mut vendor = HeldVendor::start().await;
                    let child = live_check(&vendor.uri, &folder.join("junit.xml"))
                        .spawn()
                        .unwrap();
                    let answer = vendor.request().await;
                    std::fs::remove_dir(&folder).unwrap();
                    answer.send((200, success)).unwrap();
                    let output = finish(child).await;
                    assert!(
                        stdout(&output).contains("1 passed, 0 drifted"),
                        "{}",
                        stdout(&output)
                    );
                    assert_eq!(files_in(dir.path()), Vec::<String>::new());
                    output
                }
                130 | 143 => {
                    let mut vendor = HeldVendor::start().await;
                    let child = live_check(&vendor.uri, &junit).spawn().unwrap();
                    let _held = vendor.request().await;
                    send(signal_of(code), &child);
                    let output = finish(child).await;
                    assert_eq!(
                        files_in(dir.path()),
                        Vec::<String>::new(),
                        "nothing written"
                    );
                    output
                }
                other => panic!("no run for {other}"),
            }
        },
    )
    .await;
}

/// A recorder's line for Verisoul's deleteAccount with `body`.
fn traffic_line(body: Value) -> String {
    json!({"vendor": "verisoul", "operation": "deleteAccount", "status": 200,
           "headers": {"content-type": "application/json"}, "body": body})
    .to_string()
}

#[tokio::test]
async fn drift_ends_with_each_of_its_codes() {
    let documented = documented_success(Vendor::Verisoul, "deleteAccount");
    each_marked_code("drift", &[0, 1, 2, 4, 5, 130, 143], |code| {
        let documented = documented.clone();
        async move {
            let dir = tempfile::tempdir().unwrap();
            let traffic = dir.path().join("traffic.jsonl");
            let drift = |traffic: &Path, junit: &Path| {
                command(
                    &[
                        "drift",
                        "--traffic",
                        traffic.to_str().unwrap(),
                        "--junit",
                        junit.to_str().unwrap(),
                    ],
                    &[],
                    None,
                )
            };
            let junit = dir.path().join("junit.xml");
            match code {
                0 | 1 | 2 | 4 => {
                    let text = match code {
                        0 => traffic_line(documented),
                        1 => {
                            let mut body = documented;
                            body["score"] = json!(0.9);
                            traffic_line(body)
                        }
                        2 => "{not json".to_owned(),
                        _ => String::new(),
                    };
                    std::fs::write(&traffic, text + "\n").unwrap();
                    let output = finish(drift(&traffic, &junit).spawn().unwrap()).await;
                    assert_eq!(junit.is_file(), code < 2, "a report only of a check");
                    output
                }
                5 => {
                    let folder = dir.path().join("reports");
                    std::fs::create_dir(&folder).unwrap();
                    named_pipe(&traffic);
                    let child = drift(&traffic, &folder.join("junit.xml")).spawn().unwrap();
                    let mut pipe = writer_of(&traffic).await;
                    std::fs::remove_dir(&folder).unwrap();
                    writeln!(pipe, "{}", traffic_line(documented)).unwrap();
                    drop(pipe);
                    let output = finish(child).await;
                    assert!(stdout(&output).contains("0 drifted"), "{}", stdout(&output));
                    output
                }
                130 | 143 => {
                    named_pipe(&traffic);
                    let child = drift(&traffic, &junit).spawn().unwrap();
                    let _pipe = writer_of(&traffic).await;
                    send(signal_of(code), &child);
                    let output = finish(child).await;
                    assert_eq!(
                        files_in(dir.path()),
                        ["traffic.jsonl"],
                        "no report, no temporary file"
                    );
                    output
                }
                other => panic!("no run for {other}"),
            }
        }
    })
    .await;
}

/// A folder holding a copy of the project's Verisoul spec as `verisoul.yaml`.
fn verisoul_specs(dir: &Path, name: &str) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("verisoul.yaml"), spec_text()).unwrap();
    folder
}

fn spec_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../specs/verisoul.yaml"
    ))
    .unwrap()
}

/// Runs git in `dir`.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[tokio::test]
async fn diff_ends_with_each_of_its_codes() {
    each_marked_code("diff", &[0, 1, 2, 4, 5, 130, 143], |code| async move {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let diff = |base: &Path, head: &Path, junit: &Path| {
            command(
                &[
                    "diff",
                    "--base",
                    base.to_str().unwrap(),
                    "--head",
                    head.to_str().unwrap(),
                    "--junit",
                    junit.to_str().unwrap(),
                ],
                &[],
                None,
            )
        };
        let junit = root.join("junit.xml");
        match code {
            0 => {
                let (base, head) = (verisoul_specs(root, "base"), verisoul_specs(root, "head"));
                finish(diff(&base, &head, &junit).spawn().unwrap()).await
            }
            1 => {
                // A repository at 1.0.0 whose spec loses an operation, the version unchanged.
                let manifest = "[package]\nname = \"acme\"\nversion = \"1.0.0\"\n";
                std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
                verisoul_specs(root, "specs");
                git(root, &["init", "-q"]);
                git(root, &["add", "."]);
                git(root, &["commit", "-q", "-m", "base"]);
                let renamed = spec_text().replace(
                    "operationId: enrollFaceMatch\n",
                    "operationId: enrollFace\n",
                );
                assert_ne!(renamed, spec_text());
                std::fs::write(root.join("specs/verisoul.yaml"), renamed).unwrap();
                let output = finish(
                    command(&["diff", "--base", "HEAD"], &[], Some(root))
                        .spawn()
                        .unwrap(),
                )
                .await;
                assert!(stdout(&output).contains("major"), "{}", stdout(&output));
                output
            }
            2 => {
                let base = verisoul_specs(root, "base");
                let head = root.join("head");
                std::fs::create_dir(&head).unwrap();
                std::fs::write(head.join("verisoul.yaml"), "hello: world\n").unwrap();
                let output = finish(diff(&base, &head, &junit).spawn().unwrap()).await;
                assert!(
                    stderr(&output).contains("not an OpenAPI 3.0 document"),
                    "{}",
                    stderr(&output)
                );
                output
            }
            4 => {
                let (base, head) = (root.join("base"), root.join("head"));
                std::fs::create_dir(&base).unwrap();
                std::fs::create_dir(&head).unwrap();
                finish(diff(&base, &head, &junit).spawn().unwrap()).await
            }
            5 | 130 | 143 => {
                let base = verisoul_specs(root, "base");
                let head = root.join("head");
                std::fs::create_dir(&head).unwrap();
                let spec = head.join("verisoul.yaml");
                named_pipe(&spec);
                let folder = root.join("reports");
                std::fs::create_dir(&folder).unwrap();
                let child = diff(&base, &head, &folder.join("junit.xml"))
                    .spawn()
                    .unwrap();
                let mut pipe = writer_of(&spec).await;
                if code == 5 {
                    std::fs::remove_dir(&folder).unwrap();
                    pipe.write_all(spec_text().as_bytes()).unwrap();
                    drop(pipe);
                    finish(child).await
                } else {
                    send(signal_of(code), &child);
                    let output = finish(child).await;
                    assert_eq!(
                        files_in(&folder),
                        Vec::<String>::new(),
                        "no report, no temporary file"
                    );
                    output
                }
            }
            other => panic!("no run for {other}"),
        }
    })
    .await;
}

/// `faceauth call verisoul enrollFaceMatch` against `uri`.
fn enroll(uri: &str) -> Command {
    let body = json!({"session_id": SESSION, "account_id": "a-1"}).to_string();
    let dir = std::env::temp_dir().join(format!("exit-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("enroll.json");
    std::fs::write(&file, body).unwrap();
    command(
        &[
            "call",
            "verisoul",
            "enrollFaceMatch",
            "--body",
            file.to_str().unwrap(),
            "--base-url",
            uri,
        ],
        &[VERISOUL_KEY],
        None,
    )
}

#[tokio::test]
async fn call_ends_with_each_of_its_codes() {
    each_marked_code("call", &[0, 1, 2, 3, 6, 7, 130, 143], |code| async move {
        let answered = |status: u16, body: Value| async move {
            let server = vendor_answering(status, body).await;
            let output = finish(enroll(&server.uri()).spawn().unwrap()).await;
            assert_eq!(server.received_requests().await.unwrap().len(), 1);
            output
        };
        match code {
            0 => answered(200, json!({"request_id": SESSION, "success": true})).await,
            1 => {
                answered(
                    400,
                    json!({"request_id": SESSION, "success": false, "error": "session_not_found"}),
                )
                .await
            }
            2 => {
                finish(
                    command(&["call", "acme", "enrollFaceMatch"], &[], None)
                        .spawn()
                        .unwrap(),
                )
                .await
            }
            // An undocumented status.
            3 => answered(418, json!({"teapot": true})).await,
            // A key the vendor refuses, in an undocumented 401.
            6 => {
                let output = answered(401, json!({"message": "Unauthorized"})).await;
                assert!(stderr(&output).contains("401"), "{}", stderr(&output));
                output
            }
            7 => {
                let server = vendor_answering(200, json!({"id": 1, "status": "PENDING"})).await;
                let args = [
                    "call",
                    "progeny",
                    "getTask",
                    "--param",
                    "id=58bf8a18-b10b-409d-91d6-fdd358408dff",
                    "--base-url",
                    &server.uri(),
                ];
                let env = [("FACEAUTH_PROGENY_ACCESS_TOKEN", "t")];
                finish(command(&args, &env, None).spawn().unwrap()).await
            }
            130 | 143 => {
                let mut vendor = HeldVendor::start().await;
                let child = enroll(&vendor.uri).spawn().unwrap();
                let _held = vendor.request().await;
                send(signal_of(code), &child);
                finish(child).await
            }
            other => panic!("no run for {other}"),
        }
    })
    .await;
}

#[tokio::test]
async fn the_mock_ends_with_each_of_its_codes() {
    each_marked_code("mock", &[0, 2], |code| async move {
        match code {
            0 => {
                // Stopped by SIGTERM once serving.
                let mut child = command(&["mock", "--port", "0"], &[], None)
                    .spawn()
                    .unwrap();
                let mut lines = BufReader::new(child.stderr.take().unwrap());
                let mut line = String::new();
                while !line.contains("serving on") {
                    line.clear();
                    assert!(
                        lines.read_line(&mut line).unwrap() > 0,
                        "the mock said it serves"
                    );
                }
                send("TERM", &child);
                let mut output = finish(child).await;
                let mut rest = Vec::new();
                std::io::Read::read_to_end(&mut lines, &mut rest).unwrap();
                output.stderr = rest;
                assert!(
                    stderr(&output).contains("mock stopped by SIGTERM"),
                    "{:?} {:?}",
                    output.status,
                    stderr(&output)
                );
                output
            }
            2 => {
                // A port already taken.
                let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
                let port = taken.local_addr().unwrap().port().to_string();
                let args = ["mock", "--host", "127.0.0.1", "--port", &port];
                finish(command(&args, &[], None).spawn().unwrap()).await
            }
            other => panic!("no run for {other}"),
        }
    })
    .await;
}

#[tokio::test]
async fn overlay_apply_ends_with_each_of_its_codes() {
    let dir = tempfile::tempdir().unwrap();
    let specs = verisoul_specs(dir.path(), "specs");
    let spec = specs.join("verisoul.yaml");
    let overlay = |name: &str, target: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n- target: {target}\n  update: {{x-reviewed: true}}\n"),
        )
        .unwrap();
        path
    };
    let applies = overlay("applies.yaml", "$.info");
    let misses = overlay("misses.yaml", "$.nowhere");
    each_marked_code("overlay", &[0, 2, 5], |code| {
        let (overlay, output) = match code {
            0 => (&applies, None),
            // A target that selects nothing.
            2 => (&misses, None),
            // The result written into a folder that is not there.
            5 => (&applies, Some(dir.path().join("gone/verisoul.yaml"))),
            other => panic!("no run for {other}"),
        };
        let mut args = vec![
            "overlay".to_owned(),
            "apply".to_owned(),
            overlay.display().to_string(),
            spec.display().to_string(),
        ];
        if let Some(output) = output {
            args.extend(["--output".to_owned(), output.display().to_string()]);
        }
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            finish(command(&args, &[], None).spawn().unwrap()).await
        }
    })
    .await;
}
