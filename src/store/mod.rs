//! The SQLite data file: opening it safely, upgrading its schema, and one module per table
//! with that table's SQL beside it.
//!
//! Every write happens inside [`Store::transact`], so a change is either all in the file or
//! not in it at all.

mod error;
mod lock;
mod migrations;
mod open;
mod time;

pub mod answers;
pub mod backup;
pub mod cadences;
pub mod check;
pub mod commitments;
pub mod framework;
pub mod meta;
pub mod observations;
pub mod prompts;
pub mod recovery;
pub mod reps;
pub mod rows;
pub mod sessions;
pub mod shared;
pub mod skills;
pub mod tables;
pub mod talking_points;
pub mod targets;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use error::StoreError;
pub use lock::lock_path;
pub use migrations::LATEST_VERSION;
pub use open::{APPLICATION_ID, create_private_dir, default_path};
pub use time::{from_day, from_utc_ms, to_day, to_utc_ms};

/// An open data file. Reads go through [`Store::conn`]; writes through [`Store::transact`].
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Held while this process may write; `None` for a file opened only to read. Declared
    /// after `conn` so the connection closes before the lock is given back.
    lock: Option<lock::WriterLock>,
    /// The last writer did not close cleanly, and the file passed `quick_check` on open.
    checked_after_crash: bool,
}

impl Store {
    /// Opens the data file at `path`, creating it (and its folder) when it does not exist,
    /// and upgrading its schema. A file that is not a Coachbook data file, or one written by
    /// a newer Coachbook, is refused and left exactly as it was.
    ///
    /// Only one process writes a file at a time: while another Coachbook has it open, this
    /// fails with [`StoreError::InUse`] and the caller may [`Store::open_read_only`]. After
    /// an unclean shutdown the file is checked first, and a damaged one is refused with
    /// [`StoreError::Damaged`] before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let (conn, lock) = open::open_read_write(path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            checked_after_crash: lock.unclean(),
            lock: Some(lock),
        })
    }

    /// Opens the file to write, or only to read while another Coachbook writes it (which
    /// [`Store::is_read_only`] then tells, and every write refuses with a sentence).
    pub fn open_or_read(path: &Path) -> Result<Store, StoreError> {
        match Store::open(path) {
            Err(StoreError::InUse { .. }) => Store::open_read_only(path),
            other => other,
        }
    }

    /// Opens an existing data file without writing to it (for `coachbook check`).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let conn = open::open_read_only(path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            lock: None,
            checked_after_crash: false,
        })
    }

    /// Opens the file at this store's path again, keeping the lock: for a restore, which
    /// closed the connection and put another file in place.
    pub(crate) fn reopen(&mut self) -> Result<(), StoreError> {
        let Some(lock) = self.lock.as_ref() else {
            return Err(StoreError::InUse {
                path: self.path.clone(),
            });
        };
        self.conn = open::reopen_locked(&self.path, lock)?;
        Ok(())
    }

    /// Opened only to read: another Coachbook writes this file.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
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
            return Err(StoreError::InUse {
                path: self.path.clone(),
            }
            .into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        let out = change(&tx)?;
        tx.commit()
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::user_version(&self.conn).map_err(|e| StoreError::from_sqlite(&self.path, e))
    }
}
