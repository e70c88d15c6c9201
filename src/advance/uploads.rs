//! The requests of ADVANCE.AI's multipart operations, built as the generated requests are:
//! `new(required…)` and a setter per optional part. Each image is a [`FaceImage`], checked
//! against [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent and sent under its
//! [`FaceImage::file_name`].

use super::types::FaceComparisonRequestRegion;
use crate::FaceImage;

/// Face Search's Add Face ([`Client::add_face`](super::Client::add_face)): a face to store in a
/// face set, with the details the vendor keeps with it.
///
/// ```
/// use faceauth_clients::advance::AddFaceUpload;
/// use faceauth_clients::FaceImage;
///
/// let face = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n...".to_vec()).unwrap();
/// let upload = AddFaceUpload::new("1", face).external_reference_id("customer-42").country("IDN");
/// assert_eq!(upload.external_reference_id.as_deref(), Some("customer-42"));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AddFaceUpload {
    /// The face set the face is stored in (`faceSetId`).
    pub face_set_id: String,
    /// The face to store (`faceImage`).
    pub face_image: FaceImage,
    /// Your own id for the face, returned with it by a search (`externalReferenceId`).
    pub external_reference_id: Option<String>,
    /// The person's identity document number (`idNumber`).
    pub id_number: Option<String>,
    /// The kind of identity document (`idCardType`).
    pub id_card_type: Option<String>,
    /// The person's country (`country`).
    pub country: Option<String>,
    /// The person's name (`name`).
    pub name: Option<String>,
}

impl AddFaceUpload {
    /// The face `face_image` for the face set `face_set_id`, without details.
    pub fn new(face_set_id: impl Into<String>, face_image: FaceImage) -> Self {
        Self {
            face_set_id: face_set_id.into(),
            face_image,
            external_reference_id: None,
            id_number: None,
            id_card_type: None,
            country: None,
            name: None,
        }
    }

    /// Your own id for the face.
    pub fn external_reference_id(mut self, value: impl Into<String>) -> Self {
        self.external_reference_id = Some(value.into());
        self
    }

    /// The person's identity document number.
    pub fn id_number(mut self, value: impl Into<String>) -> Self {
        self.id_number = Some(value.into());
        self
    }

    /// The kind of identity document.
    pub fn id_card_type(mut self, value: impl Into<String>) -> Self {
        self.id_card_type = Some(value.into());
        self
    }

    /// The person's country.
    pub fn country(mut self, value: impl Into<String>) -> Self {
        self.country = Some(value.into());
        self
    }

    /// The person's name.
    pub fn name(mut self, value: impl Into<String>) -> Self {
        self.name = Some(value.into());
        self
    }
}

/// Face Search (1:N, [`Client::search_faces`](super::Client::search_faces)): the faces of a face
/// set most like a query face.
///
/// ```
/// use faceauth_clients::advance::FaceSearchUpload;
/// use faceauth_clients::FaceImage;
///
/// let query = FaceImage::from_bytes(b"\xff\xd8\xff...".to_vec()).unwrap();
/// let upload = FaceSearchUpload::new("1", query).top_k(5).threshold(75.0);
/// assert_eq!(upload.top_k, Some(5));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FaceSearchUpload {
    /// The face set to search (`faceSetId`).
    pub face_set_id: String,
    /// The face to look for (`faceImage`).
    pub face_image: FaceImage,
    /// At most this many faces (`topK`; the vendor's default is 20).
    pub top_k: Option<i32>,
    /// Only faces at least this similar, 0 to 100 (`threshold`; the vendor's default is 80).
    pub threshold: Option<f64>,
}

impl FaceSearchUpload {
    /// A search of the face set `face_set_id` for `face_image`, with the vendor's defaults.
    pub fn new(face_set_id: impl Into<String>, face_image: FaceImage) -> Self {
        Self {
            face_set_id: face_set_id.into(),
            face_image,
            top_k: None,
            threshold: None,
        }
    }

    /// At most this many faces.
    pub fn top_k(mut self, value: i32) -> Self {
        self.top_k = Some(value);
        self
    }

    /// Only faces at least this similar (0 to 100).
    pub fn threshold(mut self, value: f64) -> Self {
        self.threshold = Some(value);
        self
    }
}

/// Face Comparison, v4 ([`Client::compare_faces`](super::Client::compare_faces)): two faces to
/// compare.
///
/// ```
/// use faceauth_clients::advance::CompareFacesUpload;
/// use faceauth_clients::FaceImage;
///
/// let id_card = FaceImage::from_bytes(b"\xff\xd8\xff...".to_vec()).unwrap();
/// let selfie = FaceImage::from_bytes(b"\xff\xd8\xff...".to_vec()).unwrap();
/// let upload = CompareFacesUpload::new(id_card, selfie);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CompareFacesUpload {
    /// The first face (`firstImage`): its largest face is compared.
    pub first_image: FaceImage,
    /// The second face (`secondImage`): its largest face is compared.
    pub second_image: FaceImage,
}

impl CompareFacesUpload {
    /// A comparison of the largest faces of `first_image` and `second_image`.
    pub fn new(first_image: FaceImage, second_image: FaceImage) -> Self {
        Self {
            first_image,
            second_image,
        }
    }
}

/// Face Comparison, the newer page ([`Client::face_comparison`](super::Client::face_comparison)):
/// two faces to compare, for a region.
///
/// ```
/// use faceauth_clients::advance::FaceComparisonUpload;
/// use faceauth_clients::FaceImage;
///
/// let first = FaceImage::from_bytes(b"\xff\xd8\xff...".to_vec()).unwrap();
/// let second = FaceImage::from_bytes(b"\xff\xd8\xff...".to_vec()).unwrap();
/// let region = faceauth_clients::advance::types::FaceComparisonRequestRegion::new("ID").unwrap();
/// let upload = FaceComparisonUpload::new(first, second, region);
/// assert_eq!(upload.region.as_str(), "ID");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FaceComparisonUpload {
    /// The first face (`firstImage`).
    pub first_image: FaceImage,
    /// The second face (`secondImage`).
    pub second_image: FaceImage,
    /// The region, an ISO 3166-1 alpha-2 country code (`region`).
    pub region: FaceComparisonRequestRegion,
}

impl FaceComparisonUpload {
    /// A comparison of `first_image` and `second_image` for `region` (ISO 3166-1 alpha-2).
    pub fn new(
        first_image: FaceImage,
        second_image: FaceImage,
        region: impl Into<FaceComparisonRequestRegion>,
    ) -> Self {
        Self {
            first_image,
            second_image,
            region: region.into(),
        }
    }
}
