//! What becomes of each row of an archive as it is read: checked against its table's
//! columns and against every rule the app keeps for such a row, its text cleaned as every
//! door cleans it, compared with the rows before it where a rule spans rows, and written
//! when the archive is being imported. One row is held at a time.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use rusqlite::types::Value;

use super::ExchangeError;
use super::archive_links::Links;
use super::archive_text;
use crate::domain::ValidationError;
use crate::domain::error::excerpt;
use crate::domain::rep::{RepId, RosterRules};
use crate::domain::text::{Lines, clean};
use crate::store::rows::{self, RowView};
use crate::store::tables::{self, ColumnKind, Inserter, Table};

/// The keys seen so far in one table, each with the row that had it first.
#[derive(Default)]
struct Keys {
    ids: HashMap<i64, usize>,
    others: HashMap<String, usize>,
}

impl Keys {
    /// The earlier row with the same key, or `None` after noting this one.
    fn first_with(&mut self, key: &[&Value], row: usize) -> Option<usize> {
        if key.is_empty() || key.iter().any(|v| **v == Value::Null) {
            // SQLite gives a row without an id the next one.
            return None;
        }
        match key {
            [Value::Integer(id)] => first_or_note(&mut self.ids, *id, row),
            _ => first_or_note(&mut self.others, format!("{key:?}"), row),
        }
    }
}

fn first_or_note<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, usize>,
    key: K,
    row: usize,
) -> Option<usize> {
    match seen.entry(key) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(slot) => {
            slot.insert(row);
            None
        }
    }
}

/// One table of the archive while its rows are read.
pub(super) struct TableLoad<'c> {
    pub(super) table: Table,
    /// For each column of the archive, its place among the table's columns.
    pub(super) chosen: Vec<usize>,
    inserter: Option<Inserter<'c>>,
    keys: Keys,
    pub(super) rows: usize,
    /// The row's values in the table's column order, reused from row to row.
    values: Vec<Value>,
    lines: Vec<Lines>,
}

/// The rules that span rows, beyond a table's key: the active reps' names, which the
/// window keeps apart with the same rule, each rep's one current cadence, and the rows
/// that name other rows.
pub(super) struct Across {
    names: RosterRules<'static>,
    current_cadences: HashSet<i64>,
    pub(super) links: Links,
}

impl Across {
    pub(super) fn new(schema: &[Table]) -> Across {
        Across {
            names: RosterRules::new(&[], &[]),
            current_cadences: HashSet::new(),
            links: Links::new(schema),
        }
    }
}

impl<'c> TableLoad<'c> {
    pub(super) fn new(
        table: Table,
        chosen: Vec<usize>,
        conn: Option<&'c Connection>,
    ) -> Result<TableLoad<'c>, ExchangeError> {
        let all: Vec<usize> = (0..table.columns.len()).collect();
        let inserter = conn
            .map(|conn| tables::inserter(conn, &table, &all))
            .transpose()?;
        let lines = table
            .columns
            .iter()
            .map(|c| archive_text::column_lines(&table.name, &c.name))
            .collect();
        Ok(TableLoad {
            values: vec![Value::Null; table.columns.len()],
            table,
            chosen,
            inserter,
            keys: Keys::default(),
            rows: 0,
            lines,
        })
    }

    fn fault(&self, detail: impl Into<String>) -> ExchangeError {
        ExchangeError::BreaksRule {
            table: self.table.name.clone(),
            row: self.rows,
            detail: detail.into(),
        }
    }

    /// Takes the next row of the archive, as its cells came.
    pub(super) fn row(
        &mut self,
        cells: &mut Vec<Value>,
        across: &mut Across,
    ) -> Result<(), ExchangeError> {
        self.rows += 1;
        if cells.len() != self.chosen.len() {
            return Err(ExchangeError::RowWidth {
                table: self.table.name.clone(),
                row: self.rows,
                found: cells.len(),
                expected: self.chosen.len(),
            });
        }
        for (cell, &at) in cells.drain(..).zip(&self.chosen) {
            let column = &self.table.columns[at];
            if let Some((found, expected)) = misfit(column.kind, &cell) {
                return Err(ExchangeError::WrongType {
                    table: self.table.name.clone(),
                    row: self.rows,
                    column: column.name.clone(),
                    found,
                    expected,
                });
            }
            self.values[at] = match cell {
                Value::Text(text) => Value::Text(clean(&text, self.lines[at])),
                other => other,
            };
        }
        let view = RowView::new(&self.table.columns, &self.values);
        rows::check_row(&self.table.name, &view).map_err(|fault| self.fault(fault))?;
        self.check_key()?;
        self.check_across(across)?;
        across.links.row(&self.table, self.rows, &self.values);
        if let Some(inserter) = self.inserter.as_mut() {
            inserter
                .insert(&self.values)
                .map_err(|err| refusal(err, &self.table.name, self.rows))?;
        }
        Ok(())
    }

    fn check_key(&mut self) -> Result<(), ExchangeError> {
        let key: Vec<&Value> = self
            .table
            .key_columns()
            .iter()
            .filter_map(|name| self.table.columns.iter().position(|c| &c.name == name))
            .map(|i| &self.values[i])
            .collect();
        if let Some(first) = self.keys.first_with(&key, self.rows) {
            let names = self.table.key_columns().join(" and ");
            return Err(self.fault(format!("it has the same {names} as row {first}")));
        }
        Ok(())
    }

    /// A name is one active rep's, as in the window (case folded the same way); a rep
    /// has one current cadence.
    fn check_across(&self, across: &mut Across) -> Result<(), ExchangeError> {
        let view = RowView::new(&self.table.columns, &self.values);
        match self.table.name.as_str() {
            "reps" if view.int("archived") == Ok(0) => {
                let name = view.text("name").unwrap_or_default();
                if let Some(other) = across.names.duplicate_of(name, None) {
                    let err = ValidationError::DuplicateRepName(excerpt(other));
                    return Err(self.fault(rows::rule(err)));
                }
                let id = view.int("id").unwrap_or_default();
                across.names.add_active(RepId(id), name);
            }
            "cadences"
                if view.opt_int("ended_utc_ms") == Ok(None) && view.int("active") == Ok(1) =>
            {
                let rep = view.int("rep_id").unwrap_or_default();
                if !across.current_cadences.insert(rep) {
                    return Err(self.fault(format!(
                        "the rep with id {rep} has another current cadence, and a rep has one"
                    )));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// SQLite's refusal of a row, in words: which kind of rule, never SQLite's own text.
fn refusal(err: rusqlite::Error, table: &str, row: usize) -> ExchangeError {
    use rusqlite::ffi;
    let Some(code) = err.sqlite_error_code() else {
        return ExchangeError::Store(err.into());
    };
    if code != rusqlite::ErrorCode::ConstraintViolation {
        return ExchangeError::Store(err.into());
    }
    let extended = match &err {
        rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
        _ => 0,
    };
    let detail = match extended {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            "it repeats a value that only one row of the table may have (an id, a name, or a session's slot)"
        }
        ffi::SQLITE_CONSTRAINT_NOTNULL => "a column that must hold a value is empty",
        ffi::SQLITE_CONSTRAINT_CHECK => "a value is outside what its column allows",
        _ => "the data file's rules refuse it",
    };
    ExchangeError::BreaksRule {
        table: table.to_owned(),
        row,
        detail: detail.to_owned(),
    }
}

/// `(what was found, what the column takes)` when a value does not suit its column.
fn misfit(kind: ColumnKind, value: &Value) -> Option<(&'static str, &'static str)> {
    let found = match value {
        Value::Null => return None,
        Value::Integer(_) => "a whole number",
        Value::Real(_) => "a decimal number",
        Value::Text(_) => "text",
        Value::Blob(_) => "binary data",
    };
    let fits = matches!(
        (kind, value),
        (ColumnKind::Any, _)
            | (ColumnKind::Integer, Value::Integer(_))
            | (ColumnKind::Real, Value::Integer(_) | Value::Real(_))
            | (ColumnKind::Text, Value::Text(_))
    );
    let expected = match kind {
        ColumnKind::Integer => "whole numbers",
        ColumnKind::Real => "numbers",
        ColumnKind::Text => "text",
        ColumnKind::Any => "any value",
    };
    (!fits).then_some((found, expected))
}
