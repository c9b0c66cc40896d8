//! Store errors, worded for the person who sees them: what happened and what to do.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;
use thiserror::Error;

use crate::domain::ValidationError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("Coachbook could not {action} {}: {source}. Choose a location you can write to with --db.", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("There is no data file at {}.", path.display())]
    Missing { path: PathBuf },
    #[error("{} is not a Coachbook data file (it is not a database at all). Coachbook left it untouched; choose another file with --db.", path.display())]
    NotADatabase { path: PathBuf },
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
    #[error("{} is in use by another program and stayed locked. Close the other program and try again.", path.display())]
    Locked { path: PathBuf },
    #[error("{} is open in another Coachbook window. Only one window can change it; close the other one, or read it here without changes.", path.display())]
    InUse { path: PathBuf },
    #[error("The disk holding {} is full. Free some space and try again; nothing was lost.", path.display())]
    DiskFull { path: PathBuf },
    #[error("{} is damaged ({detail}). Coachbook did not change it; restore it from a backup.", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("The data file {} holds a value Coachbook does not understand: {detail}", path.display())]
    BadValue { path: PathBuf, detail: String },
    #[error("{} was written by an older Coachbook and must be upgraded, but the backup made before every upgrade failed: {reason} The file was not upgraded.", path.display())]
    BackupBeforeUpgrade { path: PathBuf, reason: String },
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("A database operation on {} failed: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
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
                detail: err.to_string(),
            },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreError::Locked { path }
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            _ => StoreError::Sqlite { path, source: err },
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
