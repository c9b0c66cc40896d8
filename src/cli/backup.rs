//! `coachbook backup` and `coachbook restore`: the same backups as the window makes, for
//! scripts and for a manager whose window will not open.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;

use crate::domain::backup_policy::BackupKind;
use crate::store::backup::{self, BackupError};

/// Makes a checked backup now, rotates older ones out, and says where it went.
pub(super) fn backup(db: &Path, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let store = super::open_existing(db)?;
    let made = backup::create(store.conn(), db, BackupKind::Manual, Utc::now())?;
    let size_bytes = std::fs::metadata(&made.path).map_or(0, |m| m.len());
    writeln!(
        out,
        "Backed up {} to {} ({size_bytes} bytes, checked) in {:.2} s.",
        db.display(),
        made.path.display(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Restores `from` (or the newest backup) in place of the data file, keeping the file as it
/// was beside it. The data file need not exist: a lost file is brought back this way.
pub(super) fn restore(
    db: &Path,
    from: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let chosen = match from {
        Some(path) => path,
        None => backup::list(db)?
            .pop()
            .map(|newest| newest.path)
            .ok_or_else(|| BackupError::NoBackups {
                data: db.to_owned(),
                folder: backup::folder(db),
            })?,
    };
    let restored = backup::restore_closed_file(db, &chosen, Utc::now())?;
    writeln!(out, "Restored {} to {}.", chosen.display(), db.display())?;
    if let Some(kept) = restored.before_restore {
        writeln!(out, "The file as it was is kept as {}.", kept.display())?;
    }
    if let Some(safety) = restored.safety_backup {
        writeln!(out, "It is also backed up as {}.", safety.path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}
