//! The whole data file as one JSON document, and back into a new file exactly as it was,
//! ids included:
//!
//! ```json
//! { "format": "coachbook-archive", "schema_version": 4, "exported_utc": "...",
//!   "tables": { "reps": { "columns": ["id", "name", ...], "rows": [[1, "Dana Lee", ...]] } } }
//! ```
//!
//! Values keep their SQLite type: integer, real, text or null. The search index is not
//! exported; it is rebuilt from the observations on import.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::{ExchangeError, TableCounts, archive_text, files};
use crate::store::tables::{self, ColumnKind, Table};
use crate::store::{LATEST_VERSION, Store};

pub const FORMAT: &str = "coachbook-archive";

/// Writes the archive of the file behind `store` to `path`, from one consistent snapshot.
pub fn export_file(
    store: &Store,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<TableCounts, ExchangeError> {
    files::write_whole(path, |out| write(store.conn(), out, now, path))
}

/// Writes the archive to `out`, one row per line; `path` names the output in errors.
pub fn write(
    conn: &Connection,
    out: &mut impl Write,
    now: DateTime<Utc>,
    path: &Path,
) -> Result<TableCounts, ExchangeError> {
    let failed = |e: std::io::Error| files::write_error(path)(e);
    // A read transaction: every table from the same moment, even while the window writes.
    let snapshot = conn.unchecked_transaction()?;
    let version = tables::schema_version(&snapshot)?;
    write!(
        out,
        "{{\"format\":\"{FORMAT}\",\"schema_version\":{version},\"exported_utc\":\"{}\",\n\"tables\":{{",
        now.to_rfc3339_opts(SecondsFormat::Millis, true)
    )
    .map_err(failed)?;
    let mut counts = Vec::new();
    for (index, table) in tables::user_tables(&snapshot)?.iter().enumerate() {
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        let separator = if index == 0 { "" } else { "," };
        write!(out, "{separator}\n{}:{{\"columns\":", json(&table.name)).map_err(failed)?;
        serde_json::to_writer(&mut *out, &names).map_err(|e| failed(e.into()))?;
        write!(out, ",\"rows\":[").map_err(failed)?;
        let mut rows = 0_u64;
        tables::for_each_row(&snapshot, table, |values| {
            out.write_all(if rows == 0 { b"\n[" } else { b",\n[" })
                .map_err(failed)?;
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",").map_err(failed)?;
                }
                let column = &table.columns[i].name;
                out.write_all(value_json(value, &table.name, column)?.as_bytes())
                    .map_err(failed)?;
            }
            out.write_all(b"]").map_err(failed)?;
            rows += 1;
            Ok::<(), ExchangeError>(())
        })?;
        write!(out, "]}}").map_err(failed)?;
        counts.push((table.name.clone(), rows));
    }
    writeln!(out, "\n}}}}").map_err(failed)?;
    snapshot.commit()?;
    Ok(TableCounts(counts))
}

fn json(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn value_json(value: &Value, table: &str, column: &str) -> Result<String, ExchangeError> {
    let refuse = |what| ExchangeError::Unexportable {
        table: table.to_owned(),
        column: column.to_owned(),
        what,
    };
    Ok(match value {
        Value::Null => "null".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) if r.is_finite() => {
            serde_json::to_string(r).map_err(|_| refuse("a number JSON cannot hold"))?
        }
        Value::Real(_) => return Err(refuse("an infinite number")),
        Value::Text(text) => json(text),
        Value::Blob(_) => return Err(refuse("binary data")),
    })
}

/// An archive as read, before it is checked against the data file's schema.
#[derive(Debug, Deserialize)]
pub struct Archive {
    format: String,
    schema_version: i64,
    tables: BTreeMap<String, ArchiveTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArchiveTable {
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// One value, typed as JSON types it: whole numbers are integers, others reals.
#[derive(Debug)]
struct Cell(Value);

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Cell, D::Error> {
        struct CellVisitor;
        impl Visitor<'_> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number, a text or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Cell, E> {
                Ok(Cell(Value::Null))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell(Value::Integer(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
                i64::try_from(v)
                    .map(|v| Cell(Value::Integer(v)))
                    .map_err(|_| E::custom(format!("the number {v} is too large")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
                Ok(Cell(Value::Real(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell(Value::Text(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Cell, E> {
                Ok(Cell(Value::Text(v)))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// Reads and parses the archive at `path`, checking its format and version.
pub fn read_file(path: &Path) -> Result<Archive, ExchangeError> {
    parse(&files::read(path)?, path)
}

/// Parses an archive; `path` names it in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Archive, ExchangeError> {
    let archive: Archive =
        serde_json::from_slice(bytes).map_err(|e| ExchangeError::NotReadable {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
    if archive.format != FORMAT {
        return Err(ExchangeError::WrongFormat {
            path: path.to_owned(),
            found: archive.format.chars().take(60).collect(),
        });
    }
    let (found, known) = (archive.schema_version, LATEST_VERSION);
    if found > known {
        return Err(ExchangeError::TooNew {
            path: path.to_owned(),
            found,
            known,
        });
    }
    if found < known {
        return Err(ExchangeError::TooOld {
            path: path.to_owned(),
            found,
            known,
        });
    }
    Ok(archive)
}

/// Replaces everything in `store` (which must hold no coaching data) with the archive, in
/// one transaction: on any error the file is left as it was.
pub fn import(store: &mut Store, archive: &Archive) -> Result<TableCounts, ExchangeError> {
    let path = store.path().to_owned();
    store.transact(|tx| {
        let schema = tables::user_tables(tx)?;
        let plan = plan(&schema, archive)?;
        let rows = tables::coaching_rows(tx)?;
        if rows > 0 {
            return Err(ExchangeError::NotEmpty { path, rows });
        }
        tables::defer_foreign_keys(tx)?;
        tables::clear(tx, &schema)?;
        let mut counts = Vec::new();
        for (table, chosen, data) in &plan {
            insert_rows(tx, table, chosen, data)?;
            counts.push((table.name.clone(), data.rows.len() as u64));
        }
        if let Some(first) = tables::broken_links(tx, 1)?.into_iter().next() {
            return Err(ExchangeError::BrokenLinks(first));
        }
        tables::rebuild_search_index(tx)?;
        Ok(TableCounts(counts))
    })
}

/// Reads the archive at `file` and imports it into `store`.
pub fn import_file(store: &mut Store, file: &Path) -> Result<TableCounts, ExchangeError> {
    let archive = read_file(file)?;
    import(store, &archive)
}

type Plan<'a> = Vec<(&'a Table, Vec<usize>, &'a ArchiveTable)>;

/// Matches every archive table and column to one of the schema, by name: nothing unknown,
/// nothing missing, nothing twice. The insert then uses only the schema's own names.
fn plan<'a>(schema: &'a [Table], archive: &'a Archive) -> Result<Plan<'a>, ExchangeError> {
    if let Some(unknown) = archive
        .tables
        .keys()
        .find(|name| !schema.iter().any(|t| &t.name == *name))
    {
        return Err(ExchangeError::UnknownTable(
            unknown.chars().take(60).collect(),
        ));
    }
    let mut plan = Vec::new();
    for table in schema {
        let data = archive
            .tables
            .get(&table.name)
            .ok_or_else(|| ExchangeError::MissingTable(table.name.clone()))?;
        let chosen: Vec<usize> = data
            .columns
            .iter()
            .filter_map(|name| table.columns.iter().position(|c| &c.name == name))
            .collect();
        let mut distinct = chosen.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if chosen.len() != data.columns.len() || distinct.len() != table.columns.len() {
            let list = |names: Vec<&str>| -> String {
                let text = names.join(", ");
                text.chars().take(300).collect()
            };
            return Err(ExchangeError::ColumnsDiffer {
                table: table.name.clone(),
                found: list(data.columns.iter().map(String::as_str).collect()),
                expected: list(table.columns.iter().map(|c| c.name.as_str()).collect()),
            });
        }
        plan.push((table, chosen, data));
    }
    Ok(plan)
}

fn insert_rows(
    conn: &Connection,
    table: &Table,
    chosen: &[usize],
    data: &ArchiveTable,
) -> Result<(), ExchangeError> {
    let mut inserter = tables::inserter(conn, table, chosen)?;
    let mut values = Vec::with_capacity(chosen.len());
    for (index, row) in data.rows.iter().enumerate() {
        let number = index + 1;
        if row.len() != chosen.len() {
            return Err(ExchangeError::RowWidth {
                table: table.name.clone(),
                row: number,
                found: row.len(),
                expected: chosen.len(),
            });
        }
        values.clear();
        for (cell, column) in row.iter().zip(chosen) {
            let column = &table.columns[*column];
            if let Some((found, expected)) = misfit(column.kind, &cell.0) {
                return Err(ExchangeError::WrongType {
                    table: table.name.clone(),
                    row: number,
                    column: column.name.clone(),
                    found,
                    expected,
                });
            }
            values.push(archive_text::cleaned_cell(
                &table.name,
                &column.name,
                &cell.0,
            ));
        }
        inserter
            .insert(&values)
            .map_err(|e| ExchangeError::BreaksRule {
                table: table.name.clone(),
                row: number,
                detail: e.to_string(),
            })?;
    }
    Ok(())
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
