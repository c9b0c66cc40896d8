//! Skill gaps: the "As of" day typed or stepped back by months, and gaps read in words
//! where below target never looks like good news.

mod common;

use chrono::NaiveDate;
use coachbook::model::against_target;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

fn open_gaps(dir: &tempfile::TempDir) -> egui_kittest::Harness<'static, coachbook::app::App> {
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    common::settle(&mut harness);
    harness
}

fn type_day(harness: &mut egui_kittest::Harness<'static, coachbook::app::App>, text: &str) {
    harness.get_by_label("As of, typed as YYYY-MM-DD").click();
    common::settle(harness);
    harness.event(egui::Event::Text(text.into()));
    harness.key_press(Key::Enter);
    common::settle(harness);
}

#[test]
fn a_typed_day_sets_as_of_and_a_bad_one_says_why_next_to_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_gaps(&dir);
    type_day(&mut harness, "2026-05-20");
    assert_eq!(
        harness.state().ui_state().gaps.as_of,
        NaiveDate::from_ymd_opt(2026, 5, 20)
    );
    type_day(&mut harness, "20/05/2026");
    harness.get_by_label_contains("\"20/05/2026\" is not a date");
    assert_eq!(
        harness.state().ui_state().gaps.as_of,
        NaiveDate::from_ymd_opt(2026, 5, 20),
        "a refused day leaves the figures as they were"
    );
}

#[test]
fn six_months_back_is_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_gaps(&dir);
    harness.get_by_label("6 months back").click();
    common::settle(&mut harness);
    let today = common::test_now().date_naive();
    assert_eq!(
        harness.state().ui_state().gaps.as_of,
        Some(coachbook::domain::dates::months_before(today, 6))
    );
    harness.get_by_label("Today").click();
    common::settle(&mut harness);
    assert_eq!(harness.state().ui_state().gaps.as_of, None);
}

#[test]
fn a_gap_reads_as_below_or_above_target_never_as_a_plus() {
    assert_eq!(against_target(1.44), "1.4 below target");
    assert_eq!(against_target(-0.6), "0.6 above target");
    assert_eq!(against_target(0.04), "at target");
    assert_eq!(against_target(-0.04), "at target");
}

/// The label of the widget with the keyboard's focus, if any.
fn focused(harness: &egui_kittest::Harness<'static, coachbook::app::App>) -> Option<String> {
    harness
        .query_all_by(|n| n.is_focused())
        .next()
        .and_then(|n| n.accesskit_node().label())
}

#[test]
fn the_heat_map_is_one_tab_stop_walked_by_the_arrows_and_opened_by_enter() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_gaps(&dir);
    let (map, _) = harness.state().caches().gaps.clone().unwrap();
    let columns: Vec<_> = coachbook::domain::Bucket::ALL
        .iter()
        .flat_map(|b| map.skills.iter().filter(move |(s, _)| s == b))
        .map(|(_, skill)| *skill)
        .collect();
    let label = |rep, skill| map.labels[&(rep, skill)].clone();
    let first = label(map.reps[0], columns[0]);

    let mut tabs = 0;
    while focused(&harness).as_deref() != Some(first.as_str()) {
        assert!(tabs < 40, "Tab never reached the heat map");
        harness.key_press(Key::Tab);
        common::settle(&mut harness);
        tabs += 1;
    }
    harness.key_press(Key::ArrowRight);
    common::settle(&mut harness);
    harness.key_press(Key::ArrowDown);
    common::settle(&mut harness);
    let (rep, skill) = (map.reps[1], columns[1]);
    assert_eq!(focused(&harness), Some(label(rep, skill)));

    harness.key_press(Key::Enter);
    common::settle(&mut harness);
    let page = harness.state().ui_state().team.open_rep.as_ref().unwrap();
    assert_eq!((page.rep, page.skill), (rep, Some(skill)));

    // Back on the map, the cell moved to is the Tab stop, and one Tab leaves the map.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    common::settle(&mut harness);
    let mut tabs = 0;
    while focused(&harness) != Some(label(rep, skill)) {
        assert!(tabs < 40, "Tab never reached the remembered cell");
        harness.key_press(Key::Tab);
        common::settle(&mut harness);
        tabs += 1;
    }
    harness.key_press(Key::Tab);
    common::settle(&mut harness);
    let next = focused(&harness).unwrap_or_default();
    assert!(
        !map.labels.values().any(|l| *l == next),
        "Tab left the map, to {next:?}"
    );
}
