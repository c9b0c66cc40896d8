//! Which revision of each rep's answers on the organization's server this data file took
//! in, kept in `meta`, so a sync reads only answers the rep changed since, and an import
//! the manager undid is not brought back until the rep sends again.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::StoreError;
use crate::domain::rep::RepId;

const PREFIX: &str = "org_answers_revision.";

/// The revision taken in per rep.
pub fn seen(conn: &Connection) -> Result<HashMap<RepId, i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(key, length(?1) + 1), value FROM meta WHERE key LIKE ?1 || '%'",
    )?;
    let rows = stmt
        .query_map([PREFIX], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(rep, revision)| Some((RepId(rep.parse().ok()?), revision.parse().ok()?)))
        .collect())
}

pub fn note_seen(conn: &Connection, rep: RepId, revision: i64) -> Result<(), StoreError> {
    super::meta::set(conn, &format!("{PREFIX}{}", rep.0), &revision.to_string())?;
    Ok(())
}

/// Forgets every revision: a file joining a server takes in what that server holds.
pub fn forget(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM meta WHERE key LIKE ?1 || '%'", params![PREFIX])?;
    Ok(())
}
