//! Progress and effectiveness of every coaching plan, computed from the in-memory log on
//! the query thread: ten years of fifty reps is thousands of plans, each compared with
//! every teammate's ratings of the same skill, which is not work for a frame.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::observation_log::ObservationLog;
use crate::domain::levels::Point;
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

/// The figures of every plan in `plans`; `reps` are the teammates a plan's skill is
/// compared across (the active roster).
pub fn compute(key: PlanKey, log: &ObservationLog, plans: &[Plan], reps: &[RepId]) -> PlanFigures {
    let half_life = f64::from(key.half_life_days);
    let skills: HashSet<SkillId> = plans.iter().map(|p| p.draft.skill).collect();
    let mut points: HashMap<(RepId, SkillId), Vec<Point>> = HashMap::new();
    for row in log.rows() {
        if skills.contains(&row.skill) {
            points.entry((row.rep, row.skill)).or_default().push(Point {
                day: row.day,
                rating: row.rating,
            });
        }
    }
    let series: HashMap<(RepId, SkillId), Series> = points
        .iter()
        .map(|(key, points)| (*key, Series::new(points, half_life)))
        .collect();
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
        let own_points = points.get(&(rep, skill)).map_or(&[][..], Vec::as_slice);
        figures.progress.insert(
            plan.id,
            progress::progress(plan, own_points, key.today, half_life),
        );
        let end = plan.end_on(key.today);
        let same_skill = by_skill.get(&skill).map_or(&[][..], Vec::as_slice);
        let coached = effect::coached_on(same_skill, skill, plan.draft.started_on, end, key.today);
        let others = reps
            .iter()
            .filter(|r| **r != rep && !coached.contains(r))
            .filter_map(|r| series.get(&(*r, skill)));
        let own = series.get(&(rep, skill)).unwrap_or(&empty);
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
