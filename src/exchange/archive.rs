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

use std::io::{BufReader, Write};
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use rusqlite::types::Value;

use super::archive_read::Loader;
use super::guard::{Guarded, Tripped};
use super::{ExchangeError, TableCounts, files};
use crate::store::Store;
use crate::store::tables::{self, Table};

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

/// The largest archive Coachbook reads: 256 MiB, about two million observations with
/// their evidence. A larger file is refused from its size, before it is read.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The longest text (or number) an archive may hold in one value: 1 MiB, far more than
/// any field Coachbook keeps (evidence stops at 10,000 characters). A longer one is
/// refused as it is read, so it never sits in memory whole.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// Reads the archive at `path` through and checks every row by the rules the app keeps,
/// writing nothing: an archive refused here is refused before any data file is created,
/// backed up or changed.
pub fn check_file(path: &Path) -> Result<TableCounts, ExchangeError> {
    load(LIMIT.open(path)?, path, tables::latest_schema()?, None)
}

/// Checks an archive held in memory, as [`check_file`] checks a file; `name` names it in
/// errors.
pub fn check_bytes(bytes: &[u8], name: &Path) -> Result<TableCounts, ExchangeError> {
    load(bytes, name, tables::latest_schema()?, None)
}

/// Replaces everything in `store` (which must hold no coaching data) with the archive at
/// `file`, in one transaction: on any error the file is left as it was.
pub fn import_file(store: &mut Store, file: &Path) -> Result<TableCounts, ExchangeError> {
    let input = LIMIT.open(file)?;
    let target = store.path().to_owned();
    store.transact(|tx| {
        let schema = prepare(tx, &target)?;
        let counts = load(input, file, schema, Some(tx))?;
        finish(tx)?;
        Ok(counts)
    })
}

/// Imports an archive held in memory, as [`import_file`] imports a file.
pub fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    name: &Path,
) -> Result<TableCounts, ExchangeError> {
    let target = store.path().to_owned();
    store.transact(|tx| {
        let schema = prepare(tx, &target)?;
        let counts = load(bytes, name, schema, Some(tx))?;
        finish(tx)?;
        Ok(counts)
    })
}

/// Refuses a file with coaching data, then empties the file's tables (the framework a new
/// file was seeded with goes too) with foreign keys checked only at the end.
fn prepare(tx: &Connection, target: &Path) -> Result<Vec<Table>, ExchangeError> {
    let schema = tables::user_tables(tx)?;
    let rows = tables::coaching_rows(tx)?;
    if rows > 0 {
        return Err(ExchangeError::NotEmpty {
            path: target.to_owned(),
            rows,
        });
    }
    tables::defer_foreign_keys(tx)?;
    tables::clear(tx, &schema)?;
    Ok(schema)
}

/// The rules that need every row in place: each row a foreign key names is there.
fn finish(tx: &Connection) -> Result<(), ExchangeError> {
    if let Some(first) = tables::broken_links(tx, 1)?.into_iter().next() {
        return Err(ExchangeError::BrokenLinks(first));
    }
    tables::rebuild_search_index(tx)?;
    Ok(())
}

/// Archives are read up to [`MAX_BYTES`].
const LIMIT: files::InputLimit = files::InputLimit {
    what: "archives",
    max_bytes: MAX_BYTES,
};

/// Streams `input` through the reader's limits into a [`Loader`]: checked only, or
/// written through `conn`.
fn load(
    input: impl std::io::Read,
    name: &Path,
    schema: Vec<Table>,
    conn: Option<&Connection>,
) -> Result<TableCounts, ExchangeError> {
    let mut guarded = Guarded::new(input, MAX_BYTES, MAX_TEXT_BYTES);
    let loaded = {
        let mut reader = serde_json::Deserializer::from_reader(BufReader::new(&mut guarded));
        Loader::new(name, schema, conn)
            .run(&mut reader)
            .and_then(|counts| {
                reader.end().map_err(|e| ExchangeError::NotReadable {
                    path: name.to_owned(),
                    detail: e.to_string(),
                })?;
                Ok(counts)
            })
    };
    match guarded.tripped {
        Some(Tripped::TooLarge) => Err(LIMIT.too_large(name, MAX_BYTES + 1)),
        Some(Tripped::TokenTooLong) => Err(ExchangeError::TextTooLong {
            path: name.to_owned(),
            max_kb: MAX_TEXT_BYTES / 1024,
        }),
        None => loaded,
    }
}
