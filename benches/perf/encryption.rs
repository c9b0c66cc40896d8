//! Issue 20's cost of encryption: the same reads and the same save on the large file, plain
//! and encrypted with SQLCipher, taking turns round by round so the machine's drift moves
//! both alike. The encrypted copy is made once from the large file by the app's own
//! `change_passphrase`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use coachbook::domain::passphrase::Passphrase;
use coachbook::store::Store;
use serde_json::{Map, Value, json};

use super::frames::Subject;
use super::headless::Headless;
use super::stats::{Figure, ratio};
use super::{at_most, below, queries, search, writes};

const PASSPHRASE: &str = "benchmark passphrase";

/// Rounds of turns: each round measures plain then encrypted.
const ROUNDS: usize = 3;

/// One file's figures, per read, with the median over the rounds.
#[derive(Default)]
struct Variant {
    reads: Vec<(&'static str, Vec<f64>)>,
    saves_p95: Vec<f64>,
    saves_median: Vec<f64>,
    opens: Vec<f64>,
}

pub fn measure(
    large: &Path,
    work: &Path,
    subject: Subject,
    now: DateTime<Utc>,
    runs: usize,
) -> (Value, Vec<Value>) {
    let key = Passphrase::to_open(PASSPHRASE).expect("a passphrase");
    let encrypted = encrypted_copy(large, work, &key);
    let mut plain = Variant::default();
    let mut sealed = Variant::default();
    for _ in 0..ROUNDS {
        measure_one(large, None, subject, now, runs, &mut plain);
        measure_one(&encrypted, Some(&key), subject, now, runs, &mut sealed);
    }
    report(&plain, &sealed)
}

/// The large file encrypted, beside the scratch files, made when missing or older.
fn encrypted_copy(large: &Path, work: &Path, key: &Passphrase) -> PathBuf {
    let folder = work.join("encrypted");
    let copy = folder.join("large.db");
    let fresh = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if copy.exists() && fresh(&copy) >= fresh(large) {
        return copy;
    }
    eprintln!("encrypting a copy of the large file (once)...");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("the encrypted folder");
    {
        // The whole file: the app's own checkpoint on close leaves no log beside it.
        let store = Store::open(large).expect("the large file opens");
        drop(store);
    }
    std::fs::copy(large, &copy).expect("a copy of the large file");
    let mut store = Store::open(&copy).expect("the copy opens");
    store
        .change_passphrase(Some(key.clone()), Utc::now())
        .expect("the copy is encrypted");
    copy
}

fn measure_one(
    path: &Path,
    key: Option<&Passphrase>,
    subject: Subject,
    now: DateTime<Utc>,
    runs: usize,
    into: &mut Variant,
) {
    let open = Figure::wall(runs, || {
        drop(Store::open_read_only_with(path, key.cloned()).expect("the file opens"));
    });
    into.opens.push(open.median);
    let mut app = Headless::new(
        Store::open_with(path, key.cloned()).expect("the file opens to write"),
        now,
    );
    app.settle();
    let save = writes::save_observation(&mut app.app, subject, now, runs);
    into.saves_p95.push(save.p95);
    into.saves_median.push(save.median);
    let store = Store::open_read_only_with(path, key.cloned()).expect("a second connection");
    let mut reads: Vec<(&'static str, f64)> = queries::measure(&store, subject, now, runs)
        .into_iter()
        .map(|pair| (pair.name, pair.app.median))
        .collect();
    reads.push(("search", search::measure(&store, runs).median));
    for (name, median) in reads {
        match into.reads.iter_mut().find(|(n, _)| *n == name) {
            Some((_, samples)) => samples.push(median),
            None => into.reads.push((name, vec![median])),
        }
    }
}

fn report(plain: &Variant, sealed: &Variant) -> (Value, Vec<Value>) {
    let middle = |samples: &[f64]| Figure::of(samples.to_vec()).median;
    let mut reads = Map::new();
    let mut worst: f64 = 0.0;
    for ((name, p), (_, e)) in plain.reads.iter().zip(&sealed.reads) {
        let r = ratio(middle(e), middle(p));
        worst = worst.max(r);
        reads.insert(
            (*name).into(),
            json!({ "plain_ms": middle(p), "encrypted_ms": middle(e), "ratio": r }),
        );
    }
    let save_p95 = Figure::of(sealed.saves_p95.clone()).p95;
    let budgets = vec![
        at_most("encryption.reads.worst_ratio <= 1.3", worst, 1.3),
        below("encryption.save_observation.p95_ms < 5", save_p95, 5.0),
    ];
    let figures = json!({
        "rounds": ROUNDS,
        "reads": reads,
        "reads_worst_ratio": worst,
        "save_observation": {
            "plain": { "median_ms": middle(&plain.saves_median), "p95_ms": Figure::of(plain.saves_p95.clone()).p95 },
            "encrypted": { "median_ms": middle(&sealed.saves_median), "p95_ms": save_p95 },
        },
        "open_read_only": { "plain_ms": middle(&plain.opens), "encrypted_ms": middle(&sealed.opens) },
    });
    (figures, budgets)
}
