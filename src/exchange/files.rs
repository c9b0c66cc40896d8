//! The exchange's side of [`crate::files`]: exports written whole, owner-only, never
//! through a link; inputs read with a sentence naming them.

use std::fs::{self, File};
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

/// Writes `path` through `write` into a partial file beside it, renamed into place only
/// once complete, so a failed export never leaves a truncated archive under the real name.
pub(super) fn write_whole<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    crate::files::write_whole(path, write)
}

/// Reads a whole input file, with a sentence naming it when that fails.
pub(super) fn read(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    fs::read(path).map_err(io("read", path))
}

/// The error of a failed write to `path`.
pub(super) fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExchangeError {
    let path = path.to_owned();
    move |source| crate::files::FileError::from_io("write", &path, &source).into()
}
