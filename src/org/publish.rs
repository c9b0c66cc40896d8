//! Sending a batch of the outbox: in one PostgreSQL transaction, each unit's rows on the
//! server are replaced by its current shared rows, so a unit sent twice, or sent after a
//! later change reached the server, leaves the same rows. A unit with no rows left
//! (deleted, or made private) is removed: its tombstone is its absence.

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Transaction};

use super::OrgError;
use crate::store::outbox::Batch;
use crate::store::published::{self, Cell, Published, Unit};

/// Rows per INSERT statement: well under PostgreSQL's 65,535 parameters for the widest
/// table, and few enough statements for a first publish of years of data.
const ROWS_PER_INSERT: usize = 1000;

/// The login as the `manager` columns hold it: `current_user` is a name, of collation "C",
/// and only compared as text of the default collation does it reach the index.
const ME: &str = "(current_user::text COLLATE \"default\")";

/// Sends `batch` as the connection's login, all of it or none.
pub fn send(client: &mut Client, login: &str, batch: &Batch) -> Result<(), OrgError> {
    let pg = |e| OrgError::from_pg(e, login, "publish the team's changes");
    let mut tx = client.transaction().map_err(pg)?;
    if batch.units.contains_key(&Unit::Team) {
        for table in published::all_tables() {
            remove(&mut tx, table, None).map_err(pg)?;
        }
    }
    for rows in batch.units.values() {
        for (table, current) in &rows.tables {
            remove(&mut tx, table, Some(&rows.ids)).map_err(pg)?;
            for chunk in current.chunks(ROWS_PER_INSERT) {
                insert(&mut tx, table, chunk).map_err(pg)?;
            }
        }
    }
    tx.commit().map_err(pg)
}

/// Removes the login's rows of the units `ids`, or all its rows of the table when the
/// table has no scope or `ids` is `None`.
fn remove(
    tx: &mut Transaction<'_>,
    table: &Published,
    ids: Option<&[i64]>,
) -> Result<(), postgres::Error> {
    match table.scope.zip(ids) {
        Some((scope, ids)) => tx.execute(
            &format!(
                "DELETE FROM coachbook.{} WHERE manager = {ME} AND {scope} = ANY($1)",
                table.server
            ),
            &[&ids],
        ),
        None => tx.execute(
            &format!(
                "DELETE FROM coachbook.{} WHERE manager = {ME}",
                table.server
            ),
            &[],
        ),
    }
    .map(|_| ())
}

fn insert(
    tx: &mut Transaction<'_>,
    table: &Published,
    rows: &[Vec<Cell>],
) -> Result<(), postgres::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let width = table.columns.len();
    let columns: Vec<&str> = table.server_columns().collect();
    let mut sql = format!(
        "INSERT INTO coachbook.{} (manager, {}) VALUES ",
        table.server,
        columns.join(", ")
    );
    for r in 0..rows.len() {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push_str("(current_user");
        for c in 0..width {
            sql.push_str(&format!(", ${}", r * width + c + 1));
        }
        sql.push(')');
    }
    let params: Vec<&(dyn ToSql + Sync)> = rows
        .iter()
        .flat_map(|row| row.iter().map(|cell| cell as &(dyn ToSql + Sync)))
        .collect();
    tx.execute(&sql, &params).map(|_| ())
}

impl ToSql for Cell {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let fits = match self {
            Cell::Int(_) => *ty == Type::INT8,
            Cell::Real(_) => *ty == Type::FLOAT8,
            Cell::Text(_) => matches!(*ty, Type::TEXT | Type::VARCHAR),
            Cell::Bool(_) => *ty == Type::BOOL,
        };
        if !fits {
            return Err(format!("a published value does not fit a {ty} column").into());
        }
        match self {
            Cell::Int(v) => v.to_sql(ty, out),
            Cell::Real(v) => v.to_sql(ty, out),
            Cell::Text(v) => v.to_sql(ty, out),
            Cell::Bool(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8 | Type::FLOAT8 | Type::TEXT | Type::VARCHAR | Type::BOOL
        )
    }

    to_sql_checked!();
}
