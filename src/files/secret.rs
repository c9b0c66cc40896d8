//! Reading a secret (a server password, a data file's passphrase) from a file: only a
//! plain file, only one its owner alone can read, and only as long as a secret can be.

use std::io::Read;
use std::path::Path;

use thiserror::Error;

/// A secret file is a line of text; anything longer is not one.
const SECRET_FILE_MAX_BYTES: u64 = 4096;

#[derive(Debug, Error)]
pub enum SecretFileError {
    /// It cannot be read as a secret, for `reason`.
    #[error("{reason}")]
    Unusable { reason: String },
    /// Other accounts on this computer can read it.
    #[error("other accounts can read it")]
    Open,
}

/// The whole text of a file only its owner can read (the caller takes its line).
pub fn read_secret(path: &Path) -> Result<String, SecretFileError> {
    let unusable = |reason: String| SecretFileError::Unusable { reason };
    // A named pipe would make the open wait for a writer: only a plain file is opened.
    let kind = std::fs::metadata(path).map_err(|e| unusable(super::reason(&e)))?;
    if !kind.is_file() {
        return Err(unusable("it is not a plain file".to_owned()));
    }
    let file = std::fs::File::open(path).map_err(|e| unusable(super::reason(&e)))?;
    check_owner_only(&file)?;
    let mut text = String::new();
    file.take(SECRET_FILE_MAX_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|_| unusable("it is not text".to_owned()))?;
    if text.len() as u64 > SECRET_FILE_MAX_BYTES {
        return Err(unusable("it is far longer than a password".to_owned()));
    }
    Ok(text)
}

#[cfg(unix)]
fn check_owner_only(file: &std::fs::File) -> Result<(), SecretFileError> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().map_err(|e| SecretFileError::Unusable {
        reason: super::reason(&e),
    })?;
    if !meta.is_file() {
        return Err(SecretFileError::Unusable {
            reason: "it is not a plain file".to_owned(),
        });
    }
    if meta.mode() & 0o077 != 0 {
        return Err(SecretFileError::Open);
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_only(_file: &std::fs::File) -> Result<(), SecretFileError> {
    Ok(())
}
