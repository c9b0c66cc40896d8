//! `coachbook backup` and `coachbook restore`: the same backups as the window makes, for
//! scripts and for a manager whose window will not open.

use super::DataFile;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;

use crate::domain::backup_policy::BackupKind;
use crate::store::backup::{self, BackupError};

/// Makes a checked backup now, rotates older ones out, and says where it went.
pub(super) fn backup(db: &DataFile, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let store = db.open_existing()?;
    let made = backup::create(
        store.conn(),
        db,
        store.passphrase(),
        BackupKind::Manual,
        Utc::now(),
    )?;
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

/// Restores `from` (or the newest backup that passes its check) in place of the data
/// file, keeping the file as it was beside it. The data file need not exist: a lost file
/// is brought back this way. Through a link, the file the link leads to is restored.
pub(super) fn restore(
    db: &DataFile,
    from: Option<PathBuf>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let chosen = match from {
        Some(path) => path,
        None => newest_sound(db, out)?,
    };
    // A lost encrypted file is brought back from its backup: the backup says it needs one.
    let key = db.passphrase_for(&chosen)?;
    let restored = backup::restore_closed_file(db, &chosen, Utc::now(), key.as_ref())?;
    writeln!(out, "Restored {} to {}.", chosen.display(), db.display())?;
    if let Some(kept) = restored.before_restore {
        writeln!(out, "The file as it was is kept as {}.", kept.display())?;
    }
    if let Some(safety) = restored.safety_backup {
        writeln!(out, "It is also backed up as {}.", safety.path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The newest backup of `db` that passes its check; each newer one that fails is named.
fn newest_sound(db: &DataFile, out: &mut dyn Write) -> anyhow::Result<PathBuf> {
    let key = db.passphrase()?;
    let db = crate::files::resolve_links(db)?;
    let backups = backup::list(&db)?;
    if backups.is_empty() {
        return Err(BackupError::NoBackups {
            folder: backup::folder(&db),
            data: db,
        }
        .into());
    }
    for candidate in backups.iter().rev() {
        match backup::verify(&candidate.path, key.as_ref()) {
            Ok(()) => return Ok(candidate.path.clone()),
            Err(err) => {
                let why = match err {
                    BackupError::Damaged { detail, .. } => detail,
                    BackupError::NotCoachbook { .. } => "it is not a Coachbook data file".into(),
                    other => other.to_string(),
                };
                let name = candidate.path.display();
                writeln!(out, "Skipped {name}, which failed its check ({why}).")?;
            }
        }
    }
    Err(BackupError::NoneSound {
        data: db,
        count: backups.len(),
    }
    .into())
}
