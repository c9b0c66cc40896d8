//! Reading a rep file back into a [`SharedHistory`] and the rep's answers. Every value is
//! checked: a file that was edited by hand or damaged in transit is refused with the
//! reason, never half-read. Every text passes the one cleaning rule before it is shown.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::{RepFile, RepFileError, ReturnedFile};
use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::observation::CallContext;
use crate::domain::plan::PlanStatus;
use crate::domain::rating::Level;
use crate::domain::rep_file::answers::RepAnswers;
use crate::domain::rep_file::history::{
    SharedCommitment, SharedHistory, SharedObservation, SharedPlan, SharedSession, SharedSkill,
};
use crate::domain::skill::{Rubric, SkillId};
use crate::domain::text::{Lines, clean};
use crate::store::{from_day, from_utc_ms};

/// The longest value of the `about` table Coachbook reads: names, dates and numbers.
const MAX_ABOUT_BYTES: i64 = 4_096;

pub(super) fn load(conn: &Connection, path: &Path) -> Result<RepFile, RepFileError> {
    Reader { conn, path }.load()
}

pub(super) fn load_returned(conn: &Connection, path: &Path) -> Result<ReturnedFile, RepFileError> {
    let reader = Reader { conn, path };
    Ok(ReturnedFile {
        identity: reader.identity()?,
        answers: reader.answers()?,
    })
}

pub(super) struct Reader<'a> {
    pub(super) conn: &'a Connection,
    pub(super) path: &'a Path,
}

impl Reader<'_> {
    pub(super) fn bad(&self, detail: impl std::fmt::Display) -> RepFileError {
        RepFileError::damaged(self.path, detail)
    }

    /// One value of the `about` table, refused when missing or longer than any value
    /// Coachbook writes there, so an edited file cannot make it load a huge one.
    pub(super) fn about(&self, key: &str) -> Result<String, RepFileError> {
        let value: Option<Value> = self
            .conn
            .query_row(
                "SELECT CASE WHEN octet_length(value) <= ?2 THEN value END FROM about
                 WHERE key = ?1",
                params![key, MAX_ABOUT_BYTES],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.bad(e))?;
        match value {
            None => Err(self.bad(format!("\"{key}\" is missing"))),
            Some(Value::Text(text)) => Ok(text),
            Some(_) => Err(self.bad(format!("\"{key}\" is not text or is too long"))),
        }
    }

    /// A number of the `about` table, written exactly as Coachbook writes it ("7", never
    /// "07" or "+7"), so no edit of it can pass for the original.
    pub(super) fn about_number(&self, key: &str) -> Result<i64, RepFileError> {
        let text = self.about(key)?;
        text.parse::<i64>()
            .ok()
            .filter(|n| n.to_string() == text)
            .ok_or_else(|| self.bad(format!("\"{key}\" is not a number")))
    }

    /// Rows of `N` loosely typed values; the accessors below check each one, so a value
    /// of the wrong type is a sentence rather than a failed query.
    pub(super) fn rows<const N: usize>(&self, sql: &str) -> Result<Vec<[Value; N]>, RepFileError> {
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

    /// Whether the file has `table`: a version 2 file has no plans and no session ratings.
    pub(super) fn has_table(&self, table: &str) -> Result<bool, RepFileError> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_table_list
                 WHERE schema = 'main' AND type = 'table' AND name = ?1)",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| self.bad(e))
    }

    pub(super) fn int(&self, value: &Value, what: &str) -> Result<i64, RepFileError> {
        match value {
            Value::Integer(i) => Ok(*i),
            _ => Err(self.bad(format!("{what} is not a number"))),
        }
    }

    pub(super) fn opt_int(&self, value: &Value, what: &str) -> Result<Option<i64>, RepFileError> {
        match value {
            Value::Null => Ok(None),
            other => self.int(other, what).map(Some),
        }
    }

    pub(super) fn text(&self, value: Value, what: &str) -> Result<String, RepFileError> {
        match value {
            Value::Text(s) => Ok(s),
            _ => Err(self.bad(format!("{what} is not text"))),
        }
    }

    /// Text of a one-line field, cleaned.
    pub(super) fn line(&self, value: Value, what: &str) -> Result<String, RepFileError> {
        self.text(value, what).map(|t| clean(&t, Lines::One))
    }

    /// Text of a field that may hold several lines, cleaned.
    pub(super) fn lines(&self, value: Value, what: &str) -> Result<String, RepFileError> {
        self.text(value, what).map(|t| clean(&t, Lines::Many))
    }

    pub(super) fn bucket(&self, value: Value) -> Result<Bucket, RepFileError> {
        let code = self.text(value, "a bucket")?;
        Bucket::from_code(&code).ok_or_else(|| self.bad(format!("unknown bucket \"{code}\"")))
    }

    pub(super) fn rating(&self, value: &Value, what: &str) -> Result<u8, RepFileError> {
        let n = self.int(value, what)?;
        u8::try_from(n)
            .ok()
            .filter(|r| (1..=5).contains(r))
            .ok_or_else(|| self.bad(format!("{what} {n} is not 1 to 5")))
    }

    pub(super) fn day(&self, value: &Value, what: &str) -> Result<chrono::NaiveDate, RepFileError> {
        from_day(self.int(value, what)?).map_err(|e| self.bad(e))
    }

    pub(super) fn instant(
        &self,
        value: &Value,
        what: &str,
    ) -> Result<chrono::DateTime<chrono::Utc>, RepFileError> {
        from_utc_ms(self.int(value, what)?).map_err(|e| self.bad(e))
    }

    fn load(&self) -> Result<RepFile, RepFileError> {
        let identity = self.identity()?;
        let skills = self.skills()?;
        let history = SharedHistory {
            rep_id: identity.rep.0,
            rep_name: clean(&identity.rep_name, Lines::One),
            role_name: self.line(Value::Text(self.about("role_name")?), "the role")?,
            from: identity.from,
            to: identity.to,
            generated: identity.shared,
            half_life_days: u32::try_from(self.about_number("half_life_days")?)
                .ok()
                .filter(|d| *d > 0)
                .ok_or_else(|| self.bad("the half-life is not a positive number"))?,
            sessions: self.sessions()?,
            commitments: self.commitments()?,
            observations: self.observations(&skills)?,
            plans: self.plans(&skills)?,
            skills,
        };
        let answers = self.answers()?;
        self.answers_are_known(&answers, &history)?;
        Ok(RepFile {
            history,
            answers,
            identity,
        })
    }

    fn skills(&self) -> Result<Vec<SharedSkill>, RepFileError> {
        self.rows::<9>(
            "SELECT id, bucket, name, description, rubric_1, rubric_3, rubric_5, target, retired
             FROM skills ORDER BY position, id",
        )?
        .into_iter()
        .map(
            |[id, bucket, name, description, r1, r3, r5, target, retired]| {
                Ok(SharedSkill {
                    id: SkillId(self.int(&id, "a skill id")?),
                    bucket: self.bucket(bucket)?,
                    name: self.line(name, "a skill name")?,
                    description: self.lines(description, "a description")?,
                    rubric: Rubric {
                        level_1: self.lines(r1, "a rubric")?,
                        level_3: self.lines(r3, "a rubric")?,
                        level_5: self.lines(r5, "a rubric")?,
                    },
                    target: self
                        .opt_int(&target, "a target")?
                        .map(|t| Level::new(t).ok_or_else(|| self.bad(format!("target {t}"))))
                        .transpose()?,
                    retired: match self.int(&retired, "a skill's retired mark")? {
                        0 => false,
                        1 => true,
                        other => return Err(self.bad(format!("a retired mark of {other}"))),
                    },
                })
            },
        )
        .collect()
    }

    fn sessions(&self) -> Result<Vec<SharedSession>, RepFileError> {
        let mut notes: HashMap<i64, Vec<(Bucket, String)>> = HashMap::new();
        for [session, bucket, text] in
            self.rows::<3>("SELECT session_id, bucket, text FROM session_notes")?
        {
            let session = self.int(&session, "a note's session")?;
            let note = (self.bucket(bucket)?, self.lines(text, "a note")?);
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
                summary: self.lines(summary, "a summary")?,
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
                text: self.lines(text, "a commitment")?,
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
                evidence: self.lines(evidence, "evidence")?,
                context: CallContext::from_code(&context)
                    .ok_or_else(|| self.bad(format!("unknown call context \"{context}\"")))?,
                account: self.line(account, "an account")?,
            })
        })
        .collect()
    }

    /// The shared plans; a file may hold one per skill and status at most, so a few
    /// hundred bound a forged one.
    fn plans(&self, skills: &[SharedSkill]) -> Result<Vec<SharedPlan>, RepFileError> {
        if !self.has_table("plans")? {
            return Ok(Vec::new());
        }
        self.rows::<8>(
            "SELECT skill_id, started_day, start_level, target, review_day,
                    substr(why, 1, 2000), status, closed_day
             FROM plans ORDER BY id LIMIT 1000",
        )?
        .into_iter()
        .map(
            |[skill, started, level, target, review, why, status, closed]| {
                let status = self.text(status, "a plan's status")?;
                let target = self.int(&target, "a plan's target")?;
                Ok(SharedPlan {
                    skill_id: self.known_skill(&skill, skills)?,
                    started_on: self.day(&started, "a plan's start")?,
                    start_level: match level {
                        Value::Real(l) if (1.0..=5.0).contains(&l) => Some(l),
                        Value::Integer(l) if (1..=5).contains(&l) => Some(l as f64),
                        Value::Null => None,
                        _ => return Err(self.bad("a plan's starting level is not 1 to 5")),
                    },
                    target: Level::new(target)
                        .ok_or_else(|| self.bad(format!("a plan's target of {target}")))?,
                    review_on: self.day(&review, "a plan's review day")?,
                    why: self.line(why, "a plan's reason")?,
                    status: PlanStatus::from_code(&status)
                        .ok_or_else(|| self.bad(format!("unknown plan status \"{status}\"")))?,
                    closed_on: match closed {
                        Value::Null => None,
                        other => Some(self.day(&other, "a plan's closing day")?),
                    },
                })
            },
        )
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

    /// The answers name only skills and commitments of this file.
    fn answers_are_known(
        &self,
        answers: &RepAnswers,
        history: &SharedHistory,
    ) -> Result<(), RepFileError> {
        if let Some(a) = answers
            .assessments
            .iter()
            .find(|a| history.skill(a.skill_id).is_none())
        {
            return Err(self.bad(format!(
                "skill {} is named but not in the file",
                a.skill_id.0
            )));
        }
        if let Some(r) = answers
            .reflections
            .iter()
            .find(|r| !history.commitments.iter().any(|c| c.id == r.commitment_id))
        {
            return Err(self.bad(format!(
                "commitment {} is named but not in the file",
                r.commitment_id
            )));
        }
        if let Some(r) = answers
            .session_ratings
            .iter()
            .find(|r| !history.sessions.iter().any(|s| s.id == r.session_id))
        {
            return Err(self.bad(format!(
                "session {} is rated but not in the file",
                r.session_id
            )));
        }
        Ok(())
    }
}
