//! Numbered schema steps keyed on `PRAGMA user_version`, each applied in its own
//! transaction, so an interrupted upgrade leaves the file at the last complete version.

use rusqlite::{Connection, TransactionBehavior};

use super::open::APPLICATION_ID;

/// Step N takes a file from version N-1 to version N. Append; never edit a shipped step.
const STEPS: &[&str] = &[
    include_str!("sql/001_initial.sql"),
    include_str!("sql/002_evidence_search.sql"),
    include_str!("sql/003_cadence_end.sql"),
    include_str!("sql/004_talking_points.sql"),
    include_str!("sql/005_rep_answers.sql"),
    include_str!("sql/006_rep_shares.sql"),
    include_str!("sql/007_plans_and_session_ratings.sql"),
    include_str!("sql/008_search.sql"),
    include_str!("sql/009_busy_time.sql"),
    include_str!("sql/010_org_outbox.sql"),
    include_str!("sql/011_org_framework.sql"),
    include_str!("sql/012_observation_log_index.sql"),
];

pub const LATEST_VERSION: i64 = STEPS.len() as i64;

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current = user_version(conn)?;
    for (index, sql) in STEPS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= current {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        if version == super::search::INDEX_VERSION {
            super::search::rebuild(&tx)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
