//! Any byte sequence given as a rep file gives a sentence or a valid file - never a
//! panic - and a refused import leaves the manager's data exactly as it was.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use coachbook::domain::Bucket;
use coachbook::domain::rep_file::answers::Topic;
use coachbook::ops::{Command, Stamp};
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::store::Store;
use common::{demo_store, dump, test_now};
use proptest::prelude::*;

/// A valid rep file of rep 1, with answers, as bytes.
fn answered_bytes(dir: &Path, store: &Store) -> Vec<u8> {
    let from = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let path = dir.join("valid.coachrep");
    let history = common::first_rep_file(store, from, &path);
    let mut writer = RepFileWriter::open(&path).unwrap();
    writer
        .apply(&RepEdit::SetAssessment {
            skill: history.skills[2].id,
            value: Some((2, "honest".into())),
        })
        .unwrap();
    writer
        .apply(&RepEdit::SetTopics(vec![Topic {
            bucket: Bucket::Selling,
            text: "pricing call".into(),
        }]))
        .unwrap();
    std::fs::read(&path).unwrap()
}

#[derive(Debug, Clone)]
enum Mutation {
    Overwrite { at: usize, byte: u8 },
    Truncate { keep_permille: u16 },
    Insert { at: usize, bytes: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Overwrite { at, byte }),
        1 => (0u16..1000).prop_map(|keep_permille| Mutation::Truncate { keep_permille }),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        match m {
            Mutation::Overwrite { at, byte } => {
                let at = at % bytes.len();
                bytes[at] = *byte;
            }
            Mutation::Truncate { keep_permille } => {
                bytes.truncate(bytes.len() * usize::from(*keep_permille) / 1000);
            }
            Mutation::Insert { at, bytes: extra } => {
                let at = at % bytes.len();
                bytes.splice(at..at, extra.iter().copied());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mutated_rep_files_never_panic_nor_half_write(
        mutations in proptest::collection::vec(mutation(), 1..12)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("team.db");
        let mut store = demo_store(&db);
        let valid = answered_bytes(dir.path(), &store);
        let path = dir.path().join("mutated.coachrep");
        std::fs::write(&path, mutate(valid, &mutations)).unwrap();

        let _ = coachbook::repview::RepView::open(&path).map(|_| ());
        if let Ok(mut writer) = RepFileWriter::open(&path) {
            let _ = writer.apply(&RepEdit::SetTopics(Vec::new()));
        }
        if let Err(err) = coachbook::repfile::read(&path) {
            prop_assert!(err.to_string().len() > 20, "{err}");
        }
        match coachbook::repfile::read_returned(&path) {
            Err(err) => prop_assert!(err.to_string().len() > 20, "{err}"),
            Ok(file) => {
                let before = dump(&db);
                let stamp = Stamp { now: test_now(), today: test_now().date_naive(), zone: chrono_tz::Tz::UTC };
                let result = store.transact(|tx| {
                    let prepared = coachbook::ops::prepare_answers(tx, &file, test_now())?;
                    Command::SetRepAnswers { rep: prepared.rep, value: prepared.value }
                        .apply(tx, stamp)
                });
                if let Err(err) = result {
                    prop_assert!(!err.to_string().is_empty());
                    prop_assert_eq!(dump(&db), before);
                }
            }
        }
    }
}
