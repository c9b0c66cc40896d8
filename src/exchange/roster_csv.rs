//! A roster from a spreadsheet: a CSV file with a header line naming the columns name,
//! role, email and start date, in any order and any case (`Start_Date` is fine), email and
//! start date optional. Reading the file is here; checking the lines is the domain's.

use std::path::Path;

use rusqlite::Connection;
use thiserror::Error;

use super::{ExchangeError, files, spreadsheet};
use crate::domain::rep::RosterRules;
use crate::domain::roster_import::{self, RosterCheck, RosterLine};
use crate::domain::text::{Lines, clean};
use crate::store;

/// Why a file cannot be read as a roster at all (as opposed to a line's problem).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RosterFileError {
    #[error(
        "The file is empty. A roster file starts with a header line such as: name, role, email, start date."
    )]
    Empty,
    #[error(
        "The header has no \"{0}\" column. A roster file starts with a header line such as: name, role, email, start date."
    )]
    MissingColumn(&'static str),
    #[error(
        "The header names a column \"{0}\", which Coachbook does not know; the columns are name, role, email and start date."
    )]
    UnknownColumn(String),
    #[error("The header names the column \"{0}\" twice.")]
    RepeatedColumn(&'static str),
    #[error(
        "Line {0} is not plain text (it is not UTF-8). Save the file as \"CSV UTF-8\" and choose it again."
    )]
    NotText(u64),
    #[error("Line {line} cannot be read: {detail}")]
    Unreadable { line: u64, detail: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    Role,
    Email,
    StartDate,
}

impl Field {
    fn title(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Role => "role",
            Field::Email => "email",
            Field::StartDate => "start date",
        }
    }

    /// The column a header cell names: spacing, case, `_` and `-` do not matter.
    fn from_header(cell: &str) -> Option<Field> {
        let words = cell
            .to_lowercase()
            .replace(['_', '-'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match words.as_str() {
            "name" | "full name" => Some(Field::Name),
            "role" => Some(Field::Role),
            "email" | "e mail" | "email address" => Some(Field::Email),
            "start date" | "startdate" => Some(Field::StartDate),
            _ => None,
        }
    }
}

/// Reads the lines of a roster file; a file without a usable header is refused whole.
pub fn parse(bytes: &[u8]) -> Result<Vec<RosterLine>, RosterFileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => return Err(RosterFileError::Empty),
        Some(record) => text_fields(&record.map_err(unreadable)?)?,
    };
    let columns = header_columns(&header)?;
    let mut lines = Vec::new();
    for record in records {
        let record = record.map_err(unreadable)?;
        let fields = text_fields(&record)?;
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut line = RosterLine {
            line: line_of(&record),
            ..RosterLine::default()
        };
        for (index, value) in fields.into_iter().enumerate() {
            match columns.get(index).copied().flatten() {
                Some(Field::Name) => line.name = value,
                Some(Field::Role) => line.role = value,
                Some(Field::Email) => line.email = value,
                Some(Field::StartDate) => line.start_date = value,
                None if value.trim().is_empty() => {}
                None => line.extra_fields += 1,
            }
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Which field each column holds; `None` for a column with an empty header cell.
fn header_columns(header: &[String]) -> Result<Vec<Option<Field>>, RosterFileError> {
    let mut columns = Vec::new();
    for cell in header {
        if cell.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let field = Field::from_header(cell).ok_or_else(|| {
            RosterFileError::UnknownColumn(cell.trim().chars().take(40).collect())
        })?;
        if columns.contains(&Some(field)) {
            return Err(RosterFileError::RepeatedColumn(field.title()));
        }
        columns.push(Some(field));
    }
    for needed in [Field::Name, Field::Role] {
        if !columns.contains(&Some(needed)) {
            return Err(RosterFileError::MissingColumn(needed.title()));
        }
    }
    Ok(columns)
}

fn line_of(record: &csv::ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

/// The fields as text: without the quote an export puts before a formula-like cell, and
/// cleaned by the one rule, every field being one line.
fn text_fields(record: &csv::ByteRecord) -> Result<Vec<String>, RosterFileError> {
    record
        .iter()
        .map(|field| {
            std::str::from_utf8(field)
                .map(|text| clean(spreadsheet::unguarded(text), Lines::One))
                .map_err(|_| RosterFileError::NotText(line_of(record)))
        })
        .collect()
}

fn unreadable(err: csv::Error) -> RosterFileError {
    RosterFileError::Unreadable {
        line: err.position().map_or(0, csv::Position::line),
        detail: err.to_string(),
    }
}

/// Reads and checks the roster file at `path` against the roster of the file behind `conn`.
pub fn check_file(conn: &Connection, path: &Path) -> Result<RosterCheck, ExchangeError> {
    check_bytes(conn, &files::read(path)?)
}

/// Checks a roster file's bytes against the roster of the file behind `conn`.
pub fn check_bytes(conn: &Connection, bytes: &[u8]) -> Result<RosterCheck, ExchangeError> {
    let lines = parse(bytes)?;
    let roles = store::framework::roles(conn)?;
    let active = store::reps::active_names(conn)?;
    Ok(roster_import::check(
        lines,
        &RosterRules {
            roles: &roles,
            active: &active,
        },
    ))
}
