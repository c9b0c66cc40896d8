//! Reads an archive as a stream, one row at a time, so memory stays flat however many rows
//! it holds: the format and version first (an archive whose tables come before them is
//! refused), then each table's columns, then its rows, each handed to
//! [`TableLoad::row`] as soon as it is read.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::types::Value;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::archive::FORMAT;
use super::archive_rows::{Across, TableLoad};
use super::{ExchangeError, TableCounts};
use crate::store::LATEST_VERSION;
use crate::store::tables::Table;

/// The reading of one archive: what it must match, where its rows go, what it found.
pub(super) struct Loader<'c> {
    path: PathBuf,
    schema: Vec<Table>,
    /// Where rows are written; `None` when the archive is only checked.
    conn: Option<&'c Connection>,
    format_checked: bool,
    version_checked: bool,
    seen: Vec<String>,
    counts: Vec<(String, u64)>,
    across: Across,
    /// The error that stopped the reading, in words; the parser only learns "stop".
    failure: Option<ExchangeError>,
}

impl<'c> Loader<'c> {
    pub(super) fn new(path: &Path, schema: Vec<Table>, conn: Option<&'c Connection>) -> Loader<'c> {
        Loader {
            path: path.to_owned(),
            across: Across::new(&schema),
            schema,
            conn,
            format_checked: false,
            version_checked: false,
            seen: Vec::new(),
            counts: Vec::new(),
            failure: None,
        }
    }

    /// Reads the whole archive from `deserializer`; every table of the schema must be in it.
    pub(super) fn run<'de, D>(mut self, deserializer: D) -> Result<TableCounts, ExchangeError>
    where
        D: Deserializer<'de, Error = serde_json::Error>,
    {
        let read = deserializer.deserialize_map(Top(&mut self));
        if let Some(failure) = self.failure.take() {
            return Err(failure);
        }
        read.map_err(|e| self.unreadable(e.to_string()))?;
        if !self.format_checked || !self.version_checked {
            return Err(self.unreadable("it has no format or no schema version".to_owned()));
        }
        if let Some(missing) = self.schema.iter().find(|t| !self.seen.contains(&t.name)) {
            return Err(ExchangeError::MissingTable(missing.name.clone()));
        }
        if let Some(gap) = self.across.links.first_gap() {
            return Err(ExchangeError::BrokenLinks(gap));
        }
        Ok(TableCounts(self.counts))
    }

    fn unreadable(&self, detail: String) -> ExchangeError {
        ExchangeError::NotReadable {
            path: self.path.clone(),
            detail,
        }
    }

    /// Notes `failure` and gives the parser the error that stops it.
    fn stop<E: de::Error>(&mut self, failure: ExchangeError) -> E {
        self.failure = Some(failure);
        E::custom("stopped")
    }

    fn check_format(&mut self, format: &str) -> Result<(), ExchangeError> {
        if format != FORMAT {
            return Err(ExchangeError::WrongFormat {
                path: self.path.clone(),
                found: crate::domain::error::excerpt(format),
            });
        }
        self.format_checked = true;
        Ok(())
    }

    fn check_version(&mut self, found: i64) -> Result<(), ExchangeError> {
        let (path, known) = (self.path.clone(), LATEST_VERSION);
        if found > known {
            return Err(ExchangeError::TooNew { path, found, known });
        }
        if found < known {
            return Err(ExchangeError::TooOld { path, found, known });
        }
        self.version_checked = true;
        Ok(())
    }

    /// The schema's table called `name`, met for the first time.
    fn table(&mut self, name: &str) -> Result<Table, ExchangeError> {
        if !self.format_checked || !self.version_checked {
            return Err(
                self.unreadable("its tables come before its format and schema version".to_owned())
            );
        }
        let Some(table) = self.schema.iter().find(|t| t.name == name) else {
            return Err(ExchangeError::UnknownTable(crate::domain::error::excerpt(
                name,
            )));
        };
        if self.seen.iter().any(|seen| seen == name) {
            return Err(self.unreadable(format!("it holds the table \"{name}\" twice")));
        }
        self.seen.push(name.to_owned());
        Ok(table.clone())
    }
}

/// Matches an archive table's columns to the schema's, by name: nothing unknown, nothing
/// missing, nothing twice.
fn plan(table: &Table, columns: &[String]) -> Result<Vec<usize>, ExchangeError> {
    let chosen: Vec<usize> = columns
        .iter()
        .filter_map(|name| table.columns.iter().position(|c| &c.name == name))
        .collect();
    let mut distinct = chosen.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if chosen.len() != columns.len() || distinct.len() != table.columns.len() {
        let list = |names: Vec<&str>| crate::domain::error::excerpt(&names.join(", "));
        return Err(ExchangeError::ColumnsDiffer {
            table: table.name.clone(),
            found: list(columns.iter().map(String::as_str).collect()),
            expected: list(table.columns.iter().map(|c| c.name.as_str()).collect()),
        });
    }
    Ok(chosen)
}

/// The archive's outer object: format, schema_version, exported_utc, tables.
struct Top<'l, 'c>(&'l mut Loader<'c>);

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Coachbook archive")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let loader = self.0;
        while let Some(key) = map.next_key::<String>()? {
            let checked = match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    loader.check_format(&format)
                }
                "schema_version" => {
                    let version: i64 = map.next_value()?;
                    loader.check_version(version)
                }
                "tables" => {
                    map.next_value_seed(Tables(&mut *loader))?;
                    Ok(())
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    Ok(())
                }
            };
            if let Err(failure) = checked {
                return Err(loader.stop(failure));
            }
        }
        Ok(())
    }
}

/// The object of tables, by name.
struct Tables<'l, 'c>(&'l mut Loader<'c>);

impl<'de> DeserializeSeed<'de> for Tables<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Tables<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of tables")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let loader = self.0;
        while let Some(name) = map.next_key::<String>()? {
            let table = match loader.table(&name) {
                Ok(table) => table,
                Err(failure) => return Err(loader.stop(failure)),
            };
            let rows = map.next_value_seed(OneTable {
                loader: &mut *loader,
                table,
            })?;
            loader.counts.push((name, rows));
        }
        Ok(())
    }
}

/// One table: `{"columns": [...], "rows": [[...], ...]}`, columns first.
struct OneTable<'l, 'c> {
    loader: &'l mut Loader<'c>,
    table: Table,
}

impl<'de> DeserializeSeed<'de> for OneTable<'_, '_> {
    type Value = u64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OneTable<'_, '_> {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table with its columns and rows")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u64, A::Error> {
        let OneTable { loader, table } = self;
        let name = table.name.clone();
        let mut table = Some(table);
        let mut load: Option<TableLoad<'_>> = None;
        let mut rows_read = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "columns" => {
                    let Some(table) = table.take() else {
                        return Err(de::Error::duplicate_field("columns"));
                    };
                    let columns: Vec<String> = map.next_value()?;
                    let loaded = plan(&table, &columns)
                        .and_then(|chosen| TableLoad::new(table, chosen, loader.conn));
                    match loaded {
                        Ok(loaded) => load = Some(loaded),
                        Err(failure) => return Err(loader.stop(failure)),
                    }
                }
                "rows" if rows_read => return Err(de::Error::duplicate_field("rows")),
                "rows" => {
                    let Some(load) = load.as_mut() else {
                        let failure = loader.unreadable(format!(
                            "the rows of the table \"{name}\" come before its columns"
                        ));
                        return Err(loader.stop(failure));
                    };
                    map.next_value_seed(Rows {
                        load,
                        across: &mut loader.across,
                        failure: &mut loader.failure,
                    })?;
                    rows_read = true;
                }
                other => return Err(de::Error::unknown_field(other, &["columns", "rows"])),
            }
        }
        match load {
            Some(load) if rows_read => Ok(load.rows as u64),
            _ => Err(de::Error::custom(format!(
                "the table \"{name}\" lacks its columns or its rows"
            ))),
        }
    }
}

/// The array of rows of one table.
struct Rows<'l, 'c> {
    load: &'l mut TableLoad<'c>,
    across: &'l mut Across,
    failure: &'l mut Option<ExchangeError>,
}

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut cells = Vec::new();
        while seq.next_element_seed(Cells(&mut cells))?.is_some() {
            if let Err(failure) = self.load.row(&mut cells, self.across) {
                *self.failure = Some(failure);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// One row's values, into a buffer reused from row to row.
struct Cells<'b>(&'b mut Vec<Value>);

impl<'de> DeserializeSeed<'de> for Cells<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Cells<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a row: an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.clear();
        while let Some(Cell(value)) = seq.next_element()? {
            self.0.push(value);
        }
        Ok(())
    }
}

/// One value, typed as JSON types it: whole numbers are integers, others reals.
struct Cell(Value);

impl<'de> de::Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Cell, D::Error> {
        deserializer.deserialize_any(CellVisitor)
    }
}

struct CellVisitor;

impl Visitor<'_> for CellVisitor {
    type Value = Cell;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
