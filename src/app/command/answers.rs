//! Calibration: a rep's returned file becomes their stored answers. Only that rep's rows
//! change, and only for skills and commitments this data file knows as theirs.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Applied, Command, CommandError, Touched};
use crate::domain::answers::{ReceivedAnswers, RepAnswers};
use crate::domain::rep::RepId;
use crate::domain::text::fold_case;
use crate::repfile::RepFile;
use crate::store;

/// A returned rep file matched against this data file, ready to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedAnswers {
    pub rep: RepId,
    pub rep_name: String,
    pub value: ReceivedAnswers,
    /// Answers about skills or commitments this data file no longer has.
    pub left_out: usize,
    /// The same answers are already stored: importing would change nothing.
    pub unchanged: bool,
}

impl PreparedAnswers {
    pub fn command(&self) -> Command {
        Command::SetRepAnswers {
            rep: self.rep,
            value: self.value.clone(),
        }
    }
}

pub fn prepare(
    conn: &Connection,
    file: &RepFile,
    now: DateTime<Utc>,
) -> Result<PreparedAnswers, CommandError> {
    let history = &file.history;
    let rep = store::reps::get(conn, RepId(history.rep_id))?
        .filter(|r| fold_case(&r.name) == fold_case(&history.rep_name))
        .ok_or_else(|| CommandError::ForeignRepFile(history.rep_name.clone()))?;
    let skills: HashSet<i64> = store::skills::list(conn)?.iter().map(|s| s.id.0).collect();
    let commitments: HashSet<i64> = store::answers::commitment_ids(conn, rep.id)?
        .into_iter()
        .collect();
    let all = file.answers.clone().normalized();
    let given = all.assessments.len() + all.reflections.len();
    let answers = RepAnswers {
        assessments: all
            .assessments
            .into_iter()
            .filter(|a| skills.contains(&a.skill_id.0))
            .collect(),
        reflections: all
            .reflections
            .into_iter()
            .filter(|r| commitments.contains(&r.commitment_id))
            .collect(),
        topics: all.topics,
    };
    let left_out = given - answers.assessments.len() - answers.reflections.len();
    let stored = store::answers::get(conn, rep.id)?;
    let unchanged = stored.received.is_some() && stored.answers == answers;
    Ok(PreparedAnswers {
        rep: rep.id,
        rep_name: rep.name,
        value: ReceivedAnswers {
            answers,
            received: Some(if unchanged {
                stored.received.unwrap_or(now)
            } else {
                now
            }),
        },
        left_out,
        unchanged,
    })
}

pub(super) fn set(
    conn: &Connection,
    rep: RepId,
    value: &ReceivedAnswers,
) -> Result<Applied, CommandError> {
    let name = store::reps::get(conn, rep)?
        .ok_or(CommandError::RepGone)?
        .name;
    let skills: HashSet<i64> = store::skills::list(conn)?.iter().map(|s| s.id.0).collect();
    let commitments: HashSet<i64> = store::answers::commitment_ids(conn, rep)?
        .into_iter()
        .collect();
    let answers = &value.answers;
    if answers
        .assessments
        .iter()
        .any(|a| !skills.contains(&a.skill_id.0))
        || answers
            .reflections
            .iter()
            .any(|r| !commitments.contains(&r.commitment_id))
    {
        return Err(CommandError::ForeignRepFile(name));
    }
    let before = store::answers::get(conn, rep)?;
    store::answers::replace(conn, rep, value)?;
    let label = if value.received.is_some() {
        format!("Imported {name}'s self-assessment and topics")
    } else {
        format!("Removed {name}'s imported answers")
    };
    Ok(Applied {
        inverse: Some(Command::SetRepAnswers { rep, value: before }),
        label,
        touched: Touched {
            answers: true,
            session: true,
            ..Touched::default()
        },
    })
}
