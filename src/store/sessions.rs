//! The `sessions` and `session_notes` tables.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{StoreError, from_utc_ms, to_utc_ms};
use crate::domain::rep::RepId;
use crate::domain::session::{BucketNotes, Session, SessionId};

/// Writes a touched occurrence or a one-off session. `occurrence` is the slot's original
/// start for sessions that belong to a cadence.
pub fn insert(
    conn: &Connection,
    session: &Session,
    occurrence: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<SessionId, StoreError> {
    let skip_code = session.skip_reason.as_ref().map(|r| r.code());
    let skip_note = session.skip_reason.as_ref().map(|r| r.note()).unwrap_or("");
    conn.execute(
        "INSERT INTO sessions (rep_id, cadence_id, occurrence_utc_ms, start_utc_ms, duration_mins,
                               status, skip_reason, skip_note, purpose, agenda, desired_outcome,
                               prep_outcome, prep_ask, summary, created_utc_ms, updated_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        params![
            session.rep_id.0,
            session.cadence_id.map(|c| c.0),
            occurrence.map(to_utc_ms),
            to_utc_ms(session.start),
            session.duration_mins,
            session.status.code(),
            skip_code,
            skip_note,
            session.contract.purpose,
            session.contract.agenda,
            session.contract.desired_outcome,
            session.prep.outcome_wanted,
            session.prep.ask_for,
            session.summary,
            to_utc_ms(now)
        ],
    )?;
    Ok(SessionId(conn.last_insert_rowid()))
}

pub fn insert_notes(
    conn: &Connection,
    session: SessionId,
    notes: &BucketNotes,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO session_notes (session_id, bucket, shared_text, private_text)
         VALUES (?1, ?2, ?3, ?4)",
        params![session.0, notes.bucket.code(), notes.shared, notes.private],
    )?;
    Ok(())
}

/// The start of each rep's most recent held session: the first sign of a slipping cadence.
pub fn last_held_by_rep(conn: &Connection) -> Result<HashMap<RepId, DateTime<Utc>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT rep_id, max(start_utc_ms) FROM sessions WHERE status = 'held' GROUP BY rep_id",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(rep, ms)| Ok((RepId(rep), from_utc_ms(ms)?)))
        .collect()
}
