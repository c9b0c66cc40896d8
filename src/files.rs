//! Owner-only files and folders, and the one way Coachbook writes a file.
//!
//! Everything Coachbook puts on disk (the data file, its backups, every export) holds
//! notes about people, so it is readable by its owner only from its first moment. And a
//! path a manager names may have been prepared by someone else: a link planted where an
//! export will go, a hard link to another file. So an existing file is never opened for
//! writing: a new partial file is created beside the target (creating a new file cannot
//! follow a link), written, flushed, and renamed over the target in one step. The rename
//! replaces a name, never the content of whatever the name led to, and a reader finds the
//! old file or the new one, never half of one.

mod os;
mod partial;
mod secret;

pub use partial::{Partial, remove_left_beside, write_bytes, write_whole};
pub use secret::{SecretFileError, read_secret};

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use os::{try_lock_inode, write_access};

/// Less room than this on a disk is taken for a full disk when a write has failed.
const NEARLY_FULL_BYTES: u64 = 1 << 20;

/// The last four bytes of a Coachbook data file's application id ("CoCb"), at offset 68
/// of its header; see `store::APPLICATION_ID`.
pub const DATA_FILE_MAGIC: [u8; 4] = *b"CoCb";
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The names SQLite and Coachbook give the files that belong to a data file.
const COMPANION_SUFFIXES: [&str; 4] = ["-wal", "-shm", "-journal", ".lock"];
/// More links in a row than this are a loop.
const MAX_LINKS: usize = 40;

/// Why a file could not be written, said so the manager knows what to do. Every one means
/// that nothing was written where they asked.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{} is a link to {}. Coachbook never writes through a link; name the file itself or another one. Nothing was written.", path.display(), target.display())]
    Link { path: PathBuf, target: PathBuf },
    #[error("{} is {what}, not an ordinary file. Coachbook left it alone; choose another name. Nothing was written.", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{} belongs to another account. Coachbook replaces only files of this account; choose another name. Nothing was written.", path.display())]
    NotYours { path: PathBuf },
    #[error("{} also has other names (hard links), so it may be another program's file. Coachbook replaces only a file with one name; choose another name. Nothing was written.", path.display())]
    HardLinked { path: PathBuf },
    #[error("{} is a Coachbook data file or part of one, which an export never replaces. Choose another name. Nothing was written.", path.display())]
    DataFile { path: PathBuf },
    #[error("{} has too many links in a row (a loop?). Name the file itself.", path.display())]
    LinkLoop { path: PathBuf },
    #[error("The folder {} does not exist. Nothing was written; create it or choose another place.", folder.display())]
    NoFolder { folder: PathBuf },
    #[error("The disk holding {} is full. Nothing was written; free some space and try again.", path.display())]
    DiskFull { path: PathBuf },
    #[error("{} is on a disk mounted read-only. Nothing was written; choose a place on another disk.", path.display())]
    ReadOnlyDisk { path: PathBuf },
    #[error("Coachbook is not allowed to write {}. Nothing was written; choose a place you can write to.", path.display())]
    Denied { path: PathBuf },
    #[error("Coachbook could not {action} {}: {reason}. Nothing was written.", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        reason: String,
    },
}

impl FileError {
    /// Words a failed file operation by what the manager can do about it.
    pub fn from_io(action: &'static str, path: &Path, err: &io::Error) -> FileError {
        let path = path.to_owned();
        match err.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                FileError::DiskFull { path }
            }
            io::ErrorKind::ReadOnlyFilesystem => FileError::ReadOnlyDisk { path },
            io::ErrorKind::PermissionDenied => FileError::Denied { path },
            _ => FileError::Io {
                action,
                path,
                reason: reason(err),
            },
        }
    }
}

/// An operating system error as words for a sentence: "no such file or directory", not
/// "No such file or directory (os error 2)".
pub fn reason(err: &io::Error) -> String {
    let text = err.to_string();
    let text = text
        .rfind(" (os error ")
        .map_or(text.as_str(), |cut| &text[..cut]);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "an unknown error".to_owned(),
    }
}

/// The folder a file named `path` is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The disk holding `path` has (almost) no room left: the likely cause of a write that
/// failed with no better word for why.
pub fn disk_full(path: &Path) -> bool {
    os::free_bytes(folder_of(path)).is_some_and(|free| free < NEARLY_FULL_BYTES)
}

/// The disk holding `path` is mounted read-only.
pub fn on_read_only_disk(path: &Path) -> bool {
    write_access(folder_of(path)).is_err_and(|e| e.kind() == io::ErrorKind::ReadOnlyFilesystem)
}

/// `path` with `suffix` added to its whole name: `team.db` and `-wal` give `team.db-wal`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates a new, empty file readable and writable by its owner only (0600). It fails if
/// anything at all is at `path`, a link included, so it never opens another's file.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = private_options();
    options.create_new(true);
    options.open(path)
}

/// Opens the file at `path` to read and write, creating it owner-only (0600) when it is
/// missing; its contents are kept. A link at `path` is refused, never followed.
pub fn open_or_create(path: &Path) -> io::Result<File> {
    let mut options = private_options();
    options.create(true).truncate(false);
    options.open(path)
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Creates `dir` and the folders above it that are missing, readable by their owner only
/// (0700). An existing folder is left as it is, also when it is reached through a link
/// (the data folder or the backups folder may well be a link the manager made).
pub fn ensure_dir(dir: &Path) -> Result<(), FileError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| FileError::from_io("create the folder", dir, &e))
}

/// The folder an export writes into: created owner-only when missing, refused when the
/// name itself is a link, since a link planted there would send the files elsewhere.
pub fn export_dir(dir: &Path) -> Result<(), FileError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(link_error(dir)),
        Ok(meta) if !meta.is_dir() => Err(FileError::NotAFile {
            path: dir.to_owned(),
            what: "a file where a folder should be",
        }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => ensure_dir(dir),
        Err(e) => Err(FileError::from_io("open the folder", dir, &e)),
    }
}

fn link_error(path: &Path) -> FileError {
    FileError::Link {
        path: path.to_owned(),
        target: fs::read_link(path).unwrap_or_else(|_| PathBuf::from("somewhere else")),
    }
}

/// Refuses a `path` that a new file must not replace: a link, anything but an ordinary
/// file, a file of another account or with other names, or a data file or one of its
/// companions. Nothing at `path` is fine.
pub fn check_replaceable(path: &Path) -> Result<(), FileError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(FileError::from_io("look at", path, &e)),
    };
    let file_type = meta.file_type();
    if file_type.is_symlink() {
        return Err(link_error(path));
    }
    if !file_type.is_file() {
        let what = if file_type.is_dir() {
            "a folder"
        } else {
            "a device, pipe or socket"
        };
        return Err(FileError::NotAFile {
            path: path.to_owned(),
            what,
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != os::effective_uid() {
            return Err(FileError::NotYours {
                path: path.to_owned(),
            });
        }
        if meta.nlink() > 1 {
            return Err(FileError::HardLinked {
                path: path.to_owned(),
            });
        }
    }
    if is_data_file_part(path) {
        return Err(FileError::DataFile {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// A Coachbook data file, or a file beside one named as its journal, shared memory or
/// lock. A data file in use is known by the files beside it, without opening it: closing
/// a handle to a file drops the locks SQLite holds on it in this process. Only a file
/// with none of them is opened, to read its header.
fn is_data_file_part(path: &Path) -> bool {
    let name = path.as_os_str().to_string_lossy();
    let companion = COMPANION_SUFFIXES.iter().any(|suffix| {
        name.strip_suffix(suffix)
            .is_some_and(|owner| Path::new(owner).is_file())
    });
    let has_companions = COMPANION_SUFFIXES
        .iter()
        .any(|suffix| fs::symlink_metadata(with_suffix(path, suffix)).is_ok());
    companion || has_companions || header_is_data_file(path)
}

/// Reads the first bytes of `path` (never through a link, never waiting on a pipe).
fn header_is_data_file(path: &Path) -> bool {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let mut header = [0_u8; 72];
    options
        .open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok_and(|()| header.starts_with(SQLITE_MAGIC) && header[68..72] == DATA_FILE_MAGIC)
}

/// Makes a file of this account that others may read or write readable by its owner only
/// (0600). The file is opened without following a link, so a link is never changed, nor
/// what it leads to. Returns whether it was tightened; a file that cannot be (a read-only
/// disk, another's file) is left as it is.
pub fn tighten(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        let mut options = OpenOptions::new();
        options
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        let Ok(file) = options.open(path) else {
            return false;
        };
        let Ok(meta) = file.metadata() else {
            return false;
        };
        if !meta.is_file() || meta.uid() != os::effective_uid() || meta.mode() & 0o077 == 0 {
            return false;
        }
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The file a path finally names: links at its end are followed (relative ones from the
/// link's own folder), also a link to a file that does not exist yet. The folders on the
/// way are left as named.
pub fn resolve_links(path: &Path) -> Result<PathBuf, FileError> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)
                    .map_err(|e| FileError::from_io("follow the link", &current, &e))?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(FileError::LinkLoop {
        path: path.to_owned(),
    })
}

/// Makes a rename in `dir` durable. Only some systems can, so a failure is no error.
pub fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn reasons_read_as_part_of_a_sentence() {
        let err = io::Error::from_raw_os_error(2);
        assert_eq!(reason(&err), "no such file or directory");
        assert_eq!(reason(&io::Error::other("Gone")), "gone");
    }

    #[test]
    fn a_failed_write_leaves_no_partial_file_and_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        let failed: Result<(), FileError> = write_whole(&target, |out| {
            out.write_all(b"half").unwrap();
            Err(FileError::DiskFull {
                path: target.clone(),
            })
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_owner_only_and_links_resolve_to_their_end() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        write_bytes(&target, b"new").unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let first = dir.path().join("first");
        let second = dir.path().join("second");
        std::os::unix::fs::symlink("second", &first).unwrap();
        std::os::unix::fs::symlink(&target, &second).unwrap();
        assert_eq!(resolve_links(&first).unwrap(), target);
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(matches!(
            resolve_links(&looped),
            Err(FileError::LinkLoop { .. })
        ));
    }
}
