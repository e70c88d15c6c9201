//! A HAR 1.2 file (a browser's or proxy's export), read as a stream: a serde visitor walks the
//! document down to `log.entries` and takes the entries one at a time, skipping everything else
//! unread, so that memory holds one entry whatever the file's size. An entry is matched to a
//! vendor's operation by its documented server and path template; others are counted.

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};
use std::rc::Rc;

use faceauth_clients::{OperationMeta, Vendor, MAX_BODY_BYTES};
use faceauth_conformance::report::Place;
use faceauth_conformance::ResponseBody;
use faceauth_spec::fields::names_a_secret;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::{serde_reason, Recorded, TrafficError};

/// The largest entry read: a request and a response body at the clients' limit
/// ([`MAX_BODY_BYTES`]), base64 as HAR writes binary bodies, and the entry's other fields.
pub const MAX_ENTRY_BYTES: u64 = 3 * MAX_BODY_BYTES as u64;

#[derive(Deserialize, Default)]
struct Entry {
    #[serde(rename = "startedDateTime")]
    started: Option<String>,
    #[serde(default)]
    request: Request,
    response: Option<Response>,
}

#[derive(Deserialize, Default)]
struct Request {
    #[serde(default)]
    method: String,
    url: Option<String>,
    #[serde(default)]
    headers: Vec<Header>,
    #[serde(default, rename = "queryString")]
    query: Vec<Header>,
    #[serde(default, rename = "postData")]
    post_data: Option<PostData>,
}

#[derive(Deserialize, Default)]
struct PostData {
    text: Option<String>,
    #[serde(default)]
    params: Vec<Header>,
}

impl Request {
    /// The secret values the request sent, which its response may echo (in a message, a header,
    /// a field's name): the values of credential headers (and the token behind a scheme word,
    /// `Bearer`), of cookies, and of query, form and JSON body fields whose name says secret.
    fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        for header in &self.headers {
            if header.name.eq_ignore_ascii_case("cookie") {
                secrets.extend(
                    header
                        .value
                        .split(';')
                        .filter_map(|pair| pair.split_once('='))
                        .map(|(_, value)| value.trim().to_owned()),
                );
            } else if faceauth_clients::is_sensitive_header(&header.name) {
                secrets.push(header.value.trim().to_owned());
                if let Some((_, token)) = header.value.trim().rsplit_once(' ') {
                    secrets.push(token.to_owned());
                }
            }
        }
        let fields = self
            .query
            .iter()
            .chain(self.post_data.iter().flat_map(|data| &data.params));
        secrets.extend(
            fields
                .filter(|field| names_a_secret(&field.name))
                .map(|field| field.value.clone()),
        );
        if let Some(text) = self.post_data.as_ref().and_then(|d| d.text.as_deref()) {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(body) => secret_strings(&body, &mut secrets),
                // A form body, as the text of `name=value&...`.
                Err(_) => secrets.extend(
                    form_urlencoded::parse(text.as_bytes())
                        .filter(|(name, _)| names_a_secret(name))
                        .map(|(_, value)| value.into_owned()),
                ),
            }
        }
        secrets
    }
}

/// The string values of every field of `value` whose name says secret.
fn secret_strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, child) in fields {
                match child {
                    serde_json::Value::String(text) if names_a_secret(name) => {
                        into.push(text.clone())
                    }
                    other => secret_strings(other, into),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| secret_strings(v, into)),
        _ => {}
    }
}

#[derive(Deserialize)]
struct Response {
    status: Option<i64>,
    #[serde(default)]
    headers: Vec<Header>,
    #[serde(default)]
    content: Content,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Deserialize, Default)]
struct Content {
    text: Option<String>,
    encoding: Option<String>,
    #[serde(rename = "mimeType")]
    mime_type: Option<String>,
}

/// Reads every entry of a HAR document, handing each that calls a vendor's operation to
/// `check`; `progress` gets the entry number and the bytes read after each. Returns how many
/// entries called no vendor's documented API, and how many entries it has.
pub fn read(
    reader: impl Read,
    check: &mut dyn FnMut(Recorded<'_>) -> Result<(), String>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(u64, u64), TrafficError> {
    let meter = Rc::new(Meter::default());
    let mut walk = Walk {
        check,
        progress,
        meter: meter.clone(),
        entries: 0,
        ignored: 0,
        found_entries: false,
        failure: None,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(Metered {
        inner: reader,
        meter: meter.clone(),
    });
    let walked = Root(&mut walk).deserialize(&mut deserializer);
    let walked = walked.and_then(|()| deserializer.end());
    if let Some(failure) = walk.failure.take() {
        return Err(failure);
    }
    if let Err(e) = walked {
        if meter.exceeded.get() {
            return Err(TrafficError::At(
                Place::Entry(walk.entries + 1),
                format!(
                    "larger than {} MiB (a request and a response at the clients' body limit, MAX_BODY_BYTES); not read",
                    MAX_ENTRY_BYTES / (1024 * 1024)
                ),
            ));
        }
        if e.is_io() {
            return Err(TrafficError::Read(io::Error::other(serde_reason(&e))));
        }
        let reason = format!("not a HAR file: {}", serde_reason(&e));
        return Err(match meter.in_entry.get() {
            true => TrafficError::At(Place::Entry(walk.entries + 1), reason),
            false => TrafficError::File(reason),
        });
    }
    if !walk.found_entries {
        return Err(TrafficError::File("a HAR file without log.entries".into()));
    }
    Ok((walk.ignored, walk.entries))
}

/// Counts the bytes read, and those of the entry being read, which may not pass
/// [`MAX_ENTRY_BYTES`]: the read fails before the entry is held.
#[derive(Default)]
struct Meter {
    total: Cell<u64>,
    entry: Cell<u64>,
    in_entry: Cell<bool>,
    exceeded: Cell<bool>,
}

struct Metered<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let meter = &self.meter;
        meter.total.set(meter.total.get() + n as u64);
        if meter.in_entry.get() {
            meter.entry.set(meter.entry.get() + n as u64);
            if meter.entry.get() > MAX_ENTRY_BYTES {
                meter.exceeded.set(true);
                return Err(io::Error::other("the entry is too large"));
            }
        }
        Ok(n)
    }
}

/// What the visitors share while they walk the document.
struct Walk<'c> {
    check: &'c mut dyn FnMut(Recorded<'_>) -> Result<(), String>,
    progress: &'c mut dyn FnMut(u64, u64),
    meter: Rc<Meter>,
    entries: u64,
    ignored: u64,
    found_entries: bool,
    /// Why an entry could not be checked (kept here: a serde error would add its position).
    failure: Option<TrafficError>,
}

impl Walk<'_> {
    fn entry(&mut self, entry: Entry) -> Result<(), TrafficError> {
        let place = Place::Entry(self.entries);
        let at = |reason: &str| TrafficError::At(place, reason.to_owned());
        let url = entry
            .request
            .url
            .as_deref()
            .ok_or_else(|| at("no request.url"))?;
        let Some(operation) = matching_operation(&entry.request.method, url) else {
            self.ignored += 1;
            return Ok(());
        };
        let response = entry.response.ok_or_else(|| at("no response"))?;
        let status = response
            .status
            .and_then(|s| u16::try_from(s).ok())
            .ok_or_else(|| at("no response.status"))?;
        let content_type = response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.as_str())
            .or(response
                .content
                .mime_type
                .as_deref()
                .filter(|m| !m.is_empty()));
        let text = response.content.text.as_deref().unwrap_or_default();
        let decoded;
        let body = if response.content.encoding.as_deref() == Some("base64") {
            use base64::Engine as _;
            decoded = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| at(&format!("response.content.text is not base64: {e}")))?;
            decoded.as_slice()
        } else {
            text.as_bytes()
        };
        (self.check)(Recorded {
            place,
            operation,
            status,
            content_type,
            body: ResponseBody::Bytes(body),
            time: entry
                .started
                .as_deref()
                .and_then(super::parse_time)
                .or_else(|| {
                    let date = response
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case("date"));
                    date.and_then(|h| super::parse_time(&h.value))
                }),
            sent_secrets: entry.request.secrets(),
        })
        .map_err(|reason| at(&reason))
    }
}

/// The operation that `method url` calls: the URL starts with one of its vendor's documented
/// servers, and the rest of its path matches the operation's path template.
fn matching_operation(method: &str, url: &str) -> Option<&'static OperationMeta> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    Vendor::ALL.iter().find_map(|vendor| {
        vendor.servers().iter().find_map(|(_, server)| {
            let path = url.strip_prefix(server.trim_end_matches('/'))?;
            vendor.operations().iter().find(|operation| {
                operation.http_method.eq_ignore_ascii_case(method)
                    && path_matches(operation.path, path)
            })
        })
    })
}

/// `/account/{account_id}` matches `/account/abc`; a trailing slash must match as written.
fn path_matches(template: &str, path: &str) -> bool {
    let mut template = template.split('/');
    let mut path = path.split('/');
    loop {
        match (template.next(), path.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) => {
                let parameter = t.starts_with('{') && t.ends_with('}') && !p.is_empty();
                if !parameter && t != p {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The document: an object whose `log` is read, anything else skipped.
struct Root<'w, 'c>(&'w mut Walk<'c>);
/// `log`: an object whose `entries` is read.
struct Log<'w, 'c>(&'w mut Walk<'c>);
/// `log.entries`: each entry read, checked and dropped before the next.
struct Entries<'w, 'c>(&'w mut Walk<'c>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR document (an object with `log`)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "log" {
                map.next_value_seed(Log(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Log<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Log<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR log (an object with `entries`)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" {
                self.0.found_entries = true;
                map.next_value_seed(Entries(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of HAR entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let walk = self.0;
        loop {
            walk.meter.entry.set(0);
            walk.meter.in_entry.set(true);
            let entry = seq.next_element::<Entry>()?;
            walk.meter.in_entry.set(false);
            let Some(entry) = entry else { return Ok(()) };
            walk.entries += 1;
            if let Err(failure) = walk.entry(entry) {
                walk.failure = Some(failure);
                return Err(de::Error::custom("stopped"));
            }
            (walk.progress)(walk.entries, walk.meter.total.get());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_template_segment_by_segment() {
        assert!(path_matches("/account/{id}", "/account/abc"));
        assert!(!path_matches("/account/{id}", "/account/"));
        assert!(!path_matches("/account/{id}", "/account/abc/x"));
        assert!(path_matches("/a/b/", "/a/b/"));
        assert!(!path_matches("/a/b/", "/a/b"));
    }

    #[test]
    fn entries_are_taken_one_by_one_and_the_rest_skipped() {
        let har = r#"{"log": {"version": "1.2", "pages": [{"id": 1}], "entries": [
            {"startedDateTime": "2026-12-01T10:00:00.123+01:00",
             "request": {"method": "DELETE", "url": "https://api.prod.verisoul.ai/account/a-1"},
             "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}}},
            {"request": {"method": "GET", "url": "https://example.com/"}, "response": {"status": 200}},
            {"request": {"method": "DELETE", "url": "https://api.prod.verisoul.ai/account/a-2?x=1"},
             "response": {"status": 404, "headers": [{"name": "Date", "value": "Wed, 02 Dec 2026 08:00:00 GMT"}],
                          "content": {"text": "bm8=", "encoding": "base64"}}}
        ], "comment": "end"}, "trailing": [1, 2]}"#;
        let mut seen = Vec::new();
        let mut times = Vec::new();
        let mut check = |r: Recorded<'_>| {
            let ResponseBody::Bytes(body) = r.body else {
                panic!()
            };
            seen.push((r.place, r.operation.id, r.status, body.to_vec()));
            times.push(r.time.map(|t| t.to_rfc3339()));
            Ok(())
        };
        let mut progress = |_: u64, _: u64| {};
        let (ignored, entries) = read(har.as_bytes(), &mut check, &mut progress).unwrap();
        assert_eq!((ignored, entries), (1, 3));
        assert_eq!(
            seen,
            [
                (Place::Entry(1), "deleteAccount", 200, b"{}".to_vec()),
                (Place::Entry(3), "deleteAccount", 404, b"no".to_vec()),
            ]
        );
        // When each was received: the entry's startedDateTime, else the response's Date.
        assert_eq!(
            times,
            [
                Some("2026-12-01T09:00:00.123+00:00".to_owned()),
                Some("2026-12-02T08:00:00+00:00".to_owned())
            ]
        );
    }
}
