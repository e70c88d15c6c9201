//! A progress line on stderr while a long traffic file is read: shown only when stderr is a
//! terminal (never in a log or a pipe), from one second in, redrawn at most once a second.

use std::io::Write;
use std::time::{Duration, Instant};

/// How often the line is redrawn, and how long a file must take before it appears.
const EVERY: Duration = Duration::from_secs(1);
/// The clock is read once per this many pieces: reading it per line would cost more than the
/// line's check.
const PIECES_PER_LOOK: u64 = 4096;

/// The progress of a read.
pub struct Progress<W: Write> {
    out: Option<W>,
    /// The file's size, when it is a file.
    total: Option<u64>,
    unit: &'static str,
    started: Instant,
    next: Instant,
    shown: bool,
}

impl<W: Write> Progress<W> {
    /// A progress line written to `out` if given (the caller passes stderr when it is a
    /// terminal), counting pieces named `unit` (`lines`, `entries`) of a file of `total` bytes.
    pub fn new(out: Option<W>, total: Option<u64>, unit: &'static str) -> Self {
        let now = Instant::now();
        Self {
            out,
            total,
            unit,
            started: now,
            next: now + EVERY,
            shown: false,
        }
    }

    /// After `pieces` pieces and `bytes` bytes: redraws the line when a second has passed.
    pub fn tick(&mut self, pieces: u64, bytes: u64) {
        if self.out.is_none() || !pieces.is_multiple_of(PIECES_PER_LOOK) {
            return;
        }
        let now = Instant::now();
        if now >= self.next {
            self.next = now + EVERY;
            self.draw(pieces, bytes, now);
        }
    }

    fn draw(&mut self, pieces: u64, bytes: u64, now: Instant) {
        let Some(out) = self.out.as_mut() else { return };
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        let of = match self.total {
            Some(total) if total > 0 => format!(
                " of {:.0} MiB ({:.0} %)",
                mib(total),
                100.0 * bytes as f64 / total as f64
            ),
            _ => String::new(),
        };
        let seconds = now.duration_since(self.started).as_secs_f64();
        let _ = write!(
            out,
            "\rchecking: {pieces} {}, {:.0} MiB{of}, {:.0} s\x1b[K",
            self.unit,
            mib(bytes),
            seconds
        );
        let _ = out.flush();
        self.shown = true;
    }

    /// Clears the line, if it was shown.
    pub fn finish(&mut self) {
        if let (true, Some(out)) = (self.shown, self.out.as_mut()) {
            let _ = write!(out, "\r\x1b[K");
            let _ = out.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_without_a_terminal_or_before_a_second() {
        let mut quiet: Progress<Vec<u8>> = Progress::new(None, Some(100), "lines");
        quiet.started -= Duration::from_secs(5);
        quiet.next -= Duration::from_secs(5);
        quiet.tick(PIECES_PER_LOOK, 50);
        quiet.finish();
        assert!(!quiet.shown);

        let mut fresh = Progress::new(Some(Vec::new()), Some(100), "lines");
        fresh.tick(PIECES_PER_LOOK, 50);
        fresh.finish();
        assert_eq!(fresh.out.unwrap(), b"");
    }

    #[test]
    fn a_long_read_draws_its_line_and_clears_it_at_the_end() {
        let mut progress = Progress::new(Some(Vec::new()), Some(4 << 20), "lines");
        progress.started -= Duration::from_secs(3);
        progress.next -= Duration::from_secs(3);
        progress.tick(PIECES_PER_LOOK - 1, 1 << 20);
        assert!(
            !progress.shown,
            "the clock is read every {PIECES_PER_LOOK} lines"
        );
        progress.tick(PIECES_PER_LOOK, 1 << 20);
        progress.tick(2 * PIECES_PER_LOOK, 2 << 20);
        progress.finish();
        let text = String::from_utf8(progress.out.unwrap()).unwrap();
        assert_eq!(
            text,
            "\rchecking: 4096 lines, 1 MiB of 4 MiB (25 %), 3 s\x1b[K\r\x1b[K"
        );
    }
}
