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

/// Saves timed per round. A save takes a few milliseconds, so each round can afford many,
/// and the 95th percentile comes from all the rounds' saves together: a percentile of 15
/// samples is their largest but one, which a single slow disk flush decides.
const SAVES_PER_ROUND: usize = 100;

/// One file's figures: per read, the median of each round; every save's time.
#[derive(Default)]
struct Variant {
    reads: Vec<(&'static str, Vec<f64>)>,
    saves: Vec<f64>,
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
    into.saves.extend(writes::save_observation_samples(
        &mut app.app,
        subject,
        now,
        SAVES_PER_ROUND,
    ));
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
    let plain_save = Figure::of(plain.saves.clone());
    let sealed_save = Figure::of(sealed.saves.clone());
    let save_p95 = sealed_save.p95;
    let budgets = vec![
        at_most("encryption.reads.worst_ratio <= 1.3", worst, 1.3),
        below("encryption.save_observation.p95_ms < 5", save_p95, 5.0),
    ];
    let figures = json!({
        "rounds": ROUNDS,
        "reads": reads,
        "reads_worst_ratio": worst,
        "save_observation": {
            "saves": plain.saves.len(),
            "plain": plain_save.json(),
            "encrypted": sealed_save.json(),
        },
        "open_read_only": { "plain_ms": middle(&plain.opens), "encrypted_ms": middle(&sealed.opens) },
    });
    (figures, budgets)
}
