//! Face images. Face images are biometric data: nothing here prints their bytes. `Debug` shows
//! only their kind and size.
//!
//! Before an image is sent, it is checked against what the vendor documents ([`ImageRules`]),
//! from the bytes' own header, without decoding the image.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
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

/// What a vendor documents about the images it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageRules {
    /// Who documents these rules, for error messages.
    pub vendor: &'static str,
    /// The largest accepted file, in bytes.
    pub max_bytes: Option<usize>,
    /// The smallest accepted width and height, in pixels.
    pub min_dimensions: Option<(u32, u32)>,
    /// The largest accepted width and height, in pixels.
    pub max_dimensions: Option<(u32, u32)>,
}

impl ImageRules {
    /// Checks `image` against the rules, reading only its header.
    pub fn check(&self, image: &FaceImage) -> Result<(), ImageError> {
        if let Some(max) = self.max_bytes {
            if image.len() > max {
                return Err(ImageError::TooLarge {
                    vendor: self.vendor,
                    max_bytes: max,
                    actual: image.len(),
                });
            }
        }
        if self.min_dimensions.is_none() && self.max_dimensions.is_none() {
            return Ok(());
        }
        let (width, height) = image.dimensions()?;
        if let Some((min_w, min_h)) = self.min_dimensions {
            if width < min_w || height < min_h {
                return Err(ImageError::DimensionsOutOfRange {
                    vendor: self.vendor,
                    actual: (width, height),
                    min: self.min_dimensions,
                    max: self.max_dimensions,
                });
            }
        }
        if let Some((max_w, max_h)) = self.max_dimensions {
            if width > max_w || height > max_h {
                return Err(ImageError::DimensionsOutOfRange {
                    vendor: self.vendor,
                    actual: (width, height),
                    min: self.min_dimensions,
                    max: self.max_dimensions,
                });
            }
        }
        Ok(())
    }
}

/// A face image to send.
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
    /// The file name an upload sends it under, where the caller chose one.
    file_name: Option<String>,
}

impl FaceImage {
    /// An image from its bytes; refused unless it is a PNG or a JPEG.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Result<Self, ImageError> {
        let bytes = bytes.into();
        let kind = ImageKind::sniff(&bytes).ok_or(ImageError::UnsupportedFormat)?;
        Ok(Self {
            bytes,
            kind,
            file_name: None,
        })
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

    /// Width and height in pixels, read from the header (the image is not decoded).
    pub fn dimensions(&self) -> Result<(u32, u32), ImageError> {
        let size = imagesize::blob_size(&self.bytes).map_err(|_| ImageError::UnreadableHeader)?;
        let width = u32::try_from(size.width).map_err(|_| ImageError::UnreadableHeader)?;
        let height = u32::try_from(size.height).map_err(|_| ImageError::UnreadableHeader)?;
        Ok((width, height))
    }

    /// This image, sent under `file_name` in a multipart upload (a vendor may show it back, as
    /// ADVANCE.AI's form examples name their files); never printed by `Debug`.
    ///
    /// ```
    /// use faceauth_clients::FaceImage;
    ///
    /// let image = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n rest".to_vec()).unwrap();
    /// assert_eq!(image.file_name(), "face.png");
    /// assert_eq!(image.with_file_name("selfie.png").file_name(), "selfie.png");
    /// ```
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The file name sent with a multipart upload: the one given with
    /// [`FaceImage::with_file_name`], else `face.png` or `face.jpg`.
    pub fn file_name(&self) -> String {
        match &self.file_name {
            Some(name) => name.clone(),
            None => format!("face.{}", self.kind.extension()),
        }
    }

    /// The image's bytes (biometric data: never printed), for an upload.
    pub(crate) fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The image's bytes, as given. Biometric data: the crate never prints or records them; what
    /// the caller does with them is the caller's.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The image as standard base64 text.
    pub(crate) fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.bytes)
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

/// A face image as JSON text: an http(s) URL, or base64 image bytes (plain or as a data URL), as
/// the vendors that take JSON bodies document it. Serialises as the plain string; `Debug` and
/// `Display` show only what kind of text it is and its length.
///
/// ```
/// use faceauth_clients::image::EncodedImage;
///
/// let url = EncodedImage::from("https://example.com/face.jpg");
/// assert_eq!(format!("{url:?}"), "EncodedImage(url, 28 chars)");
/// let b64 = EncodedImage::from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB");
/// assert_eq!(format!("{b64:?}"), "EncodedImage(base64, 32 chars)");
/// assert_eq!(serde_json::to_string(&b64).unwrap(), "\"iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB\"");
/// ```
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct EncodedImage(String);

impl EncodedImage {
    /// Encodes `image` as base64, after checking it against `rules`.
    pub fn from_image(image: &FaceImage, rules: &ImageRules) -> Result<Self, ImageError> {
        rules.check(image)?;
        Ok(Self(image.to_base64()))
    }

    /// An image by its URL.
    pub fn from_url(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The text as sent. It is the image itself when it is not a URL: do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn kind(&self) -> &'static str {
        let text = self.0.trim_start();
        if text.starts_with("http://") || text.starts_with("https://") {
            "url"
        } else if text.starts_with("data:") {
            "data URL"
        } else {
            "base64"
        }
    }
}

impl From<&str> for EncodedImage {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<String> for EncodedImage {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl std::str::FromStr for EncodedImage {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(text.to_owned()))
    }
}

impl fmt::Debug for EncodedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncodedImage({}, {} chars)", self.kind(), self.0.len())
    }
}

impl fmt::Display for EncodedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} image, {} chars>", self.kind(), self.0.len())
    }
}

/// Why an image was refused before sending. Says which documented rule failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageError {
    /// The bytes are neither a PNG nor a JPEG.
    UnsupportedFormat,
    /// The header does not give the image's dimensions.
    UnreadableHeader,
    /// The file is larger than the vendor accepts.
    TooLarge {
        /// The vendor.
        vendor: &'static str,
        /// The documented limit.
        max_bytes: usize,
        /// The image's size.
        actual: usize,
    },
    /// The width or height is outside what the vendor accepts.
    DimensionsOutOfRange {
        /// The vendor.
        vendor: &'static str,
        /// The image's width and height.
        actual: (u32, u32),
        /// The documented minimum.
        min: Option<(u32, u32)>,
        /// The documented maximum.
        max: Option<(u32, u32)>,
    },
    /// The file could not be read.
    Read(String),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims = |d: &Option<(u32, u32)>| d.map_or("-".to_owned(), |(w, h)| format!("{w}x{h}"));
        match self {
            Self::UnsupportedFormat => f.write_str("the image is neither a PNG nor a JPEG"),
            Self::UnreadableHeader => {
                f.write_str("the image's header does not give its dimensions")
            }
            Self::TooLarge {
                vendor,
                max_bytes,
                actual,
            } => write!(
                f,
                "the image is {actual} bytes; {vendor} accepts at most {max_bytes} bytes"
            ),
            Self::DimensionsOutOfRange {
                vendor,
                actual: (w, h),
                min,
                max,
            } => write!(
                f,
                "the image is {w}x{h} pixels; {vendor} accepts {} to {}",
                dims(min),
                dims(max)
            ),
            Self::Read(why) => write!(f, "cannot read the image: {why}"),
        }
    }
}

impl std::error::Error for ImageError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header (signature and IHDR) of the given size; no pixel data is needed.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    const RULES: ImageRules = ImageRules {
        vendor: "acme",
        max_bytes: Some(100),
        min_dimensions: Some((256, 256)),
        max_dimensions: Some((4096, 4096)),
    };

    #[test]
    fn dimensions_come_from_the_header() {
        let image = FaceImage::from_bytes(png_header(640, 480)).unwrap();
        assert_eq!(image.dimensions().unwrap(), (640, 480));
        assert_eq!(RULES.check(&image), Ok(()));
    }

    #[test]
    fn each_rule_says_what_failed() {
        let small = FaceImage::from_bytes(png_header(255, 300)).unwrap();
        let err = RULES.check(&small).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the image is 255x300 pixels; acme accepts 256x256 to 4096x4096"
        );
        let huge = FaceImage::from_bytes(png_header(4097, 300)).unwrap();
        assert!(matches!(
            RULES.check(&huge),
            Err(ImageError::DimensionsOutOfRange { .. })
        ));
        let mut heavy = png_header(300, 300);
        heavy.resize(101, 0);
        let heavy = FaceImage::from_bytes(heavy).unwrap();
        assert_eq!(
            RULES.check(&heavy).unwrap_err().to_string(),
            "the image is 101 bytes; acme accepts at most 100 bytes"
        );
        let truncated = FaceImage::from_bytes(b"\x89PNG\r\n\x1a\n".to_vec()).unwrap();
        assert_eq!(RULES.check(&truncated), Err(ImageError::UnreadableHeader));
    }

    #[test]
    fn encoded_images_never_print_their_text() {
        let image = FaceImage::from_bytes(png_header(300, 300)).unwrap();
        let encoded = EncodedImage::from_image(&image, &RULES).unwrap();
        let printed = format!("{encoded:?} {encoded}");
        assert!(!printed.contains(encoded.expose()));
        assert!(printed.contains("base64"));
        assert_eq!(
            format!("{:?}", EncodedImage::from("data:image/png;base64,AAAA")),
            "EncodedImage(data URL, 26 chars)"
        );
    }
}
