//! The header-read timeout ([`crate::MockLimits::header_read_timeout`]), kept by one timer per
//! connection instead of one per request.
//!
//! hyper's own `header_read_timeout` boxes and arms a timer for every request head it waits
//! for, disarms it when the head arrives, and reads the socket once more per request to arm the
//! next: on the mock's path that was a twentieth of a request's work. Here each connection has
//! a watchdog task that wakes four times per timeout, and closes the connection once it has
//! seen it waiting for a head, with none arriving, for a whole timeout: a stalled head or an
//! idle keep-alive connection is closed between one and one and a quarter timeouts after it
//! began to wait. What a request pays for it is a few relaxed atomic stores.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::task::AbortHandle;

use crate::limits::Load;

/// How many times per timeout the watchdog looks.
const LOOKS_PER_TIMEOUT: u32 = 4;

/// What a connection's watchdog reads: whether it waits for a head, and since when (counted
/// in heads), and whether bytes of one have come.
#[derive(Debug)]
pub(crate) struct ConnectionClock {
    /// Heads that arrived.
    heads: AtomicU64,
    /// Whether the connection waits for a head (from its start, and from each answer on).
    waiting: AtomicBool,
    /// Bytes read from the connection.
    read: AtomicU64,
    /// `read` when the last answer was made: more since means the next head has begun.
    read_at_answer: AtomicU64,
}

impl ConnectionClock {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            heads: AtomicU64::new(0),
            waiting: AtomicBool::new(true),
            read: AtomicU64::new(0),
            read_at_answer: AtomicU64::new(0),
        })
    }

    /// A request's head arrived (hyper calls the service with it).
    pub(crate) fn head_arrived(&self) {
        // One writer (the connection's task): a load and a store, not a locked add.
        self.heads.store(self.heads.load(Relaxed) + 1, Relaxed);
        self.waiting.store(false, Relaxed);
    }

    /// The answer to the request is made: the connection waits for the next head.
    pub(crate) fn answered(&self) {
        self.read_at_answer.store(self.read.load(Relaxed), Relaxed);
        self.waiting.store(true, Relaxed);
    }

    fn head_began(&self) -> bool {
        self.read.load(Relaxed) > self.read_at_answer.load(Relaxed)
    }
}

/// Closes `connection` (aborts its task) once it has waited a whole `timeout` for a head;
/// counts it in `load` when a head had begun (an idle connection is closed uncounted). Returns
/// when the connection ends, either way.
pub(crate) async fn watch(
    clock: Arc<ConnectionClock>,
    timeout: Duration,
    connection: AbortHandle,
    load: Arc<Load>,
) {
    let look_every = timeout / LOOKS_PER_TIMEOUT;
    let mut heads_seen = clock.heads.load(Relaxed);
    // Looks in a row that found it waiting, with no head since the first of them.
    let mut waiting_looks = 0;
    loop {
        tokio::time::sleep(look_every).await;
        if connection.is_finished() {
            return;
        }
        let heads = clock.heads.load(Relaxed);
        waiting_looks = match (clock.waiting.load(Relaxed), heads == heads_seen) {
            (false, _) => 0,
            // A head came and was answered since the last look: the wait began after it.
            (true, false) => 1,
            (true, true) => waiting_looks + 1,
        };
        heads_seen = heads;
        // The wait began between the look before the first that found it waiting and that
        // one: one more look than the looks per timeout makes a whole timeout.
        if waiting_looks > LOOKS_PER_TIMEOUT {
            if clock.head_began() {
                load.header_timeouts.fetch_add(1, Relaxed);
            }
            connection.abort();
            return;
        }
    }
}

/// A connection's stream, counting the bytes read from it for its [`ConnectionClock`].
pub(crate) struct Watched<S> {
    stream: S,
    clock: Arc<ConnectionClock>,
}

impl<S> Watched<S> {
    pub(crate) fn new(stream: S, clock: Arc<ConnectionClock>) -> Self {
        Self { stream, clock }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        let read = (buf.filled().len() - before) as u64;
        if read > 0 {
            let clock = &self.clock;
            clock.read.store(clock.read.load(Relaxed) + read, Relaxed);
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A connection task that never ends, watched: how long until the watchdog closes it, and
    /// whether it counted it.
    async fn closed_after(set_up: impl FnOnce(&ConnectionClock)) -> (Duration, u64) {
        let clock = ConnectionClock::new();
        set_up(&clock);
        let load = Arc::new(Load::default());
        let connection = tokio::spawn(std::future::pending::<()>());
        let started = tokio::time::Instant::now();
        watch(
            clock,
            Duration::from_secs(8),
            connection.abort_handle(),
            load.clone(),
        )
        .await;
        assert!(connection.await.unwrap_err().is_cancelled());
        (started.elapsed(), load.snapshot().header_timeouts)
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_connection_is_closed_after_a_whole_timeout_uncounted() {
        let (after, counted) = closed_after(|_| {}).await;
        // Five looks, two seconds apart: the first may come just after the wait began.
        assert_eq!(after, Duration::from_secs(10));
        assert_eq!(counted, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_begun_head_is_counted() {
        let (_, counted) = closed_after(|clock| {
            clock.read.store(10, Relaxed);
        })
        .await;
        assert_eq!(counted, 1);
        let (_, counted) = closed_after(|clock| {
            clock.read.store(10, Relaxed);
            clock.head_arrived();
            clock.answered();
        })
        .await;
        assert_eq!(counted, 0, "the bytes read were the answered request's");
    }

    #[tokio::test(start_paused = true)]
    async fn heads_arriving_keep_it_open_and_a_request_in_service_is_not_waiting() {
        let clock = ConnectionClock::new();
        let load = Arc::new(Load::default());
        let connection = tokio::spawn(std::future::pending::<()>());
        let watchdog = tokio::spawn(watch(
            clock.clone(),
            Duration::from_secs(8),
            connection.abort_handle(),
            load,
        ));
        // A request every 7 s for a minute: never a whole timeout without a head.
        for _ in 0..9 {
            tokio::time::sleep(Duration::from_secs(7)).await;
            clock.head_arrived();
            clock.answered();
        }
        // A request in service for a minute (its body has a timeout of its own).
        clock.head_arrived();
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(!connection.is_finished());
        clock.answered();
        tokio::time::sleep(Duration::from_secs(11)).await;
        assert!(connection.is_finished());
        watchdog.await.unwrap();
    }
}
