//! Progress and effectiveness of every coaching plan, computed from the in-memory log on
//! the query thread: ten years of fifty reps is thousands of plans, each compared with
//! every teammate's ratings of the same skill, which is not work for a frame.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::observation_log::ObservationLog;
use crate::domain::levels::{Point, TREND_WINDOW_DAYS};
use crate::domain::plan::effect::{self, PlanEffect, Series, SkillEffect};
use crate::domain::plan::progress::{self, Progress};
use crate::domain::plan::{Plan, PlanId};
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

/// What the figures were computed from: when any part moves they are computed again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanKey {
    pub log_version: u64,
    pub plans_version: u64,
    pub today: NaiveDate,
    pub half_life_days: u32,
}

#[derive(Clone, Debug)]
pub struct PlanFigures {
    pub key: PlanKey,
    pub progress: HashMap<PlanId, Progress>,
    pub effects: HashMap<PlanId, PlanEffect>,
    /// Per skill coached, how its plans moved: the team view.
    pub team: Vec<SkillEffect>,
}

/// Every (rep, skill) pair the figures look at, in one dense table: half a million log
/// rows are sorted into it by two binary searches over a few dozen ids each, rather than
/// hashed one by one.
struct Slots {
    reps: Vec<RepId>,
    skills: Vec<SkillId>,
    /// Per pair, its points in day order (the log's order).
    points: Vec<Vec<Point>>,
    series: Vec<Series>,
}

impl Slots {
    fn index(&self, rep: RepId, skill: SkillId) -> Option<usize> {
        let r = self.reps.binary_search(&rep).ok()?;
        let s = self.skills.binary_search(&skill).ok()?;
        Some(r * self.skills.len() + s)
    }

    fn read(log: &ObservationLog, plans: &[Plan], reps: &[RepId], half_life: f64) -> Slots {
        let mut skills: Vec<SkillId> = plans.iter().map(|p| p.draft.skill).collect();
        let mut all_reps: Vec<RepId> = reps
            .iter()
            .copied()
            .chain(plans.iter().map(|p| p.draft.rep))
            .collect();
        skills.sort_unstable();
        skills.dedup();
        all_reps.sort_unstable();
        all_reps.dedup();
        let mut slots = Slots {
            points: vec![Vec::new(); all_reps.len() * skills.len()],
            reps: all_reps,
            skills,
            series: Vec::new(),
        };
        for row in log.rows() {
            if let Some(i) = slots.index(row.rep, row.skill) {
                slots.points[i].push(Point {
                    day: row.day,
                    rating: row.rating,
                });
            }
        }
        slots.series = slots
            .points
            .iter()
            .map(|p| Series::new(p, half_life))
            .collect();
        slots
    }
}

/// The figures of every plan in `plans`; `reps` are the teammates a plan's skill is
/// compared across (the active roster).
pub fn compute(key: PlanKey, log: &ObservationLog, plans: &[Plan], reps: &[RepId]) -> PlanFigures {
    let half_life = f64::from(key.half_life_days);
    let slots = Slots::read(log, plans, reps, half_life);
    // Each plan looks only at the plans of its own skill.
    let mut by_skill: HashMap<SkillId, Vec<Plan>> = HashMap::new();
    for plan in plans {
        by_skill
            .entry(plan.draft.skill)
            .or_default()
            .push(plan.clone());
    }
    let empty = Series::default();
    let mut figures = PlanFigures {
        key,
        progress: HashMap::with_capacity(plans.len()),
        effects: HashMap::with_capacity(plans.len()),
        team: Vec::new(),
    };
    for plan in plans {
        let (rep, skill) = (plan.draft.rep, plan.draft.skill);
        let slot = slots.index(rep, skill);
        let own = slot.map_or(&empty, |i| &slots.series[i]);
        let end = plan.end_on(key.today);
        let points = slot.map_or(&[][..], |i| slots.points[i].as_slice());
        // Only the trend window moves the trend; the points are in day order.
        let window_start = end - Duration::days(TREND_WINDOW_DAYS);
        let first = points.partition_point(|p| p.day <= window_start);
        let last = points.partition_point(|p| p.day <= end);
        figures.progress.insert(
            plan.id,
            progress::progress(
                plan,
                own,
                &points[first..last.max(first)],
                key.today,
                half_life,
            ),
        );
        let same_skill = by_skill.get(&skill).map_or(&[][..], Vec::as_slice);
        let coached = effect::coached_on(same_skill, skill, plan.draft.started_on, end, key.today);
        let others = reps
            .iter()
            .filter(|r| **r != rep && !coached.contains(r))
            .filter_map(|r| slots.index(*r, skill).map(|i| &slots.series[i]));
        figures
            .effects
            .insert(plan.id, effect::plan_effect(plan, own, others, key.today));
    }
    let pairs: Vec<(&Plan, PlanEffect)> = plans
        .iter()
        .filter_map(|p| figures.effects.get(&p.id).map(|e| (p, *e)))
        .collect();
    figures.team = effect::team_effects(&pairs);
    figures
}
