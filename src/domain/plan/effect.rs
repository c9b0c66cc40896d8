//! Whether the level moved over a plan, set beside how the same skill moved for reps who
//! were not coached on it in the same period. Nothing here claims a cause: reps are not
//! assigned at random and the numbers are small, so the text says what moved and on how
//! many ratings, and leaves the reading to the manager.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::Plan;
use crate::domain::levels::{Point, signed_tenths};
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

/// The ratings of one rep in one skill, so that the level as of any day is a binary
/// search: the team view asks it for every plan against every other rep. The days are
/// kept apart from the sums so the search runs over a small, dense array.
#[derive(Clone, Debug, Default)]
pub struct Series {
    days: Vec<NaiveDate>,
    /// Per rating, the weight and weighted sum of every rating up to it, taken relative to
    /// its own day. Relative to a fixed day, 2^(days / half-life) overflows within a few
    /// years at a two-week half-life; relative to the running day each factor is at most
    /// one and the weight at least one, so the sums stay in range whatever the span.
    sums: Vec<(f64, f64)>,
}

impl Series {
    pub fn new(points: &[Point], half_life_days: f64) -> Series {
        let mut rated: Vec<(NaiveDate, u8)> = points
            .iter()
            .filter_map(|p| p.rating.map(|r| (p.day, r)))
            .collect();
        // Sorting by the rating too makes same-day ratings add up in one order, so the
        // figures do not depend on the order the points came in.
        rated.sort_unstable();
        let mut series = Series {
            days: Vec::with_capacity(rated.len()),
            sums: Vec::with_capacity(rated.len()),
        };
        for (day, rating) in rated {
            let (weight, weighted) = match (series.days.last(), series.sums.last()) {
                (Some(prev), Some((weight, weighted))) => {
                    let factor = ((*prev - day).num_days() as f64 / half_life_days).exp2();
                    (weight * factor, weighted * factor)
                }
                _ => (0.0, 0.0),
            };
            series.days.push(day);
            series
                .sums
                .push((weight + 1.0, weighted + f64::from(rating)));
        }
        series
    }

    pub fn level_on(&self, day: NaiveDate) -> Option<f64> {
        self.level_of_first(self.days.partition_point(|d| *d <= day))
    }

    pub fn ratings_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let (start, end) = self.indices(from, to);
        count(end.saturating_sub(start))
    }

    /// The weight of every rating relative to the day asked about cancels between the
    /// sums, so the sums as of the last of the first `n` ratings give the level.
    fn level_of_first(&self, n: usize) -> Option<f64> {
        let (weight, weighted) = self.sums.get(n.checked_sub(1)?)?;
        Some(weighted / weight)
    }

    /// How many ratings come before `from`, and how many are on or before `to`.
    fn indices(&self, from: NaiveDate, to: NaiveDate) -> (usize, usize) {
        let start = self.days.partition_point(|d| *d < from);
        let end = start + self.days[start..].partition_point(|d| *d <= to);
        (start, end)
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Ratings during the period needed before a change is a figure.
pub const MIN_RATINGS_DURING: u32 = 2;
/// A skill's plans count as moved when their mean change is at least this far from zero:
/// less is within the scatter of a few whole-number ratings, so it reads as flat.
const MOVED_THRESHOLD: f64 = 0.25;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub change: f64,
    pub ratings: u32,
}

/// A figure is only given with enough ratings behind it, so a single rating never reads
/// as progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Effect {
    NotEnoughData,
    Measured(Change),
}

/// Level change from the day before `from` to `to`: needs a level before `from` (at least
/// one rating before) and MIN_RATINGS_DURING ratings in [from, to]; else NotEnoughData.
pub fn change_over(series: &Series, from: NaiveDate, to: NaiveDate) -> Effect {
    let (start, end) = series.indices(from, to);
    let ratings = count(end.saturating_sub(start));
    match (series.level_of_first(start), series.level_of_first(end)) {
        (Some(before), Some(after)) if ratings >= MIN_RATINGS_DURING => Effect::Measured(Change {
            change: after - before,
            ratings,
        }),
        _ => Effect::NotEnoughData,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drift {
    pub mean_change: f64,
    pub reps: u32,
    pub ratings: u32,
}

/// Mean change of the others over the same period, counting only those Measured; None if
/// none.
pub fn drift<'a>(
    others: impl IntoIterator<Item = &'a Series>,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Drift> {
    let (mut sum, mut reps, mut ratings) = (0.0, 0u32, 0u32);
    for series in others {
        if let Effect::Measured(c) = change_over(series, from, to) {
            sum += c.change;
            reps += 1;
            ratings = ratings.saturating_add(c.ratings);
        }
    }
    (reps > 0).then(|| Drift {
        mean_change: sum / f64::from(reps),
        reps,
        ratings,
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanEffect {
    pub plan: Effect,
    pub others: Option<Drift>,
}

/// Reps coached on `skill` in a period overlapping [from, to] (any status), from the
/// plans: a dropped plan still had coaching in it, so its rep is no fair comparison.
pub fn coached_on(
    plans: &[Plan],
    skill: SkillId,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> BTreeSet<RepId> {
    plans
        .iter()
        .filter(|p| p.draft.skill == skill && p.draft.started_on <= to && from <= p.end_on(today))
        .map(|p| p.draft.rep)
        .collect()
}

/// The plan's own change over [started_on, end_on(today)] and the drift of `others`'
/// series (the caller passes the series of reps not in [`coached_on`] for the same period
/// and skill).
pub fn plan_effect<'a>(
    plan: &Plan,
    own: &Series,
    others: impl IntoIterator<Item = &'a Series>,
    today: NaiveDate,
) -> PlanEffect {
    let (from, to) = (plan.draft.started_on, plan.end_on(today));
    PlanEffect {
        plan: change_over(own, from, to),
        others: drift(others, from, to),
    }
}

/// One line, no causal words: the figures sit side by side and the reader compares.
pub fn describe(effect: &PlanEffect) -> String {
    let own = match effect.plan {
        Effect::Measured(c) => format!(
            "Level {} over the plan on {}",
            signed_tenths(c.change),
            counted(c.ratings, "rating", "ratings")
        ),
        Effect::NotEnoughData => "Not enough ratings yet to say how the level moved".to_owned(),
    };
    match (effect.plan, effect.others) {
        (_, Some(d)) => format!(
            "{own}; reps not coached on it: {} ({}, {})",
            signed_tenths(d.mean_change),
            counted(d.reps, "rep", "reps"),
            counted(d.ratings, "rating", "ratings")
        ),
        (Effect::Measured(_), None) => {
            format!("{own}; no other rep has enough ratings to compare")
        }
        (Effect::NotEnoughData, None) => own,
    }
}

/// Team view: per skill that has plans, how its plans moved.
#[derive(Clone, Debug, PartialEq)]
pub struct SkillEffect {
    pub skill: SkillId,
    pub plans: u32,
    pub measured: u32,
    pub mean_change: Option<f64>,
    pub ratings: u32,
    pub others: Option<Drift>,
    pub moved: Moved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moved {
    Up,
    Flat,
    Down,
    NotEnoughData,
}

impl Moved {
    fn of(mean_change: Option<f64>) -> Moved {
        match mean_change {
            None => Moved::NotEnoughData,
            Some(c) if c >= MOVED_THRESHOLD => Moved::Up,
            Some(c) if c <= -MOVED_THRESHOLD => Moved::Down,
            Some(_) => Moved::Flat,
        }
    }
}

/// Sums over one skill's plans, before they become means.
#[derive(Default)]
struct Tally {
    plans: u32,
    measured: u32,
    change: f64,
    ratings: u32,
    other_change: f64,
    other_reps: u32,
    other_ratings: u32,
}

impl Tally {
    fn add(&mut self, effect: &PlanEffect) {
        self.plans += 1;
        if let Effect::Measured(c) = effect.plan {
            self.measured += 1;
            self.change += c.change;
            self.ratings = self.ratings.saturating_add(c.ratings);
        }
        if let Some(d) = effect.others {
            self.other_change += d.mean_change * f64::from(d.reps);
            self.other_reps = self.other_reps.saturating_add(d.reps);
            self.other_ratings = self.other_ratings.saturating_add(d.ratings);
        }
    }

    fn finish(self, skill: SkillId) -> SkillEffect {
        let mean_change = (self.measured > 0).then(|| self.change / f64::from(self.measured));
        let others = (self.other_reps > 0).then(|| Drift {
            mean_change: self.other_change / f64::from(self.other_reps),
            reps: self.other_reps,
            ratings: self.other_ratings,
        });
        SkillEffect {
            skill,
            plans: self.plans,
            measured: self.measured,
            mean_change,
            ratings: self.ratings,
            others,
            moved: Moved::of(mean_change),
        }
    }
}

/// `effects`: each plan with its PlanEffect. The others' drift is weighted by the reps
/// behind each plan's drift, so a plan compared against many reps counts for more.
/// Skills that moved up most come first, those without a figure last.
pub fn team_effects(effects: &[(&Plan, PlanEffect)]) -> Vec<SkillEffect> {
    let mut tallies: BTreeMap<SkillId, Tally> = BTreeMap::new();
    for (plan, effect) in effects {
        tallies.entry(plan.draft.skill).or_default().add(effect);
    }
    let mut skills: Vec<SkillEffect> = tallies
        .into_iter()
        .map(|(skill, tally)| tally.finish(skill))
        .collect();
    let key = |s: &SkillEffect| s.mean_change.unwrap_or(f64::NEG_INFINITY);
    skills.sort_by(|a, b| {
        (b.mean_change.is_some().cmp(&a.mean_change.is_some()))
            .then(key(b).total_cmp(&key(a)))
            .then(a.skill.cmp(&b.skill))
    });
    skills
}

pub(super) fn counted(count: u32, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests;
