//! The tokens a mock has issued, with their expiry: thread-safe and bounded, so that a flood of
//! token requests cannot grow memory without bound.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How many live tokens of one kind a vendor's mock remembers. At the cap, issuing another first
/// forgets expired tokens, then the oldest one.
pub const MAX_ISSUED_TOKENS: usize = 10_000;

/// Why a token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenRefusal {
    /// The mock did not issue it (or forgot it: logged out, or evicted at the cap).
    Unknown,
    /// It was issued and has expired.
    Expired,
}

/// One issued token.
struct Issued {
    /// Who it was issued to: the login's name, access key or username.
    subject: String,
    /// `None`: until logged out.
    expires_at: Option<SystemTime>,
}

/// Issued tokens by value, and the order they were issued in (for eviction).
pub(super) struct IssuedTokens {
    cap: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    by_value: HashMap<String, Issued>,
    order: VecDeque<String>,
}

impl IssuedTokens {
    /// An empty store that holds at most `cap` tokens.
    pub fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Remembers `token`, issued to `subject`, valid `lifetime` from now (`None`: until forgotten).
    pub fn insert(&self, token: String, subject: &str, lifetime: Option<Duration>) {
        let now = SystemTime::now();
        let mut state = self.lock();
        // Forget, from the oldest, what has expired or was already forgotten; at the cap, the
        // oldest whatever its expiry.
        while let Some(oldest) = state.order.front() {
            let gone = match state.by_value.get(oldest) {
                None => true,
                Some(issued) => issued.expires_at.is_some_and(|at| at <= now),
            };
            if !gone && state.by_value.len() < self.cap {
                break;
            }
            let oldest = state.order.pop_front().expect("a front to pop");
            state.by_value.remove(&oldest);
        }
        // The order list keeps entries of tokens forgotten out of turn (a logout); bound it too.
        if state.order.len() >= self.cap.saturating_mul(2) {
            let State { by_value, order } = &mut *state;
            order.retain(|t| by_value.contains_key(t));
        }
        state.order.push_back(token.clone());
        state.by_value.insert(
            token,
            Issued {
                subject: subject.to_owned(),
                expires_at: lifetime.map(|l| now + l),
            },
        );
    }

    /// Who `token` was issued to, if it is live; an expired token is forgotten as it is refused.
    pub fn check(&self, token: &str) -> Result<String, TokenRefusal> {
        let now = SystemTime::now();
        let mut state = self.lock();
        let issued = state.by_value.get(token).ok_or(TokenRefusal::Unknown)?;
        if issued.expires_at.is_some_and(|at| at <= now) {
            state.by_value.remove(token);
            return Err(TokenRefusal::Expired);
        }
        Ok(issued.subject.clone())
    }

    /// Forgets `token` (a logout); whether it was live.
    pub fn forget(&self, token: &str) -> Result<(), TokenRefusal> {
        self.check(token)?;
        self.lock().by_value.remove(token);
        Ok(())
    }

    /// How many tokens are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().by_value.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_accepted_until_they_expire_or_are_forgotten() {
        let tokens = IssuedTokens::new(10);
        tokens.insert("a".into(), "acme", None);
        tokens.insert("b".into(), "acme", Some(Duration::ZERO));
        tokens.insert("c".into(), "other", Some(Duration::from_secs(60)));
        assert_eq!(tokens.check("a"), Ok("acme".to_owned()));
        assert_eq!(tokens.check("c"), Ok("other".to_owned()));
        assert_eq!(tokens.check("b"), Err(TokenRefusal::Expired));
        // Refused once as expired, then forgotten.
        assert_eq!(tokens.check("b"), Err(TokenRefusal::Unknown));
        assert_eq!(tokens.check("nope"), Err(TokenRefusal::Unknown));
        assert_eq!(tokens.forget("a"), Ok(()));
        assert_eq!(tokens.check("a"), Err(TokenRefusal::Unknown));
        assert_eq!(tokens.forget("a"), Err(TokenRefusal::Unknown));
    }

    #[test]
    fn a_flood_of_tokens_stays_within_the_cap() {
        let tokens = IssuedTokens::new(100);
        for i in 0..10_000 {
            tokens.insert(format!("t{i}"), "acme", Some(Duration::from_secs(60)));
            assert!(tokens.len() <= 100);
        }
        // The newest are kept, the oldest evicted.
        assert!(tokens.check("t9999").is_ok());
        assert!(tokens.check("t9900").is_ok());
        assert_eq!(tokens.check("t9899"), Err(TokenRefusal::Unknown));
        assert!(tokens.lock().order.len() <= 200);
    }

    #[test]
    fn expired_tokens_are_forgotten_before_live_ones() {
        let tokens = IssuedTokens::new(3);
        tokens.insert("live".into(), "acme", None);
        tokens.insert("old".into(), "acme", Some(Duration::ZERO));
        tokens.insert("live2".into(), "acme", None);
        tokens.insert("new".into(), "acme", None);
        // At the cap: the oldest ("live") goes, and the expired one behind it.
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens.check("live"), Err(TokenRefusal::Unknown));
        assert_eq!(tokens.check("old"), Err(TokenRefusal::Unknown));
        assert!(tokens.check("new").is_ok());
        assert!(tokens.check("live2").is_ok());

        let tokens = IssuedTokens::new(3);
        tokens.insert("old".into(), "acme", Some(Duration::ZERO));
        tokens.insert("live".into(), "acme", None);
        tokens.insert("new".into(), "acme", None);
        tokens.insert("newer".into(), "acme", None);
        // The expired token was at the front: it went, every live one stays.
        for live in ["live", "new", "newer"] {
            assert!(tokens.check(live).is_ok(), "{live}");
        }
    }

    #[test]
    fn logouts_do_not_grow_the_order_list() {
        let tokens = IssuedTokens::new(10);
        for i in 0..1_000 {
            tokens.insert(format!("t{i}"), "acme", None);
            tokens.forget(&format!("t{i}")).unwrap();
        }
        assert_eq!(tokens.len(), 0);
        assert!(tokens.lock().order.len() <= 20);
    }
}
