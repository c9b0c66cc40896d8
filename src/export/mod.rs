//! Files that leave Coachbook for other programs.

pub mod charts;
pub mod ics;
pub mod report;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::domain::shared::SharedHistory;

/// What goes to a rep: a report to read, or a rep file to answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareKind {
    Report,
    RepFile,
}

impl ShareKind {
    pub fn noun(self) -> &'static str {
        match self {
            ShareKind::Report => "feedback report",
            ShareKind::RepFile => "rep file",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    #[error("{} could not be written: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    RepFile(#[from] crate::repfile::RepFileError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(
        "The operating system gave Coachbook no random number for the rep file's share token ({0}), so nothing was shared. Try again."
    )]
    NoRandomness(String),
}

/// Writes `history` to `path` as a feedback report, owner-only, whole or not at all. (A
/// rep file needs a share token from the data file: see `app::share_with_rep`.)
pub fn write_report(history: &SharedHistory, path: &Path) -> Result<(), ShareError> {
    let html = report::render(history)?;
    write_private(path, html.as_bytes()).map_err(|source| ShareError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Where a file is built before it replaces `path`: beside it, so the final rename stays
/// on one file system and is atomic.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

/// Creates an empty file readable by its owner only (0600), refusing to reuse one.
pub fn create_private_file(path: &Path) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Flushes a finished `partial` file to disk and moves it over `path` in one step, so a
/// reader never sees half a file.
pub fn finish_private_file(partial: &Path, path: &Path) -> io::Result<()> {
    fs::File::open(partial)?.sync_all()?;
    fs::rename(partial, path)
}

/// Writes `path` through `write` into a private partial file beside it, flushed and
/// renamed into place only once complete, so a failed write never leaves half a file
/// under the real name. `io_error` words a failure of the file itself.
pub fn write_whole<T, E>(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<fs::File>) -> Result<T, E>,
    io_error: impl Fn(io::Error) -> E,
) -> Result<T, E> {
    let partial = partial_path(path);
    let result = (|| {
        create_private_file(&partial).map_err(&io_error)?;
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&partial)
            .map_err(&io_error)?;
        let mut out = io::BufWriter::new(file);
        let value = write(&mut out)?;
        out.into_inner()
            .map_err(|e| io_error(e.into_error()))?
            .sync_all()
            .map_err(&io_error)?;
        fs::rename(&partial, path).map_err(&io_error)?;
        Ok(value)
    })();
    if result.is_err() {
        // The partial file is ours and of no use; failing to remove it changes nothing.
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Writes `bytes` to `path` through a private partial file and one rename.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_whole(path, |out| io::Write::write_all(out, bytes), |e| e)
}
