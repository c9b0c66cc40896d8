//! `coachbook coaching-time`: each rep's minutes of held sessions in the last 30 and 90
//! days, checked against the sessions table itself, and the text a terminal shows.

mod common;

use chrono::{Duration, Utc};
use rusqlite::Connection;

use common::cli::{arg, assert_ok, coachbook, demo_file};

/// Minutes held by the rep named `name` on the `days` calendar days up to today (UTC, as
/// the tests run), straight from SQL.
fn held_mins(db: &std::path::Path, name: &str, days: i64) -> i64 {
    let today = Utc::now().date_naive();
    let first = (today - Duration::days(days - 1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let end = (today + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT coalesce(sum(s.duration_mins), 0) FROM sessions s JOIN reps r ON r.id = s.rep_id
             WHERE r.name = ?1 AND s.status = 'held'
               AND s.start_utc_ms >= ?2 AND s.start_utc_ms < ?3",
            rusqlite::params![name, first.timestamp_millis(), end.timestamp_millis()],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_minutes_match_the_held_sessions_and_the_goal_flags_reps_below_it() {
    let dir = tempfile::tempdir().unwrap();
    let today = Utc::now().date_naive().to_string();
    let db = demo_file(&dir, &["--today", &today]);
    let out = assert_ok(&coachbook(&["coaching-time", "--db", arg(&db), "--json"]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["goal_mins_per_week"], 45);
    assert_eq!(value["goal_30_days_mins"], 180);
    let reps = value["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 8);
    for rep in reps {
        let name = rep["rep"].as_str().unwrap();
        let short = rep["coached_30_days_mins"].as_i64().unwrap();
        assert_eq!(short, held_mins(&db, name, 30), "{name}, 30 days");
        assert_eq!(
            rep["coached_90_days_mins"].as_i64().unwrap(),
            held_mins(&db, name, 90),
            "{name}, 90 days"
        );
        assert_eq!(rep["under_goal"].as_bool(), Some(short < 180), "{name}");
        assert!(
            rep["observations_30_days"].as_i64().unwrap()
                <= rep["observations_90_days"].as_i64().unwrap()
        );
    }
}

#[test]
fn the_text_names_the_goal_and_every_rep() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    let out = assert_ok(&coachbook(&["coaching-time", "--db", arg(&db)]));
    assert!(
        out.contains("the goal is 45 minutes a week (3 h in the last 30 days)"),
        "{out}"
    );
    for name in ["Priya Lindqvist", "Jonas Costa", "Samir Castillo"] {
        assert!(out.contains(name), "{out}");
    }
}

#[test]
fn a_missing_file_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.db");
    let out = coachbook(&["coaching-time", "--db", arg(&missing)]);
    assert!(!out.status.success());
    common::cli::assert_clean_message(&common::cli::text(&out.stderr));
}

#[test]
fn the_goal_is_a_setting_that_undoes_and_the_report_follows_it() {
    use coachbook::ops::{Command, Ops};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &[]);
    {
        let store = coachbook::store::Store::open(&db).unwrap();
        let mut ops = Ops::new(store, Box::new(coachbook::clock::SystemClock));
        ops.apply(Command::SetCoachingGoal { mins_per_week: 60 })
            .unwrap();
        ops.apply(Command::SetCoachingGoal {
            mins_per_week: 100_000,
        })
        .unwrap();
        let goal = |ops: &Ops| {
            coachbook::store::meta::coaching_goal_mins_per_week(ops.store().conn()).unwrap()
        };
        assert_eq!(goal(&ops), 600, "kept to the range a goal can take");
        ops.undo().unwrap().unwrap();
        assert_eq!(goal(&ops), 60);
    }
    let out = assert_ok(&coachbook(&["coaching-time", "--db", arg(&db), "--json"]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["goal_mins_per_week"], 60);
    assert_eq!(value["goal_30_days_mins"], 240);
}
