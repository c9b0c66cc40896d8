//! Opening a data file: where it lives, how it is created, and how a file that is not
//! ours is recognised before anything is written to it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::lock::WriterLock;
use super::{StoreError, framework, migrations};

/// Written to the SQLite header so that Coachbook files are recognisable ("CoCb").
pub const APPLICATION_ID: i64 = 0x436F_4362;

/// How long a write waits for another connection before it reports the file as locked.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The platform's data folder (for example `~/.local/share/coachbook/coachbook.db`).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "coachbook")
        .map(|dirs| dirs.data_dir().join("coachbook.db"))
}

pub(super) fn open_read_write(path: &Path) -> Result<(Connection, WriterLock), StoreError> {
    let conn = connect(path)?;
    let lock = WriterLock::acquire(path)?;
    if lock.unclean() {
        check_after_crash(&conn, path)?;
    }
    Ok((make_ready(conn, path)?, lock))
}

/// Opens the file again for a process that already holds its lock (after a restore put
/// another file in its place), so the lock is never let go in between.
pub(super) fn reopen_locked(path: &Path, _held: &WriterLock) -> Result<Connection, StoreError> {
    make_ready(connect(path)?, path)
}

/// A read-write connection to a file that is ours (or new); nothing is written yet.
fn connect(path: &Path) -> Result<Connection, StoreError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(StoreError::Io {
                action: "open",
                path: path.to_owned(),
                source: std::io::Error::other("it is a folder, not a file"),
            });
        }
        Ok(_) => {}
        Err(_) => create_private_file(path)?,
    }
    let sqlite = |e| StoreError::from_sqlite(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    // Everything up to here only reads; the file is judged before the first write.
    refuse_if_not_ours(&conn, path)?;
    Ok(conn)
}

/// The first writes: pragmas, a backup before an upgrade, the upgrade, the default
/// framework of a new file.
fn make_ready(mut conn: Connection, path: &Path) -> Result<Connection, StoreError> {
    let sqlite = |e| StoreError::from_sqlite(path, e);
    set_pragmas(&conn, path)?;
    super::backup::before_migration(&conn, path)?;
    migrations::migrate(&mut conn).map_err(sqlite)?;
    framework::seed_default_once(&mut conn).map_err(|e| match e {
        StoreError::Sqlite { source, .. } => StoreError::from_sqlite(path, source),
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
            detail: verdict,
        })
    }
}

pub(super) fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing {
            path: path.to_owned(),
        });
    }
    let sqlite = |e| StoreError::from_sqlite(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    refuse_if_not_ours(&conn, path)?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(sqlite)?;
    Ok(conn)
}

/// Creates the folder (owner only, 0700) and an empty file (owner only, 0600), so the
/// coaching notes are never readable by other accounts, not even for a moment.
/// Creates `dir` and any folders above it readable by their owner only (0700); an
/// existing folder is left as it is.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn create_private_file(path: &Path) -> Result<(), StoreError> {
    if let Some(parent) = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.exists())
    {
        create_private_dir(parent).map_err(|source| StoreError::Io {
            action: "create the folder",
            path: parent.to_owned(),
            source,
        })?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .map(drop)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly {
                    path: path.to_owned(),
                }
            }
            _ => StoreError::Io {
                action: "create",
                path: path.to_owned(),
                source,
            },
        })
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
        return Err(StoreError::ReadOnly {
            path: path.to_owned(),
        });
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
