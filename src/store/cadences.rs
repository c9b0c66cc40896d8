//! The `cadences` table.

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::rows::{Fault, RowView, date_of, instant_of, rule};
use super::tables::{Column, ColumnKind};
use super::time::bad;
use super::{StoreError, to_day, to_utc_ms};
use crate::domain::ValidationError;
use crate::domain::cadence::{
    Cadence, CadenceEnd, CadenceId, Recurrence, parse_time_zone, stored_duration_mins, time_of_day,
};
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

/// The columns a cadence is read from, in the order of [`COLUMNS`].
fn read_columns() -> Vec<Column> {
    COLUMNS
        .split(',')
        .map(|name| Column {
            name: name.trim().to_owned(),
            kind: ColumnKind::Any,
        })
        .collect()
}

fn read_values(row: &Row<'_>, width: usize) -> rusqlite::Result<Vec<Value>> {
    (0..width).map(|i| row.get::<_, Value>(i)).collect()
}

/// A cadence from its row, checked as a new one is checked in the window: a rule of the
/// subset a cadence uses, a time zone of the tz database, a time of day, a session's
/// length, dates Coachbook keeps, an end after the start.
pub(crate) fn from_view(row: &RowView<'_>) -> Result<Cadence, Fault> {
    let count = row
        .opt_int("count")?
        .map(|n| u32::try_from(n).map_err(|_| rule(ValidationError::CountOutOfRange(n))))
        .transpose()?;
    let end = match (row.opt_int("until_day")?, count) {
        (Some(_), Some(_)) => {
            return Err("a cadence ends on a date or after a number of sessions, not both".into());
        }
        (Some(day), None) => CadenceEnd::Until(date_of(day)?),
        (None, Some(n)) => CadenceEnd::Count(n),
        (None, None) => CadenceEnd::Never,
    };
    let cadence = Cadence {
        id: CadenceId(row.int("id")?),
        rep_id: RepId(row.int("rep_id")?),
        recurrence: Recurrence::parse_rule(row.text("rrule")?).map_err(rule)?,
        start_date: date_of(row.int("start_day")?)?,
        local_time: time_of_day(row.int("local_time_mins")?).map_err(rule)?,
        duration_mins: stored_duration_mins(row.int("duration_mins")?).map_err(rule)?,
        time_zone: parse_time_zone(row.text("time_zone")?).map_err(rule)?,
        end,
        ended: row.opt_int("ended_utc_ms")?.map(instant_of).transpose()?,
    };
    cadence.validate().map_err(rule)?;
    Ok(cadence)
}

/// A cadence row the app cannot use (a file written by hand or by an older Coachbook):
/// skipped by the calendar, flagged to the manager, reported by `check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadableCadence {
    pub id: CadenceId,
    pub rep_id: RepId,
    /// Still the rep's current cadence (not replaced or ended).
    pub current: bool,
    /// Why, as a sentence without its full stop.
    pub reason: Fault,
}

/// Every cadence row: those the app can use, and those it cannot.
#[derive(Clone, Debug, Default)]
pub struct CadenceRows {
    pub readable: Vec<Cadence>,
    pub unreadable: Vec<UnreadableCadence>,
}

/// Every cadence, current and replaced (replaced ones still own their past occurrences),
/// with the rows that break a rule set apart, so one bad row never hides the others.
pub fn list_all(conn: &Connection) -> Result<CadenceRows, StoreError> {
    let columns = read_columns();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, active FROM cadences ORDER BY rep_id, id"
    ))?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                read_values(row, columns.len())?,
                row.get::<_, Value>(columns.len())?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = CadenceRows::default();
    for (values, active) in rows {
        let view = RowView::new(&columns, &values);
        match from_view(&view) {
            Ok(cadence) => out.readable.push(cadence),
            Err(reason) => out.unreadable.push(UnreadableCadence {
                id: CadenceId(view.int("id").unwrap_or_default()),
                rep_id: RepId(view.int("rep_id").unwrap_or_default()),
                current: active == Value::Integer(1)
                    && view.opt_int("ended_utc_ms").ok().flatten().is_none(),
                reason,
            }),
        }
    }
    Ok(out)
}

pub fn get(conn: &Connection, id: CadenceId) -> Result<Option<Cadence>, StoreError> {
    let columns = read_columns();
    let Some(values) = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM cadences WHERE id = ?1"))?
        .query_row([id.0], |row| read_values(row, columns.len()))
        .optional()?
    else {
        return Ok(None);
    };
    from_view(&RowView::new(&columns, &values))
        .map(Some)
        .map_err(|reason| bad(format!("cadence {}: {reason}.", id.0)))
}

/// Every cadence the app can use, current and replaced; see [`list_all`] for the others.
pub fn list(conn: &Connection) -> Result<Vec<Cadence>, StoreError> {
    Ok(list_all(conn)?.readable)
}

/// Ends a cadence row the app cannot read, so a new one can take its place as the rep's
/// current cadence. Its past sessions keep pointing at it.
pub fn end_unreadable(
    conn: &Connection,
    id: CadenceId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE cadences SET active = 0, ended_utc_ms = ?2 WHERE id = ?1",
        params![id.0, to_utc_ms(now)],
    )?;
    Ok(())
}

/// Undoes [`end_unreadable`]: the row is the rep's current cadence again.
pub fn reopen_unreadable(conn: &Connection, id: CadenceId) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE cadences SET active = 1, ended_utc_ms = NULL WHERE id = ?1",
        [id.0],
    )?;
    Ok(())
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
