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

/// Opens an input file to read, with its size, so a caller can refuse a file too large
/// before reading a byte of it.
pub(super) fn open_input(path: &Path) -> Result<(File, u64), ExchangeError> {
    let file = File::open(path).map_err(io("read", path))?;
    let bytes = file.metadata().map_err(io("read", path))?.len();
    Ok((file, bytes))
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
