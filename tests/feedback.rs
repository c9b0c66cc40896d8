//! Honest feedback: the undo hint shows only for the change the next Ctrl+Z takes back and
//! names it; a toast stays on the screen it is about; an error shows next to its part of a
//! form and goes once fixed; without a file dialog the app's own path field writes where
//! typed.

mod common;

use coachbook::app::App;
use coachbook::ui::{PathAsk, PathField, PathKind, PathUse, Screen};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use common::settle;

fn harness(dir: &tempfile::TempDir) -> Harness<'static, App> {
    common::demo_harness(
        &dir.path().join("demo.db"),
        egui::vec2(1300.0, 1300.0),
        true,
    )
}

fn click_button_starting(harness: &mut Harness<'_, App>, start: &str) -> String {
    let node = harness
        .get_all_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(start)))
        .next()
        .unwrap_or_else(|| panic!("no button starting {start:?}"));
    let label = node.accesskit_node().label().unwrap_or_default();
    node.click();
    settle(harness);
    label
}

fn go(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    settle(harness);
}

fn hints(harness: &Harness<'_, App>) -> Vec<String> {
    // A label's text is its value in AccessKit.
    harness
        .query_all_by_label_contains("Ctrl+Z undoes")
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect()
}

/// Archives the first rep of the roster from Team; returns the rep's name.
fn archive_first_rep(harness: &mut Harness<'_, App>) -> String {
    go(harness, Key::Num2);
    let label = click_button_starting(harness, "Archive ");
    label.trim_start_matches("Archive ").to_owned()
}

#[test]
fn the_undo_hint_names_the_change_it_takes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    assert!(hints(&harness).is_empty());
    let name = archive_first_rep(&mut harness);
    // The toast and its hint are one label, read together.
    assert_eq!(
        hints(&harness),
        [format!("Archived {name}   Ctrl+Z undoes: Archived {name}")]
    );

    // After the undo, the toast says what was undone and promises no other undo.
    go(&mut harness, Key::Z);
    harness.get_by_label(&format!("Undid: Archived {name}"));
    assert!(hints(&harness).is_empty(), "{:?}", hints(&harness));

    // A redo records the step again: its hint names it.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut harness);
    assert_eq!(
        hints(&harness),
        [format!(
            "Redid: Archived {name}   Ctrl+Z undoes: Archived {name}"
        )]
    );
}

#[test]
fn no_undo_hint_after_back_up_now_though_an_undo_step_waits() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    archive_first_rep(&mut harness);
    assert_eq!(hints(&harness).len(), 1);

    go(&mut harness, Key::Num7);
    harness
        .get_by_role_and_label(Role::Button, "Back up now")
        .click();
    settle(&mut harness);
    harness.get_by_label_contains("Backed up to ");
    assert!(hints(&harness).is_empty(), "{:?}", hints(&harness));
}

#[test]
fn no_undo_hint_after_copy_summary_though_an_undo_step_waits() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    archive_first_rep(&mut harness);
    go(&mut harness, Key::Num1);
    click_button_starting(&mut harness, "Open session: ");
    assert_eq!(harness.state().screen(), Screen::Session);
    click_button_starting(&mut harness, "Copy summary");
    harness.get_by_label("Copied the recap to the clipboard");
    assert!(hints(&harness).is_empty(), "{:?}", hints(&harness));
}

#[test]
fn a_toast_goes_when_the_manager_leaves_its_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let name = archive_first_rep(&mut harness);
    let toast = format!("Archived {name}");
    harness.get_by_label_contains(&toast);
    go(&mut harness, Key::Num7);
    assert!(
        harness.query_by_label_contains(&toast).is_none(),
        "the Team toast followed the manager to Settings"
    );
    go(&mut harness, Key::Num2);
    assert!(
        harness.query_by_label_contains(&toast).is_none(),
        "a toast that went does not come back"
    );
}

#[test]
fn the_skip_reason_error_shows_in_the_skip_part_and_goes_once_a_reason_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    go(&mut harness, Key::Num3);
    click_button_starting(&mut harness, "Next >");
    harness
        .get_all_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.ends_with(", planned"))
        })
        .next()
        .expect("a planned session in the week")
        .click();
    settle(&mut harness);
    harness.get_by_label("Other").click();
    settle(&mut harness);
    click_button_starting(&mut harness, "Skip session");

    let message = "Say why the session is skipped.";
    let error = harness.get_by_label(message).rect();
    let skip = harness
        .get_by_role_and_label(Role::Button, "Skip session")
        .rect();
    let moving = harness.get_by_label("Move").rect();
    assert!(
        skip.bottom() <= error.top() && error.bottom() <= moving.top(),
        "the error {error:?} is not between Skip session {skip:?} and Move {moving:?}"
    );

    harness
        .get_by_role_and_label(Role::TextInput, "Reason")
        .focus();
    settle(&mut harness);
    harness.event(egui::Event::Text("Offsite".to_owned()));
    settle(&mut harness);
    assert_eq!(
        harness
            .get_by_role_and_label(Role::TextInput, "Reason")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Offsite")
    );
    assert!(
        harness.query_by_label(message).is_none(),
        "the error stays after a reason is typed"
    );
}

fn calendar_ask() -> PathAsk {
    PathAsk {
        kind: PathKind::Save,
        title: "Save the calendar as",
        file_name: "coaching-team.ics".to_owned(),
        filter: Some(("Calendar", &["ics"])),
        then: PathUse::ExportCalendar(None, false),
    }
}

fn open_path_field(harness: &mut Harness<'_, App>, folder: &std::path::Path) {
    harness.state_mut().ui_state_mut().path_field = Some(PathField::new(
        calendar_ask(),
        folder,
        "No file dialog could be shown.".to_owned(),
    ));
    settle(harness);
}

fn type_path(harness: &mut Harness<'_, App>, path: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .focus();
    settle(harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(path.to_owned()));
    settle(harness);
}

#[test]
fn the_path_field_is_prefilled_and_writes_the_export_where_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    go(&mut harness, Key::Num3);
    open_path_field(&mut harness, dir.path());
    harness.get_by_label("No file dialog could be shown.");
    let prefilled = dir.path().join("coaching-team.ics");
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    assert_eq!(
        field.accesskit_node().value().as_deref(),
        Some(prefilled.display().to_string().as_str())
    );

    let target = dir.path().join("elsewhere.ics");
    type_path(&mut harness, &target.display().to_string());
    harness.get_by_role_and_label(Role::Button, "OK").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Path").is_none(), "the field closed");
    let written = std::fs::read_to_string(&target).expect("the calendar was written");
    assert!(written.starts_with("BEGIN:VCALENDAR"));
    assert!(!prefilled.exists());
    harness.get_by_label(&format!("Saved the calendar to {}", target.display()));
}

#[test]
fn the_path_field_refuses_a_missing_folder_in_place_and_cancel_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    go(&mut harness, Key::Num3);
    open_path_field(&mut harness, dir.path());
    let missing = dir.path().join("no-such-folder").join("team.ics");
    type_path(&mut harness, &missing.display().to_string());
    harness.get_by_role_and_label(Role::Button, "OK").click();
    settle(&mut harness);
    harness.get_by_label_contains("There is no folder");
    harness.get_by_role_and_label(Role::TextInput, "Path");

    // Fixing the path takes the error away.
    type_path(
        &mut harness,
        &dir.path().join("team.ics").display().to_string(),
    );
    assert!(
        harness
            .query_by_label_contains("There is no folder")
            .is_none()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    settle(&mut harness);
    assert!(harness.query_by_label("Path").is_none());
    assert!(!dir.path().join("team.ics").exists());
    assert!(!missing.exists());
}

#[test]
fn without_a_file_dialog_the_export_button_opens_the_path_field() {
    // SAFETY: the only test of this file that reads the variable; the others never reach a
    // file dialog.
    unsafe { std::env::set_var(coachbook::ui::path_field::NO_DIALOG_VAR, "1") };
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    go(&mut harness, Key::Num3);
    harness
        .get_by_role_and_label(Role::Button, "Export .ics")
        .click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::TextInput, "Path");
    harness.get_by_label_contains("COACHBOOK_NO_FILE_DIALOG is set");
    let target = dir.path().join("typed.ics");
    type_path(&mut harness, &target.display().to_string());
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert!(target.exists(), "Enter in the field writes the export");
    harness.get_by_label(&format!("Saved the calendar to {}", target.display()));
}
