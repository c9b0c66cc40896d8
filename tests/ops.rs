//! The one path for every change: a writing subcommand and the window make the same change
//! to the file, and one function decides what every command refreshes.

mod common;

use std::path::{Path, PathBuf};

use coachbook::app::App;
use coachbook::clock::SystemClock;
use coachbook::exchange::roster_csv;
use coachbook::ops::{Command, Ops};
use coachbook::store::Store;
use common::cli::{arg, assert_ok, coachbook, demo_file};
use rusqlite::Connection;

const TODAY: &[&str] = &["--today", "2026-11-20"];

/// Every row of every table, with the moments of writing masked: the two paths run at
/// different instants, and that is the only difference allowed.
fn rows_without_write_times(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|t: &String| !t.starts_with("sqlite_") && !t.starts_with("evidence_search"))
        .collect();
    tables.sort();
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let shown: Vec<String> = columns
            .iter()
            .map(|c| {
                if c.ends_with("_utc_ms") {
                    "'moment'".to_owned()
                } else {
                    format!("quote(\"{c}\")")
                }
            })
            .collect();
        let sql = format!(
            "SELECT {} FROM \"{table}\" ORDER BY 1",
            shown.join(" || ' | ' || ")
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| format!("{table}: {}", r.unwrap()));
        out.extend(rows);
    }
    out
}

/// The demo file copied into two folders of their own (each with its own backups).
fn two_copies(dir: &tempfile::TempDir) -> (PathBuf, PathBuf) {
    let demo = demo_file(dir, TODAY);
    let copies: Vec<PathBuf> = ["cli", "window"]
        .iter()
        .map(|name| {
            let folder = dir.path().join(name);
            std::fs::create_dir(&folder).unwrap();
            let copy = folder.join("team.db");
            std::fs::copy(&demo, &copy).unwrap();
            copy
        })
        .collect();
    (copies[0].clone(), copies[1].clone())
}

fn backups_beside(db: &Path) -> usize {
    let folder = coachbook::store::backup::folder(db);
    std::fs::read_dir(folder).map_or(0, |d| d.count())
}

fn window(db: &Path) -> App {
    App::new(Store::open(db).unwrap(), Box::new(SystemClock)).unwrap()
}

#[test]
fn import_roster_on_the_command_line_and_in_the_window_write_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (by_cli, by_window) = two_copies(&dir);
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "name,role,email,start date\nNew Person,AE,new@example.com,2026-01-05\nSecond One,SDR,,\n",
    )
    .unwrap();

    assert_ok(&coachbook(&[
        "import-roster",
        "--db",
        arg(&by_cli),
        "--in",
        arg(&roster),
    ]));

    // The window's path: the File menu checks the file, the preview's button applies the
    // command it holds.
    let mut app = window(&by_window);
    let check = roster_csv::check_file(app.store().conn(), &roster).unwrap();
    let drafts = check.drafts().expect("a clean roster");
    app.apply(Command::ImportRoster(drafts)).unwrap();
    drop(app);

    let cli_rows = rows_without_write_times(&by_cli);
    common::assert_same(
        &rows_without_write_times(&by_window),
        &cli_rows,
        "the window's import against the command line's",
    );
    assert!(cli_rows.iter().any(|r| r.contains("'New Person'")));
    assert_eq!(backups_beside(&by_cli), 1, "one backup before the import");
    assert_eq!(
        backups_beside(&by_window),
        1,
        "one backup before the import"
    );
}

#[test]
fn import_answers_on_the_command_line_and_in_the_window_write_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (by_cli, by_window) = two_copies(&dir);
    let answered = dir.path().join("answered.coachbook-rep");
    // One share, on the original the copies were made from, answered by the rep.
    let original = dir.path().join("demo.db");
    common::rep_files::shared_and_answered(&original, 1, &answered);
    for copy in [&by_cli, &by_window] {
        std::fs::copy(&original, copy).unwrap();
    }

    assert_ok(&coachbook(&[
        "import-answers",
        "--db",
        arg(&by_cli),
        "--in",
        arg(&answered),
    ]));

    let mut app = window(&by_window);
    let returned = coachbook::repfile::read_returned(&answered).unwrap();
    let prepared =
        coachbook::ops::prepare_answers(app.store().conn(), &returned, chrono::Utc::now()).unwrap();
    app.apply(prepared.command()).unwrap();
    drop(app);

    let cli_rows = rows_without_write_times(&by_cli);
    common::assert_same(
        &rows_without_write_times(&by_window),
        &cli_rows,
        "the window's import against the command line's",
    );
    assert!(cli_rows.iter().any(|r| r.contains("TOPIC-FROM-THE-REP")));
}

#[test]
fn an_archive_import_through_ops_backs_up_first_and_forgets_the_undo_history() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_file(&dir, TODAY);
    let archive = dir.path().join("team.json");
    assert_ok(&coachbook(&[
        "export-json",
        "--db",
        arg(&demo),
        "--out",
        arg(&archive),
    ]));
    let target = dir.path().join("target").join("new.db");
    std::fs::create_dir(target.parent().unwrap()).unwrap();
    let mut ops = Ops::new(Store::open(&target).unwrap(), Box::new(SystemClock));
    ops.apply(Command::StartEmpty).unwrap();
    ops.import_archive(&archive).unwrap();
    assert_eq!(ops.undo_label(), None);
    assert_eq!(backups_beside(&target), 1);
    drop(ops);
    common::assert_same(
        &rows_without_write_times(&target),
        &rows_without_write_times(&demo),
        "the imported file against the exported one",
    );
}

/// The variants of `enum Command`, read from its source.
fn command_variants() -> Vec<String> {
    let source = include_str!("../src/ops/command/mod.rs");
    let body = source
        .split("pub enum Command {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap();
    body.lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter(|line| line.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|line| {
            line.chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect()
        })
        .collect()
}

#[test]
fn every_command_is_named_in_the_one_function_that_decides_the_refresh() {
    let variants = command_variants();
    assert!(variants.len() > 40, "{variants:?}");
    let source = include_str!("../src/app/refresh.rs");
    let decision = source
        .split("fn note_settings(")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .unwrap();
    for variant in &variants {
        assert!(
            decision.contains(&format!("Command::{variant}")),
            "Command::{variant} is not decided in app/refresh.rs"
        );
    }
    assert!(
        !decision.contains("_ =>"),
        "a catch-all arm would let a new command through undecided"
    );
}

#[test]
fn no_other_part_of_the_window_decides_by_command() {
    let mut app_files: Vec<PathBuf> = std::fs::read_dir("src/app")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    app_files.sort();
    for file in app_files {
        if file.ends_with("refresh.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for pattern in ["if let Command::", "match command", "Command::SetHalfLife"] {
            assert!(
                !text.contains(pattern),
                "{} decides by command (`{pattern}`); that belongs in app/refresh.rs",
                file.display()
            );
        }
    }
}
