//! The rep's only way to change a rep file: a self-rating and comment per skill, a
//! reflection per commitment, the list of topics for the next session, and how useful
//! each held session was. Each edit is
//! one transaction and returns its exact inverse, which is how the rep view undoes.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::RepFileError;
use crate::domain::rep_file::answers::{
    AnswerLimit, MAX_COMMENT_CHARS, MAX_REFLECTION_CHARS, RepAnswers, Topic,
};
use crate::domain::skill::SkillId;
use crate::domain::text::{char_count, clean};
use crate::domain::text_fields::{COMMENT_LINES, REFLECTION_LINES, TOPIC_LINES};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepEdit {
    /// `None` clears the self-rating of that skill.
    SetAssessment {
        skill: SkillId,
        value: Option<(u8, String)>,
    },
    /// An empty text removes the reflection.
    SetReflection {
        commitment: i64,
        text: String,
    },
    SetTopics(Vec<Topic>),
    /// How useful a held session was, 1 to 5, with a comment; `None` clears it.
    SetSessionRating {
        session: i64,
        value: Option<(u8, String)>,
    },
}

/// A rep file opened for the rep's answers.
pub struct RepFileWriter {
    conn: Connection,
    path: PathBuf,
    /// The rep's copy of an online history: each edit also marks the answers unsent.
    online: bool,
}

impl RepFileWriter {
    pub fn open(path: &Path) -> Result<RepFileWriter, RepFileError> {
        let conn = super::open(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        Ok(RepFileWriter {
            conn,
            path: path.to_owned(),
            online: false,
        })
    }

    /// Opens the rep's copy of their online history (see [`super::online`]).
    pub fn open_online(path: &Path) -> Result<RepFileWriter, RepFileError> {
        let mut writer = RepFileWriter::open(path)?;
        writer.online = true;
        Ok(writer)
    }

    pub(super) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies `edit` and returns the edit that puts the file back as it was.
    pub fn apply(&mut self, edit: &RepEdit) -> Result<RepEdit, RepFileError> {
        let edit = &edit.checked()?;
        let path = self.path.clone();
        let sqlite = |e| RepFileError::from_sqlite(&path, e);
        let tx = self.conn.transaction().map_err(sqlite)?;
        let inverse = match edit {
            RepEdit::SetAssessment { skill, value } => {
                set_assessment(&tx, &path, *skill, value.as_ref())?
            }
            RepEdit::SetReflection { commitment, text } => {
                set_reflection(&tx, &path, *commitment, text)?
            }
            RepEdit::SetTopics(topics) => set_topics(&tx, &path, topics)?,
            RepEdit::SetSessionRating { session, value } => {
                set_session_rating(&tx, &path, *session, value.as_ref())?
            }
        };
        if self.online {
            super::online::mark_unsent(&tx).map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)?;
        Ok(inverse)
    }
}

/// Replaces the self-rating of a skill in the open transaction; retired skills take none.
fn set_assessment(
    tx: &Connection,
    path: &Path,
    skill: SkillId,
    value: Option<&(u8, String)>,
) -> Result<RepEdit, RepFileError> {
    let sqlite = |e| RepFileError::from_sqlite(path, e);
    let retired: Option<bool> = tx
        .query_row("SELECT retired FROM skills WHERE id = ?1", [skill.0], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sqlite)?;
    match retired {
        None => {
            return Err(RepFileError::Invalid(
                "That skill is not in this file.".into(),
            ));
        }
        Some(true) if value.is_some() => {
            return Err(RepFileError::Invalid(
                "That skill is retired; it is here only for its history.".into(),
            ));
        }
        Some(_) => {}
    }
    let old = tx
        .query_row(
            "SELECT rating, comment FROM self_assessments WHERE skill_id = ?1",
            [skill.0],
            |r| Ok((r.get::<_, u8>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()
        .map_err(sqlite)?;
    tx.execute(
        "DELETE FROM self_assessments WHERE skill_id = ?1",
        [skill.0],
    )
    .map_err(sqlite)?;
    if let Some((rating, comment)) = value {
        tx.execute(
            "INSERT INTO self_assessments (skill_id, rating, comment) VALUES (?1, ?2, ?3)",
            params![skill.0, rating, comment],
        )
        .map_err(sqlite)?;
    }
    Ok(RepEdit::SetAssessment { skill, value: old })
}

/// Replaces the reflection on a commitment in the open transaction; an empty text removes it.
fn set_reflection(
    tx: &Connection,
    path: &Path,
    commitment: i64,
    text: &str,
) -> Result<RepEdit, RepFileError> {
    let sqlite = |e| RepFileError::from_sqlite(path, e);
    let known: bool = tx
        .query_row(
            "SELECT count(*) > 0 FROM commitments WHERE id = ?1",
            [commitment],
            |r| r.get(0),
        )
        .map_err(sqlite)?;
    if !known {
        return Err(RepFileError::Invalid(
            "That commitment is not in this file.".into(),
        ));
    }
    let old: String = tx
        .query_row(
            "SELECT text FROM reflections WHERE commitment_id = ?1",
            [commitment],
            |r| r.get(0),
        )
        .optional()
        .map_err(sqlite)?
        .unwrap_or_default();
    tx.execute(
        "DELETE FROM reflections WHERE commitment_id = ?1",
        [commitment],
    )
    .map_err(sqlite)?;
    if !text.trim().is_empty() {
        tx.execute(
            "INSERT INTO reflections (commitment_id, text) VALUES (?1, ?2)",
            params![commitment, text],
        )
        .map_err(sqlite)?;
    }
    Ok(RepEdit::SetReflection {
        commitment,
        text: old,
    })
}

/// Replaces the rating of a held session in the open transaction.
fn set_session_rating(
    tx: &Connection,
    path: &Path,
    session: i64,
    value: Option<&(u8, String)>,
) -> Result<RepEdit, RepFileError> {
    let sqlite = |e| RepFileError::from_sqlite(path, e);
    let (known, rates): (bool, bool) = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ?1),
                    EXISTS (SELECT 1 FROM pragma_table_list WHERE name = 'session_ratings')",
            [session],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(sqlite)?;
    if !known {
        return Err(RepFileError::Invalid(
            "That session is not in this file.".into(),
        ));
    }
    if !rates {
        return Err(RepFileError::Invalid(
            "This rep file comes from an older Coachbook and has no place for session ratings. Ask your manager for a new one.".into(),
        ));
    }
    let old = tx
        .query_row(
            "SELECT usefulness, comment FROM session_ratings WHERE session_id = ?1",
            [session],
            |r| Ok((r.get::<_, u8>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()
        .map_err(sqlite)?;
    tx.execute(
        "DELETE FROM session_ratings WHERE session_id = ?1",
        [session],
    )
    .map_err(sqlite)?;
    if let Some((usefulness, comment)) = value {
        tx.execute(
            "INSERT INTO session_ratings (session_id, usefulness, comment) VALUES (?1, ?2, ?3)",
            params![session, usefulness, comment],
        )
        .map_err(sqlite)?;
    }
    Ok(RepEdit::SetSessionRating {
        session,
        value: old,
    })
}

/// Replaces the whole topic list in the open transaction, keeping the given order.
fn set_topics(tx: &Connection, path: &Path, topics: &[Topic]) -> Result<RepEdit, RepFileError> {
    let sqlite = |e| RepFileError::from_sqlite(path, e);
    let old = {
        let mut stmt = tx
            .prepare("SELECT bucket, text FROM topics ORDER BY position, id")
            .map_err(sqlite)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(sqlite)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sqlite)?;
        rows.into_iter()
            .filter_map(|(code, text)| {
                crate::domain::Bucket::from_code(&code).map(|bucket| Topic { bucket, text })
            })
            .collect()
    };
    tx.execute("DELETE FROM topics", []).map_err(sqlite)?;
    for (position, t) in topics.iter().enumerate() {
        tx.execute(
            "INSERT INTO topics (bucket, text, position) VALUES (?1, ?2, ?3)",
            params![t.bucket.code(), t.text, position as i64],
        )
        .map_err(sqlite)?;
    }
    Ok(RepEdit::SetTopics(old))
}

impl RepEdit {
    /// The edit as it is stored: texts through the one cleaning rule, then held to the
    /// limits every rep file keeps.
    fn checked(&self) -> Result<RepEdit, RepFileError> {
        let invalid = |message: String| Err(RepFileError::Invalid(message));
        match self {
            RepEdit::SetAssessment {
                skill,
                value: Some((rating, comment)),
            } => {
                if !(1..=5).contains(rating) {
                    return invalid("A self-rating is 1 to 5.".to_owned());
                }
                let comment = clean(comment, COMMENT_LINES);
                if char_count(&comment) > MAX_COMMENT_CHARS {
                    return invalid(AnswerLimit::CommentTooLong.to_string());
                }
                Ok(RepEdit::SetAssessment {
                    skill: *skill,
                    value: Some((*rating, comment)),
                })
            }
            RepEdit::SetAssessment { value: None, .. }
            | RepEdit::SetSessionRating { value: None, .. } => Ok(self.clone()),
            RepEdit::SetSessionRating {
                session,
                value: Some((usefulness, comment)),
            } => {
                if !(1..=5).contains(usefulness) {
                    return invalid("A session is rated 1 to 5.".to_owned());
                }
                let comment = clean(comment, COMMENT_LINES);
                if char_count(&comment) > MAX_COMMENT_CHARS {
                    return invalid(AnswerLimit::CommentTooLong.to_string());
                }
                Ok(RepEdit::SetSessionRating {
                    session: *session,
                    value: Some((*usefulness, comment)),
                })
            }
            RepEdit::SetReflection { commitment, text } => {
                let text = clean(text, REFLECTION_LINES);
                if char_count(&text) > MAX_REFLECTION_CHARS {
                    return invalid(AnswerLimit::ReflectionTooLong.to_string());
                }
                Ok(RepEdit::SetReflection {
                    commitment: *commitment,
                    text,
                })
            }
            RepEdit::SetTopics(topics) => {
                let topics: Vec<Topic> = topics
                    .iter()
                    .map(|t| Topic {
                        bucket: t.bucket,
                        text: clean(&t.text, TOPIC_LINES),
                    })
                    .collect();
                if topics.iter().any(|t| t.text.trim().is_empty()) {
                    return invalid(
                        "A topic cannot be empty; type what you want to bring, or remove it."
                            .to_owned(),
                    );
                }
                let answers = RepAnswers {
                    topics,
                    ..RepAnswers::default()
                };
                if let Err(limit) = answers.check_limits() {
                    return invalid(limit.to_string());
                }
                Ok(RepEdit::SetTopics(answers.topics))
            }
        }
    }
}
