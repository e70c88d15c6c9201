//! An application that depends on `faceauth-clients` (default features) and builds its own plain
//! `reqwest::Client` before and after a faceauth client, then hands one of its own clients to a
//! faceauth client. It must neither panic nor find a process-wide TLS provider installed.
//!
//! `cargo run -p faceauth-example-own-reqwest` (CI runs it). Exits non-zero on any failure.

use faceauth_clients::verisoul;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The application's own client, before any faceauth client exists.
    let before = reqwest::Client::new();

    let faceauth = verisoul::Client::with_api_key(verisoul::Server::Sandbox, "api-key")
        .expect("a faceauth client builds");

    // And after: building a faceauth client changed nothing for the application's clients.
    let after = reqwest::Client::builder()
        .build()
        .expect("the application's own client still builds");

    // The application's own client, with the faceauth credential and hooks on top.
    let with_own_http = faceauth.with_http_client(after.clone());
    drop((before, with_own_http));
    println!("ok: the application's reqwest clients built before and after a faceauth client");
}
