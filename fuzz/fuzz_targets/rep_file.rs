//! Any bytes opened as a rep file: read, opened in the rep view, and its answers prepared
//! against the demo team (which issued the seeds' share token) and applied in a
//! transaction that is rolled back. A damaged, edited or foreign file must be refused with
//! a sentence, never a panic; what it brings in holds no control character.
#![no_main]

use std::sync::{LazyLock, Mutex};

use chrono::{NaiveDate, TimeZone, Utc};
use coachbook::ops::{Stamp, prepare_answers};
use coachbook::domain::text::is_clean;
use coachbook::domain::text_fields::{COMMENT_LINES, REFLECTION_LINES, TOPIC_LINES};
use coachbook::exchange::archive_text::first_unclean_cell;
use coachbook::store::Store;
use libfuzzer_sys::fuzz_target;

struct Team {
    store: Store,
    dir: tempfile::TempDir,
}

static TEAM: LazyLock<Mutex<Team>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("team.db")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
    coachbook::ops::generate_demo(&mut store, coachbook::demo::DEFAULT_SEED, now).unwrap();
    // The seeds' share, kept as the data file that shared them keeps it, so inputs near a
    // seed get past the token check and reach the import.
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/rep_file/answered.coachrep");
    if let Ok(file) = coachbook::repfile::read_returned(std::path::Path::new(seed)) {
        coachbook::store::rep_shares::record(store.conn(), &file.identity).unwrap();
    }
    Mutex::new(Team { store, dir })
});

fuzz_target!(|bytes: &[u8]| {
    let team = TEAM.lock().unwrap();
    let path = team.dir.path().join("input.coachrep");
    // A journal left by the previous input would be read as part of this one.
    for leftover in [
        "input.coachrep-wal",
        "input.coachrep-shm",
        "input.coachrep-journal",
    ] {
        let _ = std::fs::remove_file(team.dir.path().join(leftover));
    }
    std::fs::write(&path, bytes).unwrap();
    drop(coachbook::repfile::read(&path));
    drop(coachbook::repview::RepView::open(&path));
    let Ok(file) = coachbook::repfile::read_returned(&path) else {
        return;
    };
    let answers = &file.answers;
    assert!(
        answers
            .assessments
            .iter()
            .all(|a| is_clean(&a.comment, COMMENT_LINES))
    );
    assert!(
        answers
            .reflections
            .iter()
            .all(|r| is_clean(&r.text, REFLECTION_LINES))
    );
    assert!(
        answers
            .topics
            .iter()
            .all(|t| is_clean(&t.text, TOPIC_LINES))
    );
    let stamp = Stamp {
        now: Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap(),
        today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let conn = team.store.conn();
    let Ok(prepared) = prepare_answers(conn, &file, stamp.now) else {
        return;
    };
    let tx = conn.unchecked_transaction().unwrap();
    if prepared.command().apply(&tx, stamp).is_ok() {
        assert_eq!(first_unclean_cell(&tx).unwrap(), None);
    }
    tx.rollback().unwrap();
});
