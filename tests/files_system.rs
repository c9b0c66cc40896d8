//! What the system does to a data file: a disk mounted read-only, a full disk, and a
//! request to stop the window. These need a mount namespace (root, or user namespaces)
//! or a display; where the system does not offer one, the test says so and passes.

#![cfg(target_os = "linux")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use coachbook::store::Store;
use common::cli::{arg, assert_clean_message, assert_ok, demo_file, names_in, text};
use common::sha256;

const BIN: &str = env!("CARGO_BIN_EXE_coachbook");
/// The exit code of a setup that the system refused: the test is skipped.
const NO_MOUNT: i32 = 97;

/// Runs `sh -c script dir extra... coachbook args...` in a mount namespace of its own,
/// where `script` mounts something at `dir` and then runs what follows; `None` when this
/// system allows no such namespace or mount.
fn in_namespace(script: &str, dir: &Path, extra: &[&str], args: &[&str]) -> Option<Output> {
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh", arg(dir)])
        .args(extra)
        .arg(BIN)
        .args(args)
        .env_remove("COACHBOOK_DB")
        .output()
        .ok()?;
    if out.status.code() == Some(NO_MOUNT) {
        return None;
    }
    Some(out)
}

/// `dir` bound onto itself read-only, then the command.
const READ_ONLY: &str = r#"mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" || exit 97
shift
exec "$@""#;

fn read_only(dir: &Path, args: &[&str]) -> Option<Output> {
    in_namespace(READ_ONLY, dir, &[], args)
}

fn skipped(what: &str) {
    eprintln!("skipped: this system allows no mount namespace for {what}");
}

fn first_rep(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn reading_commands_work_on_a_read_only_mount_and_writing_ones_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let rep = first_rep(&db);
    let backup = assert_ok(&common::cli::coachbook(&["backup", "--db", arg(&db)]));
    assert!(backup.contains("Backed up"), "{backup}");
    let made = dir
        .path()
        .join("backups")
        .join(&names_in(&dir.path().join("backups"))[0]);
    let outside = tempfile::tempdir().unwrap();
    let out = |name: &str| outside.path().join(name).to_str().unwrap().to_owned();
    let sha = sha256(&db);
    let names = names_in(dir.path());
    let db = arg(&db);

    let Some(check) = read_only(dir.path(), &["check", "--db", db]) else {
        return skipped("a read-only mount");
    };
    assert!(
        text(&check.stdout).contains("Integrity: ok"),
        "{}",
        text(&check.stderr)
    );
    let reading: Vec<Vec<String>> = vec![
        vec!["gaps".into(), "--json".into()],
        vec!["agenda".into(), "--rep".into(), rep.clone()],
        vec!["export-json".into(), "--out".into(), out("team.json")],
        vec!["export-csv".into(), "--out".into(), out("csv")],
        vec!["export-ics".into(), "--out".into(), out("team.ics")],
        vec![
            "report".into(),
            "--rep".into(),
            rep.clone(),
            "--out".into(),
            out("r.html"),
        ],
    ];
    for command in reading {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.extend(["--db", db]);
        let result = read_only(dir.path(), &args).unwrap();
        assert!(
            result.status.success(),
            "{args:?}: {}",
            text(&result.stderr)
        );
    }
    assert!(outside.path().join("csv/reps.csv").is_file());

    let roster = outside.path().join("roster.csv");
    std::fs::write(&roster, "name,role,email,start date\nAna Ruiz,AE,,\n").unwrap();
    let new_db = dir.path().join("new.db");
    let in_mount = dir.path().join("team.ics");
    let archive = out("team.json");
    let rep_file = out("r.coachrep");
    // A rep file's share token is kept in the data file, so sharing writes to it.
    let writing: [(Vec<&str>, &str); 7] = [
        (
            vec!["share", "--rep", &rep, "--out", &rep_file, "--db", db],
            "mounted read-only",
        ),
        (
            vec!["import-roster", "--in", arg(&roster), "--db", db],
            "mounted read-only",
        ),
        (vec!["demo", "--db", arg(&new_db)], "mounted read-only"),
        (vec!["backup", "--db", db], "mounted read-only"),
        (
            vec!["export-ics", "--out", arg(&in_mount), "--db", db],
            "mounted read-only",
        ),
        (
            vec!["restore", "--from", arg(&made), "--db", db],
            "mounted read-only",
        ),
        (
            vec!["import-json", "--in", &archive, "--db", arg(&new_db)],
            "read-only",
        ),
    ];
    for (args, words) in writing {
        let result = read_only(dir.path(), &args).unwrap();
        assert!(!result.status.success(), "{args:?} wrote");
        let said = text(&result.stderr);
        assert!(said.contains(words), "{args:?}: {said}");
        assert_clean_message(&said);
    }
    assert_eq!(sha256(Path::new(db)), sha);
    assert_eq!(names_in(dir.path()), names);
}

#[test]
fn a_file_left_unfinished_on_a_read_only_mount_is_explained_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let writer = common::demo_store(&db);
    // A copy as a crash leaves it: the file and its log, without the shared memory.
    let copies = tempfile::tempdir().unwrap();
    let copy = copies.path().join("team.db");
    std::fs::copy(&db, &copy).unwrap();
    std::fs::copy(
        coachbook::files::with_suffix(&db, "-wal"),
        coachbook::files::with_suffix(&copy, "-wal"),
    )
    .unwrap();
    drop(writer);
    let Some(check) = read_only(copies.path(), &["check", "--db", arg(&copy)]) else {
        return skipped("a read-only mount");
    };
    assert!(!check.status.success());
    let said = text(&check.stderr);
    assert!(
        said.contains("was not closed cleanly and its disk is read-only"),
        "{said}"
    );
    assert_clean_message(&said);
}

/// A small disk mounted at `dir`, filled but for the data file copied from `$2`, then the
/// command; afterwards what is on the disk is listed after a marker line.
const FULL_DISK: &str = r#"mount -t tmpfs -o size=4m tmpfs "$1" || exit 97
cp "$2" "$1/team.db" || exit 98
dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null
disk="$1"
shift 2
"$@"
code=$?
echo "--- on the disk:"
ls -A "$disk" "$disk/csv" 2>/dev/null
exit $code"#;

#[test]
fn a_full_disk_is_named_as_such_and_reading_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let rep = first_rep(&db);
    let disk = tempfile::tempdir().unwrap();
    let on_disk = |name: &str| disk.path().join(name).to_str().unwrap().to_owned();
    let outside = tempfile::tempdir().unwrap();
    let team = on_disk("team.db");
    let full = |args: &[&str]| in_namespace(FULL_DISK, disk.path(), &[arg(&db)], args);

    let Some(check) = full(&["check", "--db", &team]) else {
        return skipped("a small disk");
    };
    assert!(
        text(&check.stdout).contains("Integrity: ok"),
        "{}",
        text(&check.stderr)
    );
    let archive = outside.path().join("team.json");
    let reading = full(&["export-json", "--out", arg(&archive), "--db", &team]).unwrap();
    assert!(reading.status.success(), "{}", text(&reading.stderr));
    let gaps = full(&["gaps", "--json", "--db", &team]).unwrap();
    assert!(gaps.status.success(), "{}", text(&gaps.stderr));

    let roster = outside.path().join("roster.csv");
    std::fs::write(&roster, "name,role,email,start date\nAna Ruiz,AE,,\n").unwrap();
    let writing: Vec<Vec<String>> = vec![
        vec!["export-ics".into(), "--out".into(), on_disk("team.ics")],
        vec!["export-json".into(), "--out".into(), on_disk("team.json")],
        vec!["export-csv".into(), "--out".into(), on_disk("csv")],
        vec![
            "report".into(),
            "--rep".into(),
            rep.clone(),
            "--out".into(),
            on_disk("r.html"),
        ],
        vec![
            "share".into(),
            "--rep".into(),
            rep.clone(),
            "--out".into(),
            on_disk("r.coachrep"),
        ],
        vec!["import-roster".into(), "--in".into(), arg(&roster).into()],
        vec!["backup".into()],
        vec![
            "import-json".into(),
            "--in".into(),
            arg(&archive).into(),
            "--db".into(),
            on_disk("new.db"),
        ],
    ];
    for command in writing {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        if !args.contains(&"--db") {
            args.extend(["--db", &team]);
        }
        let result = full(&args).unwrap();
        let said = text(&result.stderr);
        assert!(!result.status.success(), "{args:?} wrote on a full disk");
        assert!(said.contains("is full"), "{args:?}: {said}");
        assert_clean_message(&said);
        let listing = text(&result.stdout);
        let left = listing.split("--- on the disk:").nth(1).unwrap_or_default();
        for line in left.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let expected = [
                "team.db",
                "team.db-wal",
                "team.db-shm",
                "team.db.lock",
                "fill",
            ];
            let folders = ["backups", "csv", "new.db.lock"];
            assert!(
                expected.contains(&line) || folders.contains(&line) || line.ends_with(':'),
                "{args:?} left {line:?} on the disk"
            );
        }
    }
}

/// A display for a window: the session's own, or an Xvfb started here (stopped on drop).
struct Display {
    name: String,
    server: Option<std::process::Child>,
}

impl Display {
    fn find() -> Option<Display> {
        if let Ok(name) = std::env::var("DISPLAY")
            && !name.is_empty()
        {
            return Some(Display { name, server: None });
        }
        let number = 40 + std::process::id() % 400;
        let name = format!(":{number}");
        let server = Command::new("Xvfb")
            .args([
                name.as_str(),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let started = Instant::now();
        while !socket.exists() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Display {
            name,
            server: Some(server),
        })
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(server) = &mut self.server {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}

/// Opens the window on `db`, waits until it holds the file, sends `signal`, and returns
/// whether the process ended within the time a window needs to close.
fn stop_window(display: &Display, db: &Path, signal: &str) -> bool {
    let mut window = Command::new(BIN)
        .args(["--db", arg(db)])
        .env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = coachbook::store::lock_path(db);
    let opened = Instant::now();
    let holds = |lock: &Path| {
        std::fs::read_to_string(lock).is_ok_and(|t| t.starts_with(&format!("open {}", window.id())))
    };
    while !holds(&lock) && opened.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(holds(&lock), "the window did not open the file");
    // Let the window draw its first frames, as a manager's would have.
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill")
        .args([signal, &window.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let asked = Instant::now();
    while asked.elapsed() < Duration::from_secs(30) {
        if window.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = window.kill();
    let _ = window.wait();
    false
}

#[test]
fn sigterm_closes_the_window_cleanly_and_the_next_start_knows_it() {
    let Some(display) = Display::find() else {
        eprintln!("skipped: no display, and Xvfb could not start");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    for signal in ["-TERM", "-INT", "-HUP"] {
        assert!(
            stop_window(&display, &db, signal),
            "{signal}: the window did not close"
        );
        let lock = std::fs::read_to_string(coachbook::store::lock_path(&db)).unwrap();
        assert_eq!(lock, "closed", "{signal}");
        let store = Store::open(&db).unwrap();
        assert!(
            !store.checked_after_crash(),
            "{signal} was taken for a crash"
        );
    }
    // What the test can tell apart: a window killed outright is found unclean.
    assert!(stop_window(&display, &db, "-KILL"));
    assert!(Store::open(&db).unwrap().checked_after_crash());
}
