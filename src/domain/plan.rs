//! Coaching plans: the one to three skills a manager works on with a rep at a time, each
//! with where it started, where it should get to, and when to look again. Formal, planned
//! coaching is what the research finds pays; a plan makes the plan explicit and gives the
//! agenda its focus.

use chrono::NaiveDate;

use super::dates::check_date;
use super::rep::RepId;
use super::skill::SkillId;
use super::text::tidy;
use super::{Level, ValidationError};

pub mod effect;
pub mod progress;
pub mod suggest;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanId(pub i64);

/// More focus skills than this at once is no focus.
pub const MAX_ACTIVE_PLANS: usize = 3;
/// A new plan is reviewed after six weeks: long enough for a coached behaviour to show
/// on several calls, short enough to change course within a quarter.
pub const DEFAULT_REVIEW_AFTER_DAYS: i64 = 42;
/// The "why" of a plan is one line, kept short enough to read in the agenda.
pub const MAX_WHY_CHARS: usize = 300;

/// Where a plan stands: running, or closed one of three ways and kept as history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanStatus {
    Active,
    Met,
    Dropped,
    CarriedOn,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 4] = [
        PlanStatus::Active,
        PlanStatus::Met,
        PlanStatus::Dropped,
        PlanStatus::CarriedOn,
    ];
    /// The ways to close a plan, in the order the window offers them.
    pub const CLOSINGS: [PlanStatus; 3] =
        [PlanStatus::Met, PlanStatus::CarriedOn, PlanStatus::Dropped];

    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Met => "met",
            PlanStatus::Dropped => "dropped",
            PlanStatus::CarriedOn => "carried_on",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanStatus> {
        PlanStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Active => "Active",
            PlanStatus::Met => "Met",
            PlanStatus::Dropped => "Dropped",
            PlanStatus::CarriedOn => "Carried on",
        }
    }
}

/// A plan as adopted, before it has an id.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDraft {
    pub rep: RepId,
    pub skill: SkillId,
    pub started_on: NaiveDate,
    /// The level model's level on the start day; `None` when the skill had no rating yet.
    pub start_level: Option<f64>,
    pub target: Level,
    pub review_on: NaiveDate,
    pub why: String,
    /// Shared plans go into the rep's report and rep file.
    pub shared: bool,
}

impl PlanDraft {
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_date(self.started_on)?;
        check_date(self.review_on)?;
        if self.review_on < self.started_on {
            return Err(ValidationError::ReviewBeforeStart {
                review: self.review_on.to_string(),
                start: self.started_on.to_string(),
            });
        }
        let chars = tidy(&self.why).chars().count();
        if chars > MAX_WHY_CHARS {
            return Err(ValidationError::WhyTooLong {
                chars,
                max: MAX_WHY_CHARS,
            });
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub id: PlanId,
    pub draft: PlanDraft,
    pub status: PlanStatus,
    /// The day it was closed; `None` while it runs.
    pub closed_on: Option<NaiveDate>,
}

impl Plan {
    pub fn is_active(&self) -> bool {
        self.status == PlanStatus::Active
    }

    /// The last day whose ratings count toward the plan: the closing day, or `today`
    /// while it runs.
    pub fn end_on(&self, today: NaiveDate) -> NaiveDate {
        self.closed_on.unwrap_or(today).max(self.draft.started_on)
    }

    /// Whether it is running and its review day has come.
    pub fn due_for_review(&self, today: NaiveDate) -> bool {
        self.is_active() && self.draft.review_on <= today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, n).unwrap()
    }

    fn draft() -> PlanDraft {
        PlanDraft {
            rep: RepId(1),
            skill: SkillId(2),
            started_on: day(2),
            start_level: Some(2.4),
            target: Level::new(4).unwrap(),
            review_on: day(20),
            why: "Discovery calls end before the pain is clear".into(),
            shared: true,
        }
    }

    #[test]
    fn a_review_before_the_start_or_a_long_why_is_refused() {
        assert!(draft().validate().is_ok());
        let mut early = draft();
        early.review_on = day(1);
        assert!(matches!(
            early.validate(),
            Err(ValidationError::ReviewBeforeStart { .. })
        ));
        let mut long = draft();
        long.why = "x".repeat(MAX_WHY_CHARS + 1);
        assert!(long.validate().is_err());
    }

    #[test]
    fn a_plan_is_due_on_its_review_day_only_while_it_runs() {
        let mut plan = Plan {
            id: PlanId(1),
            draft: draft(),
            status: PlanStatus::Active,
            closed_on: None,
        };
        assert!(!plan.due_for_review(day(19)));
        assert!(plan.due_for_review(day(20)));
        plan.status = PlanStatus::Met;
        plan.closed_on = Some(day(21));
        assert!(!plan.due_for_review(day(22)));
        assert_eq!(plan.end_on(day(30)), day(21));
        for status in PlanStatus::ALL {
            assert_eq!(PlanStatus::from_code(status.code()), Some(status));
        }
    }
}
