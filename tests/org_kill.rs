//! A sync killed at any moment, on either side, loses nothing and duplicates nothing: the
//! app (`coachbook org sync`) is killed with SIGKILL and the PostgreSQL server is killed
//! like a power cut, at seeded random moments while changes keep coming; after a last sync
//! the server's rows equal the data file's shared rows exactly.
//!
//! `ORG_KILL_CYCLES` sets the kills per test (10 by default) and `ORG_KILL_SEED` the seed.
#![cfg(unix)]

mod common;

use std::process::{Command as Process, Stdio};
use std::time::Duration;

use coachbook::clock::FixedClock;
use coachbook::domain::observation::{ObservationId, Visibility};
use coachbook::ops::{Command, Ops};
use coachbook::org::people::Person;
use coachbook::store::{Store, outbox};
use common::cli::arg;
use common::org::{Org, try_sync};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const MANAGER: &str = "ana";

fn cycles() -> u64 {
    std::env::var("ORG_KILL_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
}

fn rng() -> ChaCha8Rng {
    let seed = std::env::var("ORG_KILL_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(19);
    ChaCha8Rng::seed_from_u64(seed)
}

/// A few changes to shared data, as a manager makes between syncs: observations made
/// private or shared again, and one deleted.
fn change_some(store: Store, rng: &mut ChaCha8Rng) -> Store {
    let mut ops = Ops::new(store, Box::new(FixedClock(common::test_now())));
    let ids: Vec<i64> = ops
        .store()
        .conn()
        .prepare("SELECT id FROM observations ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for _ in 0..3 {
        let id = ObservationId(ids[rng.random_range(0..ids.len())]);
        let visibility = if rng.random_bool(0.5) {
            Visibility::Private
        } else {
            Visibility::Shared
        };
        ops.apply(Command::SetVisibility {
            ids: vec![id],
            visibility,
        })
        .unwrap();
    }
    let gone = ObservationId(ids[rng.random_range(0..ids.len())]);
    let _ = ops.apply(Command::DeleteObservations(vec![gone]));
    ops.lend_writer().unwrap()
}

/// The demo file linked to a new organization, nothing published yet.
fn linked_demo(dir: &tempfile::TempDir) -> (Org, std::path::PathBuf) {
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let path = dir.path().join("team.db");
    let mut store = common::demo_store(&path);
    org.join(&mut store, MANAGER);
    (org, path)
}

#[test]
fn killing_the_app_during_sync_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (org, path) = linked_demo(&dir);
    let mut rng = rng();
    let mut cut_short = 0;
    for _ in 0..cycles() {
        let mut child = Process::new(env!("CARGO_BIN_EXE_coachbook"))
            .args(["org", "sync", "--db", arg(&path), "--batch-units", "7"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(30..400)));
        if child.try_wait().unwrap().is_none() {
            cut_short += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let store = Store::open(&path).unwrap();
        drop(change_some(store, &mut rng));
    }
    assert!(cut_short > 0, "no kill landed during a sync");

    let mut store = Store::open(&path).unwrap();
    org.sync(&mut store);
    org.assert_in_step(MANAGER, store.conn());
    assert_eq!(outbox::waiting(store.conn()).unwrap(), 0);
}

#[test]
fn killing_the_server_during_sync_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (org, path) = linked_demo(&dir);
    let mut rng = rng();
    let mut store = Store::open(&path).unwrap();
    let mut cut_short = 0;
    for _ in 0..cycles() {
        let syncing = std::thread::spawn(move || {
            let result = try_sync(&mut store, 7);
            (store, result)
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(30..300)));
        org.cluster.kill();
        let (back, result) = syncing.join().unwrap();
        if let Err(err) = result {
            cut_short += 1;
            let said = err.to_string();
            assert!(
                said.contains("next sync") || said.contains("try again"),
                "{said}"
            );
        }
        store = change_some(back, &mut rng);
        org.cluster.restart();
    }
    assert!(cut_short > 0, "no kill landed during a sync");

    org.sync(&mut store);
    org.assert_in_step(MANAGER, store.conn());
    assert_eq!(outbox::waiting(store.conn()).unwrap(), 0);
}
