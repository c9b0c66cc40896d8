//! The data file on disk: creation, pragmas, permissions, reopening, and refusal of files
//! that are not ours, all on real temporary files.

mod common;

use coachbook::domain::rep::RepDraft;
use coachbook::store::{self, APPLICATION_ID, LATEST_VERSION, Store, StoreError};
use rusqlite::Connection;

use common::{sha256, test_now};

fn draft(name: &str) -> RepDraft {
    RepDraft {
        name: name.into(),
        role: "AE".into(),
        ..RepDraft::default()
    }
}

#[test]
fn a_new_file_gets_schema_v1_pragmas_and_private_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("new folder");
    let path = folder.join("coachbook.db");
    let store = Store::open(&path).unwrap();

    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let conn = store.conn();
    let pragma_text =
        |name: &str| -> String { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
    let pragma_int =
        |name: &str| -> i64 { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
    assert_eq!(pragma_text("journal_mode"), "wal");
    assert_eq!(pragma_int("synchronous"), 2, "synchronous=FULL");
    assert_eq!(pragma_int("foreign_keys"), 1);
    assert_eq!(pragma_int("trusted_schema"), 0);
    assert_eq!(pragma_int("application_id"), APPLICATION_ID);
    assert!(pragma_int("busy_timeout") > 0);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&folder), 0o700);
    }

    // The default framework is written once, with every table of the model present.
    let skills: i64 = conn
        .query_row("SELECT count(*) FROM skills", [], |r| r.get(0))
        .unwrap();
    assert!(skills >= 18);
    for table in [
        "reps",
        "roles",
        "skills",
        "prompts",
        "role_targets",
        "rep_targets",
        "cadences",
        "sessions",
        "session_notes",
        "observations",
        "commitments",
        "meta",
    ] {
        let exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(exists, 1, "table {table} is missing");
    }
}

#[test]
fn reopening_keeps_data_and_does_not_seed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut store = Store::open(&path).unwrap();
    store
        .transact(|tx| store::reps::insert(tx, &draft("Dana Lee"), test_now()))
        .unwrap();
    let skills_before = common::count(&path, "skills");
    drop(store);

    let store = Store::open(&path).unwrap();
    let reps = store::reps::list(store.conn()).unwrap();
    assert_eq!(reps.len(), 1);
    assert_eq!(reps[0].name, "Dana Lee");
    assert_eq!(common::count(&path, "skills"), skills_before);
}

#[test]
fn a_failed_transaction_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut store = Store::open(&path).unwrap();
    let result: Result<(), StoreError> = store.transact(|tx| {
        store::reps::insert(tx, &draft("Dana Lee"), test_now())?;
        // The second insert breaks the unique index on active names.
        store::reps::insert(tx, &draft("dana lee"), test_now())?;
        Ok(())
    });
    assert!(result.is_err());
    assert_eq!(store::reps::list(store.conn()).unwrap().len(), 0);
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }
    let before = sha256(&path);
    let err = Store::open(&path)
        .err()
        .expect("a newer file must be refused");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("newer Coachbook"), "{message}");
    assert!(message.contains("left it untouched"), "{message}");
    assert_eq!(sha256(&path), before, "the file's bytes changed");
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
            .unwrap();
    }
    let before = sha256(&path);
    let err = Store::open(&path)
        .err()
        .expect("a foreign file must be refused");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert!(err.to_string().contains("another program"));
    assert_eq!(sha256(&path), before);
}

#[test]
fn a_text_file_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "Dana: great discovery call, follow up on pricing.\n".repeat(200),
    )
    .unwrap();
    let before = sha256(&path);
    let err = Store::open(&path)
        .err()
        .expect("a text file must be refused");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("not a Coachbook data file"));
    assert_eq!(sha256(&path), before);
}

#[test]
fn a_folder_or_an_unwritable_place_gives_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path())
        .err()
        .expect("a folder is not a data file");
    assert!(err.to_string().contains("folder"), "{err}");

    // /proc refuses new files even for root.
    let err = Store::open(std::path::Path::new("/proc/coachbook-test/team.db"))
        .err()
        .expect("an unwritable place must be refused");
    assert!(err.to_string().contains("Coachbook"), "{err}");
}

#[test]
fn an_empty_file_is_taken_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn read_only_opening_never_migrates_or_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let missing = Store::open_read_only(&path).err().expect("no file yet");
    assert!(matches!(missing, StoreError::Missing { .. }));
    assert!(!path.exists(), "read-only opening must not create the file");
    drop(Store::open(&path).unwrap());
    let before = sha256(&path);
    let store = Store::open_read_only(&path).unwrap();
    assert!(store::check::run(store.conn()).unwrap().is_ok());
    drop(store);
    assert_eq!(sha256(&path), before);
}

#[test]
fn a_version_1_file_is_upgraded_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let mut store = Store::open(&path).unwrap();
    coachbook::ops::generate_demo(&mut store, 5, test_now()).unwrap();
    drop(store);
    // Take the file back to schema v1, as the first release wrote it.
    common::fixtures::take_back(&path, 1);
    let before = common::count(&path, "observations");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(common::count(&path, "observations"), before);
    // The new evidence index covers the rows that were already there.
    let hits = store::observations::search(store.conn(), "\"discovery\"*").unwrap();
    let expected: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM observations WHERE evidence LIKE '%discovery%' OR account LIKE '%discovery%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(expected > 0);
    assert_eq!(hits.len() as i64, expected);
}
