//! Every table as a CSV file in one folder, for spreadsheets and other tools: `reps.csv`,
//! `observations.csv` and so on, a header line of column names, then the rows.
//!
//! CSV has no types: a null is an empty field, numbers are written as they are, and text
//! in quotes, without control characters, and with a quote in front when a spreadsheet
//! would take it for a formula (see [`spreadsheet`]). The JSON archive is the format that
//! comes back in exactly.

use std::io::BufWriter;
use std::path::Path;

use rusqlite::types::Value;

use super::{ExchangeError, TableCounts, files, spreadsheet};
use crate::domain::text::{Lines, clean};
use crate::files::{FileError, Partial};
use crate::store::Store;
use crate::store::tables;

/// Writes `<table>.csv` for every table of `store` into `dir` (created when missing), all
/// from one consistent snapshot, each file readable by its owner only. Every file is
/// written beside its name first and the files are put in place only once all of them
/// are complete, so a failed export leaves the folder as it was.
pub fn export_dir(store: &Store, dir: &Path) -> Result<TableCounts, ExchangeError> {
    crate::files::export_dir(dir)?;
    let snapshot = store.conn().unchecked_transaction()?;
    let mut counts = Vec::new();
    let mut written = Vec::new();
    for table in tables::user_tables(&snapshot)? {
        let path = dir.join(format!("{}.csv", table.name));
        let failed = |e: csv::Error| match e.kind() {
            csv::ErrorKind::Io(io) => FileError::from_io("write", &path, io).into(),
            _ => ExchangeError::Csv {
                path: path.clone(),
                detail: e.to_string(),
            },
        };
        let partial = Partial::beside(&path)?;
        let handle = partial
            .file()
            .try_clone()
            .map_err(files::write_error(&path))?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(handle));
        writer
            .write_record(table.columns.iter().map(|c| c.name.as_bytes()))
            .map_err(failed)?;
        let file = writer
            .into_inner()
            .map_err(|e| files::write_error(&path)(e.into_error()))?;
        // Text cells always in quotes (see `spreadsheet`); the header stays plain.
        let mut writer = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::NonNumeric)
            .from_writer(file);
        let mut rows = 0_u64;
        let mut fields: Vec<String> = Vec::with_capacity(table.columns.len());
        tables::for_each_row(&snapshot, &table, |values| {
            fields.clear();
            for (value, column) in values.iter().zip(&table.columns) {
                fields.push(field(value, &table.name, &column.name)?);
            }
            writer.write_record(&fields).map_err(failed)?;
            rows += 1;
            Ok::<(), ExchangeError>(())
        })?;
        writer.flush().map_err(files::write_error(&path))?;
        counts.push((table.name.clone(), rows));
        written.push(partial);
    }
    snapshot.commit()?;
    for partial in written {
        partial.commit()?;
    }
    Ok(TableCounts(counts))
}

/// A text cell as written: without control characters (line breaks and tabs stay, inside
/// the cell's quotes), and guarded when a spreadsheet would run it.
pub fn cell(text: &str) -> String {
    spreadsheet::guarded(&clean(text, Lines::Many)).into_owned()
}

fn field(value: &Value, table: &str, column: &str) -> Result<String, ExchangeError> {
    Ok(match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(text) => cell(text),
        Value::Blob(_) => {
            return Err(ExchangeError::Unexportable {
                table: table.to_owned(),
                column: column.to_owned(),
                what: "binary data",
            });
        }
    })
}
