//! What the mock lets its clients hold, and what it counts: a mock a test suite shares, or one
//! left running on a port others reach, must survive clients that are slow, stalled or hostile.
//!
//! - **Time**: the request head must arrive within [`MockLimits::header_read_timeout`] (an idle
//!   keep-alive connection is closed after it too; a connection is closed within a quarter
//!   timeout past it, see `watchdog.rs`), and the body within
//!   [`MockLimits::body_read_timeout`] (then `408`, and the connection closed).
//! - **Memory**: the bodies of all unfinished requests together hold at most
//!   [`MockLimits::max_unfinished_body_bytes`]; a request that would pass it is answered `503`
//!   with `Retry-After` and counted. A request head is read into a buffer of at most
//!   [`MAX_HEAD_BYTES`] per connection (larger: `431`). A JSON body is read into at most
//!   [`crate::MAX_BODY_VALUES`] values (a body of more is refused as invalid, counted without
//!   keeping a value): a body is at most a few times its size in memory, never forty.
//! - **Connections**: at most [`MockLimits::max_connections`] are open at once; one more is
//!   answered `503` with `Retry-After` and closed at once, so that it holds no descriptor.
//! - **Descriptors**: when accepting fails (no descriptor left), the accept loop waits, from 5 ms
//!   doubling to a second, instead of retrying at once and spinning a core.
//!
//! [`Load`] counts each of these refusals and what is held now ([`crate::RunningMock::load`]).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The largest request head (request line and headers) a connection may send, and so the most
/// one connection holds before its body: hyper's read buffer is capped here. The vendors' heads
/// are under 4 KiB (a JWT bearer token included).
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How long and how much the mock lets its clients hold. [`Default`] is what `faceauth mock`
/// serves with; `--header-read-timeout`, `--body-read-timeout`, `--max-connections` and
/// `--max-unfinished-body-mib` change it.
///
/// ```
/// use std::time::Duration;
/// use faceauth_mock::MockLimits;
///
/// let limits = MockLimits::default();
/// assert_eq!(limits.header_read_timeout, Duration::from_secs(10));
/// assert_eq!(limits.body_read_timeout, Duration::from_secs(30));
/// assert_eq!(limits.max_connections, 4096);
/// assert_eq!(limits.max_unfinished_body_bytes, 64 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MockLimits {
    /// How long a client may take to send a request's head, and how long an idle keep-alive
    /// connection stays open.
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request's body, once its head has arrived.
    pub body_read_timeout: Duration,
    /// How many connections may be open at once.
    pub max_connections: usize,
    /// How many bytes of request bodies all unfinished requests together may hold (each body is
    /// also at most 16 MiB).
    pub max_unfinished_body_bytes: usize,
}

impl Default for MockLimits {
    fn default() -> Self {
        Self {
            // A client on a loopback or a LAN sends a head in well under a millisecond; ten
            // seconds leave room for a debugger or a loaded CI runner.
            header_read_timeout: Duration::from_secs(10),
            // The largest body (16 MiB) at a slow 1 MB/s takes 16 s.
            body_read_timeout: Duration::from_secs(30),
            // Measured: 10,000 simultaneous connections answered in about a second; past the
            // cap a client is answered 503 at once. 4096 heads of 16 KiB hold at most 64 MiB.
            max_connections: 4096,
            // Four of the largest bodies at once.
            max_unfinished_body_bytes: 64 * 1024 * 1024,
        }
    }
}

/// What the mock holds now and what it refused since it started. Read with
/// [`crate::RunningMock::load`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadSnapshot {
    /// Connections open now.
    pub open_connections: usize,
    /// Bytes of request bodies held by unfinished requests now.
    pub unfinished_body_bytes: usize,
    /// Connections answered 503 and closed because [`MockLimits::max_connections`] were open.
    pub refused_connections: u64,
    /// Requests answered 503 because their body would pass
    /// [`MockLimits::max_unfinished_body_bytes`].
    pub refused_for_memory: u64,
    /// Connections closed because a request head began and did not end in time. (A connection
    /// that sends nothing, or stays idle after an answer, that long is closed too, uncounted.)
    pub header_timeouts: u64,
    /// Requests answered 408 because their body did not arrive in time.
    pub body_timeouts: u64,
    /// Times accepting a connection failed (no descriptor left) and the accept loop waited.
    pub accept_errors: u64,
}

/// The counters behind [`LoadSnapshot`], shared by the accept loop and every connection.
#[derive(Debug, Default)]
pub(crate) struct Load {
    open_connections: AtomicUsize,
    unfinished_body_bytes: AtomicUsize,
    pub(crate) refused_connections: AtomicU64,
    pub(crate) refused_for_memory: AtomicU64,
    pub(crate) header_timeouts: AtomicU64,
    pub(crate) body_timeouts: AtomicU64,
    pub(crate) accept_errors: AtomicU64,
}

impl Load {
    pub(crate) fn snapshot(&self) -> LoadSnapshot {
        LoadSnapshot {
            open_connections: self.open_connections.load(Ordering::Relaxed),
            unfinished_body_bytes: self.unfinished_body_bytes.load(Ordering::Relaxed),
            refused_connections: self.refused_connections.load(Ordering::Relaxed),
            refused_for_memory: self.refused_for_memory.load(Ordering::Relaxed),
            header_timeouts: self.header_timeouts.load(Ordering::Relaxed),
            body_timeouts: self.body_timeouts.load(Ordering::Relaxed),
            accept_errors: self.accept_errors.load(Ordering::Relaxed),
        }
    }

    /// A place for one more connection, or `None` when `max` are open.
    pub(crate) fn open_connection(self: &Arc<Self>, max: usize) -> Option<ConnectionSlot> {
        let opened =
            self.open_connections
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                    (open < max).then_some(open + 1)
                });
        match opened {
            Ok(_) => Some(ConnectionSlot(self.clone())),
            Err(_) => {
                self.refused_connections.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// A budget for one request's body, drawn from the shared cap.
    pub(crate) fn body_budget(&self, cap: usize) -> BodyBudget<'_> {
        BodyBudget {
            load: self,
            cap,
            held: 0,
        }
    }
}

/// One open connection, counted until dropped.
pub(crate) struct ConnectionSlot(Arc<Load>);

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The bytes one request's body holds of the shared cap, given back when the request is
/// answered (dropped).
pub(crate) struct BodyBudget<'l> {
    load: &'l Load,
    cap: usize,
    held: usize,
}

/// The shared cap would be passed.
#[derive(Debug)]
pub(crate) struct OverBudget;

impl BodyBudget<'_> {
    /// Takes `bytes` more of the shared cap, or refuses (and counts the refusal) when all
    /// unfinished requests together would hold more than the cap.
    pub(crate) fn take(&mut self, bytes: usize) -> Result<(), OverBudget> {
        if bytes == 0 {
            return Ok(());
        }
        let cap = self.cap;
        let taken = self.load.unfinished_body_bytes.fetch_update(
            Ordering::AcqRel,
            Ordering::Acquire,
            |held| held.checked_add(bytes).filter(|&total| total <= cap),
        );
        match taken {
            Ok(_) => {
                self.held += bytes;
                Ok(())
            }
            Err(_) => {
                self.load.refused_for_memory.fetch_add(1, Ordering::Relaxed);
                Err(OverBudget)
            }
        }
    }

    /// Takes enough to hold `total` bytes in all (a body's announced length, taken before it
    /// is read so that it is refused before the client sends it).
    pub(crate) fn take_up_to(&mut self, total: usize) -> Result<(), OverBudget> {
        self.take(total.saturating_sub(self.held))
    }
}

impl Drop for BodyBudget<'_> {
    fn drop(&mut self) {
        if self.held > 0 {
            self.load
                .unfinished_body_bytes
                .fetch_sub(self.held, Ordering::AcqRel);
        }
    }
}

/// The wait after the `n`th failed accept in a row: 5 ms doubling, at most a second.
pub(crate) fn accept_backoff(failures_in_a_row: u32) -> Duration {
    let millis = 5u64.saturating_mul(1u64 << failures_in_a_row.min(8));
    Duration::from_millis(millis.min(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_share_one_cap_and_give_back_what_they_held() {
        let load = Arc::new(Load::default());
        let mut first = load.body_budget(100);
        let mut second = load.body_budget(100);
        first.take_up_to(60).unwrap();
        first.take(30).unwrap();
        assert!(second.take(11).is_err(), "90 + 11 passes 100");
        second.take(10).unwrap();
        assert_eq!(load.snapshot().unfinished_body_bytes, 100);
        assert_eq!(load.snapshot().refused_for_memory, 1);
        drop(first);
        assert_eq!(load.snapshot().unfinished_body_bytes, 10);
        drop(second);
        assert_eq!(load.snapshot().unfinished_body_bytes, 0);
    }

    #[test]
    fn connections_past_the_cap_are_refused_and_counted() {
        let load = Arc::new(Load::default());
        let slots: Vec<_> = (0..3).map(|_| load.open_connection(3).unwrap()).collect();
        assert!(load.open_connection(3).is_none());
        assert_eq!(load.snapshot().open_connections, 3);
        assert_eq!(load.snapshot().refused_connections, 1);
        drop(slots);
        assert_eq!(load.snapshot().open_connections, 0);
        assert!(load.open_connection(3).is_some());
    }

    #[test]
    fn the_accept_backoff_doubles_to_a_second() {
        let waits: Vec<u64> = (0..10)
            .map(|n| accept_backoff(n).as_millis() as u64)
            .collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    }
}
