//! Data that leaves or enters Coachbook as whole files: every table as CSV, the whole file
//! as one JSON archive (and back), and a roster from a spreadsheet.
//!
//! The window and the command line call the same functions, so both refuse the same
//! inputs with the same sentences.

pub mod archive;
mod archive_links;
mod archive_read;
mod archive_rows;
pub mod archive_text;
pub mod busy_ics;
pub mod csv_export;
mod files;
pub mod framework_file;
mod guard;
pub mod roster_csv;
pub mod spreadsheet;

use std::path::PathBuf;

use thiserror::Error;

use crate::store::StoreError;

/// What went wrong with an export or import, in words a manager can act on. Every import
/// error means nothing was written.
#[derive(Debug, Error)]
pub enum ExchangeError {
    #[error("Coachbook could not {action} {}: {reason}.", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        reason: String,
    },
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    #[error("{} is not a calendar file Coachbook can read: {detail}. Export your calendar as .ics from Outlook, Google or Apple Calendar and choose that file. Nothing was imported.", path.display())]
    NotACalendar { path: PathBuf, detail: String },
    #[error("{} is not a framework file Coachbook can use: {detail} Nothing was published.", path.display())]
    NotAFramework { path: PathBuf, detail: String },
    #[error("{} is not a readable Coachbook archive ({detail}). Nothing was imported.", path.display())]
    NotReadable { path: PathBuf, detail: String },
    #[error("{} is not a Coachbook archive (its format is \"{found}\"). Nothing was imported.", path.display())]
    WrongFormat { path: PathBuf, found: String },
    #[error("{} was written by a newer Coachbook (data format {found}; this version reads up to {known}). Update Coachbook to import it. Nothing was imported.", path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{} was written by an older Coachbook (data format {found}); this version imports archives of format {known} only. Open the old file in this Coachbook, which upgrades it, and export it again. Nothing was imported.", path.display())]
    TooOld {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "The archive holds a table \"{0}\" that Coachbook does not have, so it was not written by Coachbook. Nothing was imported."
    )]
    UnknownTable(String),
    #[error("The archive lacks the table \"{0}\"; it is incomplete. Nothing was imported.")]
    MissingTable(String),
    #[error(
        "The archive's table \"{table}\" has the columns {found}; Coachbook's has {expected}. Nothing was imported."
    )]
    ColumnsDiffer {
        table: String,
        found: String,
        expected: String,
    },
    #[error(
        "Row {row} of the table \"{table}\" in the archive has {found} values for {expected} columns. Nothing was imported."
    )]
    RowWidth {
        table: String,
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error(
        "Row {row} of the table \"{table}\" in the archive holds {found} in the column \"{column}\", which takes {expected}. Nothing was imported."
    )]
    WrongType {
        table: String,
        row: usize,
        column: String,
        found: &'static str,
        expected: &'static str,
    },
    #[error(
        "Row {row} of the table \"{table}\" in the archive cannot be kept: {detail}. Nothing was imported."
    )]
    BreaksRule {
        table: String,
        row: usize,
        detail: String,
    },
    #[error("The archive's rows do not fit together: {0}. Nothing was imported.")]
    BrokenLinks(String),
    #[error("{} is {size_mb} MB; Coachbook reads {what} of up to {max_mb} MB, so it did not read it. Nothing was imported.", path.display())]
    TooLarge {
        path: PathBuf,
        what: &'static str,
        size_mb: u64,
        max_mb: u64,
    },
    #[error("{} holds a text or a number longer than {max_kb} KB, more than any field Coachbook keeps. Nothing was imported.", path.display())]
    TextTooLong { path: PathBuf, max_kb: usize },
    #[error("{} already holds coaching data ({rows} rows of reps, cadences, sessions, observations and commitments). An archive is imported only into a new or empty file: open one with coachbook --db new.db. Nothing was imported.", path.display())]
    NotEmpty { path: PathBuf, rows: i64 },
    #[error(
        "The column \"{column}\" of the table \"{table}\" holds {what}, which an export cannot carry."
    )]
    Unexportable {
        table: String,
        column: String,
        what: &'static str,
    },
    #[error("Coachbook could not write the CSV file {}: {detail}.", path.display())]
    Csv { path: PathBuf, detail: String },
    #[error(transparent)]
    Roster(#[from] roster_csv::RosterFileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ExchangeError {
    fn from(err: rusqlite::Error) -> Self {
        ExchangeError::Store(err.into())
    }
}

/// How many rows each table had, for the one-line summaries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableCounts(pub Vec<(String, u64)>);

impl TableCounts {
    pub fn rows(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }

    pub fn of(&self, table: &str) -> u64 {
        self.0
            .iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, n)| *n)
    }

    /// "18 tables, 4321 rows (8 reps, 2140 observations)".
    pub fn describe(&self) -> String {
        format!(
            "{} tables, {} rows ({} reps, {} observations)",
            self.0.len(),
            self.rows(),
            self.of("reps"),
            self.of("observations")
        )
    }
}
