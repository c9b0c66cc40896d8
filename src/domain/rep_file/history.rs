//! What a rep may see of their own coaching: the sessions held with their summaries and
//! shared notes, the commitments, the coaching plans and the observations the manager
//! shared. The report and
//! the rep file are both drawn from this one value, and it has no field for anything
//! private, so a private note cannot reach the rep by a slip in either of them.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::levels::{self, Figures, Point};
use crate::domain::observation::CallContext;
use crate::domain::plan::PlanStatus;
use crate::domain::rating::Level;
use crate::domain::skill::{Rubric, SkillId};

#[derive(Clone, Debug, PartialEq)]
pub struct SharedHistory {
    pub rep_id: i64,
    pub rep_name: String,
    pub role_name: String,
    /// The period chosen, both days included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub generated: DateTime<Utc>,
    pub half_life_days: u32,
    /// Skills in framework order, with the rep's target: every active one, and each
    /// retired one that has a shared observation in the period.
    pub skills: Vec<SharedSkill>,
    /// Held sessions, oldest first.
    pub sessions: Vec<SharedSession>,
    pub commitments: Vec<SharedCommitment>,
    /// Shared observations, oldest first.
    pub observations: Vec<SharedObservation>,
    /// Shared coaching plans that ran in the period, running ones first.
    pub plans: Vec<SharedPlan>,
}

/// A coaching plan the manager shared: the focus skill, where it started and should get
/// to, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedPlan {
    pub skill_id: SkillId,
    pub started_on: NaiveDate,
    pub start_level: Option<f64>,
    pub target: Level,
    pub review_on: NaiveDate,
    pub why: String,
    pub status: PlanStatus,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedSkill {
    pub id: SkillId,
    pub bucket: Bucket,
    pub name: String,
    pub description: String,
    pub rubric: Rubric,
    pub target: Option<Level>,
    /// Retired from the framework: shared only for the observations made before, so the
    /// rep neither rates it nor sees a level for it.
    pub retired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedSession {
    pub id: i64,
    pub start: DateTime<Utc>,
    pub duration_mins: u32,
    pub summary: String,
    /// Only buckets with a shared note.
    pub notes: Vec<(Bucket, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedCommitment {
    pub id: i64,
    pub session_id: Option<i64>,
    pub text: String,
    pub owner: Owner,
    pub due_on: NaiveDate,
    pub status: CommitmentStatus,
    pub closed: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedObservation {
    pub id: i64,
    pub skill_id: SkillId,
    pub observed_on: NaiveDate,
    /// `None`: looked for and not observed.
    pub rating: Option<u8>,
    pub evidence: String,
    pub context: CallContext,
    pub account: String,
}

impl SharedObservation {
    /// "4 of 5", or "not observed" when it was looked for and not seen.
    pub fn rating_label(&self) -> String {
        self.rating
            .map_or("not observed".to_owned(), |r| format!("{r} of 5"))
    }

    /// Where it was seen: "Client call, Northwind", or just the context.
    pub fn where_seen(&self) -> String {
        if self.account.is_empty() {
            self.context.label().to_owned()
        } else {
            format!("{}, {}", self.context.label(), self.account)
        }
    }
}

impl SharedHistory {
    pub fn skill(&self, id: SkillId) -> Option<&SharedSkill> {
        self.skills.iter().find(|s| s.id == id)
    }

    pub fn observations_of(&self, skill: SkillId) -> impl Iterator<Item = &SharedObservation> {
        self.observations
            .iter()
            .filter(move |o| o.skill_id == skill)
    }

    fn points(&self, skill: SkillId) -> Vec<Point> {
        self.observations_of(skill)
            .map(|o| Point {
                day: o.observed_on,
                rating: o.rating,
            })
            .collect()
    }

    /// The level model's figures at the end of the period, from the shared ratings only,
    /// so every figure the rep sees can be traced to an observation they can read.
    pub fn figures(&self, skill: &SharedSkill) -> Figures {
        levels::figures(
            &self.points(skill.id),
            self.to,
            f64::from(self.half_life_days),
            skill.target,
        )
    }

    /// The level after each rating day of the period: the line of a trend chart.
    pub fn level_series(&self, skill: SkillId) -> Vec<(NaiveDate, f64)> {
        let points = self.points(skill);
        let mut days: Vec<NaiveDate> = points
            .iter()
            .filter(|p| p.rating.is_some())
            .map(|p| p.day)
            .collect();
        days.dedup();
        days.into_iter()
            .filter_map(|day| {
                levels::figures(&points, day, f64::from(self.half_life_days), None)
                    .level
                    .map(|level| (day, level))
            })
            .collect()
    }

    /// The ratings of the period as (day, rating): the dots of a trend chart.
    pub fn ratings(&self, skill: SkillId) -> Vec<(NaiveDate, u8)> {
        self.observations_of(skill)
            .filter_map(|o| o.rating.map(|r| (o.observed_on, r)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, n).unwrap_or_default()
    }

    fn history(ratings: &[(u32, Option<u8>)]) -> SharedHistory {
        SharedHistory {
            rep_id: 1,
            rep_name: "Ana".into(),
            role_name: "Account Executive".into(),
            from: day(1),
            to: day(31),
            generated: DateTime::default(),
            half_life_days: 90,
            skills: vec![SharedSkill {
                id: SkillId(7),
                bucket: Bucket::Selling,
                name: "Discovery".into(),
                description: String::new(),
                rubric: Rubric::default(),
                target: Level::new(4),
                retired: false,
            }],
            sessions: Vec::new(),
            commitments: Vec::new(),
            observations: ratings
                .iter()
                .enumerate()
                .map(|(i, (d, rating))| SharedObservation {
                    id: i as i64,
                    skill_id: SkillId(7),
                    observed_on: day(*d),
                    rating: *rating,
                    evidence: String::new(),
                    context: CallContext::ClientCall,
                    account: String::new(),
                })
                .collect(),
            plans: Vec::new(),
        }
    }

    #[test]
    fn level_line_has_one_point_per_rated_day() {
        let h = history(&[(2, Some(2)), (2, Some(4)), (9, None), (20, Some(5))]);
        let series = h.level_series(SkillId(7));
        assert_eq!(series.len(), 2);
        assert!((series[0].1 - 3.0).abs() < 1e-9);
        assert!(series[1].1 > 3.0);
        assert_eq!(h.ratings(SkillId(7)).len(), 3);
    }

    #[test]
    fn figures_use_the_end_of_the_period_and_the_target() {
        let h = history(&[(5, Some(3))]);
        let f = h.figures(&h.skills[0]);
        assert_eq!(f.ratings, 1);
        assert!((f.gap.unwrap_or_default() - 1.0).abs() < 1e-9);
    }
}
