//! Backups and restores of the data file, on real temporary files: what is written, with
//! which permissions, what rotation keeps, and that a damaged backup never costs data.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use coachbook::domain::backup_policy::{BackupKind, Retention};
use coachbook::store::backup::{self, BackupError};
use coachbook::store::{LATEST_VERSION, Store};
use rusqlite::Connection;

use common::{assert_same, dump, sha256, test_now};

fn demo(dir: &tempfile::TempDir) -> (PathBuf, Store) {
    let path = dir.path().join("team.db");
    let store = common::demo_store(&path);
    (path, store)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Overwrites bytes in the middle of `path`, where table pages live.
fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle - 2048..middle + 2048] {
        *b = 0x5A;
    }
    // Page 1 keeps its header so the file still opens, but its schema pages are damaged too.
    for b in &mut bytes[200..4000] {
        *b = 0xA5;
    }
    std::fs::write(path, bytes).unwrap();
}

fn names(path: &Path) -> Vec<String> {
    backup::list(path)
        .unwrap()
        .into_iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_backup_is_checked_owner_only_and_holds_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    let made = backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();

    assert_eq!(made.path.parent().unwrap(), dir.path().join("backups"));
    assert_eq!(
        made.path.file_name().unwrap(),
        "team-20261120T170000Z-manual.db"
    );
    backup::verify(&made.path, None).unwrap();
    assert_same(&dump(&made.path), &dump(&path), "the backup's data");
    #[cfg(unix)]
    {
        assert_eq!(mode(&made.path), 0o600);
        assert_eq!(mode(&dir.path().join("backups")), 0o700);
    }
    // Nothing else is left in the folder: no partial copy, no journal.
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count(),
        1
    );
    let listed = backup::list(&path).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind, BackupKind::Manual);
    assert_eq!(listed[0].taken, test_now());
    let details = backup::details(&listed[0], None);
    let counts = details.counts.unwrap();
    assert_eq!(counts.reps, common::count(&path, "reps"));
    assert_eq!(counts.observations, common::count(&path, "observations"));
    assert!(details.size_bytes > 0);
}

#[test]
fn two_backups_at_the_same_instant_get_two_names() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();
    backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();
    assert_eq!(
        names(&path),
        [
            "team-20261120T170000Z-manual.db",
            "team-20261120T170000Z-manual-1.db"
        ]
    );
}

#[test]
fn rotation_keeps_recent_daily_weekly_and_every_protected_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo(&dir);
    store
        .transact(|tx| {
            coachbook::store::meta::set_backup_retention(
                tx,
                Retention {
                    recent: 2,
                    daily: 3,
                    weekly: 2,
                },
            )
            .map_err(coachbook::store::StoreError::from)
        })
        .unwrap();
    let start: DateTime<Utc> = test_now() - Duration::days(30);
    backup::create(store.conn(), &path, None, BackupKind::BeforeImport, start).unwrap();
    // Every six hours for thirty days.
    for step in 0..120 {
        let now = start + Duration::hours(6 * step);
        backup::create(store.conn(), &path, None, BackupKind::Automatic, now).unwrap();
    }
    let kept = backup::list(&path).unwrap();
    let automatic: Vec<_> = kept
        .iter()
        .filter(|b| b.kind == BackupKind::Automatic)
        .map(|b| b.taken)
        .collect();
    assert!(kept.iter().any(|b| b.kind == BackupKind::BeforeImport));
    // Backups fall at 05, 11, 17 and 23 UTC; the newest is Friday 20 Nov at 11:00.
    let newest = start + Duration::hours(6 * 119);
    let hours_before = |h: i64| newest - Duration::hours(h);
    let expected = vec![
        // the newest of the ISO week before (Sunday 15 Nov, 23:00)
        hours_before(108),
        // the newest of 18 and 19 Nov
        hours_before(36),
        hours_before(12),
        // the two newest, which also stand for 20 Nov and this week
        hours_before(6),
        newest,
    ];
    assert_eq!(automatic, expected);
}

#[test]
fn a_damaged_newest_backup_is_reported_and_rotates_nothing_out() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    for hours in 0..4 {
        let now = test_now() + Duration::hours(hours);
        backup::create(store.conn(), &path, None, BackupKind::Automatic, now).unwrap();
    }
    let before = names(&path);
    let newest = backup::list(&path).unwrap().pop().unwrap();
    damage(&newest.path);

    let err = backup::rotate(
        &path,
        None,
        Retention {
            recent: 1,
            daily: 0,
            weekly: 0,
        },
    )
    .unwrap_err();
    assert!(matches!(err, BackupError::Damaged { .. }), "{err}");
    assert!(
        err.to_string().contains("No older backup was removed"),
        "{err}"
    );
    assert_eq!(names(&path), before);
}

#[test]
fn restore_swaps_in_the_backup_and_keeps_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = demo(&dir);
    let made = backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();
    let saved = dump(&path);
    store
        .conn()
        .execute("DELETE FROM observations WHERE id % 2 = 0", [])
        .unwrap();
    let changed = dump(&path);
    assert_ne!(changed, saved);

    let later = test_now() + Duration::minutes(5);
    let restored = store.restore_from(&made.path, later).unwrap();

    assert_same(&dump(&path), &saved, "the restored file");
    let before = restored.before_restore.unwrap();
    assert_eq!(before, dir.path().join("team.db.before-restore"));
    assert_same(&dump(&before), &changed, "the file kept before the restore");
    let safety = restored.safety_backup.unwrap();
    assert_eq!(safety.kind, BackupKind::BeforeRestore);
    assert_same(
        &dump(&safety.path),
        &changed,
        "the backup before the restore",
    );
    // The store is open on the restored file and keeps working.
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    store
        .transact(|tx| {
            coachbook::store::meta::set(tx, "probe", "1")
                .map_err(coachbook::store::StoreError::from)
        })
        .unwrap();
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&before), 0o600);
    }
    // A second restore replaces the older .before-restore with the file as it is now.
    let now = dump(&path);
    store.restore_from(&made.path, later).unwrap();
    assert_same(
        &dump(&before),
        &now,
        "the newer file kept before the restore",
    );
}

#[test]
fn restoring_a_damaged_backup_refuses_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    let made = backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();
    damage(&made.path);
    // The file is checkpointed by closing, so its bytes are the whole of it.
    drop(store);
    let sha = sha256(&path);
    let mut store = Store::open(&path).unwrap();

    let err = store.restore_from(&made.path, test_now()).unwrap_err();

    assert!(matches!(err, BackupError::Damaged { .. }), "{err}");
    drop(store);
    assert_eq!(sha256(&path), sha);
    assert!(!dir.path().join("team.db.before-restore").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring") || n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn restore_brings_back_a_lost_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    let made = backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();
    let saved = dump(&path);
    drop(store);
    std::fs::remove_file(&path).unwrap();

    let restored = backup::restore_closed_file(&path, &made.path, test_now(), None).unwrap();

    assert!(restored.before_restore.is_none());
    assert_same(&dump(&path), &saved, "the restored file");
}

#[test]
fn an_older_file_is_backed_up_before_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    drop(store);
    common::fixtures::take_back(&path, 1);
    let old = dump(&path);

    let store = Store::open(&path).unwrap();

    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let backups = backup::list(&path).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, BackupKind::BeforeMigration);
    assert_same(
        &dump(&backups[0].path),
        &old,
        "the backup before the upgrade",
    );
    let version: i64 = Connection::open(&backups[0].path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    // Opening the upgraded file again makes no further backup.
    drop(store);
    Store::open(&path).unwrap();
    assert_eq!(backup::list(&path).unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn the_data_file_its_logs_backups_and_exports_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    // A write keeps the write-ahead log and its index open beside the file.
    store
        .conn()
        .execute("UPDATE reps SET email = email", [])
        .unwrap();
    let wal = dir.path().join("team.db-wal");
    let shm = dir.path().join("team.db-shm");
    assert!(wal.exists() && shm.exists());
    let made = backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();
    for file in [&path, &wal, &shm, &made.path] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&dir.path().join("backups")), 0o700);

    let ics = dir.path().join("team.ics");
    let text = coachbook::export::ics::export(store.conn(), None, test_now()).unwrap();
    coachbook::files::write_bytes(&ics, text.as_bytes()).unwrap();
    let archive = dir.path().join("team.json");
    coachbook::exchange::archive::export_file(&store, &archive, test_now()).unwrap();
    let csv = dir.path().join("csv");
    coachbook::exchange::csv_export::export_dir(&store, &csv).unwrap();
    let rep_file = dir.path().join("rep.coachrep");
    let history = common::first_rep_file(
        &store,
        test_now().date_naive() - Duration::days(90),
        &rep_file,
    );
    let report = dir.path().join("report.html");
    coachbook::export::write_report(&history, &report).unwrap();
    for file in [&ics, &archive, &rep_file, &report] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&csv), 0o700);
    for entry in std::fs::read_dir(&csv).unwrap() {
        let file = entry.unwrap().path();
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn partial_copies_left_by_an_interrupted_backup_are_cleared_later() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let stale = folder.join("team-20261101T080000Z-auto.db.partial");
    let fresh = folder.join("team-20261120T165900Z-auto.db.partial");
    let other = folder.join("notes.partial");
    for file in [&stale, &fresh, &other] {
        std::fs::write(file, b"half a copy").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for file in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }

    backup::create(store.conn(), &path, None, BackupKind::Manual, test_now()).unwrap();

    assert!(!stale.exists());
    assert!(fresh.exists(), "a copy still being written is left alone");
    assert!(
        other.exists(),
        "files that are not Coachbook's are left alone"
    );
}

#[test]
fn a_copy_left_beside_the_data_file_by_a_stopped_restore_goes_when_it_next_opens_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo(&dir);
    drop(store);
    let at = |name: &str| dir.path().join(name);
    let left = [
        at("team.db.partial-4242-0"),
        at("team.db.partial-4242-0-journal"),
        at("team.db.partial-17-3-wal"),
    ];
    let others = [
        at("team.db.partial-notes"),
        at("team.db.partial-12-x"),
        at("team.db.csv.partial-1-0"),
        at("other.db.partial-1-0"),
    ];
    for file in left.iter().chain(&others) {
        std::fs::write(file, b"a copy as large as the file").unwrap();
    }

    // A window that only reads may be beside one still writing such a copy.
    drop(Store::open_read_only_with(&path, None).unwrap());
    assert!(left.iter().all(|file| file.exists()));

    let before = dump(&path);
    drop(Store::open(&path).unwrap());
    for file in &left {
        assert!(!file.exists(), "{} stayed", file.display());
    }
    for file in &others {
        assert!(file.exists(), "{} is not such a copy", file.display());
    }
    assert_same(&dump(&path), &before, "the data file");
}
