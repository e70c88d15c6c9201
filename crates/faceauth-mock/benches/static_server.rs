//! The references for the mock server benchmark: a server that answers every request with the same
//! documented body. `cargo bench -p faceauth-mock --bench static_server -- PORT BODY_FILE [--read-body
//! | --validate-body VENDOR PATH]` (run by benches/run.sh and benches/mock_instructions.sh). Built on
//! hyper, the HTTP stack the mock uses, so that the comparison isolates what the mock does per
//! request.
//!
//! - Without a flag it is the limit: it answers without reading anything.
//! - With `--read-body` it reads each request's body before answering, as the mock must (hyper
//!   hands a body over through a channel between the connection and the service): the part of the
//!   mock's cost that is reading at all.
//! - With `--validate-body VENDOR PATH` it also reads the body as a `serde_json::Value` and checks
//!   it against the request schema of `POST PATH` in the vendor's spec, with the validator the mock
//!   itself builds (`SchemaValidator::strict`), and answers 422 to an invalid one: the least a
//!   mock that validates a JSON body with the standard crates does, with no credential, state or
//!   documented answer to choose.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use faceauth_conformance::{SchemaValidator, Spec};
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

const USAGE: &str =
    "usage: static_server PORT BODY_FILE [--read-body | --validate-body VENDOR PATH]";

/// What the server does with a request's body before it answers.
#[derive(Clone)]
enum Reading {
    Nothing,
    Read,
    Validate(Arc<SchemaValidator>),
}

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let port: u16 = args.get(1).and_then(|p| p.parse().ok()).expect(USAGE);
    let body = Bytes::from(std::fs::read(args.get(2).expect(USAGE)).unwrap());
    let reading = match args.get(3).map(String::as_str) {
        None => Reading::Nothing,
        Some("--read-body") => Reading::Read,
        Some("--validate-body") => {
            let vendor = args.get(4).expect(USAGE).parse().expect(USAGE);
            let path = args.get(5).expect(USAGE);
            Reading::Validate(Arc::new(request_schema(vendor, path)))
        }
        Some(_) => panic!("{USAGE}"),
    };
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
            let (body, reading) = (body.clone(), reading.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let (body, reading) = (body.clone(), reading.clone());
                    async move {
                        let status = match reading {
                            Reading::Nothing => 200,
                            Reading::Read => {
                                let _ = request.into_body().collect().await;
                                200
                            }
                            Reading::Validate(validator) => {
                                let sent =
                                    request.into_body().collect().await.map(|b| b.to_bytes());
                                let valid = sent.ok().and_then(|sent| {
                                    serde_json::from_slice::<serde_json::Value>(&sent).ok()
                                });
                                match valid.is_some_and(|value| validator.is_valid(&value)) {
                                    true => 200,
                                    false => 422,
                                }
                            }
                        };
                        Ok::<_, Infallible>(
                            Response::builder()
                                .status(status)
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

/// The validator of `POST path`'s JSON request body in `vendor`'s spec, as the mock builds it.
fn request_schema(vendor: faceauth_clients::Vendor, path: &str) -> SchemaValidator {
    let spec = Spec::load(vendor).unwrap();
    let operation = spec
        .operations()
        .into_iter()
        .find(|op| op.method == "POST" && op.path == path)
        .unwrap_or_else(|| panic!("no POST {path} in the {vendor:?} spec"));
    let schema =
        &spec.operation_object(&operation)["requestBody"]["content"]["application/json"]["schema"];
    SchemaValidator::strict(&spec, schema).unwrap()
}
