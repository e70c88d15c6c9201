//! Face images for the vendors that take an upload. Face images are biometric data: their `Debug`
//! shows only their kind and size, never their bytes.

use std::fmt;
use std::path::Path;

use bytes::Bytes;

/// The image formats the vendors accept, recognised from the bytes' own header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// PNG (`\x89PNG\r\n\x1a\n`).
    Png,
    /// JPEG (`\xFF\xD8\xFF`).
    Jpeg,
}

impl ImageKind {
    /// Recognises the format from the first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }

    /// The media type sent with the image.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The file extension used for the upload's file name.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }
}

/// A face image to upload.
///
/// ```
/// use faceauth_clients::{FaceImage, ImageKind};
///
/// let png = b"\x89PNG\r\n\x1a\n rest of the file".to_vec();
/// let image = FaceImage::from_bytes(png).unwrap();
/// assert_eq!(image.kind(), ImageKind::Png);
/// assert_eq!(format!("{image:?}"), "FaceImage { kind: Png, len: 25 }");
/// assert!(FaceImage::from_bytes(b"GIF89a".to_vec()).is_err());
/// ```
#[derive(Clone)]
pub struct FaceImage {
    bytes: Bytes,
    kind: ImageKind,
}

impl FaceImage {
    /// An image from its bytes; refused unless it is a PNG or a JPEG.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Result<Self, ImageError> {
        let bytes = bytes.into();
        let kind = ImageKind::sniff(&bytes).ok_or(ImageError::UnsupportedFormat)?;
        Ok(Self { bytes, kind })
    }

    /// An image read from a file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ImageError> {
        let bytes = std::fs::read(path.as_ref()).map_err(|e| ImageError::Read(e.to_string()))?;
        Self::from_bytes(bytes)
    }

    /// The image's format.
    pub fn kind(&self) -> ImageKind {
        self.kind
    }

    /// The image's size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the image has no bytes (never true for a recognised image).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The file name sent with a multipart upload: `face.png` or `face.jpg`.
    pub fn file_name(&self) -> String {
        format!("face.{}", self.kind.extension())
    }

    /// The image as a multipart file part.
    pub(crate) fn multipart_part(&self) -> reqwest::multipart::Part {
        reqwest::multipart::Part::stream(self.bytes.clone())
            .file_name(self.file_name())
            .mime_str(self.kind.mime_type())
            .expect("a static, valid media type")
    }
}

impl fmt::Debug for FaceImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaceImage")
            .field("kind", &self.kind)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Why an image was refused before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageError {
    /// The bytes are neither a PNG nor a JPEG.
    UnsupportedFormat,
    /// The file could not be read.
    Read(String),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedFormat => f.write_str("the image is neither a PNG nor a JPEG"),
            Self::Read(why) => write!(f, "cannot read the image: {why}"),
        }
    }
}

impl std::error::Error for ImageError {}
