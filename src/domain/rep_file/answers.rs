//! What a rep writes in their rep file and the manager imports: how they rate themselves,
//! what they make of their commitments, what they want to bring to the next session, and
//! how useful each held session was to them. Calibration compares the self-ratings with
//! the manager's levels; the session ratings tell the manager how their coaching lands.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::domain::Bucket;
use crate::domain::skill::SkillId;
use crate::domain::text::{char_count, tidy};

/// Topics a rep may bring in one bucket: a full agenda, not a flood of it.
pub const MAX_TOPICS_PER_BUCKET: usize = 50;
/// A topic is a line on the agenda: a deal, a customer, a skill to practise.
pub const MAX_TOPIC_CHARS: usize = 500;
/// A comment on a self-rating and a reflection on a commitment: a considered paragraph,
/// short enough to read in a session.
pub const MAX_COMMENT_CHARS: usize = 2_000;
pub const MAX_REFLECTION_CHARS: usize = 2_000;
/// A file holds one self-rating per skill and one reflection per commitment; these bound
/// only a file edited to hold more, so it can never fill the manager's memory.
pub const MAX_SELF_ASSESSMENTS: usize = 1_000;
pub const MAX_REFLECTIONS: usize = 5_000;
/// One rating per held session in the file: ten years of weekly sessions is 520.
pub const MAX_SESSION_RATINGS: usize = 5_000;

/// An answer beyond what a rep file may hold.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnswerLimit {
    #[error("A bucket holds at most {MAX_TOPICS_PER_BUCKET} topics, and \"{bucket}\" has {count}.")]
    TooManyTopics { bucket: &'static str, count: usize },
    #[error("A topic holds at most {MAX_TOPIC_CHARS} characters, and one here is longer.")]
    TopicTooLong,
    #[error("A comment holds at most {MAX_COMMENT_CHARS} characters, and one here is longer.")]
    CommentTooLong,
    #[error(
        "A reflection holds at most {MAX_REFLECTION_CHARS} characters, and one here is longer."
    )]
    ReflectionTooLong,
    #[error(
        "A rep file holds at most {MAX_SELF_ASSESSMENTS} self-ratings, and this one has {count}."
    )]
    TooManyAssessments { count: usize },
    #[error("A rep file holds at most {MAX_REFLECTIONS} reflections, and this one has {count}.")]
    TooManyReflections { count: usize },
    #[error(
        "A rep file holds at most {MAX_SESSION_RATINGS} session ratings, and this one has {count}."
    )]
    TooManySessionRatings { count: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfAssessment {
    pub skill_id: SkillId,
    /// 1 to 5, on the framework's rubric.
    pub rating: u8,
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reflection {
    pub commitment_id: i64,
    pub text: String,
}

/// An opportunity or topic the rep wants to go deep on, in the bucket it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub bucket: Bucket,
    pub text: String,
}

/// How useful the rep found one held session, 1 to 5, with a comment: the rep's side of
/// whether the coaching works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRating {
    pub session_id: i64,
    pub usefulness: u8,
    pub comment: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepAnswers {
    pub assessments: Vec<SelfAssessment>,
    pub reflections: Vec<Reflection>,
    pub topics: Vec<Topic>,
    pub session_ratings: Vec<SessionRating>,
}

impl RepAnswers {
    pub fn is_empty(&self) -> bool {
        self.assessments.is_empty()
            && self.reflections.is_empty()
            && self.topics.is_empty()
            && self.session_ratings.is_empty()
    }

    /// The first limit these answers break, if any. Every door that takes answers in (the
    /// rep view, the rep file reader, the import) asks this.
    pub fn check_limits(&self) -> Result<(), AnswerLimit> {
        if self.assessments.len() > MAX_SELF_ASSESSMENTS {
            return Err(AnswerLimit::TooManyAssessments {
                count: self.assessments.len(),
            });
        }
        if self.reflections.len() > MAX_REFLECTIONS {
            return Err(AnswerLimit::TooManyReflections {
                count: self.reflections.len(),
            });
        }
        if self.session_ratings.len() > MAX_SESSION_RATINGS {
            return Err(AnswerLimit::TooManySessionRatings {
                count: self.session_ratings.len(),
            });
        }
        for bucket in Bucket::ALL {
            let count = self.topics.iter().filter(|t| t.bucket == bucket).count();
            if count > MAX_TOPICS_PER_BUCKET {
                return Err(AnswerLimit::TooManyTopics {
                    bucket: bucket.title(),
                    count,
                });
            }
        }
        if self
            .topics
            .iter()
            .any(|t| char_count(&t.text) > MAX_TOPIC_CHARS)
        {
            return Err(AnswerLimit::TopicTooLong);
        }
        if self
            .assessments
            .iter()
            .map(|a| &a.comment)
            .chain(self.session_ratings.iter().map(|r| &r.comment))
            .any(|comment| char_count(comment) > MAX_COMMENT_CHARS)
        {
            return Err(AnswerLimit::CommentTooLong);
        }
        if self
            .reflections
            .iter()
            .any(|r| char_count(&r.text) > MAX_REFLECTION_CHARS)
        {
            return Err(AnswerLimit::ReflectionTooLong);
        }
        Ok(())
    }

    /// The same answers in one canonical order, blanks dropped, so that importing a file
    /// twice compares equal and writes nothing the second time.
    pub fn normalized(mut self) -> RepAnswers {
        self.assessments.retain(|a| (1..=5).contains(&a.rating));
        for a in &mut self.assessments {
            a.comment = a.comment.trim().to_owned();
        }
        self.assessments.sort_by_key(|a| a.skill_id);
        self.assessments.dedup_by_key(|a| a.skill_id);
        for r in &mut self.reflections {
            r.text = r.text.trim().to_owned();
        }
        self.reflections.retain(|r| !r.text.is_empty());
        self.reflections.sort_by_key(|r| r.commitment_id);
        self.reflections.dedup_by_key(|r| r.commitment_id);
        for t in &mut self.topics {
            t.text = tidy(&t.text);
        }
        self.topics.retain(|t| !t.text.is_empty());
        self.session_ratings
            .retain(|r| (1..=5).contains(&r.usefulness));
        for r in &mut self.session_ratings {
            r.comment = r.comment.trim().to_owned();
        }
        self.session_ratings.sort_by_key(|r| r.session_id);
        self.session_ratings.dedup_by_key(|r| r.session_id);
        self
    }
}

/// A rep's answers as stored by the manager, with when they arrived.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReceivedAnswers {
    pub answers: RepAnswers,
    pub received: Option<DateTime<Utc>>,
}

/// One skill of the calibration table: the manager's level beside the rep's own rating.
#[derive(Clone, Debug, PartialEq)]
pub struct CalibrationRow {
    pub skill_id: SkillId,
    pub level: Option<f64>,
    pub self_rating: u8,
    pub comment: String,
}

impl CalibrationRow {
    /// Self-rating minus level: positive when the rep rates themselves higher.
    pub fn difference(&self) -> Option<f64> {
        self.level.map(|l| f64::from(self.self_rating) - l)
    }
}

/// Largest disagreement first; skills the manager has not rated go last.
pub fn calibration_order(rows: &mut [CalibrationRow]) {
    rows.sort_by(|a, b| {
        let key = |r: &CalibrationRow| r.difference().map(f64::abs);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.skill_id.cmp(&b.skill_id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(skill: i64, level: Option<f64>, self_rating: u8) -> CalibrationRow {
        CalibrationRow {
            skill_id: SkillId(skill),
            level,
            self_rating,
            comment: String::new(),
        }
    }

    #[test]
    fn largest_disagreement_first_unrated_last() {
        let mut rows = vec![
            row(1, Some(3.0), 3),
            row(2, None, 5),
            row(3, Some(2.0), 5),
            row(4, Some(4.5), 2),
        ];
        calibration_order(&mut rows);
        let order: Vec<i64> = rows.iter().map(|r| r.skill_id.0).collect();
        assert_eq!(order, vec![3, 4, 1, 2]);
    }

    fn topics(bucket: Bucket, count: usize, chars: usize) -> Vec<Topic> {
        (0..count)
            .map(|_| Topic {
                bucket,
                text: "é".repeat(chars),
            })
            .collect()
    }

    #[test]
    fn limits_hold_at_the_limit_and_refuse_one_more() {
        let mut answers = RepAnswers::default();
        for bucket in Bucket::ALL {
            answers
                .topics
                .extend(topics(bucket, MAX_TOPICS_PER_BUCKET, MAX_TOPIC_CHARS));
        }
        answers.assessments.push(SelfAssessment {
            skill_id: SkillId(1),
            rating: 3,
            comment: "é".repeat(MAX_COMMENT_CHARS),
        });
        answers.reflections.push(Reflection {
            commitment_id: 1,
            text: "é".repeat(MAX_REFLECTION_CHARS),
        });
        assert_eq!(answers.check_limits(), Ok(()));

        let mut over = answers.clone();
        over.topics.extend(topics(Bucket::Selling, 1, 1));
        assert_eq!(
            over.check_limits(),
            Err(AnswerLimit::TooManyTopics {
                bucket: Bucket::Selling.title(),
                count: MAX_TOPICS_PER_BUCKET + 1
            })
        );
        let mut over = answers.clone();
        over.topics[7].text.push('x');
        assert_eq!(over.check_limits(), Err(AnswerLimit::TopicTooLong));
        let mut over = answers.clone();
        over.assessments[0].comment.push('x');
        assert_eq!(over.check_limits(), Err(AnswerLimit::CommentTooLong));
        let mut over = answers.clone();
        over.reflections[0].text.push('x');
        assert_eq!(over.check_limits(), Err(AnswerLimit::ReflectionTooLong));
        let mut over = answers.clone();
        over.session_ratings.push(SessionRating {
            session_id: 1,
            usefulness: 4,
            comment: "é".repeat(MAX_COMMENT_CHARS + 1),
        });
        assert_eq!(over.check_limits(), Err(AnswerLimit::CommentTooLong));
        let mut over = answers;
        over.reflections = (0..=MAX_REFLECTIONS as i64)
            .map(|id| Reflection {
                commitment_id: id,
                text: String::new(),
            })
            .collect();
        assert!(
            over.check_limits()
                .is_err_and(|e| e.to_string().contains("and this one has 5001."))
        );
    }

    #[test]
    fn normalized_drops_blanks_and_sorts() {
        let answers = RepAnswers {
            assessments: vec![
                SelfAssessment {
                    skill_id: SkillId(2),
                    rating: 4,
                    comment: " ok ".into(),
                },
                SelfAssessment {
                    skill_id: SkillId(1),
                    rating: 9,
                    comment: String::new(),
                },
            ],
            reflections: vec![Reflection {
                commitment_id: 3,
                text: "  ".into(),
            }],
            topics: vec![Topic {
                bucket: Bucket::Customer,
                text: " Acme renewal ".into(),
            }],
            session_ratings: vec![
                SessionRating {
                    session_id: 9,
                    usefulness: 0,
                    comment: String::new(),
                },
                SessionRating {
                    session_id: 4,
                    usefulness: 5,
                    comment: " Clear next steps ".into(),
                },
            ],
        }
        .normalized();
        assert_eq!(answers.session_ratings.len(), 1);
        assert_eq!(answers.session_ratings[0].comment, "Clear next steps");
        assert_eq!(answers.assessments.len(), 1);
        assert_eq!(answers.assessments[0].comment, "ok");
        assert!(answers.reflections.is_empty());
        assert_eq!(answers.topics[0].text, "Acme renewal");
    }
}
