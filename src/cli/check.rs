//! `check`: what is in a data file and whether Coachbook can use all of it, and the
//! sentence other commands print about rows they must leave out.

use super::DataFile;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::export::terminal::shown;
use crate::store::{self, Store};

pub(super) fn check_command(path: &DataFile, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let store = path.open_read_only()?;
    let report = store::check::run(store.conn())
        .with_context(|| format!("{} could not be checked", path.display()))?;
    writeln!(out, "Data file: {}", path.display())?;
    let sealed = if store.passphrase().is_some() {
        "encrypted (SQLCipher, AES-256)"
    } else {
        "not encrypted"
    };
    writeln!(out, "Encryption: {sealed}")?;
    writeln!(
        out,
        "Schema version: {} (this Coachbook reads up to {})",
        report.schema_version,
        store::LATEST_VERSION
    )?;
    if report.integrity_problems.is_empty() {
        writeln!(out, "Integrity: ok")?;
    } else {
        writeln!(
            out,
            "Integrity: {} problem(s)",
            report.integrity_problems.len()
        )?;
        for line in report.integrity_problems.iter().take(20) {
            writeln!(out, "  {}", shown(line))?;
        }
    }
    if report.foreign_key_problems.is_empty() {
        writeln!(out, "Foreign keys: ok")?;
    } else {
        writeln!(
            out,
            "Foreign keys: {} problem(s)",
            report.foreign_key_problems.len()
        )?;
        for line in report.foreign_key_problems.iter().take(20) {
            writeln!(out, "  {}", shown(line))?;
        }
    }
    if report.row_problem_count == 0 {
        writeln!(out, "Rules: ok")?;
    } else {
        writeln!(
            out,
            "Rules: {} row(s) break a rule Coachbook keeps",
            report.row_problem_count
        )?;
        for line in report.row_problems.iter().take(20) {
            writeln!(out, "  {}", shown(line))?;
        }
    }
    writeln!(out, "Rows:")?;
    for (table, count) in &report.row_counts {
        writeln!(out, "  {:<16} {count:>8}", shown(table))?;
    }
    if report.is_ok() {
        Ok(ExitCode::SUCCESS)
    } else if report.is_unborn() {
        writeln!(
            out,
            "Nothing is in this file yet: it is new, or Coachbook was stopped while first \
             creating it. Open it in Coachbook to finish creating it."
        )?;
        Ok(ExitCode::FAILURE)
    } else if report.integrity_problems.is_empty() && report.foreign_key_problems.is_empty() {
        writeln!(
            out,
            "The data file holds rows Coachbook cannot use. The window still opens it and leaves \
             a cadence it cannot read out of the calendar until a new cadence replaces it; for \
             other rows, restore a backup from before they came in."
        )?;
        Ok(ExitCode::FAILURE)
    } else {
        writeln!(out, "The data file has problems; restore it from a backup.")?;
        Ok(ExitCode::FAILURE)
    }
}

/// A sentence on stderr for each rep whose current cadence cannot be read: the schedule,
/// agenda and calendar file leave it out and go on for every other rep.
pub(super) fn note_unreadable_cadences(store: &Store) -> anyhow::Result<()> {
    let unreadable = store::cadences::list_all(store.conn())?.unreadable;
    if unreadable.iter().all(|c| !c.current) {
        return Ok(());
    }
    let reps = store::reps::list(store.conn())?;
    for cadence in unreadable.iter().filter(|c| c.current) {
        let name = reps.iter().find(|r| r.id == cadence.rep_id).map_or_else(
            || format!("rep {}", cadence.rep_id.0),
            |r| shown(&r.name).into_owned(),
        );
        eprintln!(
            "Left out the cadence of {name}, which cannot be read ({}). Set a new cadence for \
             {name} to repair it.",
            shown(&cadence.reason)
        );
    }
    Ok(())
}
