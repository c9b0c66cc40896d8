//! The few calls to the operating system that the standard library does not offer. Each
//! has an answer on every system: where a call does not exist, the answer is the one that
//! changes nothing.

use std::fs::File;
use std::io;
use std::path::Path;

/// The account this process runs as; files of another account are never replaced.
#[cfg(unix)]
pub fn effective_uid() -> u32 {
    // SAFETY: geteuid takes no arguments, cannot fail and touches no memory of ours.
    unsafe { libc::geteuid() }
}

/// Whether this process may create files in `dir`: `Ok` if so, else why not (a read-only
/// disk, or no permission).
#[cfg(unix)]
pub fn write_access(dir: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(dir.as_os_str().as_bytes())?;
    // SAFETY: `name` is a NUL-terminated string that lives until after the call, which
    // only reads it.
    if unsafe { libc::access(name.as_ptr(), libc::W_OK) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
pub fn write_access(dir: &Path) -> io::Result<()> {
    if std::fs::metadata(dir)?.permissions().readonly() {
        Err(io::ErrorKind::PermissionDenied.into())
    } else {
        Ok(())
    }
}

/// How many bytes this process may still write on the disk holding `dir`, or `None` when
/// the system does not say.
#[cfg(unix)]
pub fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: an all-zero statvfs is a valid value of this plain C struct.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is NUL-terminated and `stat` is ours to fill; both outlive the call.
    if unsafe { libc::statvfs(name.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    // The fields are 32 bits wide on some systems and 64 on others.
    #[allow(clippy::useless_conversion)]
    let (blocks, block_size) = (
        u64::try_from(stat.f_bavail).ok()?,
        u64::try_from(stat.f_frsize).ok()?,
    );
    Some(blocks.saturating_mul(block_size))
}

#[cfg(not(unix))]
pub fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

/// Where on the data file its one writer holds its lock: one byte SQLite never locks
/// (its own locks sit in the 512 bytes from 1 GiB on), so the two never meet.
#[cfg(target_os = "linux")]
const INODE_LOCK_OFFSET: libc::off_t = 0x4000_0400;

/// Takes an exclusive lock on the file itself (its inode), whatever name it was opened
/// by, so a hard link to a file another Coachbook writes is refused like the file. The
/// lock belongs to this open file and goes when it is closed (or the process ends), and
/// closing another handle to the same file does not drop it. `Ok(false)`: another holds it.
#[cfg(target_os = "linux")]
pub fn try_lock_inode(file: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: an all-zero flock is a valid value of this plain C struct.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = INODE_LOCK_OFFSET;
    lock.l_len = 1;
    // SAFETY: the descriptor is open for as long as `file` lives, and fcntl only reads
    // `lock`, which lives until after the call.
    let done = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &lock) };
    if done == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EAGAIN | libc::EACCES) => Ok(false),
        // A kernel or file system without such locks: the lock beside the file still
        // keeps a second writer out of every path but a hard link.
        Some(libc::EINVAL | libc::ENOLCK | libc::EOPNOTSUPP) => Ok(true),
        _ => Err(err),
    }
}

/// Elsewhere only the lock beside the file keeps a second writer out.
#[cfg(not(target_os = "linux"))]
pub fn try_lock_inode(_file: &File) -> io::Result<bool> {
    Ok(true)
}
