//! The three data files made ready to measure, and what the JSON says about them and the
//! machine.
//!
//! Each file gets a backup taken now when theirs is a day old: otherwise the app would
//! start one on its first frame (a 280 MB copy for the large file), which keeps it busy
//! for seconds and would be measured instead of the app.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::demo::{self, DemoSize};
use coachbook::domain::backup_policy::{self, BackupKind};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionId;
use coachbook::ops::Command;
use coachbook::store::{self, Store};
use serde_json::{Value, json};

use super::frames::Subject;

/// Upgrades the large file if it is older than this Coachbook, backs it up when due, and
/// picks the rep and session the screens open: the latest held session and its rep.
pub fn large(path: &Path, now: DateTime<Utc>) -> Subject {
    let store = Store::open(path).expect("the large data file opens");
    back_up_when_due(&store, now);
    subject(&store, now).expect("the large file has a held session")
}

/// A new data file after "Start empty", with one rep and one session and no history, so
/// the rep page and the session workspace have something to open.
pub fn empty(path: &Path, now: DateTime<Utc>) -> Subject {
    remove_stale(path);
    let store = Store::open(path).expect("a new data file");
    let mut app = App::new(store, Box::new(FixedClock(now))).expect("app");
    app.apply(Command::StartEmpty).expect("start empty");
    app.apply(Command::AddRep(RepDraft {
        name: "New Rep".into(),
        role: "AE".into(),
        email: String::new(),
        start_date: None,
    }))
    .expect("a rep");
    let rep = app.caches().roster[0].rep.id;
    app.apply(Command::AddOneOffSession {
        rep,
        start: now - Duration::days(1),
        duration_mins: 30,
    })
    .expect("a session");
    back_up_when_due(app.store(), now);
    subject(app.store(), now).expect("the session just added")
}

/// The large team's last quarter (`DemoSize::Quarter`), written afresh: every screen is as
/// full as on ten years, so a frame that costs more on the large file costs more because of
/// the years, not because there is more to show.
pub fn quarter(path: &Path, now: DateTime<Utc>) -> Subject {
    remove_stale(path);
    let mut store = Store::open(path).expect("a new data file");
    coachbook::ops::generate_demo_sized(&mut store, demo::DEFAULT_SEED, now, DemoSize::Quarter)
        .expect("the quarter's demo team");
    back_up_when_due(&store, now);
    subject(&store, now).expect("the quarter has a held session")
}

fn remove_stale(path: &Path) {
    for stale in [
        path.to_owned(),
        path.with_extension("db-wal"),
        path.with_extension("db-shm"),
    ] {
        let _ = std::fs::remove_file(stale);
    }
}

fn back_up_when_due(store: &Store, now: DateTime<Utc>) {
    let newest = store::backup::list(store.path())
        .expect("the backups folder reads")
        .last()
        .map(|b| b.taken);
    if backup_policy::due_at_start(newest, now) {
        eprintln!(
            "backing up {} so the app does not at start...",
            store.path().display()
        );
        store::backup::create(store.conn(), store.path(), None, BackupKind::Manual, now)
            .expect("the backup");
    }
}

fn subject(store: &Store, now: DateTime<Utc>) -> Option<Subject> {
    store
        .conn()
        .query_row(
            "SELECT id, rep_id FROM sessions WHERE start_utc_ms <= ?1
             ORDER BY status = 'held' DESC, start_utc_ms DESC LIMIT 1",
            [now.timestamp_millis()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()
        .map(|(session, rep)| Subject {
            rep: RepId(rep),
            session: OccurrenceKey::Stored(SessionId(session)),
        })
}

/// Row counts and size, so a reader knows what "large" was.
pub fn describe(path: &Path) -> Value {
    let store = Store::open_read_only(path).expect("the data file opens");
    let count = |table: &str| -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("a count")
    };
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    json!({
        "path": path.display().to_string(),
        "size_mb": (bytes as f64 / 1048576.0).round(),
        "reps": count("reps"),
        "sessions": count("sessions"),
        "observations": count("observations"),
        "commitments": count("commitments"),
    })
}

/// Cores and the load when the run ended: figures taken beside other work are noisier.
pub fn machine() -> Value {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load_1m = load
        .split_whitespace()
        .next()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    json!({ "cores": cores, "load_average_1m": load_1m })
}
