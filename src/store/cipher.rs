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

use rusqlite::{Connection, OpenFlags};

use super::{StoreError, connect, key_cache};
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

/// Pages of an encrypted file kept decrypted per connection, in KiB (SQLite's own default
/// is 2,000 KiB): a page read again is then not decrypted and checked again, which is
/// what a screen's repeated reads would otherwise pay for.
const ENCRYPTED_CACHE_KIB: i64 = 16384;

/// The page size of an encrypted file (see [`unlock`]).
const ENCRYPTED_PAGE_BYTES: i64 = 16384;

/// Gives a new connection its passphrase, before anything is read. Without a passphrase
/// the file is read as plain SQLite. SQLCipher's own log (which would print to the terminal
/// on a wrong passphrase) is silenced first.
///
/// An encrypted file has pages of 16 KiB rather than 4: decrypting and checking a page
/// has a cost of its own besides its bytes, and a scan of the whole log (at every start)
/// took 1.6 times the plain file's time with 4 KiB pages and 1.35 times with 16 KiB
/// (measured on the large demo file). Each page carries an HMAC-SHA256 rather than the
/// default SHA-512, which processors compute in hardware, and which is as sound a check of
/// a page. Both are set as SQLCipher's defaults, so the files it makes for a backup or a
/// conversion get them too. The passphrase's key derivation keeps SQLCipher's default
/// (PBKDF2-HMAC-SHA512, 256,000 rounds): slow on purpose, and so done once per file in
/// this process (see `key_cache`).
pub(super) fn unlock(
    conn: &Connection,
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .map_err(sqlite)?;
    conn.execute_batch(&format!(
        "PRAGMA cipher_default_hmac_algorithm = HMAC_SHA256;
         PRAGMA cipher_default_page_size = {ENCRYPTED_PAGE_BYTES};"
    ))
    .map_err(sqlite)?;
    let Some(key) = key else {
        return Ok(());
    };
    if let Some(salt) = salt(path) {
        let (derived, kept) = match key_cache::recall(key, &salt) {
            Some(derived) => (derived, true),
            None => (key_cache::derive(key, &salt), false),
        };
        let raw = key_cache::raw_form(&derived, &salt);
        conn.pragma_update(None, "key", raw.as_str())
            .map_err(sqlite)?;
        if first_read(conn, path).is_ok() {
            if !kept {
                key_cache::keep(key, &salt, derived);
            }
            return Ok(());
        }
        // A wrong passphrase, or the file was replaced since its salt was read (another
        // Coachbook restored it): the passphrase itself decides, on the same connection.
    }
    conn.pragma_update(None, "key", key.expose())
        .map_err(sqlite)?;
    first_read(conn, path)
}

/// The first read decrypts the first page: a file it cannot decrypt was not opened by
/// this passphrase (or is noise, which no passphrase opens).
fn first_read(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    conn.pragma_update(None, "cache_size", -ENCRYPTED_CACHE_KIB)
        .and_then(|()| conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())))
        .map_err(|e| match StoreError::from_sqlite(path, e) {
            StoreError::NotADatabase { path } => StoreError::WrongPassphrase { path },
            other => other,
        })
}

/// The salt an encrypted file starts with; `None` for any other file.
fn salt(path: &Path) -> Option<key_cache::Salt> {
    if sealing(path) != Sealing::Encrypted {
        return None;
    }
    let mut salt = [0_u8; key_cache::SALT_BYTES];
    fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut salt))
        .ok()?;
    Some(salt)
}

/// A writing connection given its passphrase, with no upgrade and no checks: for a file
/// about to be replaced or converted.
pub(super) fn open_keyed(path: &Path, key: Option<&Passphrase>) -> Result<Connection, StoreError> {
    let conn = connect::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::from_sqlite(path, e))?;
    unlock(&conn, path, key)?;
    Ok(conn)
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
