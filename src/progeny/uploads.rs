//! The requests of Progeny's multipart operations, built as the generated requests are:
//! `new(required…)` and a setter per optional part. The image is a [`FaceImage`], checked against
//! [`IMAGE_RULES`](super::IMAGE_RULES) before anything is sent.

use crate::FaceImage;

/// Registers a face ([`Client::register_face`](super::Client::register_face)): the liveness check
/// runs on it and, if it passes, the face is stored under a new UUID.
///
/// ```
/// use faceauth_clients::progeny::RegisterFaceUpload;
/// use faceauth_clients::FaceImage;
///
/// let face = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n...".to_vec()).unwrap();
/// let upload = RegisterFaceUpload::new(face).extend_data(true);
/// assert_eq!(upload.extend_data, Some(true));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RegisterFaceUpload {
    /// The face to register (`image`).
    pub image: FaceImage,
    /// Whether the task's result carries the face provider's raw response (`extend_data`).
    pub extend_data: Option<bool>,
}

impl RegisterFaceUpload {
    /// A registration of `image`.
    pub fn new(image: FaceImage) -> Self {
        Self {
            image,
            extend_data: None,
        }
    }

    /// Whether the task's result carries the face provider's raw response.
    pub fn extend_data(mut self, value: bool) -> Self {
        self.extend_data = Some(value);
        self
    }
}

/// Authenticates a face ([`Client::authenticate_face`](super::Client::authenticate_face)):
/// whether it is of a live person and resembles the face registered under a UUID.
///
/// ```
/// use faceauth_clients::progeny::AuthenticateFaceUpload;
/// use faceauth_clients::FaceImage;
///
/// let face = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n...".to_vec()).unwrap();
/// let upload = AuthenticateFaceUpload::new(face, "d3da2b7a-b062-11ec-b3b9-0242ac190002");
/// assert_eq!(upload.registered_uuid, "d3da2b7a-b062-11ec-b3b9-0242ac190002");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AuthenticateFaceUpload {
    /// The face to authenticate (`image`).
    pub image: FaceImage,
    /// The UUID the registration's task result gave the user's face (`uuid`).
    pub registered_uuid: String,
    /// Whether the task's result carries the face provider's raw response (`extend_data`).
    pub extend_data: Option<bool>,
}

impl AuthenticateFaceUpload {
    /// An authentication of `image` against the face registered as `registered_uuid`.
    pub fn new(image: FaceImage, registered_uuid: impl Into<String>) -> Self {
        Self {
            image,
            registered_uuid: registered_uuid.into(),
            extend_data: None,
        }
    }

    /// Whether the task's result carries the face provider's raw response.
    pub fn extend_data(mut self, value: bool) -> Self {
        self.extend_data = Some(value);
        self
    }
}

/// A liveness check of a face, without registration
/// ([`Client::face_liveness`](super::Client::face_liveness)).
///
/// ```
/// use faceauth_clients::progeny::FaceLivenessUpload;
/// use faceauth_clients::FaceImage;
///
/// let face = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n...".to_vec()).unwrap();
/// let upload = FaceLivenessUpload::new(face);
/// assert_eq!(upload.extend_data, None);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FaceLivenessUpload {
    /// The face to check (`image`).
    pub image: FaceImage,
    /// Whether the task's result carries the face provider's raw response (`extend_data`).
    pub extend_data: Option<bool>,
}

impl FaceLivenessUpload {
    /// A liveness check of `image`.
    pub fn new(image: FaceImage) -> Self {
        Self {
            image,
            extend_data: None,
        }
    }

    /// Whether the task's result carries the face provider's raw response.
    pub fn extend_data(mut self, value: bool) -> Self {
        self.extend_data = Some(value);
        self
    }
}

/// The legacy v2 authorization ([`Client::legacy_authorize`](super::Client::legacy_authorize)):
/// a face and the UUID of the face it must match.
///
/// ```
/// use faceauth_clients::progeny::LegacyAuthorizeUpload;
/// use faceauth_clients::FaceImage;
///
/// let face = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n...".to_vec()).unwrap();
/// let upload = LegacyAuthorizeUpload::new(face, "d3da2b7a-b062-11ec-b3b9-0242ac190002");
/// assert_eq!(upload.registered_uuid, "d3da2b7a-b062-11ec-b3b9-0242ac190002");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LegacyAuthorizeUpload {
    /// The face to authorize (`image`).
    pub image: FaceImage,
    /// The UUID of the registered face it must match (`uuid`).
    pub registered_uuid: String,
}

impl LegacyAuthorizeUpload {
    /// An authorization of `image` against the face registered as `registered_uuid`.
    pub fn new(image: FaceImage, registered_uuid: impl Into<String>) -> Self {
        Self {
            image,
            registered_uuid: registered_uuid.into(),
        }
    }
}

/// The legacy v2 liveness check ([`Client::legacy_liveness`](super::Client::legacy_liveness)).
///
/// ```
/// use faceauth_clients::progeny::LegacyLivenessUpload;
/// use faceauth_clients::FaceImage;
///
/// let face = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n...".to_vec()).unwrap();
/// let upload = LegacyLivenessUpload::new(face);
/// assert_eq!(upload.image.len(), 11);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LegacyLivenessUpload {
    /// The face to check (`image`).
    pub image: FaceImage,
}

impl LegacyLivenessUpload {
    /// A liveness check of `image`.
    pub fn new(image: FaceImage) -> Self {
        Self { image }
    }
}
