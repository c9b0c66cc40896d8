//! Rep files as a rep or an attacker handles them, for the tests of what a returned rep
//! file may bring in: shared through the command line, answered, edited, and imported with
//! a check that a refusal leaves the data file as it was.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use coachbook::domain::Bucket;
use coachbook::domain::rep_file::answers::Topic;
use coachbook::repfile::{RepEdit, RepFileWriter};

use super::cli::{arg, assert_ok, assert_refused, coachbook};
use super::{demo_store, sha256};

/// The data file as it lies on disk: its bytes, and the files beside it.
pub fn fingerprint(db: &Path) -> (Vec<u8>, Vec<String>) {
    let mut beside: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("demo.db"))
        .collect();
    beside.sort();
    (sha256(db), beside)
}

pub fn rep_name(db: &Path, id: i64) -> String {
    coachbook::store::connect::open(db)
        .unwrap()
        .query_row("SELECT name FROM reps WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

/// Shares a rep file with rep `id` through the command line, and answers it: a
/// self-rating and a topic.
pub fn shared_and_answered(db: &Path, id: i64, out: &Path) {
    let name = rep_name(db, id);
    assert_ok(&coachbook(&[
        "share",
        "--db",
        arg(db),
        "--rep",
        &name,
        "--out",
        arg(out),
    ]));
    answer(out, "TOPIC-FROM-THE-REP");
}

pub fn answer(path: &Path, topic: &str) {
    let history = coachbook::repfile::read(path).unwrap().history;
    let skill = history.skills.iter().find(|s| !s.retired).unwrap().id;
    let mut writer = RepFileWriter::open(path).unwrap();
    writer
        .apply(&RepEdit::SetAssessment {
            skill,
            value: Some((4, "SELF-COMMENT".into())),
        })
        .unwrap();
    writer
        .apply(&RepEdit::SetTopics(vec![Topic {
            bucket: Bucket::Selling,
            text: topic.into(),
        }]))
        .unwrap();
}

pub fn about(path: &Path, key: &str) -> String {
    coachbook::store::connect::open(path)
        .unwrap()
        .query_row("SELECT value FROM about WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap()
}

pub fn set_about(path: &Path, key: &str, value: &str) {
    coachbook::store::connect::open(path)
        .unwrap()
        .execute("UPDATE about SET value = ?2 WHERE key = ?1", [key, value])
        .unwrap();
}

pub fn copy(from: &Path, name: &str) -> PathBuf {
    let to = from.with_file_name(name);
    std::fs::copy(from, &to).unwrap();
    to
}

/// `import-answers` refuses `file` saying `words`, and leaves the data file as it was.
#[track_caller]
pub fn refused(db: &Path, file: &Path, words: &str) {
    let before = fingerprint(db);
    let out = coachbook(&["import-answers", "--db", arg(db), "--in", arg(file)]);
    assert_refused(&out, words);
    let message = super::cli::text(&out.stderr);
    assert!(
        !message.contains("SQLITE") && !message.contains("Error code"),
        "{message}"
    );
    assert_eq!(
        fingerprint(db),
        before,
        "a refused import changed the data file"
    );
}

/// A valid, answered rep file of rep 1 in `dir`, shared from the demo file there.
pub fn valid_file(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("demo.db");
    let store = demo_store(&db);
    let path = dir.join("valid.coachrep");
    super::first_rep_file(&store, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), &path);
    answer(&path, "A-TOPIC");
    (db, path)
}
