//! A vendor that answers 2 GiB, for the body-limit tests of the library and of the `faceauth`
//! command. Only std.

/// A server whose answer has a body of 2 GiB (`Content-Length` said, or chunked without end),
/// except on paths containing `token` (ADVANCE.AI's token request), answered `token_body`. It
/// counts the body bytes it managed to write before the client stopped reading: how much of the
/// body the client took in.
pub fn huge_body_server(
    chunked: bool,
    token_body: &'static str,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicU64, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let written = std::sync::Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut head = vec![0u8; 65536];
                let n = stream.read(&mut head).unwrap_or(0);
                let request = String::from_utf8_lossy(&head[..n]).into_owned();
                if request.lines().next().is_some_and(|l| l.contains("token")) {
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{token_body}",
                        token_body.len()
                    );
                    let _ = stream.write_all(answer.as_bytes());
                    return;
                }
                let head = if chunked {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_owned()
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n".to_owned()
                };
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                let block = vec![b' '; 65536];
                let chunk_head = format!("{:x}\r\n", block.len());
                let mut total: u64 = 0;
                while total < 2 * 1024 * 1024 * 1024 {
                    let sent = if chunked {
                        stream
                            .write_all(chunk_head.as_bytes())
                            .and_then(|()| stream.write_all(&block))
                            .and_then(|()| stream.write_all(b"\r\n"))
                    } else {
                        stream.write_all(&block)
                    };
                    if sent.is_err() {
                        break;
                    }
                    total += block.len() as u64;
                    counter.fetch_add(block.len() as u64, Ordering::SeqCst);
                }
            });
        }
    });
    (format!("http://{address}"), written)
}
