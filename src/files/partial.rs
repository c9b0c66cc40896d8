//! Partial-then-rename: a file is written whole beside its name, synced, and renamed over
//! it in one step, so a reader sees the old file or the new one, never half of one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{FileError, check_replaceable, create_new, folder_of, sync_dir, with_suffix};

/// A new file being written beside its target, renamed over it by [`Partial::commit`].
/// Dropped without a commit, it is removed (with any journal SQLite left beside it).
#[derive(Debug)]
pub struct Partial {
    path: PathBuf,
    target: PathBuf,
    file: File,
    committed: bool,
}

impl Partial {
    /// Checks that `target` may be replaced, then creates the owner-only partial file
    /// beside it (in the same folder, so the final rename is one atomic step).
    pub fn beside(target: &Path) -> Result<Partial, FileError> {
        check_replaceable(target)?;
        Partial::create_beside(target)
    }

    /// Creates the partial file beside `target` for a caller that replaces a file on
    /// purpose, having judged it itself: a restore, which replaces the data file.
    pub fn create_beside(target: &Path) -> Result<Partial, FileError> {
        let Some(name) = target.file_name() else {
            return Err(FileError::NotAFile {
                path: target.to_owned(),
                what: "a folder",
            });
        };
        for attempt in 0..100 {
            let mut partial = name.to_owned();
            partial.push(format!(".partial-{}-{attempt}", std::process::id()));
            let path = target.with_file_name(partial);
            match create_new(&path) {
                Ok(file) => {
                    return Ok(Partial {
                        path,
                        target: target.to_owned(),
                        file,
                        committed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) if e.kind() == io::ErrorKind::NotFound && !folder_of(target).is_dir() => {
                    return Err(FileError::NoFolder {
                        folder: folder_of(target).to_owned(),
                    });
                }
                Err(e) => return Err(FileError::from_io("create a file beside", target, &e)),
            }
        }
        Err(FileError::Io {
            action: "create a file beside",
            path: target.to_owned(),
            reason: "a hundred unfinished files already stand there".to_owned(),
        })
    }

    /// Where the partial file is, for a writer that opens it by name (SQLite).
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn file(&self) -> &File {
        &self.file
    }

    /// Flushes the partial file to disk and renames it over the target in one step; the
    /// target is checked again first.
    pub fn commit(self) -> Result<(), FileError> {
        check_replaceable(&self.target)?;
        self.replace_target()
    }

    /// [`Partial::commit`] without checking the target again, for [`Partial::create_beside`].
    pub fn replace_target(mut self) -> Result<(), FileError> {
        self.file
            .sync_all()
            .map_err(|e| FileError::from_io("write", &self.target, &e))?;
        fs::rename(&self.path, &self.target)
            .map_err(|e| FileError::from_io("write", &self.target, &e))?;
        self.committed = true;
        if let Some(dir) = self.target.parent() {
            sync_dir(dir);
        }
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // The partial file and its journals are ours and of no use; failing to remove
        // one changes nothing for the target, which was never touched.
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = fs::remove_file(with_suffix(&self.path, suffix));
        }
    }
}

/// Removes the partial files a writer of `target` left beside it when it was stopped before
/// its rename (killed, or the power cut): `<name>.partial-<process>-<n>` and the journals
/// SQLite kept beside one. Of a restore or a change of passphrase of a data file, such a
/// copy can be as large as the file, and a plain one when the file is encrypted. The caller
/// holds what keeps any other writer of `target` away (the data file's writer lock), so
/// none of them is being written now. Housekeeping: what cannot be removed stays.
pub fn remove_left_beside(target: &Path) {
    let (Some(name), Some(folder)) = (target.file_name().and_then(|n| n.to_str()), target.parent())
    else {
        return;
    };
    let Ok(entries) = fs::read_dir(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    }) else {
        return;
    };
    let prefix = format!("{name}.partial-");
    for entry in entries.flatten() {
        let left = entry
            .file_name()
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(is_process_and_count);
        if left {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `<process>-<n>`, with a journal's suffix or none: the tail of a partial file's name.
fn is_process_and_count(tail: &str) -> bool {
    let tail = ["-journal", "-wal", "-shm"]
        .iter()
        .find_map(|suffix| tail.strip_suffix(suffix))
        .unwrap_or(tail);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    tail.split_once('-')
        .is_some_and(|(process, count)| digits(process) && digits(count))
}

/// Writes `target` through `write` into a partial file beside it, renamed into place only
/// once complete, so a failed write leaves the target exactly as it was.
pub fn write_whole<T, E: From<FileError>>(
    target: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, E> {
    let partial = Partial::beside(target)?;
    let handle = partial
        .file()
        .try_clone()
        .map_err(|e| FileError::from_io("write", target, &e))?;
    let mut out = BufWriter::new(handle);
    let value = write(&mut out)?;
    out.flush()
        .map_err(|e| FileError::from_io("write", target, &e))?;
    drop(out);
    partial.commit()?;
    Ok(value)
}

/// Writes `bytes` to `target` through a partial file and one rename.
pub fn write_bytes(target: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_whole(target, |out| {
        out.write_all(bytes)
            .map_err(|e| FileError::from_io("write", target, &e))
    })
}
