//! Opening a data file: where it lives, how it is created, and how a file that is not
//! ours is recognised before anything is written to it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::lock::WriterLock;
use super::{StoreError, cipher, connect, framework, migrations};
use crate::domain::passphrase::Passphrase;
use crate::files::{self, FileError};

/// Written to the SQLite header so that Coachbook files are recognisable ("CoCb").
pub const APPLICATION_ID: i64 = 0x436F_4362;

/// How long a write waits for another connection before it reports the file as locked.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The platform's data folder (for example `~/.local/share/coachbook/coachbook.db`).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "coachbook")
        .map(|dirs| dirs.data_dir().join("coachbook.db"))
}

/// Opens the data file at `path` (links already followed) to write: judged first without
/// writing, then locked (the lock beside it and the file itself), then connected. A new
/// file given a passphrase is encrypted from its first page.
pub(super) fn open_read_write(
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<(Connection, WriterLock), StoreError> {
    if super::backup::is_backup(path) {
        return Err(StoreError::IsBackup {
            path: path.to_owned(),
        });
    }
    let existed = exists(path)?;
    refuse_linked_parts(path)?;
    if existed {
        judge(path, key)?;
        tighten(path);
    } else if let Some(parent) = path.parent() {
        files::ensure_dir(parent)?;
    }
    let mut lock = WriterLock::acquire(path).map_err(|err| match err {
        // The lock is made beside a file that is not there yet: it is the file that
        // cannot be made.
        StoreError::ReadOnlyDisk { .. } if !existed => StoreError::File(FileError::ReadOnlyDisk {
            path: path.to_owned(),
        }),
        other => other,
    })?;
    match files::create_new(path) {
        Ok(new_file) => lock.hold_data_file(new_file, path)?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => lock.lock_data_file(path)?,
        Err(e) => return Err(FileError::from_io("create", path, &e).into()),
    }
    // With the lock held, no restore or change of passphrase of this file is under way:
    // a copy beside it was left by one that was stopped.
    files::remove_left_beside(path);
    let conn = connect_writing(path, key)?;
    if lock.unclean() {
        check_after_crash(&conn, path)?;
    }
    Ok((make_ready(conn, path, key)?, lock))
}

/// Refuses a file that is not ours before a lock file is made beside it, by reading only.
/// Any other trouble (a change left unfinished, a read-only disk) is left to the opening
/// that follows, which says what it is.
fn judge(path: &Path, key: Option<&Passphrase>) -> Result<(), StoreError> {
    match open_read_only(path, key) {
        Err(
            err @ (StoreError::Foreign { .. }
            | StoreError::TooNew { .. }
            | StoreError::NotADatabase { .. }
            | StoreError::NeedsPassphrase { .. }
            | StoreError::WrongPassphrase { .. }
            | StoreError::NotEncrypted { .. }),
        ) => Err(err),
        _ => Ok(()),
    }
}

/// SQLite writes a data file's log, shared memory and journal by their names, following
/// links: one planted there would have it write into whatever the link leads to.
fn refuse_linked_parts(path: &Path) -> Result<(), StoreError> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let part = files::with_suffix(path, suffix);
        if fs::symlink_metadata(&part).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(FileError::Link {
                target: fs::read_link(&part).unwrap_or_default(),
                path: part,
            }
            .into());
        }
    }
    Ok(())
}

/// Whether there is a data file at `path` (a folder there is refused).
fn exists(path: &Path) -> Result<bool, StoreError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::Io {
            action: "open",
            path: path.to_owned(),
            error: std::io::Error::other("it is a folder, not a file"),
        }),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(FileError::from_io("open", path, &e).into()),
    }
}

/// Makes the data file and the files that hold parts of it owner-only, should another
/// program (a copy, an unzip, a sync tool) have widened them.
fn tighten(path: &Path) {
    let before_restore = super::backup::before_restore_path(path);
    for file in [
        path.to_owned(),
        files::with_suffix(path, "-wal"),
        files::with_suffix(path, "-shm"),
        before_restore,
    ] {
        files::tighten(&file);
    }
}

/// Opens the file again for a process that already holds its lock (after a restore put
/// another file in its place), so the lock is never let go in between.
pub(super) fn reopen_locked(
    path: &Path,
    _held: &WriterLock,
    key: Option<&Passphrase>,
) -> Result<Connection, StoreError> {
    make_ready(connect_writing(path, key)?, path, key)
}

/// A read-write connection to a file that is ours (or new); nothing is written yet.
fn connect_writing(path: &Path, key: Option<&Passphrase>) -> Result<Connection, StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    cipher::match_key(path, key)?;
    let conn = connect::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    cipher::unlock(&conn, path, key)?;
    // Everything up to here only reads; the file is judged before the first write.
    refuse_if_not_ours(&conn, path)?;
    Ok(conn)
}

/// The first writes: pragmas, a backup before an upgrade, the upgrade, the default
/// framework of a new file.
fn make_ready(
    mut conn: Connection,
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<Connection, StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    set_pragmas(&conn, path)?;
    super::backup::before_migration(&conn, path, key)?;
    migrations::migrate(&mut conn).map_err(sqlite)?;
    framework::seed_default_once(&mut conn).map_err(|e| match e {
        StoreError::Sqlite { error, .. } => StoreError::from_sqlite(path, error),
        other => other,
    })?;
    Ok(conn)
}

/// The last writer was killed or crashed: SQLite's journal makes that safe, but a disk
/// that lied about a write could still have damaged the file, so it is checked before
/// anything is written to it.
fn check_after_crash(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|e| match StoreError::from_sqlite(path, e) {
            StoreError::NotADatabase { path } => StoreError::Damaged {
                path,
                detail: "its pages do not read as a database".to_owned(),
            },
            other => other,
        })?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(StoreError::Damaged {
            path: path.to_owned(),
            detail: super::error::check_found(verdict.lines().count()),
        })
    }
}

/// Opens an existing data file only to read. On a disk mounted read-only (or in a folder
/// this account may not write), SQLite cannot make the shared-memory file a reader needs;
/// the file is then opened as unchangeable, which is what it is there.
pub(super) fn open_read_only(
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing {
            path: path.to_owned(),
        });
    }
    refuse_linked_parts(path)?;
    cipher::match_key(path, key)?;
    match connect_read_only(path, false, key) {
        Err(
            StoreError::CannotOpen { .. }
            | StoreError::ReadOnly { .. }
            | StoreError::ReadOnlyDisk { .. }
            | StoreError::DiskFull { .. },
        ) if !folder_writable(path) || files::disk_full(path) => {
            let log = files::with_suffix(path, "-wal");
            if fs::metadata(&log).is_ok_and(|m| m.len() > 0) {
                return Err(StoreError::UnfinishedOnReadOnlyDisk {
                    path: path.to_owned(),
                });
            }
            connect_read_only(path, true, key)
        }
        other => other,
    }
}

fn folder_writable(path: &Path) -> bool {
    files::write_access(files::folder_of(path)).is_ok()
}

fn connect_read_only(
    path: &Path,
    unchangeable: bool,
    key: Option<&Passphrase>,
) -> Result<Connection, StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if unchangeable {
        let Some(uri) = immutable_uri(path) else {
            return Err(StoreError::ReadOnlyDisk {
                path: path.to_owned(),
            });
        };
        connect::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
    } else {
        connect::open_with_flags(path, flags)
    }
    .map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    cipher::unlock(&conn, path, key)?;
    refuse_if_not_ours(&conn, path)?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(sqlite)?;
    Ok(conn)
}

/// `file:/path/team.db?immutable=1`, every byte of the path outside a few safe ones
/// percent-encoded, so no name can add a parameter.
#[cfg(unix)]
fn immutable_uri(path: &Path) -> Option<String> {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            write!(uri, "%{byte:02X}").ok()?;
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

#[cfg(not(unix))]
fn immutable_uri(_path: &Path) -> Option<String> {
    None
}

/// Accepts a Coachbook file this version understands, or an empty database (a new or
/// zero-byte file); refuses anything else without writing a byte.
fn refuse_if_not_ours(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    let application_id: i64 = conn
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(sqlite)?;
    let version = migrations::user_version(conn).map_err(sqlite)?;
    let object_count: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(sqlite)?;
    if application_id == APPLICATION_ID {
        if version > migrations::LATEST_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found: version,
                known: migrations::LATEST_VERSION,
            });
        }
        return Ok(());
    }
    if application_id == 0 && version == 0 && object_count == 0 {
        return Ok(());
    }
    Err(StoreError::Foreign {
        path: path.to_owned(),
    })
}

fn set_pragmas(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(sqlite)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(journal_refused(conn, path));
    }
    // FULL: a commit the app has acknowledged survives a power cut.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(sqlite)?;
    Ok(())
}

/// Why SQLite kept its old journal instead of the write-ahead log: the file cannot be
/// written, the disk is full, or another program holds the file open.
fn journal_refused(conn: &Connection, path: &Path) -> StoreError {
    let path = path.to_owned();
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        if files::on_read_only_disk(&path) {
            StoreError::ReadOnlyDisk { path }
        } else {
            StoreError::ReadOnly { path }
        }
    } else if files::disk_full(&path) {
        StoreError::DiskFull { path }
    } else {
        StoreError::Locked { path }
    }
}
