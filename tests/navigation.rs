//! Back returns where the manager came from (the "< Back" buttons, Esc and Alt+Left), a
//! screen reached from the rail opens at its top level, and each screen and each session
//! keeps its own scroll position.

mod common;

use coachbook::app::App;
use coachbook::ui::{RepTab, Screen};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use common::{demo_harness, settle, wheel_down};

fn demo(dir: &tempfile::TempDir, size: egui::Vec2) -> Harness<'static, App> {
    demo_harness(&dir.path().join("demo.db"), size, true)
}

fn shortcut(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    settle(harness);
}

fn press(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press(key);
    settle(harness);
}

fn alt_left(harness: &mut Harness<'_, App>) {
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    settle(harness);
}

/// The rail's button for a screen (its title can appear elsewhere on the page too).
fn rail(harness: &mut Harness<'_, App>, title: &str) {
    harness
        .get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some(title))
        .click();
    settle(harness);
}

fn on_roster(harness: &Harness<'_, App>) -> bool {
    harness.state().screen() == Screen::Team && harness.state().ui_state().team.open_rep.is_none()
}

/// Clicks the heat map's cell of the first rep for Listening: their page, on its trend.
fn click_heat_map_cell(harness: &mut Harness<'_, App>) -> String {
    let (map, _) = harness.state().caches().gaps.clone().unwrap();
    let rep = map.reps[0];
    let name = harness.state().caches().rep(rep).unwrap().rep.name.clone();
    harness
        .get_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with(&format!("{name}, Listening:")))
        })
        .click();
    settle(harness);
    let page = harness.state().ui_state().team.open_rep.as_ref().unwrap();
    assert_eq!(page.rep, rep);
    assert_eq!(page.tab, RepTab::Skills);
    name
}

#[test]
fn back_retraces_the_rail_and_shortcuts_and_stops_at_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1300.0, 900.0));
    assert_eq!(harness.state().screen(), Screen::Home);
    shortcut(&mut harness, Key::Num3);
    rail(&mut harness, "Skill gaps");
    rail(&mut harness, "Settings");
    // Clicking the screen on show again adds nothing to Back.
    rail(&mut harness, "Settings");
    assert_eq!(harness.state().screen(), Screen::Settings);

    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), Screen::Gaps);
    alt_left(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Calendar);
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), Screen::Home);
    // The mouse's back button, as in a browser.
    shortcut(&mut harness, Key::Num4);
    harness.event(egui::Event::PointerMoved(egui::pos2(600.0, 400.0)));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: egui::pos2(600.0, 400.0),
            button: egui::PointerButton::Extra1,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    settle(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Home);
    // Nothing left behind: Back stays where it is.
    press(&mut harness, Key::Escape);
    alt_left(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Home);
}

#[test]
fn a_heat_map_click_comes_back_to_skill_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1600.0, 1100.0));
    shortcut(&mut harness, Key::Num5);
    let name = click_heat_map_cell(&mut harness);
    harness.get_by_label_contains(&format!("{name}: Listening"));
    harness.get_by_label("< Back").click();
    settle(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Gaps);
    assert!(harness.state().ui_state().team.open_rep.is_none());
    harness.get_by_label("Sort reps by gap");

    // And by Esc, the same way.
    click_heat_map_cell(&mut harness);
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), Screen::Gaps);
}

#[test]
fn ctrl_2_from_a_rep_page_shows_the_roster_and_back_returns_to_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1600.0, 1100.0));
    shortcut(&mut harness, Key::Num5);
    click_heat_map_cell(&mut harness);
    shortcut(&mut harness, Key::Num2);
    assert!(on_roster(&harness), "Ctrl+2 opens the roster");
    harness.get_by_label_contains("active reps");

    // The page comes back as it was left, on its tab.
    press(&mut harness, Key::Escape);
    let page = harness.state().ui_state().team.open_rep.as_ref().unwrap();
    assert_eq!(page.tab, RepTab::Skills);
    // Leaving for another screen and coming back by the rail: the roster again.
    shortcut(&mut harness, Key::Num1);
    rail(&mut harness, "Team");
    assert!(on_roster(&harness), "the rail's Team opens the roster");

    // A rep opened from the roster goes back to the roster; then back to Home.
    let rep = harness.state().caches().roster[0].rep.name.clone();
    harness.get_by_label(&rep).click();
    settle(&mut harness);
    assert!(harness.state().ui_state().team.open_rep.is_some());
    harness.get_by_label("< Back").click();
    settle(&mut harness);
    assert!(on_roster(&harness));
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), Screen::Home);
}

#[test]
fn esc_and_alt_left_in_a_text_field_stay_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1300.0, 900.0));
    shortcut(&mut harness, Key::Num2);
    harness.get_by_label("Filter").click();
    harness.run();
    harness.get_by_label("Filter").type_text("Ha");
    harness.run();
    alt_left(&mut harness);
    assert!(
        on_roster(&harness),
        "Alt+Left moves the cursor in the field"
    );
    assert!(harness.get_by_label("Filter").is_focused());
    press(&mut harness, Key::Escape);
    assert!(on_roster(&harness), "Esc leaves the field, not the screen");
    assert!(!harness.get_by_label("Filter").is_focused());
    assert_eq!(harness.state().ui_state().team.filter, "Ha");
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), Screen::Home);
}

#[test]
fn esc_closes_a_dialog_or_panel_before_it_goes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1300.0, 900.0));
    shortcut(&mut harness, Key::Num3);
    shortcut(&mut harness, Key::K);
    assert!(harness.state().ui_state().capture.is_some());
    press(&mut harness, Key::Escape);
    assert!(
        harness.state().ui_state().capture.is_none(),
        "Esc closed it"
    );
    assert_eq!(harness.state().screen(), Screen::Calendar);

    // A session's details beside the week close first, too.
    harness
        .get_all_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.ends_with(", held"))
        })
        .next()
        .unwrap()
        .click();
    settle(&mut harness);
    assert!(harness.state().ui_state().calendar.selected.is_some());
    press(&mut harness, Key::Escape);
    assert!(harness.state().ui_state().calendar.selected.is_none());
    assert_eq!(harness.state().screen(), Screen::Calendar);

    // The roster's add-rep form, the same.
    shortcut(&mut harness, Key::Num2);
    shortcut(&mut harness, Key::N);
    assert!(harness.state().ui_state().team.form.is_some());
    press(&mut harness, Key::Escape);
    assert!(harness.state().ui_state().team.form.is_none());
    assert!(on_roster(&harness));

    alt_left(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Calendar);
    alt_left(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Home);
}

/// The top of a node, on screen.
fn top(harness: &Harness<'_, App>, label: &str) -> f32 {
    harness.get_by_label(label).rect().min.y
}

fn scroll_down_at(harness: &mut Harness<'_, App>, at: egui::Pos2, points: f32) {
    harness.event(egui::Event::PointerMoved(at));
    harness.event(wheel_down(points));
    settle(harness);
}

/// The labels of Home's "Open session" buttons, one per session.
fn open_session_buttons(harness: &Harness<'_, App>) -> Vec<String> {
    let mut labels: Vec<String> = harness
        .get_all_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Open session: "))
        })
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    labels.dedup();
    labels
}

fn open_session(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_all_by_label(label).next().unwrap().click();
    settle(harness);
    assert_eq!(harness.state().screen(), Screen::Session);
}

#[test]
fn home_keeps_its_scroll_position_while_another_screen_is_visited() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1024.0, 640.0));
    let home_top = top(&harness, "Needs coaching");
    scroll_down_at(&mut harness, egui::pos2(600.0, 400.0), 150.0);
    let scrolled = top(&harness, "Needs coaching");
    assert!(scrolled < home_top - 100.0, "{scrolled} vs {home_top}");

    shortcut(&mut harness, Key::Num3);
    shortcut(&mut harness, Key::Num6);
    shortcut(&mut harness, Key::Num1);
    assert_eq!(top(&harness, "Needs coaching"), scrolled);
    // Back to Home the other way, through a scrolled Calendar.
    shortcut(&mut harness, Key::Num3);
    scroll_down_at(&mut harness, egui::pos2(600.0, 400.0), 300.0);
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().screen(), Screen::Home);
    assert_eq!(top(&harness, "Needs coaching"), scrolled);
}

#[test]
fn a_scrolled_session_leaves_home_and_the_next_session_at_their_own_positions() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1024.0, 640.0));
    let home_top = top(&harness, "Needs coaching");
    let sessions = open_session_buttons(&harness);
    assert!(sessions.len() >= 2, "{sessions:?}");

    open_session(&mut harness, &sessions[0]);
    let session_top = top(&harness, "Prepare");
    scroll_down_at(&mut harness, egui::pos2(600.0, 450.0), 400.0);
    assert!(top(&harness, "Prepare") < session_top - 200.0);

    harness.get_by_label("< Back").click();
    settle(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Home);
    assert_eq!(
        top(&harness, "Needs coaching"),
        home_top,
        "Home kept its top"
    );

    open_session(&mut harness, &sessions[1]);
    assert_eq!(
        top(&harness, "Prepare"),
        session_top,
        "a new session opens at its top"
    );
}

#[test]
fn a_session_opened_from_a_rep_page_goes_back_to_that_page_on_its_tab() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo(&dir, egui::vec2(1300.0, 900.0));
    shortcut(&mut harness, Key::Num2);
    let rep = harness.state().caches().roster[0].rep.clone();
    harness.get_by_label(&rep.name).click();
    settle(&mut harness);
    harness.get_by_label("Sessions").click();
    settle(&mut harness);
    harness
        .get_all_by(|n| {
            n.role() == Role::Link && n.label().is_some_and(|l| l.contains(" Nov 2026, "))
        })
        .next()
        .unwrap()
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Session);
    assert!(harness.state().ui_state().team.open_rep.is_none());
    harness.get_by_label("< Back").click();
    settle(&mut harness);
    let page = harness.state().ui_state().team.open_rep.as_ref().unwrap();
    assert_eq!((page.rep, page.tab), (rep.id, RepTab::Sessions));
    alt_left(&mut harness);
    assert!(on_roster(&harness));
}
