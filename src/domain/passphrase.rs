//! The passphrase that encrypts a data file: what it may hold, and the one form every door
//! (the window's field, a terminal prompt, a key file, the keychain) turns it into, so a
//! passphrase typed on one opens the file on another.

use std::fmt;

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

use super::text::{Lines, is_clean};

/// Fewer characters than this are refused when a file is encrypted: a short passphrase is
/// the weak point of the whole file, whatever the cipher.
pub const MIN_NEW_CHARS: usize = 10;

/// More than this is surely a wrong file given as the key file, not a passphrase.
pub const MAX_CHARS: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PassphraseError {
    #[error("Type the passphrase.")]
    Empty,
    #[error("A passphrase has at most {MAX_CHARS} characters.")]
    TooLong,
    #[error("A passphrase cannot hold control characters (a tab, a line break, an escape).")]
    Control,
    #[error("Use at least {MIN_NEW_CHARS} characters: a few words make a strong passphrase.")]
    TooShort,
    #[error("The two passphrases differ.")]
    Mismatch,
}

/// A passphrase, in Unicode's composed form (NFC). Its text never shows in `Debug`, and
/// its memory is wiped when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(zeroize::Zeroizing<String>);

impl Passphrase {
    /// A passphrase to open a file with: anything that is not empty and holds no control
    /// character (a file encrypted elsewhere may have a short one).
    pub fn to_open(text: &str) -> Result<Passphrase, PassphraseError> {
        if text.is_empty() {
            return Err(PassphraseError::Empty);
        }
        if !is_clean(text, Lines::One) {
            return Err(PassphraseError::Control);
        }
        let composed: String = text.nfc().collect();
        if composed.chars().count() > MAX_CHARS {
            return Err(PassphraseError::TooLong);
        }
        Ok(Passphrase(zeroize::Zeroizing::new(composed)))
    }

    /// A passphrase to encrypt a file with: long enough, and typed the same twice.
    pub fn to_encrypt(text: &str, again: &str) -> Result<Passphrase, PassphraseError> {
        let key = Passphrase::to_open(text)?;
        if key.0.chars().count() < MIN_NEW_CHARS {
            return Err(PassphraseError::TooShort);
        }
        if text != again {
            return Err(PassphraseError::Mismatch);
        }
        Ok(key)
    }

    /// The text itself, only for the store to hand to SQLCipher or to the keychain.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(hidden)")
    }
}

/// The passphrase in a key file: its one line, without the line break an editor adds.
pub fn from_key_file(contents: &str) -> Result<Passphrase, PassphraseError> {
    let line = contents
        .strip_suffix("\r\n")
        .or_else(|| contents.strip_suffix('\n'))
        .unwrap_or(contents);
    Passphrase::to_open(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn composed_and_decomposed_forms_are_one_passphrase() {
        let composed = Passphrase::to_open("caf\u{e9} au lait").unwrap();
        let decomposed = Passphrase::to_open("cafe\u{301} au lait").unwrap();
        assert_eq!(composed, decomposed);
    }

    #[test]
    fn refuses_what_cannot_be_a_passphrase() {
        assert_eq!(Passphrase::to_open(""), Err(PassphraseError::Empty));
        assert_eq!(
            Passphrase::to_open("a\u{1b}[2J"),
            Err(PassphraseError::Control)
        );
        assert_eq!(
            Passphrase::to_open("two\nlines"),
            Err(PassphraseError::Control)
        );
        assert_eq!(
            Passphrase::to_open(&"x".repeat(MAX_CHARS + 1)),
            Err(PassphraseError::TooLong)
        );
        assert_eq!(
            Passphrase::to_encrypt("short", "short"),
            Err(PassphraseError::TooShort)
        );
        assert_eq!(
            Passphrase::to_encrypt("correct horse", "correct house"),
            Err(PassphraseError::Mismatch)
        );
        assert!(Passphrase::to_encrypt("correct horse", "correct horse").is_ok());
    }

    #[test]
    fn a_key_file_loses_only_its_last_line_break() {
        let key = from_key_file("  spaced words \r\n").unwrap();
        assert_eq!(key.expose(), "  spaced words ");
        assert_eq!(from_key_file("a\nb\n"), Err(PassphraseError::Control));
    }

    #[test]
    fn debug_never_shows_the_text() {
        let key = Passphrase::to_open("hunter2 hunter2").unwrap();
        assert!(!format!("{key:?}").contains("hunter2"));
    }

    proptest! {
        #[test]
        fn any_accepted_passphrase_is_clean_and_stable(text in "\\PC{1,40}") {
            if let Ok(key) = Passphrase::to_open(&text) {
                prop_assert!(is_clean(key.expose(), Lines::One));
                let again = Passphrase::to_open(key.expose()).unwrap();
                prop_assert_eq!(again, key);
            }
        }
    }
}
