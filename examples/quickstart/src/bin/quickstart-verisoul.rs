//! Verisoul Face Match: a session, enrolment of the account, a 1:1 check, deletion.
//!
//! `cargo run -p faceauth-example-quickstart --bin quickstart-verisoul -- http://127.0.0.1:8080/verisoul`

use faceauth_clients::verisoul::{self, types::*};
use faceauth_example_quickstart::{base_url, credential_refused, env_or, refused};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = verisoul::Client::with_api_key(
        base_url(verisoul::Server::Sandbox)?,
        env_or("VERISOUL_API_KEY", "api-key"),
    )?;
    // The session the user completes in Verisoul's hosted Face Match page.
    let session = match client
        .create_face_match_session(&CreateFaceMatchSessionQuery::new())
        .await
    {
        Ok(session) => session,
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("open a session", e),
        Err(e) => return Err(e.into()),
    };
    let enrolled = match client
        .enroll_face_match(&EnrollRequest::new(session.session_id, "account-42"))
        .await
    {
        Ok(enrolled) => enrolled,
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("enrol", e),
        Err(e) => return Err(e.into()),
    };
    assert!(enrolled.success, "enrolled");
    // Later, a new completed session against the enrolled face.
    let verified = client
        .verify_identity_face_match(&VerifyIdentityRequest::new(
            session.session_id,
            "account-42",
        ))
        .await?;
    println!("same person: {}", verified.match_);
    let deleted = client.delete_account("account-42").await?;
    assert!(deleted.success, "deleted");
    println!("ok: verisoul");
    Ok(())
}
