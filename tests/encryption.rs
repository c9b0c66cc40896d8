//! Encryption at rest: a file encrypted with SQLCipher opens with its passphrase only, a
//! wrong one changes not a byte, encrypting and decrypting keep every row, backups are
//! encrypted with the same passphrase and restore, and none of the demo's text is left
//! readable in any file beside it.

mod common;

use std::path::{Path, PathBuf};

use coachbook::domain::passphrase::Passphrase;
use coachbook::store::{Sealing, Store, StoreError, backup, sealing};
use common::{assert_same, dump, dump_with, sha256, test_now};

const KEY: &str = "correct horse battery";

fn key(text: &str) -> Option<Passphrase> {
    Some(Passphrase::to_open(text).unwrap())
}

/// The demo team in a plain file, then encrypted in place; returns the plain dump.
fn encrypted_demo(path: &Path) -> Vec<String> {
    let plain = {
        let store = common::demo_store(path);
        drop(store);
        dump(path)
    };
    let mut store = Store::open(path).unwrap();
    let rekeyed = store.change_passphrase(key(KEY), test_now()).unwrap();
    assert!(rekeyed.left.is_empty(), "{:?}", rekeyed.left);
    drop(store);
    plain
}

/// Every file in the data file's folder and its backups folder.
fn files_beside(path: &Path) -> Vec<PathBuf> {
    let folder = path.parent().unwrap();
    let mut files = Vec::new();
    for dir in [folder.to_owned(), backup::folder(path)] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                files.push(entry.path());
            }
        }
    }
    files
}

#[test]
fn opens_with_its_passphrase_and_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let plain = encrypted_demo(&path);
    assert_eq!(sealing(&path), Sealing::Encrypted);
    assert_same(&dump_with(&path, Some(KEY)), &plain, "after encrypting");
    let store = Store::open_with(&path, key(KEY)).unwrap();
    assert!(store.passphrase().is_some());
    let hmac: String = store
        .conn()
        .query_row("PRAGMA cipher_hmac_algorithm", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hmac, "HMAC_SHA256");
    let page: String = store
        .conn()
        .query_row("PRAGMA cipher_page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page, "16384");
    let reps: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM reps", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reps, 8);
}

#[test]
fn a_wrong_or_missing_passphrase_is_refused_and_not_a_byte_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    encrypted_demo(&path);
    let before = sha256(&path);
    let names_before = files_beside(&path);
    for attempt in [
        key("correct horse battery "),
        key("Correct horse battery"),
        None,
    ] {
        let err = match Store::open_or_read_with(&path, attempt.clone()) {
            Err(err) => err,
            Ok(_) => panic!("opened with {attempt:?}"),
        };
        match attempt {
            Some(_) => assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err}"),
            None => assert!(matches!(err, StoreError::NeedsPassphrase { .. }), "{err}"),
        }
        assert!(!err.to_string().contains("SQL"), "{err}");
        assert!(Store::open_read_only_with(&path, attempt).is_err());
    }
    assert_eq!(sha256(&path), before, "the file changed");
    let mut names_after = files_beside(&path);
    let mut names_before = names_before;
    names_after.sort();
    names_before.sort();
    assert_eq!(names_after, names_before, "files appeared or went");
}

#[test]
fn a_passphrase_for_a_plain_file_is_refused_with_its_own_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    drop(common::demo_store(&path));
    let before = sha256(&path);
    let err = Store::open_with(&path, key(KEY)).err().unwrap();
    assert!(matches!(err, StoreError::NotEncrypted { .. }), "{err}");
    assert_eq!(sha256(&path), before);
}

#[test]
fn encrypt_then_decrypt_round_trips_every_row_and_every_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let plain = encrypted_demo(&path);
    let backups = backup::list(&path).unwrap();
    assert!(!backups.is_empty(), "a backup is made first");
    for file in &backups {
        assert_eq!(
            sealing(&file.path),
            Sealing::Encrypted,
            "{}",
            file.path.display()
        );
        backup::verify(&file.path, key(KEY).as_ref()).unwrap();
    }
    let mut store = Store::open_with(&path, key(KEY)).unwrap();
    let rekeyed = store.change_passphrase(None, test_now()).unwrap();
    assert!(rekeyed.left.is_empty());
    drop(store);
    assert_eq!(sealing(&path), Sealing::Plain);
    assert_same(&dump(&path), &plain, "after decrypting");
    for file in backup::list(&path).unwrap() {
        assert_eq!(
            sealing(&file.path),
            Sealing::Plain,
            "{}",
            file.path.display()
        );
        backup::verify(&file.path, None).unwrap();
    }
}

#[test]
fn a_new_passphrase_replaces_the_old_one_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let plain = encrypted_demo(&path);
    let mut store = Store::open_with(&path, key(KEY)).unwrap();
    store
        .change_passphrase(key("a whole new sentence"), test_now())
        .unwrap();
    drop(store);
    assert!(matches!(
        Store::open_with(&path, key(KEY)),
        Err(StoreError::WrongPassphrase { .. })
    ));
    assert_same(
        &dump_with(&path, Some("a whole new sentence")),
        &plain,
        "under the new passphrase",
    );
    for file in backup::list(&path).unwrap() {
        backup::verify(&file.path, key("a whole new sentence").as_ref()).unwrap();
    }
}

#[test]
fn a_new_file_can_be_encrypted_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut store = Store::open_with(&path, key(KEY)).unwrap();
    coachbook::ops::generate_demo(&mut store, coachbook::demo::DEFAULT_SEED, test_now()).unwrap();
    drop(store);
    assert_eq!(sealing(&path), Sealing::Encrypted);
    assert!(Store::open_with(&path, key(KEY)).is_ok());
}

#[test]
fn backups_of_an_encrypted_file_are_encrypted_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let plain = encrypted_demo(&path);
    let mut store = Store::open_with(&path, key(KEY)).unwrap();
    let made = backup::create(
        store.conn(),
        &path,
        store.passphrase(),
        coachbook::domain::backup_policy::BackupKind::Manual,
        test_now(),
    )
    .unwrap();
    assert_eq!(sealing(&made.path), Sealing::Encrypted);
    assert!(matches!(
        backup::verify(&made.path, None),
        Err(backup::BackupError::Unusable(
            StoreError::NeedsPassphrase { .. }
        ))
    ));
    store
        .conn()
        .execute("DELETE FROM observations", [])
        .unwrap();
    store.restore_from(&made.path, test_now()).unwrap();
    drop(store);
    assert_same(&dump_with(&path, Some(KEY)), &plain, "after the restore");
    // `check` reads a backup with the passphrase too.
    let backup_store = Store::open_read_only_with(&made.path, key(KEY)).unwrap();
    let report = coachbook::store::check::run(backup_store.conn()).unwrap();
    assert!(report.integrity_problems.is_empty());
}

#[test]
fn no_text_of_the_demo_is_readable_in_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let plain = encrypted_demo(&path);
    // Open, write and leave the log behind, as a running window would.
    let mut store = Store::open_with(&path, key(KEY)).unwrap();
    store
        .transact(|tx| -> Result<usize, StoreError> {
            Ok(tx.execute(
                "UPDATE reps SET name = 'Canary Zebrafish' WHERE id = (SELECT min(id) FROM reps)",
                [],
            )?)
        })
        .unwrap();
    let canaries: Vec<String> = plain
        .iter()
        .filter(|line| line.starts_with("reps:") || line.starts_with("observations:"))
        .flat_map(|line| line.split(" | ").map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|field| {
            let text = field.trim_matches('"');
            (text.len() >= 12 && !text.chars().all(|c| c.is_ascii_digit() || c == '-'))
                .then(|| text.chars().take(24).collect())
        })
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .take(400)
        .chain(["Canary Zebrafish".to_owned(), "SQLite format 3".to_owned()])
        .collect();
    assert!(canaries.len() > 50, "too few canaries: {}", canaries.len());
    let files = files_beside(&path);
    assert!(files.iter().any(|f| f.to_string_lossy().ends_with("-wal")));
    for file in files {
        // As text, so the search is the standard library's fast one; any byte that is not
        // UTF-8 becomes a replacement character, which no canary holds.
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for canary in &canaries {
            assert!(
                !text.contains(canary.as_str()),
                "{} holds {canary:?}",
                file.display()
            );
        }
    }
    drop(store);
}

#[test]
fn a_newer_file_and_an_unclean_one_are_told_apart_from_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    encrypted_demo(&path);
    {
        let conn = coachbook::store::connect::open(&path).unwrap();
        common::unlock(&conn, KEY);
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    assert!(matches!(
        Store::open_with(&path, key(KEY)),
        Err(StoreError::TooNew { found: 999, .. })
    ));
    assert!(matches!(
        Store::open_with(&path, key("not the passphrase")),
        Err(StoreError::WrongPassphrase { .. })
    ));
}

#[test]
fn a_damaged_encrypted_file_is_called_damaged_and_its_encrypted_backup_restores() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let plain = encrypted_demo(&path);
    common::damage_as_if_killed(&path);

    // A wrong passphrase is still only that; the right one finds the damage.
    assert!(matches!(
        Store::open_with(&path, key("not the passphrase at all")),
        Err(StoreError::WrongPassphrase { .. })
    ));
    let err = Store::open_with(&path, key(KEY)).err().unwrap();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");

    let window = coachbook::app::startup_error(&path, key(KEY), &err, test_now());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_eframe(move |_| window);
    harness.run();
    harness.get_by_label_contains("moved it, exactly as it was");
    harness
        .get_by_label_contains("Restore the backup of")
        .click();
    harness.run();
    assert!(
        harness.state().app().is_some(),
        "Coachbook opens on the backup"
    );
    drop(harness);
    assert_eq!(sealing(&path), Sealing::Encrypted);
    assert_same(&dump_with(&path, Some(KEY)), &plain, "the restored backup");
}

#[test]
fn a_passphrase_with_quotes_and_sql_in_it_is_only_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let hostile = "it's'; PRAGMA key = ''; DROP TABLE reps; -- \u{e9}";
    drop(common::demo_store(&path));
    let mut store = Store::open(&path).unwrap();
    store.change_passphrase(key(hostile), test_now()).unwrap();
    drop(store);
    let store = Store::open_with(&path, key(hostile)).unwrap();
    let reps: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM reps", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reps, 8);
    drop(store);
    for near in [
        "it's",
        "",
        "it''s'; PRAGMA key = ''; DROP TABLE reps; -- \u{e9}",
    ] {
        if let Ok(near) = Passphrase::to_open(near) {
            assert!(matches!(
                Store::open_with(&path, Some(near)),
                Err(StoreError::WrongPassphrase { .. })
            ));
        }
    }
}
