//! Observations: a dated rating of one skill, with the evidence that backs it.

use chrono::{DateTime, NaiveDate, Utc};

use super::dates::check_date;
use super::rep::RepId;
use super::session::SessionId;
use super::skill::SkillId;
use super::text::char_count;
use super::{Rating, ValidationError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObservationId(pub i64);

/// Where the behaviour was seen; a demo and a role-play call for different readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallContext {
    ClientCall,
    Demo,
    InternalMeeting,
    RecordedCall,
    RolePlay,
}

impl CallContext {
    pub const ALL: [CallContext; 5] = [
        CallContext::ClientCall,
        CallContext::Demo,
        CallContext::InternalMeeting,
        CallContext::RecordedCall,
        CallContext::RolePlay,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CallContext::ClientCall => "client_call",
            CallContext::Demo => "demo",
            CallContext::InternalMeeting => "internal_meeting",
            CallContext::RecordedCall => "recorded_call",
            CallContext::RolePlay => "role_play",
        }
    }

    pub fn from_code(code: &str) -> Option<CallContext> {
        CallContext::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            CallContext::ClientCall => "Client call",
            CallContext::Demo => "Demo",
            CallContext::InternalMeeting => "Internal meeting",
            CallContext::RecordedCall => "Recorded call",
            CallContext::RolePlay => "Role-play",
        }
    }
}

/// Whether the rep sees the observation in their feedback history. Shared is the default:
/// feedback the rep never hears does not change behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Visibility {
    #[default]
    Shared,
    Private,
}

impl Visibility {
    pub fn label(self) -> &'static str {
        match self {
            Visibility::Shared => "Shared",
            Visibility::Private => "Private",
        }
    }
}

/// A stored observation, with the times that make an undo exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observation {
    pub id: ObservationId,
    pub draft: ObservationDraft,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObservationDraft {
    pub rep_id: RepId,
    pub skill_id: SkillId,
    pub observed_on: NaiveDate,
    pub rating: Rating,
    pub evidence: String,
    pub context: CallContext,
    pub account: String,
    pub session_id: Option<SessionId>,
    pub visibility: Visibility,
}

pub const MAX_EVIDENCE_CHARS: usize = 10_000;

impl ObservationDraft {
    /// `today` is passed in so the rule holds the same in tests as on the road.
    pub fn validate(&self, today: NaiveDate) -> Result<(), ValidationError> {
        self.validate_stored()?;
        if self.observed_on > today {
            return Err(ValidationError::ObservedInFuture(
                self.observed_on.to_string(),
            ));
        }
        Ok(())
    }

    /// The rules a stored observation follows whenever it was made (an archive's or a
    /// data file's row is checked by these, since "today" was the day it was written).
    pub fn validate_stored(&self) -> Result<(), ValidationError> {
        let chars = char_count(&self.evidence);
        if chars > MAX_EVIDENCE_CHARS {
            return Err(ValidationError::EvidenceTooLong {
                chars,
                max: MAX_EVIDENCE_CHARS,
            });
        }
        check_date(self.observed_on).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Level;

    fn draft() -> ObservationDraft {
        ObservationDraft {
            rep_id: RepId(1),
            skill_id: SkillId(1),
            observed_on: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
            rating: Rating::Rated(Level::new(3).unwrap()),
            evidence: "Asked what prompted the call before pitching.".into(),
            context: CallContext::ClientCall,
            account: "Northwind".into(),
            session_id: None,
            visibility: Visibility::Shared,
        }
    }

    #[test]
    fn evidence_length_and_future_dates_are_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        assert!(draft().validate(today).is_ok());
        let mut long = draft();
        long.evidence = "é".repeat(MAX_EVIDENCE_CHARS + 1);
        assert!(matches!(
            long.validate(today),
            Err(ValidationError::EvidenceTooLong { .. })
        ));
        let mut future = draft();
        future.observed_on = today.succ_opt().unwrap();
        assert!(matches!(
            future.validate(today),
            Err(ValidationError::ObservedInFuture(_))
        ));
    }

    #[test]
    fn contexts_round_trip() {
        for c in CallContext::ALL {
            assert_eq!(CallContext::from_code(c.code()), Some(c));
        }
    }
}
