//! Which text columns keep line breaks, as the window's fields do (see
//! `domain::text_fields`): the rule a stored text cell is held to, whatever door it came
//! through, and what `check` finds in a file written before the rule.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::StoreError;
use super::tables;
use crate::domain::text::{self, Lines};

/// The columns that hold multi-line text; every other text column is one line (names,
/// codes, dates and settings included, which never hold a line break when valid).
const MANY_LINES: &[(&str, &str)] = &[
    ("commitment_reflections", "text"),
    ("observations", "evidence"),
    ("session_notes", "private_text"),
    ("session_notes", "shared_text"),
    ("sessions", "agenda"),
    ("sessions", "summary"),
    ("skills", "rubric_1"),
    ("skills", "rubric_3"),
    ("skills", "rubric_5"),
];

/// Whether the column keeps line breaks and tabs.
pub fn column_lines(table: &str, column: &str) -> Lines {
    if MANY_LINES.contains(&(table, column)) {
        Lines::Many
    } else {
        Lines::One
    }
}

/// The first text cell of the file, as (table, column), that the one rule would change:
/// how the tests and fuzz targets prove that no door let a control character in.
pub fn first_unclean_cell(conn: &Connection) -> Result<Option<(String, String)>, StoreError> {
    for table in tables::user_tables(conn)? {
        let mut found = None;
        tables::for_each_row(conn, &table, |values| {
            for (value, column) in values.iter().zip(&table.columns) {
                let lines = column_lines(&table.name, &column.name);
                if let Value::Text(t) = value
                    && found.is_none()
                    && !text::is_clean(t, lines)
                {
                    found = Some((table.name.clone(), column.name.clone()));
                }
            }
            Ok::<(), StoreError>(())
        })?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}
