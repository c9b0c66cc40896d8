//! A rep's answers on the server (sql/004_rep_answers.sql): the rep view sends them whole
//! as the rep's own login, and the manager's sync reads the ones that changed. The row was
//! written by someone else's computer, so reading it is a door like a returned rep file:
//! bounded, parsed strictly, every limit checked and every text cleaned.

use chrono::{DateTime, Utc};
use postgres::Client;
use serde::{Deserialize, Serialize};

use super::OrgError;
use crate::domain::Bucket;
use crate::domain::rep::RepId;
use crate::domain::rep_file::answers::{
    Reflection, RepAnswers, SelfAssessment, SessionRating, Topic,
};
use crate::domain::skill::SkillId;
use crate::domain::text_fields::CleanText;

/// The server refuses a row longer than this (its CHECK says the same number).
pub const MAX_ANSWERS_BYTES: usize = 8 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    assessments: Vec<WireAssessment>,
    reflections: Vec<WireReflection>,
    topics: Vec<WireTopic>,
    session_ratings: Vec<WireSessionRating>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireAssessment {
    skill: i64,
    rating: u8,
    comment: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireReflection {
    commitment: i64,
    text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireTopic {
    bucket: String,
    text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireSessionRating {
    session: i64,
    usefulness: u8,
    comment: String,
}

/// The answers as the server keeps them.
pub fn to_json(answers: &RepAnswers) -> String {
    let wire = Wire {
        assessments: answers
            .assessments
            .iter()
            .map(|a| WireAssessment {
                skill: a.skill_id.0,
                rating: a.rating,
                comment: a.comment.clone(),
            })
            .collect(),
        reflections: answers
            .reflections
            .iter()
            .map(|r| WireReflection {
                commitment: r.commitment_id,
                text: r.text.clone(),
            })
            .collect(),
        topics: answers
            .topics
            .iter()
            .map(|t| WireTopic {
                bucket: t.bucket.code().to_owned(),
                text: t.text.clone(),
            })
            .collect(),
        session_ratings: answers
            .session_ratings
            .iter()
            .map(|r| WireSessionRating {
                session: r.session_id,
                usefulness: r.usefulness,
                comment: r.comment.clone(),
            })
            .collect(),
    };
    // Plain structs of strings and numbers always serialize.
    serde_json::to_string(&wire).unwrap_or_default()
}

/// Reads answers a rep's login wrote, refusing anything a rep view could not have written.
pub fn from_json(text: &str) -> Result<RepAnswers, String> {
    if text.len() > MAX_ANSWERS_BYTES {
        return Err("they are longer than answers may be".to_owned());
    }
    let wire: Wire = serde_json::from_str(text)
        .map_err(|e| format!("they are not as Coachbook writes them ({e})"))?;
    let rating = |r: u8| {
        (1..=5)
            .contains(&r)
            .then_some(r)
            .ok_or("a rating is not 1 to 5")
    };
    let mut answers = RepAnswers {
        assessments: wire
            .assessments
            .into_iter()
            .map(|a| {
                Ok(SelfAssessment {
                    skill_id: SkillId(a.skill),
                    rating: rating(a.rating)?,
                    comment: a.comment,
                })
            })
            .collect::<Result<_, &str>>()?,
        reflections: wire
            .reflections
            .into_iter()
            .map(|r| Reflection {
                commitment_id: r.commitment,
                text: r.text,
            })
            .collect(),
        topics: wire
            .topics
            .into_iter()
            .map(|t| {
                Ok(Topic {
                    bucket: Bucket::from_code(&t.bucket).ok_or("a topic names no bucket")?,
                    text: t.text,
                })
            })
            .collect::<Result<_, &str>>()?,
        session_ratings: wire
            .session_ratings
            .into_iter()
            .map(|r| {
                Ok(SessionRating {
                    session_id: r.session,
                    usefulness: rating(r.usefulness)?,
                    comment: r.comment,
                })
            })
            .collect::<Result<_, &str>>()?,
    };
    answers.check_limits().map_err(|e| e.to_string())?;
    answers.clean_text();
    Ok(answers)
}

/// Sends the rep's answers as the rep's login; the revision the server gave them.
pub fn send(
    client: &mut Client,
    login: &str,
    answers: &RepAnswers,
    now: DateTime<Utc>,
) -> Result<i64, OrgError> {
    let text = to_json(answers);
    if text.len() > MAX_ANSWERS_BYTES {
        return Err(OrgError::Refused(
            "Your answers are longer than the server keeps; shorten a few comments.".to_owned(),
        ));
    }
    let row = client
        .query_one(
            "INSERT INTO coachbook.rep_answers (manager, rep_id, revision, sent_utc_ms, answers)
             SELECT manager, rep_id, 1, $1, $2 FROM coachbook.my_rep()
             ON CONFLICT (manager, rep_id) DO UPDATE
                 SET revision = coachbook.rep_answers.revision + 1,
                     sent_utc_ms = EXCLUDED.sent_utc_ms, answers = EXCLUDED.answers
             RETURNING revision",
            &[&now.timestamp_millis(), &text],
        )
        .map_err(|e| OrgError::from_pg(e, login, "send your answers"))?;
    Ok(row.get(0))
}

/// One rep's answers as the manager's sync finds them on the server.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamAnswers {
    pub rep: RepId,
    pub revision: i64,
    /// The answers, or why they cannot be taken in.
    pub answers: Result<RepAnswers, String>,
}

/// The answers of the manager's reps whose revision differs from the one last taken in
/// (`seen` gives it per rep).
pub fn changed_for_team(
    client: &mut Client,
    login: &str,
    seen: impl Fn(RepId) -> Option<i64>,
) -> Result<Vec<TeamAnswers>, OrgError> {
    let pg = |e| OrgError::from_pg(e, login, "read your reps' answers");
    let revisions = client
        .query(
            "SELECT rep_id, revision FROM coachbook.rep_answers WHERE manager = current_user
             ORDER BY rep_id",
            &[],
        )
        .map_err(pg)?;
    let mut out = Vec::new();
    for row in revisions {
        let rep = RepId(row.get(0));
        let revision: i64 = row.get(1);
        if seen(rep) == Some(revision) {
            continue;
        }
        let text: Option<String> = client
            .query_opt(
                "SELECT answers FROM coachbook.rep_answers
                 WHERE manager = current_user AND rep_id = $1 AND revision = $2",
                &[&rep.0, &revision],
            )
            .map_err(pg)?
            .map(|r| r.get(0));
        // Sent again meanwhile: the next sync takes the newer one.
        let Some(text) = text else { continue };
        out.push(TeamAnswers {
            rep,
            revision,
            answers: from_json(&text),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RepAnswers {
        RepAnswers {
            assessments: vec![SelfAssessment {
                skill_id: SkillId(3),
                rating: 4,
                comment: "Better at \"why now\"".into(),
            }],
            reflections: vec![Reflection {
                commitment_id: 7,
                text: "Done,\nbooked the call".into(),
            }],
            topics: vec![Topic {
                bucket: Bucket::Customer,
                text: "Northwind renewal".into(),
            }],
            session_ratings: vec![SessionRating {
                session_id: 11,
                usefulness: 5,
                comment: String::new(),
            }],
        }
    }

    #[test]
    fn answers_round_trip() {
        assert_eq!(from_json(&to_json(&sample())), Ok(sample()));
    }

    #[test]
    fn hostile_rows_are_refused_or_cleaned() {
        let mut evil = sample();
        evil.topics[0].text = "Pay\u{1b}]0;pwned\u{7} now".into();
        let read = from_json(&to_json(&evil)).unwrap_or_default();
        assert!(!read.topics[0].text.contains('\u{1b}'));
        for text in [
            "",
            "[]",
            r#"{"assessments":[],"reflections":[],"topics":[],"session_ratings":[],"x":1}"#,
            r#"{"assessments":[{"skill":1,"rating":9,"comment":""}],"reflections":[],"topics":[],"session_ratings":[]}"#,
            r#"{"assessments":[],"reflections":[],"topics":[{"bucket":"golf","text":"x"}],"session_ratings":[]}"#,
        ] {
            assert!(from_json(text).is_err(), "{text}");
        }
        let flood = RepAnswers {
            topics: (0..51)
                .map(|i| Topic {
                    bucket: Bucket::Selling,
                    text: format!("topic {i}"),
                })
                .collect(),
            ..RepAnswers::default()
        };
        assert!(from_json(&to_json(&flood)).is_err());
    }
}
