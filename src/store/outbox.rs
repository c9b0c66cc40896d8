//! The link to an organization's server and the outbox of units waiting to be published
//! there. The schema's triggers fill the outbox inside every change's own transaction;
//! this module reads it in batches and removes what the server acknowledged.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::published::{Cell, Published, Unit};
use super::{StoreError, from_utc_ms, to_utc_ms};

/// Where the file publishes: the server's address without any password, the manager's
/// login there, and where the password is kept (never the password itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgLink {
    pub url: String,
    pub login: String,
    pub ca_file: Option<String>,
    pub password_file: Option<String>,
    pub joined: DateTime<Utc>,
    pub synced: Option<DateTime<Utc>>,
}

pub fn link(conn: &Connection) -> Result<Option<OrgLink>, StoreError> {
    let row = conn
        .query_row(
            "SELECT url, login, ca_file, password_file, joined_utc_ms, synced_utc_ms
             FROM org_link WHERE id = 1",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((url, login, ca_file, password_file, joined, synced)) = row else {
        return Ok(None);
    };
    Ok(Some(OrgLink {
        url,
        login,
        ca_file,
        password_file,
        joined: from_utc_ms(joined)?,
        synced: synced.map(from_utc_ms).transpose()?,
    }))
}

/// Links the file to a server and queues every shared unit it holds after a reset of the
/// team, so the first sync makes the server's rows of the manager exactly the file's.
/// Joining again (another server, another login, a restored backup) starts over.
pub fn join(tx: &Transaction<'_>, link: &OrgLink) -> Result<(), StoreError> {
    tx.execute("DELETE FROM outbox", [])?;
    // The next sync takes in the organization's newest framework, whatever the file had.
    super::meta::delete(tx, super::org_framework::ORG_FRAMEWORK_VERSION)?;
    super::org_answers::forget(tx)?;
    tx.execute(
        "INSERT OR REPLACE INTO org_link
         (id, url, login, ca_file, password_file, joined_utc_ms, synced_utc_ms)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, NULL)",
        params![
            link.url,
            link.login,
            link.ca_file,
            link.password_file,
            to_utc_ms(link.joined)
        ],
    )?;
    for unit in Unit::ALL {
        // The team's reset goes first, before any unit it would otherwise remove.
        let seq = if unit == Unit::Team { -1 } else { 0 };
        tx.execute(
            &format!(
                "INSERT OR REPLACE INTO outbox (unit, local_id, seq)
                 SELECT '{}', id, {seq} FROM ({})",
                unit.code(),
                unit.all_ids_sql()
            ),
            [],
        )?;
    }
    Ok(())
}

/// Unlinks the file: nothing more is queued or sent; what the server holds stays there.
pub fn leave(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute("DELETE FROM outbox", [])?;
    tx.execute("DELETE FROM org_link", [])?;
    Ok(())
}

/// How many units wait to be published.
pub fn waiting(conn: &Connection) -> Result<u64, StoreError> {
    let count: i64 = conn.query_row("SELECT count(*) FROM outbox", [], |row| row.get(0))?;
    Ok(count.unsigned_abs())
}

/// One outbox entry as it was read: removed after sending only if still at `seq`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub unit: Unit,
    pub local_id: i64,
    pub seq: i64,
}

/// A batch to send: the entries it answers for and, per unit kind, the ids it covers and
/// each of that unit's tables with its current shared rows.
#[derive(Debug, Default)]
pub struct Batch {
    pub entries: Vec<Entry>,
    pub units: BTreeMap<Unit, UnitRows>,
}

#[derive(Debug, Default)]
pub struct UnitRows {
    pub ids: Vec<i64>,
    pub tables: Vec<(&'static Published, Vec<Vec<Cell>>)>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Reads up to `max_units` outbox entries, oldest first, with their units' shared rows,
/// in one read transaction so the rows are one consistent state of the file.
pub fn next_batch(conn: &Connection, max_units: usize) -> Result<Batch, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let mut stmt =
        tx.prepare_cached("SELECT unit, local_id, seq FROM outbox ORDER BY seq LIMIT ?1")?;
    let listed = stmt
        .query_map([max_units as i64], |row| {
            Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, i64, i64)>>>()?;
    drop(stmt);
    let mut batch = Batch::default();
    for (code, local_id, seq) in listed {
        let Some(unit) = Unit::from_code(&code) else {
            return Err(StoreError::BadValue {
                path: conn.path().unwrap_or_default().into(),
                detail: format!("an outbox entry of an unknown kind ({code})"),
            });
        };
        batch.entries.push(Entry {
            unit,
            local_id,
            seq,
        });
        batch.units.entry(unit).or_default().ids.push(local_id);
    }
    for (unit, rows) in &mut batch.units {
        for table in unit.tables() {
            rows.tables.push((*table, table.read(&tx, &rows.ids)?));
        }
    }
    tx.finish()?;
    Ok(batch)
}

/// Removes the entries the server took, except those changed again since they were read;
/// notes when the file was last in step with the server.
pub fn acknowledge(
    tx: &Transaction<'_>,
    entries: &[Entry],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut stmt =
        tx.prepare_cached("DELETE FROM outbox WHERE unit = ?1 AND local_id = ?2 AND seq = ?3")?;
    for e in entries {
        stmt.execute(params![e.unit.code(), e.local_id, e.seq])?;
    }
    tx.execute(
        "UPDATE org_link SET synced_utc_ms = ?1 WHERE id = 1",
        [to_utc_ms(at)],
    )?;
    Ok(())
}
