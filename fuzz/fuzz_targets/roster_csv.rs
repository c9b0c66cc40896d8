//! A roster file of any bytes is read, checked against a demo team's roster and, when the
//! check passes, imported in a transaction that is then rolled back: errors are fine,
//! panics are not. What the check accepts, the import command accepts too (they keep the
//! same rules), and every rep it adds is one the window could have added: a clean, tidy
//! name of at most 120 characters that no active rep shares, a clean address; no text the
//! file brings in holds a control character.
#![no_main]

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use chrono::{NaiveDate, TimeZone, Utc};
use coachbook::ops::{Command, Stamp};
use coachbook::domain::rep::MAX_NAME_CHARS;
use coachbook::domain::text::{Lines, fold_case, is_clean, tidy};
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
    coachbook::ops::generate_demo(&mut store, coachbook::demo::DEFAULT_SEED, now).unwrap();
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
    assert!(check.is_ready());
    for draft in &drafts {
        assert!(is_clean(&draft.name, Lines::One), "{:?}", draft.name);
        assert_eq!(tidy(&draft.name), draft.name);
        assert!(draft.name.chars().count() <= MAX_NAME_CHARS);
        assert!(is_clean(&draft.email, Lines::One), "{:?}", draft.email);
    }
    let stamp = Stamp {
        now: Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap(),
        today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let tx = conn.unchecked_transaction().unwrap();
    let applied = Command::ImportRoster(drafts).apply(&tx, stamp);
    assert!(applied.is_ok(), "the check passed, the import refused: {applied:?}");
    assert_eq!(first_unclean_cell(&tx).unwrap(), None);
    let mut names = HashSet::new();
    for rep in coachbook::store::reps::list(&tx).unwrap() {
        if !rep.archived {
            assert!(names.insert(fold_case(&rep.name)), "two active reps {:?}", rep.name);
        }
    }
    tx.rollback().unwrap();
});
