//! A reader that holds an input file to its limits while it is read: no more bytes than
//! the file may have, and no single text or number longer than any field Coachbook keeps.
//! A parser buffers each token whole, so without the second limit one 250 MB string in an
//! archive of allowed size would cost 250 MB of memory, twice.

use std::io::{self, Read};

/// Which limit stopped the reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tripped {
    /// The file holds more than `max_bytes` (it may have grown since its size was read).
    TooLarge,
    /// One token (a JSON string, number or word) is longer than `max_token`.
    TokenTooLong,
}

pub(super) struct Guarded<R> {
    inner: R,
    max_bytes: u64,
    max_token: usize,
    total: u64,
    /// Bytes of the token being read, which a parser holds in memory until it ends.
    token: usize,
    in_string: bool,
    escaped: bool,
    pub(super) tripped: Option<Tripped>,
}

impl<R: Read> Guarded<R> {
    pub(super) fn new(inner: R, max_bytes: u64, max_token: usize) -> Guarded<R> {
        Guarded {
            inner,
            max_bytes,
            max_token,
            total: 0,
            token: 0,
            in_string: false,
            escaped: false,
            tripped: None,
        }
    }

    /// Follows JSON's strings and the runs between its punctuation.
    fn scan(&mut self, bytes: &[u8]) -> Result<(), Tripped> {
        for &b in bytes {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    continue;
                }
                self.token += 1;
            } else if b == b'"' {
                self.in_string = true;
                self.token = 0;
            } else if matches!(b, b'{' | b'}' | b'[' | b']' | b',' | b':')
                || b.is_ascii_whitespace()
            {
                self.token = 0;
            } else {
                self.token += 1;
            }
            if self.token > self.max_token {
                return Err(Tripped::TokenTooLong);
            }
        }
        Ok(())
    }

    fn trip(&mut self, why: Tripped) -> io::Error {
        self.tripped = Some(why);
        io::Error::new(io::ErrorKind::InvalidData, "the input is beyond its limits")
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(why) = self.tripped {
            return Err(self.trip(why));
        }
        let n = self.inner.read(buf)?;
        self.total += n as u64;
        if self.total > self.max_bytes {
            return Err(self.trip(Tripped::TooLarge));
        }
        if let Err(why) = self.scan(&buf[..n]) {
            return Err(self.trip(why));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8], max_bytes: u64, max_token: usize) -> Option<Tripped> {
        let mut guarded = Guarded::new(input, max_bytes, max_token);
        let mut sink = Vec::new();
        let _ = guarded.read_to_end(&mut sink);
        guarded.tripped
    }

    #[test]
    fn tokens_are_measured_between_punctuation_and_inside_strings() {
        let fine = br#"{"a": ["123456", 123456, "x\"y,z"], "b": null}"#;
        assert_eq!(read_all(fine, 1000, 6), None);
        assert_eq!(
            read_all(br#"["1234567"]"#, 1000, 6),
            Some(Tripped::TokenTooLong)
        );
        assert_eq!(read_all(b"[1234567]", 1000, 6), Some(Tripped::TokenTooLong));
        // An escaped quote does not end the string; commas inside it do not split it.
        assert_eq!(
            read_all(br#"["ab\",cd"]"#, 1000, 6),
            Some(Tripped::TokenTooLong)
        );
        let spaces = vec![b' '; 10_000];
        assert_eq!(read_all(&spaces, 100_000, 6), None);
    }

    #[test]
    fn more_bytes_than_allowed_trip_the_size_limit() {
        assert_eq!(read_all(&[b' '; 101], 100, 5), Some(Tripped::TooLarge));
        assert_eq!(read_all(&[b' '; 100], 100, 5), None);
    }
}
