//! The `cadences` table.

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::time::bad;
use super::{StoreError, from_day, from_utc_ms, to_day, to_utc_ms};
use crate::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence, parse_time_zone};
use crate::domain::rep::RepId;

const COLUMNS: &str = "id, rep_id, rrule, start_day, local_time_mins, duration_mins, time_zone,
                       until_day, count, ended_utc_ms";

fn end_columns(end: CadenceEnd) -> (Option<i64>, Option<i64>) {
    match end {
        CadenceEnd::Never => (None, None),
        CadenceEnd::Until(date) => (Some(to_day(date)), None),
        CadenceEnd::Count(n) => (None, Some(i64::from(n))),
    }
}

fn minutes(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight() / 60)
}

pub fn insert(
    conn: &Connection,
    cadence: &Cadence,
    now: DateTime<Utc>,
) -> Result<CadenceId, StoreError> {
    cadence.validate()?;
    write(conn, None, cadence, now)
}

/// Writes the cadence as given, id included: how undo puts a schedule back.
pub fn put(conn: &Connection, cadence: &Cadence, now: DateTime<Utc>) -> Result<(), StoreError> {
    write(conn, Some(cadence.id), cadence, now).map(drop)
}

/// Inserts (a `None` id takes the next one) or overwrites a cadence.
fn write(
    conn: &Connection,
    id: Option<CadenceId>,
    cadence: &Cadence,
    now: DateTime<Utc>,
) -> Result<CadenceId, StoreError> {
    let (until_day, count) = end_columns(cadence.end);
    conn.execute(
        "INSERT INTO cadences (id, rep_id, rrule, start_day, local_time_mins, duration_mins,
                               time_zone, until_day, count, active, ended_utc_ms, created_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET
             rep_id = excluded.rep_id, rrule = excluded.rrule, start_day = excluded.start_day,
             local_time_mins = excluded.local_time_mins, duration_mins = excluded.duration_mins,
             time_zone = excluded.time_zone, until_day = excluded.until_day,
             count = excluded.count, active = excluded.active,
             ended_utc_ms = excluded.ended_utc_ms",
        params![
            id.map(|i| i.0),
            cadence.rep_id.0,
            cadence.recurrence.to_rrule(),
            to_day(cadence.start_date),
            minutes(cadence.local_time),
            cadence.duration_mins,
            cadence.time_zone.name(),
            until_day,
            count,
            cadence.ended.is_none(),
            cadence.ended.map(to_utc_ms),
            to_utc_ms(now)
        ],
    )?;
    Ok(id.unwrap_or(CadenceId(conn.last_insert_rowid())))
}

pub fn delete(conn: &Connection, id: CadenceId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM cadences WHERE id = ?1", [id.0])?;
    Ok(())
}

struct RawCadence {
    id: i64,
    rep_id: i64,
    rrule: String,
    start_day: i64,
    time_mins: u32,
    duration_mins: u32,
    time_zone: String,
    until: Option<i64>,
    count: Option<u32>,
    ended: Option<i64>,
}

fn read(row: &Row<'_>) -> rusqlite::Result<RawCadence> {
    Ok(RawCadence {
        id: row.get(0)?,
        rep_id: row.get(1)?,
        rrule: row.get(2)?,
        start_day: row.get(3)?,
        time_mins: row.get(4)?,
        duration_mins: row.get(5)?,
        time_zone: row.get(6)?,
        until: row.get(7)?,
        count: row.get(8)?,
        ended: row.get(9)?,
    })
}

fn parse(raw: RawCadence) -> Result<Cadence, StoreError> {
    let recurrence = Recurrence::from_rrule(&raw.rrule).ok_or_else(|| {
        bad(format!(
            "the recurrence \"{}\" is not one Coachbook reads",
            raw.rrule
        ))
    })?;
    let local_time = NaiveTime::from_num_seconds_from_midnight_opt(raw.time_mins * 60, 0)
        .ok_or_else(|| bad(format!("{} minutes is not a time of day", raw.time_mins)))?;
    let end = match (raw.until, raw.count) {
        (Some(day), _) => CadenceEnd::Until(from_day(day)?),
        (None, Some(n)) => CadenceEnd::Count(n),
        (None, None) => CadenceEnd::Never,
    };
    Ok(Cadence {
        id: CadenceId(raw.id),
        rep_id: RepId(raw.rep_id),
        recurrence,
        start_date: from_day(raw.start_day)?,
        local_time,
        duration_mins: raw.duration_mins,
        time_zone: parse_time_zone(&raw.time_zone)?,
        end,
        ended: raw.ended.map(from_utc_ms).transpose()?,
    })
}

pub fn get(conn: &Connection, id: CadenceId) -> Result<Option<Cadence>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM cadences WHERE id = ?1"))?
        .query_row([id.0], read)
        .optional()?
        .map(parse)
        .transpose()
}

/// Every cadence, current and replaced: replaced ones still own their past occurrences.
pub fn list(conn: &Connection) -> Result<Vec<Cadence>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM cadences ORDER BY rep_id, id"
    ))?;
    let rows = stmt.query_map([], read)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(parse).collect()
}

/// The one current cadence of each rep that has one.
pub fn list_active(conn: &Connection) -> Result<Vec<Cadence>, StoreError> {
    Ok(list(conn)?
        .into_iter()
        .filter(|c| c.ended.is_none())
        .collect())
}

pub fn active_for(conn: &Connection, rep: RepId) -> Result<Option<Cadence>, StoreError> {
    Ok(list_active(conn)?.into_iter().find(|c| c.rep_id == rep))
}
