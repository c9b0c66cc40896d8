//! Every export writes only files it creates: a link, a hard link, a pipe or a folder
//! planted where an export will go is refused, and whatever it led to stays byte for byte
//! and mode for mode as it was. Run through the binary, as a manager (or an attacker who
//! prepared the folder) would meet it, and through `coachbook::files` for the races.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use coachbook::files::{self, FileError, Partial};
use common::cli::{arg, assert_ok, assert_refused_cleanly, coachbook, demo_file, names_in};
use common::{mode, sha256};
use proptest::prelude::*;

/// One export: its arguments, given the data file and the target.
struct Export {
    name: &'static str,
    args: fn(&Path, &Path, &str) -> Vec<String>,
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_owned()).collect()
}

const EXPORTS: [Export; 5] = [
    Export {
        name: "export-json",
        args: |db, out, _| strings(&["export-json", "--db", arg(db), "--out", arg(out)]),
    },
    Export {
        name: "export-ics",
        args: |db, out, _| strings(&["export-ics", "--db", arg(db), "--out", arg(out)]),
    },
    Export {
        name: "report",
        args: |db, out, rep| strings(&["report", "--db", arg(db), "--rep", rep, "--out", arg(out)]),
    },
    Export {
        name: "share",
        args: |db, out, rep| strings(&["share", "--db", arg(db), "--rep", rep, "--out", arg(out)]),
    },
    Export {
        name: "export-csv",
        // The folder is the export's target; its table files are planted on below.
        args: |db, out, _| strings(&["export-csv", "--db", arg(db), "--out", arg(out)]),
    },
];

fn run(args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    coachbook(&args)
}

fn first_rep(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// A file someone cares about, readable by all, that no export may touch.
fn victim(path: &Path) -> (Vec<u8>, u32) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, "root:x:0:0:precious\n").unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    (sha256(path), 0o644)
}

#[track_caller]
fn assert_untouched(path: &Path, before: &(Vec<u8>, u32)) {
    assert_eq!(sha256(path), before.0, "{} was changed", path.display());
    assert_eq!(mode(path), before.1, "{} was chmod-ed", path.display());
}

#[track_caller]
fn assert_no_partial_files(dir: &Path) {
    let left: Vec<String> = names_in(dir)
        .into_iter()
        .filter(|n| n.contains(".partial") || n.ends_with("-journal"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Where a planted thing goes for `export`: the file itself, or (for the CSV folder) the
/// table files inside the folder, each one planted.
fn plant_points(export: &Export, out: &Path) -> Vec<PathBuf> {
    if export.name == "export-csv" {
        std::fs::create_dir_all(out).unwrap();
        ["observations.csv", "reps.csv", "sessions.csv"]
            .iter()
            .map(|n| out.join(n))
            .collect()
    } else {
        vec![out.to_owned()]
    }
}

fn target(dir: &Path, export: &Export) -> PathBuf {
    let name = match export.name {
        "export-json" => "team.json",
        "export-ics" => "team.ics",
        "report" => "report.html",
        "share" => "rep.coachrep",
        _ => "csv",
    };
    dir.join("out").join(name)
}

#[test]
fn a_link_planted_at_any_export_target_is_refused_and_what_it_leads_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let rep = first_rep(&db);
    let db_sha = sha256(&db);
    // A file of someone's, one in an /etc-like folder, and the data file itself.
    let precious = dir.path().join("home/notes.txt");
    let passwd = dir.path().join("etc/passwd");
    let kept = [victim(&precious), victim(&passwd)];
    let nowhere = dir.path().join("nowhere/secret");
    for export in &EXPORTS {
        for leads_to in [&precious, &passwd, &db, &nowhere] {
            let out = target(dir.path(), export);
            let folder = out.parent().unwrap().to_owned();
            std::fs::create_dir_all(&folder).unwrap();
            for point in plant_points(export, &out) {
                symlink(leads_to, &point).unwrap();
            }
            let output = run(&(export.args)(&db, &out, &rep));
            let what = format!("{} through a link to {}", export.name, leads_to.display());
            assert_refused_cleanly(&output, "is a link to");
            assert_untouched(&precious, &kept[0]);
            assert_untouched(&passwd, &kept[1]);
            assert_eq!(sha256(&db), db_sha, "{what}: the data file");
            assert!(!dir.path().join("nowhere").exists(), "{what}");
            for point in plant_points(export, &out) {
                assert!(std::fs::symlink_metadata(&point).unwrap().is_symlink());
            }
            assert_no_partial_files(&folder);
            if export.name == "export-csv" {
                assert_no_partial_files(&out);
                assert!(!out.join("cadences.csv").exists(), "{what}: wrote a part");
            }
            std::fs::remove_dir_all(&folder).unwrap();
        }
    }
}

#[test]
fn a_csv_folder_that_is_a_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = dir.path().join("csv");
    symlink(&elsewhere, &out).unwrap();
    let output = coachbook(&["export-csv", "--db", arg(&db), "--out", arg(&out)]);
    assert_refused_cleanly(&output, "is a link to");
    assert!(names_in(&elsewhere).is_empty());
}

#[test]
fn a_hard_link_a_pipe_a_folder_or_the_data_files_parts_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let rep = first_rep(&db);
    let precious = dir.path().join("notes.txt");
    let kept = victim(&precious);
    // The lock and the journals of a data file in use.
    let writer = coachbook::store::Store::open(&db).unwrap();
    let db_sha = sha256(&db);
    // Sharing writes its token into the data file, which `writer` holds.
    for export in EXPORTS
        .iter()
        .filter(|e| e.name != "export-csv" && e.name != "share")
    {
        let out = target(dir.path(), export);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();

        std::fs::hard_link(&precious, &out).unwrap();
        assert_refused_cleanly(&run(&(export.args)(&db, &out, &rep)), "hard links");
        assert_untouched(&precious, &kept);
        std::fs::remove_file(&out).unwrap();

        let made = std::process::Command::new("mkfifo")
            .arg(&out)
            .status()
            .unwrap();
        assert!(made.success());
        assert_refused_cleanly(
            &run(&(export.args)(&db, &out, &rep)),
            "not an ordinary file",
        );
        std::fs::remove_file(&out).unwrap();

        std::fs::create_dir(&out).unwrap();
        assert_refused_cleanly(
            &run(&(export.args)(&db, &out, &rep)),
            "not an ordinary file",
        );
        std::fs::remove_dir(&out).unwrap();

        for part in ["", "-wal", "-shm", ".lock"] {
            let part = files::with_suffix(&db, part);
            assert!(part.exists(), "{}", part.display());
            let output = run(&(export.args)(&db, &part, &rep));
            assert_refused_cleanly(&output, "is a Coachbook data file or part of one");
        }
        assert_no_partial_files(dir.path());
        assert_no_partial_files(out.parent().unwrap());
    }
    drop(writer);
    assert_eq!(sha256(&db), db_sha);
}

#[test]
fn a_file_of_another_account_is_not_replaced() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let out = dir.path().join("team.ics");
    let kept = victim(&out);
    let theirs = std::process::Command::new("chown")
        .args(["12345:12345", arg(&out)])
        .status();
    if !theirs.is_ok_and(|s| s.success()) || std::fs::metadata(&out).unwrap().uid() != 12345 {
        eprintln!("skipped: this account cannot give a file to another account");
        return;
    }
    let output = coachbook(&["export-ics", "--db", arg(&db), "--out", arg(&out)]);
    assert_refused_cleanly(&output, "belongs to another account");
    assert_untouched(&out, &kept);
}

#[test]
fn an_export_over_its_own_earlier_file_replaces_it_whole_and_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let rep = first_rep(&db);
    let missing = run(&(EXPORTS[0].args)(
        &db,
        &target(dir.path(), &EXPORTS[0]),
        &rep,
    ));
    assert_refused_cleanly(&missing, "does not exist");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    for export in &EXPORTS {
        let out = target(dir.path(), export);
        assert_ok(&run(&(export.args)(&db, &out, &rep)));
        assert_ok(&run(&(export.args)(&db, &out, &rep)));
        let written = if export.name == "export-csv" {
            assert_eq!(mode(&out), 0o700);
            out.join("reps.csv")
        } else {
            out.clone()
        };
        assert_eq!(mode(&written), 0o600, "{}", written.display());
        assert_no_partial_files(out.parent().unwrap());
    }
}

#[test]
fn a_link_planted_while_an_export_is_written_is_refused_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.json");
    let precious = dir.path().join("precious");
    let kept = victim(&precious);
    let result: Result<(), FileError> = files::write_whole(&out, |w| {
        std::io::Write::write_all(w, b"{}").unwrap();
        // Planted after the first check, before the rename.
        symlink(&precious, &out).unwrap();
        Ok(())
    });
    assert!(matches!(result, Err(FileError::Link { .. })), "{result:?}");
    assert_untouched(&precious, &kept);
    assert_eq!(names_in(dir.path()), ["precious", "team.json"]);
}

#[test]
fn a_link_slipped_in_after_the_last_check_is_replaced_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.json");
    let precious = dir.path().join("precious");
    let kept = victim(&precious);
    let partial = Partial::beside(&out).unwrap();
    std::io::Write::write_all(&mut partial.file(), b"whole").unwrap();
    // The rename is what lands, whatever stands at the name by then.
    symlink(&precious, &out).unwrap();
    partial.replace_target().unwrap();
    assert_untouched(&precious, &kept);
    assert_eq!(std::fs::read(&out).unwrap(), b"whole");
    assert!(!std::fs::symlink_metadata(&out).unwrap().is_symlink());
}

#[test]
fn exports_racing_to_one_name_leave_one_whole_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.ics");
    let threads: Vec<_> = (0..8_u8)
        .map(|n| {
            let out = out.clone();
            std::thread::spawn(move || {
                let bytes = vec![b'a' + n; 256 * 1024];
                for _ in 0..5 {
                    files::write_bytes(&out, &bytes).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(bytes.len(), 256 * 1024);
    assert!(bytes.iter().all(|b| *b == bytes[0]), "two exports mixed");
    assert_eq!(names_in(dir.path()), ["team.ics"]);
}

/// What stands at an export's name before it is written.
#[derive(Clone, Debug)]
enum Before {
    Nothing,
    OwnFile,
    LinkToVictim,
    DanglingLink,
    HardLinkToVictim,
    Folder,
}

fn before_strategy() -> impl Strategy<Value = Before> {
    prop_oneof![
        Just(Before::Nothing),
        Just(Before::OwnFile),
        Just(Before::LinkToVictim),
        Just(Before::DanglingLink),
        Just(Before::HardLinkToVictim),
        Just(Before::Folder),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the name (spaces, `%`, `?`, `#`, dots, dashes, any script) and whatever
    /// stands there: the export lands whole and owner-only exactly when the name was free
    /// or held a plain file of ours, the victim never changes, and nothing is left over.
    #[test]
    fn an_export_lands_whole_or_not_at_all(
        name in "[-. a-zA-Z0-9%?#é漢]{1,40}",
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
        before in before_strategy(),
    ) {
        prop_assume!(![".", "..", "victim", "none"].contains(&name.as_str()));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(&name);
        let precious = dir.path().join("victim");
        let kept = victim(&precious);
        match before {
            Before::Nothing => {}
            Before::OwnFile => std::fs::write(&out, "old").unwrap(),
            Before::LinkToVictim => symlink(&precious, &out).unwrap(),
            Before::DanglingLink => symlink(dir.path().join("none"), &out).unwrap(),
            Before::HardLinkToVictim => std::fs::hard_link(&precious, &out).unwrap(),
            Before::Folder => std::fs::create_dir(&out).unwrap(),
        }
        let result = files::write_bytes(&out, &bytes);
        let may_replace = matches!(before, Before::Nothing | Before::OwnFile);
        prop_assert_eq!(result.is_ok(), may_replace, "{:?}", result);
        if may_replace {
            prop_assert_eq!(std::fs::read(&out).unwrap(), bytes);
            prop_assert_eq!(mode(&out), 0o600);
        }
        assert_untouched(&precious, &kept);
        prop_assert!(!dir.path().join("none").exists());
        let left: Vec<String> = names_in(dir.path())
            .into_iter()
            .filter(|n| *n != name && n != "victim")
            .collect();
        prop_assert!(left.is_empty(), "{:?}", left);
    }
}
