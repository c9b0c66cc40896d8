//! What can go wrong with a backup or a restore, said so that the manager knows what
//! happened to their data (usually: nothing) and what to do.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;
use thiserror::Error;

use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum BackupError {
    #[error(
        "The disk is full; the backup or restore was not made and nothing else changed. Free some space and try again."
    )]
    DiskFull,
    #[error("Coachbook could not {action} {}: {}. Nothing else changed.", path.display(), crate::files::reason(error))]
    Io {
        action: &'static str,
        path: PathBuf,
        error: io::Error,
    },
    #[error("The backup {} failed its check ({detail}). No older backup was removed and your data file was not changed.", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error(transparent)]
    Unusable(StoreError),
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    #[error("Reading {} for the backup failed ({}). Nothing else changed.", path.display(), crate::store::sqlite_reason(error))]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{} is empty, so it is no backup. Nothing was restored; your data file was not changed.", path.display())]
    Empty { path: PathBuf },
    #[error("{} is not a Coachbook data file, so it cannot be restored. Nothing was restored; your data file was not changed.", path.display())]
    NotCoachbook { path: PathBuf },
    #[error("{} is the data file itself; choose a backup to restore. Nothing was restored.", path.display())]
    SameFile { path: PathBuf },
    #[error("None of the {count} backups of {} passes its check, so nothing was restored and your data file was not changed.", data.display())]
    NoneSound { data: PathBuf, count: usize },
    #[error("{} is still in use by another Coachbook window or program. Close it and try again; nothing changed.", path.display())]
    InUse { path: PathBuf },
    #[error("There are no backups of {} in {}.", data.display(), folder.display())]
    NoBackups { data: PathBuf, folder: PathBuf },
}

impl BackupError {
    pub(in crate::store) fn io(action: &'static str, path: &Path, error: io::Error) -> BackupError {
        match error.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => BackupError::DiskFull,
            io::ErrorKind::ReadOnlyFilesystem => crate::files::FileError::ReadOnlyDisk {
                path: path.to_owned(),
            }
            .into(),
            _ => BackupError::Io {
                action,
                path: path.to_owned(),
                error,
            },
        }
    }

    pub(in crate::store) fn sqlite(path: &Path, error: rusqlite::Error) -> BackupError {
        match error.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => BackupError::DiskFull,
            Some(ErrorCode::SystemIoFailure) if crate::files::disk_full(path) => {
                BackupError::DiskFull
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => BackupError::InUse {
                path: path.to_owned(),
            },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => BackupError::Damaged {
                path: path.to_owned(),
                detail: crate::store::sqlite_reason(&error),
            },
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => {
                BackupError::Unusable(StoreError::from_sqlite(path, error))
            }
            _ => BackupError::Sqlite {
                path: path.to_owned(),
                error,
            },
        }
    }

    /// An error while checking `path`: any failure to read it means it cannot be trusted.
    pub(super) fn checked(path: &Path, source: rusqlite::Error) -> BackupError {
        match BackupError::sqlite(path, source) {
            BackupError::Sqlite { path, error } => BackupError::Damaged {
                path,
                detail: crate::store::sqlite_reason(&error),
            },
            other => other,
        }
    }

    /// A file that could not even be opened as a Coachbook backup.
    pub(super) fn unusable(path: &Path, err: StoreError) -> BackupError {
        match err {
            StoreError::NotADatabase { .. } | StoreError::Damaged { .. } => BackupError::Damaged {
                path: path.to_owned(),
                detail: "it is not a readable database".to_owned(),
            },
            StoreError::Foreign { .. } => BackupError::NotCoachbook {
                path: path.to_owned(),
            },
            other => BackupError::Unusable(other),
        }
    }
}
