//! The `self_assessments`, `commitment_reflections`, `rep_topics`, `session_ratings` and
//! `rep_answer_imports` tables: a rep's answers as last imported, kept per rep so an
//! import touches no other rep's rows.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, from_utc_ms, time::bad, to_utc_ms};
use crate::domain::Bucket;
use crate::domain::rep::RepId;
use crate::domain::rep_file::answers::{
    MAX_COMMENT_CHARS, MAX_REFLECTION_CHARS, MAX_REFLECTIONS, MAX_SELF_ASSESSMENTS,
    MAX_SESSION_RATINGS, MAX_TOPIC_CHARS, MAX_TOPICS_PER_BUCKET, ReceivedAnswers, Reflection,
    RepAnswers, SelfAssessment, SessionRating, Topic,
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
            session_ratings: session_ratings(conn, rep)?,
        },
        received,
    })
}

/// How the rep rated their sessions, by session, as last imported.
fn session_ratings(conn: &Connection, rep: RepId) -> Result<Vec<SessionRating>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.session_id, r.usefulness, substr(r.comment, 1, ?2) FROM session_ratings r
         JOIN sessions s ON s.id = r.session_id
         WHERE s.rep_id = ?1 ORDER BY r.session_id LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(
            params![rep.0, bound(MAX_COMMENT_CHARS), bound(MAX_SESSION_RATINGS)],
            |r| {
                Ok(SessionRating {
                    session_id: r.get(0)?,
                    usefulness: r.get(1)?,
                    comment: r.get(2)?,
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
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
    conn.execute(
        "DELETE FROM session_ratings WHERE session_id IN
         (SELECT id FROM sessions WHERE rep_id = ?1)",
        [rep.0],
    )?;
    conn.execute("DELETE FROM rep_answer_imports WHERE rep_id = ?1", [rep.0])?;
    // Ratings of sessions stay whatever happens to the rest: they build up file by file.
    for r in &value.answers.session_ratings {
        put_session_rating(conn, r)?;
    }
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

/// Writes one session's rating, replacing the one it had.
pub fn put_session_rating(conn: &Connection, rating: &SessionRating) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO session_ratings (session_id, usefulness, comment) VALUES (?1, ?2, ?3)
         ON CONFLICT (session_id) DO UPDATE SET
             usefulness = excluded.usefulness, comment = excluded.comment",
    )?
    .execute(params![
        rating.session_id,
        rating.usefulness,
        rating.comment
    ])?;
    Ok(())
}

/// A held session as its rep rated it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatedSession {
    pub start: chrono::DateTime<chrono::Utc>,
    pub usefulness: u8,
    pub comment: String,
}

/// The rep's rated sessions, newest first.
pub fn rated_sessions(conn: &Connection, rep: RepId) -> Result<Vec<RatedSession>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.start_utc_ms, r.usefulness, substr(r.comment, 1, ?2) FROM session_ratings r
         JOIN sessions s ON s.id = r.session_id
         WHERE s.rep_id = ?1 ORDER BY s.start_utc_ms DESC LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(
            params![rep.0, bound(MAX_COMMENT_CHARS), bound(MAX_SESSION_RATINGS)],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u8>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(start, usefulness, comment)| {
            Ok(RatedSession {
                start: from_utc_ms(start)?,
                usefulness,
                comment,
            })
        })
        .collect()
}

/// Every rep's mean usefulness and the number of sessions they rated: the team's view of
/// how the coaching lands.
pub fn usefulness_by_rep(
    conn: &Connection,
) -> Result<std::collections::HashMap<RepId, (f64, u32)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.rep_id, avg(r.usefulness), count(*) FROM session_ratings r
         JOIN sessions s ON s.id = r.session_id GROUP BY s.rep_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((RepId(r.get(0)?), (r.get::<_, f64>(1)?, r.get::<_, u32>(2)?)))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The ids of `rep`'s held sessions, so an import keeps only ratings of those.
pub fn held_session_ids(conn: &Connection, rep: RepId) -> Result<Vec<i64>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM sessions WHERE rep_id = ?1 AND status = 'held'")?;
    let ids = stmt
        .query_map([rep.0], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}

/// The ids of `rep`'s commitments, so an import keeps only reflections on those.
pub fn commitment_ids(conn: &Connection, rep: RepId) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT id FROM commitments WHERE rep_id = ?1")?;
    let ids = stmt
        .query_map([rep.0], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}
