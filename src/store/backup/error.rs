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
    #[error("Coachbook could not {action} {}: {source}. Nothing else changed.", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("The backup {} failed its check ({detail}). No older backup was removed and your data file was not changed.", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("{0}")]
    Unusable(StoreError),
    #[error("Reading {} for the backup failed: {source}. Nothing else changed.", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{} is still in use by another Coachbook window or program. Close it and try again; nothing changed.", path.display())]
    InUse { path: PathBuf },
    #[error("There are no backups of {} in {}.", data.display(), folder.display())]
    NoBackups { data: PathBuf, folder: PathBuf },
}

impl BackupError {
    pub(super) fn io(action: &'static str, path: &Path, source: io::Error) -> BackupError {
        if source.kind() == io::ErrorKind::StorageFull {
            return BackupError::DiskFull;
        }
        BackupError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }

    pub(super) fn sqlite(path: &Path, source: rusqlite::Error) -> BackupError {
        match source.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => BackupError::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => BackupError::InUse {
                path: path.to_owned(),
            },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => BackupError::Damaged {
                path: path.to_owned(),
                detail: source.to_string(),
            },
            _ => BackupError::Sqlite {
                path: path.to_owned(),
                source,
            },
        }
    }

    /// An error while checking `path`: any failure to read it means it cannot be trusted.
    pub(super) fn checked(path: &Path, source: rusqlite::Error) -> BackupError {
        match BackupError::sqlite(path, source) {
            BackupError::Sqlite { path, source } => BackupError::Damaged {
                path,
                detail: source.to_string(),
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
            other => BackupError::Unusable(other),
        }
    }
}
