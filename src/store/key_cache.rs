//! The page key SQLCipher derives from a passphrase, derived once per file in this process.
//!
//! Deriving it takes about a tenth of a second, on purpose (PBKDF2-HMAC-SHA512, 256,000
//! rounds), and every connection would pay it again: the window opens two on the way to
//! its first frame, and its threads, backups and checks open their own. So once a
//! passphrase has opened a file, its key is kept with the file's salt, and later
//! connections hand SQLCipher the key itself with that salt (its raw-key form), which it
//! takes without deriving. Kept in this process's memory only, for a few files, and wiped
//! when dropped.

use std::num::NonZeroU32;
use std::sync::{Mutex, MutexGuard};

use zeroize::Zeroizing;

use crate::domain::passphrase::Passphrase;

/// SQLCipher 4's derivation, which `cipher::unlock` leaves as it is.
const KDF_ROUNDS: NonZeroU32 = NonZeroU32::new(256_000).unwrap();
pub(super) const SALT_BYTES: usize = 16;
const KEY_BYTES: usize = 32;
/// Files whose keys are kept at once: the data file, and a backup or two being checked.
const KEPT_FILES: usize = 8;

pub(super) type Salt = [u8; SALT_BYTES];

struct Kept {
    salt: Salt,
    passphrase: Passphrase,
    key: Zeroizing<[u8; KEY_BYTES]>,
}

static KEPT: Mutex<Vec<Kept>> = Mutex::new(Vec::new());

fn kept() -> MutexGuard<'static, Vec<Kept>> {
    // A thread that panicked holding the lock left whole entries: each is written at once.
    KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The key `passphrase` opened the file of this salt with, if it did in this process.
pub(super) fn recall(passphrase: &Passphrase, salt: &Salt) -> Option<Zeroizing<[u8; KEY_BYTES]>> {
    kept()
        .iter()
        .find(|k| &k.salt == salt && &k.passphrase == passphrase)
        .map(|k| k.key.clone())
}

/// Derives the key as SQLCipher does from the passphrase's UTF-8 bytes and the salt.
pub(super) fn derive(passphrase: &Passphrase, salt: &Salt) -> Zeroizing<[u8; KEY_BYTES]> {
    let mut key = Zeroizing::new([0_u8; KEY_BYTES]);
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA512,
        KDF_ROUNDS,
        salt,
        passphrase.expose().as_bytes(),
        key.as_mut(),
    );
    key
}

/// Keeps a key that opened the file of this salt, the oldest one going when full.
pub(super) fn keep(passphrase: &Passphrase, salt: &Salt, key: Zeroizing<[u8; KEY_BYTES]>) {
    let mut kept = kept();
    kept.retain(|k| !(&k.salt == salt && &k.passphrase == passphrase));
    if kept.len() == KEPT_FILES {
        kept.remove(0);
    }
    kept.push(Kept {
        salt: *salt,
        passphrase: passphrase.clone(),
        key,
    });
}

/// SQLCipher's raw-key form: `x'` then the key and the salt in hex, then `'`.
pub(super) fn raw_form(key: &[u8; KEY_BYTES], salt: &Salt) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(4 + 2 * (KEY_BYTES + SALT_BYTES)));
    text.push_str("x'");
    for byte in key.iter().chain(salt) {
        text.push(hex_digit(byte >> 4));
        text.push(hex_digit(byte & 0x0f));
    }
    text.push('\'');
    text
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}
