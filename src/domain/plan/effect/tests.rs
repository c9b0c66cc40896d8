//! Property and unit tests of the effectiveness figures.

use super::*;
use crate::domain::Level;
use crate::domain::levels::figures;
use crate::domain::plan::{PlanDraft, PlanId, PlanStatus};
use proptest::prelude::*;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 1).unwrap() + chrono::Duration::days(n)
}

fn pts(list: &[(i64, Option<u8>)]) -> Vec<Point> {
    list.iter()
        .map(|(d, r)| Point {
            day: day(*d),
            rating: *r,
        })
        .collect()
}

fn plan(rep: i64, skill: i64, start: i64, closed: Option<i64>) -> Plan {
    Plan {
        id: PlanId(rep * 100 + skill),
        draft: PlanDraft {
            rep: RepId(rep),
            skill: SkillId(skill),
            started_on: day(start),
            start_level: None,
            target: Level::new(4).unwrap(),
            review_on: day(start + 42),
            why: String::new(),
            shared: false,
        },
        status: closed.map_or(PlanStatus::Active, |_| PlanStatus::Dropped),
        closed_on: closed.map(day),
    }
}

fn measured(change: f64, ratings: u32) -> Effect {
    Effect::Measured(Change { change, ratings })
}

fn raw_points(span: i64) -> impl Strategy<Value = Vec<(i64, Option<u8>)>> {
    prop::collection::vec((0..span, prop::option::weighted(0.9, 1u8..=5)), 0..60)
}

fn half_life() -> impl Strategy<Value = f64> {
    prop_oneof![Just(14.0), Just(730.0), 14.0..730.0f64]
}

proptest! {
    #[test]
    fn level_on_is_the_level_model(raw in raw_points(4400), at in -10i64..4500, h in half_life()) {
        let points = pts(&raw);
        let series = Series::new(&points, h);
        let model = figures(&points, day(at), h, None).level;
        match (series.level_on(day(at)), model) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    #[test]
    fn a_rating_after_the_plan_ended_changes_nothing(
        raw in raw_points(400),
        late in prop::collection::vec((301i64..700, 1u8..=5), 1..5),
        start in 0i64..300,
    ) {
        let closed = plan(1, 1, start, Some(300));
        let points = pts(&raw);
        let before = plan_effect(&closed, &Series::new(&points, 90.0), [], day(800));
        let mut more = points.clone();
        more.extend(late.iter().map(|(d, r)| Point { day: day(*d), rating: Some(*r) }));
        let after = plan_effect(&closed, &Series::new(&more, 90.0), [], day(800));
        prop_assert_eq!(before.plan, after.plan);
    }

    #[test]
    fn no_ratings_is_never_a_number(days in prop::collection::vec(0i64..400, 0..20), from in 0i64..400, len in 0i64..400) {
        let unrated: Vec<(i64, Option<u8>)> = days.iter().map(|d| (*d, None)).collect();
        let series = Series::new(&pts(&unrated), 90.0);
        prop_assert_eq!(change_over(&series, day(from), day(from + len)), Effect::NotEnoughData);
        prop_assert_eq!(drift([&series], day(from), day(from + len)), None);
        prop_assert_eq!(drift([], day(from), day(from + len)), None);
    }

    #[test]
    fn change_over_ignores_input_order(
        (raw, shuffled) in raw_points(400).prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        from in 0i64..400,
        len in 0i64..200,
    ) {
        let a = change_over(&Series::new(&pts(&raw), 60.0), day(from), day(from + len));
        let b = change_over(&Series::new(&pts(&shuffled), 60.0), day(from), day(from + len));
        prop_assert_eq!(a, b);
    }
}

#[test]
fn a_change_needs_a_level_before_and_two_ratings_during() {
    let series = |list: &[(i64, Option<u8>)]| Series::new(&pts(list), 90.0);
    let none = Effect::NotEnoughData;
    let during_only = series(&[(10, Some(3)), (12, Some(4))]);
    assert_eq!(change_over(&during_only, day(10), day(20)), none);
    let one_during = series(&[(5, Some(2)), (12, Some(4))]);
    assert_eq!(change_over(&one_during, day(10), day(20)), none);
    let two = series(&[(9, Some(2)), (12, Some(4)), (20, Some(4)), (21, Some(1))]);
    let Effect::Measured(c) = change_over(&two, day(10), day(20)) else {
        panic!("two ratings during and one before give a figure");
    };
    assert_eq!(c.ratings, 2);
    let expected = two.level_on(day(20)).unwrap() - 2.0;
    assert!((c.change - expected).abs() < 1e-12 && c.change > 0.0);
    assert_eq!(two.ratings_between(day(9), day(21)), 4);
    assert_eq!(two.ratings_between(day(21), day(9)), 0);
}

#[test]
fn twelve_years_at_a_two_week_half_life_stay_finite() {
    let raw: Vec<(i64, Option<u8>)> = (0..4400)
        .step_by(7)
        .map(|d| (d, Some((d % 5) as u8 + 1)))
        .collect();
    let series = Series::new(&pts(&raw), 14.0);
    for at in [0, 100, 2000, 4399, 9000] {
        let level = series.level_on(day(at)).unwrap();
        let model = figures(&pts(&raw), day(at), 14.0, None).level.unwrap();
        assert!(level.is_finite() && (level - model).abs() < 1e-9);
    }
}

#[test]
fn coached_on_takes_every_plan_overlapping_the_period() {
    let plans = [
        plan(1, 7, 10, Some(20)),
        plan(2, 7, 30, None),
        plan(3, 7, 0, Some(5)),
        plan(4, 8, 10, None),
    ];
    let reps = coached_on(&plans, SkillId(7), day(15), day(25), day(40));
    assert_eq!(reps, BTreeSet::from([RepId(1)]));
    let reps = coached_on(&plans, SkillId(7), day(5), day(30), day(40));
    assert_eq!(reps, BTreeSet::from([RepId(1), RepId(2), RepId(3)]));
}

fn others(mean_change: f64, reps: u32, ratings: u32) -> Option<Drift> {
    Some(Drift {
        mean_change,
        reps,
        ratings,
    })
}

fn effect(plan: Effect, others: Option<Drift>) -> PlanEffect {
    PlanEffect { plan, others }
}

#[test]
fn describe_states_figures_without_a_cause() {
    let lines = [
        (
            effect(measured(0.6, 8), others(0.14, 4, 23)),
            "Level +0.6 over the plan on 8 ratings; reps not coached on it: +0.1 (4 reps, 23 ratings)",
        ),
        (
            effect(measured(-0.02, 2), None),
            "Level 0.0 over the plan on 2 ratings; no other rep has enough ratings to compare",
        ),
        (
            effect(Effect::NotEnoughData, None),
            "Not enough ratings yet to say how the level moved",
        ),
        (
            effect(Effect::NotEnoughData, others(-0.3, 1, 1)),
            "Not enough ratings yet to say how the level moved; reps not coached on it: -0.3 (1 rep, 1 rating)",
        ),
    ];
    for (effect, expected) in lines {
        let text = describe(&effect);
        assert_eq!(text, expected);
        let lower = text.to_lowercase();
        for word in ["because", "caus", "thanks", "due to", "improved by"] {
            assert!(!lower.contains(word), "{text}");
        }
    }
}

#[test]
fn team_effects_sum_per_skill_and_put_the_biggest_move_first() {
    let plans = [3, 3, 4, 5, 6].map(|skill| plan(1, skill, 0, None));
    let effects = [
        (&plans[0], effect(measured(0.4, 3), others(0.3, 1, 3))),
        (&plans[1], effect(measured(0.2, 5), others(0.0, 3, 9))),
        (&plans[2], effect(Effect::NotEnoughData, None)),
        (&plans[3], effect(measured(-0.5, 2), None)),
        (&plans[4], effect(measured(0.6, 4), None)),
    ];
    let team = team_effects(&effects);
    let order: Vec<(i64, Moved)> = team.iter().map(|s| (s.skill.0, s.moved)).collect();
    use Moved::{Down, NotEnoughData, Up};
    assert_eq!(order, [(6, Up), (3, Up), (5, Down), (4, NotEnoughData)]);
    let three = &team[1];
    assert_eq!((three.plans, three.measured, three.ratings), (2, 2, 8));
    assert!((three.mean_change.unwrap() - 0.3).abs() < 1e-12);
    let drift = three.others.unwrap();
    assert_eq!((drift.reps, drift.ratings), (4, 12));
    assert!((drift.mean_change - 0.075).abs() < 1e-12);
    let four = &team[3];
    assert_eq!((four.plans, four.measured, four.mean_change), (1, 0, None));
    assert_eq!(Moved::of(Some(0.1)), Moved::Flat);
}
