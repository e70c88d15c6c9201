//! A traffic recorder's file: one JSON line per response (`{"vendor", "operation", "status",
//! "headers", "body"}`), read line by line, each line parsed once.

use std::borrow::Cow;
use std::io::BufRead;

use faceauth_clients::json_members::{JsonMembers, LastWins};
use faceauth_clients::{Vendor, MAX_BODY_BYTES};
use faceauth_conformance::report::Place;
use faceauth_conformance::ResponseBody;
use serde::Deserialize;

use super::bounded_lines::{BoundedLines, Line};
use super::{serde_reason, Recorded, TrafficError};

/// The longest line read: a body at the client's limit ([`MAX_BODY_BYTES`]; the clients refuse
/// a longer one, so no recorded line holds more) and 64 KiB for the envelope and the headers.
pub const MAX_LINE_BYTES: usize = MAX_BODY_BYTES + 64 * 1024;

/// One line as the recorder writes it; the strings borrowed from the line where they can be.
#[derive(Deserialize)]
struct RecordLine<'a> {
    #[serde(borrow)]
    vendor: Cow<'a, str>,
    #[serde(borrow)]
    operation: Cow<'a, str>,
    status: u16,
    #[serde(default, borrow)]
    headers: Headers<'a>,
    /// Present even when `null` (a body that is JSON's `null`).
    #[serde(default, deserialize_with = "present")]
    body: Option<LastWins>,
    #[serde(borrow)]
    body_text: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
struct Headers<'a> {
    #[serde(rename = "content-type", borrow)]
    content_type: Option<Cow<'a, str>>,
    /// The response's `Date`: when the vendor answered.
    #[serde(borrow)]
    date: Option<Cow<'a, str>>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<LastWins>, D::Error> {
    LastWins::deserialize(d).map(Some)
}

/// The same line read again for its body's every member: only for a body that repeats a key.
#[derive(Deserialize)]
struct BodyMembers {
    body: JsonMembers,
}

/// Reads every line of `reader`, handing each recorded response to `check`; `progress` gets the
/// line number and the bytes read after each. Blank lines are skipped (and counted: the number
/// of lines read is returned, so that a shard's places can be moved to the whole file's).
pub fn read(
    reader: impl BufRead,
    check: &mut dyn FnMut(Recorded<'_>) -> Result<(), String>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64, TrafficError> {
    let mut lines = BoundedLines::new(reader, MAX_LINE_BYTES);
    let mut buffer = Vec::new();
    let mut number: u64 = 0;
    while let Some(line) = lines.next_line(&mut buffer).map_err(TrafficError::Read)? {
        number += 1;
        let place = Place::Line(number);
        if let Line::TooLong(length) = line {
            return Err(TrafficError::At(
                place,
                format!(
                    "{length} bytes, longer than any recorded response can be ({} MiB: the clients' body limit, MAX_BODY_BYTES, and 64 KiB for the rest of the line); not read",
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
            ));
        }
        if buffer.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        check_line(&buffer, place, check)?;
        progress(number, lines.consumed());
    }
    Ok(number)
}

fn check_line(
    line: &[u8],
    place: Place,
    check: &mut dyn FnMut(Recorded<'_>) -> Result<(), String>,
) -> Result<(), TrafficError> {
    let at = |reason: String| TrafficError::At(place, reason);
    let record: RecordLine<'_> = serde_json::from_slice(line).map_err(|e| {
        at(format!(
            "not a JSON line of a traffic recorder: {}",
            serde_reason(&e)
        ))
    })?;
    let vendor: Vendor = record.vendor.parse().map_err(|e| at(format!("{e}")))?;
    // The operationId comes in as text: parsed here, once.
    let operation = vendor.operation(&record.operation).ok_or_else(|| {
        at(format!(
            "{vendor} has no operation {:?}",
            record.operation.as_ref()
        ))
    })?;
    let content_type = record.headers.content_type.as_deref();
    let duplicates;
    let body = match (&record.body, &record.body_text) {
        (Some(parsed), _) => {
            duplicates = if parsed.duplicated {
                let again: BodyMembers = serde_json::from_slice(line)
                    .map_err(|e| at(format!("the body: {}", serde_reason(&e))))?;
                again.body.duplicates()
            } else {
                Vec::new()
            };
            ResponseBody::Json {
                value: &parsed.value,
                duplicates: &duplicates,
            }
        }
        (None, Some(text)) => ResponseBody::Bytes(text.as_bytes()),
        (None, None) => ResponseBody::Bytes(b""),
    };
    check(Recorded {
        place,
        operation,
        status: record.status,
        content_type,
        body,
        time: record.headers.date.as_deref().and_then(super::parse_time),
        // A recorder's line holds no request (and the recorder scrubbed what it knew).
        sent_secrets: Vec::new(),
    })
    .map_err(at)
}
