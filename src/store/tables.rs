//! Every table of the file as plain rows, for the whole-file exports and the archive
//! import. Table and column names always come from the file's own schema (never from an
//! input file), so no outside text ever becomes SQL.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::{StoreError, connect};

/// The declared type of a column: what kind of value the archive import accepts for it,
/// since the tables are not STRICT and SQLite alone would store text in an integer column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Integer,
    Real,
    Text,
    Any,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

/// A column that names a row of another table: its value must be one that table's
/// `parent_column` holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub column: String,
    pub parent: String,
    pub parent_column: String,
}

/// A table as the file's schema describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub links: Vec<Link>,
    /// Columns of the primary key in key order: the row order of a WITHOUT ROWID table.
    key: Vec<String>,
    without_rowid: bool,
}

impl Table {
    /// The columns of the primary key, in key order.
    pub fn key_columns(&self) -> &[String] {
        &self.key
    }
}

/// The tables of a data file of this Coachbook's version, read from a new file in memory:
/// what an archive must hold, known before any file is opened or created.
pub fn latest_schema() -> Result<Vec<Table>, StoreError> {
    let mut conn = connect::open_in_memory()?;
    super::migrations::migrate(&mut conn)?;
    user_tables(&conn)
}

/// Tables derived from others, rebuilt rather than copied, and this file's own link to an
/// organization's server, which a copy of the data does not inherit.
const DERIVED: &[&str] = &[
    "observations_fts",
    "search_index",
    "search_rows",
    "search_dirty",
    "org_link",
    "outbox",
];

/// Tables a person's data lives in: not SQLite's own, not the search index (a virtual
/// table whose shadow tables are SQLite's business), in name order.
pub fn user_tables(conn: &Connection) -> Result<Vec<Table>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT name, wr FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let listed = stmt
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut columns =
        conn.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")?;
    let mut links = conn.prepare(
        "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
    )?;
    let mut tables = Vec::new();
    for (name, without_rowid) in listed {
        if DERIVED.contains(&name.as_str()) {
            continue;
        }
        let described = columns
            .query_map([&name], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut key: Vec<(i64, String)> = described
            .iter()
            .filter(|(_, _, pk)| *pk > 0)
            .map(|(column, _, pk)| (*pk, column.clone()))
            .collect();
        key.sort();
        let links = links
            .query_map([&name], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        tables.push(Table {
            links: links
                .into_iter()
                .map(|(column, parent, to)| Link {
                    column,
                    parent_column: to.unwrap_or_default(),
                    parent,
                })
                .collect(),
            columns: described
                .into_iter()
                .map(|(name, declared, _)| Column {
                    name,
                    kind: kind_of(&declared),
                })
                .collect(),
            key: key.into_iter().map(|(_, column)| column).collect(),
            without_rowid,
            name,
        });
    }
    // A reference that names no column names the parent's primary key.
    let keys: Vec<(String, String)> = tables
        .iter()
        .filter_map(|t| Some((t.name.clone(), t.key.first()?.clone())))
        .collect();
    for link in tables.iter_mut().flat_map(|t| t.links.iter_mut()) {
        if link.parent_column.is_empty()
            && let Some((_, key)) = keys.iter().find(|(table, _)| *table == link.parent)
        {
            link.parent_column = key.clone();
        }
    }
    Ok(tables)
}

fn kind_of(declared: &str) -> ColumnKind {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" => ColumnKind::Integer,
        "REAL" => ColumnKind::Real,
        "TEXT" => ColumnKind::Text,
        _ => ColumnKind::Any,
    }
}

/// `"name"` with inner quotes doubled: safe for any name the schema holds.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Calls `each` with every row of `table`, in the table's own order (rowid, or primary key),
/// so two exports of the same data are the same byte for byte.
pub fn for_each_row<E: From<StoreError>>(
    conn: &Connection,
    table: &Table,
    mut each: impl FnMut(&[Value]) -> Result<(), E>,
) -> Result<(), E> {
    let order = if table.without_rowid {
        table
            .key
            .iter()
            .map(|c| quoted(c))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        "rowid".to_owned()
    };
    let columns = table
        .columns
        .iter()
        .map(|c| quoted(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns} FROM {} ORDER BY {order}",
        quoted(&table.name)
    );
    let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    let mut values = Vec::with_capacity(table.columns.len());
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        values.clear();
        for i in 0..table.columns.len() {
            values.push(row.get::<_, Value>(i).map_err(StoreError::from)?);
        }
        each(&values)?;
    }
    Ok(())
}

/// Removes every row of every user table, leaving the schema; for an import, which
/// replaces the framework a new file was seeded with. Call inside a transaction with
/// foreign keys deferred.
pub fn clear(conn: &Connection, tables: &[Table]) -> Result<(), StoreError> {
    for table in tables {
        conn.execute(&format!("DELETE FROM {}", quoted(&table.name)), [])?;
    }
    Ok(())
}

/// Prepares an insert of the columns `chosen` (indexes into `table.columns`) of `table`.
pub fn inserter<'c>(
    conn: &'c Connection,
    table: &Table,
    chosen: &[usize],
) -> Result<Inserter<'c>, StoreError> {
    let names = chosen
        .iter()
        .filter_map(|i| table.columns.get(*i))
        .map(|c| quoted(&c.name))
        .collect::<Vec<_>>();
    let marks = (1..=names.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quoted(&table.name),
        names.join(", "),
        marks.join(", ")
    );
    Ok(Inserter {
        stmt: conn.prepare(&sql)?,
    })
}

pub struct Inserter<'c> {
    stmt: rusqlite::Statement<'c>,
}

impl Inserter<'_> {
    /// Inserts one row; SQLite's refusal (a CHECK, NOT NULL or UNIQUE rule) comes back as
    /// its own words, for the caller to place in a sentence.
    pub fn insert(&mut self, values: &[Value]) -> Result<(), rusqlite::Error> {
        self.stmt.execute(params_from_iter(values.iter())).map(drop)
    }
}

/// Turns foreign-key checks off until the transaction ends, so rows can go in table by
/// table in any order; [`broken_links`] then finds what does not fit before the commit.
pub fn defer_foreign_keys(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "defer_foreign_keys", "ON")?;
    Ok(())
}

/// Up to `most` rows that refer to a row that is not there, as "reps row 3 refers to a
/// missing roles".
pub fn broken_links(conn: &Connection, most: usize) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |row| {
        Ok(format!(
            "{} row {} refers to a missing {}",
            row.get::<_, String>(0)?,
            row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
            row.get::<_, String>(2)?
        ))
    })?;
    Ok(rows.take(most).collect::<Result<_, _>>()?)
}

/// The schema version of the file behind `conn`.
pub fn schema_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(super::migrations::user_version(conn)?)
}

/// Rows of the coaching itself (as opposed to the framework a new file starts with).
pub fn coaching_rows(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM reps) + (SELECT count(*) FROM cadences)
              + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM observations)
              + (SELECT count(*) FROM commitments)",
        [],
        |row| row.get(0),
    )?)
}

/// Fills the evidence search index from the observations, as after migration 002, and the
/// search over everything, as after migration 008. The indexes are contentless, so they
/// are emptied with their own command rather than a DELETE.
pub fn rebuild_search_index(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO observations_fts (observations_fts) VALUES ('delete-all')",
        [],
    )?;
    conn.execute(
        "INSERT INTO observations_fts (rowid, evidence, account)
         SELECT id, evidence, account FROM observations",
        [],
    )?;
    super::search::rebuild(conn)?;
    Ok(())
}
