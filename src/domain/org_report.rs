//! The leader's figures across teams, from the aggregates the organization's server
//! returns (see `org::report`): coverage per manager, the heat map's team averages, the
//! organization's training needs, and calibration across managers.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

/// A manager's ratings of a skill sit this far from the other managers' mean (on the 1-5
/// scale) before they are called lenient or harsh: half a level is within what honest
/// managers differ by; three quarters of one is a different reading of the rubric.
pub const CALIBRATION_GAP: f64 = 0.75;
/// A manager needs this many ratings of a skill in the window to be compared at all.
pub const CALIBRATION_MIN_RATINGS: i64 = 10;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportSkill {
    pub key: String,
    pub name: String,
    pub bucket: String,
}

/// One active rep's coaching in the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepCoverage {
    pub manager: String,
    pub manager_name: String,
    pub rep_id: i64,
    pub name: String,
    pub role: String,
    pub held: i64,
    pub missed: i64,
    pub skipped: i64,
    pub held_mins: i64,
    pub last_held: Option<NaiveDate>,
    pub goal_mins_per_week: i64,
}

/// One rep's level in one organization skill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelCell {
    pub manager: String,
    pub rep_id: i64,
    pub key: String,
    pub level: Option<f64>,
    pub ratings: i64,
    pub target: Option<i64>,
}

/// One manager's ratings of one skill in the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratings {
    pub manager: String,
    pub key: String,
    pub count: i64,
    pub mean: f64,
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub spread: [i64; 5],
}

/// A manager's coverage: sessions held of those due, time coached against the goal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ManagerCoverage {
    pub manager: String,
    pub name: String,
    pub reps: i64,
    pub held: i64,
    /// Held, missed and skipped: the sessions the cadences asked for.
    pub due: i64,
    pub held_share: Option<f64>,
    pub mins_per_rep_week: f64,
    pub goal_mins_per_week: i64,
    /// Reps with no session held in the window.
    pub reps_not_coached: i64,
    /// Shared coaching plans by status.
    pub plans: BTreeMap<String, i64>,
}

/// A skill the organization most needs to train.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrainingNeed {
    pub key: String,
    /// The mean of target minus level over reps with both.
    pub mean_gap: f64,
    pub below_target: i64,
    pub compared: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    InLine,
    Lenient,
    Harsh,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    pub ratings: Ratings,
    /// The mean of the other managers' means of the skill; `None` when no other manager
    /// rated it enough.
    pub others_mean: Option<f64>,
    pub reading: Reading,
}

/// Coverage per manager from the per-rep rows; `plans` as (manager, status, count).
pub fn coverage(
    reps: &[RepCoverage],
    plans: &[(String, String, i64)],
    window_days: i64,
) -> Vec<ManagerCoverage> {
    let mut out: BTreeMap<&str, ManagerCoverage> = BTreeMap::new();
    for rep in reps {
        let m = out.entry(&rep.manager).or_insert_with(|| ManagerCoverage {
            manager: rep.manager.clone(),
            name: rep.manager_name.clone(),
            reps: 0,
            held: 0,
            due: 0,
            held_share: None,
            mins_per_rep_week: 0.0,
            goal_mins_per_week: rep.goal_mins_per_week,
            reps_not_coached: 0,
            plans: BTreeMap::new(),
        });
        m.reps += 1;
        m.held += rep.held;
        m.due += rep.held + rep.missed + rep.skipped;
        m.mins_per_rep_week += rep.held_mins as f64;
        m.reps_not_coached += i64::from(rep.held == 0);
    }
    let weeks = window_days.max(1) as f64 / 7.0;
    for m in out.values_mut() {
        m.held_share = (m.due > 0).then(|| m.held as f64 / m.due as f64);
        m.mins_per_rep_week /= m.reps.max(1) as f64 * weeks;
    }
    for (manager, status, count) in plans {
        if let Some(m) = out.get_mut(manager.as_str()) {
            m.plans.insert(status.clone(), *count);
        }
    }
    out.into_values().collect()
}

/// The mean level of each manager's team in each skill: (manager, key) -> mean.
pub fn team_levels(cells: &[LevelCell]) -> BTreeMap<(String, String), f64> {
    let mut sums: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for cell in cells {
        if let Some(level) = cell.level {
            let sum = sums
                .entry((cell.manager.clone(), cell.key.clone()))
                .or_default();
            sum.0 += level;
            sum.1 += 1.0;
        }
    }
    sums.into_iter().map(|(k, (s, n))| (k, s / n)).collect()
}

/// The skills by their mean gap to target, largest first; skills no rep has both a level
/// and a target in are left out.
pub fn training_needs(cells: &[LevelCell]) -> Vec<TrainingNeed> {
    let mut by_key: BTreeMap<&str, (f64, i64, i64)> = BTreeMap::new();
    for cell in cells {
        if let (Some(level), Some(target)) = (cell.level, cell.target) {
            let acc = by_key.entry(&cell.key).or_default();
            acc.0 += target as f64 - level;
            acc.1 += i64::from(level < target as f64);
            acc.2 += 1;
        }
    }
    let mut needs: Vec<TrainingNeed> = by_key
        .into_iter()
        .map(|(key, (gap, below, n))| TrainingNeed {
            key: key.to_owned(),
            mean_gap: gap / n as f64,
            below_target: below,
            compared: n,
        })
        .collect();
    needs.sort_by(|a, b| b.mean_gap.total_cmp(&a.mean_gap).then(a.key.cmp(&b.key)));
    needs
}

/// Each manager's ratings of each skill against the other managers' of the same skill.
pub fn calibration(ratings: &[Ratings]) -> Vec<Calibration> {
    ratings
        .iter()
        .map(|r| {
            let others: Vec<f64> = ratings
                .iter()
                .filter(|o| {
                    o.key == r.key && o.manager != r.manager && o.count >= CALIBRATION_MIN_RATINGS
                })
                .map(|o| o.mean)
                .collect();
            let others_mean =
                (!others.is_empty()).then(|| others.iter().sum::<f64>() / others.len() as f64);
            let reading = match others_mean {
                Some(m) if r.count >= CALIBRATION_MIN_RATINGS && r.mean - m >= CALIBRATION_GAP => {
                    Reading::Lenient
                }
                Some(m) if r.count >= CALIBRATION_MIN_RATINGS && m - r.mean >= CALIBRATION_GAP => {
                    Reading::Harsh
                }
                _ => Reading::InLine,
            };
            Calibration {
                ratings: r.clone(),
                others_mean,
                reading,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratings(manager: &str, mean: f64, count: i64) -> Ratings {
        Ratings {
            manager: manager.into(),
            key: "discovery".into(),
            count,
            mean,
            spread: [0; 5],
        }
    }

    #[test]
    fn a_manager_far_above_or_below_the_others_is_flagged() {
        let found = calibration(&[
            ratings("a", 3.0, 20),
            ratings("b", 3.2, 20),
            ratings("c", 4.2, 20),
            ratings("d", 2.0, 20),
            ratings("e", 4.9, 3),
        ]);
        let readings: Vec<Reading> = found.iter().map(|c| c.reading).collect();
        assert_eq!(
            readings,
            [
                Reading::InLine,
                Reading::InLine,
                Reading::Lenient,
                Reading::Harsh,
                Reading::InLine
            ]
        );
    }

    #[test]
    fn training_needs_put_the_largest_gap_first() {
        let cell = |key: &str, level: f64, target: i64| LevelCell {
            manager: "a".into(),
            rep_id: 1,
            key: key.into(),
            level: Some(level),
            ratings: 3,
            target: Some(target),
        };
        let needs = training_needs(&[cell("x", 3.0, 4), cell("y", 2.0, 4), cell("y", 4.5, 4)]);
        assert_eq!(needs[0].key, "x");
        assert!((needs[0].mean_gap - 1.0).abs() < 1e-9);
        assert_eq!(needs[1].below_target, 1);
        assert_eq!(needs[1].compared, 2);
    }
}
