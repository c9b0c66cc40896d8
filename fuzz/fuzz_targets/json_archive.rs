//! Any bytes as a JSON archive: refused with a sentence or imported whole, never a panic.
//! An archive that is accepted is one the app reads back: its check passed first, the file
//! it made passes `check` (integrity, links and every rule of every row) and holds no
//! control character in a text cell, the window's caches, the observation log and the
//! calendar file load from it, and it exports to an archive that is accepted again.
#![no_main]

use std::path::Path;
use std::sync::{LazyLock, Mutex};

use chrono::{TimeZone, Utc};
use coachbook::exchange::archive;
use coachbook::exchange::archive_text::first_unclean_cell;
use coachbook::store::Store;
use libfuzzer_sys::fuzz_target;

struct Empty {
    store: Store,
    dir: tempfile::TempDir,
    /// Bumped after a successful import, which leaves the file no longer empty.
    generation: u64,
}

impl Empty {
    fn fresh(dir: tempfile::TempDir, generation: u64) -> Empty {
        let path = dir.path().join(format!("empty-{generation}.db"));
        let store = Store::open(&path).unwrap();
        Empty {
            store,
            dir,
            generation,
        }
    }
}

static EMPTY: LazyLock<Mutex<Option<Empty>>> =
    LazyLock::new(|| Mutex::new(Some(Empty::fresh(tempfile::tempdir().unwrap(), 0))));

/// Everything the app reads from a file, read from the one just imported.
fn reads_back(store: &Store, dir: &Path) {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
    let report = coachbook::store::check::run(store.conn()).unwrap();
    assert!(report.is_ok(), "an accepted archive fails check: {report:?}");
    coachbook::model::Caches::load(store, now).expect("the window's caches load");
    coachbook::model::ObservationLog::load(store.conn()).expect("the observation log loads");
    coachbook::export::ics::export(store.conn(), None, now).expect("the calendar exports");
    let again = dir.join("again.json");
    archive::export_file(store, &again, now).expect("the file exports");
    archive::check_file(&again).expect("its own export is accepted");
}

fuzz_target!(|bytes: &[u8]| {
    let name = Path::new("fuzz.json");
    let checked = archive::check_bytes(bytes, name);
    let mut slot = EMPTY.lock().unwrap();
    let Some(mut empty) = slot.take() else {
        return;
    };
    let imported = archive::import_bytes(&mut empty.store, bytes, name);
    if let Err(err) = &imported {
        assert!(!err.to_string().contains("constraint failed"), "{err}");
    }
    if imported.is_ok() {
        assert!(checked.is_ok(), "imported what the check refused: {checked:?}");
        reads_back(&empty.store, empty.dir.path());
        assert_eq!(first_unclean_cell(empty.store.conn()).unwrap(), None);
        let Empty {
            store,
            dir,
            generation,
        } = empty;
        let old = store.path().to_owned();
        drop(store);
        let _ = std::fs::remove_file(&old);
        empty = Empty::fresh(dir, generation + 1);
    }
    *slot = Some(empty);
});
