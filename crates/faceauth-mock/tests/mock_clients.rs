//! A mock that survives its clients: slow, stalled and abandoned connections, on the wire.
//! Each test gives the mock small limits, misbehaves against it from raw sockets, and asserts
//! that the mock closes what it should, counts what it refused, gives back the memory it held,
//! and answers a valid request throughout.

use std::net::SocketAddr;
use std::time::Duration;

use faceauth_clients::Vendor;
use faceauth_mock::{self as mock, LoadSnapshot, MockLimits, MockOptions, RunningMock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ENROLL: &str = "/verisoul/liveness/enroll";
const VALID_BODY: &str =
    r#"{"session_id":"0007b793-ae5d-45a2-8d9f-4a5b573c3271","account_id":"a-1"}"#;

async fn verisoul_mock(limits: MockLimits) -> RunningMock {
    let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let options = MockOptions::default().limits(limits);
    mock::start_with(any_port, &[Vendor::Verisoul], options)
        .await
        .unwrap()
}

/// Limits small enough to reach in a test; `change` adjusts them.
fn limits(change: impl FnOnce(&mut MockLimits)) -> MockLimits {
    let mut limits = MockLimits {
        header_read_timeout: Duration::from_secs(30),
        body_read_timeout: Duration::from_secs(30),
        max_connections: 64,
        max_unfinished_body_bytes: 1024 * 1024,
    };
    change(&mut limits);
    limits
}

/// A valid enrollment on a connection of its own, closed after it: the status it got.
async fn valid_request(running: &RunningMock) -> u16 {
    let mut socket = TcpStream::connect(running.address()).await.unwrap();
    let request = format!(
        "POST {ENROLL} HTTP/1.1\r\nhost: mock\r\nx-api-key: k\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{VALID_BODY}",
        VALID_BODY.len()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut socket).await;
    status_of(&answer)
}

/// Everything the mock sends until it closes the connection (or resets it), within a minute.
async fn read_to_close(socket: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), async {
        let mut buffer = [0u8; 8192];
        loop {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the mock closed the connection within a minute"
    );
    String::from_utf8_lossy(&received).into_owned()
}

fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"))
}

/// Waits (up to a minute) until the mock's load satisfies `holds`.
async fn until(running: &RunningMock, what: &str, holds: impl Fn(&LoadSnapshot) -> bool) {
    for _ in 0..600 {
        if holds(&running.load()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: {:?}", running.load());
}

/// A connection that sent `bytes` and then nothing more.
async fn stalled(running: &RunningMock, bytes: &[u8]) -> TcpStream {
    let mut socket = TcpStream::connect(running.address()).await.unwrap();
    socket.write_all(bytes).await.unwrap();
    socket
}

#[tokio::test]
async fn half_sent_heads_and_abandoned_connections_are_closed_after_the_header_timeout_while_valid_requests_are_answered(
) {
    let running = verisoul_mock(limits(|l| l.header_read_timeout = Duration::from_secs(1))).await;
    let mut held = Vec::new();
    for _ in 0..10 {
        held.push(
            stalled(
                &running,
                b"POST /verisoul/liveness/enroll HTTP/1.1\r\nhost: mock\r\nx-half",
            )
            .await,
        );
    }
    until(&running, "ten connections open", |l| {
        l.open_connections == 10
    })
    .await;
    // Answered while the ten are held.
    assert_eq!(valid_request(&running).await, 200);
    for socket in &mut held {
        // Closed by the mock, with no answer to a request that never finished.
        let answer = read_to_close(socket).await;
        assert!(!answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    }
    until(&running, "every connection closed", |l| {
        l.open_connections == 0
    })
    .await;
    let load = running.load();
    // The ten heads that began are counted; an idle connection is closed without a count.
    assert_eq!(load.header_timeouts, 10, "{load:?}");
    assert_eq!(load.unfinished_body_bytes, 0);
    assert_eq!(valid_request(&running).await, 200);
}

#[tokio::test]
async fn an_endless_chunked_body_is_answered_408_and_closed() {
    let running = verisoul_mock(limits(|l| l.body_read_timeout = Duration::from_secs(1))).await;
    let head = format!(
        "POST {ENROLL} HTTP/1.1\r\nhost: mock\r\nx-api-key: k\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    let mut socket = stalled(&running, head.as_bytes()).await;
    // A chunk every 100 ms, never the last one.
    let (mut reading, mut writing) = socket.split();
    let trickle = async {
        for _ in 0..600 {
            if writing.write_all(b"1\r\n \r\n").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let answered = async {
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        while let Ok(n @ 1..) = reading.read(&mut buffer).await {
            received.extend_from_slice(&buffer[..n]);
        }
        String::from_utf8_lossy(&received).into_owned()
    };
    let answer = tokio::select! {
        answer = answered => answer,
        () = trickle => panic!("the mock read a trickle for a minute"),
    };
    assert_eq!(status_of(&answer), 408, "{answer}");
    assert!(answer.contains("x-faceauth-mock: body timeout"), "{answer}");
    until(&running, "the connection closed", |l| {
        l.open_connections == 0
    })
    .await;
    let load = running.load();
    assert_eq!(load.body_timeouts, 1);
    assert_eq!(
        load.unfinished_body_bytes, 0,
        "the trickle's bytes given back"
    );
}

#[tokio::test]
async fn unfinished_bodies_share_one_memory_cap_and_give_it_back() {
    // 1 MiB for all unfinished bodies: two announced 400 KB bodies fit, a third does not.
    let running = verisoul_mock(limits(|l| l.body_read_timeout = Duration::from_secs(2))).await;
    let head = format!(
        "POST {ENROLL} HTTP/1.1\r\nhost: mock\r\nx-api-key: k\r\ncontent-type: application/json\r\ncontent-length: 400000\r\n\r\n{{\"session_id\":"
    );
    let mut held = Vec::new();
    for expected in [400_000, 800_000] {
        held.push(stalled(&running, head.as_bytes()).await);
        until(&running, "the body's length held", |l| {
            l.unfinished_body_bytes == expected
        })
        .await;
    }
    for _ in 0..2 {
        let mut refused = stalled(&running, head.as_bytes()).await;
        let answer = read_to_close(&mut refused).await;
        assert_eq!(status_of(&answer), 503, "{answer}");
        assert!(answer.contains("retry-after: 1\r\n"), "{answer}");
        assert!(answer.contains("x-faceauth-mock: busy"), "{answer}");
    }
    // A small body still fits beside the two held.
    assert_eq!(valid_request(&running).await, 200);
    // A chunked body is held to the cap as it arrives: refused at the frame that passes it.
    let mut chunked = stalled(
        &running,
        format!("POST {ENROLL} HTTP/1.1\r\nhost: mock\r\ntransfer-encoding: chunked\r\n\r\n")
            .as_bytes(),
    )
    .await;
    let chunk = format!("{:x}\r\n{}\r\n", 300_000, " ".repeat(300_000));
    let _ = chunked.write_all(chunk.as_bytes()).await;
    let answer = read_to_close(&mut chunked).await;
    assert_eq!(status_of(&answer), 503, "{answer}");
    let load = running.load();
    assert_eq!(load.refused_for_memory, 3, "{load:?}");
    assert_eq!(load.unfinished_body_bytes, 800_000, "{load:?}");
    // The two held bodies never finish: timed out, answered 408, and their memory given back.
    for socket in &mut held {
        assert_eq!(status_of(&read_to_close(socket).await), 408);
    }
    until(&running, "the memory given back", |l| {
        l.unfinished_body_bytes == 0 && l.open_connections == 0
    })
    .await;
    assert_eq!(running.load().body_timeouts, 2);
}

#[tokio::test]
async fn connections_past_the_cap_are_answered_503_and_closed() {
    let running = verisoul_mock(limits(|l| l.max_connections = 4)).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(stalled(&running, b"").await);
    }
    until(&running, "four connections open", |l| {
        l.open_connections == 4
    })
    .await;
    for _ in 0..3 {
        let mut fifth = stalled(&running, b"GET /verisoul/ HTTP/1.1\r\nhost: mock\r\n\r\n").await;
        let answer = read_to_close(&mut fifth).await;
        assert_eq!(status_of(&answer), 503, "{answer}");
        assert!(answer.contains("retry-after: 1\r\n"), "{answer}");
        assert!(
            answer.ends_with("\"from\":\"faceauth mock\"}\n"),
            "{answer}"
        );
    }
    let load = running.load();
    assert_eq!(load.refused_connections, 3);
    assert_eq!(
        load.open_connections, 4,
        "a refused connection holds no place"
    );
    drop(idle.pop());
    until(&running, "a place freed", |l| l.open_connections == 3).await;
    assert_eq!(valid_request(&running).await, 200);
}
