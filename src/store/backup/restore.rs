//! Putting a backup back in place of the data file, so that at every moment the data
//! file's name holds either the whole old file or the whole restored one.
//!
//! The backup is copied beside the data file and checked there; the current file is
//! backed up (a protected backup) and also kept as `<name>.before-restore`; then the copy
//! is renamed over the data file, which is atomic within one folder.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{BackupError, BackupFile, create, verify};
use crate::domain::backup_policy::BackupKind;
use crate::domain::passphrase::Passphrase;
use crate::files::{self, Partial, with_suffix};
use crate::store::lock::WriterLock;
use crate::store::outbox::{self, OrgLink};
use crate::store::{Store, connect};

/// What a restore left behind besides the restored data file.
#[derive(Clone, Debug)]
pub struct Restored {
    /// The data file as it was, under `<name>.before-restore`; `None` when there was none.
    pub before_restore: Option<PathBuf>,
    /// The protected backup of the data file as it was; `None` when it could not be read
    /// (a damaged file is then kept only as `.before-restore`).
    pub safety_backup: Option<BackupFile>,
}

/// Where the data file is kept as it was before a restore.
pub fn before_restore_path(data_path: &Path) -> PathBuf {
    with_suffix(data_path, ".before-restore")
}

/// Replaces the data file at `data_path` by the backup at `backup`, holding `lock`; an
/// encrypted file takes only a backup its passphrase `key` opens. No
/// connection to the data file may be open in this process (see [`Store::restore_from`]).
/// When anything fails before the final rename, the data file is left byte for byte as it
/// was, and no file of the restore is left behind.
fn restore_file(
    data_path: &Path,
    backup: &Path,
    now: DateTime<Utc>,
    lock: &mut WriterLock,
    key: Option<&Passphrase>,
) -> Result<Restored, BackupError> {
    // A file that is plainly no backup is refused before anything is made or moved.
    looks_like_backup(data_path, backup, key)?;
    let copy = Partial::create_beside(data_path)?;
    // The copy is checked before anything else happens, so a damaged backup leaves no trace.
    copy_checked(backup, &copy, key)?;
    let safety_backup = if data_path.exists() {
        settle_current(data_path, now, key)?
    } else {
        None
    };
    let held = lock_copy(&copy)?;
    let before_restore = swap(data_path, copy)?;
    lock.hold(held);
    Ok(Restored {
        before_restore,
        safety_backup,
    })
}

/// Refuses, from its first bytes, a file that cannot be a backup of a data file: an empty
/// one, one that is not a Coachbook data file, or the data file itself.
fn looks_like_backup(
    data_path: &Path,
    backup: &Path,
    key: Option<&Passphrase>,
) -> Result<(), BackupError> {
    let meta = fs::metadata(backup).map_err(|e| BackupError::io("read the backup", backup, e))?;
    if !meta.is_file() {
        return Err(BackupError::NotCoachbook {
            path: backup.to_owned(),
        });
    }
    if meta.len() == 0 {
        return Err(BackupError::Empty {
            path: backup.to_owned(),
        });
    }
    if same_file(data_path, backup) {
        return Err(BackupError::SameFile {
            path: backup.to_owned(),
        });
    }
    // An encrypted backup's header is ciphertext: its check, with the passphrase, judges it.
    if key.is_some() && crate::store::sealing(backup) == crate::store::Sealing::Encrypted {
        return Ok(());
    }
    let mut header = [0_u8; 72];
    fs::File::open(backup)
        .and_then(|mut file| file.read_exact(&mut header))
        .map_err(|_| BackupError::NotCoachbook {
            path: backup.to_owned(),
        })?;
    if !header.starts_with(b"SQLite format 3\0") || header[68..72] != files::DATA_FILE_MAGIC {
        return Err(BackupError::NotCoachbook {
            path: backup.to_owned(),
        });
    }
    Ok(())
}

/// Both names lead to one file (through links, or as hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
    }
}

/// Folds the write-ahead log into the data file, so the file alone is the whole of it,
/// and makes the protected backup of it. A file too damaged to read gets no backup; it is
/// still kept as `.before-restore`.
fn settle_current(
    data_path: &Path,
    now: DateTime<Utc>,
    key: Option<&Passphrase>,
) -> Result<Option<BackupFile>, BackupError> {
    let Ok(conn) = crate::store::cipher::open_keyed(data_path, key) else {
        return Ok(None);
    };
    let busy: Result<i64, _> =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0));
    if busy == Ok(1) {
        return Err(BackupError::InUse {
            path: data_path.to_owned(),
        });
    }
    let safety = match create(&conn, data_path, key, BackupKind::BeforeRestore, now) {
        Ok(file) => Some(file),
        Err(BackupError::Damaged { .. } | BackupError::Unusable(_)) => None,
        Err(err) => return Err(err),
    };
    conn.close()
        .map_err(|(_, e)| BackupError::sqlite(data_path, e))?;
    Ok(safety)
}

/// Copies `backup` into the new owner-only file `copy`, flushes it and checks the copy.
fn copy_checked(
    backup: &Path,
    copy: &Partial,
    key: Option<&Passphrase>,
) -> Result<(), BackupError> {
    let mut from =
        fs::File::open(backup).map_err(|e| BackupError::io("read the backup", backup, e))?;
    let mut to = copy.file();
    std::io::copy(&mut from, &mut to)
        .and_then(|_| to.sync_all())
        .map_err(|e| BackupError::io("copy the backup to", copy.path(), e))?;
    verify(copy.path(), key).map_err(|err| match err {
        // The copy is checked, but the backup is what the manager named.
        BackupError::Damaged { detail, .. } => BackupError::Damaged {
            path: backup.to_owned(),
            detail,
        },
        BackupError::NotCoachbook { .. } => BackupError::NotCoachbook {
            path: backup.to_owned(),
        },
        other => other,
    })?;
    remove_empty_side_files(copy.path());
    Ok(())
}

/// A check may leave SQLite's empty side files beside a copy; only the copy itself moves.
pub(in crate::store) fn remove_empty_side_files(copy: &Path) {
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(copy, suffix);
        if fs::metadata(&side).is_ok_and(|m| m.len() == 0) {
            let _ = fs::remove_file(side);
        }
    }
}

/// Locks the copy that is to take the data file's name, so the name is never without its
/// writer; the caller hands the returned handle to the writer's lock once it is renamed.
pub(in crate::store) fn lock_copy(copy: &Partial) -> Result<fs::File, BackupError> {
    let held = copy
        .file()
        .try_clone()
        .map_err(|e| BackupError::io("prepare the new file at", copy.path(), e))?;
    crate::store::lock::lock_file(&held, copy.path()).map_err(BackupError::Unusable)?;
    Ok(held)
}

/// Keeps the current file (if any) as `.before-restore` and renames `copy` over it. The
/// current file is linked, not moved, so the data file's name is never empty.
fn swap(data_path: &Path, copy: Partial) -> Result<Option<PathBuf>, BackupError> {
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
            copy_into_new(data_path, &before)
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
    copy.replace_target()?;
    Ok(kept)
}

/// Copies `from` into a new owner-only file `to`, which must not exist (so no link there
/// is followed).
fn copy_into_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = fs::File::open(from)?;
    let mut copy = files::create_new(to)?;
    std::io::copy(&mut source, &mut copy)?;
    copy.sync_all()
}

/// Restores over a data file this process has not opened: its lock is taken first, so a
/// file another Coachbook has open is never swapped from under it.
pub fn restore_closed_file(
    data_path: &Path,
    backup: &Path,
    now: DateTime<Utc>,
    key: Option<&Passphrase>,
) -> Result<Restored, BackupError> {
    let unusable = |e: crate::store::StoreError| BackupError::Unusable(e);
    // Through a link, the file it leads to is restored, and the link stays.
    let data_path = files::resolve_links(data_path).map_err(|e| unusable(e.into()))?;
    if super::is_backup(&data_path) {
        return Err(unusable(crate::store::StoreError::IsBackup {
            path: data_path,
        }));
    }
    let mut lock = WriterLock::acquire(&data_path).map_err(unusable)?;
    if data_path.exists() {
        lock.lock_data_file(&data_path).map_err(unusable)?;
    }
    let link = org_link_of(&data_path, key);
    let restored = restore_file(&data_path, backup, now, &mut lock, key)?;
    if let Some(link) = link {
        let mut conn =
            crate::store::open::reopen_locked(&data_path, &lock, key).map_err(unusable)?;
        relink(&mut conn, &link).map_err(unusable)?;
    }
    Ok(restored)
}

/// The organization the file at `path` publishes to, if it is one this Coachbook reads.
/// Read through a writing connection, as `settle_current` does, so that closing it leaves
/// no side files beside a data file a refused restore must leave as it was.
fn org_link_of(path: &Path, key: Option<&Passphrase>) -> Option<OrgLink> {
    let conn = crate::store::cipher::open_keyed(path, key).ok()?;
    outbox::link(&conn).ok().flatten()
}

/// Keeps a restored file linked to the organization the file it replaced published to,
/// with the whole team queued after a reset: the server then holds what the restored file
/// holds, and nothing the replaced one had since.
fn relink(conn: &mut Connection, link: &OrgLink) -> Result<(), crate::store::StoreError> {
    let path = conn.path().map(PathBuf::from).unwrap_or_default();
    let sqlite = |e| crate::store::StoreError::from_sqlite(&path, e);
    let tx = conn.transaction().map_err(sqlite)?;
    outbox::join(&tx, link)?;
    tx.commit().map_err(sqlite)
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
            return Err(BackupError::Unusable(self.refusal()));
        }
        let placeholder =
            connect::open_in_memory().map_err(|e| BackupError::sqlite(&self.path, e))?;
        let link = outbox::link(&self.conn).ok().flatten();
        let current = std::mem::replace(&mut self.conn, placeholder);
        if let Err((conn, err)) = current.close() {
            self.conn = conn;
            return Err(BackupError::sqlite(&self.path, err));
        }
        let restored = match self.lock.as_mut() {
            Some(lock) => restore_file(&self.path, backup, now, lock, self.key.as_ref()),
            None => Err(BackupError::Unusable(self.refusal())),
        };
        self.reopen().map_err(BackupError::Unusable)?;
        let restored = restored?;
        if let Some(link) = link {
            relink(&mut self.conn, &link).map_err(BackupError::Unusable)?;
        }
        Ok(restored)
    }
}
