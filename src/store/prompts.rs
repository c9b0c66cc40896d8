//! The `prompts` table: the dialogue prompts of each bucket.

use rusqlite::{Connection, params};

use super::StoreError;
use crate::domain::Bucket;
use crate::domain::framework::Prompt;

pub fn insert(
    conn: &Connection,
    bucket: Bucket,
    text: &str,
    position: i64,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO prompts (bucket, text, position) VALUES (?1, ?2, ?3)",
        params![bucket.code(), text, position],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn restore(conn: &Connection, prompt: &Prompt) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO prompts (id, bucket, text, position) VALUES (?1, ?2, ?3, ?4)",
        params![
            prompt.id,
            prompt.bucket.code(),
            prompt.text,
            prompt.position
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, id: i64, text: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE prompts SET text = ?2 WHERE id = ?1",
        params![id, text],
    )?;
    Ok(())
}

pub fn set_position(conn: &Connection, id: i64, position: i64) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE prompts SET position = ?2 WHERE id = ?1",
        params![id, position],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<(), StoreError> {
    conn.execute("DELETE FROM prompts WHERE id = ?1", [id])?;
    Ok(())
}

pub fn next_position(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM prompts",
        [],
        |r| r.get(0),
    )?)
}
