//! Files an export writes: readable by their owner only, since they hold coaching notes,
//! and never left half written where the manager expects a whole one.

use std::fs::{self, File, OpenOptions};
use std::io::BufWriter;
use std::path::Path;

use super::ExchangeError;

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ExchangeError {
    let path = path.to_owned();
    move |source| ExchangeError::Io {
        action,
        path,
        source,
    }
}

/// Creates `dir` (owner only, 0700) when it does not exist yet.
pub(super) fn private_dir(dir: &Path) -> Result<(), ExchangeError> {
    crate::store::create_private_dir(dir).map_err(io("create the folder", dir))
}

/// Opens `path` for writing from scratch, owner only (0600), also when it already existed
/// with wider permissions.
pub(super) fn private_file(path: &Path) -> Result<File, ExchangeError> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(io("create", path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io("protect", path))?;
    }
    Ok(file)
}

/// Writes `path` through `write` into a temporary file beside it, renamed into place only
/// once complete, so a failed export never leaves a truncated archive under the real name.
pub(super) fn write_whole<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, ExchangeError>,
) -> Result<T, ExchangeError> {
    crate::export::write_whole(path, write, |source| ExchangeError::Io {
        action: "write",
        path: path.to_owned(),
        source,
    })
}

/// The error of a failed write to `path`.
pub(super) fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExchangeError {
    io("write", path)
}
