//! The `reps` table.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{StoreError, from_day, to_day, to_utc_ms};
use crate::domain::rep::{Rep, RepDraft, RepId};

const COLUMNS: &str = "id, name, role, email, start_day, archived";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(Rep, Option<i64>)> {
    Ok((
        Rep {
            id: RepId(row.get(0)?),
            name: row.get(1)?,
            role: row.get(2)?,
            email: row.get(3)?,
            start_date: None,
            archived: row.get(5)?,
        },
        row.get(4)?,
    ))
}

fn with_date((mut rep, day): (Rep, Option<i64>)) -> Result<Rep, StoreError> {
    rep.start_date = day.map(from_day).transpose()?;
    Ok(rep)
}

/// Every rep, active and archived, by name.
pub fn list(conn: &Connection) -> Result<Vec<Rep>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM reps ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(with_date).collect()
}

pub fn get(conn: &Connection, id: RepId) -> Result<Option<Rep>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM reps WHERE id = ?1"))?;
    stmt.query_row([id.0], from_row)
        .optional()?
        .map(with_date)
        .transpose()
}

/// Active reps as (id, name): what a new or edited name must not collide with.
pub fn active_names(conn: &Connection) -> Result<Vec<(RepId, String)>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM reps WHERE archived = 0")?;
    let rows = stmt.query_map([], |row| Ok((RepId(row.get(0)?), row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert(
    conn: &Connection,
    draft: &RepDraft,
    now: DateTime<Utc>,
) -> Result<RepId, StoreError> {
    conn.execute(
        "INSERT INTO reps (name, role, email, start_day, archived, created_utc_ms, updated_utc_ms)
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)",
        params![
            draft.name,
            draft.role,
            draft.email,
            draft.start_date.map(to_day),
            to_utc_ms(now)
        ],
    )?;
    Ok(RepId(conn.last_insert_rowid()))
}

/// Puts back a rep exactly as it was, id included: the undo of a delete.
pub fn restore(conn: &Connection, rep: &Rep, now: DateTime<Utc>) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO reps (id, name, role, email, start_day, archived, created_utc_ms, updated_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            rep.id.0,
            rep.name,
            rep.role,
            rep.email,
            rep.start_date.map(to_day),
            rep.archived,
            to_utc_ms(now)
        ],
    )?;
    Ok(())
}

pub fn update(
    conn: &Connection,
    id: RepId,
    draft: &RepDraft,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE reps SET name = ?2, role = ?3, email = ?4, start_day = ?5, updated_utc_ms = ?6
         WHERE id = ?1",
        params![
            id.0,
            draft.name,
            draft.role,
            draft.email,
            draft.start_date.map(to_day),
            to_utc_ms(now)
        ],
    )?;
    Ok(())
}

pub fn set_archived(
    conn: &Connection,
    id: RepId,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE reps SET archived = ?2, updated_utc_ms = ?3 WHERE id = ?1",
        params![id.0, archived, to_utc_ms(now)],
    )?;
    Ok(())
}

/// Only for undoing an add: a rep with history is archived, never deleted, and the
/// foreign keys refuse the delete if any history exists.
pub fn delete(conn: &Connection, id: RepId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM reps WHERE id = ?1", [id.0])?;
    Ok(())
}
