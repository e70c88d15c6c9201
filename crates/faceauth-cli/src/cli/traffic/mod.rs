//! Reading a traffic file as a stream of recorded responses: a traffic recorder's JSON lines, or
//! a HAR file, told apart by the document's first key. Either is read piece by piece (a line, an
//! entry) and never held whole, so memory stays flat whatever the file's size.

mod bounded_lines;
mod har;
pub mod progress;
mod recorder_lines;

use std::fmt;
use std::io::{self, BufRead, Cursor, Read};

use faceauth_clients::OperationMeta;
use faceauth_conformance::report::Place;
use faceauth_conformance::ResponseBody;

/// One recorded response, as the drift check takes it; borrowed from the line or entry read.
pub struct Recorded<'a> {
    /// Where it is in the file.
    pub place: Place,
    /// The operation it answered.
    pub operation: &'static OperationMeta,
    /// Its HTTP status.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: Option<&'a str>,
    /// Its body.
    pub body: ResponseBody<'a>,
    /// When it was received, where the traffic says: a HAR entry's `startedDateTime`, else
    /// the response's `Date` header.
    pub time: Option<chrono::DateTime<chrono::Utc>>,
    /// The secret values its request sent (a HAR entry's credential headers, cookies and
    /// secret fields), which drift's findings must not show if the response echoes them.
    pub sent_secrets: Vec<String>,
}

/// Why a traffic file could not be read to its end.
#[derive(Debug)]
pub enum TrafficError {
    /// The stream failed.
    Read(io::Error),
    /// The file as a whole is not a traffic file.
    File(String),
    /// A line or entry is not a recorded response.
    At(Place, String),
}

impl fmt::Display for TrafficError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(e) => write!(f, "cannot read it: {e}"),
            Self::File(reason) => f.write_str(reason),
            Self::At(place, reason) => write!(f, "{place}: {reason}"),
        }
    }
}

/// What a whole file held besides the responses it handed on.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// HAR entries that call no vendor's documented API.
    pub ignored_entries: u64,
    /// Lines read (a traffic recorder's file), blank ones included.
    pub lines: u64,
    /// HAR entries read.
    pub entries: u64,
}

/// Reads `reader` to its end, handing each recorded response to `check` (which fails only when
/// a spec cannot be loaded) and reporting progress (pieces read, bytes read) to `progress`.
pub fn read(
    mut reader: impl BufRead,
    check: &mut dyn FnMut(Recorded<'_>) -> Result<(), String>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Summary, TrafficError> {
    // The first bytes say which format it is; they are read again by the format's reader.
    let mut start = Vec::new();
    reader
        .by_ref()
        .take(SNIFF_BYTES)
        .read_to_end(&mut start)
        .map_err(TrafficError::Read)?;
    let is_har = first_key(&start) == Some("log");
    let reader = Cursor::new(start).chain(reader);
    if is_har {
        let (ignored_entries, entries) = har::read(reader, check, progress)?;
        Ok(Summary {
            ignored_entries,
            entries,
            lines: 0,
        })
    } else {
        let lines = recorder_lines::read(reader, check, progress)?;
        Ok(Summary {
            lines,
            ..Summary::default()
        })
    }
}

/// A recorded time: RFC 3339 (a HAR's `startedDateTime`) or an HTTP date (`Date`, RFC 9110's
/// IMF-fixdate, which RFC 2822's reader takes); `None` when it is neither.
pub fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(text))
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// Enough of the start to see the first key of a document.
const SNIFF_BYTES: u64 = 4096;

/// The first key of the JSON object `text` starts with (after white space), if it has one
/// within the bytes given: `log` for a HAR file, `vendor` for a recorder's line.
fn first_key(text: &[u8]) -> Option<&str> {
    let rest = text
        .trim_ascii_start()
        .strip_prefix(b"{")?
        .trim_ascii_start();
    let rest = rest.strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    std::str::from_utf8(&rest[..end]).ok()
}

/// A serde_json error's reason without its position (which is the position in a line or entry,
/// not in the file, and so misleading beside the place the caller names).
fn serde_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_key_tells_the_formats_apart() {
        assert_eq!(first_key(b"  {\n  \"log\": {"), Some("log"));
        assert_eq!(first_key(b"{\"vendor\":\"verisoul\"}\n"), Some("vendor"));
        assert_eq!(first_key(b"[1]"), None);
        assert_eq!(first_key(b""), None);
    }

    #[test]
    fn a_recorder_file_is_read_line_by_line_and_blank_lines_are_skipped() {
        let text = "{\"vendor\":\"verisoul\",\"operation\":\"deleteAccount\",\"status\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":{\"a\":1,\"a\":2}}\n\n{\"vendor\":\"verisoul\",\"operation\":\"deleteAccount\",\"status\":500,\"body_text\":\"<html>\"}";
        let mut seen = Vec::new();
        let mut check = |r: Recorded<'_>| {
            let body = match r.body {
                ResponseBody::Json { value, duplicates } => {
                    format!("{value} {}", duplicates.len())
                }
                ResponseBody::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            };
            seen.push((r.place, r.status, r.content_type.map(str::to_owned), body));
            Ok(())
        };
        let mut pieces = Vec::new();
        let mut progress = |n: u64, bytes: u64| pieces.push((n, bytes));
        let read = read(text.as_bytes(), &mut check, &mut progress).unwrap();
        // Three lines, the blank one counted (a shard's places move by its lines).
        assert_eq!(
            read,
            Summary {
                lines: 3,
                ..Summary::default()
            }
        );
        assert_eq!(
            seen,
            [
                (
                    Place::Line(1),
                    200,
                    Some("application/json".to_owned()),
                    "{\"a\":2} 1".to_owned()
                ),
                (Place::Line(3), 500, None, "<html>".to_owned()),
            ]
        );
        assert_eq!(pieces.last(), Some(&(3, text.len() as u64)));
    }
}
