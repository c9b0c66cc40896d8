//! Search over everything in the window: Ctrl+F from any screen, words typed faster than
//! frames, hits grouped with the matching words, Enter or a click opening the hit where it
//! lives, and a search that follows a change made while it is open.

mod common;

use coachbook::app::App;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionId;
use coachbook::ui::{RepTab, Screen};
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(dir: &tempfile::TempDir) -> Harness<'static, App> {
    common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1280.0, 800.0), true)
}

fn search_for(harness: &mut Harness<'_, App>, words: &[&str]) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.ui_state_open(), "Ctrl+F opens the search");
    // Every word arrives in the same frame, as from a fast typist.
    for word in words {
        harness.event(Event::Text((*word).to_owned()));
    }
    common::settle(harness);
}

trait SearchOpen {
    fn ui_state_open(&self) -> bool;
}

impl SearchOpen for Harness<'_, App> {
    fn ui_state_open(&self) -> bool {
        self.state().ui_state().search.open
    }
}

#[test]
fn ctrl_f_searches_and_enter_opens_the_session_of_the_hit() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();
    search_for(&mut harness, &["gen", "tly"]);
    assert_eq!(harness.state().ui_state().search.text, "gently");
    harness.get_by_label("Search everything");
    harness.get_by_label_contains("Session notes");
    let hits = harness
        .query_all_by_label_contains("approach gently")
        .count();
    assert!(hits >= 2, "{hits} hits");
    let (key, found) = harness.state().caches().search.clone().unwrap();
    assert_eq!(key.text, "gently");
    let second = found.unwrap().hits().nth(1).unwrap().clone();

    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::Enter);
    common::settle(&mut harness);
    assert!(!harness.ui_state_open(), "opening a hit closes the search");
    assert_eq!(harness.state().screen(), Screen::Session);
    assert_eq!(
        harness.state().ui_state().session.open,
        Some((second.rep, OccurrenceKey::Stored(SessionId(second.link))))
    );
}

#[test]
fn a_click_on_an_observation_opens_it_on_the_reps_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    search_for(&mut harness, &["Atlas freight renewal"]);
    let first = harness
        .state()
        .caches()
        .search
        .clone()
        .unwrap()
        .1
        .unwrap()
        .groups
        .into_iter()
        .find(|(g, _, _)| *g == coachbook::domain::search::Group::Observations)
        .unwrap()
        .1[0]
        .clone();
    let date = coachbook::ui::short_date(
        first.when.unwrap().local_date(chrono_tz::Tz::UTC),
        common::test_now().date_naive(),
    );
    harness
        .query_all_by_label_contains(&date)
        .find(|n| {
            let label = n.accesskit_node().label().unwrap_or_default();
            label.contains("Observation") && label.contains(&first.rep_name)
        })
        .expect("the observation's hit")
        .click();
    common::settle(&mut harness);
    let page = harness.state().ui_state().team.open_rep.as_ref().unwrap();
    assert_eq!((page.rep, page.tab), (first.rep, RepTab::Observations));
    assert_eq!(page.table.editor.as_ref().map(|e| e.id.0), Some(first.link));
}

#[test]
fn esc_closes_the_search_and_a_change_while_open_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    search_for(&mut harness, &["Zebulon"]);
    harness.get_by_label_contains("Nothing holds \"Zebulon\"");
    harness
        .state_mut()
        .apply(coachbook::ops::Command::AddRep(
            coachbook::domain::rep::RepDraft {
                name: "Zebulon Pike".into(),
                role: "AE".into(),
                ..Default::default()
            },
        ))
        .unwrap();
    common::settle(&mut harness);
    harness.get_by_label_contains("Zebulon Pike · Rep");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.ui_state_open());
    assert_eq!(
        harness.state().screen(),
        Screen::Home,
        "Esc did not also go back"
    );
}
