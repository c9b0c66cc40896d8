//! Files that leave Coachbook for other programs.

pub mod charts;
pub mod ics;
pub mod report;

use std::path::Path;

use crate::domain::shared::SharedHistory;
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
}

/// Writes `history` to `path` as a report or a rep file, owner-only, whole or not at all.
pub fn write_shared(
    history: &SharedHistory,
    kind: ShareKind,
    path: &Path,
) -> Result<(), ShareError> {
    match kind {
        ShareKind::Report => {
            let html = report::render(history)?;
            Ok(files::write_bytes(path, html.as_bytes())?)
        }
        ShareKind::RepFile => Ok(crate::repfile::write(history, path)?),
    }
}
