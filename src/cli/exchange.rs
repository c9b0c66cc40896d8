//! The data-exchange subcommands: the same exports and imports as the File menu.

use super::DataFile;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use crate::clock::SystemClock;
use crate::exchange::{archive, csv_export, roster_csv};
use crate::export::terminal::shown;
use crate::ops::{Command, Ops};

pub(super) fn export_csv(
    db: &DataFile,
    dir: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = db.open_read_only()?;
    let counts = csv_export::export_dir(&store, dir)?;
    writeln!(out, "Wrote {} to {}.", counts.describe(), dir.display())?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn export_json(
    db: &DataFile,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = db.open_read_only()?;
    let counts = archive::export_file(&store, file, Utc::now())?;
    writeln!(out, "Wrote {} to {}.", counts.describe(), file.display())?;
    Ok(ExitCode::SUCCESS)
}

/// The target may be new: it is created, then filled from the archive.
pub(super) fn import_json(
    db: &DataFile,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // Checked through first, so a bad archive is refused before a new data file is created
    // or a backup is taken; the import then reads it again, one row at a time.
    archive::check_file(file)?;
    let mut ops = Ops::new(db.open()?, Box::new(SystemClock));
    let counts = ops.import_archive(file)?;
    writeln!(out, "Imported {} into {}.", counts.describe(), db.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Prints every problem of every line; imports only a clean file, all in one transaction.
pub(super) fn import_roster(
    db: &DataFile,
    file: &Path,
    dry_run: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = db.open_existing()?;
    let check = roster_csv::check_file(store.conn(), file)?;
    for line in &check.lines {
        for problem in &line.problems {
            writeln!(
                out,
                "Line {}: {}",
                line.line.line,
                shown(&problem.to_string())
            )?;
        }
    }
    let drafts = check.drafts();
    let summary = check.summary();
    let empty = check.lines.is_empty();
    // The reps to add are all that is needed now; the lines as read go.
    drop(check);
    let Some(drafts) = drafts else {
        let verdict = if empty {
            summary
        } else {
            format!("{summary}. Nothing was imported.")
        };
        writeln!(out, "{verdict}")?;
        return Ok(ExitCode::FAILURE);
    };
    if dry_run {
        writeln!(out, "{summary} (dry run: nothing was written).")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut ops = Ops::new(store, Box::new(SystemClock));
    let done = ops.apply(Command::ImportRoster(drafts))?;
    writeln!(out, "{} into {}.", done.label, db.display())?;
    Ok(ExitCode::SUCCESS)
}
