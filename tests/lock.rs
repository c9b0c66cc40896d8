//! One writer per data file, and a file left by a crash checked before it is written.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::rep::RepDraft;
use coachbook::ops::Command;
use coachbook::store::{Store, StoreError};
use common::cli::{arg, assert_refused, coachbook, text};
use common::{demo_store, dump, sha256, test_now};

fn ana() -> RepDraft {
    RepDraft {
        name: "Ana Ruiz".into(),
        role: "AE".into(),
        ..RepDraft::default()
    }
}

#[test]
fn a_second_writer_is_refused_and_reads_instead() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let first = demo_store(&path);
    let before = dump(&path);

    let err = Store::open(&path).err().expect("the file is taken");
    assert!(matches!(err, StoreError::InUse { .. }));
    assert!(
        err.to_string().contains("open in another Coachbook window"),
        "{err}"
    );

    let reader = Store::open_read_only(&path).unwrap();
    assert!(reader.is_read_only());
    let mut app = App::new(reader, Box::new(FixedClock(test_now()))).unwrap();
    assert_eq!(app.caches().roster.len(), 8, "it reads everything");
    let refused = app.apply(Command::AddRep(ana())).unwrap_err().to_string();
    assert!(refused.contains("another Coachbook window"), "{refused}");
    assert_eq!(dump(&path), before, "the reading window wrote nothing");

    // Another process is refused too, and may still read.
    assert_refused(
        &coachbook(&["demo", "--db", arg(&path)]),
        "open in another Coachbook window",
    );
    let out = coachbook(&["gaps", "--db", arg(&path), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(dump(&path), before);

    drop(first);
    let mut again = Store::open(&path).unwrap();
    assert!(
        !again.checked_after_crash(),
        "the first writer closed cleanly"
    );
    again
        .transact(|tx| coachbook::store::reps::insert(tx, &ana(), test_now()).map(drop))
        .unwrap();
}

fn leave_as_if_killed(path: &Path) {
    std::fs::write(coachbook::store::lock_path(path), "open 4242\n").unwrap();
}

/// The window a damaged file at `path` opens on.
fn recovery_window(path: &Path) -> egui_kittest::Harness<'static, coachbook::app::StartupError> {
    let err = Store::open(path).err().expect("damage is found");
    let window = coachbook::app::startup_error(path, None, &err, test_now());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_eframe(move |_| window);
    harness.run();
    harness
}

#[test]
fn after_a_crash_a_sound_file_is_checked_and_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    drop(demo_store(&path));
    let before = dump(&path);
    leave_as_if_killed(&path);
    let store = Store::open(&path).unwrap();
    assert!(store.checked_after_crash());
    drop(store);
    assert_eq!(dump(&path), before);
    assert!(!Store::open(&path).unwrap().checked_after_crash());
}

#[test]
fn after_a_crash_a_damaged_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    drop(demo_store(&path));
    common::damage_as_if_killed(&path);
    let before = sha256(&path);
    let err = Store::open(&path).err().expect("damage is found");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(sha256(&path), before, "nothing was written to it");

    let moved = coachbook::store::recovery::move_aside(&path, test_now()).unwrap();
    assert!(!path.exists());
    assert_eq!(sha256(&moved), before, "moved aside exactly as it was");
}

#[test]
fn the_reading_window_says_it_only_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let _writer = demo_store(&path);
    let reader = Store::open_read_only(&path).unwrap();
    let harness = common::harness_on(reader, egui::vec2(1300.0, 900.0), true);
    egui_kittest::kittest::Queryable::get_by_label(
        &harness,
        "Read only: this file is open in another Coachbook window",
    );
    assert_eq!(harness.state().caches().roster.len(), 8);
}

/// A demo file with one backup, then damaged as if a crash had left it so.
fn damaged_with_backup(path: &Path) -> Vec<String> {
    let store = demo_store(path);
    coachbook::store::backup::create(
        store.conn(),
        path,
        None,
        coachbook::domain::backup_policy::BackupKind::Manual,
        test_now(),
    )
    .unwrap();
    drop(store);
    let good = dump(path);
    common::damage_as_if_killed(path);
    good
}

#[test]
fn a_damaged_file_is_moved_aside_and_its_newest_backup_restored() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let good = damaged_with_backup(&path);
    let damaged = sha256(&path);
    let mut harness = recovery_window(&path);
    harness.get_by_label_contains("moved it, exactly as it was");
    let moved = coachbook::store::recovery::damaged_path(&path, test_now());
    assert_eq!(
        sha256(&moved),
        damaged,
        "the damaged file is kept untouched"
    );
    assert!(!path.exists());

    harness
        .get_by_label_contains("Restore the backup of")
        .click();
    harness.run();
    assert!(
        harness.state().app().is_some(),
        "Coachbook goes on, on the backup"
    );
    drop(harness);
    assert_eq!(dump(&path), good, "the backup holds the data as it was");
}

#[test]
fn a_damaged_file_can_give_way_to_a_new_one() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    damaged_with_backup(&path);
    let mut harness = recovery_window(&path);
    harness.get_by_label("Start with a new empty file").click();
    harness.run();
    let app = harness.state().app().expect("Coachbook goes on");
    assert!(app.caches().roster.is_empty());
}
