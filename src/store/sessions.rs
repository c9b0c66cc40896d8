//! The `sessions` and `session_notes` tables.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::framework::parse_bucket;
use super::time::bad;
use super::{StoreError, from_utc_ms, to_utc_ms};
use crate::domain::cadence::CadenceId;
use crate::domain::rep::RepId;
use crate::domain::session::{
    BucketNotes, Prep, Session, SessionId, SessionStatus, SkipReason, UpfrontContract,
};

const COLUMNS: &str = "id, rep_id, cadence_id, occurrence_utc_ms, start_utc_ms, duration_mins,
                       status, skip_reason, skip_note, purpose, agenda, desired_outcome,
                       prep_outcome, prep_ask, summary, focus_accounts";

struct RawSession {
    id: i64,
    rep_id: i64,
    cadence_id: Option<i64>,
    occurrence: Option<i64>,
    start: i64,
    duration_mins: u32,
    status: String,
    skip_reason: Option<String>,
    skip_note: String,
    texts: [String; 7],
}

fn read(row: &Row<'_>) -> rusqlite::Result<RawSession> {
    Ok(RawSession {
        id: row.get(0)?,
        rep_id: row.get(1)?,
        cadence_id: row.get(2)?,
        occurrence: row.get(3)?,
        start: row.get(4)?,
        duration_mins: row.get(5)?,
        status: row.get(6)?,
        skip_reason: row.get(7)?,
        skip_note: row.get(8)?,
        texts: [
            row.get(9)?,
            row.get(10)?,
            row.get(11)?,
            row.get(12)?,
            row.get(13)?,
            row.get(14)?,
            row.get(15)?,
        ],
    })
}

fn parse(raw: RawSession) -> Result<Session, StoreError> {
    let status = SessionStatus::from_code(&raw.status)
        .ok_or_else(|| bad(format!("unknown session status \"{}\"", raw.status)))?;
    let skip_reason = raw
        .skip_reason
        .map(|code| {
            SkipReason::from_parts(&code, &raw.skip_note)
                .ok_or_else(|| bad(format!("unknown skip reason \"{code}\"")))
        })
        .transpose()?;
    let [
        purpose,
        agenda,
        desired_outcome,
        outcome_wanted,
        ask_for,
        summary,
        focus_accounts,
    ] = raw.texts;
    Ok(Session {
        id: SessionId(raw.id),
        rep_id: RepId(raw.rep_id),
        cadence_id: raw.cadence_id.map(CadenceId),
        occurrence: raw.occurrence.map(from_utc_ms).transpose()?,
        start: from_utc_ms(raw.start)?,
        duration_mins: raw.duration_mins,
        status,
        skip_reason,
        contract: UpfrontContract {
            purpose,
            agenda,
            desired_outcome,
        },
        prep: Prep {
            outcome_wanted,
            ask_for,
            focus_accounts,
        },
        summary,
    })
}

fn write(
    conn: &Connection,
    id: Option<SessionId>,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<SessionId, StoreError> {
    let skip_code = session.skip_reason.as_ref().map(|r| r.code());
    let skip_note = session.skip_reason.as_ref().map(|r| r.note()).unwrap_or("");
    conn.prepare_cached(
        "INSERT INTO sessions (id, rep_id, cadence_id, occurrence_utc_ms, start_utc_ms,
                               duration_mins, status, skip_reason, skip_note, purpose, agenda,
                               desired_outcome, prep_outcome, prep_ask, summary, focus_accounts,
                               created_utc_ms, updated_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, ?16, ?16)
         ON CONFLICT (id) DO UPDATE SET
             rep_id = excluded.rep_id, cadence_id = excluded.cadence_id,
             occurrence_utc_ms = excluded.occurrence_utc_ms, start_utc_ms = excluded.start_utc_ms,
             duration_mins = excluded.duration_mins, status = excluded.status,
             skip_reason = excluded.skip_reason, skip_note = excluded.skip_note,
             purpose = excluded.purpose, agenda = excluded.agenda,
             desired_outcome = excluded.desired_outcome, prep_outcome = excluded.prep_outcome,
             prep_ask = excluded.prep_ask, summary = excluded.summary,
             focus_accounts = excluded.focus_accounts,
             updated_utc_ms = excluded.updated_utc_ms",
    )?
    .execute(params![
        id.map(|i| i.0),
        session.rep_id.0,
        session.cadence_id.map(|c| c.0),
        session.occurrence.map(to_utc_ms),
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
        to_utc_ms(now),
        session.prep.focus_accounts
    ])?;
    Ok(id.unwrap_or(SessionId(conn.last_insert_rowid())))
}

/// Writes a touched occurrence or a one-off session and returns its new id.
pub fn insert(
    conn: &Connection,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<SessionId, StoreError> {
    write(conn, None, session, now)
}

/// Writes the session as given, id included, with exactly these notes.
pub fn put(
    conn: &Connection,
    session: &Session,
    notes: &[BucketNotes],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    write(conn, Some(session.id), session, now)?;
    conn.execute(
        "DELETE FROM session_notes WHERE session_id = ?1",
        [session.id.0],
    )?;
    for note in notes {
        insert_notes(conn, session.id, note)?;
    }
    Ok(())
}

pub fn delete(conn: &Connection, id: SessionId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM sessions WHERE id = ?1", [id.0])?;
    Ok(())
}

pub fn get(conn: &Connection, id: SessionId) -> Result<Option<Session>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1"))?
        .query_row([id.0], read)
        .optional()?
        .map(parse)
        .transpose()
}

/// The stored occurrence of a cadence's slot, if it was touched.
pub fn find_slot(
    conn: &Connection,
    cadence: CadenceId,
    occurrence: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sessions WHERE cadence_id = ?1 AND occurrence_utc_ms = ?2"
    ))?
    .query_row(params![cadence.0, to_utc_ms(occurrence)], read)
    .optional()?
    .map(parse)
    .transpose()
}

/// Sessions that start in `[from, to)` or whose slot lies there (a moved session shows
/// where it went, and its slot is not offered again where it was).
pub fn between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Session>, StoreError> {
    // A slot's time is searched through the (cadence, slot) index, one cadence at a time:
    // with no index of its own, the OR made SQLite read all 26,000 sessions of ten years
    // for every week shown. Only sessions of a cadence have a slot time.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sessions
         WHERE (start_utc_ms >= ?1 AND start_utc_ms < ?2)
            OR (cadence_id IN (SELECT id FROM cadences)
                AND occurrence_utc_ms >= ?1 AND occurrence_utc_ms < ?2)
         ORDER BY start_utc_ms"
    ))?;
    let rows = stmt
        .query_map(params![to_utc_ms(from), to_utc_ms(to)], read)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(parse).collect()
}

/// The stored sessions of a cadence from `from` on (by slot or by start).
pub fn of_cadence_from(
    conn: &Connection,
    cadence: CadenceId,
    from: DateTime<Utc>,
) -> Result<Vec<Session>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sessions
         WHERE cadence_id = ?1 AND (occurrence_utc_ms >= ?2 OR start_utc_ms >= ?2)"
    ))?;
    let rows = stmt
        .query_map(params![cadence.0, to_utc_ms(from)], read)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(parse).collect()
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

pub fn notes(conn: &Connection, session: SessionId) -> Result<Vec<BucketNotes>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT bucket, shared_text, private_text FROM session_notes WHERE session_id = ?1",
    )?;
    let rows = stmt
        .query_map([session.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(bucket, shared, private)| {
            Ok(BucketNotes {
                bucket: parse_bucket(&bucket)?,
                shared,
                private,
            })
        })
        .collect()
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

/// Every held session that started at or after `since`, as (rep, start, minutes): what the
/// time coached is counted from.
pub fn held_since(
    conn: &Connection,
    since: DateTime<Utc>,
) -> Result<Vec<(RepId, DateTime<Utc>, u32)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT rep_id, start_utc_ms, duration_mins FROM sessions
         WHERE status = 'held' AND start_utc_ms >= ?1",
    )?;
    let rows = stmt
        .query_map([to_utc_ms(since)], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, u32>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(rep, ms, mins)| Ok((RepId(rep), from_utc_ms(ms)?, mins)))
        .collect()
}

/// The ids of the rep's held sessions that started at or after `since`.
pub fn held_ids_since(
    conn: &Connection,
    rep: RepId,
    since: DateTime<Utc>,
) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM sessions
         WHERE rep_id = ?1 AND status = 'held' AND start_utc_ms >= ?2 ORDER BY start_utc_ms",
    )?;
    let ids = stmt
        .query_map(params![rep.0, to_utc_ms(since)], |row| row.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}

/// The rep's most recent held session that started before `before`.
pub fn previous_held(
    conn: &Connection,
    rep: RepId,
    before: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sessions
         WHERE rep_id = ?1 AND status = 'held' AND start_utc_ms < ?2
         ORDER BY start_utc_ms DESC LIMIT 1"
    ))?
    .query_row(params![rep.0, to_utc_ms(before)], read)
    .optional()?
    .map(parse)
    .transpose()
}
