//! Skill gaps: the "As of" day typed or stepped back by months, and gaps read in words
//! where below target never looks like good news.

mod common;

use chrono::NaiveDate;
use coachbook::model::against_target;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

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
