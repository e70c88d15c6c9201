//! Lines of a stream, each read into one reused buffer up to a limit: a longer line is skipped
//! to its end without being held, and reported with its length.

use std::io::{self, BufRead};

/// What [`BoundedLines::next_line`] read.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line, now in the buffer (without its `\n`).
    Read,
    /// A line longer than the limit: this many bytes, skipped, not kept.
    TooLong(u64),
}

/// Reads lines of at most `limit` bytes from a buffered reader.
pub struct BoundedLines<R> {
    reader: R,
    limit: usize,
    /// Bytes consumed so far, line ends included.
    consumed: u64,
}

impl<R: BufRead> BoundedLines<R> {
    /// Lines of `reader`, each at most `limit` bytes.
    pub fn new(reader: R, limit: usize) -> Self {
        Self {
            reader,
            limit,
            consumed: 0,
        }
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The next line into `buffer` (cleared first); `None` at the end of the stream. The buffer
    /// never grows past the limit.
    pub fn next_line(&mut self, buffer: &mut Vec<u8>) -> io::Result<Option<Line>> {
        buffer.clear();
        let mut length: u64 = 0;
        let mut too_long = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                // The end: a last line without `\n`, or nothing.
                return Ok(match (length, too_long) {
                    (0, _) => None,
                    (n, true) => Some(Line::TooLong(n)),
                    (_, false) => Some(Line::Read),
                });
            }
            let (part, used, ends) = match memchr::memchr(b'\n', available) {
                Some(end) => (&available[..end], end + 1, true),
                None => (available, available.len(), false),
            };
            length += part.len() as u64;
            if !too_long {
                if buffer.len() + part.len() > self.limit {
                    too_long = true;
                    buffer.clear();
                    buffer.shrink_to(self.limit);
                } else {
                    buffer.extend_from_slice(part);
                }
            }
            self.reader.consume(used);
            self.consumed += used as u64;
            if ends {
                return Ok(Some(if too_long {
                    Line::TooLong(length)
                } else {
                    Line::Read
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_limit_is_measured_not_held() {
        let long = "x".repeat(10_000);
        let text = format!("first\n{long}\nlast");
        // A small read buffer, so that the long line arrives in many pieces.
        let reader = io::BufReader::with_capacity(64, text.as_bytes());
        let mut lines = BoundedLines::new(reader, 100);
        let mut buffer = Vec::new();
        assert_eq!(lines.next_line(&mut buffer).unwrap(), Some(Line::Read));
        assert_eq!(buffer, b"first");
        assert_eq!(
            lines.next_line(&mut buffer).unwrap(),
            Some(Line::TooLong(10_000))
        );
        assert!(buffer.capacity() <= 100, "held {}", buffer.capacity());
        assert_eq!(lines.next_line(&mut buffer).unwrap(), Some(Line::Read));
        assert_eq!(buffer, b"last");
        assert_eq!(lines.next_line(&mut buffer).unwrap(), None);
        assert_eq!(lines.consumed(), text.len() as u64);
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_read() {
        let mut lines = BoundedLines::new(io::BufReader::new(&b"abcd\nabcde\n"[..]), 4);
        let mut buffer = Vec::new();
        assert_eq!(lines.next_line(&mut buffer).unwrap(), Some(Line::Read));
        assert_eq!(
            lines.next_line(&mut buffer).unwrap(),
            Some(Line::TooLong(5))
        );
        assert_eq!(lines.next_line(&mut buffer).unwrap(), None);
    }
}
