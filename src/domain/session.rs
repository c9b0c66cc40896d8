//! Sessions: one scheduled coaching conversation and what became of it.

use chrono::{DateTime, Utc};

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

/// The manager's two pre-session questions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prep {
    pub outcome_wanted: String,
    pub ask_for: String,
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

/// The notes of one bucket. Private notes sit in their own field so that nothing which
/// leaves the laptop can pick them up by accident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketNotes {
    pub bucket: Bucket,
    pub shared: String,
    pub private: String,
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
