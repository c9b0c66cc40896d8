//! The `cadences` table.

use chrono::{DateTime, NaiveTime, Timelike, Utc};
use rusqlite::{Connection, params};

use super::time::bad;
use super::{StoreError, from_day, to_day, to_utc_ms};
use crate::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence, parse_time_zone};
use crate::domain::rep::RepId;

pub fn insert(
    conn: &Connection,
    cadence: &Cadence,
    now: DateTime<Utc>,
) -> Result<CadenceId, StoreError> {
    cadence.validate()?;
    let (until_day, count) = match cadence.end {
        CadenceEnd::Never => (None, None),
        CadenceEnd::Until(date) => (Some(to_day(date)), None),
        CadenceEnd::Count(n) => (None, Some(i64::from(n))),
    };
    conn.execute(
        "INSERT INTO cadences (rep_id, rrule, start_day, local_time_mins, duration_mins,
                               time_zone, until_day, count, active, created_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
        params![
            cadence.rep_id.0,
            cadence.recurrence.to_rrule(),
            to_day(cadence.start_date),
            i64::from(cadence.local_time.num_seconds_from_midnight() / 60),
            cadence.duration_mins,
            cadence.time_zone.name(),
            until_day,
            count,
            to_utc_ms(now)
        ],
    )?;
    Ok(CadenceId(conn.last_insert_rowid()))
}

/// The one active cadence of each rep that has one.
pub fn list_active(conn: &Connection) -> Result<Vec<Cadence>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, rep_id, rrule, start_day, local_time_mins, duration_mins, time_zone,
                until_day, count
         FROM cadences WHERE active = 1 ORDER BY rep_id",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, u32>(4)?,
                row.get::<_, u32>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, Option<i64>>(7)?,
                row.get::<_, Option<u32>>(8)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, rep_id, rrule, start_day, time_mins, duration_mins, tz, until, count)| {
                let recurrence = Recurrence::from_rrule(&rrule).ok_or_else(|| {
                    bad(format!(
                        "the recurrence \"{rrule}\" is not one Coachbook reads"
                    ))
                })?;
                let local_time =
                    NaiveTime::from_num_seconds_from_midnight_opt(time_mins * 60, 0)
                        .ok_or_else(|| bad(format!("{time_mins} minutes is not a time of day")))?;
                let end = match (until, count) {
                    (Some(day), _) => CadenceEnd::Until(from_day(day)?),
                    (None, Some(n)) => CadenceEnd::Count(n),
                    (None, None) => CadenceEnd::Never,
                };
                Ok(Cadence {
                    id: CadenceId(id),
                    rep_id: RepId(rep_id),
                    recurrence,
                    start_date: from_day(start_day)?,
                    local_time,
                    duration_mins,
                    time_zone: parse_time_zone(&tz)?,
                    end,
                })
            },
        )
        .collect()
}
