//! The limit for the mock server benchmark: a server that answers every request with the same
//! documented body and validates nothing. `cargo bench -p faceauth-mock --bench static_server -- PORT BODY_FILE
//! [--read-body]` (run by benches/run.sh). Built on hyper, the HTTP stack the mock uses, so that
//! the comparison isolates what the mock does per request. With `--read-body` it reads each
//! request's body before answering, as the mock must (hyper hands a body over through a channel
//! between the connection and the service): the part of the mock's cost that is reading at all.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let read_body = args.iter().any(|a| a == "--read-body");
    let port: u16 = args
        .get(1)
        .and_then(|p| p.parse().ok())
        .expect("usage: static_server PORT BODY_FILE");
    let body = Bytes::from(
        std::fs::read(args.get(2).expect("usage: static_server PORT BODY_FILE")).unwrap(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .unwrap();
        println!("listening on {}", listener.local_addr().unwrap());
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let body = body.clone();
                    async move {
                        if read_body {
                            let _ = request.into_body().collect().await;
                        }
                        Ok::<_, Infallible>(
                            Response::builder()
                                .header("content-type", "application/json")
                                .body(Full::new(body))
                                .unwrap(),
                        )
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}
