//! The mock's reserved test faces: images that produce the documented outcomes no enrolment can
//! (no face found, a face too small), wherever a spec's `x-faceauth-state` names them under
//! `test-faces`. They are recognised by their bytes (an uploaded file) or by their file name at
//! the end of an image URL (`https://example.com/faceauth-test/no-face.png`), so an application
//! can reach its failure branches without a `Prefer` header.

/// One reserved test face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestFace {
    /// The name a spec's `test-faces` gives it.
    pub name: &'static str,
    /// Its file name (`faceauth mock --print-test-faces DIR` writes it so).
    pub file_name: &'static str,
    /// What it stands for.
    pub stands_for: &'static str,
    /// The image (a PNG).
    pub bytes: &'static [u8],
}

/// Every reserved test face.
pub const TEST_FACES: &[TestFace] = &[
    TestFace {
        name: "no-face",
        file_name: "no-face.png",
        stands_for: "an image in which the vendor finds no face",
        bytes: include_bytes!("../test-faces/no-face.png"),
    },
    TestFace {
        name: "small-face",
        file_name: "small-face.png",
        stands_for: "a face too small to check (too few pixels between the eyes)",
        bytes: include_bytes!("../test-faces/small-face.png"),
    },
];

/// The test face `name`, if it is one.
pub fn test_face(name: &str) -> Option<&'static TestFace> {
    TEST_FACES.iter().find(|face| face.name == name)
}

impl TestFace {
    /// Whether a request's value is this face: the file's bytes, or text (an image URL) whose
    /// last path segment is its file name.
    pub(crate) fn is(&self, value: FaceValue<'_>) -> bool {
        match value {
            FaceValue::File(bytes) => bytes == self.bytes,
            FaceValue::Text(text) => {
                let path = text.split(['?', '#']).next().unwrap_or_default();
                path.rsplit('/').next() == Some(self.file_name)
            }
        }
    }
}

/// A face as a request carries it.
#[derive(Clone, Copy)]
pub(crate) enum FaceValue<'a> {
    File(&'a [u8]),
    Text(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_test_face_is_a_distinct_png_known_by_bytes_and_url() {
        for face in TEST_FACES {
            assert!(
                face.bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{}",
                face.name
            );
            assert!(face.is(FaceValue::File(face.bytes)));
            let url = format!("https://example.com/faces/{}?size=large", face.file_name);
            assert!(face.is(FaceValue::Text(&url)));
            assert!(!face.is(FaceValue::Text("https://example.com/faces/mine.png")));
            assert!(!face.is(FaceValue::File(b"\x89PNG\r\n\x1a\nsomething else")));
        }
        assert_ne!(TEST_FACES[0].bytes, TEST_FACES[1].bytes);
        assert_eq!(
            test_face("small-face").map(|f| f.file_name),
            Some("small-face.png")
        );
        assert_eq!(test_face("spoof"), None);
    }
}
