//! Every `x-faceauth-*` extension the specs use, by name, and typed readers for those whose values
//! carry structure. The build script, the conformance runner, the mock and `faceauth diff` read
//! the extensions through this module only, so a name is spelled once and a mark is read the
//! same way everywhere.
//!
//! | extension | on | meaning |
//! | --- | --- | --- |
//! | [`HANDWRITTEN`] | operation | left out of generation (multipart, a redirect); written by hand |
//! | [`READ_ONLY`] | operation | the documents show it changes nothing ([`ReadOnlyMark`]) |
//! | [`LIVE_SET`] | operation | body fields a live check sets ([`live_set`]) |
//! | [`INVALID_REQUEST_EXAMPLE`] | operation | the documented answer to an invalid request |
//! | [`MISSING_FIELD_EXAMPLES`] | operation | the documented answer to a missing field, by field |
//! | [`MISSING_FROM_VENDOR_SPEC`] | operation | on a page, not in the vendor's own spec |
//! | [`STATE`] | operation | the resource it touches, where its key is, what it does, which example answers each state ([`StateMark`]) |
//! | [`TIMESTAMP_WINDOW`] | operation | a body timestamp the vendor accepts only near the current time ([`TimestampWindow`]) |
//! | [`CODED_ENVELOPE`] | document | every outcome in one envelope, refusals in HTTP 200 ([`CodedEnvelopeMark`]) |
//! | [`RUST_TYPE`] | schema component | generated as that hand-written type |
//! | [`OUTCOME`] | response example (a bodiless response: the response) | what it stands for ([`DeclaredOutcome`]) |
//! | [`VERBATIM`], [`REPAIRS`] | example | the vendor's text, repaired ([`Provenance`](crate::Provenance)) |
//! | [`THIRD_PARTY`] | example | a third party's transcription |
//! | [`CONSTRUCTED`] | example | built where the vendor prints none |
//! | [`SOURCE`], [`INFERRED`] | any node making a claim | where the documents state it, or why it is ours ([`claim_covered`]) |

use serde_json::Value;

/// An operation left out of generation and written by hand.
pub const HANDWRITTEN: &str = "x-faceauth-handwritten";
/// An operation the vendor's documents show to change nothing.
pub const READ_ONLY: &str = "x-faceauth-read-only";
/// Body fields a live check sets on an operation.
pub const LIVE_SET: &str = "x-faceauth-live-set";
/// The documented response the mock gives an invalid request.
pub const INVALID_REQUEST_EXAMPLE: &str = "x-faceauth-invalid-request-example";
/// The documented response the mock gives a request missing a field, by the field's name.
pub const MISSING_FIELD_EXAMPLES: &str = "x-faceauth-missing-field-examples";
/// An operation documented on a page but not in the vendor's own spec.
pub const MISSING_FROM_VENDOR_SPEC: &str = "x-faceauth-missing-from-vendor-spec";
/// A request body's timestamp the vendor accepts only within a window of the current time, and
/// the documented answer to one outside it.
pub const TIMESTAMP_WINDOW: &str = "x-faceauth-timestamp-window";
/// The vendor answers every outcome in one JSON envelope whose code says whether it was refused,
/// in HTTP 200: the generated calls return a refusal in the body as an error, as every other
/// vendor's.
pub const CODED_ENVELOPE: &str = "x-faceauth-coded-envelope";
/// The resource an operation touches and which documented example answers each of its states:
/// what the mock remembers between requests.
pub const STATE: &str = "x-faceauth-state";
/// A schema component generated as a hand-written type (its Rust path).
pub const RUST_TYPE: &str = "x-faceauth-rust-type";
/// The outcome a documented response example stands for.
pub const OUTCOME: &str = "x-faceauth-outcome";
/// An example's text as the vendor printed it, where the value is repaired.
pub const VERBATIM: &str = "x-faceauth-verbatim";
/// The literal repairs made to an example's text.
pub const REPAIRS: &str = "x-faceauth-repairs";
/// An example whose only source is a third party's transcription.
pub const THIRD_PARTY: &str = "x-faceauth-third-party";
/// An example built where the vendor prints none.
pub const CONSTRUCTED: &str = "x-faceauth-constructed";
/// Where the vendor's documents state a node's claims.
pub const SOURCE: &str = "x-faceauth-source";
/// That a node's claims are ours, not the documents', and why.
pub const INFERRED: &str = "x-faceauth-inferred";

/// The Rust types ([`RUST_TYPE`]) whose values are secrets: never printed, never recorded.
pub const SECRET_TYPES: &[&str] = &["crate::Secret"];
/// The Rust types ([`RUST_TYPE`]) whose values are face images: never printed, never recorded.
pub const IMAGE_TYPES: &[&str] = &["crate::image::EncodedImage"];

/// Why a mark cannot be read. `Display` says what is wrong, in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MarkError {
    /// A read-only mark without its reason.
    NoReason,
    /// A read-only mark with the `set` that moved to [`LIVE_SET`].
    SetMoved,
    /// A member that must be a map is not.
    NotAMap {
        /// The member (`inputs`).
        member: &'static str,
    },
    /// An entry of a map has a value of another type.
    WrongType {
        /// The map (`inputs`).
        member: &'static str,
        /// The entry.
        name: String,
    },
    /// `may_be_billed` without its reason.
    NoBillingReason,
    /// A response example declares no outcome.
    NoOutcome,
    /// A declared outcome that is none of the forms.
    BadOutcome,
}

impl std::fmt::Display for MarkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoReason => f.write_str(
                "a read-only operation needs a `reason` (what the documents say, and where)",
            ),
            Self::SetMoved => write!(f, "`set` moved to the operation's `{LIVE_SET}`"),
            Self::NotAMap { member: "live-set" } => {
                f.write_str("must be a map of body fields to values")
            }
            Self::NotAMap { member } => write!(f, "`{member}` must be a map"),
            Self::WrongType { member, name } => {
                write!(f, "`{member}.{name}` has a value of another type")
            }
            Self::NoBillingReason => {
                f.write_str("`may_be_billed` must say why (what the documents say, and where)")
            }
            Self::NoOutcome => write!(f, "declares no outcome (`{OUTCOME}`)"),
            Self::BadOutcome => write!(
                f,
                "`{OUTCOME}` must be success, pending, refused or {{refused: CODE}}"
            ),
        }
    }
}

impl std::error::Error for MarkError {}

/// An operation's [`READ_ONLY`] mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnlyMark {
    /// Why it changes nothing: what the documents say, and where (on one line).
    pub reason: String,
    /// The values a live check looks up in the account under test: (body field or parameter,
    /// the environment variable it is read from).
    pub inputs: Vec<(String, String)>,
    /// Why the read may cost money, where it may (`may_be_billed`): a fee its page documents, or
    /// evidence of "free" that is a deprecated field or a third party's word. Such a read is
    /// not in a default live check.
    pub may_be_billed: Option<String>,
}

impl ReadOnlyMark {
    /// Reads a [`READ_ONLY`] mark; the error says what is wrong with it.
    pub fn parse(mark: &Value) -> Result<Self, MarkError> {
        let reason = mark
            .get("reason")
            .and_then(Value::as_str)
            .filter(|r| !r.trim().is_empty())
            .ok_or(MarkError::NoReason)?;
        if mark.get("set").is_some() {
            return Err(MarkError::SetMoved);
        }
        let mut inputs = Vec::new();
        if let Some(map) = mark.get("inputs") {
            let map = map
                .as_object()
                .ok_or(MarkError::NotAMap { member: "inputs" })?;
            for (name, value) in map {
                let value = value.as_str().ok_or_else(|| MarkError::WrongType {
                    member: "inputs",
                    name: name.clone(),
                })?;
                inputs.push((name.clone(), value.to_owned()));
            }
        }
        let may_be_billed = match mark.get("may_be_billed") {
            None => None,
            Some(why) => Some(
                why.as_str()
                    .filter(|why| !why.trim().is_empty())
                    .map(one_line)
                    .ok_or(MarkError::NoBillingReason)?,
            ),
        };
        Ok(Self {
            reason: one_line(reason),
            inputs,
            may_be_billed,
        })
    }
}

/// An operation's [`TIMESTAMP_WINDOW`]: its request body's `field` holds milliseconds since the
/// epoch, which the vendor accepts only within `seconds` of its own clock (so that a signature
/// made with an old one cannot be replayed), answering one outside with the documented `example`.
///
/// ```
/// use faceauth_spec::extension::TimestampWindow;
///
/// let mark = serde_json::json!({"field": "timestamp", "seconds": 300, "example": "timestamp_error"});
/// let window = TimestampWindow::parse(&mark).unwrap();
/// assert!(window.admits(1_700_000_000_000, 1_700_000_299_000));
/// assert!(!window.admits(1_700_000_000_000, 1_700_000_301_000));
/// assert!(!window.admits(1_700_000_301_000, 1_700_000_000_000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampWindow {
    /// The body field that holds the timestamp (milliseconds since the epoch).
    pub field: String,
    /// How far from the vendor's clock it may be, either way.
    pub seconds: u64,
    /// The documented response example that refuses one outside the window.
    pub example: String,
}

impl TimestampWindow {
    /// Reads a [`TIMESTAMP_WINDOW`] mark; the error says which member is wrong.
    pub fn parse(mark: &Value) -> Result<Self, MarkError> {
        let text = |member: &'static str| {
            mark.get(member)
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .ok_or(MarkError::WrongType {
                    member: "timestamp-window",
                    name: member.to_owned(),
                })
        };
        let seconds = mark
            .get("seconds")
            .and_then(Value::as_u64)
            .ok_or(MarkError::WrongType {
                member: "timestamp-window",
                name: "seconds".to_owned(),
            })?;
        Ok(Self {
            field: text("field")?,
            seconds,
            example: text("example")?,
        })
    }

    /// Whether a request's timestamp `sent` (milliseconds) is accepted at `now` (milliseconds).
    pub fn admits(&self, sent: i64, now: i64) -> bool {
        sent.abs_diff(now) <= self.seconds.saturating_mul(1000)
    }
}

/// An operation's [`LIVE_SET`]: (body field, its value as JSON text).
pub fn live_set(set: &Value) -> Result<Vec<(String, String)>, MarkError> {
    let map = set
        .as_object()
        .ok_or(MarkError::NotAMap { member: "live-set" })?;
    Ok(map
        .iter()
        .map(|(name, value)| (name.clone(), value.to_string()))
        .collect())
}

/// The outcome a documented response example stands for, as its spec declares it
/// ([`OUTCOME`]: `success | pending | refused | {refused: CODE}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclaredOutcome {
    /// The vendor did what was asked, and its verdict is yes.
    Success,
    /// The work is still running.
    Pending,
    /// A refusal, with the vendor's code where the body carries one.
    Refused {
        /// The code the client must report.
        code: Option<String>,
    },
}

impl DeclaredOutcome {
    /// Reads an [`OUTCOME`] value (`None`: the example declares none, which is an error).
    pub fn parse(mark: Option<&Value>) -> Result<Self, MarkError> {
        let what = MarkError::BadOutcome;
        match mark {
            None => Err(MarkError::NoOutcome),
            Some(Value::String(word)) => match word.as_str() {
                "success" => Ok(Self::Success),
                "pending" => Ok(Self::Pending),
                "refused" => Ok(Self::Refused { code: None }),
                _ => Err(what),
            },
            Some(Value::Object(map)) if map.len() == 1 => match map.get("refused") {
                Some(Value::String(code)) => Ok(Self::Refused {
                    code: Some(code.clone()),
                }),
                Some(Value::Number(code)) => Ok(Self::Refused {
                    code: Some(code.to_string()),
                }),
                Some(Value::Null) => Ok(Self::Refused { code: None }),
                _ => Err(what),
            },
            Some(_) => Err(what),
        }
    }
}

impl std::fmt::Display for DeclaredOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Success => f.write_str("success"),
            Self::Pending => f.write_str("pending"),
            Self::Refused { code: None } => f.write_str("refused"),
            Self::Refused { code: Some(code) } => write!(f, "refused ({code})"),
        }
    }
}

/// A document's [`CODED_ENVELOPE`] mark: the members that hold the code and the message, the code
/// of a success and the code of a refused credential.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CodedEnvelopeMark {
    /// The member that holds the code.
    pub code: String,
    /// The member that holds the message.
    pub message: String,
    /// The code of a success.
    pub success: String,
    /// The code of a refused credential, where the vendor has one.
    pub credential_refused: Option<String>,
}

impl CodedEnvelopeMark {
    /// The mark of `doc`, if it has one; an error names what is wrong with it.
    pub fn of(doc: &Value) -> Option<Result<Self, String>> {
        doc.get(CODED_ENVELOPE).map(Self::parse)
    }

    /// The mark's value read; an error names what is wrong with it.
    pub fn parse(mark: &Value) -> Result<Self, String> {
        serde_json::from_value(mark.clone()).map_err(|e| format!("at `{CODED_ENVELOPE}`: {e}"))
    }
}

/// An operation's [`STATE`] mark: the resource it touches, where the resource's key (and the face,
/// where it takes one) is in the request, what it does to the resource, and the documented
/// example that answers each state.
///
/// ```
/// use faceauth_spec::extension::{StateAction, StateMark};
///
/// let mark = StateMark::parse(&serde_json::json!({
///     "resource": "account",
///     "key": {"in": "path", "name": "account_id"},
///     "does": "delete",
///     "answers": {"done": "deleted", "absent": "account_not_found"}
/// })).unwrap();
/// assert_eq!(mark.does, StateAction::Delete);
/// assert_eq!(mark.answers.absent.as_ref().and_then(|a| a.example()), Some("account_not_found"));
/// ```
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateMark {
    /// The resource's kind, shared by the operations that touch it (`account`, `user`).
    pub resource: String,
    /// Where the resource's key is in the request (or, `in: issued`, the answer's place for the
    /// fresh key the mock issues). Every action but `compare` and `start` has one.
    #[serde(default)]
    pub key: Option<Locator>,
    /// What the operation does to the resource.
    pub does: StateAction,
    /// Where the face is in the request, for an operation that binds one to the resource or
    /// compares one with the resource's (a session that captured it, an image, an image URL).
    #[serde(default)]
    pub face: Option<Locator>,
    /// For `compare`: where the second face is.
    #[serde(default)]
    pub against: Option<Locator>,
    /// The answer to each state: a documented example by name, or one the mark writes out.
    pub answers: StateAnswers,
    /// Values the mock issues on a create, fresh for each resource and kept for its life: the
    /// answer's JSON pointer → the name the resource keeps it under (an enrolment URL).
    #[serde(default)]
    pub issues: std::collections::BTreeMap<String, String>,
    /// The answer's values that come from the resource: JSON pointer → the name of a value the
    /// resource keeps (one a request sent, or one the mock issued).
    #[serde(default)]
    pub echo: std::collections::BTreeMap<String, String>,
    /// For work the vendor finishes later: the task this operation starts, whose answer the
    /// `poll` operation gives once it is done.
    #[serde(default)]
    pub task: Option<TaskMark>,
    /// The outcomes no enrolment can produce (no face found, a face too small), given to one of
    /// the mock's reserved test faces in a request field, whatever the state.
    #[serde(default, rename = "test-faces")]
    pub test_faces: Vec<TestFaceAnswer>,
    /// Which of these behaviours the vendor's documents do not state, and why the mock behaves
    /// so (a state they document no answer for, a face bound by a session).
    #[serde(default)]
    pub inferred: Option<String>,
}

/// Where a value is in a request: a JSON body member, a path or query parameter, a form field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locator {
    /// `body` (a member of the JSON body, or a form field), `path` or `query`; for a key,
    /// `issued` (the mock issues it, at the answer's JSON pointer `name`).
    #[serde(rename = "in")]
    pub place: LocatorPlace,
    /// The member's, field's or parameter's name (for `issued`, a JSON pointer).
    pub name: String,
    /// For a key: the resource is the one that keeps this value under this name (an enrolment
    /// URL the mock issued), not the one whose key it is.
    #[serde(default)]
    pub by: Option<String>,
}

/// Where a [`Locator`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocatorPlace {
    /// A member of the JSON body, or a field of the form.
    Body,
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// Issued by the mock (a key only): fresh, at a JSON pointer of the answer.
    Issued,
}

/// What an operation does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StateAction {
    /// Makes it exist (a second one of the same key gets `exists` where the vendor documents a
    /// duplicate answer, else replaces it).
    Create,
    /// Binds a face to a resource that exists (`exists` when one is bound already).
    Enrol,
    /// Reads it, or acts on it without changing it (a verification against its face).
    Read,
    /// Changes it (its face, where the request carries one).
    Update,
    /// Removes it.
    Delete,
    /// Asks how the task the key names is going (`pending` until it is done, then its answer).
    Poll,
    /// Compares two faces in one request (`face` and `against`): `done` when they are one face,
    /// `other-face` when not. Touches no resource.
    Compare,
    /// Starts a task (`task`) and touches no resource: its answer is `done` once polled.
    Start,
}

/// The answers to each state.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StateAnswers {
    /// The resource was there (or, for a create, is now): the operation did what it does. For an
    /// operation that starts a task, the task's answer once done.
    #[serde(default)]
    pub done: Option<StateAnswer>,
    /// The resource is not there (not found, not enrolled). Without one, the mock answers 404
    /// with its own problem document: the vendor documents nothing to give.
    #[serde(default)]
    pub absent: Option<StateAnswer>,
    /// A create of a key that is there already, or an enrolment of one with a face (the vendor's
    /// duplicate answer).
    #[serde(default)]
    pub exists: Option<StateAnswer>,
    /// The face in the request is not the resource's, or the resource has none (no match).
    #[serde(default)]
    pub other_face: Option<StateAnswer>,
    /// An operation that starts a task: its own answer, which names the task.
    #[serde(default)]
    pub accepted: Option<StateAnswer>,
    /// A poll of a task not done yet.
    #[serde(default)]
    pub pending: Option<StateAnswer>,
}

/// One answer: a documented example of the operation by name, or, where the vendor documents
/// none for the state, one the mark writes out (its `inferred` says why).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum StateAnswer {
    /// A response example of the operation (of the poll operation, for a task's answer).
    Example(String),
    /// An answer the vendor does not document: a status and a JSON body.
    Written {
        /// The HTTP status.
        status: u16,
        /// The JSON body.
        body: Value,
    },
}

/// The answer one of the mock's reserved test faces gets ([`StateMark::test_faces`]).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFaceAnswer {
    /// The test face's name (`no-face`, `small-face`).
    pub face: String,
    /// The request field it comes in (a form file, or an image URL's member).
    pub field: String,
    /// The answer it gets (the poll operation's, for an operation that starts a task).
    pub answer: StateAnswer,
}

impl StateAnswer {
    /// The example it names, if it names one.
    pub fn example(&self) -> Option<&str> {
        match self {
            Self::Example(name) => Some(name),
            Self::Written { .. } => None,
        }
    }
}

/// The task an operation starts ([`StateMark::task`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskMark {
    /// The operation (by `operationId`) that answers how the task is going; the mark's `done`,
    /// `other-face` and `absent` answers are that operation's examples.
    pub poll: String,
    /// Where the task's fresh id goes in this operation's `accepted` answer (a JSON pointer).
    pub id: String,
}

impl StateMark {
    /// Reads a [`STATE`] mark; the error says what is wrong with it.
    pub fn parse(mark: &Value) -> Result<Self, String> {
        let read: Self =
            serde_json::from_value(mark.clone()).map_err(|e| format!("at `{STATE}`: {e}"))?;
        read.check().map_err(|e| format!("at `{STATE}`: {e}"))?;
        Ok(read)
    }

    fn check(&self) -> Result<(), String> {
        let answers = &self.answers;
        let starts_task = self.task.is_some();
        match self.does {
            StateAction::Poll if answers.pending.is_none() => {
                return Err("a poll needs a `pending` answer".to_owned())
            }
            StateAction::Poll => {}
            _ if answers.done.is_none() => return Err("needs a `done` answer".to_owned()),
            _ => {}
        }
        match (self.does, &self.key) {
            (StateAction::Compare | StateAction::Start, Some(_)) => {
                return Err("`compare` and `start` touch no resource: no `key`".to_owned())
            }
            (StateAction::Compare | StateAction::Start, None) => {}
            (_, None) => return Err("needs a `key`".to_owned()),
            (_, Some(_)) => {}
        }
        if self.does == StateAction::Compare && (self.face.is_none() || self.against.is_none()) {
            return Err("`compare` needs a `face` and an `against`".to_owned());
        }
        if self.does == StateAction::Start && !starts_task {
            return Err("`start` needs a `task`".to_owned());
        }
        if starts_task != answers.accepted.is_some() {
            return Err("a `task` and an `accepted` answer go together".to_owned());
        }
        let issued_key = self
            .key
            .as_ref()
            .filter(|key| key.place == LocatorPlace::Issued);
        if issued_key.is_some() && self.does != StateAction::Create {
            return Err("only a create issues its key".to_owned());
        }
        for pointer in self
            .issues
            .keys()
            .chain(self.echo.keys())
            .chain(issued_key.map(|key| &key.name))
        {
            if !pointer.is_empty() && !pointer.starts_with('/') {
                return Err(format!("`{pointer}` is not a JSON pointer"));
            }
        }
        Ok(())
    }

    /// The key, where the mock issues it (at a JSON pointer of the answer).
    pub fn issued_key(&self) -> Option<&Locator> {
        self.key
            .as_ref()
            .filter(|key| key.place == LocatorPlace::Issued)
    }

    /// Every answer the mark names, with the state it answers.
    pub fn answers(&self) -> impl Iterator<Item = (&'static str, &StateAnswer)> {
        let answers = &self.answers;
        [
            ("done", &answers.done),
            ("absent", &answers.absent),
            ("exists", &answers.exists),
            ("other-face", &answers.other_face),
            ("accepted", &answers.accepted),
            ("pending", &answers.pending),
        ]
        .into_iter()
        .filter_map(|(state, answer)| answer.as_ref().map(|answer| (state, answer)))
    }

    /// Whether the answer to `state` (`done`, `absent`, `exists`, `other-face`, `test-face`,
    /// `accepted`, `pending`) is the poll operation's (a task's result), not this one's.
    pub fn answer_is_the_polls(&self, state: &str) -> bool {
        self.task.is_some()
            && matches!(
                state,
                "done" | "absent" | "exists" | "other-face" | "test-face"
            )
    }
}

/// Whether `node`'s [`SOURCE`] or [`INFERRED`] mark covers a claim of `kind` (`required`,
/// `format`, `security`, `type`): a non-empty text covers every claim of its node; a map covers
/// the kinds it names.
///
/// ```
/// use faceauth_spec::extension::claim_covered;
///
/// let node = serde_json::json!({"required": ["a"], "format": "uuid",
///     "x-faceauth-source": {"required": "the page's table"},
///     "x-faceauth-inferred": {"format": "every example is a UUID"}});
/// assert!(claim_covered(&node, "required") && claim_covered(&node, "format"));
/// assert!(!claim_covered(&node, "security"));
/// ```
pub fn claim_covered(node: &Value, kind: &str) -> bool {
    [SOURCE, INFERRED]
        .into_iter()
        .filter_map(|mark| node.get(mark))
        .any(|mark| match mark {
            Value::String(text) => !text.trim().is_empty(),
            Value::Object(by_kind) => by_kind
                .get(kind)
                .and_then(Value::as_str)
                .is_some_and(|text| !text.trim().is_empty()),
            _ => false,
        })
}

/// `text` on one line, its whitespace runs as single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_read_only_mark_is_read_whole_and_its_faults_are_named() {
        let mark = ReadOnlyMark::parse(&json!({"reason": "A lookup.\n  No change.",
            "inputs": {"id": "FACEAUTH_X_ID"}, "may_be_billed": "a fee"}))
        .unwrap();
        assert_eq!(mark.reason, "A lookup. No change.");
        assert_eq!(mark.inputs, [("id".to_owned(), "FACEAUTH_X_ID".to_owned())]);
        assert_eq!(mark.may_be_billed.as_deref(), Some("a fee"));
        for (bad, says) in [
            (json!({}), "needs a `reason`"),
            (json!({"reason": "x", "set": {}}), "moved"),
            (json!({"reason": "x", "inputs": []}), "must be a map"),
            (json!({"reason": "x", "may_be_billed": " "}), "must say why"),
        ] {
            let why = ReadOnlyMark::parse(&bad).unwrap_err().to_string();
            assert!(why.contains(says), "{why}");
        }
    }

    #[test]
    fn declared_outcomes_read_every_form() {
        let parse = |v: Value| DeclaredOutcome::parse(Some(&v));
        assert_eq!(parse(json!("success")), Ok(DeclaredOutcome::Success));
        assert_eq!(parse(json!("pending")), Ok(DeclaredOutcome::Pending));
        assert_eq!(
            parse(json!("refused")),
            Ok(DeclaredOutcome::Refused { code: None })
        );
        assert_eq!(
            parse(json!({"refused": 400})),
            Ok(DeclaredOutcome::Refused {
                code: Some("400".into())
            })
        );
        assert!(parse(json!("maybe")).is_err());
        assert!(parse(json!({"refused": "A", "other": 1})).is_err());
        assert!(DeclaredOutcome::parse(None)
            .unwrap_err()
            .to_string()
            .contains("declares no outcome"));
    }
}
