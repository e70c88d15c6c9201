//! A vendor that reports every outcome in one JSON envelope (ADVANCE.AI's `code` and `message`,
//! [`Vendor::coded_envelope`](crate::Vendor::coded_envelope)): the envelope is read whatever
//! HTTP status carries it, and its code and message survive a body the operation's types
//! cannot decode ([`Evidence::body_code`](crate::Evidence::body_code)).

/// How a vendor that answers every outcome in one JSON envelope says what happened: the member
/// that holds the code, the one that holds the message, and the code of a success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodedEnvelope {
    /// The member that holds the code (`code`).
    pub code: &'static str,
    /// The member that holds the message (`message`).
    pub message: &'static str,
    /// The code of a success (`SUCCESS`).
    pub success: &'static str,
    /// The code of a refused credential (`IAM_FAILED`), where the vendor has one.
    pub credential_refused: Option<&'static str>,
}

/// A vendor's code and message, read from its envelope in a body the operation's types could not
/// use ([`Evidence::body_code`](crate::Evidence::body_code)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BodyCode {
    /// The code (`PARAMETER_ERROR`).
    pub code: String,
    /// The message, if the envelope has one.
    pub message: Option<String>,
    /// Whether the code is a refusal (anything but the vendor's success code).
    pub refused: bool,
    /// Whether the code is the vendor's refusal of the credential
    /// ([`Vendor::credential_refusal_code`](crate::Vendor::credential_refusal_code)).
    pub credential: bool,
}

impl CodedEnvelope {
    /// The code and message of `body`, if it is a JSON object whose code member is a string.
    pub fn read(&self, body: &[u8]) -> Option<BodyCode> {
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(body).ok()?;
        let code = object.get(self.code)?.as_str()?.to_owned();
        let message = object
            .get(self.message)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        Some(BodyCode {
            refused: code != self.success,
            credential: Some(code.as_str()) == self.credential_refused,
            code,
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVANCE: CodedEnvelope = CodedEnvelope {
        code: "code",
        message: "message",
        success: "SUCCESS",
        credential_refused: Some("IAM_FAILED"),
    };

    #[test]
    fn the_code_and_message_of_an_envelope_are_read_and_nothing_else_is() {
        let read = |body: &str| ADVANCE.read(body.as_bytes());
        assert_eq!(
            read(
                r#"{"code": "CLIENT_ERROR", "message": "HTTP 400 - Bad Request", "extra": {"x": 1}}"#
            ),
            Some(BodyCode {
                code: "CLIENT_ERROR".into(),
                message: Some("HTTP 400 - Bad Request".into()),
                refused: true,
                credential: false,
            })
        );
        assert_eq!(
            read(r#"{"code": "SUCCESS"}"#),
            Some(BodyCode {
                code: "SUCCESS".into(),
                message: None,
                refused: false,
                credential: false,
            })
        );
        // Not an envelope: no code member, a code that is not a string, not an object, not JSON.
        for other in [
            r#"{"message": "x"}"#,
            r#"{"code": 400}"#,
            r#"["code"]"#,
            "<html>",
            "",
        ] {
            assert_eq!(read(other), None, "{other}");
        }
        // The credential's refusal is told apart from the others.
        assert!(read(r#"{"code": "IAM_FAILED", "message": "x"}"#).is_some_and(|c| c.credential));
    }
}
