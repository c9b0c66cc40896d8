//! Store errors, worded for the person who sees them: what happened and what to do. No
//! sentence carries SQLite's own words; [`sqlite_reason`] says what they mean.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;
use thiserror::Error;

use crate::domain::ValidationError;
use crate::files::FileError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("Coachbook could not {action} {}: {}. Choose a location you can write to with --db.", path.display(), crate::files::reason(error))]
    Io {
        action: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("There is no data file at {}.", path.display())]
    Missing { path: PathBuf },
    #[error("{} is not a Coachbook data file (it is not a database at all). Coachbook left it untouched; choose another file with --db.", path.display())]
    NotADatabase { path: PathBuf },
    #[error("{} is encrypted: Coachbook needs its passphrase to open it (typed when asked, or with --key-file).", path.display())]
    NeedsPassphrase { path: PathBuf },
    #[error("That passphrase does not open {}. Coachbook wrote nothing to it; check the passphrase (capitals, spaces) and try again.", path.display())]
    WrongPassphrase { path: PathBuf },
    #[error("{} is not encrypted, so it needs no passphrase. Open it without one, or encrypt it first (coachbook encrypt).", path.display())]
    NotEncrypted { path: PathBuf },
    #[error("{} belongs to another program, not to Coachbook. Coachbook left it untouched; choose another file with --db.", path.display())]
    Foreign { path: PathBuf },
    #[error("{} was written by a newer Coachbook (data format {found}; this version reads up to {known}). Coachbook left it untouched; update Coachbook to open it.", path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("Coachbook cannot write to {}: the file or its folder is read-only. Make it writable, or choose another location with --db.", path.display())]
    ReadOnly { path: PathBuf },
    #[error("{} is on a disk mounted read-only, so Coachbook can only read it. To change it, copy it to a writable disk and open the copy with --db.", path.display())]
    ReadOnlyDisk { path: PathBuf },
    #[error("{} is a backup, and Coachbook opens backups only to read them. To go back to it, restore it (coachbook restore --from {}).", path.display(), path.display())]
    IsBackup { path: PathBuf },
    #[error("{} was not closed cleanly and its disk is read-only, so its last changes cannot be read there. Copy it with the files beside it to a writable disk and open the copy.", path.display())]
    UnfinishedOnReadOnlyDisk { path: PathBuf },
    #[error("{} was being changed when the program writing it stopped (a crash, a kill or a power cut), and that unfinished change must be undone before it can be read. Open it in Coachbook where it can be written, which undoes it; what was saved before is kept.", path.display())]
    Interrupted { path: PathBuf },
    #[error("Coachbook could not open {}: the file or its folder cannot be reached. Check that both exist and that this account may use them.", path.display())]
    CannotOpen { path: PathBuf },
    #[error("{} is in use by another program and stayed locked. Close the other program and try again.", path.display())]
    Locked { path: PathBuf },
    #[error("{} is open in another Coachbook window. Only one window can change it; close the other one, or read it here without changes.", path.display())]
    InUse { path: PathBuf },
    #[error("{} is open in another Coachbook window under another name (a hard link), or its lock file was removed. Close that window first: by this name Coachbook could not even read it safely.", path.display())]
    InUseElsewhere { path: PathBuf },
    #[error("The disk holding {} is full. Free some space and try again; nothing was lost.", path.display())]
    DiskFull { path: PathBuf },
    #[error("{} was written by an older Coachbook (data format {found}; this one reads {known}) and must be upgraded before it can be read, but here it can only be read. If it is a backup, restore it, which upgrades it; otherwise open it where it can be written.", path.display())]
    NeedsUpgrade {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{} is damaged ({detail}). Coachbook did not change it; restore it from a backup.", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("The data file {} holds a value Coachbook does not understand: {detail}", path.display())]
    BadValue { path: PathBuf, detail: String },
    #[error("{} was written by an older Coachbook and must be upgraded, but the backup made before every upgrade failed: {reason} The file was not upgraded.", path.display())]
    BackupBeforeUpgrade { path: PathBuf, reason: String },
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    File(FileError),
    #[error("Coachbook could not read or change {} ({}). If it happens again, run coachbook check.", path.display(), sqlite_reason(error))]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
}

impl StoreError {
    /// Sorts SQLite's error codes into the cases a person can act on.
    pub fn from_sqlite(path: &Path, err: rusqlite::Error) -> StoreError {
        let path = path.to_owned();
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
                path,
                detail: sqlite_reason(&err),
            },
            Some(ErrorCode::ReadOnly) if unfinished(&err) => StoreError::Interrupted { path },
            Some(ErrorCode::ReadOnly) if crate::files::on_read_only_disk(&path) => {
                StoreError::ReadOnlyDisk { path }
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen)
                if crate::files::disk_full(&path) =>
            {
                StoreError::DiskFull { path }
            }
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen { path },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreError::Locked { path }
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            _ => StoreError::Sqlite { path, error: err },
        }
    }
}

/// What a failed integrity check found, for a sentence (its own lines are for
/// programmers; `coachbook check` lists them).
pub(crate) fn check_found(problems: usize) -> String {
    match problems {
        0 | 1 => "its integrity check found a problem".to_owned(),
        n => format!("its integrity check found {n} problems"),
    }
}

/// SQLite refused to read because a change left unfinished (by a crash or a kill) must
/// be undone first, which a connection that only reads cannot do: the file is not
/// read-only, it was interrupted.
fn unfinished(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK
                || e.extended_code == rusqlite::ffi::SQLITE_READONLY_RECOVERY
    )
}

/// A file error in the store's own words where it has them.
impl From<FileError> for StoreError {
    fn from(err: FileError) -> StoreError {
        match err {
            FileError::DiskFull { path } => StoreError::DiskFull { path },
            FileError::ReadOnlyDisk { path } => StoreError::ReadOnlyDisk { path },
            FileError::Denied { path } => StoreError::ReadOnly { path },
            other => StoreError::File(other),
        }
    }
}

/// Lets the table modules use `?` on rusqlite calls; the path is added by the caller
/// through [`StoreError::from_sqlite`] where it matters.
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(Path::new("the data file"), err)
    }
}

/// What a SQLite error means, in words for a sentence (SQLite's own text is for
/// programmers and never shown).
pub fn sqlite_reason(err: &rusqlite::Error) -> String {
    let Some(code) = err.sqlite_error_code() else {
        return "a value in the file is not what Coachbook expects".to_owned();
    };
    let words = match code {
        ErrorCode::DatabaseCorrupt => "its pages are malformed",
        ErrorCode::NotADatabase => "it is not a database",
        ErrorCode::DiskFull => "the disk is full",
        ErrorCode::ReadOnly => "it is read-only",
        ErrorCode::CannotOpen => "a file could not be opened",
        ErrorCode::PermissionDenied => "permission was denied",
        ErrorCode::SystemIoFailure => "the disk reported an error",
        ErrorCode::OutOfMemory => "the computer ran out of memory",
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => "another program kept it locked",
        ErrorCode::ConstraintViolation => "a rule of the data file refused the change",
        ErrorCode::TooBig => "a value is too large",
        ErrorCode::FileLockingProtocolFailed => "the file could not be locked",
        ErrorCode::SchemaChanged => "its tables changed while it was read",
        _ => {
            let number = match err {
                rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
                _ => 0,
            };
            return format!("database error {number}");
        }
    };
    words.to_owned()
}
