//! The data-exchange subcommands, run as a user would run them.

mod common;

use common::cli::{arg, assert_ok, coachbook, demo_file, text};

const TODAY: &[&str] = &["--today", "2026-11-20"];

#[test]
fn export_json_then_import_json_gives_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, TODAY);
    let archive = dir.path().join("team.json");
    let stdout = assert_ok(&coachbook(&[
        "export-json",
        "--db",
        arg(&db),
        "--out",
        arg(&archive),
    ]));
    assert!(
        stdout.starts_with("Wrote ") && stdout.contains("8 reps"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");

    let copy = dir.path().join("copy.db");
    let stdout = assert_ok(&coachbook(&[
        "import-json",
        "--db",
        arg(&copy),
        "--in",
        arg(&archive),
    ]));
    assert!(
        stdout.starts_with("Imported ") && stdout.contains("8 reps"),
        "{stdout}"
    );
    common::assert_same(&common::dump(&copy), &common::dump(&db), "round trip");

    let out = coachbook(&["import-json", "--db", arg(&db), "--in", arg(&archive)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("already holds coaching data"),
        "{}",
        text(&out.stderr)
    );

    std::fs::write(dir.path().join("junk.json"), "{\"format\": 3").unwrap();
    let fresh = dir.path().join("fresh.db");
    let out = coachbook(&[
        "import-json",
        "--db",
        arg(&fresh),
        "--in",
        arg(&dir.path().join("junk.json")),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not a readable Coachbook archive"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !fresh.exists(),
        "a bad archive is refused before a file is created"
    );
}

#[test]
fn export_csv_writes_a_folder_of_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, TODAY);
    let folder = dir.path().join("tables");
    let stdout = assert_ok(&coachbook(&[
        "export-csv",
        "--db",
        arg(&db),
        "--out",
        arg(&folder),
    ]));
    assert!(stdout.contains(arg(&folder)), "{stdout}");
    let reps = std::fs::read_to_string(folder.join("reps.csv")).unwrap();
    assert!(
        reps.starts_with("id,name,role,email,start_day,archived"),
        "{reps}"
    );
    assert_eq!(reps.lines().count(), 9);
    assert!(folder.join("observations.csv").is_file());
    assert!(!folder.join("observations_fts.csv").exists());

    let out = coachbook(&[
        "export-csv",
        "--db",
        arg(&dir.path().join("none.db")),
        "--out",
        arg(&folder),
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("There is no data file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn import_roster_prints_every_problem_and_imports_only_a_clean_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, TODAY);
    let existing: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        format!("name,role,email,start date\nNew Person,AE,,\n{existing},SDR,,\nOther One,Mgr,,2026-13-01\n"),
    )
    .unwrap();
    let before = common::sha256(&db);
    let out = coachbook(&["import-roster", "--db", arg(&db), "--in", arg(&roster)]);
    assert!(!out.status.success());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Line 3: There is already an active rep"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Line 4: The role \"Mgr\" is not one of AE, SDR, AM."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Line 4: \"2026-13-01\" is not a date"),
        "{stdout}"
    );
    assert!(stdout.contains("2 of 3 rows have problems"), "{stdout}");
    assert!(stdout.contains("Nothing was imported."), "{stdout}");
    assert_eq!(common::count(&db, "reps"), 8);
    assert_eq!(common::sha256(&db), before, "nothing was written");

    std::fs::write(
        &roster,
        "Start_Date, NAME ,Role\n2026-01-05,New Person,ae\n,Second Person,Sales Development Rep\n",
    )
    .unwrap();
    let out = coachbook(&[
        "import-roster",
        "--db",
        arg(&db),
        "--in",
        arg(&roster),
        "--dry-run",
    ]);
    let stdout = assert_ok(&out);
    assert!(stdout.contains("2 reps ready (dry run"), "{stdout}");
    assert_eq!(common::count(&db, "reps"), 8);

    let stdout = assert_ok(&coachbook(&[
        "import-roster",
        "--db",
        arg(&db),
        "--in",
        arg(&roster),
    ]));
    assert!(stdout.starts_with("Imported 2 reps into"), "{stdout}");
    assert_eq!(common::count(&db, "reps"), 10);
}
