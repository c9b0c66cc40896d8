//! `coachbook check`: SQLite's own integrity checks plus what the file holds.

use rusqlite::Connection;

use super::rows::{self, RowView};
use super::{APPLICATION_ID, LATEST_VERSION, StoreError, migrations};

#[derive(Debug)]
pub struct CheckReport {
    pub schema_version: i64,
    pub application_id: i64,
    /// Lines of `PRAGMA integrity_check` other than "ok".
    pub integrity_problems: Vec<String>,
    /// Rows of `PRAGMA foreign_key_check`, as "table row N refers to a missing parent".
    pub foreign_key_problems: Vec<String>,
    /// Rows that break a rule the app keeps (a cadence in an unknown time zone, a rating
    /// of 9), as "cadences row 2 (id 7): why"; the first [`MAX_LISTED`] of them.
    pub row_problems: Vec<String>,
    /// How many rows break a rule, listed or not.
    pub row_problem_count: usize,
    pub row_counts: Vec<(String, i64)>,
}

impl CheckReport {
    /// Nothing was ever written: an empty database, or one whose creation stopped before
    /// its first change was saved.
    pub fn is_unborn(&self) -> bool {
        self.application_id == 0
            && self.schema_version == 0
            && self.integrity_problems.is_empty()
            && self.row_counts.is_empty()
    }

    pub fn is_ok(&self) -> bool {
        self.integrity_problems.is_empty()
            && self.foreign_key_problems.is_empty()
            && self.row_problem_count == 0
            && self.application_id == APPLICATION_ID
            && self.schema_version <= LATEST_VERSION
    }
}

pub fn run(conn: &Connection) -> Result<CheckReport, StoreError> {
    let mut integrity_problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for line in stmt.query_map([], |row| row.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            integrity_problems.push(line);
        }
    }
    let foreign_key_problems = super::tables::broken_links(conn, usize::MAX)?;
    let (row_problems, row_problem_count) = rule_problems(conn)?;
    // Ordinary tables only: the search index's virtual and shadow tables are SQLite's own.
    let mut stmt = conn.prepare(
        "SELECT name FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let tables = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut row_counts = Vec::new();
    for table in tables {
        // Table names come from sqlite_schema, not from a user; quoting keeps odd names safe.
        let quoted = table.replace('"', "\"\"");
        let count: i64 =
            conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |row| {
                row.get(0)
            })?;
        row_counts.push((table, count));
    }
    Ok(CheckReport {
        schema_version: migrations::user_version(conn)?,
        application_id: conn.pragma_query_value(None, "application_id", |row| row.get(0))?,
        integrity_problems,
        foreign_key_problems,
        row_problems,
        row_problem_count,
        row_counts,
    })
}

/// The most row problems a report lists; a file of half a million bad rows is counted,
/// not copied into memory.
pub const MAX_LISTED: usize = 1000;

/// Every row of every table judged by the rules the app keeps for it.
fn rule_problems(conn: &Connection) -> Result<(Vec<String>, usize), StoreError> {
    let mut listed = Vec::new();
    let mut count = 0;
    for table in super::tables::user_tables(conn)? {
        let mut number = 0;
        super::tables::for_each_row(conn, &table, |values| {
            number += 1;
            let row = RowView::new(&table.columns, values);
            if let Err(fault) = rows::check_row(&table.name, &row) {
                count += 1;
                if listed.len() < MAX_LISTED {
                    let id = row
                        .opt_int("id")
                        .ok()
                        .flatten()
                        .map(|id| format!(" (id {id})"))
                        .unwrap_or_default();
                    listed.push(format!("{} row {number}{id}: {fault}", table.name));
                }
            }
            Ok::<(), StoreError>(())
        })?;
    }
    Ok((listed, count))
}
