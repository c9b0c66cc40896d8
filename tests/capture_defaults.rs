//! Quick capture's defaults: no skill is chosen that the manager did not point at, a new
//! rep starts the skill over, the rubric belongs to the skill being chosen, and whether
//! an observation is private is one key away and starts as Settings says.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::domain::observation::Visibility;
use coachbook::ui::Step;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

use common::{demo_harness, settle, skill_named};

fn team(path: &Path) -> Harness<'static, App> {
    let mut harness = demo_harness(path, egui::vec2(1300.0, 860.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness
}

fn press(harness: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn typed(harness: &mut Harness<'_, App>, text: &str) {
    for c in text.chars() {
        harness.event(Event::Text(c.to_string()));
        harness.run();
    }
}

fn chosen(harness: &Harness<'_, App>) -> (Option<String>, Step) {
    let app = harness.state();
    let capture = app.ui_state().capture.as_ref().expect("the dialog is open");
    let name = capture
        .skill
        .and_then(|id| app.caches().framework.skill(id))
        .map(|s| s.name.clone());
    (name, capture.step)
}

/// The shared flag of the newest observation.
fn last_shared(path: &Path) -> bool {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT shared FROM observations ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

#[test]
fn shift_tab_and_an_empty_field_choose_no_skill() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = team(&dir.path().join("demo.db"));
    press(&mut harness, Modifiers::COMMAND, Key::K);
    typed(&mut harness, "pri");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(chosen(&harness), (None, Step::Skill), "Tab took the rep");

    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(chosen(&harness).0, None, "Shift+Tab picks nothing");
    harness
        .get_by_role_and_label(Role::TextInput, "Skill")
        .focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(
        chosen(&harness).0,
        None,
        "Tab in an empty field picks nothing"
    );

    harness
        .get_by_role_and_label(Role::TextInput, "Skill")
        .focus();
    harness.run();
    typed(&mut harness, "4");
    assert_eq!(chosen(&harness), (None, Step::Skill), "nor does a rating");
    harness.get_by_label_contains("Type a few letters of the skill");

    // The arrow keys point at a suggestion; then Enter takes it.
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(chosen(&harness).1, Step::Rating);
    assert!(chosen(&harness).0.is_some());
}

#[test]
fn a_new_rep_clears_the_skill_chosen_for_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = team(&dir.path().join("demo.db"));
    press(&mut harness, Modifiers::COMMAND, Key::K);
    typed(&mut harness, "pri");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    typed(&mut harness, "lis");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(chosen(&harness).0.as_deref(), Some("Listening"));

    harness.get_all_by_label("Change").next().unwrap().click();
    harness.run();
    typed(&mut harness, "kwa");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(chosen(&harness), (None, Step::Skill));
    let capture = harness.state().ui_state().capture.as_ref().unwrap();
    assert!(capture.skill_query.is_empty() && capture.rating.is_none());
}

#[test]
fn the_rubric_shown_belongs_to_the_skill_being_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = team(&dir.path().join("demo.db"));
    let anchor = |harness: &Harness<'_, App>, name: &str| {
        let id = skill_named(harness.state(), name);
        let skill = harness.state().caches().framework.skill(id).unwrap();
        skill.rubric.anchors()[0].1.to_owned()
    };
    let listening = anchor(&harness, "Listening");
    let upfront = anchor(&harness, "Upfront contract");
    press(&mut harness, Modifiers::COMMAND, Key::K);
    typed(&mut harness, "pri");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    typed(&mut harness, "lis");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label(&listening);

    // Backspace at the rating goes back to the skill, which is chosen again.
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    assert_eq!(chosen(&harness), (None, Step::Skill));
    harness
        .get_by_role_and_label(Role::TextInput, "Skill")
        .focus();
    harness.run();
    for _ in 0.."Listening".len() {
        press(&mut harness, Modifiers::NONE, Key::Backspace);
    }
    typed(&mut harness, "upf");
    harness.get_by_label(&upfront);
    assert!(harness.query_by_label(&listening).is_none());
}

fn capture_one(harness: &mut Harness<'_, App>, private_key: bool) {
    press(harness, Modifiers::COMMAND, Key::K);
    typed(harness, "pri");
    press(harness, Modifiers::NONE, Key::Enter);
    typed(harness, "lis3");
    harness.event(Event::Text("Paraphrased the buyer's concern.".to_owned()));
    harness.run();
    if private_key {
        press(harness, Modifiers::COMMAND, Key::P);
    }
    press(harness, Modifiers::NONE, Key::Enter);
    settle(harness);
}

#[test]
fn private_is_one_key_and_its_default_is_a_setting_that_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = team(&path);
    capture_one(&mut harness, false);
    assert!(last_shared(&path), "shared by default");
    capture_one(&mut harness, true);
    assert!(!last_shared(&path), "Ctrl+P made it private");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    settle(&mut harness);
    harness.get_by_label("Private to me").click();
    settle(&mut harness);
    let visibility = |path: &Path| {
        let store = coachbook::store::Store::open_read_only(path).unwrap();
        coachbook::store::meta::capture_visibility(store.conn()).unwrap()
    };
    assert_eq!(visibility(&path), Visibility::Private, "kept in the file");
    capture_one(&mut harness, false);
    assert!(!last_shared(&path), "the setting starts it private");
    capture_one(&mut harness, true);
    assert!(last_shared(&path), "and Ctrl+P shares one");

    // Undo the two captures, then the setting.
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        settle(&mut harness);
    }
    assert_eq!(visibility(&path), Visibility::Shared);
    assert_eq!(
        harness.state().ui_state().settings.capture_visibility,
        Visibility::Shared,
        "Settings shows what the file holds"
    );
}

#[test]
fn a_burst_of_keys_in_one_frame_captures_the_same_as_slow_typing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = team(&path);
    let before = common::count(&path, "observations");
    let mut events = common::typing::key(Key::K, Modifiers::COMMAND);
    events.extend(common::typing::typed("pri"));
    events.extend(common::typing::key(Key::Tab, Modifiers::NONE));
    events.extend(common::typing::typed("lis4Echoed the buyer's words."));
    events.extend(common::typing::key(Key::P, Modifiers::COMMAND));
    events.extend(common::typing::key(Key::Enter, Modifiers::NONE));
    harness.input_mut().events.extend(events);
    common::typing::frames_until_quiet(&mut harness);
    settle(&mut harness);
    assert_eq!(common::count(&path, "observations"), before + 1);
    assert!(!last_shared(&path));
    let evidence: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT evidence FROM observations ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(evidence, "Echoed the buyer's words.");
}
