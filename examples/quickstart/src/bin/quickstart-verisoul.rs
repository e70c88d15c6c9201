//! Verisoul Face Match: sessions, enrolment of the account, 1:1 checks (before enrolment, with
//! another capture, with the enrolled one), deletion.
//!
//! `cargo run -p faceauth-example-quickstart --bin quickstart-verisoul -- http://127.0.0.1:8080/verisoul`

use faceauth_clients::verisoul::{self, types::*};
use faceauth_clients::Verdict;
use faceauth_example_quickstart::{base_url, credential_refused, env_or, refused};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = verisoul::Client::with_api_key(
        base_url(verisoul::Server::Sandbox)?,
        env_or("VERISOUL_API_KEY", "api-key"),
    )?;
    // A session the user completes in Verisoul's hosted Face Match page: one capture of a face.
    let new_session = || async {
        match client
            .create_face_match_session(&CreateFaceMatchSessionQuery::new())
            .await
        {
            Ok(session) => Ok(session.session_id),
            Err(e) if e.is_credential_refused() => credential_refused(e),
            Err(e) if e.is_refused() => refused("open a session", e),
            Err(e) => Err(e),
        }
    };
    let verify = |session_id| {
        let client = client.clone();
        async move {
            let answer = client
                .verify_identity_face_match(&VerifyIdentityRequest::new(session_id, "account-42"))
                .await?;
            Ok::<_, faceauth_clients::Error<VerifyIdentityErrorResponse>>(
                answer.verdict() == Verdict::Success,
            )
        }
    };
    let enrolment = new_session().await?;
    // Before enrolment there is no face to match: a verification says no.
    if !verify(enrolment).await? {
        println!("not enrolled yet: no match");
    }
    let enrolled = match client
        .enroll_face_match(&EnrollRequest::new(enrolment, "account-42"))
        .await
    {
        Ok(enrolled) => enrolled,
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("enrol", e),
        Err(e) => return Err(e.into()),
    };
    assert!(enrolled.success, "enrolled");
    // Later, a new completed session against the enrolled face: here, someone else's capture
    // (the mock tells sessions apart), then the enrolled one.
    match verify(new_session().await?).await? {
        true => println!("same person"),
        false => println!("another face: no match"),
    }
    match verify(enrolment).await? {
        true => println!("same person"),
        false => println!("another face: no match"),
    }
    let deleted = client.delete_account("account-42").await?;
    assert!(deleted.success, "deleted");
    println!("ok: verisoul");
    Ok(())
}
