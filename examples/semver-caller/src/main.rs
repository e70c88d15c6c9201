//! What an application writes against the Verisoul types, in every way the issue "spec changes
//! ship as the semver they are" names: reading a response's fields, matching a response enum and
//! the operation list, building requests and query values, and building a response for a test.
//! `.ci/additive-changes` adds an optional response field, an enum value and an operation to
//! `specs/verisoul.yaml`, regenerates, and builds this: it must compile unchanged.

use faceauth_clients::verisoul::types::{
    CreateFaceMatchSessionQuery, EnrollErrorCode, EnrollRequest, EnrollResponse,
};
use faceauth_clients::verisoul::{Operation, Server};

/// Reads a response's fields (a struct the vendor may add a field to).
fn describe(response: &EnrollResponse) -> String {
    format!("{} {}", response.request_id, response.success)
}

/// Matches a received enum (the vendor may add a value).
fn advice(code: &EnrollErrorCode) -> &'static str {
    match code {
        EnrollErrorCode::SessionNotFound => "start a new session",
        EnrollErrorCode::Unknown(_) => "undocumented: report it",
        _ => "see the vendor's message",
    }
}

/// Matches the operations (the vendor may add one) and the servers (one may be added).
fn writes(operation: Operation, server: Server) -> bool {
    let _documented_here = server.serves(operation);
    match operation {
        Operation::EnrollFaceMatch | Operation::DeleteAccount => true,
        Operation::VerifyFace => false,
        _ => operation.meta().read_only.is_none(),
    }
}

fn main() {
    // Requests from their required fields, optional ones by name.
    let session = "0007b793-ae5d-45a2-8d9f-4a5b573c3271"
        .parse::<faceauth_clients::uuid::Uuid>()
        .unwrap();
    let request = EnrollRequest::new(session, "account-42");
    let query = CreateFaceMatchSessionQuery::new().referring_session_id(session);
    // A response built for a test, from JSON, as the vendor sends it.
    let response: EnrollResponse = serde_json::from_value(serde_json::json!({
        "request_id": "8e3c7dd6-73e3-4e46-bbd2-a10c322f59d5", "success": true
    }))
    .unwrap();
    println!(
        "{:?} {:?} {} {} {}",
        request,
        query,
        describe(&response),
        advice(&EnrollErrorCode::SessionNotFound),
        writes(Operation::EnrollFaceMatch, Server::Sandbox)
    );
}
