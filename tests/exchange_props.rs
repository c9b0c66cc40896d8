//! Damaged input never panics, never half-writes: archives and roster files with bytes
//! flipped, inserted, deleted or cut off either import whole or are refused with a sentence,
//! leaving the data file as it was.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use coachbook::exchange::{archive, roster_csv};
use coachbook::ops::{Command, Stamp};
use coachbook::store::Store;
use proptest::prelude::*;
use proptest::sample::Index;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug)]
enum Mutation {
    Flip(Index, u8),
    Insert(Index, u8),
    Delete(Index, usize),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
        (any::<Index>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        match m {
            Mutation::Flip(at, bit) => {
                let i = at.index(bytes.len());
                bytes[i] ^= 1 << bit;
            }
            Mutation::Insert(at, byte) => {
                let i = at.index(bytes.len() + 1);
                bytes.insert(i, *byte);
            }
            Mutation::Delete(at, len) => {
                let i = at.index(bytes.len());
                let end = (i + len).min(bytes.len());
                bytes.drain(i..end);
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len())),
        }
    }
    bytes
}

/// A message a person can read: one or a few sentences, not a debug dump.
#[track_caller]
fn assert_readable(message: &str) {
    assert!(!message.trim().is_empty());
    assert!(message.len() < 1200, "too long: {message}");
    assert!(!message.contains("panicked"), "{message}");
    assert!(
        message
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '"'),
        "{message}"
    );
}

fn content_hash(path: &Path) -> Vec<u8> {
    Sha256::digest(common::dump(path).join("\n")).to_vec()
}

/// A small but complete archive: the demo team, exported once for every case.
fn source_archive() -> &'static Vec<u8> {
    static ARCHIVE: OnceLock<Vec<u8>> = OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = common::demo_store(&dir.path().join("source.db"));
        let file = dir.path().join("a.json");
        archive::export_file(&store, &file, common::test_now()).unwrap();
        std::fs::read(&file).unwrap()
    })
}

/// A fresh data file for each case that changed the last one.
struct Target {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Target {
    fn new() -> Target {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("target.db");
        drop(Store::open(&path).unwrap());
        Target { _dir: dir, path }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_damaged_archive_imports_whole_or_not_at_all(
        mutations in prop::collection::vec(mutation(), 1..4)
    ) {
        let bytes = mutate(source_archive().clone(), &mutations);
        let target = Target::new();
        let before = content_hash(&target.path);
        let mut store = Store::open(&target.path).unwrap();
        let name = Path::new("damaged.json");
        let checked = archive::check_bytes(&bytes, name);
        let result = archive::import_bytes(&mut store, &bytes, name);
        if result.is_ok() {
            prop_assert!(checked.is_ok(), "imported what the check refused: {:?}", checked);
        }
        drop(store);
        match result {
            Ok(counts) => {
                let store = Store::open(&target.path).unwrap();
                let report = coachbook::store::check::run(store.conn()).unwrap();
                prop_assert!(report.is_ok(), "{report:?}");
                prop_assert_eq!(common::count(&target.path, "reps") as u64, counts.of("reps"));
            }
            Err(err) => {
                assert_readable(&err.to_string());
                prop_assert_eq!(content_hash(&target.path), before, "refused: {}", err);
            }
        }
    }

    #[test]
    fn any_bytes_as_an_archive_are_refused_with_a_sentence(
        bytes in prop::collection::vec(any::<u8>(), 0..200)
    ) {
        match archive::check_bytes(&bytes, Path::new("noise.json")) {
            Ok(_) => prop_assert!(false, "noise was accepted"),
            Err(err) => assert_readable(&err.to_string()),
        }
    }

    #[test]
    fn a_damaged_roster_imports_whole_or_not_at_all(
        mutations in prop::collection::vec(mutation(), 1..4)
    ) {
        let clean = "name,role,email,start date\n\
                     Ana Ruiz,AE,ana@example.com,2026-03-14\n\
                     \"Lee, Dana\",Account manager,,\n\
                     Bo Chen,sdr,bo@example.com,2025-11-02\n\
                     Cy Diaz,AM,,2024-01-31\n";
        let bytes = mutate(clean.as_bytes().to_vec(), &mutations);
        let target = Target::new();
        let before = content_hash(&target.path);
        let mut store = Store::open(&target.path).unwrap();
        match roster_csv::check_bytes(store.conn(), &bytes) {
            Err(err) => assert_readable(&err.to_string()),
            Ok(check) => {
                for line in &check.lines {
                    for problem in &line.problems {
                        assert_readable(&problem.to_string());
                    }
                }
                if let Some(drafts) = check.drafts() {
                    let count = drafts.len() as i64;
                    let now = common::test_now();
                    let stamp = Stamp { now, today: now.date_naive(), zone: chrono_tz::Tz::UTC };
                    let command = Command::ImportRoster(drafts);
                    match store.transact(|tx| command.apply(tx, stamp)) {
                        Ok(_) => {
                            drop(store);
                            prop_assert_eq!(common::count(&target.path, "reps"), count);
                            return Ok(());
                        }
                        Err(err) => assert_readable(&err.to_string()),
                    }
                }
            }
        }
        drop(store);
        prop_assert_eq!(content_hash(&target.path), before);
    }
}
