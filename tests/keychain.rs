//! The keychain for real: a private D-Bus session bus with GNOME Keyring's Secret Service
//! (as a Linux desktop runs them), a passphrase remembered, recalled, used by a command that
//! then needs no key file, and forgotten; then the same from Settings in the window, whose
//! keychain is asked on a thread. Skipped, and saying so, where dbus-daemon or
//! gnome-keyring-daemon is missing (CI installs both).
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use coachbook::domain::passphrase::Passphrase;
use coachbook::store::Store;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use common::cli::{arg, assert_ok, assert_refused};
use common::{settle, wait_for_text};

/// A session bus and a keyring daemon on it, gone when dropped.
struct Session {
    bus_pid: i32,
    address: String,
    home: tempfile::TempDir,
}

impl Session {
    fn start() -> Option<Session> {
        let found = |tool: &str| {
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|out| out.status.success())
        };
        if !found("dbus-daemon") || !found("gnome-keyring-daemon") {
            eprintln!("keychain: skipped, dbus-daemon or gnome-keyring-daemon is missing");
            return None;
        }
        let out = Command::new("dbus-daemon")
            .args([
                "--session",
                "--fork",
                "--nopidfile",
                "--print-address=1",
                "--print-pid=1",
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let address = lines.next().unwrap().to_owned();
        let bus_pid = lines.next().unwrap().trim().parse().unwrap();
        let home = tempfile::tempdir().unwrap();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_RUNTIME_DIR", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        keyring
            .stdin
            .take()
            .unwrap()
            .write_all(b"the keyring's own password")
            .unwrap();
        assert!(keyring.wait().unwrap().success());
        Some(Session {
            bus_pid,
            address,
            home,
        })
    }

    /// The command line with this session's bus and none of the caller's key files.
    fn coachbook(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_coachbook"))
            .args(args)
            .env_remove("COACHBOOK_DB")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", self.home.path())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The keyring daemon leaves with the bus.
        unsafe { libc::kill(self.bus_pid, libc::SIGTERM) };
    }
}

#[test]
fn a_passphrase_remembered_in_the_keychain_opens_the_file_until_forgotten() {
    let Some(session) = Session::start() else {
        return;
    };
    // SAFETY: this binary's only test sets its bus before any thread reads the environment.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &session.address) };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut store = common::demo_store(&path);
    let key = Passphrase::to_open("lighthouse keeper's log").unwrap();
    store
        .change_passphrase(Some(key.clone()), common::test_now())
        .unwrap();
    drop(store);

    assert_eq!(coachbook::keychain::recall(&path), None);
    assert_refused(
        &session.coachbook(&["check", "--db", arg(&path)]),
        "is encrypted",
    );

    coachbook::keychain::remember(&path, &key).unwrap();
    assert_eq!(coachbook::keychain::recall(&path), Some(key.clone()));
    // Named by the full path: another name for the same file finds it too.
    let relative = dir.path().join(".").join("team.db");
    assert_eq!(coachbook::keychain::recall(&relative), Some(key.clone()));
    let out = assert_ok(&session.coachbook(&["check", "--db", arg(&path)]));
    assert!(out.contains("Integrity: ok"), "{out}");

    coachbook::keychain::forget(&path).unwrap();
    assert_eq!(coachbook::keychain::recall(&path), None);
    coachbook::keychain::forget(&path).unwrap();
    assert_refused(
        &session.coachbook(&["check", "--db", arg(&path)]),
        "is encrypted",
    );

    settings_remember_and_forget(&path, &key);
}

/// Settings' two keychain buttons, clicked in the real window on the encrypted file.
fn settings_remember_and_forget(path: &std::path::Path, key: &Passphrase) {
    let store = Store::open_with(path, Some(key.clone())).unwrap();
    let mut harness = common::harness_on(store, egui::vec2(1300.0, 2600.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Remember the passphrase in the keychain")
        .click();
    wait_for_text(
        &mut harness,
        "This computer's keychain now remembers the passphrase",
        "This computer's keychain",
        30,
    );
    assert_eq!(coachbook::keychain::recall(path), Some(key.clone()));

    harness
        .get_by_role_and_label(Role::Button, "Forget it from the keychain")
        .click();
    wait_for_text(
        &mut harness,
        "This computer's keychain no longer remembers the passphrase",
        "This computer's keychain",
        30,
    );
    assert_eq!(coachbook::keychain::recall(path), None);
}
