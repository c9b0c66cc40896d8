//! Migrations that last: a committed data file of every schema version
//! (tests/fixtures/schema-vN.db, see tests/common/fixtures.rs) is upgraded with every row
//! intact, and an upgrade killed half-way leaves the file at a complete earlier version.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coachbook::store::{LATEST_VERSION, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use common::fixtures::fixtures;
use common::schema::{
    Tables, added_parts_are_empty, everything_is_searchable, integrity_ok, other_objects, rows,
    schema, search_covers_every_row, version_of,
};

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
        everything_is_searchable(conn);
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
        if version >= 6 {
            assert!(counts("rep_shares") > 0, "v{version}");
        }
        if version >= 7 {
            assert!(counts("coaching_plans") > 0, "v{version}");
            assert!(counts("session_ratings") > 0, "v{version}");
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
