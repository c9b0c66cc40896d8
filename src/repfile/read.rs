//! Reading a rep file back into a [`SharedHistory`] and the rep's answers. Every value is
//! checked: a file that was edited by hand or damaged in transit is refused with the
//! reason, never half-read.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;

use super::{RepFile, RepFileError};
use crate::domain::Bucket;
use crate::domain::answers::{Reflection, RepAnswers, SelfAssessment, Topic};
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::observation::CallContext;
use crate::domain::rating::Level;
use crate::domain::shared::{
    SharedCommitment, SharedHistory, SharedObservation, SharedSession, SharedSkill,
};
use crate::domain::skill::{Rubric, SkillId};
use crate::store::{from_day, from_utc_ms};

pub(super) fn load(conn: &Connection, path: &Path) -> Result<RepFile, RepFileError> {
    Reader { conn, path }.load()
}

struct Reader<'a> {
    conn: &'a Connection,
    path: &'a Path,
}

impl Reader<'_> {
    fn bad(&self, detail: impl std::fmt::Display) -> RepFileError {
        RepFileError::damaged(self.path, detail)
    }

    /// Rows of `N` loosely typed values, checked one by one by the caller.
    fn rows<const N: usize>(
        &self,
        sql: &str,
    ) -> Result<Vec<[rusqlite::types::Value; N]>, RepFileError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.bad(e))?;
        let rows = stmt
            .query_map([], |r| {
                let mut out: [rusqlite::types::Value; N] =
                    std::array::from_fn(|_| rusqlite::types::Value::Null);
                for (i, slot) in out.iter_mut().enumerate() {
                    *slot = r.get(i)?;
                }
                Ok(out)
            })
            .map_err(|e| self.bad(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.bad(e))?;
        Ok(rows)
    }

    fn load(&self) -> Result<RepFile, RepFileError> {
        let about: HashMap<String, String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT key, value FROM about")
                .map_err(|e| self.bad(e))?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| self.bad(e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.bad(e))?
        };
        let text = |key: &str| {
            about
                .get(key)
                .cloned()
                .ok_or_else(|| self.bad(format!("\"{key}\" is missing")))
        };
        let number = |key: &str| -> Result<i64, RepFileError> {
            text(key)?
                .parse()
                .map_err(|_| self.bad(format!("\"{key}\" is not a number")))
        };
        let skills = self.skills()?;
        let history = SharedHistory {
            rep_id: number("rep_id")?,
            rep_name: text("rep_name")?,
            role_name: text("role_name")?,
            from: from_day(number("from_day")?).map_err(|e| self.bad(e))?,
            to: from_day(number("to_day")?).map_err(|e| self.bad(e))?,
            generated: from_utc_ms(number("generated_utc_ms")?).map_err(|e| self.bad(e))?,
            half_life_days: u32::try_from(number("half_life_days")?)
                .ok()
                .filter(|d| *d > 0)
                .ok_or_else(|| self.bad("the half-life is not a positive number"))?,
            sessions: self.sessions()?,
            commitments: self.commitments()?,
            observations: self.observations(&skills)?,
            skills,
        };
        let answers = self.answers(&history)?;
        Ok(RepFile { history, answers })
    }

    fn skills(&self) -> Result<Vec<SharedSkill>, RepFileError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, bucket, name, description, rubric_1, rubric_3, rubric_5, target
                 FROM skills ORDER BY position, id",
            )
            .map_err(|e| self.bad(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                ))
            })
            .map_err(|e| self.bad(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.bad(e))?;
        rows.into_iter()
            .map(|(id, bucket, name, description, r1, r3, r5, target)| {
                Ok(SharedSkill {
                    id: SkillId(id),
                    bucket: self.bucket(&bucket)?,
                    name,
                    description,
                    rubric: Rubric {
                        level_1: r1,
                        level_3: r3,
                        level_5: r5,
                    },
                    target: target
                        .map(|t| Level::new(t).ok_or_else(|| self.bad(format!("target {t}"))))
                        .transpose()?,
                })
            })
            .collect()
    }

    fn bucket(&self, code: &str) -> Result<Bucket, RepFileError> {
        Bucket::from_code(code).ok_or_else(|| self.bad(format!("unknown bucket \"{code}\"")))
    }

    fn sessions(&self) -> Result<Vec<SharedSession>, RepFileError> {
        let mut notes: HashMap<i64, Vec<(Bucket, String)>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT session_id, bucket, text FROM session_notes")
                .map_err(|e| self.bad(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(|e| self.bad(e))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.bad(e))?;
            for (session, bucket, text) in rows {
                notes
                    .entry(session)
                    .or_default()
                    .push((self.bucket(&bucket)?, text));
            }
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, start_utc_ms, duration_mins, summary FROM sessions ORDER BY start_utc_ms, id")
            .map_err(|e| self.bad(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(|e| self.bad(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.bad(e))?;
        rows.into_iter()
            .map(|(id, start, duration_mins, summary)| {
                let mut notes = notes.remove(&id).unwrap_or_default();
                notes.sort_by_key(|(b, _)| *b);
                Ok(SharedSession {
                    id,
                    start: from_utc_ms(start).map_err(|e| self.bad(e))?,
                    duration_mins,
                    summary,
                    notes,
                })
            })
            .collect()
    }

    fn commitments(&self) -> Result<Vec<SharedCommitment>, RepFileError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, session_id, text, owner, due_day, status, closed_utc_ms
                 FROM commitments ORDER BY due_day, id",
            )
            .map_err(|e| self.bad(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ))
            })
            .map_err(|e| self.bad(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.bad(e))?;
        rows.into_iter()
            .map(|(id, session_id, text, owner, due, status, closed)| {
                Ok(SharedCommitment {
                    id,
                    session_id,
                    text,
                    owner: Owner::from_code(&owner)
                        .ok_or_else(|| self.bad(format!("unknown owner \"{owner}\"")))?,
                    due_on: from_day(due).map_err(|e| self.bad(e))?,
                    status: CommitmentStatus::from_code(&status)
                        .ok_or_else(|| self.bad(format!("unknown status \"{status}\"")))?,
                    closed: closed
                        .map(from_utc_ms)
                        .transpose()
                        .map_err(|e| self.bad(e))?,
                })
            })
            .collect()
    }

    fn observations(&self, skills: &[SharedSkill]) -> Result<Vec<SharedObservation>, RepFileError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, skill_id, observed_day, rating, evidence, context, account
                 FROM observations ORDER BY observed_day, id",
            )
            .map_err(|e| self.bad(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(|e| self.bad(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.bad(e))?;
        rows.into_iter()
            .map(|(id, skill, day, rating, evidence, context, account)| {
                if !skills.iter().any(|s| s.id.0 == skill) {
                    return Err(self.bad(format!(
                        "an observation names skill {skill}, which is not in the file"
                    )));
                }
                Ok(SharedObservation {
                    id,
                    skill_id: SkillId(skill),
                    observed_on: from_day(day).map_err(|e| self.bad(e))?,
                    rating: rating
                        .map(|r| rating_u8(r).ok_or_else(|| self.bad(format!("rating {r}"))))
                        .transpose()?,
                    evidence,
                    context: CallContext::from_code(&context)
                        .ok_or_else(|| self.bad(format!("unknown call context \"{context}\"")))?,
                    account,
                })
            })
            .collect()
    }

    fn answers(&self, history: &SharedHistory) -> Result<RepAnswers, RepFileError> {
        let assessments = self
            .rows::<3>("SELECT skill_id, rating, comment FROM self_assessments ORDER BY skill_id")?
            .into_iter()
            .map(|[skill, rating, comment]| {
                let skill = int(&skill).ok_or_else(|| self.bad("a self-rating names no skill"))?;
                if history.skill(SkillId(skill)).is_none() {
                    return Err(self.bad(format!(
                        "a self-rating names skill {skill}, which is not in the file"
                    )));
                }
                Ok(SelfAssessment {
                    skill_id: SkillId(skill),
                    rating: int(&rating)
                        .and_then(rating_u8)
                        .ok_or_else(|| self.bad("a self-rating is not 1 to 5"))?,
                    comment: string(comment).ok_or_else(|| self.bad("a comment is not text"))?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let reflections = self
            .rows::<2>("SELECT commitment_id, text FROM reflections ORDER BY commitment_id")?
            .into_iter()
            .map(|[id, text]| {
                let id = int(&id).ok_or_else(|| self.bad("a reflection names no commitment"))?;
                if !history.commitments.iter().any(|c| c.id == id) {
                    return Err(self.bad(format!(
                        "a reflection names commitment {id}, which is not in the file"
                    )));
                }
                Ok(Reflection {
                    commitment_id: id,
                    text: string(text).ok_or_else(|| self.bad("a reflection is not text"))?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let topics = self
            .rows::<2>("SELECT bucket, text FROM topics ORDER BY position, id")?
            .into_iter()
            .map(|[bucket, text]| {
                let code = string(bucket).ok_or_else(|| self.bad("a topic has no bucket"))?;
                Ok(Topic {
                    bucket: self.bucket(&code)?,
                    text: string(text).ok_or_else(|| self.bad("a topic is not text"))?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(RepAnswers {
            assessments,
            reflections,
            topics,
        })
    }
}

fn rating_u8(value: i64) -> Option<u8> {
    u8::try_from(value).ok().filter(|r| (1..=5).contains(r))
}

fn int(value: &rusqlite::types::Value) -> Option<i64> {
    match value {
        rusqlite::types::Value::Integer(i) => Some(*i),
        _ => None,
    }
}

fn string(value: rusqlite::types::Value) -> Option<String> {
    match value {
        rusqlite::types::Value::Text(s) => Some(s),
        _ => None,
    }
}
