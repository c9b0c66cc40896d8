//! A roster file of any bytes is read, checked against a demo team's roster and, when the
//! check passes, imported in a transaction that is then rolled back: errors are fine,
//! panics are not, and no text the file brings in holds a control character.
#![no_main]

use std::sync::{LazyLock, Mutex};

use chrono::{NaiveDate, TimeZone, Utc};
use coachbook::app::{Command, Stamp};
use coachbook::domain::text::{Lines, is_clean};
use coachbook::exchange::archive_text::first_unclean_cell;
use coachbook::exchange::roster_csv;
use coachbook::store::Store;
use libfuzzer_sys::fuzz_target;

struct Team {
    store: Store,
    _dir: tempfile::TempDir,
}

static TEAM: LazyLock<Mutex<Team>> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("team.db")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
    coachbook::demo::generate(&mut store, coachbook::demo::DEFAULT_SEED, now).unwrap();
    Mutex::new(Team { store, _dir: dir })
});

fuzz_target!(|bytes: &[u8]| {
    let team = TEAM.lock().unwrap();
    let conn = team.store.conn();
    let Ok(check) = roster_csv::check_bytes(conn, bytes) else {
        return;
    };
    let _ = check.summary();
    for line in &check.lines {
        for field in [
            &line.line.name,
            &line.line.role,
            &line.line.email,
            &line.line.start_date,
        ] {
            assert!(is_clean(field, Lines::One), "{field:?}");
        }
    }
    let Some(drafts) = check.drafts() else {
        return;
    };
    let stamp = Stamp {
        now: Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap(),
        today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let tx = conn.unchecked_transaction().unwrap();
    if Command::ImportRoster(drafts).apply(&tx, stamp).is_ok() {
        assert_eq!(first_unclean_cell(&tx).unwrap(), None);
    }
    tx.rollback().unwrap();
});
