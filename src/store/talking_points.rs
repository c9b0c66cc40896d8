//! The `talking_points` table.

use rusqlite::{Connection, Row, params};

use super::StoreError;
use super::framework::parse_bucket;
use crate::domain::Bucket;
use crate::domain::session::{SessionId, TalkingPoint, TalkingPointId};

pub fn insert(
    conn: &Connection,
    session: SessionId,
    bucket: Bucket,
    text: &str,
    reason: &str,
) -> Result<TalkingPointId, StoreError> {
    let position: i64 = conn.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM talking_points WHERE session_id = ?1",
        [session.0],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO talking_points (session_id, bucket, text, reason, covered, position)
         VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![session.0, bucket.code(), text, reason, position],
    )?;
    Ok(TalkingPointId(conn.last_insert_rowid()))
}

/// Writes the point as given, id included: how undo puts it back.
pub fn put(conn: &Connection, p: &TalkingPoint) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO talking_points (id, session_id, bucket, text, reason, covered, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET text = excluded.text, reason = excluded.reason,
             covered = excluded.covered, position = excluded.position",
        params![
            p.id.0,
            p.session_id.0,
            p.bucket.code(),
            p.text,
            p.reason,
            p.covered,
            p.position
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: TalkingPointId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM talking_points WHERE id = ?1", [id.0])?;
    Ok(())
}

fn read(row: &Row<'_>) -> rusqlite::Result<(TalkingPoint, String)> {
    Ok((
        TalkingPoint {
            id: TalkingPointId(row.get(0)?),
            session_id: SessionId(row.get(1)?),
            bucket: Bucket::Organization,
            text: row.get(3)?,
            reason: row.get(4)?,
            covered: row.get(5)?,
            position: row.get(6)?,
        },
        row.get(2)?,
    ))
}

const COLUMNS: &str = "id, session_id, bucket, text, reason, covered, position";

pub fn for_session(conn: &Connection, session: SessionId) -> Result<Vec<TalkingPoint>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM talking_points WHERE session_id = ?1 ORDER BY position, id"
    ))?;
    let rows = stmt
        .query_map([session.0], read)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(mut point, bucket)| {
            point.bucket = parse_bucket(&bucket)?;
            Ok(point)
        })
        .collect()
}

pub fn get(conn: &Connection, id: TalkingPointId) -> Result<Option<TalkingPoint>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM talking_points WHERE id = ?1"
    ))?;
    let mut rows = stmt.query_map([id.0], read)?;
    match rows.next() {
        Some(row) => {
            let (mut point, bucket) = row?;
            point.bucket = parse_bucket(&bucket)?;
            Ok(Some(point))
        }
        None => Ok(None),
    }
}
