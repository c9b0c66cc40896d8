//! The rep's own copy of the history they read from the organization's server: a rep file
//! like any other, kept in the data folder, so the online rep view saves every answer on
//! this computer first and works on a plane. Its `about` table also counts the edits the
//! server has not taken yet; the count goes only when a send of exactly that state is
//! confirmed, so an answer typed while a send was on its way is sent again.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{RepFile, RepFileError};
use crate::domain::rep_file::answers::RepAnswers;
use crate::domain::rep_file::history::SharedHistory;
use crate::domain::rep_file::token::{ShareToken, TOKEN_BYTES};

const UNSENT_KEY: &str = "online_unsent_edits";

/// Counts one more edit the server has not taken, in the edit's own transaction.
pub(super) fn mark_unsent(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO about (key, value) VALUES (?1, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
        [UNSENT_KEY],
    )?;
    Ok(())
}

fn unsent_edits(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM about WHERE key = ?1",
            [UNSENT_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

impl super::RepFileWriter {
    /// How many edits the server has not taken yet; `None` when it has them all.
    pub fn unsent_edits(&self) -> Result<Option<i64>, RepFileError> {
        unsent_edits(self.conn()).map_err(|e| RepFileError::from_sqlite(self.path(), e))
    }

    /// The server took the answers as they were after `edits` unsent edits: unless the rep
    /// edited again meanwhile, nothing is left to send.
    pub fn mark_sent(&self, edits: i64) -> Result<(), RepFileError> {
        self.conn()
            .execute(
                "DELETE FROM about WHERE key = ?1 AND value = ?2",
                params![UNSENT_KEY, edits.to_string()],
            )
            .map(|_| ())
            .map_err(|e| RepFileError::from_sqlite(self.path(), e))
    }
}

/// The answers of the copy at `path` that the server has not taken, when the copy is the
/// history of rep `rep_id` and has any.
pub fn unsent_answers(path: &Path, rep_id: i64) -> Result<Option<RepAnswers>, RepFileError> {
    if !path.exists() {
        return Ok(None);
    }
    let file: RepFile = super::read(path)?;
    let conn = super::open(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let unsent = unsent_edits(&conn).map_err(|e| RepFileError::from_sqlite(path, e))?;
    Ok((file.history.rep_id == rep_id && unsent.is_some()).then_some(file.answers))
}

/// Writes the copy at `path` (replacing the one there in one rename) with `history` and
/// `answers`; `unsent` when the server does not have these answers yet. Answers about a
/// skill, commitment or session the history no longer holds are left out.
pub fn write_copy(
    history: &SharedHistory,
    answers: &RepAnswers,
    unsent: bool,
    path: &Path,
) -> Result<(), RepFileError> {
    let token = copy_token()?;
    super::write::write_with(history, &token, path, |tx| {
        fill_answers(tx, answers)?;
        if unsent {
            mark_unsent(tx)?;
        }
        Ok(())
    })
}

fn fill_answers(tx: &Transaction<'_>, answers: &RepAnswers) -> rusqlite::Result<()> {
    for a in &answers.assessments {
        tx.execute(
            "INSERT INTO self_assessments (skill_id, rating, comment)
             SELECT id, ?2, ?3 FROM skills WHERE id = ?1 AND NOT retired",
            params![a.skill_id.0, a.rating, a.comment],
        )?;
    }
    for r in &answers.reflections {
        tx.execute(
            "INSERT INTO reflections (commitment_id, text) SELECT id, ?2 FROM commitments
             WHERE id = ?1",
            params![r.commitment_id, r.text],
        )?;
    }
    for (position, t) in answers.topics.iter().enumerate() {
        tx.execute(
            "INSERT INTO topics (bucket, text, position) VALUES (?1, ?2, ?3)",
            params![t.bucket.code(), t.text, position as i64],
        )?;
    }
    for r in &answers.session_ratings {
        tx.execute(
            "INSERT INTO session_ratings (session_id, usefulness, comment)
             SELECT id, ?2, ?3 FROM sessions WHERE id = ?1",
            params![r.session_id, r.usefulness, r.comment],
        )?;
    }
    Ok(())
}

/// The copy's token is checked by no one (its answers travel as the rep's login), but a
/// rep file carries one, and a random one says nothing about anybody.
fn copy_token() -> Result<ShareToken, RepFileError> {
    use rand::TryRngCore;
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|e| {
        RepFileError::Invalid(format!(
            "This computer gave Coachbook no random numbers ({e})."
        ))
    })?;
    Ok(ShareToken::from_bytes(&bytes))
}
