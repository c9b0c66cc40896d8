//! Which text of each domain value is one line and which is many, in one place, so every
//! door cleans a value the same way: the window's commands, the roster, the archive and
//! the rep file all call [`CleanText::clean_text`] (or [`text::clean`] with the [`Lines`]
//! named here) before anything is stored.
//!
//! A field is [`Lines::Many`] exactly when the window edits it in a multi-line box:
//! evidence, rubric anchors, a session's agenda, summary and notes, and a rep's
//! reflections. Everything else (names, accounts, talking points, commitments, prompts,
//! comments, topics) is one line.

use super::commitment::{Commitment, CommitmentDraft};
use super::framework::Prompt;
use super::observation::{Observation, ObservationDraft};
use super::plan::PlanDraft;
use super::rep::{Rep, RepDraft};
use super::rep_file::answers::{ReceivedAnswers, RepAnswers};
use super::session::{BucketNotes, Session, SessionField, SkipReason, TalkingPoint};
use super::skill::{Rubric, Skill, SkillDraft};
use super::text::{self, Lines};

/// A value whose text fields can be cleaned in place by the one rule of [`text::clean`].
pub trait CleanText {
    fn clean_text(&mut self);
}

/// Cleans one field in place; a clean field is left untouched (no new allocation).
pub fn clean_field(field: &mut String, lines: Lines) {
    if !text::is_clean(field, lines) {
        *field = text::clean(field, lines);
    }
}

fn one(field: &mut String) {
    clean_field(field, Lines::One);
}

fn many(field: &mut String) {
    clean_field(field, Lines::Many);
}

impl SessionField {
    /// How the workspace edits the field: the agenda, the summary and the notes are
    /// multi-line boxes, the contract's and the preparation's other answers single lines.
    pub fn lines(self) -> Lines {
        match self {
            SessionField::Agenda
            | SessionField::Summary
            | SessionField::SharedNotes(_)
            | SessionField::PrivateNotes(_) => Lines::Many,
            SessionField::Purpose
            | SessionField::DesiredOutcome
            | SessionField::OutcomeWanted
            | SessionField::AskFor
            | SessionField::FocusAccounts => Lines::One,
        }
    }
}

impl<T: CleanText> CleanText for Vec<T> {
    fn clean_text(&mut self) {
        self.iter_mut().for_each(CleanText::clean_text);
    }
}

impl<T: CleanText> CleanText for Option<T> {
    fn clean_text(&mut self) {
        if let Some(value) = self {
            value.clean_text();
        }
    }
}

impl CleanText for RepDraft {
    fn clean_text(&mut self) {
        one(&mut self.name);
        one(&mut self.role);
        one(&mut self.email);
    }
}

impl CleanText for Rep {
    fn clean_text(&mut self) {
        one(&mut self.name);
        one(&mut self.role);
        one(&mut self.email);
    }
}

impl CleanText for ObservationDraft {
    fn clean_text(&mut self) {
        many(&mut self.evidence);
        one(&mut self.account);
    }
}

impl CleanText for Observation {
    fn clean_text(&mut self) {
        self.draft.clean_text();
    }
}

impl CleanText for Rubric {
    fn clean_text(&mut self) {
        many(&mut self.level_1);
        many(&mut self.level_3);
        many(&mut self.level_5);
    }
}

impl CleanText for SkillDraft {
    fn clean_text(&mut self) {
        one(&mut self.name);
        one(&mut self.description);
        self.rubric.clean_text();
    }
}

impl CleanText for Skill {
    fn clean_text(&mut self) {
        one(&mut self.name);
        one(&mut self.description);
        self.rubric.clean_text();
    }
}

impl CleanText for super::framework::Framework {
    fn clean_text(&mut self) {
        for role in &mut self.roles {
            one(&mut role.code);
            one(&mut role.name);
        }
        for skill in &mut self.skills {
            one(&mut skill.name);
            one(&mut skill.description);
            skill.rubric.clean_text();
            skill.targets.iter_mut().for_each(|(role, _)| one(role));
        }
        self.prompts.iter_mut().for_each(|(_, prompt)| one(prompt));
    }
}

impl CleanText for Prompt {
    fn clean_text(&mut self) {
        one(&mut self.text);
    }
}

impl CleanText for SkipReason {
    fn clean_text(&mut self) {
        if let SkipReason::Other(note) = self {
            one(note);
        }
    }
}

impl CleanText for Session {
    fn clean_text(&mut self) {
        for field in SessionField::OF_SESSION {
            let text = field.read(self, &[]);
            if !text::is_clean(&text, field.lines()) {
                field.write(self, &mut Vec::new(), text::clean(&text, field.lines()));
            }
        }
        self.skip_reason.clean_text();
    }
}

impl CleanText for BucketNotes {
    fn clean_text(&mut self) {
        many(&mut self.shared);
        many(&mut self.private);
    }
}

impl CleanText for TalkingPoint {
    fn clean_text(&mut self) {
        one(&mut self.text);
        one(&mut self.reason);
    }
}

impl CleanText for PlanDraft {
    fn clean_text(&mut self) {
        one(&mut self.why);
    }
}

impl CleanText for CommitmentDraft {
    fn clean_text(&mut self) {
        one(&mut self.text);
    }
}

impl CleanText for Commitment {
    fn clean_text(&mut self) {
        self.draft.clean_text();
    }
}

/// A self-rating's comment is typed on one line in the rep view.
pub const COMMENT_LINES: Lines = Lines::One;
/// A reflection on a commitment is typed in a multi-line box.
pub const REFLECTION_LINES: Lines = Lines::Many;
/// A topic for the next session is typed on one line.
pub const TOPIC_LINES: Lines = Lines::One;

impl CleanText for RepAnswers {
    fn clean_text(&mut self) {
        for a in &mut self.assessments {
            clean_field(&mut a.comment, COMMENT_LINES);
        }
        for r in &mut self.reflections {
            clean_field(&mut r.text, REFLECTION_LINES);
        }
        for t in &mut self.topics {
            clean_field(&mut t.text, TOPIC_LINES);
        }
        for r in &mut self.session_ratings {
            clean_field(&mut r.comment, COMMENT_LINES);
        }
    }
}

impl CleanText for ReceivedAnswers {
    fn clean_text(&mut self) {
        self.answers.clean_text();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Bucket;
    use crate::domain::rep::RepId;
    use crate::domain::rep_file::answers::{Reflection, SelfAssessment, SessionRating, Topic};
    use crate::domain::session::{Prep, SessionId, SessionStatus, UpfrontContract};
    use crate::domain::skill::SkillId;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    const HOSTILE: &str = "a\u{1b}]52;c;cHduZWQ=\u{7}b\r\nc\u{0}d\u{9b}31m\te";

    fn session(text: &str) -> Session {
        let text = text.to_owned();
        Session {
            id: SessionId(1),
            rep_id: RepId(1),
            cadence_id: None,
            occurrence: None,
            start: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
            duration_mins: 30,
            status: SessionStatus::Skipped,
            skip_reason: Some(SkipReason::Other(text.clone())),
            contract: UpfrontContract {
                purpose: text.clone(),
                agenda: text.clone(),
                desired_outcome: text.clone(),
            },
            prep: Prep {
                outcome_wanted: text.clone(),
                ask_for: text.clone(),
                focus_accounts: text.clone(),
            },
            summary: text,
        }
    }

    #[test]
    fn every_session_field_is_cleaned_by_its_own_lines() {
        let mut s = session(HOSTILE);
        s.clean_text();
        for field in SessionField::OF_SESSION {
            assert_eq!(
                field.read(&s, &[]),
                text::clean(HOSTILE, field.lines()),
                "{field:?}"
            );
        }
        assert_eq!(s.contract.agenda, "a]52;c;cHduZWQ=b\ncd31m\te");
        assert_eq!(s.contract.purpose, "a]52;c;cHduZWQ=b cd31m e");
        assert_eq!(
            s.skip_reason.as_ref().map(SkipReason::note),
            Some(s.contract.purpose.as_str())
        );
    }

    #[test]
    fn answers_keep_lines_only_in_reflections() {
        let mut answers = RepAnswers {
            assessments: vec![SelfAssessment {
                skill_id: SkillId(1),
                rating: 3,
                comment: HOSTILE.into(),
            }],
            reflections: vec![Reflection {
                commitment_id: 1,
                text: HOSTILE.into(),
            }],
            topics: vec![Topic {
                bucket: Bucket::Selling,
                text: HOSTILE.into(),
            }],
            session_ratings: vec![SessionRating {
                session_id: 1,
                usefulness: 4,
                comment: HOSTILE.into(),
            }],
        };
        answers.clean_text();
        assert_eq!(
            answers.session_ratings[0].comment,
            text::clean(HOSTILE, Lines::One)
        );
        assert_eq!(
            answers.assessments[0].comment,
            text::clean(HOSTILE, Lines::One)
        );
        assert_eq!(
            answers.reflections[0].text,
            text::clean(HOSTILE, Lines::Many)
        );
        assert_eq!(answers.topics[0].text, text::clean(HOSTILE, Lines::One));
    }

    #[test]
    fn clean_fields_are_not_reallocated_and_bidi_marks_stay() {
        // Right-to-left names keep their marks and isolates: they are text, not controls.
        let mut name = "\u{5d3}\u{5e0}\u{5d4} \u{200f}Levi \u{2067}x\u{2069}".to_owned();
        let before = name.as_ptr();
        clean_field(&mut name, Lines::One);
        assert_eq!(name.as_ptr(), before);
        assert_eq!(name, "\u{5d3}\u{5e0}\u{5d4} \u{200f}Levi \u{2067}x\u{2069}");
    }

    proptest! {
        #[test]
        fn a_cleaned_draft_is_clean_and_cleaning_again_changes_nothing(
            name in any::<String>(),
            evidence in any::<String>(),
            account in any::<String>(),
        ) {
            let mut draft = RepDraft { name, role: account.clone(), email: evidence.clone(), start_date: None };
            draft.clean_text();
            prop_assert!(text::is_clean(&draft.name, Lines::One));
            prop_assert!(text::is_clean(&draft.role, Lines::One));
            prop_assert!(text::is_clean(&draft.email, Lines::One));
            let once = draft.clone();
            draft.clean_text();
            prop_assert_eq!(draft, once);
            let mut points = vec![TalkingPoint {
                id: crate::domain::session::TalkingPointId(1),
                session_id: SessionId(1),
                bucket: Bucket::Customer,
                text: evidence.clone(),
                reason: account,
                covered: false,
                position: 0,
            }];
            points.clean_text();
            prop_assert!(text::is_clean(&points[0].text, Lines::One));
            prop_assert!(text::is_clean(&points[0].reason, Lines::One));
            let mut notes = BucketNotes { bucket: Bucket::Selling, shared: evidence.clone(), private: evidence };
            notes.clean_text();
            prop_assert!(text::is_clean(&notes.shared, Lines::Many));
            prop_assert!(text::is_clean(&notes.private, Lines::Many));
        }
    }
}
