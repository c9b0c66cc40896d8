//! The data file's own safety: owner-only permissions restored, one writer whatever the
//! name it is opened by, lock files that cannot be turned against another file, restores
//! that refuse what is no backup before anything moves, backups that are only read, and
//! a file interrupted while first being created told apart from a read-only one.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use coachbook::domain::backup_policy::BackupKind;
use coachbook::files::with_suffix;
use coachbook::store::backup::{self, BackupError};
use coachbook::store::{ReadOnlyReason, Store, StoreError};
use common::cli::{
    arg, assert_clean_message, assert_ok, assert_refused_cleanly, coachbook, names_in, text,
};
use common::{demo_store, dump, mode, sha256, test_now};

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A closed demo data file at `dir/team.db`.
fn team(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("team.db");
    drop(demo_store(&path));
    path
}

fn roster(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    let roster = dir.path().join(format!("{name}.csv"));
    std::fs::write(
        &roster,
        format!("name,role,email,start date\n{name},AE,,\n"),
    )
    .unwrap();
    roster
}

fn import_roster(db: &Path, roster: &Path) -> std::process::Output {
    coachbook(&["import-roster", "--db", arg(db), "--in", arg(roster)])
}

#[test]
fn a_data_file_and_its_parts_found_wider_are_tightened_to_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let parts = [
        path.clone(),
        with_suffix(&path, "-wal"),
        with_suffix(&path, "-shm"),
        backup::before_restore_path(&path),
    ];
    for part in &parts {
        if !part.exists() {
            std::fs::write(part, "").unwrap();
        }
        set_mode(part, 0o666);
    }
    let store = Store::open(&path).unwrap();
    for part in &parts {
        assert_eq!(mode(part), 0o600, "{}", part.display());
    }
    drop(store);

    // A link among them is neither followed nor changed, and what it leads to keeps its mode.
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    set_mode(&victim, 0o644);
    std::fs::remove_file(&parts[3]).unwrap();
    symlink(&victim, &parts[3]).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(mode(&victim), 0o644);
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
}

#[test]
fn a_journal_or_shared_memory_file_that_is_a_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    for part in ["-wal", "-shm", "-journal"] {
        let linked = with_suffix(&path, part);
        symlink(&victim, &linked).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(err.to_string().contains("is a link to"), "{part}: {err}");
        let out = coachbook(&["check", "--db", arg(&path)]);
        assert_refused_cleanly(&out, "is a link to");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious", "{part}");
        std::fs::remove_file(&linked).unwrap();
    }
}

#[test]
fn a_link_or_hard_link_to_a_file_another_coachbook_writes_is_refused_like_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let writer = demo_store(&path);
    let soft = dir.path().join("soft.db");
    symlink("team.db", &soft).unwrap();
    let hard = dir.path().join("hard.db");
    std::fs::hard_link(&path, &hard).unwrap();
    let ana = roster(&dir, "Ana Ruiz");
    let before = dump(&path);

    // Another process, through either name.
    assert_refused_cleanly(
        &import_roster(&soft, &ana),
        "open in another Coachbook window",
    );
    assert_refused_cleanly(&import_roster(&hard, &ana), "under another name");
    // Through the link it reads the file itself; through the hard link it could only
    // read without the changes in the file's log, so it does not.
    assert_ok(&coachbook(&["gaps", "--db", arg(&soft), "--json"]));
    assert_refused_cleanly(
        &coachbook(&["gaps", "--db", arg(&hard), "--json"]),
        "under another name",
    );
    assert_eq!(dump(&path), before);
    assert!(!with_suffix(&soft, ".lock").exists(), "the link's own lock");

    // This process, through the link: the same file, the same lock.
    assert!(matches!(Store::open(&soft), Err(StoreError::InUse { .. })));
    let reader = Store::open_or_read(&soft).unwrap();
    assert_eq!(reader.read_only_reason(), Some(ReadOnlyReason::OtherWindow));
    assert_eq!(reader.path(), path);
    drop(reader);
    drop(writer);

    // One at a time, any name writes.
    assert_ok(&import_roster(&soft, &ana));
    assert_ok(&import_roster(&hard, &roster(&dir, "Bo Lind")));
    let store = Store::open(&soft).unwrap();
    assert_eq!(store.path(), path, "the file the link leads to");
}

#[test]
fn a_lock_file_planted_as_a_link_or_hard_link_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "root:x:0:0\n").unwrap();
    let lock = coachbook::store::lock_path(&path);
    std::fs::remove_file(&lock).unwrap();

    symlink(&victim, &lock).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("is a link to"), "{err}");
    std::fs::remove_file(&lock).unwrap();

    std::fs::hard_link(&victim, &lock).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("hard links"), "{err}");

    assert_eq!(std::fs::read(&victim).unwrap(), b"root:x:0:0\n");
}

#[test]
fn a_loop_of_links_is_refused_and_a_dangling_link_leads_to_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let looped = dir.path().join("loop.db");
    symlink("loop.db", &looped).unwrap();
    assert_refused_cleanly(
        &coachbook(&["demo", "--db", arg(&looped)]),
        "too many links",
    );

    let link = dir.path().join("link.db");
    symlink("real.db", &link).unwrap();
    assert_ok(&coachbook(&["demo", "--db", arg(&link)]));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(common::count(&dir.path().join("real.db"), "reps"), 8);
}

/// A backup of `path` as it is now, taken `minutes` after the test's "now".
fn backup_at(path: &Path, minutes: i64) -> PathBuf {
    let store = Store::open(path).unwrap();
    let now = test_now() + chrono::Duration::minutes(minutes);
    backup::create(store.conn(), path, None, BackupKind::Manual, now)
        .unwrap()
        .path
}

#[test]
fn restore_through_a_link_restores_the_file_it_leads_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let saved = dump(&path);
    let made = backup_at(&path, 0);
    assert_ok(&import_roster(&path, &roster(&dir, "Ana Ruiz")));
    let link = dir.path().join("link.db");
    symlink("team.db", &link).unwrap();

    assert_ok(&coachbook(&[
        "restore",
        "--db",
        arg(&link),
        "--from",
        arg(&made),
    ]));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(dump(&path), saved);
    assert!(backup::before_restore_path(&path).exists());
    assert!(!backup::before_restore_path(&link).exists());

    // A link to a file that is gone brings it back where the link leads.
    let lost = dir.path().join("lost.db");
    let to_lost = dir.path().join("to-lost.db");
    symlink("lost.db", &to_lost).unwrap();
    assert_ok(&coachbook(&[
        "restore",
        "--db",
        arg(&to_lost),
        "--from",
        arg(&made),
    ]));
    assert_eq!(dump(&lost), saved);
    assert!(std::fs::symlink_metadata(&to_lost).unwrap().is_symlink());
}

#[test]
fn restore_refuses_what_is_no_backup_before_anything_moves() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let good = backup_at(&path, 0);
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();

    let empty = bad.join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let text_file = bad.join("notes.db");
    std::fs::write(
        &text_file,
        "Dear diary, today I restored a backup.\n".repeat(50),
    )
    .unwrap();
    let foreign = bad.join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let cut = bad.join("cut.db");
    std::fs::write(&cut, &std::fs::read(&good).unwrap()[..8192]).unwrap();
    let damaged = bad.join("damaged.db");
    let mut bytes = std::fs::read(&good).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle - 8192..middle + 8192].fill(0x5A);
    std::fs::write(&damaged, bytes).unwrap();
    let newer = bad.join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let to_itself = bad.join("itself.db");
    symlink(&path, &to_itself).unwrap();
    let hard_itself = dir.path().join("hard-itself.db");
    std::fs::hard_link(&path, &hard_itself).unwrap();

    let cases: [(&Path, &str); 10] = [
        (&empty, "is empty, so it is no backup"),
        (&text_file, "is not a Coachbook data file"),
        (&foreign, "is not a Coachbook data file"),
        (&cut, "failed its check"),
        (&damaged, "failed its check"),
        (&newer, "written by a newer Coachbook"),
        (&to_itself, "is the data file itself"),
        (&hard_itself, "is the data file itself"),
        (&bad, "is not a Coachbook data file"),
        (&bad.join("missing.db"), "could not read the backup"),
    ];
    let sha = sha256(&path);
    let names = names_in(dir.path());
    let backups = names_in(&dir.path().join("backups"));
    for (from, words) in cases {
        let out = coachbook(&["restore", "--db", arg(&path), "--from", arg(from)]);
        assert_refused_cleanly(&out, words);
        assert_eq!(sha256(&path), sha, "{}", from.display());
        assert_eq!(names_in(dir.path()), names, "{}", from.display());
        assert_eq!(names_in(&dir.path().join("backups")), backups);
    }

    // The window's restore refuses the same way, and the store goes on.
    let mut store = Store::open(&path).unwrap();
    let err = store.restore_from(&empty, test_now()).unwrap_err();
    assert!(matches!(err, BackupError::Empty { .. }), "{err}");
    assert_clean_message(&err.to_string());
    assert_eq!(coachbook::store::reps::list(store.conn()).unwrap().len(), 8);
}

#[test]
fn restore_latest_falls_back_to_the_newest_backup_that_passes_its_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let oldest = backup_at(&path, 0);
    let saved = dump(&path);
    assert_ok(&import_roster(&path, &roster(&dir, "Ana Ruiz")));
    let middle = backup_at(&path, 10);
    let newest = backup_at(&path, 20);
    std::fs::write(&middle, "").unwrap();
    let mut bytes = std::fs::read(&newest).unwrap();
    bytes[4096..12288].fill(0xA5);
    std::fs::write(&newest, bytes).unwrap();
    // The import made a protected backup too; it is as good as it is new, so damage it.
    for name in names_in(&dir.path().join("backups")) {
        let file = dir.path().join("backups").join(&name);
        if name.ends_with("-import.db") {
            std::fs::write(&file, "not any more").unwrap();
        }
    }

    let out = assert_ok(&coachbook(&["restore", "--db", arg(&path), "--latest"]));
    assert!(
        out.contains(&format!("Skipped {}", newest.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("Skipped {}", middle.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("Restored {}", oldest.display())),
        "{out}"
    );
    assert_eq!(dump(&path), saved);

    // With none sound, nothing is restored and nothing moves.
    for name in names_in(&dir.path().join("backups")) {
        std::fs::write(dir.path().join("backups").join(name), "").unwrap();
    }
    let sha = sha256(&path);
    let out = coachbook(&["restore", "--db", arg(&path), "--latest"]);
    assert_refused_cleanly(&out, "passes its check");
    assert_eq!(sha256(&path), sha);
}

#[test]
fn a_backup_named_as_the_data_file_is_only_read_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = team(&dir);
    let made = backup_at(&path, 0);
    let link = dir.path().join("to-backup.db");
    symlink(&made, &link).unwrap();
    let sha = sha256(&made);
    for name in [&made, &link] {
        let out = coachbook(&["gaps", "--db", arg(name), "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("is a backup, so Coachbook opened it only to read"),
            "{}",
            text(&out.stderr)
        );
        assert_refused_cleanly(
            &import_roster(name, &roster(&dir, "Ana Ruiz")),
            "is a backup",
        );
        assert_refused_cleanly(&coachbook(&["demo", "--db", arg(name)]), "is a backup");
        assert_refused_cleanly(
            &coachbook(&["restore", "--db", arg(name), "--from", arg(&made)]),
            "is a backup",
        );
    }
    assert_eq!(sha256(&made), sha, "a backup is never changed");
    assert!(matches!(
        Store::open(&made),
        Err(StoreError::IsBackup { .. })
    ));
    let store = Store::open_or_read(&made).unwrap();
    assert_eq!(store.read_only_reason(), Some(ReadOnlyReason::Backup));

    let harness = common::harness_on(store, egui::vec2(1300.0, 900.0), false);
    egui_kittest::kittest::Queryable::get_by_label(&harness, "Read only: this file is a backup");
    drop(harness);
    assert_eq!(sha256(&made), sha);

    // A backup from an older Coachbook could be read only after an upgrade.
    let old = dir.path().join("backups/team-20200101T000000Z-upgrade.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v4.db"),
        &old,
    )
    .unwrap();
    let out = coachbook(&["gaps", "--db", arg(&old), "--json"]);
    assert_refused_cleanly(&out, "must be upgraded before it can be read");
}

/// A copy of a data file caught in the middle of a change, with the journal that undoes
/// it, as a crash while the file was first being created leaves it.
fn interrupted_creation(dir: &Path) -> PathBuf {
    let writing = dir.join("writing.db");
    let conn = rusqlite::Connection::open(&writing).unwrap();
    conn.execute_batch(
        "PRAGMA cache_size = 10; BEGIN; CREATE TABLE t (x);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO t SELECT randomblob(500) FROM n;",
    )
    .unwrap();
    let copy = dir.join("interrupted.db");
    std::fs::copy(&writing, &copy).unwrap();
    std::fs::copy(
        with_suffix(&writing, "-journal"),
        with_suffix(&copy, "-journal"),
    )
    .unwrap();
    drop(conn);
    copy
}

#[test]
fn a_file_interrupted_while_first_being_created_is_not_called_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let copy = interrupted_creation(dir.path());
    let out = coachbook(&["check", "--db", arg(&copy)]);
    assert_refused_cleanly(
        &out,
        "was being changed when the program writing it stopped",
    );
    assert!(!text(&out.stderr).contains("read-only"));
    // Opened to write, the unfinished change is undone and the file is made anew.
    assert_ok(&coachbook(&["demo", "--db", arg(&copy)]));
    assert_ok(&coachbook(&["check", "--db", arg(&copy)]));

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let out = coachbook(&["check", "--db", arg(&empty)]);
    assert!(
        text(&out.stdout).contains("Nothing is in this file yet"),
        "{}",
        text(&out.stdout)
    );
    assert_ok(&coachbook(&["demo", "--db", arg(&empty)]));
}

#[test]
fn a_creation_killed_at_any_moment_leaves_a_file_that_is_never_called_read_only() {
    let dir = tempfile::tempdir().unwrap();
    for (round, delay_ms) in [1_u64, 3, 6, 10, 20, 40].into_iter().enumerate() {
        let path = dir.path().join(format!("new-{round}/team.db"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coachbook"))
            .args(["demo", "--db", arg(&path)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        for command in ["check", "gaps"] {
            let out = coachbook(&[command, "--db", arg(&path)]);
            let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
            assert!(
                !said.contains("read-only"),
                "after {delay_ms} ms, {command}: {said}"
            );
            assert_clean_message(&text(&out.stderr));
        }
        if path.exists() {
            let store = Store::open(&path).unwrap();
            let reps = coachbook::store::reps::list(store.conn()).unwrap().len();
            assert!(
                reps == 0 || reps == 8,
                "the demo is whole or absent: {reps}"
            );
        }
    }
}
