//! The Settings screen driven through its labels: back up now, see the backup listed,
//! restore one through the confirmation, and find the screens showing the restored data.

mod common;

use coachbook::domain::backup_policy::BackupKind;
use coachbook::domain::rep::RepDraft;
use coachbook::ops::Command;
use coachbook::store::backup;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use common::settle;

type AppHarness = egui_kittest::Harness<'static, coachbook::app::App>;

fn add_rep(harness: &mut AppHarness, name: &str) {
    harness
        .state_mut()
        .apply(Command::AddRep(RepDraft {
            name: name.into(),
            role: "AE".into(),
            ..RepDraft::default()
        }))
        .unwrap();
}

fn on_roster(harness: &AppHarness, name: &str) -> bool {
    harness
        .state()
        .caches()
        .roster
        .iter()
        .any(|r| r.rep.name == name)
}

/// Clicks "Restore..." of the newest backup listed, which opens the confirmation.
fn open_first_restore(harness: &mut AppHarness) {
    harness
        .get_all_by_label("Restore...")
        .next()
        .unwrap()
        .click();
    settle(harness);
}

#[test]
fn back_up_now_lists_the_backup_and_restoring_it_brings_the_data_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = common::demo_harness(&path, egui::vec2(1300.0, 1500.0), true);
    // The start of the app made the first backup, since there was none.
    let at_start = backup::list(&path).unwrap();
    assert_eq!(at_start.len(), 1);
    assert_eq!(at_start[0].kind, BackupKind::Automatic);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    settle(&mut harness);
    assert_eq!(harness.get_all_by_label("Automatic").count(), 1);
    harness
        .get_by_role_and_label(Role::Button, "Back up now")
        .click();
    settle(&mut harness);
    assert_eq!(backup::list(&path).unwrap().len(), 2);
    assert_eq!(harness.get_all_by_label("Made by you").count(), 1);
    assert_eq!(harness.get_all_by_label("Restore...").count(), 2);
    let reps = common::count(&path, "reps").to_string();
    assert!(harness.get_all_by_label(&reps).count() >= 2);

    // A change after the backups: a new rep.
    add_rep(&mut harness, "Robin Later");
    settle(&mut harness);
    assert!(on_roster(&harness, "Robin Later"));

    open_first_restore(&mut harness);
    harness.get_by_label_contains("Your current data is kept as team.db.before-restore");
    harness
        .get_by_role_and_label(Role::Button, "Restore")
        .click();
    settle(&mut harness);

    assert!(dir.path().join("team.db.before-restore").exists());
    harness.get_by_label_contains("Restored the backup of 20 Nov 17:00");
    assert!(!on_roster(&harness, "Robin Later"));
    // The backup before the restore is listed, and kept.
    let kinds: Vec<_> = backup::list(&path)
        .unwrap()
        .iter()
        .map(|b| b.kind)
        .collect();
    assert!(kinds.contains(&BackupKind::BeforeRestore), "{kinds:?}");
    harness.get_by_label("Before a restore (kept)");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    assert!(harness.query_by_label("Robin Later").is_none());
    let first = harness.state().caches().roster[0].rep.name.clone();
    harness.get_by_label(&first);
    // The restored file takes changes again.
    add_rep(&mut harness, "After Restore");
    assert_eq!(
        common::count(&path, "reps"),
        reps.parse::<i64>().unwrap() + 1
    );
}

#[test]
fn cancelling_the_confirmation_restores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = common::demo_harness(&path, egui::vec2(1300.0, 1500.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    settle(&mut harness);
    open_first_restore(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Your current data is kept")
            .is_none()
    );
    assert!(!dir.path().join("team.db.before-restore").exists());
}

#[test]
fn the_retention_counts_are_saved_in_the_file_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = common::demo_harness(&path, egui::vec2(1300.0, 1500.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    settle(&mut harness);
    let field = harness.get_by_label("Newest backups to keep");
    field.click();
    field.type_text("20");
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    let stored = |path: &std::path::Path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        coachbook::store::meta::backup_retention(&conn).unwrap()
    };
    assert_eq!(stored(&path).recent, 20);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(stored(&path).recent, 12);
    assert_eq!(harness.state().ui_state().settings.retention.recent, 12);
}
