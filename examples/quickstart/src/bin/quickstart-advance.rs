//! ADVANCE.AI face authentication: a token from the access and secret keys, enrolment of a
//! reference face (looked up before and after), the hosted authentication page, its result, a
//! face comparison, deletion.
//!
//! `cargo run -p faceauth-example-quickstart --bin quickstart-advance -- http://127.0.0.1:8080/advance`

use faceauth_clients::advance::{self, types::*, CompareFacesUpload};
use faceauth_clients::{EncodedImage, FaceImage, HasOutcome};
use faceauth_example_quickstart::{base_url, credential_refused, env_or, refused};

/// A 256x256 PNG, the smallest face ADVANCE.AI accepts (a stand-in: a real one is a photo);
/// `person` tells two stand-ins apart.
fn stand_in_face(person: u8) -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    png.extend(b"IHDR");
    png.extend(256u32.to_be_bytes());
    png.extend(256u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, person, 0, 0, 0]);
    png
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = advance::Client::with_access_key(
        base_url(advance::Server::Singapore)?,
        env_or("ADVANCE_ACCESS_KEY", "access-key"),
        env_or("ADVANCE_SECRET_KEY", "secret-key"),
    )?;
    let user = UserIdRequest::new("user-42");
    match client.get_enroll(&user).await {
        Ok(_) => println!("enrolled already"),
        Err(e) if e.is_credential_refused() => credential_refused(e),
        // An in-body refusal (PARAMETER_ERROR) for a user id never enrolled.
        Err(e) if e.is_refused() => println!("not enrolled yet: {e}"),
        Err(e) => return Err(e.into()),
    }
    // Checked against ADVANCE.AI's image rules before it is sent.
    let face = EncodedImage::from_image(
        &FaceImage::from_bytes(stand_in_face(1))?,
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
    // Two images compared: similarity 0 to 100; the vendor's guidance passes above 70, reviews
    // 55 to 70 by hand and rejects below 55.
    let compared = client
        .compare_faces(&CompareFacesUpload::new(
            FaceImage::from_bytes(stand_in_face(1))?,
            FaceImage::from_bytes(stand_in_face(2))?,
        ))
        .await?;
    match compared.data.as_ref().map(|d| d.similarity) {
        Some(s) if s > 70.0 => println!("similarity {s}: same person"),
        Some(s) if s >= 55.0 => println!("similarity {s}: review by hand"),
        Some(s) => println!("similarity {s}: another face, no match"),
        None => println!("no similarity"),
    }
    client.delete_enroll(&user).await?;
    if let Err(e) = client.get_enroll(&user).await {
        println!("deleted, not enrolled: {e}");
    }
    println!("ok: advance");
    Ok(())
}
