//! Remembering a data file's passphrase in the computer's keychain (the macOS Keychain,
//! Windows' Credential Manager, the Secret Service of a Linux desktop), so the manager
//! who chose to is not asked at every start. The entry is named after the file's full
//! path; a keychain that is locked, missing or refuses is the same as no entry.

use std::path::Path;

use thiserror::Error;

use crate::domain::passphrase::Passphrase;

/// The keychain entries' service name: what the keychain's own window lists them under.
const SERVICE: &str = "Coachbook data file";

#[derive(Debug, Error)]
pub enum KeychainError {
    #[error(
        "This computer's keychain could not keep the passphrase ({0}). The file is encrypted \
         all the same; you will be asked for the passphrase when it opens."
    )]
    Unavailable(String),
}

/// The entry of the file at `path`, named by its full path so two files called
/// `team.db` in two folders keep two passphrases.
fn entry(path: &Path) -> Result<keyring::Entry, keyring::Error> {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    keyring::Entry::new(SERVICE, &full.display().to_string())
}

/// The passphrase remembered for the file at `path`, if the keychain has one.
pub fn recall(path: &Path) -> Option<Passphrase> {
    let secret = entry(path).ok()?.get_password().ok()?;
    Passphrase::to_open(&secret).ok()
}

/// Keeps `key` in the keychain for the file at `path`.
pub fn remember(path: &Path, key: &Passphrase) -> Result<(), KeychainError> {
    entry(path)
        .and_then(|entry| entry.set_password(key.expose()))
        .map_err(|err| KeychainError::Unavailable(reason(&err)))
}

/// Removes what the keychain keeps for the file at `path`; having nothing is not an error.
pub fn forget(path: &Path) -> Result<(), KeychainError> {
    match entry(path).and_then(|entry| entry.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(err) => Err(KeychainError::Unavailable(reason(&err))),
    }
}

/// Keeps `key` for the file at `path`, or forgets what is kept when there is none.
pub fn keep(path: &Path, key: Option<&Passphrase>) -> Result<(), KeychainError> {
    match key {
        Some(key) => remember(path, key),
        None => forget(path),
    }
}

/// The keychain's failure in words (its own text may hold a platform's error codes).
fn reason(err: &keyring::Error) -> String {
    match err {
        keyring::Error::NoStorageAccess(_) => "no keychain is running or it is locked",
        keyring::Error::PlatformFailure(_) => "the keychain reported an error",
        keyring::Error::TooLong(..) | keyring::Error::Invalid(..) => {
            "the keychain refused the entry's name"
        }
        _ => "the keychain refused",
    }
    .to_owned()
}
