//! Encryption in the window, driven through its labels: "Encrypt this file" in Settings
//! with the passphrase typed twice (a short or mismatched one refused beside the field),
//! and the unlock window of an encrypted file, where a wrong passphrase is refused with
//! the file unchanged and the right one opens Coachbook. The same window opens an older
//! Coachbook's file, saying it is being upgraded while it is.

mod common;

use coachbook::domain::passphrase::Passphrase;
use coachbook::store::{Sealing, Store, backup, sealing};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use common::{settle, sha256, wait_for_text};

const KEY: &str = "tea at the harbour";

/// Puts the cursor in the field called `label` and types `text`, as a person does.
fn type_into<S>(harness: &egui_kittest::Harness<'_, S>, label: &str, text: &str) {
    let field = harness.get_by_label(label);
    field.focus();
    field.type_text(text);
}

#[test]
fn encrypt_this_file_from_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = common::demo_harness(&path, egui::vec2(1300.0, 2600.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    settle(&mut harness);
    harness.get_by_label_contains("This data file is not encrypted");
    harness
        .get_by_role_and_label(Role::Button, "Encrypt this file…")
        .click();
    settle(&mut harness);
    assert!(
        harness.get_by_label("Passphrase").is_focused(),
        "the first field takes the cursor when the form opens"
    );

    // Too short, then two that differ: each refused beside the fields, nothing written.
    type_into(&harness, "Passphrase", "short");
    type_into(&harness, "Again", "short");
    harness
        .get_by_role_and_label(Role::Button, "Encrypt")
        .click();
    settle(&mut harness);
    harness.get_by_label_contains("Use at least 10 characters");
    type_into(&harness, "Passphrase", " and longer");
    harness
        .get_by_role_and_label(Role::Button, "Encrypt")
        .click();
    settle(&mut harness);
    harness.get_by_label("The two passphrases differ.");
    assert_eq!(sealing(&path), Sealing::Plain);

    type_into(&harness, "Again", " and longer");
    harness
        .get_by_role_and_label(Role::Button, "Encrypt")
        .click();
    // While the file is replaced, the status bar says so: the window's own writer is lent
    // to the swap, which is no other window's doing.
    harness.step();
    harness.step();
    harness.get_by_label("Replacing the data file…");
    assert!(
        harness
            .query_by_label_contains("open in another Coachbook window")
            .is_none()
    );
    wait_for_swap(
        &mut harness,
        "The data file is encrypted with the passphrase",
    );
    settle(&mut harness);
    assert_eq!(sealing(&path), Sealing::Encrypted);
    for file in backup::list(&path).unwrap() {
        assert_eq!(sealing(&file.path), Sealing::Encrypted);
    }
    harness.get_by_label_contains("This data file and its backups are encrypted");
    // The window goes on working on the encrypted file.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    let first = harness.state().caches().roster[0].rep.name.clone();
    harness.get_by_label(&first);
    drop(harness);
    let key = Passphrase::to_open("short and longer").unwrap();
    assert!(Store::open_with(&path, Some(key)).is_ok());
}

/// Runs frames until the swap is over, then expects `words` to show; on a failure, says
/// every text on screen while the swap's answer still shows.
fn wait_for_swap(harness: &mut egui_kittest::Harness<'_, coachbook::app::App>, words: &str) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.query_by_label("Replacing the data file…").is_some() {
        assert!(std::time::Instant::now() < until, "the swap did not end");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    wait_for_text(harness, words, "", 0);
}

fn encrypted_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("team.db");
    let mut store = common::demo_store(&path);
    store
        .change_passphrase(Some(Passphrase::to_open(KEY).unwrap()), common::test_now())
        .unwrap();
    path
}

#[test]
fn the_unlock_window_refuses_a_wrong_passphrase_and_opens_with_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = encrypted_file(&dir);
    let before = sha256(&path);
    let unlock_path = path.clone();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            coachbook::app::Unlock::new(&unlock_path, None, None)
        });
    harness.run_steps(3);
    harness.get_by_label("This data file is encrypted");
    assert!(
        harness.get_by_label("Passphrase").is_focused(),
        "the field takes the cursor at the start"
    );

    // Typed in one frame with Enter, as fast as a person can.
    type_into(&harness, "Passphrase", "tea at the harbor");
    harness.key_press(Key::Enter);
    wait_for_text(&mut harness, "That passphrase does not open", "That", 30);
    assert_eq!(sha256(&path), before, "a wrong passphrase changed the file");
    assert!(harness.state().app().is_none());
    assert!(
        harness.get_by_label("Passphrase").is_focused(),
        "the field takes the cursor again after a refusal"
    );
    harness.snapshot("unlock_refused");

    type_into(&harness, "Passphrase", KEY);
    harness.get_by_role_and_label(Role::Button, "Open").click();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while harness.state().app().is_none() && std::time::Instant::now() < until {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let app = harness
        .state()
        .app()
        .expect("the right passphrase opens Coachbook");
    assert!(app.store().passphrase().is_some());
    assert_eq!(app.store().path(), path.as_path());
}

#[test]
fn an_older_file_opens_in_a_window_that_says_it_is_being_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("schema-v11.db"), &path).unwrap();
    assert!(Store::needs_upgrade(&path, None));
    assert!(!Store::needs_upgrade(&dir.path().join("missing.db"), None));

    let window_path = path.clone();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            coachbook::app::Unlock::upgrading(&window_path, None, None)
        });
    harness.step();
    harness.get_by_label("Upgrading this data file");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while harness.state().app().is_none() {
        assert!(
            std::time::Instant::now() < until,
            "the upgrade did not finish"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(harness);
    assert!(!Store::needs_upgrade(&path, None));
    let backups = backup::list(&path).unwrap();
    assert!(
        backups
            .iter()
            .any(|b| b.path.to_string_lossy().ends_with("-upgrade.db")),
        "a backup is made before the upgrade"
    );
}
