//! A data file that already holds a row the app cannot use (written by hand, by a script,
//! or imported by an older Coachbook): `check` reports it, the window opens with the
//! cadence flagged rather than failing to start, and `gaps`, `agenda` and `export-ics`
//! go on for every rep, leaving the bad cadence out with a sentence.

mod common;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, Weekday};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use coachbook::domain::rep::RepId;
use coachbook::ops::Command;
use coachbook::store::{self, Store};
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

use common::cli::{arg, assert_ok, coachbook, text};
use common::{demo_store, harness_on, settle, test_now};

/// The demo team with the first rep's current cadence spoiled by `damage` (SQL run with
/// `?1` as the cadence's id); the rep's id and name.
fn spoiled(dir: &Path, damage: &str) -> (PathBuf, RepId, String) {
    let db = dir.join("team.db");
    drop(demo_store(&db));
    let conn = Connection::open(&db).unwrap();
    let (cadence, rep): (i64, i64) = conn
        .query_row(
            "SELECT id, rep_id FROM cadences WHERE ended_utc_ms IS NULL ORDER BY rep_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(damage, [cadence]).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM reps WHERE id = ?1", [rep], |r| r.get(0))
        .unwrap();
    (db, RepId(rep), name)
}

const MARS: &str = "UPDATE cadences SET time_zone = 'Mars/Olympus_Mons' WHERE id = ?1";

fn weekly(rep: RepId) -> Cadence {
    Cadence {
        id: CadenceId(0),
        rep_id: rep,
        recurrence: Recurrence::Weekly {
            interval_weeks: 1,
            weekday: Weekday::Tue,
        },
        start_date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        local_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_mins: 45,
        time_zone: chrono_tz::Tz::Europe__Berlin,
        end: CadenceEnd::Never,
        ended: None,
    }
}

#[test]
fn check_lists_rows_that_break_a_rule_and_the_others_read_on() {
    let dir = tempfile::tempdir().unwrap();
    for (damage, words) in [
        (MARS, "\"Mars/Olympus_Mons\" is not a known time zone"),
        (
            "UPDATE cadences SET rrule = 'FREQ=SECONDLY' WHERE id = ?1",
            "\"FREQ=SECONDLY\" is not a rule Coachbook repeats",
        ),
        (
            "UPDATE cadences SET count = 99999999999 WHERE id = ?1",
            "99999999999 is not",
        ),
        (
            "UPDATE cadences SET start_day = 'soon' WHERE id = ?1",
            "holds text, not a whole number",
        ),
    ] {
        let case = tempfile::tempdir_in(dir.path()).unwrap();
        let (db, _, _) = spoiled(case.path(), damage);
        let store = Store::open(&db).unwrap();
        let report = store::check::run(store.conn()).unwrap();
        assert!(!report.is_ok());
        assert_eq!(report.row_problem_count, 1, "{report:?}");
        assert!(
            report.row_problems[0].starts_with("cadences row "),
            "{report:?}"
        );
        assert!(report.row_problems[0].contains(words), "{report:?}");
        let rows = store::cadences::list_all(store.conn()).unwrap();
        assert_eq!(rows.unreadable.len(), 1);
        assert!(rows.unreadable[0].current);
        assert_eq!(
            store::cadences::list(store.conn()).unwrap().len(),
            rows.readable.len()
        );
        assert!(!rows.readable.is_empty(), "one bad row hides no other");
    }
}

#[test]
fn the_app_opens_flags_the_cadence_and_a_new_cadence_repairs_it_undoably() {
    let dir = tempfile::tempdir().unwrap();
    let (db, rep, _) = spoiled(dir.path(), MARS);
    let mut app = App::new(Store::open(&db).unwrap(), Box::new(FixedClock(test_now()))).unwrap();
    let problem = app.caches().rep(rep).unwrap().cadence_problem.clone();
    assert!(problem.unwrap().contains("Mars/Olympus_Mons"));
    assert!(
        app.caches()
            .cadences
            .iter()
            .all(|c| c.rep_id != rep || c.ended.is_some())
    );

    app.apply(Command::SetCadence {
        rep,
        cadence: Some(weekly(rep)),
    })
    .unwrap();
    assert_eq!(app.caches().rep(rep).unwrap().cadence_problem, None);
    let current = |app: &App| {
        store::cadences::list_all(app.store().conn())
            .unwrap()
            .unreadable
            .iter()
            .any(|c| c.current)
    };
    assert!(!current(&app), "the unreadable row is ended");
    assert!(app.caches().rep(rep).unwrap().cadence.is_some());

    app.undo().unwrap().unwrap();
    assert!(current(&app), "undo makes it the rep's cadence again");
    assert!(app.caches().rep(rep).unwrap().cadence_problem.is_some());
    app.redo().unwrap().unwrap();
    assert!(!current(&app));
    assert_eq!(app.caches().rep(rep).unwrap().cadence_problem, None);

    // Ending the cadence repairs it too.
    app.undo().unwrap().unwrap();
    app.apply(Command::SetCadence { rep, cadence: None })
        .unwrap();
    assert!(!current(&app));
}

#[test]
fn the_window_starts_with_a_banner_and_the_rep_page_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, name) = spoiled(dir.path(), MARS);
    let mut harness = harness_on(Store::open(&db).unwrap(), egui::vec2(1300.0, 900.0), true);
    harness.get_by_label_contains(&format!("The cadence of {name} cannot be read"));
    harness.get_by_label(&format!("Open {name}")).click();
    settle(&mut harness);
    harness
        .get_by_label_contains("This cadence needs repair: \"Mars/Olympus_Mons\" is not a known");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    settle(&mut harness);
    harness.get_by_label_contains(&format!("The cadence of {name} cannot be read"));
}

#[test]
fn the_commands_go_on_for_every_rep_and_say_what_they_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, name) = spoiled(dir.path(), MARS);
    let left_out = format!("Left out the cadence of {name}, which cannot be read");

    let out = coachbook(&["check", "--db", arg(&db)]);
    assert!(!out.status.success());
    let printed = text(&out.stdout);
    assert!(printed.contains("Integrity: ok"), "{printed}");
    assert!(
        printed.contains("Rules: 1 row(s) break a rule Coachbook keeps"),
        "{printed}"
    );
    assert!(printed.contains("Mars/Olympus_Mons"), "{printed}");
    assert!(printed.contains("The window still opens it"), "{printed}");

    let out = coachbook(&["gaps", "--json", "--db", arg(&db)]);
    let printed = assert_ok(&out);
    serde_json::from_str::<serde_json::Value>(&printed).expect("stdout stays JSON");
    assert!(
        text(&out.stderr).contains(&left_out),
        "{}",
        text(&out.stderr)
    );

    let out = coachbook(&["agenda", "--rep", &name, "--db", arg(&db)]);
    assert_ok(&out);
    assert!(text(&out.stderr).contains(&left_out));

    let file = dir.path().join("team.ics");
    let out = coachbook(&["export-ics", "--out", arg(&file), "--db", arg(&db)]);
    let printed = assert_ok(&out);
    assert!(printed.starts_with("Wrote "), "{printed}");
    assert!(text(&out.stderr).contains(&left_out));
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(ics.contains("RRULE:"), "the other reps' cadences are there");
    assert!(!ics.contains("Mars"));
}
