//! Files that leave Coachbook for other programs.

pub mod charts;
pub mod ics;
pub mod report;
pub mod terminal;

use std::path::Path;

use crate::domain::rep_file::history::SharedHistory;
use crate::files::{self, FileError};

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
    #[error(transparent)]
    File(#[from] FileError),
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
/// rep file needs a share token from the data file: see `ops::share_with_rep`.)
pub fn write_report(history: &SharedHistory, path: &Path) -> Result<(), ShareError> {
    let html = report::render(history)?;
    Ok(files::write_bytes(path, html.as_bytes())?)
}
