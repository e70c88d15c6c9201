//! Signzy Deep Face Auth: log in, create a user, authenticate before enrolment, enrol a face,
//! authenticate with the enrolled face and with another, delete the user.
//!
//! `cargo run -p faceauth-example-quickstart --bin quickstart-signzy -- http://127.0.0.1:8080/signzy`

use faceauth_clients::signzy::{self, types::*};
use faceauth_clients::HasOutcome;
use faceauth_example_quickstart::{base_url, credential_refused, env_or, refused};

const ENROLMENT_SELFIE: &str = "https://example.com/enrolment-selfie.jpg";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let customer = env_or("SIGNZY_CUSTOMER_NAME", "acme");
    // Logs in on the first call and sends the access token raw in `Authorization`.
    let client = signzy::Client::with_login(
        base_url(signzy::Server::Production)?,
        customer.clone(),
        env_or("SIGNZY_PASSWORD", "password"),
    )?;
    let new_user = CreateUserRequest::new(&customer, "user-42").full_name("Ada Lovelace");
    let user = match client.create_user(&new_user).await {
        Ok(user) => user,
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("create the user", e),
        Err(e) => return Err(e.into()),
    };
    println!("created, enrolment link {}", user.enrollment_url);
    let authenticate = |selfie: &'static str| {
        let client = client.clone();
        let customer = customer.clone();
        async move {
            let check = AuthenticateRequest::new(&customer, "user-42", selfie)
                .precision(AuthenticateRequestPrecision::High)
                .use_sample_for_learning(AuthenticateRequestUseSampleForLearning::No);
            match client.authenticate(&check).await {
                Ok(answer) => println!("authenticated: {:?}", answer.outcome()),
                Err(e) if e.is_credential_refused() => credential_refused(e),
                // A face that is not the user's is an answer here, not a reason to stop.
                Err(e) if e.is_refused() => println!("not authenticated: {e}"),
                Err(e) => return Err(e),
            }
            Ok(())
        }
    };
    // Before enrolment there is no face to match.
    authenticate(ENROLMENT_SELFIE).await?;
    let enrolled = client
        .enroll(&EnrollRequest::new(
            &customer,
            ENROLMENT_SELFIE,
            user.enrollment_url.clone(),
        ))
        .await?;
    println!("enrolled: {:?}", enrolled.outcome());
    authenticate(ENROLMENT_SELFIE).await?;
    authenticate("https://example.com/someone-else.jpg").await?;
    client
        .delete_user(&UserRef::new(&customer, "user-42"))
        .await?;
    println!("ok: signzy");
    Ok(())
}
