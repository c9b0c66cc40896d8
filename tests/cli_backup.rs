//! `coachbook backup` and `coachbook restore` run as a user would, and the backup the
//! command line takes before an import.

mod common;

use common::cli::{arg, assert_ok, assert_refused, coachbook, demo_file};
use common::{assert_same, dump, sha256};

fn backups_of(dir: &tempfile::TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn backup_writes_a_checked_copy_and_restore_latest_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let saved = dump(&db);

    let out = assert_ok(&coachbook(&["backup", "--db", arg(&db)]));

    assert!(out.contains("Backed up"), "{out}");
    assert!(out.contains("checked"), "{out}");
    let names = backups_of(&dir);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("demo-") && names[0].ends_with("-manual.db"));
    assert!(out.contains(&names[0]), "{out}");

    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("DELETE FROM observations", [])
        .unwrap();
    let out = assert_ok(&coachbook(&["restore", "--db", arg(&db), "--latest"]));
    assert!(out.contains("demo.db.before-restore"), "{out}");
    assert_same(&dump(&db), &saved, "the restored file");
    assert_eq!(
        common::count(&dir.path().join("demo.db.before-restore"), "observations"),
        0
    );
    assert!(backups_of(&dir).iter().any(|n| n.ends_with("-restore.db")));
}

#[test]
fn restore_of_a_damaged_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, b"SQLite format 3\0 but then nothing useful at all").unwrap();
    let sha = sha256(&db);

    let out = coachbook(&["restore", "--db", arg(&db), "--from", arg(&bad)]);

    assert_refused(&out, "is not a Coachbook data file");
    assert_eq!(sha256(&db), sha);
    assert!(!dir.path().join("demo.db.before-restore").exists());
}

#[test]
fn restore_needs_a_backup_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    assert_refused(
        &coachbook(&["restore", "--db", arg(&db), "--latest"]),
        "There are no backups of",
    );
    let out = coachbook(&["restore", "--db", arg(&db)]);
    assert!(!out.status.success());
}

#[test]
fn a_roster_import_is_backed_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "name,role,email,start date\nNew Person,AE,,\n").unwrap();

    assert_ok(&coachbook(&[
        "import-roster",
        "--db",
        arg(&db),
        "--in",
        arg(&roster),
    ]));

    let names = backups_of(&dir);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("-import.db"), "{names:?}");
    let backup = dir.path().join("backups").join(&names[0]);
    assert_eq!(
        common::count(&backup, "reps") + 1,
        common::count(&db, "reps")
    );
}
