//! The `observations` table.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{StoreError, to_day, to_utc_ms};
use crate::domain::observation::{ObservationDraft, ObservationId, Visibility};
use crate::domain::rep::RepId;

pub fn insert(
    conn: &Connection,
    draft: &ObservationDraft,
    now: DateTime<Utc>,
) -> Result<ObservationId, StoreError> {
    conn.execute(
        "INSERT INTO observations (rep_id, skill_id, observed_day, rating, evidence, context,
                                   account, session_id, shared, created_utc_ms, updated_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            draft.rep_id.0,
            draft.skill_id.0,
            to_day(draft.observed_on),
            draft.rating.to_stored(),
            draft.evidence,
            draft.context.code(),
            draft.account,
            draft.session_id.map(|s| s.0),
            draft.visibility == Visibility::Shared,
            to_utc_ms(now)
        ],
    )?;
    Ok(ObservationId(conn.last_insert_rowid()))
}

/// How many observations each rep has: a first sense of how well a rep is known.
pub fn count_by_rep(conn: &Connection) -> Result<HashMap<RepId, i64>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT rep_id, count(*) FROM observations GROUP BY rep_id")?;
    let rows = stmt.query_map([], |row| Ok((RepId(row.get(0)?), row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
