//! Migrations that last: a committed data file of every schema version
//! (tests/fixtures/schema-vN.db) is upgraded with every row intact, and an upgrade killed
//! half-way leaves the file at a complete earlier version.
//!
//! The fixtures are frozen test data. `REGENERATE_FIXTURES=1 cargo test --test migrations`
//! writes the ones that are missing from today's demo team (seed 7 as of 2026-11-20, with
//! a few talking points and a rep's answers added), taken back to version N by undoing the
//! later steps ([`UNDO`]). A new schema step needs its undo added there and its fixture
//! written once; the older fixtures stay as they are.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coachbook::app::{Command as AppCommand, Stamp};
use coachbook::domain::Bucket;
use coachbook::domain::answers::{ReceivedAnswers, Reflection, RepAnswers, SelfAssessment, Topic};
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionId;
use coachbook::store::{self, LATEST_VERSION, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// What each step added, undone: `(N, SQL)` takes a file from version N back to N - 1.
const UNDO: &[(i64, &str)] = &[
    (
        5,
        "DROP TABLE self_assessments; DROP TABLE commitment_reflections;
         DROP TABLE rep_topics; DROP TABLE rep_answer_imports;",
    ),
    (4, "DROP TABLE talking_points;"),
    (3, "ALTER TABLE cadences DROP COLUMN ended_utc_ms;"),
    (
        2,
        "DROP TABLE observations_fts; DROP INDEX observations_evidence;",
    ),
];

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("schema-v{version}.db"))
}

/// The fixture of every version, written first when asked and missing.
fn fixtures() -> Vec<(i64, PathBuf)> {
    static WRITE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("REGENERATE_FIXTURES").is_some() {
        WRITE.call_once(write_missing_fixtures);
    }
    (1..=LATEST_VERSION)
        .map(|version| {
            let path = fixture(version);
            assert!(
                path.is_file(),
                "{} is missing: write it once with REGENERATE_FIXTURES=1 cargo test --test migrations",
                path.display()
            );
            (version, path)
        })
        .collect()
}

fn write_missing_fixtures() {
    assert_eq!(
        UNDO.len() as i64,
        LATEST_VERSION - 1,
        "every schema step after the first needs its undo in UNDO"
    );
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let mut store = common::demo_store(&demo);
    add_rows_of_later_tables(&mut store);
    drop(store);
    for version in 1..=LATEST_VERSION {
        let out = fixture(version);
        if out.exists() {
            continue;
        }
        let copy = dir.path().join(format!("v{version}.db"));
        std::fs::copy(&demo, &copy).unwrap();
        let conn = Connection::open(&copy).unwrap();
        for (_, sql) in UNDO.iter().filter(|(step, _)| *step > version) {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", version).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        conn.execute("VACUUM INTO ?1", [out.to_str().unwrap()])
            .unwrap();
    }
}

/// The demo leaves the talking points and the reps' answers empty; a few rows there let a
/// later upgrade prove it keeps them too.
fn add_rows_of_later_tables(store: &mut Store) {
    let stamp = Stamp {
        now: common::test_now(),
        today: common::test_now().date_naive(),
    };
    let rep = RepId(1);
    let (session, commitment, skill): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT min(id) FROM sessions WHERE rep_id = 1),
                    (SELECT min(id) FROM commitments WHERE rep_id = 1),
                    (SELECT min(id) FROM skills)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let commands = [
        AppCommand::AddTalkingPoints {
            rep,
            key: OccurrenceKey::Stored(SessionId(session)),
            points: vec![
                (Bucket::Selling, "Pricing objections".into(), "Gap".into()),
                (Bucket::Customer, "Renewal at Acme".into(), String::new()),
            ],
        },
        AppCommand::SetRepAnswers {
            rep,
            value: ReceivedAnswers {
                answers: RepAnswers {
                    assessments: vec![SelfAssessment {
                        skill_id: coachbook::domain::skill::SkillId(skill),
                        rating: 3,
                        comment: "Better on calls than in email".into(),
                    }],
                    reflections: vec![Reflection {
                        commitment_id: commitment,
                        text: "Done, and it helped".into(),
                    }],
                    topics: vec![Topic {
                        bucket: Bucket::Organization,
                        text: "Getting legal to answer faster".into(),
                    }],
                },
                received: Some(stamp.now),
            },
        },
    ];
    for command in commands {
        store
            .transact(|tx| command.apply(tx, stamp).map(drop))
            .unwrap();
    }
}

/// Tables by name, each with its columns as `name type notnull default pk`.
type Tables = BTreeMap<String, Vec<String>>;

/// The tables of a file.
fn schema(conn: &Connection) -> Tables {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|table| {
            let columns = conn
                .prepare(
                    "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)",
                )
                .unwrap()
                .query_map([&table], |r| {
                    Ok(format!(
                        "{} {} {} {:?} {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (table, columns)
        })
        .collect()
}

/// The indexes and triggers of a file, by name.
fn other_objects(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT type || ' ' || name FROM sqlite_schema
         WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The search index's own tables hold words, not rows of the data file.
fn is_index_table(table: &str) -> bool {
    table.starts_with("observations_fts")
}

/// Every row of the tables of `columns`, reading only those columns.
fn rows(conn: &Connection, columns: &Tables) -> Vec<String> {
    let mut out = Vec::new();
    for (table, described) in columns.iter().filter(|(t, _)| !is_index_table(t)) {
        let names: Vec<String> = described
            .iter()
            .map(|c| format!("\"{}\"", c.split(' ').next().unwrap()))
            .collect();
        let order: Vec<String> = (1..=names.len()).map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT {} FROM \"{table}\" ORDER BY {}",
            names.join(", "),
            order.join(", ")
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let width = stmt.column_count();
        let found = stmt
            .query_map([], |row| {
                let values: Vec<String> = (0..width)
                    .map(|i| match row.get_ref(i).unwrap() {
                        ValueRef::Text(b) => format!("{:?}", String::from_utf8_lossy(b)),
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(format!("{table}: {}", values.join(" | ")))
            })
            .unwrap();
        out.extend(found.map(Result::unwrap));
    }
    out
}

/// Columns and tables that the file has and `older` lacks hold nothing yet.
fn added_parts_are_empty(conn: &Connection, older: &Tables) {
    for (table, columns) in schema(conn) {
        if is_index_table(&table) {
            continue;
        }
        let Some(old) = older.get(&table) else {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(n, 0, "the new table {table} holds rows");
            continue;
        };
        for column in columns.iter().filter(|c| !old.contains(c)) {
            let name = column.split(' ').next().unwrap();
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM \"{table}\" WHERE \"{name}\" IS NOT NULL"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 0, "the new column {table}.{name} holds values");
        }
    }
}

/// From version 2 on, the evidence search finds exactly the observations whose text has
/// the word: the index was built over every row that was there.
fn search_covers_every_row(conn: &Connection) {
    let hits = store::observations::search(conn, "\"discovery\"*").unwrap();
    let expected: i64 = conn
        .query_row(
            "SELECT count(*) FROM observations
             WHERE evidence LIKE '%discovery%' OR account LIKE '%discovery%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(expected > 0);
    assert_eq!(
        hits.len() as i64,
        expected,
        "the search index is incomplete"
    );
}

fn integrity_ok(conn: &Connection) {
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(result, "ok");
}

fn version_of(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

#[test]
fn every_fixture_is_upgraded_with_every_row_intact() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = {
        let store = Store::open(&dir.path().join("fresh.db")).unwrap();
        (schema(store.conn()), other_objects(store.conn()))
    };
    for (version, path) in fixtures() {
        let copy = dir.path().join(format!("v{version}.db"));
        std::fs::copy(&path, &copy).unwrap();
        let (old_schema, old_rows) = {
            let conn = Connection::open(&copy).unwrap();
            assert_eq!(version_of(&conn), version, "{}", path.display());
            let schema = schema(&conn);
            let rows = rows(&conn, &schema);
            (schema, rows)
        };
        assert!(old_rows.len() > 2_000, "{} is nearly empty", path.display());

        let store = Store::open(&copy).unwrap();
        let conn = store.conn();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        integrity_ok(conn);
        common::assert_same(
            &rows(conn, &old_schema),
            &old_rows,
            &format!("rows of the v{version} fixture after the upgrade"),
        );
        assert_eq!(schema(conn), fresh.0, "v{version}: tables and columns");
        assert_eq!(other_objects(conn), fresh.1, "v{version}: indexes");
        added_parts_are_empty(conn, &old_schema);
        search_covers_every_row(conn);
    }
}

#[test]
fn the_fixtures_hold_the_rows_of_the_tables_of_their_version() {
    for (version, path) in fixtures() {
        let conn = Connection::open(&path).unwrap();
        let counts = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert!(counts("observations") > 1_000, "v{version}");
        assert!(counts("commitments") > 100, "v{version}");
        if version >= 4 {
            assert!(counts("talking_points") > 0, "v{version}");
        }
        if version >= 5 {
            assert!(counts("self_assessments") > 0, "v{version}");
            assert!(counts("commitment_reflections") > 0, "v{version}");
            assert!(counts("rep_topics") > 0, "v{version}");
        }
    }
}

/// Opens the file at `path` the way the app does (upgrading it) and nothing more.
fn opener(path: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_coachbook"));
    command
        .args(["crash-writer", "--count", "0", "--db"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn an_upgrade_killed_half_way_leaves_a_complete_earlier_version() {
    let cycles: u64 = std::env::var("MIGRATION_KILLS")
        .ok()
        .map_or(100, |v| v.parse().unwrap());
    let fixtures = fixtures();
    let expected: Vec<(Tables, Vec<String>)> = fixtures
        .iter()
        .map(|(_, path)| {
            let conn = Connection::open(path).unwrap();
            (schema(&conn), other_objects(&conn))
        })
        .collect();
    let v1_schema = &expected[0].0;
    let v1_rows = rows(&Connection::open(&fixtures[0].1).unwrap(), v1_schema);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upgrading.db");

    // How long an opening takes here with an upgrade and without one: the kills fall
    // between most of the second and the end of the first, where the upgrade runs.
    let timed = |path: &Path| {
        let started = Instant::now();
        assert!(opener(path).status().unwrap().success());
        started.elapsed().as_micros() as u64
    };
    let (mut whole, mut plain) = (u64::MAX, u64::MAX);
    for _ in 0..3 {
        std::fs::copy(&fixtures[0].1, &path).unwrap();
        whole = whole.min(timed(&path));
        plain = plain.min(timed(&path));
    }
    let plain = plain.min(whole);

    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut landed = BTreeMap::<i64, u64>::new();
    let mut finished = 0;
    for cycle in 0..cycles {
        // Mostly from version 1; every fourth time the upgrade resumes from where the
        // last kill left it.
        if cycle % 4 != 3 {
            std::fs::copy(&fixtures[0].1, &path).unwrap();
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.path().join(format!("upgrading.db{suffix}")));
            }
        }
        let mut child = opener(&path).spawn().unwrap();
        let micros = rng.random_range(plain * 7 / 10..=whole);
        std::thread::sleep(Duration::from_micros(micros));
        child.kill().unwrap();
        let status = child.wait().unwrap();

        let conn = Connection::open(&path).unwrap();
        integrity_ok(&conn);
        let version = version_of(&conn);
        assert!(
            (1..=LATEST_VERSION).contains(&version),
            "cycle {cycle}: version {version}"
        );
        let (tables, objects) = &expected[version as usize - 1];
        assert_eq!(
            &schema(&conn),
            tables,
            "cycle {cycle}: tables of v{version}"
        );
        assert_eq!(
            &other_objects(&conn),
            objects,
            "cycle {cycle}: indexes of v{version}"
        );
        common::assert_same(
            &rows(&conn, v1_schema),
            &v1_rows,
            &format!("cycle {cycle}: rows after a kill at v{version}"),
        );
        added_parts_are_empty(&conn, v1_schema);
        if version >= 2 {
            search_covers_every_row(&conn);
        }
        if status.signal() == Some(9) {
            *landed.entry(version).or_default() += 1;
        } else {
            finished += 1;
        }
    }
    eprintln!(
        "migrations: {cycles} kills over an opening of {:.1} ms with the upgrade ({:.1} ms \
         without); {finished} openings finished first; the others left the file at version \
         (kills): {landed:?}",
        whole as f64 / 1e3,
        plain as f64 / 1e3
    );

    assert!(
        finished < cycles,
        "no kill landed before the upgrade finished"
    );

    // After all that, a normal opening finishes the upgrade with every row there.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    common::assert_same(&rows(store.conn(), v1_schema), &v1_rows, "rows at the end");
    search_covers_every_row(store.conn());
}
