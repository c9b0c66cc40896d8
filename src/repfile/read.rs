//! Reading a rep file back into a [`SharedHistory`] and the rep's answers. Every value is
//! checked: a file that was edited by hand or damaged in transit is refused with the
//! reason, never half-read.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::Value;

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
use crate::domain::text_fields::CleanText;
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

    /// Rows of `N` loosely typed values; the accessors below check each one, so a value
    /// of the wrong type is a sentence rather than a failed query.
    fn rows<const N: usize>(&self, sql: &str) -> Result<Vec<[Value; N]>, RepFileError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.bad(e))?;
        let rows = stmt
            .query_map([], |r| {
                let mut out: [Value; N] = std::array::from_fn(|_| Value::Null);
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

    fn int(&self, value: &Value, what: &str) -> Result<i64, RepFileError> {
        match value {
            Value::Integer(i) => Ok(*i),
            _ => Err(self.bad(format!("{what} is not a number"))),
        }
    }

    fn opt_int(&self, value: &Value, what: &str) -> Result<Option<i64>, RepFileError> {
        match value {
            Value::Null => Ok(None),
            other => self.int(other, what).map(Some),
        }
    }

    fn text(&self, value: Value, what: &str) -> Result<String, RepFileError> {
        match value {
            Value::Text(s) => Ok(s),
            _ => Err(self.bad(format!("{what} is not text"))),
        }
    }

    fn bucket(&self, value: Value) -> Result<Bucket, RepFileError> {
        let code = self.text(value, "a bucket")?;
        Bucket::from_code(&code).ok_or_else(|| self.bad(format!("unknown bucket \"{code}\"")))
    }

    fn rating(&self, value: &Value, what: &str) -> Result<u8, RepFileError> {
        let n = self.int(value, what)?;
        u8::try_from(n)
            .ok()
            .filter(|r| (1..=5).contains(r))
            .ok_or_else(|| self.bad(format!("{what} {n} is not 1 to 5")))
    }

    fn day(&self, value: &Value, what: &str) -> Result<chrono::NaiveDate, RepFileError> {
        from_day(self.int(value, what)?).map_err(|e| self.bad(e))
    }

    fn instant(
        &self,
        value: &Value,
        what: &str,
    ) -> Result<chrono::DateTime<chrono::Utc>, RepFileError> {
        from_utc_ms(self.int(value, what)?).map_err(|e| self.bad(e))
    }

    fn load(&self) -> Result<RepFile, RepFileError> {
        let mut about = HashMap::new();
        for [key, value] in self.rows::<2>("SELECT key, value FROM about")? {
            about.insert(self.text(key, "a key")?, self.text(value, "a value")?);
        }
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
            from: self.day(&Value::Integer(number("from_day")?), "the first day")?,
            to: self.day(&Value::Integer(number("to_day")?), "the last day")?,
            generated: self.instant(&Value::Integer(number("generated_utc_ms")?), "the time")?,
            half_life_days: u32::try_from(number("half_life_days")?)
                .ok()
                .filter(|d| *d > 0)
                .ok_or_else(|| self.bad("the half-life is not a positive number"))?,
            sessions: self.sessions()?,
            commitments: self.commitments()?,
            observations: self.observations(&skills)?,
            skills,
        };
        let mut answers = self.answers(&history)?;
        // What a rep typed enters the data file: cleaned here as at every other door.
        answers.clean_text();
        Ok(RepFile { history, answers })
    }

    fn skills(&self) -> Result<Vec<SharedSkill>, RepFileError> {
        self.rows::<8>(
            "SELECT id, bucket, name, description, rubric_1, rubric_3, rubric_5, target
             FROM skills ORDER BY position, id",
        )?
        .into_iter()
        .map(|[id, bucket, name, description, r1, r3, r5, target]| {
            Ok(SharedSkill {
                id: SkillId(self.int(&id, "a skill id")?),
                bucket: self.bucket(bucket)?,
                name: self.text(name, "a skill name")?,
                description: self.text(description, "a description")?,
                rubric: Rubric {
                    level_1: self.text(r1, "a rubric")?,
                    level_3: self.text(r3, "a rubric")?,
                    level_5: self.text(r5, "a rubric")?,
                },
                target: self
                    .opt_int(&target, "a target")?
                    .map(|t| Level::new(t).ok_or_else(|| self.bad(format!("target {t}"))))
                    .transpose()?,
            })
        })
        .collect()
    }

    fn sessions(&self) -> Result<Vec<SharedSession>, RepFileError> {
        let mut notes: HashMap<i64, Vec<(Bucket, String)>> = HashMap::new();
        for [session, bucket, text] in
            self.rows::<3>("SELECT session_id, bucket, text FROM session_notes")?
        {
            let session = self.int(&session, "a note's session")?;
            let note = (self.bucket(bucket)?, self.text(text, "a note")?);
            notes.entry(session).or_default().push(note);
        }
        self.rows::<4>(
            "SELECT id, start_utc_ms, duration_mins, summary FROM sessions
             ORDER BY start_utc_ms, id",
        )?
        .into_iter()
        .map(|[id, start, duration, summary]| {
            let id = self.int(&id, "a session id")?;
            let mut notes = notes.remove(&id).unwrap_or_default();
            notes.sort_by_key(|(b, _)| *b);
            Ok(SharedSession {
                id,
                start: self.instant(&start, "a session's start")?,
                duration_mins: u32::try_from(self.int(&duration, "a duration")?)
                    .map_err(|_| self.bad("a duration is negative"))?,
                summary: self.text(summary, "a summary")?,
                notes,
            })
        })
        .collect()
    }

    fn commitments(&self) -> Result<Vec<SharedCommitment>, RepFileError> {
        self.rows::<7>(
            "SELECT id, session_id, text, owner, due_day, status, closed_utc_ms
             FROM commitments ORDER BY due_day, id",
        )?
        .into_iter()
        .map(|[id, session, text, owner, due, status, closed]| {
            let owner = self.text(owner, "an owner")?;
            let status = self.text(status, "a status")?;
            Ok(SharedCommitment {
                id: self.int(&id, "a commitment id")?,
                session_id: self.opt_int(&session, "a commitment's session")?,
                text: self.text(text, "a commitment")?,
                owner: Owner::from_code(&owner)
                    .ok_or_else(|| self.bad(format!("unknown owner \"{owner}\"")))?,
                due_on: self.day(&due, "a due day")?,
                status: CommitmentStatus::from_code(&status)
                    .ok_or_else(|| self.bad(format!("unknown status \"{status}\"")))?,
                closed: match closed {
                    Value::Null => None,
                    other => Some(self.instant(&other, "a closing time")?),
                },
            })
        })
        .collect()
    }

    fn observations(&self, skills: &[SharedSkill]) -> Result<Vec<SharedObservation>, RepFileError> {
        self.rows::<7>(
            "SELECT id, skill_id, observed_day, rating, evidence, context, account
             FROM observations ORDER BY observed_day, id",
        )?
        .into_iter()
        .map(|[id, skill, day, rating, evidence, context, account]| {
            let skill = self.known_skill(&skill, skills)?;
            let context = self.text(context, "a call context")?;
            Ok(SharedObservation {
                id: self.int(&id, "an observation id")?,
                skill_id: skill,
                observed_on: self.day(&day, "an observation's day")?,
                rating: match rating {
                    Value::Null => None,
                    other => Some(self.rating(&other, "a rating")?),
                },
                evidence: self.text(evidence, "evidence")?,
                context: CallContext::from_code(&context)
                    .ok_or_else(|| self.bad(format!("unknown call context \"{context}\"")))?,
                account: self.text(account, "an account")?,
            })
        })
        .collect()
    }

    fn known_skill(&self, value: &Value, skills: &[SharedSkill]) -> Result<SkillId, RepFileError> {
        let id = self.int(value, "a skill id")?;
        skills
            .iter()
            .find(|s| s.id.0 == id)
            .map(|s| s.id)
            .ok_or_else(|| self.bad(format!("skill {id} is named but not in the file")))
    }

    fn answers(&self, history: &SharedHistory) -> Result<RepAnswers, RepFileError> {
        let assessments = self
            .rows::<3>("SELECT skill_id, rating, comment FROM self_assessments ORDER BY skill_id")?
            .into_iter()
            .map(|[skill, rating, comment]| {
                Ok(SelfAssessment {
                    skill_id: self.known_skill(&skill, &history.skills)?,
                    rating: self.rating(&rating, "a self-rating")?,
                    comment: self.text(comment, "a comment")?,
                })
            })
            .collect::<Result<Vec<_>, RepFileError>>()?;
        let reflections = self
            .rows::<2>("SELECT commitment_id, text FROM reflections ORDER BY commitment_id")?
            .into_iter()
            .map(|[id, text]| {
                let id = self.int(&id, "a reflection's commitment")?;
                if !history.commitments.iter().any(|c| c.id == id) {
                    return Err(self.bad(format!("commitment {id} is named but not in the file")));
                }
                Ok(Reflection {
                    commitment_id: id,
                    text: self.text(text, "a reflection")?,
                })
            })
            .collect::<Result<Vec<_>, RepFileError>>()?;
        let topics = self
            .rows::<2>("SELECT bucket, text FROM topics ORDER BY position, id")?
            .into_iter()
            .map(|[bucket, text]| {
                Ok(Topic {
                    bucket: self.bucket(bucket)?,
                    text: self.text(text, "a topic")?,
                })
            })
            .collect::<Result<Vec<_>, RepFileError>>()?;
        Ok(RepAnswers {
            assessments,
            reflections,
            topics,
        })
    }
}
