//! What is never printed or written: the one list of headers that can carry a credential or a
//! session, and the replacement of secret or image fields in a JSON body. [`Evidence`]
//! (crate::Evidence), the traffic recorder and the conformance reports all use these, so a header
//! redacted in one place is redacted in every place.

mod spellings;

use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;

/// What a redacted value is written as.
pub const REDACTED: &str = "[redacted]";

/// Headers whose values are never printed or recorded: each vendor's credential header
/// (`authorization` for Signzy and Progeny, `x-api-key` for Verisoul, `x-access-token` for
/// ADVANCE.AI), the generic credential and session headers, and `token`, which some gateways echo.
pub const SENSITIVE_HEADERS: [&str; 7] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "x-access-token",
    "token",
];

/// Whether a header's value may carry a credential or a session (see [`SENSITIVE_HEADERS`]).
///
/// ```
/// assert!(faceauth_clients::is_sensitive_header("X-Access-Token"));
/// assert!(!faceauth_clients::is_sensitive_header("x-request-id"));
/// ```
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|sensitive| sensitive.eq_ignore_ascii_case(name))
}

/// Marks every sensitive header of `headers` so that `http` and reqwest print it as `Sensitive`.
pub(crate) fn mark_sensitive(headers: &mut http::HeaderMap) {
    for name in SENSITIVE_HEADERS {
        if let http::header::Entry::Occupied(mut entry) = headers.entry(name) {
            entry.iter_mut().for_each(|v| v.set_sensitive(true));
        }
    }
}

/// Replaces the string values of `fields`, at any depth, by [`REDACTED`] (a secret is a string;
/// a list under a secret's name is a refusal's messages, and is kept).
///
/// ```
/// let mut body = serde_json::json!({"data": {"token": "eyJ...", "expiredTime": 1}});
/// faceauth_clients::redact_fields(&mut body, &["token"]);
/// assert_eq!(body["data"]["token"], "[redacted]");
/// ```
pub fn redact_fields(value: &mut Value, fields: &[impl AsRef<str>]) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if child.is_string() && fields.iter().any(|f| f.as_ref() == key) {
                    *child = Value::String(REDACTED.to_owned());
                } else {
                    redact_fields(child, fields);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_fields(v, fields)),
        _ => {}
    }
}

/// The secret values a client knows: its credential, the password or keys it obtains tokens
/// with, the tokens it was issued. Whatever a vendor echoes back, every text the crate makes of a
/// response (error excerpts and reasons, headers in evidence, a documented error's `Debug`,
/// traffic records) and every report of the `faceauth` command passes through [`scrub`], which
/// replaces each known value by [`REDACTED`], in whatever field or header it appears.
///
/// Clones share the values. `Debug` shows how many there are, never one.
///
/// [`scrub`]: KnownSecrets::scrub
///
/// ```
/// let known = faceauth_clients::KnownSecrets::default();
/// known.add("sk-live-canary-42");
/// assert_eq!(
///     known.scrub(r#"{"error":"invalid key sk-live-canary-42"}"#),
///     r#"{"error":"invalid key [redacted]"}"#
/// );
/// ```
#[derive(Clone, Default)]
pub struct KnownSecrets(std::sync::Arc<std::sync::RwLock<Values>>);

/// The values: those kept for the client's life (credential, password, keys) and those issued
/// to it (tokens, signatures), of which the newest [`KnownSecrets::CAPACITY`] are kept.
#[derive(Default)]
struct Values {
    kept: Vec<Known>,
    issued: std::collections::VecDeque<Known>,
    /// Whether a value holds a space (then `+` may spell it) or a `/` or `~` (then `~1`, `~0`).
    with_space: bool,
    with_pointer: bool,
}

/// One secret value and its base64 (standard and URL-safe alphabets, without padding), which a
/// scheme that encodes a credential (HTTP Basic) would send and a vendor could echo.
struct Known {
    value: SecretString,
    base64: [SecretString; 2],
}

impl Known {
    fn new(value: &str) -> Self {
        use base64::Engine as _;
        let engines = [
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        Self {
            value: value.into(),
            base64: engines.map(|engine| engine.encode(value).into()),
        }
    }
}

impl Values {
    fn iter(&self) -> impl Iterator<Item = &Known> {
        self.kept.iter().chain(self.issued.iter())
    }

    fn knows(&self, value: &str) -> bool {
        self.iter()
            .any(|known| known.value.expose_secret() == value)
    }

    fn note(&mut self, value: &str) {
        self.with_space |= value.contains(' ');
        self.with_pointer |= value.contains(['/', '~']);
    }
}

impl KnownSecrets {
    /// The most values of each kind kept: tokens are issued again and again, and the oldest
    /// issued are forgotten first.
    pub const CAPACITY: usize = 64;

    /// The shortest value worth scrubbing: shorter ones would replace ordinary text.
    pub const MIN_LEN: usize = 6;

    /// Knows `value` for as long as the client lives (unless it is shorter than
    /// [`KnownSecrets::MIN_LEN`], or [`KnownSecrets::CAPACITY`] such values are known already):
    /// a credential, a password, a key.
    pub fn add(&self, value: &str) {
        let mut values = self.0.write().unwrap_or_else(|p| p.into_inner());
        if value.len() >= Self::MIN_LEN
            && !values.knows(value)
            && values.kept.len() < Self::CAPACITY
        {
            values.note(value);
            values.kept.push(Known::new(value));
        }
    }

    /// Knows `value`, issued to the client (a token, a signature) or seen in traffic (the
    /// credential a recorded request sent), until [`KnownSecrets::CAPACITY`] newer ones were
    /// added this way.
    pub fn add_issued(&self, value: &str) {
        let mut values = self.0.write().unwrap_or_else(|p| p.into_inner());
        if value.len() >= Self::MIN_LEN && !values.knows(value) {
            if values.issued.len() >= Self::CAPACITY {
                values.issued.pop_front();
            }
            values.note(value);
            values.issued.push_back(Known::new(value));
        }
    }

    /// Knows every value `other` knows.
    pub fn add_all(&self, other: &KnownSecrets) {
        if std::sync::Arc::ptr_eq(&self.0, &other.0) {
            return;
        }
        let (kept, issued): (Vec<String>, Vec<String>) = {
            let theirs = other.0.read().unwrap_or_else(|p| p.into_inner());
            let expose = |v: &Known| v.value.expose_secret().to_owned();
            (
                theirs.kept.iter().map(expose).collect(),
                theirs.issued.iter().map(expose).collect(),
            )
        };
        kept.iter().for_each(|value| self.add(value));
        issued.iter().for_each(|value| self.add_issued(value));
    }

    /// How many values are known.
    pub fn len(&self) -> usize {
        let values = self.0.read().unwrap_or_else(|p| p.into_inner());
        values.kept.len() + values.issued.len()
    }

    /// Whether no value is known.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `text` with every known value replaced by [`REDACTED`] (borrowed when none occurs), in
    /// whatever spelling an echo carries it: literal, JSON-escaped (once or more), `\u`-escaped,
    /// percent-encoded, HTML-escaped, in a JSON pointer, or as its base64.
    ///
    /// ```
    /// let known = faceauth_clients::KnownSecrets::default();
    /// known.add("pa\"ss\\wörd%");
    /// // Python's json.dumps of a login body, in an error page.
    /// assert_eq!(
    ///     known.scrub(r#"bad login {"password": "pa\"ss\\w\u00f6rd%"}"#),
    ///     r#"bad login {"password": "[redacted]"}"#
    /// );
    /// // A form, percent-encoded.
    /// assert_eq!(known.scrub("password=pa%22ss%5Cw%C3%B6rd%25&x=1"), "password=[redacted]&x=1");
    /// ```
    pub fn scrub<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let values = self.0.read().unwrap_or_else(|p| p.into_inner());
        if values.kept.is_empty() && values.issued.is_empty() {
            return std::borrow::Cow::Borrowed(text);
        }
        // Where the text holds no escape, a value can only occur as itself: a plain substring
        // search (the common case, and the fast one).
        let escapes = spellings::has_escapes(text, values.with_space, values.with_pointer);
        let literal = |value: &str| {
            text.match_indices(value)
                .map(|(at, m)| at..at + m.len())
                .collect::<Vec<_>>()
        };
        let mut found: Vec<std::ops::Range<usize>> = Vec::new();
        for known in values.iter() {
            let value = known.value.expose_secret();
            found.extend(if escapes {
                spellings::find_all(text, value)
            } else {
                literal(value)
            });
            for encoded in &known.base64 {
                found.extend(literal(encoded.expose_secret()));
            }
        }
        if found.is_empty() {
            return std::borrow::Cow::Borrowed(text);
        }
        found.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
        let mut scrubbed = String::with_capacity(text.len());
        let mut written = 0;
        for range in found {
            if range.end <= written {
                continue;
            }
            if range.start >= written {
                scrubbed.push_str(&text[written..range.start]);
                scrubbed.push_str(REDACTED);
            }
            // An overlapping match extends the one just written.
            written = range.end;
        }
        scrubbed.push_str(&text[written..]);
        std::borrow::Cow::Owned(scrubbed)
    }

    /// Every string of `value` (keys included) scrubbed.
    pub fn scrub_json(&self, value: &mut Value) {
        match value {
            Value::String(text) => {
                if let std::borrow::Cow::Owned(scrubbed) = self.scrub(text) {
                    *text = scrubbed;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_json(v)),
            Value::Object(map) => {
                let scrubbed: serde_json::Map<String, Value> = std::mem::take(map)
                    .into_iter()
                    .map(|(key, mut child)| {
                        self.scrub_json(&mut child);
                        (self.scrub(&key).into_owned(), child)
                    })
                    .collect();
                *map = scrubbed;
            }
            _ => {}
        }
    }

    /// `headers` with every value that holds a known secret replaced by [`REDACTED`].
    pub(crate) fn scrub_headers(&self, headers: &mut http::HeaderMap) {
        if self.is_empty() {
            return;
        }
        for value in headers.values_mut() {
            let holds = value
                .to_str()
                .is_ok_and(|text| matches!(self.scrub(text), std::borrow::Cow::Owned(_)));
            if holds {
                *value = http::HeaderValue::from_static(REDACTED);
            }
        }
    }
}

impl std::fmt::Debug for KnownSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KnownSecrets({} values)", self.len())
    }
}
