//! The demo generator: deterministic for a seed, realistic, and clean by `check`.

mod common;

use coachbook::store::{self, Store};
use coachbook::{demo, demo::DemoError};

use common::{count, dump, test_now};

#[test]
fn the_same_seed_gives_the_same_team_and_it_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let c = dir.path().join("c.db");
    for (path, seed) in [(&a, 11), (&b, 11), (&c, 12)] {
        let mut store = Store::open(path).unwrap();
        coachbook::ops::generate_demo(&mut store, seed, test_now()).unwrap();
        let report = store::check::run(store.conn()).unwrap();
        assert!(report.is_ok(), "{report:?}");
    }
    assert_eq!(dump(&a), dump(&b));
    assert_ne!(dump(&a), dump(&c), "another seed gives another team");
}

#[test]
fn the_demo_team_is_realistic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).unwrap();
    let summary =
        coachbook::ops::generate_demo(&mut store, demo::DEFAULT_SEED, test_now()).unwrap();
    assert_eq!(summary.reps, 8);
    assert!(summary.observations >= 300, "{summary:?}");
    let conn = store.conn();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(q("SELECT count(DISTINCT role) FROM reps"), 3, "mixed roles");
    assert_eq!(q("SELECT count(*) FROM cadences WHERE active = 1"), 8);
    for status in ["held", "skipped", "missed"] {
        let n = q(&format!(
            "SELECT count(*) FROM sessions WHERE status = '{status}'"
        ));
        assert!(n > 0, "no {status} sessions");
    }
    assert!(
        q("SELECT count(*) FROM sessions WHERE status = 'skipped' AND skip_reason IS NULL") == 0
    );
    let span_days = q("SELECT max(start_utc_ms) - min(start_utc_ms) FROM sessions") / 86_400_000;
    assert!(
        span_days >= 330,
        "twelve months of sessions, got {span_days} days"
    );
    assert!(q("SELECT count(*) FROM observations WHERE length(evidence) < 20") == 0);
    assert!(
        q("SELECT count(*) FROM observations WHERE rating IS NULL") > 0,
        "some not observed"
    );
    for status in ["open", "done"] {
        let n = q(&format!(
            "SELECT count(*) FROM commitments WHERE status = '{status}'"
        ));
        assert!(n > 0, "no {status} commitments");
    }
    // Nothing is dated after "now".
    let now_ms = test_now().timestamp_millis();
    assert_eq!(
        q(&format!(
            "SELECT count(*) FROM sessions WHERE start_utc_ms > {now_ms}"
        )),
        0
    );
}

#[test]
fn the_demo_is_not_written_over_a_real_team() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).unwrap();
    coachbook::ops::generate_demo(&mut store, 1, test_now()).unwrap();
    let before = dump(&path);
    let err = coachbook::ops::generate_demo(&mut store, 2, test_now()).unwrap_err();
    assert!(
        matches!(err, DemoError::NotEmpty { reps: 8, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("already holds 8 reps"));
    assert_eq!(dump(&path), before);
    assert_eq!(count(&path, "reps"), 8);
}
