//! Commitments: the agreed next steps that the next session follows up.

use chrono::{DateTime, NaiveDate, Utc};

use super::ValidationError;
use super::dates::check_date;
use super::rep::RepId;
use super::session::SessionId;
use super::text::tidy;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitmentId(pub i64);

/// Who does it: coaching is two-way, and the manager's promises are tracked too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    Rep,
    Manager,
}

impl Owner {
    pub const ALL: [Owner; 2] = [Owner::Rep, Owner::Manager];

    pub fn code(self) -> &'static str {
        match self {
            Owner::Rep => "rep",
            Owner::Manager => "manager",
        }
    }

    pub fn from_code(code: &str) -> Option<Owner> {
        Owner::ALL.into_iter().find(|o| o.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommitmentStatus {
    Open,
    Done,
    Dropped,
}

impl CommitmentStatus {
    pub const ALL: [CommitmentStatus; 3] = [
        CommitmentStatus::Open,
        CommitmentStatus::Done,
        CommitmentStatus::Dropped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "open",
            CommitmentStatus::Done => "done",
            CommitmentStatus::Dropped => "dropped",
        }
    }

    pub fn from_code(code: &str) -> Option<CommitmentStatus> {
        CommitmentStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A stored commitment, with the times that make an undo exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commitment {
    pub id: CommitmentId,
    pub draft: CommitmentDraft,
    pub status: CommitmentStatus,
    pub created: DateTime<Utc>,
    pub closed: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitmentDraft {
    pub rep_id: RepId,
    pub session_id: Option<SessionId>,
    pub text: String,
    pub owner: Owner,
    pub due_on: NaiveDate,
}

impl CommitmentDraft {
    /// `session_day` is the day of the session it was agreed in, if any: a next step cannot
    /// be due before it was agreed.
    pub fn validate(&self, session_day: Option<NaiveDate>) -> Result<(), ValidationError> {
        if tidy(&self.text).is_empty() {
            return Err(ValidationError::EmptyCommitment);
        }
        check_date(self.due_on)?;
        match session_day {
            Some(day) if self.due_on < day => Err(ValidationError::DueBeforeSession {
                due: self.due_on.to_string(),
                session: day.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_or_backdated_commitments_are_refused() {
        let day = NaiveDate::from_ymd_opt(2026, 4, 10).unwrap();
        let mut c = CommitmentDraft {
            rep_id: RepId(1),
            session_id: Some(SessionId(1)),
            text: "  ".into(),
            owner: Owner::Rep,
            due_on: day,
        };
        assert_eq!(c.validate(Some(day)), Err(ValidationError::EmptyCommitment));
        c.text = "Send the pricing summary".into();
        assert!(c.validate(Some(day)).is_ok());
        c.due_on = day.pred_opt().unwrap();
        assert!(matches!(
            c.validate(Some(day)),
            Err(ValidationError::DueBeforeSession { .. })
        ));
        assert_eq!(Owner::from_code("manager"), Some(Owner::Manager));
        assert_eq!(
            CommitmentStatus::from_code("done"),
            Some(CommitmentStatus::Done)
        );
    }
}
