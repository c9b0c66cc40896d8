//! The binary, run as a user would run it.

mod common;

use std::process::Command;

use common::cli::{arg, assert_refused, coachbook, demo_file, text};

#[test]
fn demo_then_check_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = coachbook(&[
        "demo",
        "--db",
        arg(&db),
        "--seed",
        "3",
        "--today",
        "2026-11-20",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("8 reps"),
        "{}",
        text(&out.stdout)
    );

    let out = coachbook(&["check", "--db", arg(&db)]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!(
            "Schema version: {}",
            coachbook::store::LATEST_VERSION
        )),
        "{stdout}"
    );
    assert!(stdout.contains("Integrity: ok"), "{stdout}");
    assert!(stdout.contains("Foreign keys: ok"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.trim_start().starts_with("reps") && l.trim_end().ends_with(" 8")),
        "{stdout}"
    );
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_coachbook"))
        .args(["demo", "--today", "2026-11-20"])
        .env("COACHBOOK_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(common::count(&db, "reps"), 8);
}

#[test]
fn check_on_a_corrupt_file_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    // Overwrite the middle of the file (table and index pages) with noise.
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    let end = bytes.len() - page;
    for (i, b) in bytes[3 * page..end].iter_mut().enumerate() {
        if i % 7 < 3 {
            *b = (i * 31 % 251) as u8;
        }
    }
    std::fs::write(&db, bytes).unwrap();

    let out = coachbook(&["check", "--db", arg(&db)]);
    assert!(!out.status.success(), "check passed a corrupt file");
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        all.contains("damaged") || all.contains("problem"),
        "no explanation in: {all}"
    );
}

#[test]
fn check_on_a_missing_or_foreign_file_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.db");
    let out = coachbook(&["check", "--db", arg(&missing)]);
    assert_refused(&out, "There is no data file");
    assert!(!missing.exists());

    let notes = dir.path().join("notes.txt");
    std::fs::write(
        &notes,
        "not a database at all, just some words\n".repeat(100),
    )
    .unwrap();
    let out = coachbook(&["check", "--db", arg(&notes)]);
    assert_refused(&out, "not a Coachbook data file");
}

#[test]
fn demo_refuses_a_file_with_a_team() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let out = coachbook(&["demo", "--db", arg(&db)]);
    assert_refused(&out, "already holds 8 reps");
}

#[test]
fn version_and_help() {
    let out = coachbook(&["--version"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with(&format!("coachbook {}", env!("CARGO_PKG_VERSION"))));
    let out = coachbook(&["--help"]);
    let help = text(&out.stdout);
    assert!(out.status.success());
    for word in ["demo", "check", "--db"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn a_bad_date_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = coachbook(&["demo", "--db", arg(&db), "--today", "20/11/2026"]);
    assert_refused(&out, "--today");
    assert!(!db.exists(), "nothing is written for a bad command line");
}

#[test]
fn export_ics_writes_the_team_or_one_rep() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let team = dir.path().join("team.ics");
    let out = coachbook(&["export-ics", "--db", arg(&db), "--out", arg(&team)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = std::fs::read_to_string(&team).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(ics.matches("RRULE:").count(), 8, "one series per rep");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let one = dir.path().join("one.ics");
    let out = coachbook(&[
        "export-ics",
        "--db",
        arg(&db),
        "--out",
        arg(&one),
        "--rep",
        &name.to_uppercase(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ics = std::fs::read_to_string(&one).unwrap();
    assert_eq!(ics.matches("RRULE:").count(), 1);
    assert!(ics.contains(&format!("SUMMARY:Coaching: {name}")));

    let out = coachbook(&[
        "export-ics",
        "--db",
        arg(&db),
        "--out",
        arg(&one),
        "--rep",
        "Nobody Here",
    ]);
    assert_refused(&out, "no rep called");
}

#[test]
fn agenda_prints_the_next_sessions_proposed_points() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let out = coachbook(&["agenda", "--db", arg(&db), "--rep", &name, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let points = json["points"].as_array().unwrap();
    assert!(
        points
            .iter()
            .all(|p| !p["reason"].as_str().unwrap().is_empty())
    );
    assert!(
        points
            .iter()
            .any(|p| p["section"] == serde_json::json!({"bucket": "selling"}))
    );
    let out = coachbook(&["agenda", "--db", arg(&db), "--rep", &name]);
    assert!(text(&out.stdout).contains("Knowledge of the customer"));
}

#[test]
fn report_share_and_import_answers_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let html = dir.path().join("report.html");
    let rep = "Ingrid Kowalski";
    let report = |from: &str, to: &str| {
        coachbook(&[
            "report",
            "--db",
            arg(&db),
            "--rep",
            rep,
            "--out",
            arg(&html),
            "--from",
            from,
            "--to",
            to,
        ])
    };
    let out = report("2026-01-01", "2026-11-20");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("feedback report"),
        "{}",
        text(&out.stdout)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<svg"));
    assert!(page.contains("1 January 2026 to 20 November 2026"));

    let file = dir.path().join("ingrid.coachrep");
    let out = coachbook(&["share", "--db", arg(&db), "--rep", rep, "--out", arg(&file)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let history = coachbook::repfile::read(&file).unwrap().history;
    let mut writer = coachbook::repfile::RepFileWriter::open(&file).unwrap();
    writer
        .apply(&coachbook::repfile::RepEdit::SetAssessment {
            skill: history.skills[0].id,
            value: Some((4, String::new())),
        })
        .unwrap();
    drop(writer);

    let out = coachbook(&["import-answers", "--db", arg(&db), "--in", arg(&file)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 self-ratings"),
        "{}",
        text(&out.stdout)
    );
    let out = coachbook(&["import-answers", "--db", arg(&db), "--in", arg(&file)]);
    assert!(
        text(&out.stdout).contains("nothing changed"),
        "{}",
        text(&out.stdout)
    );

    let out = report("2026-12-01", "2026-01-01");
    assert_refused(&out, "swap the dates");
    let out = coachbook(&["import-answers", "--db", arg(&db), "--in", arg(&db)]);
    assert_refused(&out, "not a Coachbook rep file");
}
