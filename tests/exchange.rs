//! Whole-file exports and imports: the JSON archive round trip, the CSV folder, and the
//! roster file from check to commit to undo.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::exchange::{ExchangeError, archive, csv_export, roster_csv};
use coachbook::ops::{Command, CommandError};
use coachbook::store::{self, Store};
use rusqlite::Connection;

use common::{assert_same, demo_store, dump, test_now};

/// Every user table with its rows in rowid (or key) order, each value with its type.
fn typed_dump(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let tables = store::tables::user_tables(&conn).unwrap();
    let mut out = Vec::new();
    for table in &tables {
        store::tables::for_each_row(&conn, table, |values| {
            out.push(format!("{}: {values:?}", table.name));
            Ok::<(), store::StoreError>(())
        })
        .unwrap();
    }
    out
}

fn user_table_names(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    store::tables::user_tables(&conn)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

#[test]
fn a_json_archive_imports_into_a_new_file_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.db");
    let store = demo_store(&source);
    let archive_path = dir.path().join("team.json");
    let counts = archive::export_file(&store, &archive_path, test_now()).unwrap();
    assert_eq!(counts.of("reps"), 8);
    assert!(counts.of("observations") > 100);
    assert!(
        counts
            .0
            .iter()
            .all(|(t, _)| !t.starts_with("observations_fts")),
        "the search index is derived, not exported: {counts:?}"
    );

    let target = dir.path().join("target.db");
    let mut fresh = Store::open(&target).unwrap();
    let imported = archive::import_file(&mut fresh, &archive_path).unwrap();
    assert_eq!(imported.rows(), counts.rows());
    drop(fresh);

    assert_same(&typed_dump(&target), &typed_dump(&source), "typed dump");
    assert_same(&dump(&target), &dump(&source), "dump");
    assert_eq!(user_table_names(&target).len(), counts.0.len());

    // The search index was rebuilt: the same words find the same observations.
    let evidence: String = store
        .conn()
        .query_row(
            "SELECT evidence FROM observations WHERE length(evidence) > 20 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let word = evidence
        .split_whitespace()
        .find(|w| w.len() > 5 && w.chars().all(char::is_alphabetic))
        .unwrap()
        .to_owned();
    let reopened = Store::open(&target).unwrap();
    let found = store::observations::search(reopened.conn(), &word).unwrap();
    let expected = store::observations::search(store.conn(), &word).unwrap();
    assert_eq!(found, expected);
    let report = store::check::run(reopened.conn()).unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn the_same_data_exports_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("a.db"));
    let first = dir.path().join("1.json");
    let second = dir.path().join("2.json");
    archive::export_file(&store, &first, test_now()).unwrap();
    archive::export_file(&store, &second, test_now()).unwrap();
    assert_eq!(common::sha256(&first), common::sha256(&second));
    let text = std::fs::read_to_string(&first).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["format"], "coachbook-archive");
    assert_eq!(json["schema_version"], store::LATEST_VERSION);
    assert!(
        json["exported_utc"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-20T")
    );
    assert_eq!(json["tables"]["reps"]["rows"].as_array().unwrap().len(), 8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&first).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".partial")),
        "no temporary file is left behind"
    );
}

#[test]
fn an_archive_is_refused_by_a_file_with_coaching_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("a.db"));
    let archive_path = dir.path().join("a.json");
    archive::export_file(&store, &archive_path, test_now()).unwrap();
    let busy = dir.path().join("busy.db");
    let mut target = demo_store(&busy);
    let before = dump(&busy);
    let err = archive::import_file(&mut target, &archive_path).unwrap_err();
    assert!(matches!(err, ExchangeError::NotEmpty { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("already holds coaching data"), "{text}");
    assert!(text.contains("coachbook --db new.db"), "{text}");
    drop(target);
    assert_same(&dump(&busy), &before, "a refused import leaves the file");
}

#[test]
fn another_format_or_a_newer_version_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("t.db");
    let mut store = Store::open(&target).unwrap();
    let before = dump(&target);
    let cases = [
        (
            r#"{"format":"other","schema_version":4,"tables":{}}"#,
            "not a Coachbook archive",
        ),
        (
            &format!(
                r#"{{"format":"coachbook-archive","schema_version":{},"tables":{{}}}}"#,
                store::LATEST_VERSION + 1
            ) as &str,
            "newer Coachbook",
        ),
        ("[1, 2", "not a readable Coachbook archive"),
        (
            &format!(
                r#"{{"format":"coachbook-archive","schema_version":{},"tables":{{"secrets":{{"columns":[],"rows":[]}}}}}}"#,
                store::LATEST_VERSION
            ),
            "table \"secrets\"",
        ),
    ];
    for (text, words) in cases {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, text).unwrap();
        let err = archive::import_file(&mut store, &file)
            .unwrap_err()
            .to_string();
        assert!(err.contains(words), "{err}");
        assert!(err.contains("Nothing was imported"), "{err}");
    }
    drop(store);
    assert_same(&dump(&target), &before, "refused imports leave the file");
}

#[test]
fn csv_export_writes_one_private_file_per_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let store = demo_store(&db);
    let out = dir.path().join("csv").join("nested");
    let counts = csv_export::export_dir(&store, &out).unwrap();
    let names = user_table_names(&db);
    assert_eq!(
        counts.0.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>(),
        names
    );
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let expected: Vec<String> = names.iter().map(|n| format!("{n}.csv")).collect();
    assert_eq!(files, expected);
    for table in store::tables::user_tables(store.conn()).unwrap() {
        let path = out.join(format!("{}.csv", table.name));
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        assert_eq!(header, columns, "{}", table.name);
        let rows = reader.records().map(Result::unwrap).count() as i64;
        assert_eq!(rows, common::count(&db, &table.name), "{}", table.name);
        assert_eq!(rows as u64, counts.of(&table.name));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", table.name);
        }
    }
    let mut reader = csv::Reader::from_path(out.join("reps.csv")).unwrap();
    let first = reader.records().next().unwrap().unwrap();
    let name: String = store
        .conn()
        .query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(&first[1], name);
}

const MIXED: &str = "\u{feff}Name,ROLE, e-mail ,Start_Date\n\
Ana Ruiz,AE,ana@example.com,2026-03-14\n\
,Mgr,,14/03/2026\n\
\"Lee, Dana\",account executive,,\n\
ana ruiz,SDR,not-an-email,\n";

fn lines_of(check: &coachbook::domain::roster_import::RosterCheck) -> Vec<(u64, usize)> {
    check
        .lines
        .iter()
        .map(|l| (l.line.line, l.problems.len()))
        .collect()
}

#[test]
fn a_roster_file_shows_every_problem_of_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    let check = roster_csv::check_bytes(store.conn(), MIXED.as_bytes()).unwrap();
    assert_eq!(lines_of(&check), [(2, 0), (3, 3), (4, 0), (5, 2)]);
    let texts: Vec<String> = check.lines[1]
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(texts[0].contains("The name is empty"), "{texts:?}");
    assert!(
        texts[1].contains("\"Mgr\" is not one of AE, SDR, AM"),
        "{texts:?}"
    );
    assert!(texts[2].contains("YYYY-MM-DD"), "{texts:?}");
    let texts: Vec<String> = check.lines[3]
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(texts[0].contains("also on line 2"), "{texts:?}");
    assert!(texts[1].contains("email address"), "{texts:?}");
    assert_eq!(check.lines[2].draft.as_ref().unwrap().name, "Lee, Dana");
    assert_eq!(
        check.drafts(),
        None,
        "nothing to import while a line has problems"
    );
    assert_eq!(
        check.summary(),
        "2 of 4 rows have problems; fix the file and choose it again"
    );
}

#[test]
fn a_roster_file_without_a_usable_header_is_refused_whole() {
    let cases: [(&[u8], &str); 5] = [
        (b"", "The file is empty"),
        (b"name,email\nAna,a@b.co\n", "no \"role\" column"),
        (b"name,role,salary\n", "\"salary\""),
        (b"name,role,Name\n", "\"name\" twice"),
        (b"name,role\n\"Ana\xff\",AE\n", "Line 2 is not plain text"),
    ];
    for (text, words) in cases {
        let err = roster_csv::parse(text).unwrap_err().to_string();
        assert!(err.contains(words), "{text:?}: {err}");
    }
}

fn app_on(path: &Path) -> App {
    App::new(Store::open(path).unwrap(), Box::new(FixedClock(test_now()))).unwrap()
}

#[test]
fn a_clean_roster_imports_in_one_step_and_undo_restores_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut app = app_on(&db);
    app.apply(Command::AddRep(coachbook::domain::rep::RepDraft {
        name: "Zoe Park".into(),
        role: "AM".into(),
        ..Default::default()
    }))
    .unwrap();
    let before = dump(&db);
    let clean =
        "role,name,start date,email\nAE,Ana Ruiz,2026-03-14,\nsdr,Bo Chen,,bo@example.com\n";
    let check = roster_csv::check_bytes(app.store().conn(), clean.as_bytes()).unwrap();
    let drafts = check.drafts().unwrap();
    assert_eq!(
        app.apply(Command::ImportRoster(drafts)).unwrap(),
        "Imported 2 reps"
    );
    let names: Vec<String> = app
        .caches()
        .roster
        .iter()
        .map(|r| r.rep.name.clone())
        .collect();
    assert_eq!(names, ["Ana Ruiz", "Bo Chen", "Zoe Park"]);
    let after = dump(&db);
    app.undo().unwrap().unwrap();
    assert_same(
        &dump(&db),
        &before,
        "undo removes exactly the imported reps",
    );
    app.redo().unwrap().unwrap();
    assert_same(&dump(&db), &after, "redo puts them back with the same ids");
}

#[test]
fn the_import_command_refuses_a_batch_with_one_bad_rep() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut app = app_on(&db);
    let before = dump(&db);
    let draft = |name: &str| coachbook::domain::rep::RepDraft {
        name: name.into(),
        role: "AE".into(),
        ..Default::default()
    };
    let err = app
        .apply(Command::ImportRoster(vec![
            draft("Ana"),
            draft("Bo"),
            draft("ANA"),
        ]))
        .unwrap_err();
    assert!(
        matches!(err, CommandError::ImportRow { row: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("Nothing was imported"), "{err}");
    assert!(matches!(
        app.apply(Command::ImportRoster(Vec::new())),
        Err(CommandError::NothingToImport)
    ));
    drop(app);
    assert_same(&dump(&db), &before, "a refused import writes nothing");
}

#[test]
fn an_archive_that_breaks_the_schema_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("a.db"));
    let good = dir.path().join("good.json");
    archive::export_file(&store, &good, test_now()).unwrap();
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&good).unwrap()).unwrap();
    let target = dir.path().join("t.db");
    let mut fresh = Store::open(&target).unwrap();
    let before = dump(&target);
    type Damage = fn(&mut serde_json::Value);
    let cases: [(Damage, &str); 6] = [
        (
            |a| a["tables"]["reps"]["rows"][0][1] = serde_json::json!(7),
            "holds a whole number in the column \"name\", which takes text",
        ),
        (
            |a| {
                a["tables"]["reps"]["rows"][0].as_array_mut().unwrap().pop();
            },
            "has 7 values for 8 columns",
        ),
        (
            |a| a["tables"]["reps"]["rows"][1][0] = a["tables"]["reps"]["rows"][0][0].clone(),
            "Row 2 of the table \"reps\" in the archive cannot be kept: it has the same id as row 1.",
        ),
        (
            |a| a["tables"]["reps"]["rows"][0][2] = serde_json::json!("CEO"),
            "do not fit together: row 1 of the table \"reps\" names \"CEO\" in its column \"role\", but no row of the table \"roles\" has that code",
        ),
        (
            |a| a["tables"]["reps"]["columns"][1] = serde_json::json!("nickname"),
            "has the columns id, nickname",
        ),
        (
            |a| {
                a["tables"].as_object_mut().unwrap().remove("meta");
            },
            "lacks the table \"meta\"",
        ),
    ];
    for (damage, words) in cases {
        let mut archive = original.clone();
        damage(&mut archive);
        let file = dir.path().join("bad.json");
        std::fs::write(&file, archive.to_string()).unwrap();
        let err = archive::import_file(&mut fresh, &file)
            .unwrap_err()
            .to_string();
        assert!(err.contains(words), "{words}: {err}");
    }
    drop(fresh);
    assert_same(&dump(&target), &before, "refused imports leave the file");
}
