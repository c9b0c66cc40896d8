//! Encryption at rest with SQLCipher: giving a connection its file's passphrase, telling an
//! encrypted file from a plain one by its first bytes, and writing a copy of a file under
//! another passphrase (or none).
//!
//! An encrypted file's bytes, its log's and its backups' are all ciphertext: the
//! passphrase is asked for by the faces (window, terminal, key file, keychain) and handed
//! down as a [`Passphrase`]; it is never written anywhere by the store.

use std::fs;
use std::io::Read;
use std::path::Path;

use rusqlite::Connection;

use super::StoreError;
use crate::domain::passphrase::Passphrase;

/// What a file's first bytes say about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sealing {
    /// No file, or an empty one: whatever opens it decides.
    New,
    /// A plain SQLite file: its header says so.
    Plain,
    /// Whole pages of what reads as noise: a SQLCipher file (or random bytes, which only
    /// a passphrase can tell apart).
    Encrypted,
    /// Something else, which SQLite itself will refuse.
    Other,
}

/// Reads the first bytes of the file at `path`. SQLCipher's files start with their salt,
/// never with SQLite's header, and are whole pages long.
pub fn sealing(path: &Path) -> Sealing {
    let Ok(meta) = fs::metadata(path) else {
        return Sealing::New;
    };
    if meta.len() == 0 {
        return Sealing::New;
    }
    let mut header = [0_u8; 16];
    let read = fs::File::open(path).and_then(|mut file| file.read_exact(&mut header));
    if read.is_err() {
        return Sealing::Other;
    }
    if &header == b"SQLite format 3\0" {
        Sealing::Plain
    } else if header == [0; 16] {
        // No salt is sixteen zeros: this is a plain file whose first page was never
        // written (its creation was interrupted), which SQLite's journal puts right.
        Sealing::Other
    } else if meta.len() >= 1024 && meta.len() % 512 == 0 {
        Sealing::Encrypted
    } else {
        Sealing::Other
    }
}

/// Gives a new connection its passphrase, before anything is read: SQLCipher derives the
/// page key from it at the first read. Without a passphrase the file is read as plain
/// SQLite. SQLCipher's own log (which would print to the terminal on a wrong passphrase)
/// is silenced first.
pub(super) fn unlock(
    conn: &Connection,
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .map_err(sqlite)?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", key.expose())
            .map_err(sqlite)?;
    }
    Ok(())
}

/// Refuses, before any connection is made, a passphrase for a plain file or no passphrase
/// for an encrypted one, each with its own sentence.
pub(super) fn match_key(path: &Path, key: Option<&Passphrase>) -> Result<(), StoreError> {
    match (sealing(path), key) {
        (Sealing::Encrypted, None) => Err(StoreError::NeedsPassphrase {
            path: path.to_owned(),
        }),
        (Sealing::Plain, Some(_)) => Err(StoreError::NotEncrypted {
            path: path.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// With a passphrase given, a file that does not read as a database was not opened by it:
/// the passphrase is wrong (or the file is noise, which no passphrase opens).
pub(super) fn wrong_key(err: StoreError, key: Option<&Passphrase>) -> StoreError {
    match (err, key) {
        (StoreError::NotADatabase { path }, Some(_)) => StoreError::WrongPassphrase { path },
        (other, _) => other,
    }
}

/// Writes the whole database `conn` reads into the empty file at `target`, encrypted with
/// `key` or plain without one. The target gets the source's data format and identity.
pub(super) fn export(
    conn: &Connection,
    target: &Path,
    key: Option<&Passphrase>,
) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::from_sqlite(target, e);
    let name = target.to_str().ok_or_else(|| StoreError::Io {
        action: "write",
        path: target.to_owned(),
        error: std::io::Error::other("its folder's name is not valid Unicode"),
    })?;
    let passphrase = key.map_or("", Passphrase::expose);
    conn.execute("ATTACH DATABASE ?1 AS converted KEY ?2", [name, passphrase])
        .map_err(sqlite)?;
    let copied = copy_into_attached(conn).map_err(sqlite);
    let detached = conn
        .execute("DETACH DATABASE converted", [])
        .map_err(sqlite);
    copied.and(detached.map(drop))?;
    fs::File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::Io {
            action: "write",
            path: target.to_owned(),
            error: e,
        })
}

fn copy_into_attached(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    conn.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))?;
    conn.pragma_update(Some("converted"), "user_version", version)?;
    conn.pragma_update(Some("converted"), "application_id", application_id)
}
