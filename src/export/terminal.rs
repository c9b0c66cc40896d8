//! Text printed to a terminal. A name, a topic or a file name can carry an escape
//! sequence that a terminal would obey (OSC 52 writes the clipboard, OSC 0 retitles the
//! window, CSI moves the cursor and repaints earlier lines), and a bidi override can
//! reverse what the rest of a line seems to say. Nothing Coachbook prints reaches the
//! terminal with such a character: each is shown as a visible escape instead.
//!
//! The escapes are written as JSON writes them (`\n`, `\t`, `\r`, `\u001B`), so JSON output
//! passed through [`Guard`] still parses, to the very same text.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a terminal could act on `c` rather than show it: every control character (C0,
/// DEL, C1), the line and paragraph separators, and the bidi embeddings, overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069; the marks U+200E and U+200F are harmless and
/// stay, since right-to-left names need them).
fn unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        other => out.push_str(&format!("\\u{:04X}", u32::from(other))),
    }
}

fn escaped(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let kept = |c: char| !unsafe_for_terminal(c) || (keep_newlines && c == '\n');
    if text.chars().all(kept) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if kept(c) {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// Text from a file or the data file, shown on one line of a terminal: a line break too is
/// shown as `\n`, so a name cannot start a line that looks like Coachbook's own.
pub fn shown(text: &str) -> Cow<'_, str> {
    escaped(text, false)
}

/// A message of several lines (an error with its causes) for a terminal: its line breaks
/// stay, every other character a terminal could act on is shown escaped.
pub fn shown_lines(text: &str) -> Cow<'_, str> {
    escaped(text, true)
}

/// Everything the command line prints goes through this, so even a message nobody thought
/// of (an error quoting a file name, say) cannot carry an escape sequence to the terminal.
/// Bytes go through at once (a caller waiting for a line sees it); only a character split
/// between two writes waits for its end.
pub struct Guard<'a> {
    inner: &'a mut dyn Write,
    /// The start of a UTF-8 character whose remaining bytes have not arrived yet.
    pending: Vec<u8>,
}

impl<'a> Guard<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Guard<'a> {
        Guard {
            inner,
            pending: Vec::new(),
        }
    }

    fn write_text(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(shown_lines(text).as_bytes())
    }
}

impl Write for Guard<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let mut rest = bytes.as_slice();
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.write_text(text)?;
                    break;
                }
                Err(err) => {
                    let (good, bad) = rest.split_at(err.valid_up_to());
                    // `good` is valid UTF-8 by the error's own word.
                    self.write_text(&String::from_utf8_lossy(good))?;
                    match err.error_len() {
                        None => {
                            self.pending = bad.to_vec();
                            break;
                        }
                        Some(len) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            rest = &bad[len..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.write_text(&String::from_utf8_lossy(&rest))?;
        }
        self.inner.flush()
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        // A character cut short at the very end: shown as a replacement, never dropped.
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// OSC 52 (write "pwned" to the clipboard), OSC 0 (retitle), CSI (clear the screen),
    /// 8-bit CSI, a bidi override, NUL, DEL.
    const HOSTILE: &str = "Dana\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}]0;owned\u{1b}\\\u{1b}[2J\u{9b}31m\u{202e}gnp.exe\u{0}\u{7f}";

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let shown = shown(HOSTILE);
        assert_eq!(
            shown,
            "Dana\\u001B]52;c;cHduZWQ=\\u0007\\u001B]0;owned\\u001B\\\\u001B[2J\\u009B31m\\u202Egnp.exe\\u0000\\u007F"
        );
        assert!(shown.chars().all(|c| !unsafe_for_terminal(c)));
        assert_eq!(super::shown("one\ntwo\r\tthree"), "one\\ntwo\\r\\tthree");
        assert_eq!(shown_lines("one\ntwo\r"), "one\ntwo\\r");
        // Plain text, right-to-left marks and emoji stay as they are, without a copy.
        let plain = "Zoë \u{5d3}\u{200f}\u{5e0} 👩‍💼";
        assert!(matches!(super::shown(plain), Cow::Borrowed(_)));
    }

    #[test]
    fn the_guard_escapes_a_character_split_between_writes() {
        let mut out = Vec::new();
        {
            let mut guard = Guard::new(&mut out);
            let bytes = "ok \u{9b}2J \u{202e}x\n".as_bytes();
            for byte in bytes {
                guard.write_all(std::slice::from_ref(byte)).unwrap();
            }
            guard.write_all(b"bad \xff byte, cut \xe2\x80").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ok \\u009B2J \\u202Ex\nbad \u{FFFD} byte, cut \u{FFFD}"
        );
    }

    #[test]
    fn json_through_the_guard_still_reads_back_the_same() {
        let value = serde_json::json!({ "rep": HOSTILE, "text": "a\u{2028}b\u{85}c" });
        let mut out = Vec::new();
        writeln!(
            Guard::new(&mut out),
            "{}",
            serde_json::to_string_pretty(&value).unwrap()
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.chars().all(|c| c == '\n' || !unsafe_for_terminal(c)));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    proptest! {
        #[test]
        fn nothing_a_terminal_obeys_gets_through(text in any::<String>(), cut in 0usize..64) {
            prop_assert!(shown(&text).chars().all(|c| !unsafe_for_terminal(c)));
            prop_assert!(shown_lines(&text).chars().all(|c| c == '\n' || !unsafe_for_terminal(c)));
            let bytes = text.as_bytes();
            let cut = cut.min(bytes.len());
            let mut out = Vec::new();
            {
                let mut guard = Guard::new(&mut out);
                guard.write_all(&bytes[..cut]).unwrap();
                guard.write_all(&bytes[cut..]).unwrap();
            }
            let written = String::from_utf8(out).unwrap();
            let expected = shown_lines(&text);
            prop_assert_eq!(written.as_str(), expected.as_ref());
        }
    }
}
