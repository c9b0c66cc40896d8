//! One writer per data file. The process that writes holds an exclusive lock on a small
//! file beside the data file (`team.db.lock`) for as long as it has the file open; a
//! second Coachbook on the same file finds the lock taken and only reads. The operating
//! system drops the lock when the process ends, however it ends, so a crash never leaves
//! the file locked. The lock file also says whether the last writer closed cleanly:
//! "open" is written when the lock is taken and "closed" when it is given back, so
//! "open" found by the next writer means the last one was killed or crashed.
//!
//! The data file is named by the path its links lead to (see [`crate::files::resolve_links`]),
//! so a link to a file finds the same lock as the file. A hard link is another name for
//! the same file with a lock file of its own, so the writer also locks the data file itself
//! (where the system allows it): whatever name a second Coachbook opens it by, it finds
//! that lock taken.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::StoreError;
use crate::files::{self, FileError};

const OPEN: &str = "open";
const CLOSED: &str = "closed";

/// The lock of one data file, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    /// The data file itself, locked, so that it is locked under every name it has.
    data: Option<File>,
    /// The last writer did not close cleanly.
    unclean: bool,
}

/// Where the lock of the data file at `path` lives.
pub fn lock_path(path: &Path) -> PathBuf {
    files::with_suffix(path, ".lock")
}

impl WriterLock {
    /// Takes the lock of the data file at `path`, or says that another Coachbook has it.
    /// The lock file is never a link or a file with other names, since it is written to.
    pub fn acquire(path: &Path) -> Result<WriterLock, StoreError> {
        let lock = lock_path(path);
        // A lock that cannot be written means the data file cannot be either: the
        // sentence names the data file, which is what the manager knows.
        let failed = |action: &'static str, err: std::io::Error| -> StoreError {
            match FileError::from_io(action, &lock, &err) {
                FileError::ReadOnlyDisk { .. } => StoreError::ReadOnlyDisk {
                    path: path.to_owned(),
                },
                FileError::Denied { .. } => StoreError::ReadOnly {
                    path: path.to_owned(),
                },
                FileError::DiskFull { .. } => StoreError::DiskFull {
                    path: path.to_owned(),
                },
                other => other.into(),
            }
        };
        let mut file = crate::files::open_or_create(&lock).map_err(|e| {
            if std::fs::symlink_metadata(&lock).is_ok_and(|m| m.file_type().is_symlink()) {
                StoreError::from(FileError::Link {
                    path: lock.clone(),
                    target: std::fs::read_link(&lock).unwrap_or_default(),
                })
            } else {
                failed("open the lock", e)
            }
        })?;
        refuse_shared_lock_file(&file, &lock)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    path: path.to_owned(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(failed("lock", e)),
        }
        let mut previous = String::new();
        // An unreadable marker is treated as a clean close: the check it would trigger is
        // a precaution, not a repair.
        let _ = file.read_to_string(&mut previous);
        let unclean = previous.trim_start().starts_with(OPEN);
        mark(&mut file, &format!("{OPEN} {}\n", std::process::id()))
            .map_err(|e| failed("write", e))?;
        Ok(WriterLock {
            file,
            data: None,
            unclean,
        })
    }

    /// Locks the data file at `path` itself, which must exist. Call this before SQLite
    /// opens the file: closing a handle to a file drops the locks SQLite holds on it in
    /// this process, so the handle opened here is kept until the store closes.
    pub fn lock_data_file(&mut self, path: &Path) -> Result<(), StoreError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        let data = options
            .open(path)
            .map_err(|e| StoreError::from(FileError::from_io("open", path, &e)))?;
        self.hold_data_file(data, path)
    }

    /// Locks the file `data`, just created at `path`, and holds it from now on.
    pub fn hold_data_file(&mut self, data: File, path: &Path) -> Result<(), StoreError> {
        lock_file(&data, path)?;
        self.hold(data);
        Ok(())
    }

    /// Holds `data`, already locked by [`lock_file`], in place of the file held so far
    /// (a restored copy that has just taken the data file's name).
    pub fn hold(&mut self, data: File) {
        self.data = Some(data);
    }

    pub fn unclean(&self) -> bool {
        self.unclean
    }
}

/// Locks the file `data` (opened to write, named `path` in errors) under every name it
/// has, or says that another Coachbook holds it. Called with the lock beside `path` held.
pub fn lock_file(data: &File, path: &Path) -> Result<(), StoreError> {
    match files::try_lock_inode(data) {
        Ok(true) => Ok(()),
        // The lock beside this name was free, so the other writer came by another name.
        Ok(false) => Err(StoreError::InUseElsewhere {
            path: path.to_owned(),
        }),
        Err(e) => Err(FileError::from_io("lock", path, &e).into()),
    }
}

/// A lock file that is not an ordinary file with one name could be another's file that
/// the marker would overwrite.
fn refuse_shared_lock_file(file: &File, lock: &Path) -> Result<(), StoreError> {
    let meta = file
        .metadata()
        .map_err(|e| StoreError::from(FileError::from_io("open the lock", lock, &e)))?;
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            path: lock.to_owned(),
            what: "a folder, pipe or device",
        }
        .into());
    }
    #[cfg(unix)]
    if std::os::unix::fs::MetadataExt::nlink(&meta) > 1 {
        return Err(FileError::HardLinked {
            path: lock.to_owned(),
        }
        .into());
    }
    Ok(())
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Nothing to do if this fails: the next writer then checks the file, which is
        // harmless. The lock itself goes with the file handle.
        let _ = mark(&mut self.file, CLOSED);
    }
}

fn mark(file: &mut File, text: &str) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_and_a_killed_one_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.db");
        let first = WriterLock::acquire(&path).unwrap();
        assert!(!first.unclean());
        assert!(matches!(
            WriterLock::acquire(&path),
            Err(StoreError::InUse { .. })
        ));
        drop(first);
        let second = WriterLock::acquire(&path).unwrap();
        assert!(!second.unclean(), "the first one closed cleanly");
        drop(second);
        // A killed process leaves its mark and loses its lock.
        std::fs::write(lock_path(&path), "open 4242\n").unwrap();
        assert!(WriterLock::acquire(&path).unwrap().unclean());
    }
}
