//! Where a plan stands since it started: the level then and now, the ratings gathered
//! since, and the trend. A closed plan is read as of its closing day, so its history does
//! not move when later ratings come in.

use chrono::NaiveDate;

use super::Plan;
use super::effect::Series;
use crate::domain::levels::{self, Point};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// The level when the plan started, as stored then: later ratings dated before the
    /// start must not rewrite where the plan began.
    pub start_level: Option<f64>,
    pub level_now: Option<f64>,
    pub ratings_since: u32,
    pub trend: Option<f64>,
    pub change: Option<f64>,
}

/// Where `plan` stands as of `today`. `series` holds the rep's ratings of the skill;
/// `recent` at least the points of the trend window before the plan's end (more is
/// harmless, since the level model's trend looks at no other), so a caller with ten years
/// of points passes only the last months.
pub fn progress(
    plan: &Plan,
    series: &Series,
    recent: &[Point],
    today: NaiveDate,
    half_life_days: f64,
) -> Progress {
    let end = plan.end_on(today);
    let level_now = series.level_on(end);
    let start_level = plan.draft.start_level;
    Progress {
        start_level,
        level_now,
        ratings_since: series.ratings_between(plan.draft.started_on, end),
        trend: levels::figures(recent, end, half_life_days, None).trend,
        change: start_level.zip(level_now).map(|(then, now)| now - then),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Level;
    use crate::domain::plan::{PlanDraft, PlanId, PlanStatus};
    use crate::domain::rep::RepId;
    use crate::domain::skill::SkillId;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    fn plan(start: i64, start_level: Option<f64>, closed: Option<i64>) -> Plan {
        Plan {
            id: PlanId(1),
            draft: PlanDraft {
                rep: RepId(1),
                skill: SkillId(1),
                started_on: day(start),
                start_level,
                target: Level::new(4).unwrap(),
                review_on: day(start + 42),
                why: String::new(),
                shared: false,
            },
            status: if closed.is_some() {
                PlanStatus::Met
            } else {
                PlanStatus::Active
            },
            closed_on: closed.map(day),
        }
    }

    /// Progress from every point, as a caller without a trimmed window has it.
    fn progress_of(plan: &Plan, points: &[Point], today: NaiveDate, half_life: f64) -> Progress {
        progress(
            plan,
            &Series::new(points, half_life),
            points,
            today,
            half_life,
        )
    }

    fn rated(d: i64, r: Option<u8>) -> Point {
        Point {
            day: day(d),
            rating: r,
        }
    }

    #[test]
    fn progress_counts_ratings_since_the_start_and_stops_at_the_close() {
        let points = [
            rated(70, Some(4)),
            rated(0, Some(2)),
            rated(10, Some(3)),
            rated(20, None),
            rated(30, Some(4)),
            rated(50, Some(5)),
        ];
        let closed = plan(10, Some(2.0), Some(40));
        let p = progress_of(&closed, &points, day(100), 90.0);
        assert_eq!(p.start_level, Some(2.0));
        assert_eq!(p.ratings_since, 2);
        let expected = levels::figures(&points, day(40), 90.0, None).level.unwrap();
        assert!((p.level_now.unwrap() - expected).abs() < 1e-9);
        assert!((p.change.unwrap() - (expected - 2.0)).abs() < 1e-9);

        let running = plan(10, None, None);
        let p = progress_of(&running, &points, day(100), 90.0);
        assert_eq!(p.ratings_since, 4);
        assert_eq!(p.change, None);
        assert!(p.level_now.is_some());
    }

    #[test]
    fn no_ratings_give_no_level_and_no_change() {
        let p = progress_of(&plan(0, Some(3.0), None), &[], day(10), 90.0);
        assert_eq!(
            p,
            Progress {
                start_level: Some(3.0),
                level_now: None,
                ratings_since: 0,
                trend: None,
                change: None,
            }
        );
    }

    proptest! {
        #[test]
        fn ratings_after_a_closed_plan_change_nothing(
            raw in prop::collection::vec((0i64..400, prop::option::of(1u8..=5)), 0..30),
            late in prop::collection::vec((201i64..400, 1u8..=5), 1..5),
            start in 0i64..100,
        ) {
            let closed = plan(start, Some(3.0), Some(200));
            let points: Vec<Point> = raw.iter().map(|(d, r)| rated(*d, *r)).collect();
            let base = progress_of(&closed, &points, day(500), 90.0);
            let mut more = points.clone();
            more.extend(late.iter().map(|(d, r)| rated(*d, Some(*r))));
            more.reverse();
            let with = progress_of(&closed, &more, day(500), 90.0);
            prop_assert_eq!(base.ratings_since, with.ratings_since);
            prop_assert_eq!(base.trend.is_some(), with.trend.is_some());
            match (base.level_now, with.level_now) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9),
                (a, b) => prop_assert_eq!(a, b),
            }
        }
    }
}
