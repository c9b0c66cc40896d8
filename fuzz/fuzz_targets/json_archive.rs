//! Any bytes imported as a JSON archive into a new, empty data file: refused with a
//! sentence or imported whole, never a panic, and never with a control character in a
//! text cell.
#![no_main]

use std::path::Path;
use std::sync::{LazyLock, Mutex};

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

fuzz_target!(|bytes: &[u8]| {
    let Ok(parsed) = archive::parse(bytes, Path::new("fuzz.json")) else {
        return;
    };
    let mut slot = EMPTY.lock().unwrap();
    let Some(mut empty) = slot.take() else {
        return;
    };
    if archive::import(&mut empty.store, &parsed).is_ok() {
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
