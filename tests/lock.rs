//! One writer per data file, and a file left by a crash checked before it is written.

mod common;

use std::path::Path;

use coachbook::app::{App, Command};
use coachbook::clock::FixedClock;
use coachbook::domain::rep::RepDraft;
use coachbook::store::{Store, StoreError};
use common::cli::{arg, coachbook, text};
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
    let out = coachbook(&["demo", "--db", arg(&path)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("open in another Coachbook window"),
        "{}",
        text(&out.stderr)
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
    // Scramble pages in the middle of the file, as a disk that lied about a write might.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let middle = bytes.len() / 2 / page * page;
    for b in &mut bytes[middle..middle + 8 * page] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    std::fs::write(&path, &bytes).unwrap();
    leave_as_if_killed(&path);
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
