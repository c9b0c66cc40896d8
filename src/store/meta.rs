//! Small facts about the file itself (for example whether the first-run choice was made).

use rusqlite::{Connection, OptionalExtension, params};

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
}

pub fn set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    Ok(())
}

/// Set once the manager has chosen between the demo team and an empty start.
pub const SETUP_CHOICE: &str = "setup_choice";
/// Set once the default framework has been written, so it is never written twice.
pub const FRAMEWORK_SEEDED: &str = "framework_seeded";
/// The half-life of the level model, in days, when the manager changed it.
pub const HALF_LIFE_DAYS: &str = "half_life_days";

/// The skill-level half-life this file uses, in days.
pub fn half_life_days(conn: &Connection) -> rusqlite::Result<u32> {
    Ok(crate::domain::levels::half_life_from_text(
        get(conn, HALF_LIFE_DAYS)?.as_deref(),
    ))
}
