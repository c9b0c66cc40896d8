//! Writing a rep file: built in a new file beside the target, vacuumed so no freed page
//! keeps a trace of anything, then moved over the target in one rename.

use std::path::Path;

use rusqlite::params;

use super::{REP_FILE_ID, REP_FILE_VERSION, RepFileError};
use crate::domain::rep_file::history::SharedHistory;
use crate::domain::rep_file::token::ShareToken;
use crate::files::Partial;
use crate::store::{connect, to_day, to_utc_ms};

/// Writes `history` as a new rep file at `path` (replacing one that is there), carrying
/// `token`, the share the manager's data file issued for it.
pub fn write(history: &SharedHistory, token: &ShareToken, path: &Path) -> Result<(), RepFileError> {
    write_with(history, token, path, |_| Ok(()))
}

/// Writes a rep file like [`write`], with `extra` rows added in the same transaction
/// before the file takes its place.
pub(super) fn write_with(
    history: &SharedHistory,
    token: &ShareToken,
    path: &Path,
    extra: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
) -> Result<(), RepFileError> {
    let partial = Partial::beside(path)?;
    build(history, token, partial.path(), path, extra)?;
    Ok(partial.commit()?)
}

/// Builds the rep file in `partial`; errors name `target`, the file the manager chose.
fn build(
    history: &SharedHistory,
    token: &ShareToken,
    partial: &Path,
    target: &Path,
    extra: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
) -> Result<(), RepFileError> {
    let sqlite = |e| RepFileError::from_sqlite(target, e);
    let mut conn = connect::open(partial).map_err(sqlite)?;
    conn.pragma_update(None, "journal_mode", "DELETE")
        .map_err(sqlite)?;
    conn.pragma_update(None, "application_id", REP_FILE_ID)
        .map_err(sqlite)?;
    conn.pragma_update(None, "user_version", REP_FILE_VERSION)
        .map_err(sqlite)?;
    let tx = conn.transaction().map_err(sqlite)?;
    tx.execute_batch(include_str!("schema.sql"))
        .map_err(sqlite)?;
    fill(&tx, history, token).map_err(sqlite)?;
    extra(&tx).map_err(sqlite)?;
    tx.commit().map_err(sqlite)?;
    conn.execute_batch("VACUUM").map_err(sqlite)?;
    conn.close().map_err(|(_, e)| sqlite(e))
}

fn fill(
    tx: &rusqlite::Transaction<'_>,
    h: &SharedHistory,
    token: &ShareToken,
) -> rusqlite::Result<()> {
    let about = [
        ("share_token", token.as_str().to_owned()),
        ("rep_id", h.rep_id.to_string()),
        ("rep_name", h.rep_name.clone()),
        ("role_name", h.role_name.clone()),
        ("from_day", to_day(h.from).to_string()),
        ("to_day", to_day(h.to).to_string()),
        ("generated_utc_ms", to_utc_ms(h.generated).to_string()),
        ("half_life_days", h.half_life_days.to_string()),
    ];
    for (key, value) in about {
        tx.execute(
            "INSERT INTO about (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    for (position, s) in h.skills.iter().enumerate() {
        tx.execute(
            "INSERT INTO skills (id, bucket, name, description, rubric_1, rubric_3, rubric_5,
             position, target, retired) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                s.id.0,
                s.bucket.code(),
                s.name,
                s.description,
                s.rubric.level_1,
                s.rubric.level_3,
                s.rubric.level_5,
                position as i64,
                s.target.map(|t| t.get()),
                s.retired,
            ],
        )?;
    }
    for s in &h.sessions {
        tx.execute(
            "INSERT INTO sessions (id, start_utc_ms, duration_mins, summary) VALUES (?1, ?2, ?3, ?4)",
            params![s.id, to_utc_ms(s.start), s.duration_mins, s.summary],
        )?;
        for (bucket, text) in &s.notes {
            tx.execute(
                "INSERT INTO session_notes (session_id, bucket, text) VALUES (?1, ?2, ?3)",
                params![s.id, bucket.code(), text],
            )?;
        }
    }
    for c in &h.commitments {
        tx.execute(
            "INSERT INTO commitments (id, session_id, text, owner, due_day, status, closed_utc_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                c.id,
                c.session_id,
                c.text,
                c.owner.code(),
                to_day(c.due_on),
                c.status.code(),
                c.closed.map(to_utc_ms),
            ],
        )?;
    }
    fill_plans(tx, h)?;
    for o in &h.observations {
        tx.execute(
            "INSERT INTO observations (id, skill_id, observed_day, rating, evidence, context, account)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                o.id,
                o.skill_id.0,
                to_day(o.observed_on),
                o.rating,
                o.evidence,
                o.context.code(),
                o.account,
            ],
        )?;
    }
    Ok(())
}

/// The shared plans, numbered in the order the history holds them.
fn fill_plans(tx: &rusqlite::Transaction<'_>, h: &SharedHistory) -> rusqlite::Result<()> {
    for (position, p) in h.plans.iter().enumerate() {
        tx.execute(
            "INSERT INTO plans (id, skill_id, started_day, start_level, target, review_day, why,
             status, closed_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                position as i64 + 1,
                p.skill_id.0,
                to_day(p.started_on),
                p.start_level,
                p.target.get(),
                to_day(p.review_on),
                p.why,
                p.status.code(),
                p.closed_on.map(to_day),
            ],
        )?;
    }
    Ok(())
}
