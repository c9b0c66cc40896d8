//! Busy time end to end: read from a calendar file into the data file as one undoable
//! step (titles only when asked, cleaned), shown in the week view, named next to a one-off
//! session's time with the next free time to take, counted against a new cadence; and the
//! command line's import-busy.

mod common;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use coachbook::domain::busy::{BusyBlock, BusySource, cadence_collisions};
use coachbook::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use coachbook::domain::rep::RepId;
use coachbook::ops::Command;
use coachbook::store;
use coachbook::ui::{Place, Request, Screen};
use common::cli::{arg, assert_ok, coachbook, text};
use egui_kittest::kittest::Queryable;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendars")
        .join(name)
}

fn block(day: u32, hour: u32, title: &str) -> BusyBlock {
    let start = Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap();
    BusyBlock {
        start,
        end: start + Duration::hours(1),
        title: Some(title.into()),
    }
}

#[test]
fn replacing_busy_time_is_one_step_undone_whole_and_titles_stay_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1280.0, 800.0), true);
    let app = harness.state_mut();
    let source = |keep_titles| BusySource {
        path: Some("/home/me/calendar.ics".into()),
        reread: false,
        keep_titles,
        read_at: Some(common::test_now()),
    };
    app.apply(Command::ReplaceBusy {
        blocks: vec![block(23, 9, "Forecast\u{1b}[2J call\u{0}")],
        source: source(true),
        at_start: false,
    })
    .unwrap();
    let kept = store::busy::all(app.store().conn()).unwrap();
    assert_eq!(
        kept[0].title.as_deref(),
        Some("Forecast[2J call"),
        "cleaned by the one rule"
    );
    app.apply(Command::ReplaceBusy {
        blocks: vec![block(24, 10, "Board"), block(25, 11, "1:1")],
        source: source(false),
        at_start: false,
    })
    .unwrap();
    let kept = store::busy::all(app.store().conn()).unwrap();
    assert_eq!(kept.len(), 2);
    assert!(
        kept.iter().all(|b| b.title.is_none()),
        "titles only when asked"
    );
    app.undo().unwrap().unwrap();
    let back = store::busy::all(app.store().conn()).unwrap();
    assert_eq!(back.len(), 1);
    assert!(store::busy::source(app.store().conn()).unwrap().keep_titles);
    let backwards = BusyBlock {
        end: block(23, 9, "").start - Duration::hours(1),
        ..block(23, 9, "x")
    };
    let refused = app.apply(Command::ReplaceBusy {
        blocks: vec![backwards],
        source: source(false),
        at_start: false,
    });
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("ends before it starts")
    );
    assert_eq!(
        store::busy::all(app.store().conn()).unwrap().len(),
        1,
        "as it was"
    );
}

#[test]
fn the_week_shows_busy_time_and_a_one_off_on_it_is_named_with_a_free_time_to_take() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1280.0, 800.0), true);
    harness
        .state_mut()
        .request(Request::ImportBusy(fixture("google.ics")));
    common::settle(&mut harness);
    let count = harness.state().caches().busy.len();
    assert!(count > 20, "{count} blocks");
    // The stand-up, Tuesday and Thursday 08:00 in Berlin, is 07:00 UTC.
    harness
        .state_mut()
        .request(Request::Go(Place::Screen(Screen::Calendar)));
    common::settle(&mut harness);
    assert!(
        harness.query_all_by_label("Busy 07:00-07:30").count() >= 2,
        "the week view names the busy time"
    );

    let rep = common::rep_named(harness.state(), "Hannah Novak");
    harness.state_mut().request(Request::Go(Place::rep(rep)));
    {
        let form = &mut harness.state_mut().ui_state_mut().team.one_off;
        form.date = "2026-12-01".into();
        form.time = "14:15".into();
        form.duration_mins = 30;
    }
    common::settle(&mut harness);
    harness.get_by_label_contains("Your calendar is busy then: Busy 14:00-15:00");
    harness
        .get_by_label_contains("Take Tue 1 Dec 15:00 instead")
        .click();
    common::settle(&mut harness);
    let form = &harness.state().ui_state().team.one_off;
    assert_eq!(
        (form.date.as_str(), form.time.as_str()),
        ("2026-12-01", "15:00")
    );
}

#[test]
fn a_cadence_on_busy_time_is_found_colliding() {
    let berlin = chrono_tz::Europe::Berlin;
    let cadence = Cadence {
        id: CadenceId(1),
        rep_id: RepId(1),
        recurrence: Recurrence::Weekly {
            interval_weeks: 1,
            weekday: Weekday::Mon,
        },
        start_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        local_time: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        duration_mins: 45,
        time_zone: berlin,
        end: CadenceEnd::Never,
        ended: None,
    };
    let read = coachbook::exchange::busy_ics::read_file(
        &fixture("outlook.ics"),
        coachbook::exchange::busy_ics::ReadAs {
            zone: berlin,
            now: common::test_now(),
            keep_titles: false,
        },
    )
    .unwrap();
    // The forecast call runs 09:00-10:00 on Mondays: every session collides but the one
    // whose call moved (7 Dec) and the one it skips (14 Dec).
    let hits = cadence_collisions(&cadence, &read.blocks, common::test_now(), 6);
    let days: Vec<u32> = hits
        .iter()
        .map(|t| chrono::Datelike::day(&t.with_timezone(&berlin)))
        .collect();
    assert_eq!(days, vec![23, 30, 21, 28]);
}

#[test]
fn import_busy_on_the_command_line_keeps_the_blocks_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::cli::demo_file(&dir, &["--today", "2026-11-20"]);
    let out = assert_ok(&coachbook(&[
        "import-busy",
        "--db",
        arg(&db),
        "--in",
        arg(&fixture("apple.ics")),
        "--keep-titles",
    ]));
    assert!(out.starts_with("Read 5 events from"), "{out}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let titled: i64 = conn
        .query_row(
            "SELECT count(*) FROM busy_blocks WHERE title = 'Dentist'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(titled, 1);
    let bad = dir.path().join("notes.ics");
    std::fs::write(&bad, "Just some notes\n").unwrap();
    let refused = coachbook(&["import-busy", "--db", arg(&db), "--in", arg(&bad)]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("is not a calendar file"),
        "{}",
        text(&refused.stderr)
    );
    let still: i64 = conn
        .query_row("SELECT count(*) FROM busy_blocks", [], |r| r.get(0))
        .unwrap();
    assert!(still > 0, "a refused file leaves the busy time as it was");
}
