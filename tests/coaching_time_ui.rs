//! Time coached in the window: Home lists the reps under the goal, least first, and follows
//! the goal set in Settings; a rep's page says their minutes against it.

mod common;

use coachbook::app::App;
use coachbook::domain::coaching_time::{SHORT_DAYS, goal_mins};
use coachbook::ops::Command;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn under_goal(harness: &Harness<'_, App>, goal: u32) -> usize {
    let app = harness.state();
    let today = common::test_now().date_naive();
    app.caches()
        .roster
        .iter()
        .filter(|r| !r.rep.archived)
        .filter(|r| {
            r.time_coached(today, chrono_tz::UTC).last_30_mins < goal_mins(SHORT_DAYS, goal)
        })
        .count()
}

#[test]
fn home_lists_the_reps_under_the_goal_and_follows_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo_harness(
        &dir.path().join("demo.db"),
        egui::vec2(1300.0, 1400.0),
        true,
    );
    harness.get_by_label("Under the coaching-time goal");
    let at_45 = under_goal(&harness, 45);
    assert!(at_45 > 0);
    harness.get_by_label(&format!("{at_45} of 8"));

    harness
        .state_mut()
        .apply(Command::SetCoachingGoal { mins_per_week: 5 })
        .unwrap();
    common::settle(&mut harness);
    assert_eq!(
        harness
            .state()
            .ui_state()
            .settings
            .coaching_goal_mins_per_week,
        5
    );
    let at_5 = under_goal(&harness, 5);
    assert!(at_5 < at_45, "a lower goal flags fewer reps");
    if at_5 == 0 {
        harness.get_by_label_contains("Every rep had at least 20 min of coaching");
    } else {
        harness.get_by_label(&format!("{at_5} of 8"));
    }
}

#[test]
fn a_reps_page_says_their_time_against_the_goal() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    common::settle(&mut harness);
    harness.get_by_label("Hannah Novak").click();
    common::settle(&mut harness);
    harness.get_by_label("Time coached");
    harness.get_by_label_contains("in the last 30 days (goal 3 h");
}

#[test]
fn the_roster_flags_each_rep_under_the_goal() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    common::settle(&mut harness);
    let flagged = harness.query_all_by_label_contains("low time").count();
    assert_eq!(flagged, under_goal(&harness, 45));
    harness
        .state_mut()
        .apply(Command::SetCoachingGoal { mins_per_week: 5 })
        .unwrap();
    common::settle(&mut harness);
    let flagged = harness.query_all_by_label_contains("low time").count();
    assert_eq!(flagged, under_goal(&harness, 5));
}
