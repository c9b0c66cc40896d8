//! The `self_assessments`, `commitment_reflections`, `rep_topics` and
//! `rep_answer_imports` tables: a rep's answers as last imported, kept per rep so an
//! import touches no other rep's rows.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, from_utc_ms, time::bad, to_utc_ms};
use crate::domain::Bucket;
use crate::domain::rep::RepId;
use crate::domain::rep_file::answers::{
    MAX_COMMENT_CHARS, MAX_REFLECTION_CHARS, MAX_REFLECTIONS, MAX_SELF_ASSESSMENTS,
    MAX_TOPIC_CHARS, MAX_TOPICS_PER_BUCKET, ReceivedAnswers, Reflection, RepAnswers,
    SelfAssessment, Topic,
};
use crate::domain::skill::SkillId;

/// A limit as SQLite takes it.
fn bound(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// What is stored for `rep`. Reads stop at the limits of a rep file, so answers stored
/// before those limits existed can never flood a screen or the memory.
pub fn get(conn: &Connection, rep: RepId) -> Result<ReceivedAnswers, StoreError> {
    let received = conn
        .query_row(
            "SELECT received_utc_ms FROM rep_answer_imports WHERE rep_id = ?1",
            [rep.0],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .map(from_utc_ms)
        .transpose()?;
    let mut stmt = conn.prepare_cached(
        "SELECT skill_id, rating, substr(comment, 1, ?2) FROM self_assessments WHERE rep_id = ?1
         ORDER BY skill_id LIMIT ?3",
    )?;
    let assessments = stmt
        .query_map(
            params![rep.0, bound(MAX_COMMENT_CHARS), bound(MAX_SELF_ASSESSMENTS)],
            |r| {
                Ok(SelfAssessment {
                    skill_id: SkillId(r.get(0)?),
                    rating: r.get(1)?,
                    comment: r.get(2)?,
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT r.commitment_id, substr(r.text, 1, ?2) FROM commitment_reflections r
         JOIN commitments c ON c.id = r.commitment_id
         WHERE c.rep_id = ?1 ORDER BY r.commitment_id LIMIT ?3",
    )?;
    let reflections = stmt
        .query_map(
            params![rep.0, bound(MAX_REFLECTION_CHARS), bound(MAX_REFLECTIONS)],
            |r| {
                Ok(Reflection {
                    commitment_id: r.get(0)?,
                    text: r.get(1)?,
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT bucket, substr(text, 1, ?2) FROM rep_topics WHERE rep_id = ?1
         ORDER BY position, id LIMIT ?3",
    )?;
    let topics = stmt
        .query_map(
            params![
                rep.0,
                bound(MAX_TOPIC_CHARS),
                bound(MAX_TOPICS_PER_BUCKET * Bucket::ALL.len())
            ],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(code, text)| {
            let bucket = Bucket::from_code(&code).ok_or_else(|| bad(format!("bucket {code}")))?;
            Ok(Topic { bucket, text })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(ReceivedAnswers {
        answers: RepAnswers {
            assessments,
            reflections,
            topics,
        },
        received,
    })
}

/// Replaces everything stored for `rep` with `value`; the caller has checked that every
/// skill exists and every commitment is this rep's.
pub fn replace(conn: &Connection, rep: RepId, value: &ReceivedAnswers) -> Result<(), StoreError> {
    conn.execute("DELETE FROM self_assessments WHERE rep_id = ?1", [rep.0])?;
    conn.execute(
        "DELETE FROM commitment_reflections WHERE commitment_id IN
         (SELECT id FROM commitments WHERE rep_id = ?1)",
        [rep.0],
    )?;
    conn.execute("DELETE FROM rep_topics WHERE rep_id = ?1", [rep.0])?;
    conn.execute("DELETE FROM rep_answer_imports WHERE rep_id = ?1", [rep.0])?;
    let Some(received) = value.received else {
        return Ok(());
    };
    conn.execute(
        "INSERT INTO rep_answer_imports (rep_id, received_utc_ms) VALUES (?1, ?2)",
        params![rep.0, to_utc_ms(received)],
    )?;
    for a in &value.answers.assessments {
        conn.execute(
            "INSERT INTO self_assessments (rep_id, skill_id, rating, comment) VALUES (?1, ?2, ?3, ?4)",
            params![rep.0, a.skill_id.0, a.rating, a.comment],
        )?;
    }
    for r in &value.answers.reflections {
        conn.execute(
            "INSERT INTO commitment_reflections (commitment_id, text) VALUES (?1, ?2)",
            params![r.commitment_id, r.text],
        )?;
    }
    for (position, t) in value.answers.topics.iter().enumerate() {
        conn.execute(
            "INSERT INTO rep_topics (rep_id, bucket, text, position) VALUES (?1, ?2, ?3, ?4)",
            params![rep.0, t.bucket.code(), t.text, position as i64],
        )?;
    }
    Ok(())
}

/// The ids of `rep`'s commitments, so an import keeps only reflections on those.
pub fn commitment_ids(conn: &Connection, rep: RepId) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id FROM commitments WHERE rep_id = ?1")?;
    let ids = stmt
        .query_map([rep.0], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}
