//! The SQLite data file: opening it safely, upgrading its schema, and one module per table
//! with that table's SQL beside it.
//!
//! Every write happens inside [`Store::transact`], so a change is either all in the file or
//! not in it at all.

mod cipher;
mod error;
mod key_cache;
mod lock;
mod migrations;
mod open;
mod rekey;
mod time;

pub mod backup;
pub mod busy;
pub mod cadences;
pub mod check;
pub mod commitments;
pub mod connect;
pub mod framework;
pub mod meta;
pub mod observations;
pub mod org_answers;
pub mod org_framework;
pub mod outbox;
pub mod plans;
pub mod prompts;
pub mod published;
pub mod recovery;
pub mod rep_answers;
pub mod rep_history;
pub mod rep_shares;
pub mod reps;
pub mod rows;
pub mod search;
pub mod sessions;
pub mod skills;
pub mod tables;
pub mod talking_points;
pub mod targets;
pub mod text_columns;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::domain::passphrase::Passphrase;

pub use cipher::{Sealing, sealing};
pub use error::{StoreError, sqlite_reason};
pub use lock::lock_path;
pub use migrations::LATEST_VERSION;
pub use open::{APPLICATION_ID, default_path};
pub use rekey::Rekeyed;
pub use time::{from_day, from_utc_ms, to_day, to_utc_ms};

/// An open data file. Reads go through [`Store::conn`]; writes through [`Store::transact`].
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Held while this process may write; `None` for a file opened only to read. Declared
    /// after `conn` so the connection closes before the lock is given back.
    lock: Option<lock::WriterLock>,
    /// Why a file opened only to read cannot be written here.
    read_only: Option<ReadOnlyReason>,
    /// The last writer did not close cleanly, and the file passed `quick_check` on open.
    checked_after_crash: bool,
    /// The passphrase the file is encrypted with; `None` for a plain file. Kept for the
    /// other connections this file needs (readers on threads, backups, a restore).
    key: Option<Passphrase>,
}

impl Store {
    /// Opens the data file at `path`, creating it (and its folder) when it does not exist,
    /// and upgrading its schema. A file that is not a Coachbook data file, or one written by
    /// a newer Coachbook, is refused and left exactly as it was. A link is followed to the
    /// file it leads to, which is the file opened, locked and backed up.
    ///
    /// Only one process writes a file at a time, whatever name it is opened by: while
    /// another Coachbook has it open, this fails with [`StoreError::InUse`] and the caller
    /// may [`Store::open_read_only`]. After an unclean shutdown the file is checked first,
    /// and a damaged one is refused with [`StoreError::Damaged`] before anything is written
    /// to it. A backup (a file in a backups folder) is refused with
    /// [`StoreError::IsBackup`]: backups are never changed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, None)
    }

    /// [`Store::open`] for a file encrypted with `key` (or, for a new file, to be). A
    /// wrong passphrase is refused with [`StoreError::WrongPassphrase`] before anything is
    /// written; an encrypted file opened without one, with [`StoreError::NeedsPassphrase`].
    pub fn open_with(path: &Path, key: Option<Passphrase>) -> Result<Store, StoreError> {
        let path = crate::files::resolve_links(path)?;
        let (conn, lock) = open::open_read_write(&path, key.as_ref())?;
        Ok(Store {
            conn,
            path,
            checked_after_crash: lock.unclean(),
            lock: Some(lock),
            read_only: None,
            key,
        })
    }

    /// Opens the file to write, or only to read when it cannot be written here: another
    /// Coachbook writes it, it is a backup, its disk or folder is read-only, or its disk is
    /// full ([`Store::read_only_reason`] then tells, and every write refuses with a
    /// sentence).
    pub fn open_or_read(path: &Path) -> Result<Store, StoreError> {
        Store::open_or_read_with(path, None)
    }

    /// [`Store::open_or_read`] for a file encrypted with `key`.
    pub fn open_or_read_with(path: &Path, key: Option<Passphrase>) -> Result<Store, StoreError> {
        match Store::open_with(path, key.clone()) {
            Err(err) => match ReadOnlyReason::of(&err) {
                Some(reason) => {
                    // With no file to read, why it could not be made is what matters.
                    let mut store =
                        Store::open_read_only_with(path, key).map_err(|read| match read {
                            StoreError::Missing { .. } => err,
                            other => other,
                        })?;
                    store.read_only = Some(reason);
                    // An older file is read only after its upgrade, which is a write.
                    let found = store.schema_version()?;
                    if found < LATEST_VERSION {
                        return Err(StoreError::NeedsUpgrade {
                            path: store.path,
                            found,
                            known: LATEST_VERSION,
                        });
                    }
                    Ok(store)
                }
                None => Err(err),
            },
            ok => ok,
        }
    }

    /// Opens an existing data file without writing to it (for `coachbook check`).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::open_read_only_with(path, None)
    }

    /// [`Store::open_read_only`] for a file encrypted with `key`.
    pub fn open_read_only_with(path: &Path, key: Option<Passphrase>) -> Result<Store, StoreError> {
        let path = crate::files::resolve_links(path)?;
        let conn = open::open_read_only(&path, key.as_ref())?;
        Ok(Store {
            conn,
            path,
            lock: None,
            read_only: Some(ReadOnlyReason::OtherWindow),
            checked_after_crash: false,
            key,
        })
    }

    /// The passphrase this file is encrypted with; `None` for a plain file.
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    /// What another connection to this file needs.
    pub fn access(&self) -> FileAccess {
        FileAccess {
            path: self.path.clone(),
            key: self.key.clone(),
        }
    }

    /// Opens the file at this store's path again, keeping the lock: for a restore, which
    /// closed the connection and put another file in place.
    pub(crate) fn reopen(&mut self) -> Result<(), StoreError> {
        let Some(lock) = self.lock.as_ref() else {
            return Err(self.refusal());
        };
        self.conn = open::reopen_locked(&self.path, lock, self.key.as_ref())?;
        Ok(())
    }

    /// Opened only to read: another Coachbook writes this file, or it cannot be written.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Why this store only reads; `None` when it writes.
    pub fn read_only_reason(&self) -> Option<ReadOnlyReason> {
        if self.lock.is_some() {
            None
        } else {
            self.read_only.or(Some(ReadOnlyReason::OtherWindow))
        }
    }

    /// The sentence a write to a store that only reads is refused with.
    fn refusal(&self) -> StoreError {
        self.read_only_reason()
            .unwrap_or(ReadOnlyReason::OtherWindow)
            .error(&self.path)
    }

    /// The last session on this file ended without closing it (killed, crashed, power
    /// lost); the file was checked and found sound.
    pub fn checked_after_crash(&self) -> bool {
        self.checked_after_crash
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `change` in one immediate transaction: committed when it returns `Ok`, rolled
    /// back (leaving the file as it was) when it returns `Err`.
    pub fn transact<T, E>(
        &mut self,
        change: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        if self.lock.is_none() {
            return Err(self.refusal().into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        let out = change(&tx)?;
        search::sync(&tx).map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        tx.commit()
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::user_version(&self.conn).map_err(|e| StoreError::from_sqlite(&self.path, e))
    }

    /// Whether the file at `path` is an older Coachbook's, which opening it to write
    /// upgrades (a backup first, then the steps): seconds on a large file, which the window
    /// shows. Read without writing; any trouble is left for the opening itself to say.
    pub fn needs_upgrade(path: &Path, key: Option<&Passphrase>) -> bool {
        Store::open_read_only_with(path, key.cloned())
            .and_then(|store| store.schema_version())
            .is_ok_and(|version| version < LATEST_VERSION)
    }
}

/// What another connection to an open data file needs: its path and its passphrase. Long
/// work on threads (queries, backups, exports, publishing) opens its own reader with it.
#[derive(Clone, Debug)]
pub struct FileAccess {
    pub path: PathBuf,
    pub key: Option<Passphrase>,
}

impl FileAccess {
    pub fn open_read_only(&self) -> Result<Store, StoreError> {
        Store::open_read_only_with(&self.path, self.key.clone())
    }
}

/// Why a file is open only to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// Another Coachbook window or command writes it.
    OtherWindow,
    /// It is a backup, which is never changed.
    Backup,
    /// Its disk is mounted read-only.
    ReadOnlyDisk,
    /// This account may not write the file or its folder.
    NoPermission,
    /// The disk holding it is full.
    DiskFull,
}

impl ReadOnlyReason {
    /// The reason an open to write failed, when opening only to read may still work.
    pub fn of(err: &StoreError) -> Option<ReadOnlyReason> {
        match err {
            StoreError::InUse { .. } => Some(ReadOnlyReason::OtherWindow),
            StoreError::IsBackup { .. } => Some(ReadOnlyReason::Backup),
            StoreError::ReadOnlyDisk { .. } => Some(ReadOnlyReason::ReadOnlyDisk),
            StoreError::ReadOnly { .. } => Some(ReadOnlyReason::NoPermission),
            StoreError::DiskFull { .. } => Some(ReadOnlyReason::DiskFull),
            _ => None,
        }
    }

    /// The sentence a write is refused with.
    pub fn error(self, path: &Path) -> StoreError {
        let path = path.to_owned();
        match self {
            ReadOnlyReason::OtherWindow => StoreError::InUse { path },
            ReadOnlyReason::Backup => StoreError::IsBackup { path },
            ReadOnlyReason::ReadOnlyDisk => StoreError::ReadOnlyDisk { path },
            ReadOnlyReason::NoPermission => StoreError::ReadOnly { path },
            ReadOnlyReason::DiskFull => StoreError::DiskFull { path },
        }
    }
}
