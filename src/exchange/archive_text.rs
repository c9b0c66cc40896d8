//! The archive's text cleaned as it enters, by the same rule as the window: each text
//! column is one line or many as the field it stores (see `domain::text_fields`), so an
//! archive cannot bring in what the window would have kept out.

use rusqlite::types::Value;

use crate::domain::text;
pub use crate::store::text_columns::{column_lines, first_unclean_cell};

/// The cell as it may be stored: text cleaned by its column's rule, other values as they are.
pub fn cleaned_cell(table: &str, column: &str, value: &Value) -> Value {
    match value {
        Value::Text(t) => Value::Text(text::clean(t, column_lines(table, column))),
        other => other.clone(),
    }
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
