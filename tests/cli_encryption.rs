//! `coachbook encrypt`, `decrypt` and `--key-file` run as a user would: the passphrase only
//! from a file its owner alone can read (or a terminal), every command working on the
//! encrypted file with it, and a wrong one refused with the file as it was.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::cli::{arg, assert_ok, assert_refused, coachbook, demo_file};
use common::{assert_same, dump, dump_with, sha256};

fn key_file(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn sealed(path: &Path) -> coachbook::store::Sealing {
    coachbook::store::sealing(path)
}

#[test]
fn encrypt_check_and_decrypt_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let plain = dump(&db);
    let key = key_file(&dir, "key", "a passphrase of words\n");

    let out = assert_ok(&coachbook(&[
        "encrypt",
        "--db",
        arg(&db),
        "--new-key-file",
        arg(&key),
    ]));
    assert!(out.contains("Encrypted"), "{out}");
    assert!(out.contains("backup"), "{out}");
    assert_eq!(sealed(&db), coachbook::store::Sealing::Encrypted);
    assert_same(
        &dump_with(&db, Some("a passphrase of words")),
        &plain,
        "encrypted",
    );

    // Every command reads it with the key file; without one and no terminal, a sentence.
    let out = assert_ok(&coachbook(&[
        "check",
        "--db",
        arg(&db),
        "--key-file",
        arg(&key),
    ]));
    assert!(out.contains("Integrity: ok"), "{out}");
    assert!(out.contains("Encryption: encrypted"), "{out}");
    let out = assert_ok(&coachbook(&[
        "search",
        "discovery",
        "--db",
        arg(&db),
        "--key-file",
        arg(&key),
    ]));
    assert!(!out.is_empty());
    assert_refused(&coachbook(&["check", "--db", arg(&db)]), "is encrypted");
    let backup = assert_ok(&coachbook(&[
        "backup",
        "--db",
        arg(&db),
        "--key-file",
        arg(&key),
    ]));
    assert!(backup.contains("checked"), "{backup}");

    let out = assert_ok(&coachbook(&[
        "decrypt",
        "--db",
        arg(&db),
        "--key-file",
        arg(&key),
    ]));
    assert!(out.contains("Decrypted"), "{out}");
    assert_eq!(sealed(&db), coachbook::store::Sealing::Plain);
    assert_same(&dump(&db), &plain, "decrypted");
    assert_ok(&coachbook(&["check", "--db", arg(&db)]));
}

#[test]
fn a_wrong_key_file_is_refused_and_the_file_stays_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let key = key_file(&dir, "key", "a passphrase of words");
    assert_ok(&coachbook(&[
        "encrypt",
        "--db",
        arg(&db),
        "--new-key-file",
        arg(&key),
    ]));
    let before = sha256(&db);
    let wrong = key_file(&dir, "wrong", "not the passphrase");
    let out = dir.path().join("out.json");
    for args in [
        vec!["check", "--db", arg(&db), "--key-file", arg(&wrong)],
        vec!["backup", "--db", arg(&db), "--key-file", arg(&wrong)],
        vec!["decrypt", "--db", arg(&db), "--key-file", arg(&wrong)],
        vec![
            "export-json",
            "--out",
            arg(&out),
            "--db",
            arg(&db),
            "--key-file",
            arg(&wrong),
        ],
    ] {
        let out = coachbook(&args);
        assert_refused(&out, "That passphrase does not open");
        let said = common::cli::text(&out.stderr);
        assert!(!said.contains("SQL"), "{said}");
        assert!(
            !said.contains("not the passphrase"),
            "the passphrase was shown: {said}"
        );
    }
    assert_eq!(sha256(&db), before);
}

#[test]
fn key_files_others_can_read_and_weak_new_passphrases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let before = sha256(&db);
    let open = key_file(&dir, "open", "a passphrase of words");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_refused(
        &coachbook(&["encrypt", "--db", arg(&db), "--new-key-file", arg(&open)]),
        "can be read by other accounts",
    );
    let short = key_file(&dir, "short", "short");
    assert_refused(
        &coachbook(&["encrypt", "--db", arg(&db), "--new-key-file", arg(&short)]),
        "at least 10 characters",
    );
    let escape = key_file(&dir, "escape", "words and \u{1b}[2J more words");
    assert_refused(
        &coachbook(&["encrypt", "--db", arg(&db), "--new-key-file", arg(&escape)]),
        "control characters",
    );
    // With no terminal to type it twice, a sentence.
    assert_refused(&coachbook(&["encrypt", "--db", arg(&db)]), "--new-key-file");
    // A key file for a plain file says it is not encrypted.
    let key = key_file(&dir, "key", "a passphrase of words");
    assert_refused(
        &coachbook(&["check", "--db", arg(&db), "--key-file", arg(&key)]),
        "is not encrypted",
    );
    assert_eq!(sha256(&db), before);
}

#[test]
fn a_new_file_is_encrypted_from_the_start_and_a_lost_one_comes_back_from_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let key = key_file(&dir, "key", "a passphrase of words");
    assert_ok(&coachbook(&[
        "demo",
        "--db",
        arg(&db),
        "--key-file",
        arg(&key),
    ]));
    assert_eq!(sealed(&db), coachbook::store::Sealing::Encrypted);
    let saved = dump_with(&db, Some("a passphrase of words"));
    assert_ok(&coachbook(&[
        "backup",
        "--db",
        arg(&db),
        "--key-file",
        arg(&key),
    ]));
    std::fs::remove_file(&db).unwrap();
    assert_ok(&coachbook(&[
        "restore",
        "--db",
        arg(&db),
        "--latest",
        "--key-file",
        arg(&key),
    ]));
    assert_same(
        &dump_with(&db, Some("a passphrase of words")),
        &saved,
        "the restored file",
    );
}
