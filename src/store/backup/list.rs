//! What the Settings list shows of each backup: its size and how much coaching it holds,
//! read through a read-only connection so listing never changes a backup.

use std::path::Path;

use super::{BackupError, BackupFile};
use crate::domain::passphrase::Passphrase;

/// How much a backup holds, so the manager can tell the right one from the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupCounts {
    pub reps: i64,
    pub sessions: i64,
    pub observations: i64,
}

#[derive(Clone, Debug)]
pub struct BackupDetails {
    pub file: BackupFile,
    pub size_bytes: u64,
    /// The counts, or why the backup could not be read.
    pub counts: Result<BackupCounts, String>,
}

/// Reads a backup's size and counts. A backup that cannot be read is still listed, with
/// the reason, so the manager sees it rather than wondering where it went.
pub fn details(file: &BackupFile, key: Option<&Passphrase>) -> BackupDetails {
    let size_bytes = std::fs::metadata(&file.path).map_or(0, |m| m.len());
    BackupDetails {
        file: file.clone(),
        size_bytes,
        counts: counts(&file.path, key).map_err(|e| e.to_string()),
    }
}

fn counts(path: &Path, key: Option<&Passphrase>) -> Result<BackupCounts, BackupError> {
    let conn = crate::store::open::open_read_only(path, key)
        .map_err(|e| BackupError::unusable(path, e))?;
    let count = |table: &str| -> Result<i64, BackupError> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .map_err(|e| BackupError::checked(path, e))
    };
    Ok(BackupCounts {
        reps: count("reps")?,
        sessions: count("sessions")?,
        observations: count("observations")?,
    })
}
