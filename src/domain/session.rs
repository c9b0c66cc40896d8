//! Sessions: one scheduled coaching conversation and what became of it.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::Bucket;
use super::cadence::CadenceId;
use super::rep::RepId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(pub i64);

/// What became of a session. "Missed" is kept, never dropped: a slip must stay visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionStatus {
    Planned,
    Held,
    Skipped,
    Missed,
    Cancelled,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 5] = [
        SessionStatus::Planned,
        SessionStatus::Held,
        SessionStatus::Skipped,
        SessionStatus::Missed,
        SessionStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::Held => "held",
            SessionStatus::Skipped => "skipped",
            SessionStatus::Missed => "missed",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<SessionStatus> {
        SessionStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why a session was skipped; a reason turns a slip into a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    Vacation,
    QuarterEnd,
    RepSick,
    Other(String),
}

impl SkipReason {
    /// Every code a skip reason is stored as.
    pub const CODES: [&'static str; 4] = ["vacation", "quarter_end", "rep_sick", "other"];

    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Vacation => "vacation",
            SkipReason::QuarterEnd => "quarter_end",
            SkipReason::RepSick => "rep_sick",
            SkipReason::Other(_) => "other",
        }
    }

    pub fn from_parts(code: &str, note: &str) -> Option<SkipReason> {
        match code {
            "vacation" => Some(SkipReason::Vacation),
            "quarter_end" => Some(SkipReason::QuarterEnd),
            "rep_sick" => Some(SkipReason::RepSick),
            "other" => Some(SkipReason::Other(note.to_owned())),
            _ => None,
        }
    }

    pub fn note(&self) -> &str {
        match self {
            SkipReason::Other(note) => note,
            _ => "",
        }
    }
}

/// The agreed purpose, agenda and desired outcome, set before the session starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpfrontContract {
    pub purpose: String,
    pub agenda: String,
    pub desired_outcome: String,
}

/// The manager's two pre-session questions, and the deals to go deep on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prep {
    pub outcome_wanted: String,
    pub ask_for: String,
    pub focus_accounts: String,
}

/// A text of a session that the workspace edits and saves as the manager types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionField {
    Purpose,
    Agenda,
    DesiredOutcome,
    OutcomeWanted,
    AskFor,
    FocusAccounts,
    Summary,
    SharedNotes(Bucket),
    PrivateNotes(Bucket),
}

impl SessionField {
    /// The fields of the session itself, outside the buckets' notes.
    pub const OF_SESSION: [SessionField; 7] = [
        SessionField::Purpose,
        SessionField::Agenda,
        SessionField::DesiredOutcome,
        SessionField::OutcomeWanted,
        SessionField::AskFor,
        SessionField::FocusAccounts,
        SessionField::Summary,
    ];

    /// Every text field of a session: its own, then each bucket's shared and private notes.
    pub fn all() -> Vec<SessionField> {
        let mut all = SessionField::OF_SESSION.to_vec();
        for bucket in Bucket::ALL {
            all.push(SessionField::SharedNotes(bucket));
            all.push(SessionField::PrivateNotes(bucket));
        }
        all
    }

    /// The field's text in a session and its notes.
    pub fn read(self, session: &Session, notes: &[BucketNotes]) -> String {
        let note = |bucket: Bucket| notes.iter().find(|n| n.bucket == bucket);
        match self {
            SessionField::Purpose => session.contract.purpose.clone(),
            SessionField::Agenda => session.contract.agenda.clone(),
            SessionField::DesiredOutcome => session.contract.desired_outcome.clone(),
            SessionField::OutcomeWanted => session.prep.outcome_wanted.clone(),
            SessionField::AskFor => session.prep.ask_for.clone(),
            SessionField::FocusAccounts => session.prep.focus_accounts.clone(),
            SessionField::Summary => session.summary.clone(),
            SessionField::SharedNotes(b) => note(b).map(|n| n.shared.clone()).unwrap_or_default(),
            SessionField::PrivateNotes(b) => note(b).map(|n| n.private.clone()).unwrap_or_default(),
        }
    }

    /// Sets the field's text, adding the bucket's notes when they do not exist yet.
    pub fn write(self, session: &mut Session, notes: &mut Vec<BucketNotes>, text: String) {
        fn note(notes: &mut Vec<BucketNotes>, bucket: Bucket) -> &mut BucketNotes {
            let at = match notes.iter().position(|n| n.bucket == bucket) {
                Some(at) => at,
                None => {
                    notes.push(BucketNotes {
                        bucket,
                        shared: String::new(),
                        private: String::new(),
                    });
                    notes.len() - 1
                }
            };
            &mut notes[at]
        }
        match self {
            SessionField::Purpose => session.contract.purpose = text,
            SessionField::Agenda => session.contract.agenda = text,
            SessionField::DesiredOutcome => session.contract.desired_outcome = text,
            SessionField::OutcomeWanted => session.prep.outcome_wanted = text,
            SessionField::AskFor => session.prep.ask_for = text,
            SessionField::FocusAccounts => session.prep.focus_accounts = text,
            SessionField::Summary => session.summary = text,
            SessionField::SharedNotes(b) => note(notes, b).shared = text,
            SessionField::PrivateNotes(b) => note(notes, b).private = text,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TalkingPointId(pub i64);

/// Something to talk about in one bucket, and why it is on the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalkingPoint {
    pub id: TalkingPointId,
    pub session_id: SessionId,
    pub bucket: Bucket,
    pub text: String,
    pub reason: String,
    pub covered: bool,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub rep_id: RepId,
    /// `None` for a one-off session outside any cadence.
    pub cadence_id: Option<CadenceId>,
    /// The slot of the cadence this session fills (its original start), even after a
    /// move; `None` for a one-off.
    pub occurrence: Option<DateTime<Utc>>,
    pub start: DateTime<Utc>,
    pub duration_mins: u32,
    pub status: SessionStatus,
    pub skip_reason: Option<SkipReason>,
    pub contract: UpfrontContract,
    pub prep: Prep,
    pub summary: String,
}

impl Session {
    /// Its upfront contract or preparation holds something: the day-before reminder asks
    /// for it only when nothing is written yet.
    pub fn is_prepared(&self) -> bool {
        let (c, p) = (&self.contract, &self.prep);
        [
            &c.purpose,
            &c.agenda,
            &c.desired_outcome,
            &p.outcome_wanted,
            &p.ask_for,
            &p.focus_accounts,
        ]
        .iter()
        .any(|text| !text.trim().is_empty())
    }
}

/// The notes of one bucket. Private notes sit in their own field so that nothing which
/// leaves the laptop can pick them up by accident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketNotes {
    pub bucket: Bucket,
    pub shared: String,
    pub private: String,
}

/// A session may be marked held once its day has come where the manager is: a call that
/// started early, or a manager who marks it right after, is held; a day still to come is
/// not.
pub fn may_mark_held(start: DateTime<Utc>, today: NaiveDate, zone: Tz) -> bool {
    super::dates::local_date(start, zone) <= today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_from_the_sessions_day_on() {
        use chrono::TimeZone;
        let zone = chrono_tz::Europe::Berlin;
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let at = |d, h| {
            zone.with_ymd_and_hms(2026, 12, d, h, 0, 0)
                .unwrap()
                .to_utc()
        };
        assert!(may_mark_held(at(2, 16), today, zone), "later today");
        assert!(may_mark_held(at(1, 16), today, zone), "yesterday");
        assert!(
            !may_mark_held(at(3, 0), today, zone),
            "tomorrow just after midnight"
        );
        // 23:30 UTC on 2 Dec is already 3 Dec in Berlin: a day still to come.
        let utc_late = Utc.with_ymd_and_hms(2026, 12, 2, 23, 30, 0).unwrap();
        assert!(!may_mark_held(utc_late, today, zone));
        assert!(may_mark_held(utc_late, today, Tz::UTC));
    }

    #[test]
    fn status_and_reason_codes_round_trip() {
        for s in SessionStatus::ALL {
            assert_eq!(SessionStatus::from_code(s.code()), Some(s));
        }
        let other = SkipReason::Other("offsite".into());
        assert_eq!(
            SkipReason::from_parts(other.code(), other.note()),
            Some(other)
        );
        assert_eq!(SkipReason::from_parts("holiday", ""), None);
        for code in SkipReason::CODES {
            assert_eq!(
                SkipReason::from_parts(code, "why").map(|r| r.code()),
                Some(code)
            );
        }
    }
}
