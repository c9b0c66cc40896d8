//! The `commitments` table.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{StoreError, to_day, to_utc_ms};
use crate::domain::commitment::{CommitmentDraft, CommitmentId, CommitmentStatus};

pub fn insert(
    conn: &Connection,
    draft: &CommitmentDraft,
    status: CommitmentStatus,
    closed: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<CommitmentId, StoreError> {
    conn.execute(
        "INSERT INTO commitments (rep_id, session_id, text, owner, due_day, status,
                                  created_utc_ms, closed_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            draft.rep_id.0,
            draft.session_id.map(|s| s.0),
            draft.text,
            draft.owner.code(),
            to_day(draft.due_on),
            status.code(),
            to_utc_ms(now),
            closed.map(to_utc_ms)
        ],
    )?;
    Ok(CommitmentId(conn.last_insert_rowid()))
}
