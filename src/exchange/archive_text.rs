//! The archive's text cleaned as it enters, by the same rule as the window: each text
//! column is one line or many as the field it stores (see `domain::text_fields`), so an
//! archive cannot bring in what the window would have kept out.

use rusqlite::Connection;
use rusqlite::types::Value;

use crate::domain::text::{self, Lines};
use crate::store::StoreError;
use crate::store::tables;

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

/// The cell as it may be stored: text cleaned by its column's rule, other values as they are.
pub fn cleaned_cell(table: &str, column: &str, value: &Value) -> Value {
    match value {
        Value::Text(t) => Value::Text(text::clean(t, column_lines(table, column))),
        other => other.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_multi_line_columns_keep_line_breaks() {
        let hostile = Value::Text("Dana\u{1b}]0;owned\u{7}\r\nLee\u{0}".into());
        assert_eq!(
            cleaned_cell("reps", "name", &hostile),
            Value::Text("Dana]0;owned Lee".into())
        );
        assert_eq!(
            cleaned_cell("observations", "evidence", &hostile),
            Value::Text("Dana]0;owned\nLee".into())
        );
        assert_eq!(
            cleaned_cell("reps", "id", &Value::Integer(7)),
            Value::Integer(7)
        );
    }
}
