//! What the mock remembers between requests, as the specs declare it (`x-faceauth-state` on each
//! operation: the resource, where its key and face are in the request, what the operation does,
//! which documented example answers each state). Nothing here knows a vendor: a vendor's
//! behaviour is a spec edit.
//!
//! The state is bounded ([`StateStore::new`]'s cap, per vendor): a create past it is refused
//! with the mock's 507 and counted, never stored. One lock per vendor serialises the requests
//! that touch the state, so two concurrent creates of one key are one create and one duplicate.
//! A request the mock refuses (a credential, a check) never reaches the state.

use std::collections::BTreeMap;
use std::sync::Mutex;

use faceauth_spec::extension::{Locator, LocatorPlace, StateAction, StateMark};
use serde::Serialize;

/// The resources each vendor may hold at most, unless configured otherwise.
pub const DEFAULT_STATE_CAP: usize = 10_000;

/// An operation's state mark, with each answer's documented response found once.
pub(crate) struct PreparedState {
    pub(crate) mark: StateMark,
    pub(crate) done: usize,
    pub(crate) absent: Option<usize>,
    pub(crate) exists: Option<usize>,
    pub(crate) other_face: Option<usize>,
}

/// The key (and face) an operation's request names, read with its mark's locators.
pub(crate) struct Touch {
    pub(crate) key: String,
    pub(crate) face: Option<String>,
}

/// Which documented answer the state chose, or that the state is full.
pub(crate) enum Chosen {
    Answer(usize),
    Full,
}

/// One vendor's resources.
pub(crate) struct StateStore {
    cap: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Resource kind → key → the face it was created or last updated with (looked up by `&str`:
    /// a request allocates nothing to find its resource).
    resources: BTreeMap<String, BTreeMap<String, Resource>>,
    /// How many resources all kinds hold (the cap counts them all).
    held: usize,
    /// Creates refused because the store was full.
    refused_at_cap: u64,
}

struct Resource {
    face: Option<String>,
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
    /// Its kind (`account`, `user`).
    pub resource: String,
    /// Its key.
    pub key: String,
    /// Whether a face is bound to it.
    pub has_face: bool,
}

impl StateStore {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            cap,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies `state`'s operation to the resource `touch` names and says which documented
    /// answer the result is.
    pub(crate) fn apply(&self, state: &PreparedState, touch: Touch) -> Chosen {
        let mark = &state.mark;
        let mut guard = self.lock();
        let inner = &mut *guard;
        let present = inner
            .resources
            .get_mut(mark.resource.as_str())
            .and_then(|kind| kind.get_mut(touch.key.as_str()));
        let absent_answer = state.absent.unwrap_or(state.done);
        let chosen = match (mark.does, present) {
            (StateAction::Create, Some(_)) if state.exists.is_some() => {
                state.exists.unwrap_or(state.done)
            }
            // Created again without a documented duplicate answer, or updated: the face is
            // replaced where the request carries one.
            (StateAction::Create | StateAction::Update, Some(resource)) => {
                if touch.face.is_some() {
                    resource.face = touch.face;
                }
                state.done
            }
            (StateAction::Create, None) => {
                if inner.held >= self.cap {
                    inner.refused_at_cap += 1;
                    return Chosen::Full;
                }
                inner
                    .resources
                    .entry(mark.resource.clone())
                    .or_default()
                    .insert(touch.key, Resource { face: touch.face });
                inner.held += 1;
                state.done
            }
            (_, None) => absent_answer,
            (StateAction::Read, Some(resource)) => match (&touch.face, &resource.face) {
                (Some(sent), Some(bound)) if sent != bound => {
                    state.other_face.unwrap_or(state.done)
                }
                _ => state.done,
            },
            (StateAction::Delete, Some(_)) => {
                if let Some(kind) = inner.resources.get_mut(mark.resource.as_str()) {
                    kind.remove(touch.key.as_str());
                }
                inner.held -= 1;
                state.done
            }
        };
        Chosen::Answer(chosen)
    }

    /// Forgets every resource.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        inner.resources.clear();
        inner.held = 0;
        inner.refused_at_cap = 0;
    }

    /// What the state holds.
    pub(crate) fn snapshot(&self) -> StateSnapshot {
        let inner = self.lock();
        StateSnapshot {
            resources: inner
                .resources
                .iter()
                .flat_map(|(resource, kind)| {
                    kind.iter().map(move |(key, held)| ResourceSnapshot {
                        resource: resource.clone(),
                        key: key.clone(),
                        has_face: held.face.is_some(),
                    })
                })
                .collect(),
            refused_at_cap: inner.refused_at_cap,
            cap: self.cap,
        }
    }
}

/// Where the values of one request are, for [`locate`].
pub(crate) struct RequestValues<'a> {
    /// A member of the JSON body, or a text field of the form, as text.
    pub(crate) body: &'a dyn Fn(&str) -> Option<String>,
    pub(crate) path: &'a dyn Fn(&str) -> Option<String>,
    pub(crate) query: &'a dyn Fn(&str) -> Option<String>,
}

/// The value `locator` names in a request, as text.
pub(crate) fn locate(locator: &Locator, values: &RequestValues<'_>) -> Option<String> {
    match locator.place {
        LocatorPlace::Body => (values.body)(&locator.name),
        LocatorPlace::Path => (values.path)(&locator.name),
        LocatorPlace::Query => (values.query)(&locator.name),
    }
}

/// A face sent as a file, as the state knows it: a digest of its bytes (the bytes themselves,
/// biometric data, are never kept).
pub(crate) fn face_of_bytes(bytes: &[u8]) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("image:{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(does: StateAction, exists: bool) -> PreparedState {
        let mark = StateMark::parse(&serde_json::json!({
            "resource": "user",
            "key": {"in": "body", "name": "userName"},
            "does": match does {
                StateAction::Create => "create",
                StateAction::Read => "read",
                StateAction::Update => "update",
                StateAction::Delete => "delete",
            },
            "answers": {"done": "ok"}
        }))
        .unwrap();
        PreparedState {
            mark,
            done: 0,
            absent: Some(1),
            exists: exists.then_some(2),
            other_face: Some(3),
        }
    }

    fn touch(key: &str, face: Option<&str>) -> Touch {
        Touch {
            key: key.to_owned(),
            face: face.map(str::to_owned),
        }
    }

    fn answer(chosen: Chosen) -> Option<usize> {
        match chosen {
            Chosen::Answer(index) => Some(index),
            Chosen::Full => None,
        }
    }

    #[test]
    fn each_action_answers_by_state_and_the_cap_refuses_and_counts() {
        let store = StateStore::new(2);
        let create = prepared(StateAction::Create, true);
        let read = prepared(StateAction::Read, false);
        let delete = prepared(StateAction::Delete, false);
        assert_eq!(
            answer(store.apply(&read, touch("a", None))),
            Some(1),
            "absent"
        );
        assert_eq!(
            answer(store.apply(&create, touch("a", Some("face-a")))),
            Some(0)
        );
        assert_eq!(
            answer(store.apply(&create, touch("a", Some("face-a")))),
            Some(2),
            "exists"
        );
        assert_eq!(
            answer(store.apply(&read, touch("a", Some("face-a")))),
            Some(0),
            "same face"
        );
        assert_eq!(
            answer(store.apply(&read, touch("a", Some("face-b")))),
            Some(3),
            "other face"
        );
        assert_eq!(answer(store.apply(&create, touch("b", None))), Some(0));
        assert_eq!(answer(store.apply(&create, touch("c", None))), None, "full");
        let snapshot = store.snapshot();
        assert_eq!(snapshot.resources.len(), 2);
        assert_eq!(snapshot.refused_at_cap, 1);
        assert_eq!(answer(store.apply(&delete, touch("a", None))), Some(0));
        assert_eq!(
            answer(store.apply(&delete, touch("a", None))),
            Some(1),
            "deleted"
        );
        assert_eq!(
            answer(store.apply(&create, touch("c", None))),
            Some(0),
            "room again"
        );
        store.reset();
        assert_eq!(store.snapshot().resources, Vec::new());
    }

    #[test]
    fn concurrent_creates_of_one_key_are_one_create_and_duplicates() {
        let store = std::sync::Arc::new(StateStore::new(10));
        let threads: Vec<_> = (0..32)
            .map(|_| {
                let store = store.clone();
                std::thread::spawn(move || {
                    answer(store.apply(&prepared(StateAction::Create, true), touch("one", None)))
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
        let store = StateStore::new(10);
        let create = prepared(StateAction::Create, false);
        let read = prepared(StateAction::Read, false);
        assert_eq!(
            answer(store.apply(&create, touch("a", Some("one")))),
            Some(0)
        );
        assert_eq!(
            answer(store.apply(&create, touch("a", Some("two")))),
            Some(0)
        );
        assert_eq!(answer(store.apply(&read, touch("a", Some("two")))), Some(0));
        assert_eq!(answer(store.apply(&read, touch("a", Some("one")))), Some(3));
    }
}
