//! The `busy_blocks` table, and where they were read from (kept in `meta`): the manager's
//! own calendar as busy time, replaced whole each time the calendar file is read.

use rusqlite::{Connection, params};

use super::time::{from_utc_ms, to_utc_ms};
use super::{StoreError, meta};
use crate::domain::busy::{BusyBlock, BusySource};

const SOURCE_PATH: &str = "busy_source_path";
const SOURCE_REREAD: &str = "busy_reread_at_start";
const SOURCE_TITLES: &str = "busy_keep_titles";
const SOURCE_READ_AT: &str = "busy_read_utc_ms";

/// Every block, by start.
pub fn all(conn: &Connection) -> Result<Vec<BusyBlock>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT start_utc_ms, end_utc_ms, title FROM busy_blocks ORDER BY start_utc_ms, id",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (start, end, title) = row?;
        out.push(BusyBlock {
            start: from_utc_ms(start)?,
            end: from_utc_ms(end)?,
            title,
        });
    }
    Ok(out)
}

/// Replaces every block with `blocks`.
pub fn replace(conn: &Connection, blocks: &[BusyBlock]) -> Result<(), StoreError> {
    conn.execute("DELETE FROM busy_blocks", [])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO busy_blocks (start_utc_ms, end_utc_ms, title) VALUES (?1, ?2, ?3)",
    )?;
    for block in blocks {
        insert.execute(params![
            to_utc_ms(block.start),
            to_utc_ms(block.end),
            block.title
        ])?;
    }
    Ok(())
}

pub fn source(conn: &Connection) -> Result<BusySource, StoreError> {
    let flag =
        |key| -> Result<bool, StoreError> { Ok(meta::get(conn, key)?.as_deref() == Some("1")) };
    Ok(BusySource {
        path: meta::get(conn, SOURCE_PATH)?.filter(|p| !p.is_empty()),
        reread: flag(SOURCE_REREAD)?,
        keep_titles: flag(SOURCE_TITLES)?,
        read_at: meta::get(conn, SOURCE_READ_AT)?
            .and_then(|v| v.parse().ok())
            .and_then(|ms| from_utc_ms(ms).ok()),
    })
}

pub fn set_source(conn: &Connection, source: &BusySource) -> Result<(), StoreError> {
    let flag = |on: bool| if on { "1" } else { "0" };
    meta::set(conn, SOURCE_PATH, source.path.as_deref().unwrap_or(""))?;
    meta::set(conn, SOURCE_REREAD, flag(source.reread))?;
    meta::set(conn, SOURCE_TITLES, flag(source.keep_titles))?;
    match source.read_at {
        Some(at) => meta::set(conn, SOURCE_READ_AT, &to_utc_ms(at).to_string())?,
        None => meta::delete(conn, SOURCE_READ_AT)?,
    }
    Ok(())
}
