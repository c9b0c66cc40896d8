//! Encrypting a data file, decrypting it, or changing its passphrase: each is a checked
//! copy under the new passphrase and then a rename, so the file's name always holds the
//! whole old file or the whole new one. The backups follow, each the same way, so no
//! readable copy of an encrypted file is left in its backups folder.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::backup::{self, BackupError, BackupFile};
use super::{Store, cipher, connect};
use crate::domain::backup_policy::BackupKind;
use crate::domain::passphrase::Passphrase;
use crate::files::{Partial, with_suffix};

/// What a change of passphrase did besides the data file itself.
#[derive(Debug)]
pub struct Rekeyed {
    /// The protected backup made first, under the old passphrase and then converted.
    pub safety_backup: BackupFile,
    /// Backups (and a file kept from a restore) now under the new passphrase.
    pub converted: usize,
    /// Those that could not be converted, with why: they still open only as before.
    pub left: Vec<(PathBuf, String)>,
}

impl Store {
    /// Puts this file under `to` (a new passphrase, or none to decrypt it). A protected
    /// backup is made first; the copy is checked with `to` before it takes the file's
    /// name; the old file is gone only once the new one has passed. Whatever fails before
    /// the rename leaves the file holding what it held, under its old passphrase, and the
    /// store open on it.
    pub fn change_passphrase(
        &mut self,
        to: Option<Passphrase>,
        now: DateTime<Utc>,
    ) -> Result<Rekeyed, BackupError> {
        if self.is_read_only() {
            return Err(BackupError::Unusable(self.refusal()));
        }
        let from = self.key.clone();
        let safety_backup = backup::create(
            &self.conn,
            &self.path,
            from.as_ref(),
            BackupKind::BeforeKeyChange,
            now,
        )?;
        let copy = checked_copy(&self.conn, &self.path, to.as_ref())?;
        let swapped = self.swap_in(copy);
        if swapped.is_ok() {
            self.key = to;
        }
        // Whatever happened, the store is open again on whatever file has the name.
        self.reopen().map_err(BackupError::Unusable)?;
        swapped?;
        let (converted, left) = convert_kept_copies(&self.path, from.as_ref(), self.key.as_ref());
        Ok(Rekeyed {
            safety_backup,
            converted,
            left,
        })
    }

    /// Closes the connection and renames `copy` over the data file, holding the lock on
    /// the copy before it takes the name. The log is folded in first: a log left beside
    /// the new file would be read into it. The caller opens the connection again.
    fn swap_in(&mut self, copy: Partial) -> Result<(), BackupError> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))
            .map_err(|e| BackupError::sqlite(&self.path, e))?;
        if busy != 0 {
            return Err(BackupError::InUse {
                path: self.path.clone(),
            });
        }
        let held = backup::lock_copy(&copy)?;
        let placeholder =
            connect::open_in_memory().map_err(|e| BackupError::sqlite(&self.path, e))?;
        let current = std::mem::replace(&mut self.conn, placeholder);
        if let Err((conn, err)) = current.close() {
            self.conn = conn;
            return Err(BackupError::sqlite(&self.path, err));
        }
        if fs::metadata(with_suffix(&self.path, "-wal")).is_ok_and(|m| m.len() > 0) {
            // Folded in above: pages there now were written since by another connection.
            return Err(BackupError::InUse {
                path: self.path.clone(),
            });
        }
        for suffix in ["-wal", "-shm"] {
            let _ = fs::remove_file(with_suffix(&self.path, suffix));
        }
        copy.replace_target()?;
        if let Some(lock) = self.lock.as_mut() {
            lock.hold(held);
        }
        Ok(())
    }
}

/// Exports what `conn` reads into a new file beside `path`, under `to`, and checks it.
fn checked_copy(
    conn: &Connection,
    path: &Path,
    to: Option<&Passphrase>,
) -> Result<Partial, BackupError> {
    let copy = Partial::create_beside(path)?;
    cipher::export(conn, copy.path(), to).map_err(BackupError::Unusable)?;
    backup::verify(copy.path(), to)?;
    backup::remove_empty_side_files(copy.path());
    Ok(copy)
}

/// Converts every backup of the file at `path`, and the file kept from a restore, from
/// `from` to `to`. A copy that cannot be converted stays as it was and is named in the
/// answer: the data file itself is already done.
fn convert_kept_copies(
    path: &Path,
    from: Option<&Passphrase>,
    to: Option<&Passphrase>,
) -> (usize, Vec<(PathBuf, String)>) {
    let mut kept: Vec<PathBuf> = backup::list(path)
        .unwrap_or_default()
        .into_iter()
        .map(|b| b.path)
        .collect();
    let before_restore = backup::before_restore_path(path);
    if before_restore.is_file() {
        kept.push(before_restore);
    }
    let mut converted = 0;
    let mut left = Vec::new();
    for file in kept {
        match convert_file(&file, from, to) {
            Ok(()) => converted += 1,
            Err(err) => left.push((file, err.to_string())),
        }
    }
    (converted, left)
}

/// One kept copy, converted the way the data file was: a checked copy, then a rename.
fn convert_file(
    file: &Path,
    from: Option<&Passphrase>,
    to: Option<&Passphrase>,
) -> Result<(), BackupError> {
    let conn = cipher::open_keyed(file, from).map_err(BackupError::Unusable)?;
    let copy = checked_copy(&conn, file, to)?;
    conn.close()
        .map_err(|(_, e)| BackupError::sqlite(file, e))?;
    copy.replace_target()?;
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(with_suffix(file, suffix));
    }
    Ok(())
}
