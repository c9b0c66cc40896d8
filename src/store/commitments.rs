//! The `commitments` table.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::time::bad;
use super::{StoreError, from_day, from_utc_ms, to_day, to_utc_ms};
use crate::domain::commitment::{
    Commitment, CommitmentDraft, CommitmentId, CommitmentStatus, Owner,
};
use crate::domain::rep::RepId;
use crate::domain::session::SessionId;

const COLUMNS: &str =
    "id, rep_id, session_id, text, owner, due_day, status, created_utc_ms, closed_utc_ms";

pub fn insert(
    conn: &Connection,
    draft: &CommitmentDraft,
    status: CommitmentStatus,
    closed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<CommitmentId, StoreError> {
    write(conn, None, draft, status, now, closed)
}

/// Writes the commitment as given, id and times included: how undo puts it back.
pub fn put(conn: &Connection, c: &Commitment) -> Result<(), StoreError> {
    write(conn, Some(c.id), &c.draft, c.status, c.created, c.closed).map(drop)
}

fn write(
    conn: &Connection,
    id: Option<CommitmentId>,
    draft: &CommitmentDraft,
    status: CommitmentStatus,
    created: DateTime<Utc>,
    closed: Option<DateTime<Utc>>,
) -> Result<CommitmentId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO commitments (id, rep_id, session_id, text, owner, due_day, status,
                                  created_utc_ms, closed_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET
             rep_id = excluded.rep_id, session_id = excluded.session_id, text = excluded.text,
             owner = excluded.owner, due_day = excluded.due_day, status = excluded.status,
             created_utc_ms = excluded.created_utc_ms, closed_utc_ms = excluded.closed_utc_ms",
    )?
    .execute(params![
        id.map(|i| i.0),
        draft.rep_id.0,
        draft.session_id.map(|s| s.0),
        draft.text,
        draft.owner.code(),
        to_day(draft.due_on),
        status.code(),
        to_utc_ms(created),
        closed.map(to_utc_ms)
    ])?;
    Ok(id.unwrap_or(CommitmentId(conn.last_insert_rowid())))
}

pub fn delete(conn: &Connection, id: CommitmentId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM commitments WHERE id = ?1", [id.0])?;
    Ok(())
}

struct Raw {
    id: i64,
    rep: i64,
    session: Option<i64>,
    text: String,
    owner: String,
    due: i64,
    status: String,
    created: i64,
    closed: Option<i64>,
}

fn read(row: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: row.get(0)?,
        rep: row.get(1)?,
        session: row.get(2)?,
        text: row.get(3)?,
        owner: row.get(4)?,
        due: row.get(5)?,
        status: row.get(6)?,
        created: row.get(7)?,
        closed: row.get(8)?,
    })
}

fn parse(raw: Raw) -> Result<Commitment, StoreError> {
    Ok(Commitment {
        id: CommitmentId(raw.id),
        draft: CommitmentDraft {
            rep_id: RepId(raw.rep),
            session_id: raw.session.map(SessionId),
            text: raw.text,
            owner: Owner::from_code(&raw.owner)
                .ok_or_else(|| bad(format!("unknown owner \"{}\"", raw.owner)))?,
            due_on: from_day(raw.due)?,
        },
        status: CommitmentStatus::from_code(&raw.status)
            .ok_or_else(|| bad(format!("unknown commitment status \"{}\"", raw.status)))?,
        created: from_utc_ms(raw.created)?,
        closed: raw.closed.map(from_utc_ms).transpose()?,
    })
}

pub fn get(conn: &Connection, id: CommitmentId) -> Result<Option<Commitment>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM commitments WHERE id = ?1"))?
        .query_row([id.0], read)
        .optional()?
        .map(parse)
        .transpose()
}

/// Every commitment of a rep, open ones first, then by due date.
pub fn for_rep(conn: &Connection, rep: RepId) -> Result<Vec<Commitment>, StoreError> {
    select(
        conn,
        "WHERE rep_id = ?1 ORDER BY status <> 'open', due_day, id",
        [rep.0],
    )
}

/// What a session's workspace follows up: the rep's open commitments, and those agreed in
/// `session` whatever their status. Open ones first, then by due date.
pub fn open_or_agreed_in(
    conn: &Connection,
    rep: RepId,
    session: Option<SessionId>,
) -> Result<Vec<Commitment>, StoreError> {
    select(
        conn,
        "WHERE rep_id = ?1 AND (status = 'open' OR session_id = ?2)
         ORDER BY status <> 'open', due_day, id",
        params![rep.0, session.map(|s| s.0)],
    )
}

/// Open commitments of every rep due on or before `day`.
pub fn open_due_by(
    conn: &Connection,
    day: chrono::NaiveDate,
) -> Result<Vec<Commitment>, StoreError> {
    select(
        conn,
        "WHERE status = 'open' AND due_day <= ?1 ORDER BY due_day, id",
        [to_day(day)],
    )
}

/// The commitments that `clauses` (a WHERE and an ORDER BY) pick, in their order.
fn select(
    conn: &Connection,
    clauses: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Commitment>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM commitments {clauses}"))?;
    let rows = stmt
        .query_map(params, read)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(parse).collect()
}
