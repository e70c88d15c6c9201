//! What the mock remembers between requests, as the specs declare it (`x-faceauth-state` on each
//! operation: the resource, where its key and face are in the request, what the operation does,
//! which documented example answers each state). Nothing here knows a vendor: a vendor's
//! behaviour is a spec edit.
//!
//! The state is bounded ([`StateStore::new`]'s cap, per vendor): a create past it is refused
//! with the mock's 507 and counted, never stored. One lock per vendor serialises the requests
//! that touch the state, so two concurrent creates of one key are one create and one duplicate.
//! A request the mock refuses (a credential, a check) never reaches the state.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::test_faces::{test_face, TestFace};
use faceauth_conformance::SpecOperation;
use faceauth_spec::extension::{Locator, LocatorPlace, StateAction, StateAnswer, StateMark};
use serde::Serialize;
use serde_json::Value;

/// The resources each vendor may hold at most, unless configured otherwise.
pub const DEFAULT_STATE_CAP: usize = 10_000;

/// How many polls a task answers pending before its answer, unless configured otherwise.
pub const DEFAULT_TASK_POLLS: u32 = 1;

/// The longest value a resource keeps for its answers (a longer one is not kept: the answer
/// shows the documented value instead), so that the state's size is bounded by its cap.
const LONGEST_KEPT_VALUE: usize = 1024;

/// One answer, found once: a documented example of the operation, one of the operation that polls
/// its task, or one the mark writes out.
#[derive(Debug, Clone)]
pub(crate) enum Resolved {
    Own(usize),
    Poll(usize),
    Written { status: u16, body: Value },
}

/// An operation's state mark, with each answer found once.
pub(crate) struct PreparedState {
    pub(crate) mark: StateMark,
    pub(crate) done: Option<Resolved>,
    pub(crate) absent: Option<Resolved>,
    pub(crate) exists: Option<Resolved>,
    pub(crate) other_face: Option<Resolved>,
    pub(crate) accepted: Option<Resolved>,
    pub(crate) pending: Option<Resolved>,
    /// The operation that polls the task this one starts (its index among the vendor's).
    pub(crate) poll: Option<usize>,
    /// The documented values the fresh ones are made like: the key's (where the mock issues it)
    /// and each of `issues`'s, by pointer.
    pub(crate) issued_like: BTreeMap<String, String>,
    /// The request values a resource of this kind keeps for the answers that echo them.
    pub(crate) keep: Vec<String>,
    /// The reserved test faces it answers whatever the state: the face, the request field it
    /// comes in, the answer.
    pub(crate) test_faces: Vec<(&'static TestFace, String, Resolved)>,
}

/// `mark`, operation `at`'s among the vendor's `operations` (each with its mark), with each
/// answer found: among the operation's own examples, or the poll operation's for a task's.
pub(crate) fn prepare(
    operations: &[(&SpecOperation, Option<&StateMark>)],
    at: usize,
    mark: StateMark,
) -> Result<PreparedState, String> {
    let own = operations[at].0;
    let poll = match &mark.task {
        Some(task) => Some(
            operations
                .iter()
                .position(|(operation, _)| operation.id == task.poll)
                .ok_or_else(|| format!("its task's poll `{}` is no operation", task.poll))?,
        ),
        None => None,
    };
    if let Some(poll) = poll {
        let polls = operations[poll]
            .1
            .is_some_and(|m| m.does == StateAction::Poll);
        if !polls {
            return Err(format!(
                "its task's poll `{}` is not marked `does: poll`",
                operations[poll].0.id
            ));
        }
    }
    let find = |operation: &SpecOperation, name: &str| {
        operation
            .responses
            .iter()
            .position(|r| r.example.name == name)
            .ok_or_else(|| {
                format!(
                    "`{name}` is not one of {}'s response examples",
                    operation.id
                )
            })
    };
    let resolve_answer = |state: &str, answer: &StateAnswer| -> Result<Resolved, String> {
        Ok(match answer {
            StateAnswer::Written { status, body } => Resolved::Written {
                status: *status,
                body: body.clone(),
            },
            StateAnswer::Example(name) => match (mark.answer_is_the_polls(state), poll) {
                (true, Some(poll)) => Resolved::Poll(find(operations[poll].0, name)?),
                _ => Resolved::Own(find(own, name)?),
            },
        })
    };
    let resolve = |state: &str| -> Result<Option<Resolved>, String> {
        match mark.answers().find(|(named, _)| *named == state) {
            Some((_, answer)) => resolve_answer(state, answer).map(Some),
            None => Ok(None),
        }
    };
    let test_faces = mark
        .test_faces
        .iter()
        .map(|entry| {
            let face = test_face(&entry.face)
                .ok_or_else(|| format!("`{}` is none of the mock's test faces", entry.face))?;
            Ok((
                face,
                entry.field.clone(),
                resolve_answer("test-face", &entry.answer)?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    fn body_of<'a>(
        operations: &[(&'a SpecOperation, Option<&StateMark>)],
        own: &'a SpecOperation,
        poll: Option<usize>,
        resolved: &'a Option<Resolved>,
    ) -> Option<&'a Value> {
        match resolved.as_ref()? {
            Resolved::Own(index) => Some(&own.responses[*index].example.value),
            Resolved::Poll(index) => Some(&operations[poll?].0.responses[*index].example.value),
            Resolved::Written { body, .. } => Some(body),
        }
    }
    let done = resolve("done")?;
    let accepted = resolve("accepted")?;
    // The fresh values are made like the documented ones where the answer prints them.
    let mut issued_like = BTreeMap::new();
    let documented = |body: Option<&Value>, pointer: &str| {
        body.and_then(|body| body.pointer(pointer))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut pointers: Vec<&String> = mark.issues.keys().collect();
    if let Some(key) = mark.issued_key() {
        pointers.push(&key.name);
    }
    for pointer in pointers {
        if let Some(like) = documented(body_of(operations, own, poll, &done), pointer) {
            issued_like.insert(pointer.clone(), like);
        }
    }
    if let Some(task) = &mark.task {
        if let Some(like) = documented(body_of(operations, own, poll, &accepted), &task.id) {
            issued_like.insert(task.id.clone(), like);
        }
    }
    // A resource keeps the values any operation on its kind echoes (and no others).
    let mut keep: Vec<String> = operations
        .iter()
        .filter_map(|(_, other)| *other)
        .filter(|other| other.resource == mark.resource)
        .flat_map(|other| other.echo.values().cloned())
        .filter(|name| !mark.issues.values().any(|issued| issued == name))
        .collect();
    keep.sort();
    keep.dedup();
    Ok(PreparedState {
        done,
        absent: resolve("absent")?,
        exists: resolve("exists")?,
        other_face: resolve("other-face")?,
        accepted,
        pending: resolve("pending")?,
        poll,
        issued_like,
        keep,
        test_faces,
        mark,
    })
}

impl PreparedState {
    /// The answer to `state`.
    pub(crate) fn answer(&self, state: AnswerState) -> Option<&Resolved> {
        match state {
            AnswerState::Done => self.done.as_ref(),
            AnswerState::Absent => self.absent.as_ref(),
            AnswerState::Exists => self.exists.as_ref().or(self.done.as_ref()),
            AnswerState::OtherFace => self.other_face.as_ref().or(self.done.as_ref()),
        }
    }
}

/// What a request names: the key (none where the mock issues it), the face, and the values the
/// resource keeps.
/// The key is borrowed from the request: most requests find their resource, and only a new one
/// keeps a copy.
pub(crate) struct Touch<'r> {
    pub(crate) key: Option<Cow<'r, str>>,
    pub(crate) face: Option<FaceDigest>,
    pub(crate) sent: Vec<(String, String)>,
}

/// Which state the operation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnswerState {
    Done,
    Absent,
    Exists,
    OtherFace,
}

/// What applying an operation came to.
pub(crate) enum Applied {
    /// The state the answer is for, and the values the resource keeps (for the answer's echo).
    Answer {
        state: AnswerState,
        values: BTreeMap<String, String>,
    },
    /// The store holds as many resources as its cap allows.
    Full,
}

/// How a task is going.
pub(crate) enum Polled {
    Pending,
    Done(Rendered),
    Absent,
}

/// An answer made ready: its status, its JSON body, and the example it is (if one is).
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) example: Option<String>,
}

/// One vendor's resources.
pub(crate) struct StateStore {
    cap: usize,
    task_polls: u32,
    task_delay: Duration,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Resource kind → key → what it holds (looked up by `&str`: a request allocates nothing to
    /// find its resource).
    resources: BTreeMap<String, BTreeMap<String, Resource>>,
    /// Every value the mock issued → (kind, key) of the resource that keeps it.
    issued: HashMap<String, (String, String)>,
    /// How many resources all kinds hold (the cap counts them all).
    held: usize,
    /// Creates refused because the store was full.
    refused_at_cap: u64,
    /// How many values the mock has issued (what makes the next one fresh).
    issued_count: u64,
}

#[derive(Default)]
struct Resource {
    /// A digest of the face bound to it.
    face: Option<FaceDigest>,
    /// The values its answers echo: those the requests sent, those the mock issued.
    values: BTreeMap<String, String>,
    /// The names of the values the mock issued (forgotten with the resource).
    issued: Vec<String>,
    /// Where it is a task: how it is going.
    task: Option<TaskRun>,
}

struct TaskRun {
    answer: Rendered,
    polls_left: u32,
    ready_at: Instant,
}

/// What a vendor's state holds, as the admin surface shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateSnapshot {
    /// The resources, in key order.
    pub resources: Vec<ResourceSnapshot>,
    /// How many creates the cap refused.
    pub refused_at_cap: u64,
    /// The cap.
    pub cap: usize,
}

/// One resource the state holds. Its face is not shown: only whether it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceSnapshot {
    /// Its kind (`account`, `user`, `task`).
    pub resource: String,
    /// Its key.
    pub key: String,
    /// Whether a face is bound to it.
    pub has_face: bool,
    /// A digest of the face bound to it (never the face: a seed may give it back as it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub face: Option<String>,
    /// The values its answers echo (what the requests sent, what the mock issued).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// For a task: whether it is done (a poll now gets its answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_done: Option<bool>,
}

impl StateStore {
    pub(crate) fn new(cap: usize, task_polls: u32, task_delay: Duration) -> Self {
        Self {
            cap,
            task_polls,
            task_delay,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies `state`'s operation to the resource `touch` names and says which state the
    /// answer is for. A create issues the mark's fresh values (made like `state.issued_like`).
    pub(crate) fn apply(&self, state: &PreparedState, touch: Touch<'_>) -> Applied {
        let mark = &state.mark;
        let mut guard = self.lock();
        let inner = &mut *guard;
        let kind = mark.resource.as_str();
        let by = mark.key.as_ref().and_then(|key| key.by.as_ref());
        let key: Option<Cow<'_, str>> = match (touch.key, by) {
            (None, _) => None,
            (Some(value), Some(_)) => inner
                .issued
                .get(&*value)
                .filter(|(held_kind, _)| held_kind == kind)
                .map(|(_, key)| Cow::Owned(key.clone())),
            (Some(key), None) => Some(key),
        };
        let present = key
            .as_deref()
            .and_then(|key| inner.resources.get_mut(kind)?.get_mut(key));
        // An answer echoes what the resource keeps, else what the request sent (gathered only
        // for a mark that puts values in its answers).
        let wants_values = puts_values(mark);
        let sent: BTreeMap<String, String> = match wants_values {
            true => touch.sent.iter().cloned().collect(),
            false => BTreeMap::new(),
        };
        let answer = |state: AnswerState, resource: &Resource| {
            let mut values = sent.clone();
            if wants_values {
                values.extend(resource.values.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Applied::Answer { state, values }
        };
        match (mark.does, present) {
            (StateAction::Create, Some(resource)) if state.exists.is_some() => {
                answer(AnswerState::Exists, resource)
            }
            (StateAction::Enrol, Some(resource)) if resource.face.is_some() => {
                answer(AnswerState::Exists, resource)
            }
            // Created again without a documented duplicate answer, enrolled, or updated: the
            // face is replaced where the request carries one.
            (StateAction::Create | StateAction::Enrol | StateAction::Update, Some(resource)) => {
                if touch.face.is_some() {
                    resource.face = touch.face;
                }
                keep(resource, touch.sent);
                answer(AnswerState::Done, resource)
            }
            (StateAction::Create, None) => {
                if inner.held >= self.cap {
                    inner.refused_at_cap += 1;
                    return Applied::Full;
                }
                let mut resource = Resource {
                    face: touch.face,
                    ..Resource::default()
                };
                keep(&mut resource, touch.sent);
                let issued_key = mark.issued_key();
                let key = match (key, issued_key) {
                    (Some(key), _) => key.into_owned(),
                    (None, issued) => {
                        let like = issued.and_then(|key| state.issued_like.get(&key.name));
                        inner.fresh(like.map_or("", String::as_str))
                    }
                };
                for (pointer, name) in &mark.issues {
                    let like = state.issued_like.get(pointer);
                    let value = inner.fresh(like.map_or("", String::as_str));
                    inner
                        .issued
                        .insert(value.clone(), (kind.to_owned(), key.clone()));
                    resource.issued.push(name.clone());
                    resource.values.insert(name.clone(), value);
                }
                if let Some(issued) = issued_key {
                    resource.values.insert(issued.name.clone(), key.clone());
                }
                let applied = answer(AnswerState::Done, &resource);
                inner
                    .resources
                    .entry(kind.to_owned())
                    .or_default()
                    .insert(key, resource);
                inner.held += 1;
                applied
            }
            (_, None) => Applied::Answer {
                state: AnswerState::Absent,
                values: sent,
            },
            (
                StateAction::Read | StateAction::Poll | StateAction::Compare | StateAction::Start,
                Some(resource),
            ) => match (&touch.face, &resource.face) {
                (Some(sent), Some(bound)) if sent == bound => answer(AnswerState::Done, resource),
                (Some(_), _) => answer(AnswerState::OtherFace, resource),
                (None, _) => answer(AnswerState::Done, resource),
            },
            (StateAction::Delete, Some(_)) => {
                let key = key.unwrap_or_default();
                if let Some(removed) = inner
                    .resources
                    .get_mut(kind)
                    .and_then(|held| held.remove(&*key))
                {
                    for name in &removed.issued {
                        if let Some(value) = removed.values.get(name) {
                            inner.issued.remove(value.as_str());
                        }
                    }
                    inner.held -= 1;
                    return Applied::Answer {
                        state: AnswerState::Done,
                        values: removed.values,
                    };
                }
                Applied::Answer {
                    state: AnswerState::Absent,
                    values: BTreeMap::new(),
                }
            }
        }
    }

    /// Starts a task of kind `kind` whose answer, once done, is `answer`; its fresh id (made
    /// like `like`), or `None` when the store is full.
    pub(crate) fn start_task(&self, kind: &str, like: &str, answer: Rendered) -> Option<String> {
        let mut inner = self.lock();
        if inner.held >= self.cap {
            inner.refused_at_cap += 1;
            return None;
        }
        let id = inner.fresh(like);
        let task = Resource {
            task: Some(TaskRun {
                answer,
                polls_left: self.task_polls,
                ready_at: Instant::now() + self.task_delay,
            }),
            ..Resource::default()
        };
        inner
            .resources
            .entry(kind.to_owned())
            .or_default()
            .insert(id.clone(), task);
        inner.held += 1;
        Some(id)
    }

    /// How the task `id` of kind `kind` is going: pending until it has been polled as often and
    /// for as long as configured, then its answer.
    pub(crate) fn poll(&self, kind: &str, id: &str) -> Polled {
        let mut inner = self.lock();
        let Some(task) = inner
            .resources
            .get_mut(kind)
            .and_then(|held| held.get_mut(id))
            .and_then(|resource| resource.task.as_mut())
        else {
            return Polled::Absent;
        };
        if task.polls_left > 0 || Instant::now() < task.ready_at {
            task.polls_left = task.polls_left.saturating_sub(1);
            return Polled::Pending;
        }
        Polled::Done(task.answer.clone())
    }

    /// Forgets every resource.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        inner.resources.clear();
        inner.issued.clear();
        inner.held = 0;
        inner.refused_at_cap = 0;
    }

    /// What the state holds.
    pub(crate) fn snapshot(&self) -> StateSnapshot {
        let inner = self.lock();
        let now = Instant::now();
        StateSnapshot {
            resources: inner
                .resources
                .iter()
                .flat_map(|(resource, kind)| {
                    kind.iter().map(move |(key, held)| ResourceSnapshot {
                        resource: resource.clone(),
                        key: key.clone(),
                        has_face: held.face.is_some(),
                        face: held.face.map(|face| face.to_string()),
                        values: held.values.clone(),
                        task_done: held
                            .task
                            .as_ref()
                            .map(|task| task.polls_left == 0 && now >= task.ready_at),
                    })
                })
                .collect(),
            refused_at_cap: inner.refused_at_cap,
            cap: self.cap,
        }
    }
}

/// A state to set (`PUT /__faceauth/state`, `faceauth mock --state FILE`): each vendor's
/// resources by vendor name, in the shape `GET /__faceauth/state` shows, so that a state shown
/// can be set again. What only the mock decides (`has_face`, `refused_at_cap`, `cap`) is
/// ignored; a vendor named `null` or left out starts empty. Its JSON Schema is
/// [`STATE_SCHEMA`].
pub type StateSeed = BTreeMap<String, Option<VendorSeed>>;

/// The JSON Schema of a [`StateSeed`] (what `GET /__faceauth/state` shows is one too).
pub const STATE_SCHEMA: &str = include_str!("../state.schema.json");

/// One vendor's resources in a [`StateSeed`].
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorSeed {
    /// The resources.
    #[serde(default)]
    pub resources: Vec<SeedResource>,
    /// Shown by the mock; ignored.
    #[serde(default)]
    pub refused_at_cap: Option<u64>,
    /// Shown by the mock; ignored.
    #[serde(default)]
    pub cap: Option<u64>,
}

/// One resource of a [`VendorSeed`]. Its face, if it has one, is given once: as the digest
/// the mock showed (`face`), as the text a request sends for it (`face_text`: an image URL, a
/// session id, an encoded image), or as the image's bytes in base64 (`face_base64`, for the
/// vendors that take uploads).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedResource {
    /// Its kind, one the vendor's spec declares (`user`, `account`, `face`).
    pub resource: String,
    /// Its key.
    pub key: String,
    /// Shown by the mock; ignored.
    #[serde(default)]
    pub has_face: Option<bool>,
    /// The face's digest, as the mock shows it.
    #[serde(default)]
    pub face: Option<String>,
    /// The text a request sends for the face.
    #[serde(default)]
    pub face_text: Option<String>,
    /// The face image's bytes, in base64.
    #[serde(default)]
    pub face_base64: Option<String>,
    /// The values its answers echo (issued ones included: an enrolment URL a later request
    /// names the resource by).
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Shown for a task; a task cannot be set.
    #[serde(default)]
    pub task_done: Option<bool>,
}

/// A seed checked and built, ready to replace what a store holds ([`StateStore::install`]).
pub(crate) struct Seeded {
    resources: BTreeMap<String, BTreeMap<String, Resource>>,
    issued: HashMap<String, (String, String)>,
    held: usize,
}

impl StateStore {
    /// `resources` checked and built into what the store will hold, changing nothing yet: each
    /// of a kind in `kinds` (kind → the names of the values the mock issues for it), at most the
    /// cap, no key twice, no task. `Err` says which and why.
    pub(crate) fn prepare_seed(
        &self,
        resources: &[SeedResource],
        kinds: &BTreeMap<String, Vec<String>>,
    ) -> Result<Seeded, String> {
        use base64::Engine as _;
        if resources.len() > self.cap {
            return Err(format!(
                "{} resources, more than the state cap ({})",
                resources.len(),
                self.cap
            ));
        }
        let mut held: BTreeMap<String, BTreeMap<String, Resource>> = BTreeMap::new();
        let mut issued = HashMap::new();
        for (at, seed) in resources.iter().enumerate() {
            let place = format!("resources[{at}]");
            let Some(issued_names) = kinds.get(&seed.resource) else {
                let known: Vec<&str> = kinds.keys().map(String::as_str).collect();
                return Err(format!(
                    "{place}: `{}` is no resource of this vendor (its spec declares {})",
                    seed.resource,
                    known.join(", ")
                ));
            };
            if seed.task_done.is_some() {
                return Err(format!("{place}: a task cannot be set"));
            }
            if seed.key.is_empty() || seed.key.len() > LONGEST_KEPT_VALUE {
                return Err(format!(
                    "{place}: a key must have 1 to {LONGEST_KEPT_VALUE} bytes"
                ));
            }
            let faces = [&seed.face, &seed.face_text, &seed.face_base64];
            if faces.iter().filter(|face| face.is_some()).count() > 1 {
                return Err(format!(
                    "{place}: give the face once (`face`, `face_text` or `face_base64`)"
                ));
            }
            let face = match (&seed.face, &seed.face_text, &seed.face_base64) {
                (Some(digest), _, _) => match FaceDigest::parse(digest) {
                    Some(digest) => Some(digest),
                    None => {
                        return Err(format!(
                            "{place}: `face` is a digest as the mock shows it (face: and 16 hex digits)"
                        ))
                    }
                },
                (_, Some(text), _) => Some(face_digest(text.as_bytes())),
                (_, _, Some(encoded)) => {
                    let bytes = base64::engine::general_purpose::STANDARD
                        .decode(encoded)
                        .map_err(|e| format!("{place}: `face_base64` is not base64: {e}"))?;
                    Some(face_digest(&bytes))
                }
                _ => None,
            };
            if let Some((name, _)) = seed
                .values
                .iter()
                .find(|(_, value)| value.len() > LONGEST_KEPT_VALUE)
            {
                return Err(format!(
                    "{place}: `values.{name}` is longer than {LONGEST_KEPT_VALUE} bytes"
                ));
            }
            let mut resource = Resource {
                face,
                values: seed.values.clone(),
                ..Resource::default()
            };
            for name in issued_names {
                if let Some(value) = seed.values.get(name) {
                    let owner = (seed.resource.clone(), seed.key.clone());
                    if issued.insert(value.clone(), owner).is_some() {
                        return Err(format!(
                            "{place}: `values.{name}` names another resource too"
                        ));
                    }
                    resource.issued.push(name.clone());
                }
            }
            let kind = held.entry(seed.resource.clone()).or_default();
            if kind.insert(seed.key.clone(), resource).is_some() {
                return Err(format!(
                    "{place}: {} `{}` is given twice",
                    seed.resource, seed.key
                ));
            }
        }
        Ok(Seeded {
            resources: held,
            issued,
            held: resources.len(),
        })
    }

    /// Replaces everything the store holds with `seeded`.
    pub(crate) fn install(&self, seeded: Seeded) {
        let mut inner = self.lock();
        inner.held = seeded.held;
        inner.resources = seeded.resources;
        inner.issued = seeded.issued;
        inner.refused_at_cap = 0;
    }
}

impl Inner {
    /// A value made like `like` (the documented one: its last run of letters, digits and
    /// dashes is replaced, letter for letter and digit for digit, hex staying hex), never
    /// issued before.
    fn fresh(&mut self, like: &str) -> String {
        loop {
            self.issued_count += 1;
            let value = fresh_like(like, self.issued_count);
            let taken = self.issued.contains_key(value.as_str())
                || self
                    .resources
                    .values()
                    .any(|held| held.contains_key(value.as_str()));
            if !taken {
                return value;
            }
        }
    }
}

/// `like` with its last run of letters, digits and dashes made new from `seed`.
pub(crate) fn fresh_like(like: &str, seed: u64) -> String {
    let start = like
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '-')
        .last()
        .map_or(like.len(), |(at, _)| at);
    let (head, run) = like.split_at(start);
    let hex = run.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    // SplitMix64 over the seed and the process's start: fresh across runs, stable within one.
    // The documented value mixed in: each kind of value has its own sequence.
    let mut state = seed ^ process_salt() ^ fnv1a(like.as_bytes());
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut made = String::with_capacity(like.len().max(16));
    made.push_str(head);
    let pick = |alphabet: &[u8], n: u64| alphabet[(n % alphabet.len() as u64) as usize] as char;
    if run.is_empty() {
        // Nothing documented to copy: sixteen hex digits.
        for _ in 0..16 {
            made.push(pick(b"0123456789abcdef", next()));
        }
        return made;
    }
    for c in run.chars() {
        let n = next();
        made.push(match c {
            '-' => '-',
            _ if hex && c.is_ascii_uppercase() => pick(b"0123456789ABCDEF", n),
            _ if hex => pick(b"0123456789abcdef", n),
            _ if c.is_ascii_digit() => pick(b"0123456789", n),
            _ if c.is_ascii_uppercase() => pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", n),
            _ => pick(b"abcdefghijklmnopqrstuvwxyz", n),
        });
    }
    made
}

fn process_salt() -> u64 {
    use std::sync::OnceLock;
    static SALT: OnceLock<u64> = OnceLock::new();
    *SALT.get_or_init(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        now.as_nanos() as u64 ^ u64::from(std::process::id()).rotate_left(32)
    })
}

/// Whether `mark` puts values in its answers (echoed, issued, a task's id).
pub(crate) fn puts_values(mark: &StateMark) -> bool {
    !mark.echo.is_empty()
        || !mark.issues.is_empty()
        || mark.issued_key().is_some()
        || mark.task.is_some()
}

/// Puts in `body` the values `mark` names: those it echoes and issues, the key it issues and its
/// task's id, each at its JSON pointer where the documented body has one (a number stays a number
/// where the value reads as one).
pub(crate) fn put_values(mark: &StateMark, body: &mut Value, values: &BTreeMap<String, String>) {
    let task_id = mark.task.as_ref().map(|task| (&task.id, &task.id));
    let issued_key = mark.issued_key().map(|key| (&key.name, &key.name));
    let placed = mark
        .echo
        .iter()
        .chain(mark.issues.iter())
        .chain(issued_key)
        .chain(task_id);
    for (pointer, name) in placed {
        let (Some(value), Some(place)) = (values.get(name), body.pointer_mut(pointer)) else {
            continue;
        };
        // A value that is not text was kept as its JSON (a list of users, a setting's object):
        // it goes back as JSON where the documented body has a value of that kind.
        let put = match &*place {
            Value::String(_) => Value::String(value.clone()),
            documented => match serde_json::from_str::<Value>(value) {
                Ok(sent) if std::mem::discriminant(&sent) == std::mem::discriminant(documented) => {
                    sent
                }
                _ => Value::String(value.clone()),
            },
        };
        *place = put;
    }
}

/// Keeps the values a request sent that the resource's answers echo (short ones only).
fn keep(resource: &mut Resource, sent: Vec<(String, String)>) {
    for (name, value) in sent {
        if value.len() <= LONGEST_KEPT_VALUE && !resource.issued.contains(&name) {
            resource.values.insert(name, value);
        }
    }
}

/// Where the values of one request are, for [`locate`].
pub(crate) struct RequestValues<'a> {
    /// A member of the JSON body, or a text field of the form, as text (borrowed from the
    /// request where it can be).
    pub(crate) body: &'a dyn Fn(&str) -> Option<Cow<'a, str>>,
    pub(crate) path: &'a dyn Fn(&str) -> Option<String>,
    pub(crate) query: &'a dyn Fn(&str) -> Option<String>,
}

/// The value `locator` names in a request, as text (`None` for one the mock issues).
pub(crate) fn locate<'a>(locator: &Locator, values: &RequestValues<'a>) -> Option<Cow<'a, str>> {
    match locator.place {
        LocatorPlace::Body => (values.body)(&locator.name),
        LocatorPlace::Path => (values.path)(&locator.name).map(Cow::Owned),
        LocatorPlace::Query => (values.query)(&locator.name).map(Cow::Owned),
        LocatorPlace::Issued => None,
    }
}

/// A face as the state knows it: a digest of the image's bytes, or of the text that stands for
/// it (an image URL, a session that captured it, an encoded image). The face itself, biometric
/// data, is never kept.
pub(crate) fn face_digest(bytes: &[u8]) -> FaceDigest {
    FaceDigest(fnv1a(bytes))
}

/// A face's digest ([`face_digest`]), shown and seeded as `face:` and 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FaceDigest(u64);

impl FaceDigest {
    /// The digest `text` shows, if it is one (`face:` and 16 hex digits).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix("face:")?;
        if hex.len() != 16 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u64::from_str_radix(hex, 16).ok().map(Self)
    }
}

impl std::fmt::Display for FaceDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "face:{:016x}", self.0)
    }
}

/// FNV-1a, 64 bits: a fingerprint that tells faces apart, stable across runs (a seed file may
/// hold one), and cheap on every request; nothing relies on it against an adversary.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mark(value: Value) -> StateMark {
        StateMark::parse(&value).unwrap()
    }

    /// A prepared mark whose answers are examples 0 (done), 1 (absent), 2 (exists, if
    /// `exists`) and 3 (other face).
    fn prepared(does: &str, exists: bool) -> PreparedState {
        prepared_with(
            mark(json!({
                "resource": "user",
                "key": {"in": "body", "name": "userName"},
                "does": does,
                "answers": {"done": "ok"}
            })),
            exists,
        )
    }

    fn prepared_with(mark: StateMark, exists: bool) -> PreparedState {
        PreparedState {
            mark,
            done: Some(Resolved::Own(0)),
            absent: Some(Resolved::Own(1)),
            exists: exists.then_some(Resolved::Own(2)),
            other_face: Some(Resolved::Own(3)),
            accepted: None,
            pending: None,
            poll: None,
            issued_like: BTreeMap::new(),
            keep: Vec::new(),
            test_faces: Vec::new(),
        }
    }

    fn touch<'k>(key: &'k str, face: Option<&str>) -> Touch<'k> {
        Touch {
            key: Some(Cow::Borrowed(key)),
            face: face.map(|face| face_digest(face.as_bytes())),
            sent: Vec::new(),
        }
    }

    /// The example index the state chose (`None`: full).
    fn answer(state: &PreparedState, applied: Applied) -> Option<usize> {
        match applied {
            Applied::Answer { state: chosen, .. } => match state.answer(chosen) {
                Some(Resolved::Own(index)) => Some(*index),
                _ => panic!("an example of its own"),
            },
            Applied::Full => None,
        }
    }

    #[test]
    fn each_action_answers_by_state_and_the_cap_refuses_and_counts() {
        let store = StateStore::new(2, 0, Duration::ZERO);
        let create = prepared("create", true);
        let read = prepared("read", false);
        let delete = prepared("delete", false);
        let apply = |state: &PreparedState, t| answer(state, store.apply(state, t));
        assert_eq!(apply(&read, touch("a", None)), Some(1), "absent");
        assert_eq!(apply(&create, touch("a", Some("face-a"))), Some(0));
        assert_eq!(
            apply(&create, touch("a", Some("face-a"))),
            Some(2),
            "exists"
        );
        assert_eq!(
            apply(&read, touch("a", Some("face-a"))),
            Some(0),
            "same face"
        );
        assert_eq!(
            apply(&read, touch("a", Some("face-b"))),
            Some(3),
            "other face"
        );
        assert_eq!(apply(&create, touch("b", None)), Some(0));
        assert_eq!(
            apply(&read, touch("b", Some("face-b"))),
            Some(3),
            "no face bound"
        );
        assert_eq!(apply(&create, touch("c", None)), None, "full");
        let snapshot = store.snapshot();
        assert_eq!(snapshot.resources.len(), 2);
        assert_eq!(snapshot.refused_at_cap, 1);
        assert_eq!(apply(&delete, touch("a", None)), Some(0));
        assert_eq!(apply(&delete, touch("a", None)), Some(1), "deleted");
        assert_eq!(apply(&create, touch("c", None)), Some(0), "room again");
        store.reset();
        assert_eq!(store.snapshot().resources, Vec::new());
    }

    #[test]
    fn an_enrolment_binds_a_face_once() {
        let store = StateStore::new(10, 0, Duration::ZERO);
        let create = prepared("create", false);
        let enrol = prepared("enrol", true);
        let apply = |state: &PreparedState, t| answer(state, store.apply(state, t));
        assert_eq!(
            apply(&enrol, touch("a", Some("face"))),
            Some(1),
            "no such user"
        );
        assert_eq!(apply(&create, touch("a", None)), Some(0));
        assert_eq!(apply(&enrol, touch("a", Some("face"))), Some(0), "enrolled");
        assert_eq!(apply(&enrol, touch("a", Some("face"))), Some(2), "already");
        assert!(store.snapshot().resources[0].has_face);
    }

    #[test]
    fn concurrent_creates_of_one_key_are_one_create_and_duplicates() {
        let store = std::sync::Arc::new(StateStore::new(10, 0, Duration::ZERO));
        let threads: Vec<_> = (0..32)
            .map(|_| {
                let store = store.clone();
                std::thread::spawn(move || {
                    let create = prepared("create", true);
                    answer(&create, store.apply(&create, touch("one", None)))
                })
            })
            .collect();
        let answers: Vec<Option<usize>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let created = answers.iter().filter(|a| **a == Some(0)).count();
        let duplicates = answers.iter().filter(|a| **a == Some(2)).count();
        assert_eq!((created, duplicates), (1, 31));
        assert_eq!(store.snapshot().resources.len(), 1);
    }

    #[test]
    fn a_create_without_a_documented_duplicate_replaces() {
        let store = StateStore::new(10, 0, Duration::ZERO);
        let create = prepared("create", false);
        let read = prepared("read", false);
        let apply = |state: &PreparedState, t| answer(state, store.apply(state, t));
        assert_eq!(apply(&create, touch("a", Some("one"))), Some(0));
        assert_eq!(apply(&create, touch("a", Some("two"))), Some(0));
        assert_eq!(apply(&read, touch("a", Some("two"))), Some(0));
        assert_eq!(apply(&read, touch("a", Some("one"))), Some(3));
    }

    #[test]
    fn issued_values_are_fresh_kept_and_name_their_resource_until_it_goes() {
        let store = StateStore::new(10, 0, Duration::ZERO);
        let mut create = prepared_with(
            mark(json!({
                "resource": "user", "key": {"in": "body", "name": "userName"}, "does": "create",
                "answers": {"done": "created"}, "issues": {"/enrollmentUrl": "enrollmentUrl"}
            })),
            false,
        );
        create.issued_like.insert(
            "/enrollmentUrl".to_owned(),
            "https://signzy.app/portal/E9dea9fDE9dF1Df2/7F3eAf85A101dedC".to_owned(),
        );
        let enrol = prepared_with(
            mark(json!({
                "resource": "user", "key": {"in": "body", "name": "enrolledUrl", "by": "enrollmentUrl"},
                "does": "enrol", "answers": {"done": "success"}
            })),
            true,
        );
        let issued = |key: &str| match store.apply(&create, touch(key, None)) {
            Applied::Answer { values, .. } => values["enrollmentUrl"].clone(),
            Applied::Full => panic!("room"),
        };
        let (first, second) = (issued("a"), issued("b"));
        assert_ne!(first, second);
        for url in [&first, &second] {
            assert!(
                url.starts_with("https://signzy.app/portal/E9dea9fDE9dF1Df2/"),
                "{url}"
            );
            assert_eq!(
                url.len(),
                "https://signzy.app/portal/E9dea9fDE9dF1Df2/7F3eAf85A101dedC".len()
            );
        }
        assert_eq!(issued("a"), first, "stable for the resource's life");
        let apply = |t| answer(&enrol, store.apply(&enrol, t));
        assert_eq!(
            apply(touch(&first, Some("face"))),
            Some(0),
            "found by its URL"
        );
        assert_eq!(apply(touch(&first, Some("face"))), Some(2), "the same user");
        assert_eq!(
            apply(touch("https://signzy.app/portal/x/y", Some("face"))),
            Some(1)
        );
        let delete = prepared("delete", false);
        assert_eq!(
            answer(&delete, store.apply(&delete, touch("a", None))),
            Some(0)
        );
        assert_eq!(
            apply(touch(&first, Some("face"))),
            Some(1),
            "gone with its user"
        );
    }

    #[test]
    fn fresh_values_look_like_the_documented_ones() {
        let uuid = fresh_like("58bf8a18-b10b-409d-91d6-fdd358408dff", 7);
        assert_eq!(uuid.len(), 36);
        assert_eq!(uuid.matches('-').count(), 4);
        assert!(
            uuid.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
            "{uuid}"
        );
        assert_ne!(uuid, fresh_like("58bf8a18-b10b-409d-91d6-fdd358408dff", 8));
        let id = fresh_like("f302f5d2454a85c2", 1);
        assert!(
            id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()),
            "{id}"
        );
        let word = fresh_like("session-ABC123xyz", 1);
        assert!(
            word.starts_with("session-") || word.len() == "session-ABC123xyz".len(),
            "{word}"
        );
        assert_eq!(fresh_like("", 3).len(), 16);
    }

    #[test]
    fn a_task_is_pending_for_its_polls_then_done_and_unknown_ids_are_absent() {
        let store = StateStore::new(10, 2, Duration::ZERO);
        let result = Rendered {
            status: 200,
            body: json!({"status": "SUCCESS"}),
            example: Some("registered".to_owned()),
        };
        let id = store
            .start_task("task", "58bf8a18-b10b-409d-91d6-fdd358408dff", result)
            .unwrap();
        assert!(matches!(store.poll("task", &id), Polled::Pending));
        assert_eq!(store.snapshot().resources[0].task_done, Some(false));
        assert!(matches!(store.poll("task", &id), Polled::Pending));
        let Polled::Done(done) = store.poll("task", &id) else {
            panic!("done after two polls")
        };
        assert_eq!(done.body, json!({"status": "SUCCESS"}));
        assert!(
            matches!(store.poll("task", &id), Polled::Done(_)),
            "and stays done"
        );
        assert!(matches!(store.poll("task", "never-issued"), Polled::Absent));
        assert_eq!(store.snapshot().resources[0].task_done, Some(true));
    }

    #[test]
    fn a_task_waits_for_its_delay_too() {
        let store = StateStore::new(10, 0, Duration::from_secs(3600));
        let result = Rendered {
            status: 200,
            body: json!({}),
            example: None,
        };
        let id = store.start_task("task", "", result).unwrap();
        assert!(matches!(store.poll("task", &id), Polled::Pending));
    }

    #[test]
    fn a_face_digest_is_fnv_1a_and_stable() {
        // The published FNV-1a 64 test vectors: a seed file's digests hold across versions.
        assert_eq!(face_digest(b"").to_string(), "face:cbf29ce484222325");
        assert_eq!(face_digest(b"a").to_string(), "face:af63dc4c8601ec8c");
        assert_eq!(face_digest(b"foobar").to_string(), "face:85944171f73967e8");
        let shown = face_digest(b"foobar").to_string();
        assert_eq!(FaceDigest::parse(&shown), Some(face_digest(b"foobar")));
        for not_one in [
            "face:85944171f73967e",
            "85944171f73967e8",
            "face:85944171f73967eg",
        ] {
            assert_eq!(FaceDigest::parse(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn values_go_where_the_documented_body_has_a_place() {
        let mark = mark(json!({
            "resource": "face", "key": {"in": "issued", "name": "/result/data/uuid"},
            "does": "create", "answers": {"done": "registered"},
            "echo": {"/name": "name", "/count": "count", "/missing/place": "name"}
        }));
        let mut body = json!({"name": "doc", "count": 1, "result": {"data": {"uuid": "doc"}}});
        let values = BTreeMap::from([
            ("name".to_owned(), "sent".to_owned()),
            ("count".to_owned(), "42".to_owned()),
            ("/result/data/uuid".to_owned(), "fresh".to_owned()),
        ]);
        put_values(&mark, &mut body, &values);
        assert_eq!(
            body,
            json!({"name": "sent", "count": 42, "result": {"data": {"uuid": "fresh"}}})
        );
    }
}
