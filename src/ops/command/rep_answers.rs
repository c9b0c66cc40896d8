//! Calibration: a rep's returned file becomes their stored answers. Only a file whose
//! share token this data file issued, for the rep, period and moment the file names, is
//! believed; then only that rep's rows change, and only for skills and commitments this
//! data file knows as theirs.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError};
use crate::domain::rep::RepId;
use crate::domain::rep_file::answers::{ReceivedAnswers, RepAnswers, SessionRating};
use crate::domain::rep_file::token::check_returned;
use crate::repfile::ReturnedFile;
use crate::store;

/// A returned rep file matched against this data file, ready to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedAnswers {
    pub rep: RepId,
    pub rep_name: String,
    pub value: ReceivedAnswers,
    /// Answers about skills, commitments or sessions this data file does not have.
    pub left_out: usize,
    /// The sessions this file rates; `value` also keeps the ratings of earlier files.
    pub sessions_rated: usize,
    /// The same answers are already stored: importing would change nothing.
    pub unchanged: bool,
    /// Where the answers came from: a rep file (and its share), or the server.
    pub source: AnswersSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswersSource {
    /// A returned rep file, shared at `shared`; `newer_share` when a newer rep file was
    /// shared with the same rep (an older file is still imported: it is a true answer, to
    /// that share, and says so).
    File {
        shared: DateTime<Utc>,
        newer_share: Option<DateTime<Utc>>,
    },
    /// The organization's server, where the rep's own login sent them.
    Server,
}

impl PreparedAnswers {
    pub fn command(&self) -> Command {
        Command::SetRepAnswers {
            rep: self.rep,
            value: self.value.clone(),
        }
    }

    /// "answers to the file shared on 2 Dec 2026", naming a newer share when there is one.
    pub fn which_share(&self) -> String {
        let AnswersSource::File {
            shared,
            newer_share,
        } = self.source
        else {
            return "answers sent through the organization's server".to_owned();
        };
        let day = |t: DateTime<Utc>| t.with_timezone(&chrono::Local).format("%-d %b %Y");
        let mut text = format!("answers to the file shared on {}", day(shared));
        if let Some(newer) = newer_share {
            text.push_str(&format!(" (a newer file was shared on {})", day(newer)));
        }
        text
    }
}

pub fn prepare(
    conn: &Connection,
    file: &ReturnedFile,
    now: DateTime<Utc>,
) -> Result<PreparedAnswers, CommandError> {
    let claimed = &file.identity;
    let issued = store::rep_shares::get(conn, &claimed.token)?;
    check_returned(claimed, issued.as_ref())?;
    let rep = store::reps::get(conn, claimed.rep)?
        .ok_or_else(|| CommandError::ForeignRepFile(claimed.rep_name.clone()))?;
    let source = AnswersSource::File {
        shared: claimed.shared,
        newer_share: store::rep_shares::latest(conn, rep.id)?.filter(|t| *t > claimed.shared),
    };
    prepare_for(conn, rep, file.answers.clone(), source, now)
}

/// Answers the rep's own login sent to the organization's server: the server's row-level
/// security vouches for whom they are from, as a share token does for a file.
pub fn prepare_from_server(
    conn: &Connection,
    rep: RepId,
    answers: RepAnswers,
    now: DateTime<Utc>,
) -> Result<PreparedAnswers, CommandError> {
    let rep = store::reps::get(conn, rep)?.ok_or(CommandError::RepGone)?;
    prepare_for(conn, rep, answers, AnswersSource::Server, now)
}

fn prepare_for(
    conn: &Connection,
    rep: crate::domain::rep::Rep,
    given: RepAnswers,
    source: AnswersSource,
    now: DateTime<Utc>,
) -> Result<PreparedAnswers, CommandError> {
    given.check_limits()?;
    let skills: HashSet<i64> = store::skills::list(conn)?.iter().map(|s| s.id.0).collect();
    let commitments: HashSet<i64> = store::rep_answers::commitment_ids(conn, rep.id)?
        .into_iter()
        .collect();
    let sessions: HashSet<i64> = store::rep_answers::held_session_ids(conn, rep.id)?
        .into_iter()
        .collect();
    let all = given.normalized();
    let given = all.assessments.len() + all.reflections.len() + all.session_ratings.len();
    let stored = store::rep_answers::get(conn, rep.id)?;
    let rated: Vec<SessionRating> = all
        .session_ratings
        .into_iter()
        .filter(|r| sessions.contains(&r.session_id))
        .collect();
    let kept = rated.len();
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
        session_ratings: with_earlier_ratings(&stored.answers.session_ratings, rated),
    };
    let left_out = given - answers.assessments.len() - answers.reflections.len() - kept;
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
        sessions_rated: kept,
        unchanged,
        source,
    })
}

/// Session ratings outlive the file they came in: each rep file covers one period, and
/// the manager follows the ratings over time. A newer rating of a session replaces the
/// older one.
fn with_earlier_ratings(
    earlier: &[SessionRating],
    newer: Vec<SessionRating>,
) -> Vec<SessionRating> {
    let mut by_session: std::collections::BTreeMap<i64, SessionRating> =
        earlier.iter().map(|r| (r.session_id, r.clone())).collect();
    for rating in newer {
        by_session.insert(rating.session_id, rating);
    }
    by_session.into_values().collect()
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
    let commitments: HashSet<i64> = store::rep_answers::commitment_ids(conn, rep)?
        .into_iter()
        .collect();
    let sessions: HashSet<i64> = store::rep_answers::held_session_ids(conn, rep)?
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
        || answers
            .session_ratings
            .iter()
            .any(|r| !sessions.contains(&r.session_id))
    {
        return Err(CommandError::ForeignRepFile(name));
    }
    let before = store::rep_answers::get(conn, rep)?;
    store::rep_answers::replace(conn, rep, value)?;
    let label = if value.received.is_some() {
        format!("Imported {name}'s self-assessment and topics")
    } else {
        format!("Removed {name}'s imported answers")
    };
    Ok(Applied {
        inverse: Some(Command::SetRepAnswers { rep, value: before }),
        label,
        changes: Changes {
            answers: true,
            session: true,
            ..Changes::default()
        },
    })
}
