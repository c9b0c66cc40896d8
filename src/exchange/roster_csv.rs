//! A roster from a spreadsheet: a CSV file with a header line naming the columns name,
//! role, email and start date, in any order and any case (`Start_Date` is fine), email and
//! start date optional. Reading the file is here; checking the lines is the domain's.
//!
//! The file is read as a stream within two limits, [`MAX_BYTES`] and [`MAX_REPS`], so a
//! roster of any size costs memory in proportion to the reps it lists, never more.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use rusqlite::Connection;
use thiserror::Error;

use super::guard::{Guarded, Tripped};
use super::{ExchangeError, files, spreadsheet};
use crate::domain::error::excerpt;
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
    #[error(
        "The file lists more than {max} reps, more than one roster import takes. Split it into smaller files."
    )]
    TooManyReps { max: usize },
}

/// The largest roster file Coachbook reads: 16 MiB. A roster of 100,000 reps with their
/// roles, addresses and start dates takes about 6 MB.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The most reps one roster file may list (blank lines do not count): checked and
/// imported, 100,000 reps take about 120 MB, inside the 200 MB any import may use.
pub const MAX_REPS: usize = 100_000;

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
    parse_from(bytes)
}

/// Reads the lines of a roster as they stream in, dropping the byte order mark a
/// spreadsheet may put first.
fn parse_from(input: impl Read) -> Result<Vec<RosterLine>, RosterFileError> {
    let mut input = BufReader::new(input);
    let starts_with_mark = input
        .fill_buf()
        .map_err(|e| RosterFileError::Unreadable {
            line: 1,
            detail: e.to_string(),
        })?
        .starts_with(b"\xEF\xBB\xBF");
    if starts_with_mark {
        input.consume(3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
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
        if lines.len() == MAX_REPS {
            return Err(RosterFileError::TooManyReps { max: MAX_REPS });
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
        let field = Field::from_header(cell)
            .ok_or_else(|| RosterFileError::UnknownColumn(excerpt(cell)))?;
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

/// Reads and checks the roster file at `path` against the roster of the file behind
/// `conn`. A file over [`MAX_BYTES`] is refused from its size, before it is read.
pub fn check_file(conn: &Connection, path: &Path) -> Result<RosterCheck, ExchangeError> {
    check_input(conn, LIMIT.open(path)?, path)
}

/// Checks a roster file's bytes against the roster of the file behind `conn`.
pub fn check_bytes(conn: &Connection, bytes: &[u8]) -> Result<RosterCheck, ExchangeError> {
    check_input(conn, bytes, Path::new("The roster"))
}

/// Rosters are read up to [`MAX_BYTES`].
const LIMIT: files::InputLimit = files::InputLimit {
    what: "roster files",
    max_bytes: MAX_BYTES,
};

fn check_input(
    conn: &Connection,
    input: impl Read,
    path: &Path,
) -> Result<RosterCheck, ExchangeError> {
    let mut guarded = Guarded::new(input, MAX_BYTES, usize::MAX);
    let parsed = parse_from(&mut guarded);
    if guarded.tripped == Some(Tripped::TooLarge) {
        return Err(LIMIT.too_large(path, MAX_BYTES + 1));
    }
    let lines = parsed?;
    let roles = store::framework::roles(conn)?;
    let active = store::reps::active_names(conn)?;
    Ok(roster_import::check(
        lines,
        &RosterRules::new(&roles, &active),
    ))
}
