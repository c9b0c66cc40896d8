//! Reading what a returned rep file claims to be and what the rep answered. The file came
//! back from someone else's computer, so every count and every length is checked in SQL
//! before a row is loaded: a file edited to hold 100,001 topics or a 10 MB comment is
//! refused without ever being read whole.

use rusqlite::types::Value;

use super::RepFileError;
use super::read::Reader;
use crate::domain::Bucket;
use crate::domain::rep::RepId;
use crate::domain::rep_file::answers::{
    AnswerLimit, MAX_COMMENT_CHARS, MAX_REFLECTION_CHARS, MAX_REFLECTIONS, MAX_SELF_ASSESSMENTS,
    MAX_SESSION_RATINGS, MAX_TOPIC_CHARS, MAX_TOPICS_PER_BUCKET, Reflection, RepAnswers,
    SelfAssessment, SessionRating, Topic,
};
use crate::domain::rep_file::token::{ShareIdentity, ShareToken};

/// The most bytes a character takes in UTF-8: a text of `n` characters has at most
/// `n * MAX_CHAR_BYTES` bytes, which SQLite can count without loading the text.
const MAX_CHAR_BYTES: usize = 4;
/// Ids, ratings, positions and bucket codes are short; anything longer was forged.
const MAX_SMALL_BYTES: usize = 24;

impl Reader<'_> {
    /// Whom and what the file says it was shared for.
    pub(super) fn identity(&self) -> Result<ShareIdentity, RepFileError> {
        let edited = |what| RepFileError::EditedIdentity {
            path: self.path.to_owned(),
            what,
        };
        let token = self
            .about("share_token")
            .ok()
            .and_then(|t| ShareToken::parse(&t))
            .ok_or_else(|| edited("its share token is missing or not as issued"))?;
        let from = self.day(
            &Value::Integer(self.about_number("from_day")?),
            "the first day",
        )?;
        let to = self.day(
            &Value::Integer(self.about_number("to_day")?),
            "the last day",
        )?;
        if from > to {
            return Err(edited("its period ends before it starts"));
        }
        Ok(ShareIdentity {
            token,
            rep: RepId(self.about_number("rep_id")?),
            rep_name: self.about("rep_name")?,
            from,
            to,
            shared: self.instant(
                &Value::Integer(self.about_number("generated_utc_ms")?),
                "the time it was shared",
            )?,
        })
    }

    /// The rep's answers, refused whole when they break a limit.
    pub(super) fn answers(&self) -> Result<RepAnswers, RepFileError> {
        self.small_enough()?;
        let over = |limit| RepFileError::OverLimit {
            path: self.path.to_owned(),
            limit,
        };
        let assessments = self
            .rows::<3>(&format!(
                "SELECT skill_id, rating, comment FROM self_assessments ORDER BY skill_id
                 LIMIT {}",
                MAX_SELF_ASSESSMENTS + 1
            ))?
            .into_iter()
            .map(|[skill, rating, comment]| {
                Ok(SelfAssessment {
                    skill_id: crate::domain::skill::SkillId(self.int(&skill, "a skill id")?),
                    rating: self.rating(&rating, "a self-rating")?,
                    comment: self.line(comment, "a comment")?,
                })
            })
            .collect::<Result<Vec<_>, RepFileError>>()?;
        let reflections = self
            .rows::<2>(&format!(
                "SELECT commitment_id, text FROM reflections ORDER BY commitment_id LIMIT {}",
                MAX_REFLECTIONS + 1
            ))?
            .into_iter()
            .map(|[id, text]| {
                Ok(Reflection {
                    commitment_id: self.int(&id, "a reflection's commitment")?,
                    text: self.lines(text, "a reflection")?,
                })
            })
            .collect::<Result<Vec<_>, RepFileError>>()?;
        // Past the count checked above only rows of unknown buckets can remain, and the
        // first of them is refused.
        let topics = self
            .rows::<2>(&format!(
                "SELECT bucket, text FROM topics ORDER BY position, id LIMIT {}",
                MAX_TOPICS_PER_BUCKET * Bucket::ALL.len() + 1
            ))?
            .into_iter()
            .map(|[bucket, text]| {
                Ok(Topic {
                    bucket: self.bucket(bucket)?,
                    text: self.line(text, "a topic")?,
                })
            })
            .collect::<Result<Vec<_>, RepFileError>>()?;
        let answers = RepAnswers {
            assessments,
            reflections,
            topics,
            session_ratings: self.session_ratings()?,
        };
        answers.check_limits().map_err(over)?;
        Ok(answers)
    }

    /// How useful the rep found each session; none in a version 2 file.
    fn session_ratings(&self) -> Result<Vec<SessionRating>, RepFileError> {
        if !self.has_table("session_ratings")? {
            return Ok(Vec::new());
        }
        self.rows::<3>(&format!(
            "SELECT session_id, usefulness, comment FROM session_ratings ORDER BY session_id
             LIMIT {}",
            MAX_SESSION_RATINGS + 1
        ))?
        .into_iter()
        .map(|[session, usefulness, comment]| {
            Ok(SessionRating {
                session_id: self.int(&session, "a rated session")?,
                usefulness: self.rating(&usefulness, "a session's usefulness")?,
                comment: self.line(comment, "a comment on a session")?,
            })
        })
        .collect()
    }

    /// Counts and byte lengths of the answer tables, taken by SQLite without loading a
    /// value, against the limits.
    fn small_enough(&self) -> Result<(), RepFileError> {
        let over = |limit| RepFileError::OverLimit {
            path: self.path.to_owned(),
            limit,
        };
        let any = |table: &str, condition: String| -> Result<bool, RepFileError> {
            self.conn
                .query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE {condition})"),
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| self.bad(e))
        };
        let small = MAX_SMALL_BYTES;
        let mut tables = vec![
            ("self_assessments", "skill_id, rating"),
            ("reflections", "commitment_id"),
            ("topics", "id, bucket, position"),
        ];
        let ratings = self.has_table("session_ratings")?;
        if ratings {
            tables.push(("session_ratings", "session_id, usefulness"));
        }
        for (table, columns) in tables {
            let condition = columns
                .split(", ")
                .map(|c| format!("octet_length({c}) > {small}"))
                .collect::<Vec<_>>()
                .join(" OR ");
            if any(table, condition)? {
                return Err(self.bad(format!("a value in {table} is far too long")));
            }
        }
        let mut texts = vec![
            (
                "self_assessments",
                "comment",
                MAX_COMMENT_CHARS,
                AnswerLimit::CommentTooLong,
            ),
            (
                "reflections",
                "text",
                MAX_REFLECTION_CHARS,
                AnswerLimit::ReflectionTooLong,
            ),
            ("topics", "text", MAX_TOPIC_CHARS, AnswerLimit::TopicTooLong),
        ];
        if ratings {
            texts.push((
                "session_ratings",
                "comment",
                MAX_COMMENT_CHARS,
                AnswerLimit::CommentTooLong,
            ));
        }
        for (table, column, max_chars, limit) in texts {
            let max_bytes = max_chars * MAX_CHAR_BYTES;
            if any(table, format!("octet_length({column}) > {max_bytes}"))? {
                return Err(over(limit));
            }
        }
        self.counts_within_limits(ratings)
    }

    /// Rows of each answer table, counted by SQLite, against the limits.
    fn counts_within_limits(&self, ratings: bool) -> Result<(), RepFileError> {
        let over = |limit| RepFileError::OverLimit {
            path: self.path.to_owned(),
            limit,
        };
        let count = |sql: &str| -> Result<usize, RepFileError> {
            let n: i64 = self
                .conn
                .query_row(sql, [], |r| r.get(0))
                .map_err(|e| self.bad(e))?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        };
        let count_of = count("SELECT count(*) FROM self_assessments")?;
        if count_of > MAX_SELF_ASSESSMENTS {
            return Err(over(AnswerLimit::TooManyAssessments { count: count_of }));
        }
        let count_of = count("SELECT count(*) FROM reflections")?;
        if count_of > MAX_REFLECTIONS {
            return Err(over(AnswerLimit::TooManyReflections { count: count_of }));
        }
        if ratings {
            let count_of = count("SELECT count(*) FROM session_ratings")?;
            if count_of > MAX_SESSION_RATINGS {
                return Err(over(AnswerLimit::TooManySessionRatings { count: count_of }));
            }
        }
        self.topics_per_bucket()
    }

    /// The fullest bucket of topics holds no more than a bucket may.
    fn topics_per_bucket(&self) -> Result<(), RepFileError> {
        let fullest: Option<(Value, i64)> =
            rusqlite::OptionalExtension::optional(self.conn.query_row(
                "SELECT bucket, count(*) FROM topics GROUP BY bucket ORDER BY 2 DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ))
            .map_err(|e| self.bad(e))?;
        let Some((bucket, count)) = fullest else {
            return Ok(());
        };
        let count = usize::try_from(count).unwrap_or(usize::MAX);
        if count <= MAX_TOPICS_PER_BUCKET {
            return Ok(());
        }
        Err(RepFileError::OverLimit {
            path: self.path.to_owned(),
            limit: AnswerLimit::TooManyTopics {
                bucket: self.bucket(bucket)?.title(),
                count,
            },
        })
    }
}
