//! The exchange's side of [`crate::files`]: exports written whole, owner-only, never
//! through a link; inputs read with a sentence naming them.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use super::ExchangeError;

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ExchangeError {
    let path = path.to_owned();
    move |source| ExchangeError::Io {
        action,
        path,
        reason: crate::files::reason(&source),
    }
}

/// A kind of file Coachbook reads in, and the largest it reads: a larger one is refused
/// from its size, before a byte of it is read, and a stream found larger as it is read.
pub(super) struct InputLimit {
    pub what: &'static str,
    pub max_bytes: u64,
}

impl InputLimit {
    /// Opens `path` to read, refused from its size alone when over the limit. Only a plain
    /// file (or a link to one) is opened: opening a named pipe waits for a writer that may
    /// never come.
    pub fn open(&self, path: &Path) -> Result<File, ExchangeError> {
        let kind = std::fs::metadata(path).map_err(io("read", path))?;
        if !kind.is_file() && !kind.is_dir() {
            return Err(ExchangeError::Io {
                action: "read",
                path: path.to_owned(),
                reason: "it is not a plain file".to_owned(),
            });
        }
        let file = File::open(path).map_err(io("read", path))?;
        let bytes = file.metadata().map_err(io("read", path))?.len();
        if bytes > self.max_bytes {
            return Err(self.too_large(path, bytes));
        }
        Ok(file)
    }

    /// Reads all of `path`, refused when over the limit (from its size, or as read: a
    /// file that grows while it is read).
    pub fn read_all(&self, path: &Path) -> Result<Vec<u8>, ExchangeError> {
        use std::io::Read;
        let file = self.open(path)?;
        let mut bytes = Vec::new();
        file.take(self.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(io("read", path))?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(self.too_large(path, bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// The refusal of `path`, `bytes` long.
    pub fn too_large(&self, path: &Path, bytes: u64) -> ExchangeError {
        ExchangeError::TooLarge {
            path: path.to_owned(),
            what: self.what,
            size_mb: bytes.div_ceil(1024 * 1024),
            max_mb: self.max_bytes / (1024 * 1024),
        }
    }
}

/// Writes `path` through `write` into a partial file beside it, renamed into place only
/// once complete, so a failed export never leaves a truncated archive under the real name.
pub(super) fn write_whole<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    crate::files::write_whole(path, write)
}

/// The error of a failed write to `path`.
pub(super) fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExchangeError {
    let path = path.to_owned();
    move |source| crate::files::FileError::from_io("write", &path, &source).into()
}
