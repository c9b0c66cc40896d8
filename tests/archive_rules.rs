//! Hostile JSON archives: every row of an archive passes the rules a row made in the
//! window passes, or the archive is refused whole, naming the table, the row and the
//! reason, with the data file left byte for byte as it was. Oversized files and values are
//! refused before they are read whole.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use coachbook::exchange::{ExchangeError, archive};
use coachbook::store::{self, Store};
use serde_json::{Value, json};

use common::{assert_same, demo_store, dump, test_now};

/// The demo team's archive, as JSON, exported once.
fn demo_archive() -> &'static Value {
    static ARCHIVE: OnceLock<Value> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_store(&dir.path().join("source.db"));
        let file = dir.path().join("a.json");
        archive::export_file(&store, &file, test_now()).unwrap();
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap()
    })
}

/// The index of `column` in the archive's table.
fn col(archive: &Value, table: &str, column: &str) -> usize {
    archive["tables"][table]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {table}.{column}"))
}

/// Sets `table.column` of the row at `row` (0-based) to `value`.
fn set(archive: &mut Value, table: &str, row: usize, column: &str, value: Value) {
    let at = col(archive, table, column);
    archive["tables"][table]["rows"][row][at] = value;
}

struct Target {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Target {
    fn new() -> Target {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("target.db");
        drop(Store::open(&db).unwrap());
        Target { dir, db }
    }

    fn write(&self, archive: &Value) -> PathBuf {
        let file = self.dir.path().join("archive.json");
        std::fs::write(&file, archive.to_string()).unwrap();
        file
    }

    /// Both the check and the import refuse `file`, the data file unchanged; the message.
    #[track_caller]
    fn refused(&self, file: &Path) -> String {
        let before = dump(&self.db);
        let checked = archive::check_file(file).unwrap_err().to_string();
        let mut store = Store::open(&self.db).unwrap();
        let imported = archive::import_file(&mut store, file)
            .unwrap_err()
            .to_string();
        drop(store);
        assert_eq!(checked, imported, "the check and the import say the same");
        assert_same(&dump(&self.db), &before, "a refused archive writes nothing");
        assert!(imported.ends_with("Nothing was imported."), "{imported}");
        assert!(!imported.contains("constraint failed"), "{imported}");
        imported
    }
}

#[track_caller]
fn assert_says(message: &str, words: &[&str]) {
    for w in words {
        assert!(message.contains(w), "{w:?} not in: {message}");
    }
}

#[test]
fn rows_that_break_a_rule_of_the_window_are_refused_with_table_row_and_reason() {
    let target = Target::new();
    type Damage = fn(&mut Value);
    let cases: Vec<(Damage, Vec<&str>)> = vec![
        (
            |a| set(a, "cadences", 0, "time_zone", json!("Mars/Olympus_Mons")),
            vec![
                "Row 1 of the table \"cadences\"",
                "\"Mars/Olympus_Mons\" is not a known time zone",
            ],
        ),
        (
            |a| set(a, "cadences", 1, "rrule", json!("FREQ=SECONDLY")),
            vec![
                "Row 2 of the table \"cadences\"",
                "\"FREQ=SECONDLY\" is not a rule Coachbook repeats",
            ],
        ),
        (
            |a| {
                set(
                    a,
                    "cadences",
                    0,
                    "rrule",
                    json!("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;BYHOUR=1,2,3"),
                )
            },
            vec!["is not a rule Coachbook repeats"],
        ),
        (
            |a| set(a, "cadences", 0, "local_time_mins", json!(1440)),
            vec!["A time of day is 00:00 to 23:59; 1440 minutes"],
        ),
        (
            |a| set(a, "cadences", 0, "count", json!(5_000_000_000_i64)),
            vec!["1 to 520 of them; 5000000000 is not"],
        ),
        (
            |a| set(a, "observations", 4, "rating", json!(9)),
            vec![
                "Row 5 of the table \"observations\"",
                "A rating is 1 to 5",
                "9 is out of range",
            ],
        ),
        (
            |a| {
                let width = a["tables"]["self_assessments"]["columns"]
                    .as_array()
                    .unwrap()
                    .len();
                let mut row = vec![json!(""); width];
                row[col(a, "self_assessments", "rep_id")] = json!(1);
                row[col(a, "self_assessments", "skill_id")] = json!(1);
                row[col(a, "self_assessments", "rating")] = json!(0);
                a["tables"]["self_assessments"]["rows"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!(row));
            },
            vec![
                "Row 1 of the table \"self_assessments\"",
                "0 is out of range",
            ],
        ),
        (
            |a| set(a, "coaching_plans", 0, "status", json!("abandoned")),
            vec![
                "Row 1 of the table \"coaching_plans\"",
                "\"abandoned\" is not a known plan status",
            ],
        ),
        (
            |a| set(a, "coaching_plans", 1, "why", json!("x".repeat(301))),
            vec!["The reason is 301 characters long; keep it to 300"],
        ),
        (
            |a| set(a, "session_ratings", 0, "usefulness", json!(7)),
            vec![
                "Row 1 of the table \"session_ratings\"",
                "7 is out of range",
            ],
        ),
        (
            |a| {
                let width = a["tables"]["busy_blocks"]["columns"]
                    .as_array()
                    .unwrap()
                    .len();
                let mut row = vec![json!(null); width];
                row[col(a, "busy_blocks", "id")] = json!(1);
                row[col(a, "busy_blocks", "start_utc_ms")] = json!(1_795_000_000_000_i64);
                row[col(a, "busy_blocks", "end_utc_ms")] = json!(1_794_000_000_000_i64);
                a["tables"]["busy_blocks"]["rows"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!(row));
            },
            vec![
                "Row 1 of the table \"busy_blocks\"",
                "the busy time ends before it starts",
            ],
        ),
        (
            |a| set(a, "role_targets", 0, "level", json!(-1)),
            vec!["A target level is 1 to 5; -1 is out of range"],
        ),
        (
            |a| set(a, "sessions", 2, "duration_mins", json!(-30)),
            vec![
                "Row 3 of the table \"sessions\"",
                "-30 minutes is outside that",
            ],
        ),
        (
            |a| set(a, "observations", 0, "observed_day", json!(10_000_000)),
            vec!["outside the years 1900 to 2199"],
        ),
        (
            |a| set(a, "observations", 0, "observed_day", json!(i64::MAX)),
            vec!["is not a date"],
        ),
        (
            |a| {
                set(
                    a,
                    "sessions",
                    0,
                    "start_utc_ms",
                    json!(-9_000_000_000_000_000_i64),
                )
            },
            vec!["\"sessions\"", "is not a time"],
        ),
        (
            |a| set(a, "sessions", 0, "status", json!("teleported")),
            vec!["\"teleported\" is not a known session status; it is one of planned, held"],
        ),
        (
            |a| {
                set(a, "sessions", 0, "status", json!("skipped"));
                set(a, "sessions", 0, "skip_reason", json!("other"));
                set(a, "sessions", 0, "skip_note", json!(" \u{7} "));
            },
            vec!["Row 1 of the table \"sessions\"", "A skip needs a reason"],
        ),
        (
            |a| set(a, "observations", 0, "context", json!("séance")),
            vec!["\"séance\" is not a known call context"],
        ),
        (
            |a| set(a, "commitments", 0, "owner", json!("intern")),
            vec!["\"intern\" is not a known owner; it is one of rep, manager"],
        ),
        (
            |a| set(a, "skills", 0, "bucket", json!("weather")),
            vec!["\"weather\" is not a known bucket"],
        ),
        (
            |a| set(a, "reps", 0, "email", json!("not an address")),
            vec!["\"reps\"", "does not look like an email address"],
        ),
        (
            // Nothing but control characters: cleaned, the name is empty.
            |a| set(a, "reps", 0, "name", json!("\u{7}\u{1b}\u{0}")),
            vec!["Row 1 of the table \"reps\"", "The name is empty"],
        ),
        (
            |a| {
                let first = a["tables"]["sessions"]["rows"][0][0].clone();
                set(a, "sessions", 3, "id", first);
            },
            vec![
                "Row 4 of the table \"sessions\"",
                "it has the same id as row 1",
            ],
        ),
        (
            |a| {
                let first = a["tables"]["reps"]["rows"][0][col(a, "reps", "name")].clone();
                let shouted = json!(first.as_str().unwrap().to_uppercase());
                set(a, "reps", 1, "name", shouted);
            },
            vec![
                "Row 2 of the table \"reps\"",
                "There is already an active rep called",
            ],
        ),
        (
            |a| {
                let rep = a["tables"]["cadences"]["rows"][0][col(a, "cadences", "rep_id")].clone();
                set(a, "cadences", 1, "rep_id", rep);
            },
            vec!["\"cadences\"", "has another current cadence"],
        ),
        (
            |a| set(a, "observations", 0, "skill_id", json!(999_999)),
            vec!["do not fit together", "observations"],
        ),
        (
            |a| set(a, "observations", 0, "rating", json!("five")),
            vec!["holds text in the column \"rating\""],
        ),
    ];
    for (damage, words) in cases {
        let mut archive = demo_archive().clone();
        damage(&mut archive);
        let file = target.write(&archive);
        assert!(archive::check_file(&file).is_err(), "accepted: {words:?}");
        let message = target.refused(&file);
        assert_says(&message, &words);
    }
}

#[test]
fn an_archive_out_of_shape_is_refused_before_any_row_is_kept() {
    let target = Target::new();
    let good = demo_archive().to_string();
    let tables_first = format!(
        "{{\"tables\":{},\"format\":\"coachbook-archive\",\"schema_version\":{}}}",
        demo_archive()["tables"],
        store::LATEST_VERSION
    );
    let tables = demo_archive()["tables"].to_string();
    let twice = format!(
        "{{\"format\":\"coachbook-archive\",\"schema_version\":{},\"tables\":{},\"meta\":{}}}}}",
        store::LATEST_VERSION,
        &tables[..tables.len() - 1],
        demo_archive()["tables"]["meta"]
    );
    let cases = [
        (tables_first, "its tables come before its format"),
        (twice, "twice"),
        (good.clone() + "garbage", "not a readable Coachbook archive"),
    ];
    for (text, words) in cases {
        let file = target.dir.path().join("shape.json");
        std::fs::write(&file, text).unwrap();
        assert_says(&target.refused(&file), &[words]);
    }
}

#[test]
fn control_characters_are_cleaned_as_every_door_cleans_them() {
    let mut archive = demo_archive().clone();
    set(
        &mut archive,
        "observations",
        0,
        "evidence",
        json!("Asked\u{1b}]0;owned\u{7} why\r\nnow"),
    );
    set(
        &mut archive,
        "observations",
        0,
        "account",
        json!("Acme\nCorp\u{0}"),
    );
    set(&mut archive, "reps", 0, "name", json!("Zed\tQuux\u{9b}"));
    let target = Target::new();
    let file = target.write(&archive);
    let mut store = Store::open(&target.db).unwrap();
    archive::import_file(&mut store, &file).unwrap();
    let (evidence, account): (String, String) = store
        .conn()
        .query_row(
            "SELECT evidence, account FROM observations ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(evidence, "Asked]0;owned why\nnow");
    assert_eq!(account, "Acme Corp");
    let name: String = store
        .conn()
        .query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "Zed Quux");
    let report = store::check::run(store.conn()).unwrap();
    assert!(report.is_ok(), "{report:?}");
}

#[test]
fn an_oversized_archive_is_refused_from_its_size_without_being_read() {
    let target = Target::new();
    let file = target.dir.path().join("huge.json");
    // 300 MB of nothing: a sparse file, which reading would have found not to be JSON.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let started = Instant::now();
    let message = target.refused(&file);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_says(
        &message,
        &["is 300 MB", "archives of up to 256 MB", "did not read it"],
    );
    let mut store = Store::open(&target.db).unwrap();
    assert!(matches!(
        archive::import_file(&mut store, &file),
        Err(ExchangeError::TooLarge { .. })
    ));
}

#[test]
fn one_enormous_value_is_refused_as_it_is_read() {
    let target = Target::new();
    let mut archive = demo_archive().clone();
    set(
        &mut archive,
        "observations",
        0,
        "evidence",
        json!("x".repeat(3 * 1024 * 1024)),
    );
    let file = target.write(&archive);
    assert_says(&target.refused(&file), &["longer than 1024 KB"]);
    let text = demo_archive().to_string().replacen(
        "\"schema_version\":",
        &format!(
            "\"padding\":{},\"schema_version\":",
            "9".repeat(2 * 1024 * 1024)
        ),
        1,
    );
    std::fs::write(&file, text).unwrap();
    assert_says(&target.refused(&file), &["longer than 1024 KB"]);
}

#[test]
fn an_accepted_archive_reads_back_in_every_screen_and_command() {
    let target = Target::new();
    let file = target.write(demo_archive());
    let counts = archive::check_file(&file).unwrap();
    let mut store = Store::open(&target.db).unwrap();
    assert_eq!(archive::import_file(&mut store, &file).unwrap(), counts);
    let rows = store::cadences::list_all(store.conn()).unwrap();
    assert!(rows.unreadable.is_empty(), "{:?}", rows.unreadable);
    assert!(!rows.readable.is_empty());
    coachbook::model::Caches::load(&store, test_now()).unwrap();
    coachbook::export::ics::export(store.conn(), None, test_now()).unwrap();
}

#[test]
fn import_json_refuses_a_hostile_archive_before_creating_the_data_file() {
    use common::cli::{arg, assert_refused, coachbook};
    let target = Target::new();
    let mut archive = demo_archive().clone();
    set(&mut archive, "cadences", 0, "rrule", json!("FREQ=SECONDLY"));
    let file = target.write(&archive);
    let new = target.dir.path().join("new.db");
    let out = coachbook(&["--db", arg(&new), "import-json", "--in", arg(&file)]);
    assert_refused(
        &out,
        "Row 1 of the table \"cadences\" in the archive cannot be kept",
    );
    assert!(!new.exists(), "no data file was created");
    assert!(
        !target.dir.path().join("backups").exists(),
        "no backup was taken"
    );
}
