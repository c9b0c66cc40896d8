//! Putting a backup back in place of the data file, so that at every moment the data
//! file's name holds either the whole old file or the whole restored one.
//!
//! The backup is copied beside the data file and checked there; the current file is
//! backed up (a protected backup) and also kept as `<name>.before-restore`; then the copy
//! is renamed over the data file, which is atomic within one folder.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::{BackupError, BackupFile, create, sync_dir, verify};
use crate::domain::backup_policy::BackupKind;
use crate::store::Store;

/// What a restore left behind besides the restored data file.
#[derive(Clone, Debug)]
pub struct Restored {
    /// The data file as it was, under `<name>.before-restore`; `None` when there was none.
    pub before_restore: Option<PathBuf>,
    /// The protected backup of the data file as it was; `None` when it could not be read
    /// (a damaged file is then kept only as `.before-restore`).
    pub safety_backup: Option<BackupFile>,
}

/// `path` with `suffix` added to its whole name: `team.db` and `-wal` give `team.db-wal`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Where the data file is kept as it was before a restore.
pub fn before_restore_path(data_path: &Path) -> PathBuf {
    with_suffix(data_path, ".before-restore")
}

/// Replaces the data file at `data_path` by the backup at `backup`. No connection to the
/// data file may be open in this process (see [`Store::restore_from`]). When anything
/// fails before the final rename, the data file is left byte for byte as it was.
fn restore_file(
    data_path: &Path,
    backup: &Path,
    now: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    let temp = with_suffix(data_path, &format!(".restoring-{}", std::process::id()));
    // The copy is checked before anything else happens, so a damaged backup leaves no trace.
    let restored = copy_checked(backup, &temp).and_then(|()| {
        let safety_backup = if data_path.exists() {
            settle_current(data_path, now)?
        } else {
            None
        };
        let before_restore = swap(data_path, &temp)?;
        Ok(Restored {
            before_restore,
            safety_backup,
        })
    });
    if restored.is_err() {
        // The temporary copy is ours and of no use; failing to remove it changes nothing.
        let _ = fs::remove_file(&temp);
    }
    restored
}

/// Folds the write-ahead log into the data file, so the file alone is the whole of it,
/// and makes the protected backup of it. A file too damaged to read gets no backup; it is
/// still kept as `.before-restore`.
fn settle_current(data_path: &Path, now: DateTime<Utc>) -> Result<Option<BackupFile>, BackupError> {
    let conn = match Connection::open_with_flags(
        data_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(conn) => conn,
        Err(_) => return Ok(None),
    };
    let busy: Result<i64, _> =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0));
    if busy == Ok(1) {
        return Err(BackupError::InUse {
            path: data_path.to_owned(),
        });
    }
    let safety = match create(&conn, data_path, BackupKind::BeforeRestore, now) {
        Ok(file) => Some(file),
        Err(BackupError::Damaged { .. } | BackupError::Unusable(_)) => None,
        Err(err) => return Err(err),
    };
    conn.close()
        .map_err(|(_, e)| BackupError::sqlite(data_path, e))?;
    Ok(safety)
}

/// Copies `backup` to a new owner-only file at `temp`, flushes it and checks the copy.
fn copy_checked(backup: &Path, temp: &Path) -> Result<(), BackupError> {
    crate::export::create_private_file(temp)
        .map_err(|e| BackupError::io("prepare the restore at", temp, e))?;
    let mut from =
        fs::File::open(backup).map_err(|e| BackupError::io("read the backup", backup, e))?;
    let mut to = fs::OpenOptions::new()
        .write(true)
        .open(temp)
        .map_err(|e| BackupError::io("prepare the restore at", temp, e))?;
    std::io::copy(&mut from, &mut to)
        .and_then(|_| to.sync_all())
        .map_err(|e| BackupError::io("copy the backup to", temp, e))?;
    verify(temp)
}

/// Keeps the current file (if any) as `.before-restore` and renames `temp` over it. The
/// current file is linked, not moved, so the data file's name is never empty.
fn swap(data_path: &Path, temp: &Path) -> Result<Option<PathBuf>, BackupError> {
    let before = before_restore_path(data_path);
    let kept = if data_path.exists() {
        for old in [
            before.clone(),
            with_suffix(&before, "-wal"),
            with_suffix(&before, "-shm"),
        ] {
            match fs::remove_file(&old) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(BackupError::io("replace the older copy", &old, e)),
            }
        }
        if fs::hard_link(data_path, &before).is_err() {
            fs::copy(data_path, &before)
                .map_err(|e| BackupError::io("keep the current file as", &before, e))?;
        }
        // A log SQLite could not fold in (a damaged file) belongs to the old file; next to
        // the restored one it would be replayed into it.
        for suffix in ["-wal", "-shm"] {
            let log = with_suffix(data_path, suffix);
            if log.exists() {
                fs::rename(&log, with_suffix(&before, suffix))
                    .map_err(|e| BackupError::io("set aside", &log, e))?;
            }
        }
        Some(before)
    } else {
        None
    };
    fs::rename(temp, data_path)
        .map_err(|e| BackupError::io("put the backup in place of", data_path, e))?;
    if let Some(dir) = data_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(dir);
    }
    Ok(kept)
}

/// Restores over a data file this process has not opened: its lock is taken first, so a
/// file another Coachbook has open is never swapped from under it.
pub fn restore_closed_file(
    data_path: &Path,
    backup: &Path,
    now: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    let _lock =
        crate::store::lock::WriterLock::acquire(data_path).map_err(BackupError::Unusable)?;
    restore_file(data_path, backup, now)
}

impl Store {
    /// Restores `backup` over this store's file: closes the connection, swaps the files,
    /// and opens the restored file (upgrading it if it is older). Whatever happens, the
    /// store is open again afterwards on whatever file is in place.
    pub fn restore_from(
        &mut self,
        backup: &Path,
        now: DateTime<Utc>,
    ) -> Result<Restored, BackupError> {
        if self.is_read_only() {
            return Err(BackupError::Unusable(crate::store::StoreError::InUse {
                path: self.path.clone(),
            }));
        }
        let placeholder =
            Connection::open_in_memory().map_err(|e| BackupError::sqlite(&self.path, e))?;
        let current = std::mem::replace(&mut self.conn, placeholder);
        if let Err((conn, err)) = current.close() {
            self.conn = conn;
            return Err(BackupError::sqlite(&self.path, err));
        }
        let restored = restore_file(&self.path, backup, now);
        self.reopen().map_err(BackupError::Unusable)?;
        restored
    }
}
