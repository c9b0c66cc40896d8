//! The File menu in the real app: the roster preview (every line's problems, an import
//! that waits for a clean file, the reps on Team afterwards, Ctrl+Z), and the archive
//! export and import running on their thread.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::ui::{ExchangeJob, Request};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use common::{count, empty_harness, settle};

const WITH_PROBLEMS: &str = "name,role,email,start date\n\
Ana Ruiz,AE,ana@example.com,2026-03-14\n\
,Mgr,,\n\
Bo Chen,SDR,,14/03/2026\n\
ana ruiz,AM,,\n";

const CLEAN: &str = "name,role,email,start date\n\
Ana Ruiz,AE,ana@example.com,2026-03-14\n\
Bo Chen,Sales development rep,,2026-03-14\n\
Cy Diaz,am,,\n";

fn open_preview(harness: &mut Harness<'_, App>, file: &Path) {
    harness
        .state_mut()
        .request(Request::CheckRoster(file.to_owned()));
    settle(harness);
}

/// The import button, and whether it can be pressed.
fn import_button(harness: &Harness<'_, App>) -> (String, bool) {
    let node = harness.get_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l.starts_with("Import ") && l.ends_with("reps"))
    });
    let label = node.accesskit_node().label().unwrap_or_default();
    (label, !node.accesskit_node().is_disabled())
}

#[test]
fn the_preview_shows_each_lines_problems_and_imports_only_a_clean_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let file = dir.path().join("roster.csv");
    let mut harness = empty_harness(&db);

    std::fs::write(&file, WITH_PROBLEMS).unwrap();
    open_preview(&mut harness, &file);
    harness.get_by_label("Import roster");
    harness.get_by_label("3 of 4 rows have problems; fix the file and choose it again");
    harness.get_by_label_contains("Line 3: The name is empty");
    harness.get_by_label_contains("Line 3: The role \"Mgr\" is not one of AE, SDR, AM.");
    harness.get_by_label_contains("Line 4: \"14/03/2026\" is not a date");
    harness.get_by_label_contains("Line 5: \"ana ruiz\" is also on line 2");
    assert_eq!(
        harness.query_all_by_label("ready").count(),
        1,
        "line 2 is clean"
    );
    let (label, enabled) = import_button(&harness);
    assert_eq!(label, "Import 4 reps");
    assert!(!enabled, "{label} is disabled while a line has problems");
    assert_eq!(count(&db, "reps"), 0);

    // The manager fixes the file and chooses it again.
    std::fs::write(&file, CLEAN).unwrap();
    open_preview(&mut harness, &file);
    harness.get_by_label("3 reps ready");
    let (label, enabled) = import_button(&harness);
    assert_eq!(label, "Import 3 reps");
    assert!(enabled);
    harness.get_by_label("Import 3 reps").click();
    settle(&mut harness);

    assert!(
        harness.query_by_label("Import roster").is_none(),
        "the preview closes"
    );
    assert_eq!(harness.state().screen(), coachbook::ui::Screen::Team);
    for name in ["Ana Ruiz", "Bo Chen", "Cy Diaz"] {
        harness.get_by_label(name);
    }
    harness.get_by_label_contains("Imported 3 reps");
    assert_eq!(count(&db, "reps"), 3);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert!(
        harness.query_by_label("Bo Chen").is_none(),
        "undo removes the reps"
    );
    harness.get_by_label_contains("Undid: Imported 3 reps");
    assert_eq!(count(&db, "reps"), 0);
}

#[test]
fn escape_closes_the_preview_without_importing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let file = dir.path().join("roster.csv");
    let mut harness = empty_harness(&db);
    std::fs::write(&file, CLEAN).unwrap();
    open_preview(&mut harness, &file);
    harness.get_by_label("Import roster");
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(harness.query_by_label("Import roster").is_none());
    assert_eq!(count(&db, "reps"), 0);
}

#[test]
fn a_long_roster_is_summed_up_and_imported_whole() {
    const LINES: usize = 1_000;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let file = dir.path().join("roster.csv");
    let mut harness = empty_harness(&db);
    let mut text = String::from("name,role\n");
    for i in 0..LINES {
        text.push_str(&format!("Rep {i:04},AE\n"));
    }
    std::fs::write(&file, text.replace("Rep 0940,AE", "Rep 0940,Mgr")).unwrap();
    open_preview(&mut harness, &file);
    harness.get_by_label(&format!(
        "1 of {LINES} rows has problems; fix the file and choose it again"
    ));
    harness.get_by_label_contains("Line 942: The role \"Mgr\" is not one of");
    assert!(!import_button(&harness).1);

    std::fs::write(&file, text).unwrap();
    open_preview(&mut harness, &file);
    harness.get_by_label(&format!("{LINES} reps ready"));
    harness.get_by_label(&format!("The first 200 of {LINES} lines:"));
    assert_eq!(harness.query_all_by_label("ready").count(), 200);
    let (label, enabled) = import_button(&harness);
    assert_eq!(label, format!("Import {LINES} reps"));
    assert!(enabled);
    // The preview's height settles over a few frames after it changed; the accessible
    // click does not depend on where the button is drawn at the moment.
    harness.get_by_label(&label).click_accesskit();
    settle(&mut harness);
    assert!(
        harness.query_by_label("Import roster").is_none(),
        "the preview closes"
    );
    assert_eq!(count(&db, "reps"), LINES as i64);
}

#[test]
fn a_file_that_is_not_a_roster_is_explained_in_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let file = dir.path().join("notes.csv");
    let mut harness = empty_harness(&db);
    std::fs::write(&file, "salary,bonus\n1,2\n").unwrap();
    open_preview(&mut harness, &file);
    harness.get_by_label_contains("Coachbook does not know");
    let (_, enabled) = import_button(&harness);
    assert!(!enabled);
}

#[test]
fn the_file_menu_offers_the_archive_import_only_for_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut harness = empty_harness(&db);
    harness.get_by_label("File").click();
    settle(&mut harness);
    for item in [
        "Export all as CSV...",
        "Export JSON archive...",
        "Import roster from CSV...",
    ] {
        harness.get_by_label(item);
    }
    assert!(
        !harness
            .get_by_label("Import JSON archive...")
            .accesskit_node()
            .is_disabled()
    );

    let dir2 = tempfile::tempdir().unwrap();
    let mut harness = common::demo_harness(
        &dir2.path().join("demo.db"),
        egui::vec2(1300.0, 900.0),
        true,
    );
    harness.get_by_label("File").click();
    settle(&mut harness);
    assert!(
        harness
            .get_by_label("Import JSON archive...")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn an_archive_exports_and_imports_through_the_app_which_then_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("demo.db");
    let archive = dir.path().join("team.json");
    let mut harness = common::demo_harness(&source, egui::vec2(1300.0, 900.0), true);
    harness
        .state_mut()
        .request(Request::Exchange(ExchangeJob::ExportJson(archive.clone())));
    settle(&mut harness);
    harness.get_by_label_contains("Exported 21 tables");
    assert!(archive.is_file());
    let csv = dir.path().join("tables");
    harness
        .state_mut()
        .request(Request::Exchange(ExchangeJob::ExportCsv(csv.clone())));
    settle(&mut harness);
    assert!(csv.join("reps.csv").is_file());
    drop(harness);

    let target = dir.path().join("new.db");
    let mut harness = empty_harness(&target);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness.get_by_label_contains("No reps yet");
    harness
        .state_mut()
        .request(Request::Exchange(ExchangeJob::ImportJson(archive)));
    settle(&mut harness);
    harness.get_by_label_contains("Imported 21 tables");
    let names = harness.state().caches().roster.len();
    assert_eq!(names, 8, "the roster is read again after the import");
    let first = harness.state().caches().roster[0].rep.name.clone();
    harness.get_by_label(&first);
    assert!(
        harness
            .state()
            .caches()
            .log
            .log()
            .is_some_and(|log| log.rows().len() > 100)
    );
    common::assert_same(
        &common::dump(&target),
        &common::dump(&source),
        "imported file",
    );
}

#[test]
fn a_new_file_can_start_from_an_archive_on_the_welcome_screen() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("team.json");
    let source = dir.path().join("demo.db");
    common::demo_store(&source);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachbook"))
        .args(["export-json", "--db", source.to_str().unwrap(), "--out"])
        .arg(&archive)
        .output()
        .unwrap();
    assert!(out.status.success());

    let store = coachbook::store::Store::open(&dir.path().join("new.db")).unwrap();
    let mut harness = common::harness_on(store, egui::vec2(1300.0, 900.0), true);
    harness.get_by_label("Import a JSON archive...");
    harness
        .state_mut()
        .request(Request::Exchange(ExchangeJob::ImportJson(archive)));
    settle(&mut harness);
    assert_eq!(harness.state().caches().roster.len(), 8);
    assert!(
        !harness.state().caches().needs_setup,
        "past the welcome screen"
    );
}
