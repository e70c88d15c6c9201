//! Progeny face services: a token pair from the username and password, a face registered and
//! its task polled to the end, then authentications against it (the registered face, another).
//!
//! `cargo run -p faceauth-example-quickstart --bin quickstart-progeny -- http://127.0.0.1:8080/progeny`

use faceauth_clients::progeny::{self, AuthenticateFaceUpload, PollOptions, RegisterFaceUpload};
use faceauth_clients::{FaceImage, HasOutcome};
use faceauth_example_quickstart::{base_url, credential_refused, env_or, refused};

/// A 1x1 PNG: a stand-in for a face (Progeny documents no size limit).
const STAND_IN_FACE: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = progeny::Client::with_password(
        base_url(progeny::Server::Production)?,
        env_or("PROGENY_USERNAME", "username"),
        env_or("PROGENY_PASSWORD", "password"),
    )?;
    let face = FaceImage::from_bytes(STAND_IN_FACE)?;
    let polling = PollOptions::default();
    // Authenticating against a uuid no face was registered under: the task says no.
    let never_registered = "00000000-0000-4000-8000-000000000042";
    let created = match client
        .authenticate_face(&AuthenticateFaceUpload::new(face.clone(), never_registered))
        .await
    {
        Ok(created) => created,
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("authenticate", e),
        Err(e) => return Err(e.into()),
    };
    if client
        .wait_for_task(created.id, &polling)
        .await?
        .refusal()
        .is_some()
    {
        println!("not registered yet: no match");
    }
    let registered = match client
        .register_face_and_wait(&RegisterFaceUpload::new(face.clone()), &polling)
        .await
    {
        Ok(registered) => registered,
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("register the face", e),
        Err(e) => return Err(e.into()),
    };
    let uuid = registered
        .result
        .and_then(|r| r.data)
        .and_then(|d| d.uuid)
        .ok_or("no face registered")?;
    println!("registered as {uuid}");
    // Someone else's face: the stand-in with one byte of its pixel changed.
    let mut other = STAND_IN_FACE.to_vec();
    other[STAND_IN_FACE.len() - 20] ^= 0x01;
    for (who, image) in [
        ("registered face", face),
        ("another face", FaceImage::from_bytes(other)?),
    ] {
        let created = client
            .authenticate_face(&AuthenticateFaceUpload::new(image, uuid.to_string()))
            .await?;
        let task = client.wait_for_task(created.id, &polling).await?;
        // A finished task whose authentication says no is a refusal, as every vendor's.
        match task.refusal() {
            None => println!("{who}: same person"),
            Some(refusal) => println!("{who}: no match ({})", refusal.reason.unwrap_or_default()),
        }
    }
    println!("ok: progeny");
    Ok(())
}
