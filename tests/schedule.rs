//! Cadences and sessions through the app's commands, at a fixed "now".

mod common;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::schedule::{Occurrence, OccurrenceKey};
use coachbook::domain::session::{SessionStatus, SkipReason};
use coachbook::ops::{Command, SessionChange};
use coachbook::store::{self, Store};

/// Wednesday 18 November 2026, 12:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0).unwrap()
}

fn weekly(rep: RepId, weekday: Weekday, hour: u32) -> Cadence {
    Cadence {
        id: CadenceId(0),
        rep_id: rep,
        recurrence: Recurrence::Weekly {
            interval_weeks: 1,
            weekday,
        },
        start_date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        local_time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
        duration_mins: 45,
        time_zone: chrono_tz::Tz::Europe__Berlin,
        end: CadenceEnd::Never,
        ended: None,
    }
}

fn app_with_rep(dir: &tempfile::TempDir) -> (App, RepId) {
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    let mut app = App::new(store, Box::new(FixedClock(now()))).unwrap();
    app.apply(Command::AddRep(RepDraft {
        name: "Dana Whitfield".into(),
        role: "AE".into(),
        ..RepDraft::default()
    }))
    .unwrap();
    let rep = app.caches().roster[0].rep.id;
    (app, rep)
}

/// Dana with a weekly cadence on Mondays at 9:00.
fn app_with_monday_cadence(dir: &tempfile::TempDir) -> (App, RepId) {
    let (mut app, rep) = app_with_rep(dir);
    app.apply(Command::SetCadence {
        rep,
        cadence: Some(weekly(rep, Weekday::Mon, 9)),
    })
    .unwrap();
    (app, rep)
}

fn window(app: &mut App) -> Vec<Occurrence> {
    let from = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap();
    let store = Store::open_read_only(app.store().path()).unwrap();
    let cadences = store::cadences::list(store.conn()).unwrap();
    let stored = store::sessions::between(store.conn(), from, to).unwrap();
    coachbook::domain::schedule::occurrences(
        &mut coachbook::domain::schedule::Cadences::new(cadences),
        &stored,
        from,
        to,
        now(),
    )
}

fn find(all: &[Occurrence], day: u32, month: u32) -> Occurrence {
    all.iter()
        .find(|o| o.start.format("%m-%d").to_string() == format!("{month:02}-{day:02}"))
        .cloned()
        .unwrap_or_else(|| panic!("no session on {month}-{day}"))
}

#[test]
fn past_slots_are_missed_future_ones_planned() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_with_monday_cadence(&dir);
    let all = window(&mut app);
    assert_eq!(
        find(&all, 16, 11).status,
        SessionStatus::Missed,
        "Monday 16 November passed"
    );
    assert_eq!(find(&all, 23, 11).status, SessionStatus::Planned);
    let row = &app.caches().roster[0];
    assert!(
        row.is_overdue(now(), chrono_tz::Tz::UTC),
        "a cadence and never held: overdue"
    );
    assert_eq!(row.coverage.held, 0);
    assert!(row.coverage.due >= 7);
    assert_eq!(row.coverage.next, Some(find(&all, 23, 11).start));
}

#[test]
fn move_skip_cancel_and_mark_held_each_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rep) = app_with_monday_cadence(&dir);
    let dump = common::dump(app.store().path());

    let held = find(&window(&mut app), 16, 11);
    app.apply(Command::ChangeSession {
        rep,
        key: held.key,
        change: SessionChange::MarkHeld,
    })
    .unwrap();
    assert_eq!(find(&window(&mut app), 16, 11).status, SessionStatus::Held);
    assert!(
        !app.caches().roster[0].is_overdue(now(), chrono_tz::Tz::UTC),
        "held two days ago: not overdue"
    );
    assert_eq!(app.caches().roster[0].coverage.held, 1);

    let next = find(&window(&mut app), 23, 11);
    let err = app
        .apply(Command::ChangeSession {
            rep,
            key: next.key,
            change: SessionChange::MarkHeld,
        })
        .unwrap_err();
    assert!(err.to_string().contains("on a day still to come"), "{err}");

    let moved_to = Utc.with_ymd_and_hms(2026, 11, 24, 14, 0, 0).unwrap();
    app.apply(Command::ChangeSession {
        rep,
        key: next.key,
        change: SessionChange::Move {
            start: moved_to,
            duration_mins: 30,
        },
    })
    .unwrap();
    let all = window(&mut app);
    assert!(
        all.iter()
            .all(|o| o.start.format("%m-%d").to_string() != "11-23"),
        "the slot is free"
    );
    let moved = find(&all, 24, 11);
    assert!(moved.moved && moved.duration_mins == 30);

    let later = find(&all, 30, 11);
    let err = app
        .apply(Command::ChangeSession {
            rep,
            key: later.key,
            change: SessionChange::Skip(SkipReason::Other("  ".into())),
        })
        .unwrap_err();
    assert!(err.to_string().contains("needs a reason"), "{err}");
    app.apply(Command::ChangeSession {
        rep,
        key: later.key,
        change: SessionChange::Skip(SkipReason::QuarterEnd),
    })
    .unwrap();
    let skipped = find(&window(&mut app), 30, 11);
    assert_eq!(
        (skipped.status, skipped.skip_reason),
        (SessionStatus::Skipped, Some(SkipReason::QuarterEnd))
    );

    let december = find(&window(&mut app), 7, 12);
    app.apply(Command::ChangeSession {
        rep,
        key: december.key,
        change: SessionChange::Cancel,
    })
    .unwrap();
    assert_eq!(
        find(&window(&mut app), 7, 12).status,
        SessionStatus::Cancelled
    );

    // Undo the four changes, newest first: the file is as it was.
    for _ in 0..4 {
        app.undo().unwrap().unwrap();
    }
    common::assert_same(
        &common::dump(app.store().path()),
        &dump,
        "every change undone",
    );
    assert_eq!(
        find(&window(&mut app), 16, 11).status,
        SessionStatus::Missed
    );
    app.redo().unwrap().unwrap();
    assert_eq!(find(&window(&mut app), 16, 11).status, SessionStatus::Held);
}

#[test]
fn a_changed_cadence_leaves_held_sessions_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rep) = app_with_monday_cadence(&dir);
    for day in [2, 9, 16] {
        let o = find(&window(&mut app), day, 11);
        app.apply(Command::ChangeSession {
            rep,
            key: o.key,
            change: SessionChange::MarkHeld,
        })
        .unwrap();
    }
    let future = find(&window(&mut app), 30, 11);
    app.apply(Command::ChangeSession {
        rep,
        key: future.key,
        change: SessionChange::Skip(SkipReason::Vacation),
    })
    .unwrap();
    let before: Vec<(DateTime<Utc>, SessionStatus)> = window(&mut app)
        .iter()
        .filter(|o| o.status == SessionStatus::Held)
        .map(|o| (o.start, o.status))
        .collect();
    assert_eq!(before.len(), 3);

    let mut thursday = weekly(rep, Weekday::Thu, 15);
    thursday.start_date = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
    let dump = common::dump(app.store().path());
    app.apply(Command::SetCadence {
        rep,
        cadence: Some(thursday),
    })
    .unwrap();
    let all = window(&mut app);
    let held: Vec<(DateTime<Utc>, SessionStatus)> = all
        .iter()
        .filter(|o| o.status == SessionStatus::Held)
        .map(|o| (o.start, o.status))
        .collect();
    assert_eq!(held, before, "held sessions never move");
    assert!(
        all.iter()
            .filter(|o| o.start > now())
            .all(|o| o.start.format("%a").to_string() == "Thu"),
        "from now on only the new cadence: {all:?}"
    );
    assert!(
        all.iter()
            .any(|o| o.start.format("%a %m-%d").to_string() == "Mon 11-09"),
        "past slots of the old cadence stay"
    );
    app.undo().unwrap().unwrap();
    common::assert_same(
        &common::dump(app.store().path()),
        &dump,
        "the change undone",
    );
}

#[test]
fn bad_cadences_and_sessions_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rep) = app_with_rep(&dir);
    let before = common::dump(app.store().path());
    let mut zero = weekly(rep, Weekday::Mon, 9);
    zero.recurrence = Recurrence::Weekly {
        interval_weeks: 0,
        weekday: Weekday::Mon,
    };
    assert!(
        app.apply(Command::SetCadence {
            rep,
            cadence: Some(zero)
        })
        .unwrap_err()
        .to_string()
        .contains("not a valid interval")
    );
    let mut backwards = weekly(rep, Weekday::Mon, 9);
    backwards.end = CadenceEnd::Until(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    assert!(
        app.apply(Command::SetCadence {
            rep,
            cadence: Some(backwards)
        })
        .unwrap_err()
        .to_string()
        .contains("before the start")
    );
    assert!(
        coachbook::domain::cadence::parse_time_zone("Europe/Atlantis")
            .unwrap_err()
            .to_string()
            .contains("not a known time zone")
    );
    let err = app
        .apply(Command::AddOneOffSession {
            rep,
            start: now(),
            duration_mins: 0,
        })
        .unwrap_err();
    assert!(err.to_string().contains("5 minutes to 8 hours"), "{err}");
    common::assert_same(
        &common::dump(app.store().path()),
        &before,
        "nothing written",
    );

    app.apply(Command::AddOneOffSession {
        rep,
        start: now() + Duration::days(1),
        duration_mins: 30,
    })
    .unwrap();
    let all = window(&mut app);
    assert!(matches!(all[0].key, OccurrenceKey::Stored(_)) && all[0].cadence.is_none());
}

/// Four cadences of different shapes, in different zones, one of them ended.
fn mixed_cadences() -> Vec<Cadence> {
    let mut fortnightly = weekly(RepId(1), Weekday::Tue, 9);
    fortnightly.recurrence = Recurrence::Weekly {
        interval_weeks: 2,
        weekday: Weekday::Thu,
    };
    fortnightly.id = CadenceId(2);
    let mut monthly = weekly(RepId(2), Weekday::Mon, 14);
    monthly.recurrence = Recurrence::MonthlyByWeekday {
        week: -1,
        weekday: Weekday::Fri,
    };
    monthly.time_zone = chrono_tz::Tz::America__New_York;
    monthly.id = CadenceId(3);
    let mut counted = weekly(RepId(3), Weekday::Wed, 8);
    counted.end = CadenceEnd::Count(30);
    counted.id = CadenceId(4);
    let mut ended = weekly(RepId(4), Weekday::Fri, 16);
    ended.ended = Some(Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap());
    ended.id = CadenceId(5);
    let mut first = weekly(RepId(5), Weekday::Mon, 9);
    first.id = CadenceId(1);
    vec![first, fortnightly, monthly, counted, ended]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// The calendar keeps the slots of a span and reuses them while the manager steps
    /// through weeks and months; every window must still show exactly the slots the rules
    /// give for it, inside the span, across its edge and far away from it.
    #[test]
    fn slots_kept_between_windows_equal_a_fresh_expansion(
        windows in proptest::collection::vec((-400i64..900, 1i64..70), 1..12),
    ) {
        let all = mixed_cadences();
        let mut kept = coachbook::domain::schedule::Cadences::new(all.clone());
        let origin = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        for (offset_days, length_days) in windows {
            let from = origin + Duration::days(offset_days);
            let to = from + Duration::days(length_days);
            let shown: Vec<(DateTime<Utc>, Option<CadenceId>)> =
                coachbook::domain::schedule::occurrences(&mut kept, &[], from, to, now())
                    .into_iter()
                    .map(|o| (o.start, o.cadence))
                    .collect();
            let mut fresh: Vec<(DateTime<Utc>, Option<CadenceId>)> = all
                .iter()
                .flat_map(|c| c.occurrences(from, to, u16::MAX).into_iter().map(|s| (s, Some(c.id))))
                .collect();
            fresh.sort();
            let mut shown_sorted = shown.clone();
            shown_sorted.sort();
            proptest::prop_assert_eq!(shown_sorted, fresh);
        }
    }
}
