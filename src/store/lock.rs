//! One writer per data file. The process that writes holds an exclusive lock on a small
//! file beside the data file (`team.db.lock`) for as long as it has the file open; a
//! second Coachbook on the same file finds the lock taken and only reads. The operating
//! system drops the lock when the process ends, however it ends, so a crash never leaves
//! the file locked. The lock file also says whether the last writer closed cleanly:
//! "open" is written when the lock is taken and "closed" when it is given back, so
//! "open" found by the next writer means the last one was killed or crashed.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

const OPEN: &str = "open";
const CLOSED: &str = "closed";

/// The lock of one data file, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    /// The last writer did not close cleanly.
    unclean: bool,
}

/// Where the lock of the data file at `path` lives.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

impl WriterLock {
    /// Takes the lock of the data file at `path`, or says that another Coachbook has it.
    pub fn acquire(path: &Path) -> Result<WriterLock, StoreError> {
        let lock = lock_path(path);
        let io = |action: &'static str| {
            let lock = lock.clone();
            move |source: std::io::Error| match source.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnly { path: lock }
                }
                _ => StoreError::Io {
                    action,
                    path: lock,
                    source,
                },
            }
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&lock).map_err(io("open the lock of"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::InUse {
                    path: path.to_owned(),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io("lock")(source)),
        }
        let mut previous = String::new();
        // An unreadable marker is treated as a clean close: the check it would trigger is
        // a precaution, not a repair.
        let _ = file.read_to_string(&mut previous);
        let unclean = previous.trim_start().starts_with(OPEN);
        mark(&mut file, &format!("{OPEN} {}\n", std::process::id())).map_err(io("write"))?;
        Ok(WriterLock { file, unclean })
    }

    pub fn unclean(&self) -> bool {
        self.unclean
    }
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
