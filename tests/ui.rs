//! The real app, driven through its accessibility labels as a screen reader or a person
//! would: click, type, read back, and check the data file.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::store::{self, Store};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::{count, settle, test_now};

fn open_app(path: &Path) -> Harness<'static, App> {
    let store = Store::open(path).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1240.0, 800.0))
        .build_eframe(move |cc| {
            App::from_creation(cc, store, Box::new(FixedClock(test_now()))).unwrap()
        });
    settle(&mut harness);
    harness
}

/// A new data file, past the first-run choice, with an empty team.
fn empty_app(path: &Path) -> Harness<'static, App> {
    let mut harness = open_app(path);
    harness.get_by_label("Start empty").click();
    settle(&mut harness);
    to_team(&mut harness);
    harness
}

fn to_team(harness: &mut Harness<'_, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(harness);
}

/// A button whose label starts with `text` (buttons also carry their shortcut, "Save rep Enter").
fn click_button(harness: &mut Harness<'_, App>, text: &str) {
    harness
        .get_by(|node| {
            node.role() == Role::Button && node.label().is_some_and(|l| l.starts_with(text))
        })
        .click();
    settle(harness);
}

fn add_rep(harness: &mut Harness<'_, App>, name: &str) {
    click_button(harness, "Add rep");
    settle(harness);
    let field = harness.get_by_role_and_label(Role::TextInput, "Name");
    assert!(
        field.is_focused(),
        "the name field takes the cursor when the form opens"
    );
    field.type_text(name);
    settle(harness);
    click_button(harness, "Save rep");
}

fn rep_names(path: &Path) -> Vec<String> {
    let store = Store::open_read_only(path).unwrap();
    store::reps::list(store.conn())
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn add_a_rep_then_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    harness.get_by_label_contains("No reps yet");

    add_rep(&mut harness, "Ana Ruiz");
    harness.get_by_label("Ana Ruiz");
    assert!(
        harness.query_by_label("Add a rep").is_none(),
        "the form closes after saving"
    );
    assert_eq!(rep_names(&path), ["Ana Ruiz"]);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert!(
        harness.query_by_label("Ana Ruiz").is_none(),
        "undo removes the rep"
    );
    assert!(rep_names(&path).is_empty());
    harness.get_by_label_contains("Undid: Added Ana Ruiz");

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut harness);
    harness.get_by_label("Ana Ruiz");
    assert_eq!(rep_names(&path), ["Ana Ruiz"]);
}

#[test]
fn an_empty_name_shows_the_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    add_rep(&mut harness, "   ");
    harness.get_by_label_contains("The name is empty");
    assert!(
        harness.query_by_label("Add a rep").is_some(),
        "the form stays open"
    );
    assert_eq!(count(&path, "reps"), 0);
}

#[test]
fn a_duplicate_name_and_a_bad_date_are_explained_inline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    add_rep(&mut harness, "Ana Ruiz");
    add_rep(&mut harness, "ana ruiz");
    harness.get_by_label_contains("already an active rep called \"Ana Ruiz\"");
    assert_eq!(count(&path, "reps"), 1);

    let date = harness.get_by_role_and_label(Role::TextInput, "Start date");
    date.focus();
    date.type_text("next monday");
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .focus();
    settle(&mut harness);
    click_button(&mut harness, "Save rep");
    harness.get_by_label_contains("Write it as YYYY-MM-DD");
    assert_eq!(count(&path, "reps"), 1);

    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(
        harness.query_by_label("Add a rep").is_none(),
        "Esc closes the form"
    );
}

#[test]
fn edit_archive_and_restore_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    add_rep(&mut harness, "Ana Ruiz");

    harness.get_by_label("Edit Ana Ruiz").click();
    settle(&mut harness);
    let name = harness.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Ana Ruiz-Campos");
    settle(&mut harness);
    click_button(&mut harness, "Save changes");
    assert_eq!(rep_names(&path), ["Ana Ruiz-Campos"]);

    harness.get_by_label("Archive Ana Ruiz-Campos").click();
    settle(&mut harness);
    assert!(
        harness.query_by_label("Ana Ruiz-Campos").is_none(),
        "archived reps leave the roster"
    );
    harness.get_by_label_contains("Every rep is archived");
    harness.get_by_label("Show archived").click();
    settle(&mut harness);
    harness.get_by_label("Restore Ana Ruiz-Campos").click();
    settle(&mut harness);
    let store = Store::open_read_only(&path).unwrap();
    assert!(!store::reps::list(store.conn()).unwrap()[0].archived);
    drop(store);

    // Undo the restore, the archive, then the edit.
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        settle(&mut harness);
    }
    let store = Store::open_read_only(&path).unwrap();
    let rep = store::reps::list(store.conn()).unwrap().remove(0);
    assert_eq!(rep.name, "Ana Ruiz");
    assert!(!rep.archived);
}

#[test]
fn data_survives_closing_and_reopening_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    add_rep(&mut harness, "Ana Ruiz");
    add_rep(&mut harness, "Björn Åkesson");
    drop(harness);

    let mut harness = open_app(&path);
    assert!(
        harness.query_by_label("Start empty").is_none(),
        "the first-run choice is asked once"
    );
    to_team(&mut harness);
    harness.get_by_label("Ana Ruiz");
    harness.get_by_label("Björn Åkesson");
    harness.get_by_label_contains("2 active reps");
    settle(&mut harness);
}

#[test]
fn a_new_file_offers_the_demo_team() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut harness = open_app(&path);
    harness.get_by_label_contains("This data file is new");
    harness.get_by_label("Load demo team").click();
    settle(&mut harness);
    to_team(&mut harness);
    harness.get_by_label_contains("8 active reps");
    assert_eq!(count(&path, "reps"), 8);
    assert!(count(&path, "observations") > 300);
}

#[test]
fn the_framework_screen_shows_buckets_skills_rubrics_and_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    settle(&mut harness);
    assert_eq!(harness.state().screen(), coachbook::ui::Screen::Framework);
    harness.get_by_label("Product value");
    harness.get_by_label_contains("Ties each product to outcomes");
    harness.get_by_label_contains("Which of our people could help");

    harness
        .get_by_label_contains("Customer and selling skills")
        .click();
    settle(&mut harness);
    harness.get_by_label("Upfront contract");
    harness.get_by_label_contains("Walk me through how you opened");

    harness
        .get_by_label_contains("Knowledge of the customer")
        .click();
    settle(&mut harness);
    harness.get_by_label("Why this, why now");
}

#[test]
fn a_file_that_cannot_be_written_keeps_the_form_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = empty_app(&path);
    let before = common::dump(&path);
    // The file becomes unwritable under the app (as a read-only mount would make it).
    harness
        .state()
        .store()
        .conn()
        .pragma_update(None, "query_only", true)
        .unwrap();
    add_rep(&mut harness, "Ana Ruiz");
    harness.get_by_label_contains("read-only");
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "Name")
            .value()
            .as_deref(),
        Some("Ana Ruiz"),
        "what was typed stays in the form"
    );
    assert_eq!(common::dump(&path), before, "nothing was written");

    harness
        .state()
        .store()
        .conn()
        .pragma_update(None, "query_only", false)
        .unwrap();
    click_button(&mut harness, "Save rep");
    assert_eq!(
        rep_names(&path),
        ["Ana Ruiz"],
        "saved once the file can be written"
    );
}
