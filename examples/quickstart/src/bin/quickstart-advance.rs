//! ADVANCE.AI face authentication: a token from the access and secret keys, enrolment of a
//! reference face, the hosted authentication page, its result, deletion.
//!
//! `cargo run -p faceauth-example-quickstart --bin quickstart-advance -- http://127.0.0.1:8080/advance`

use faceauth_clients::advance::{self, types::*};
use faceauth_clients::{EncodedImage, FaceImage, HasOutcome};
use faceauth_example_quickstart::{base_url, credential_refused, env_or, refused};

/// A 256x256 PNG, the smallest face ADVANCE.AI accepts (a stand-in: a real one is a photo).
fn stand_in_face() -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    png.extend(b"IHDR");
    png.extend(256u32.to_be_bytes());
    png.extend(256u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = advance::Client::with_access_key(
        base_url(advance::Server::Singapore)?,
        env_or("ADVANCE_ACCESS_KEY", "access-key"),
        env_or("ADVANCE_SECRET_KEY", "secret-key"),
    )?;
    // Checked against ADVANCE.AI's image rules before it is sent.
    let face = EncodedImage::from_image(
        &FaceImage::from_bytes(stand_in_face())?,
        &advance::IMAGE_RULES,
    )?;
    let region = SaveEnrollRequestRegion::new("PHL")?;
    // A refusal in the body (ADVANCE.AI answers them in HTTP 200) is an error, as every vendor's.
    match client
        .save_enroll(&SaveEnrollRequest::new(face, "user-42", region))
        .await
    {
        Ok(_) => println!("enrolled"),
        Err(e) if e.is_credential_refused() => credential_refused(e),
        Err(e) if e.is_refused() => refused("enrol", e),
        Err(e) => return Err(e.into()),
    }
    let page = GenerateUrlRequest::new(
        "https://example.com/done",
        "user-42",
        GenerateUrlRequestRegion::new("PHL")?,
    );
    let link = client.generate_face_authentication_url(&page).await?;
    let signature_id = link
        .data
        .as_ref()
        .map(|d| d.signature_id.clone())
        .ok_or("no signature id")?;
    let result = client
        .get_result(&GetResultRequest::new(signature_id))
        .await?;
    println!("result: {:?}", result.outcome());
    client.delete_enroll(&UserIdRequest::new("user-42")).await?;
    println!("ok: advance");
    Ok(())
}
