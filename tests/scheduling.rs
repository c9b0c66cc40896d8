//! Scheduling as a manager meets it: "Schedule now" books one sensible slot however fast it
//! is clicked, a session is marked held from its day on, days are calendar days where the
//! manager is, and the month's "+N more" opens the day.

mod common;

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use coachbook::app::App;
use coachbook::clock::{FixedClock, ZonedClock};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::schedule::{Cadences, OccurrenceKey, occurrences};
use coachbook::domain::session::{Session, SessionStatus};
use coachbook::ops::{Command, SessionChange};
use coachbook::store::{self, Store};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::settle;

fn stored_sessions(app: &App, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Session> {
    let store = Store::open_read_only(app.store().path()).unwrap();
    store::sessions::between(store.conn(), from, to).unwrap()
}

/// A mouse double click at `at`, both clicks in the frame that is run next.
fn double_click_in_one_frame(harness: &mut Harness<'_, App>, at: egui::Pos2) {
    let press = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    let events = &mut harness.input_mut().events;
    events.push(egui::Event::PointerMoved(at));
    for pressed in [true, false, true, false] {
        events.push(press(pressed));
    }
}

#[test]
fn a_double_click_on_schedule_now_books_one_session_in_a_free_working_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = common::demo_harness(&path, egui::vec2(1300.0, 900.0), true);
    let (label, name, rep) = harness
        .state()
        .caches()
        .roster
        .iter()
        .map(|r| {
            (
                format!("Schedule now with {}", r.rep.name),
                r.rep.name.clone(),
                r.rep.id,
            )
        })
        .find(|(label, _, _)| harness.query_by_label(label).is_some())
        .expect("a rep of the demo needs coaching");
    let now = common::test_now();
    let before = common::count(&path, "sessions");

    let button = harness.get_by_label(&label).rect().center();
    double_click_in_one_frame(&mut harness, button);
    harness.step();
    // The next frame, as quick as a hand: the button is now the session it booked, and a
    // click where it was books nothing more.
    harness.step();
    assert!(harness.query_by_label(&label).is_none(), "the button stays");
    harness.get_by_label_contains(&format!("Booked with {name}: "));
    double_click_in_one_frame(&mut harness, button);
    harness.step();
    settle(&mut harness);
    assert_eq!(
        common::count(&path, "sessions"),
        before + 1,
        "one session booked"
    );

    // The slot: after now, on a weekday, inside working hours in the rep's zone, and
    // clear of every other session of the manager's (and so of the rep's).
    let app = harness.state();
    let booked: Vec<Session> = stored_sessions(app, now, now + Duration::days(14))
        .into_iter()
        .filter(|s| s.rep_id == rep && s.cadence_id.is_none())
        .collect();
    assert_eq!(booked.len(), 1, "{booked:?}");
    let session = &booked[0];
    assert!(session.start > now, "{} is not after {now}", session.start);
    let zone = app
        .caches()
        .cadences
        .iter()
        .find(|c| c.rep_id == rep && c.ended.is_none())
        .map_or(Tz::UTC, |c| c.time_zone);
    let start = session.start.with_timezone(&zone);
    let end = start + Duration::minutes(i64::from(session.duration_mins));
    assert!(
        !matches!(start.weekday(), Weekday::Sat | Weekday::Sun),
        "{start}"
    );
    assert!(start.hour() >= 9, "{start}");
    assert!(end.hour() * 60 + end.minute() <= 17 * 60, "{end}");
    let store = Store::open_read_only(&path).unwrap();
    let mut cadences = Cadences::new(store::cadences::list(store.conn()).unwrap());
    let stored = stored_sessions(app, now, now + Duration::days(14));
    let others = occurrences(&mut cadences, &stored, now, now + Duration::days(14), now);
    for o in others
        .iter()
        .filter(|o| o.key != OccurrenceKey::Stored(session.id))
    {
        let clash = o.start < session.start + Duration::minutes(45) && session.start < o.end();
        assert!(
            !(clash && matches!(o.status, SessionStatus::Planned | SessionStatus::Held)),
            "clashes with {o:?}"
        );
    }
}

#[test]
fn the_same_rep_cannot_be_booked_twice_at_the_same_instant_from_any_door() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rep) = app_with_rep(&dir, Box::new(FixedClock(common::test_now())));
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let book = |start| Command::AddOneOffSession {
        rep,
        start,
        duration_mins: 45,
    };
    app.apply(book(start)).unwrap();
    let err = app.apply(book(start)).unwrap_err().to_string();
    assert!(err.contains("already has a session at that time"), "{err}");
    app.apply(book(start + Duration::hours(1))).unwrap();
    let all = stored_sessions(&app, start, start + Duration::days(1));
    assert_eq!(all.len(), 2);
    // A cancelled session leaves its time free again.
    let first = all.iter().find(|s| s.start == start).unwrap().id;
    app.apply(Command::ChangeSession {
        rep,
        key: OccurrenceKey::Stored(first),
        change: SessionChange::Cancel,
    })
    .unwrap();
    app.apply(book(start)).unwrap();
}

fn app_with_rep(dir: &tempfile::TempDir, clock: Box<dyn coachbook::clock::Clock>) -> (App, RepId) {
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    let mut app = App::new(store, clock).unwrap();
    app.apply(Command::AddRep(RepDraft {
        name: "Dana Whitfield".into(),
        role: "AE".into(),
        ..RepDraft::default()
    }))
    .unwrap();
    let rep = app.caches().roster[0].rep.id;
    (app, rep)
}

/// Books a one-off at `start` and says its key.
fn one_off(app: &mut App, rep: RepId, start: DateTime<Utc>) -> OccurrenceKey {
    app.apply(Command::AddOneOffSession {
        rep,
        start,
        duration_mins: 45,
    })
    .unwrap();
    let id = stored_sessions(app, start, start + Duration::minutes(1))[0].id;
    OccurrenceKey::Stored(id)
}

fn mark_held(app: &mut App, rep: RepId, key: OccurrenceKey) -> Result<String, String> {
    app.apply(Command::ChangeSession {
        rep,
        key,
        change: SessionChange::MarkHeld,
    })
    .map_err(|e| e.to_string())
}

#[test]
fn mark_held_is_taken_from_the_sessions_day_on_and_refused_for_a_day_to_come() {
    let dir = tempfile::tempdir().unwrap();
    // Wednesday 18 November, 08:00 UTC.
    let now = Utc.with_ymd_and_hms(2026, 11, 18, 8, 0, 0).unwrap();
    let (mut app, rep) = app_with_rep(&dir, Box::new(FixedClock(now)));
    let later_today = one_off(&mut app, rep, now + Duration::hours(7));
    mark_held(&mut app, rep, later_today).expect("later today: held (the call started early)");
    let tomorrow = one_off(&mut app, rep, now + Duration::hours(25));
    let err = mark_held(&mut app, rep, tomorrow).unwrap_err();
    assert!(err.contains("on a day still to come"), "{err}");
}

#[test]
fn the_day_a_session_is_on_is_the_managers_day() {
    let dir = tempfile::tempdir().unwrap();
    // 20:00 UTC on Wednesday is 21:00 in Berlin; 23:30 UTC is already Thursday there.
    let now = Utc.with_ymd_and_hms(2026, 11, 18, 20, 0, 0).unwrap();
    let clock = ZonedClock {
        now,
        zone: chrono_tz::Europe::Berlin,
    };
    let (mut app, rep) = app_with_rep(&dir, Box::new(clock));
    let utc_today_berlin_tomorrow = one_off(&mut app, rep, now + Duration::minutes(210));
    let err = mark_held(&mut app, rep, utc_today_berlin_tomorrow).unwrap_err();
    assert!(err.contains("on a day still to come"), "{err}");
    let berlin_today = one_off(&mut app, rep, now + Duration::minutes(90));
    mark_held(&mut app, rep, berlin_today).unwrap();
}

/// The app at `now` for a manager in Berlin, with Dana held at `held`, on the Team screen.
fn team_in_berlin(
    dir: &tempfile::TempDir,
    held: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Harness<'static, App> {
    let path = dir.path().join("team.db");
    {
        let clock = ZonedClock {
            now,
            zone: chrono_tz::Europe::Berlin,
        };
        let store = Store::open(&path).unwrap();
        let mut app = App::new(store, Box::new(clock)).unwrap();
        app.apply(Command::AddRep(RepDraft {
            name: "Dana Whitfield".into(),
            role: "AE".into(),
            ..RepDraft::default()
        }))
        .unwrap();
        let rep = app.caches().roster[0].rep.id;
        let key = one_off(&mut app, rep, held);
        mark_held(&mut app, rep, key).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |cc| {
            let clock = ZonedClock {
                now,
                zone: chrono_tz::Europe::Berlin,
            };
            App::from_creation(cc, store, Box::new(clock)).unwrap()
        });
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness
}

fn berlin(month: u32, day: u32, h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Berlin
        .with_ymd_and_hms(2026, month, day, h, m, 0)
        .unwrap()
        .to_utc()
}

#[test]
fn held_on_tuesday_evening_is_yesterday_on_wednesday_morning() {
    let dir = tempfile::tempdir().unwrap();
    // Two hours apart, across the manager's midnight.
    let harness = team_in_berlin(&dir, berlin(12, 1, 22, 30), berlin(12, 2, 0, 30));
    harness.get_by_label("Yesterday");
    assert!(harness.query_by_label("Today").is_none());
}

#[test]
fn days_are_counted_across_a_daylight_saving_change() {
    // Saturday 28 March 23:30 to Monday 30 March 00:30 in Berlin is 24 hours (Sunday has
    // 23): two calendar days, not one.
    let dir = tempfile::tempdir().unwrap();
    let harness = team_in_berlin(&dir, berlin(3, 28, 23, 30), berlin(3, 30, 0, 30));
    harness.get_by_label("2 days ago");
    // Autumn: Sunday 25 October has 25 hours; 00:10 to 23:50 that day is still today.
    let dir = tempfile::tempdir().unwrap();
    let harness = team_in_berlin(&dir, berlin(10, 25, 0, 10), berlin(10, 25, 23, 50));
    harness.get_by_label("Today");
}

#[test]
fn more_in_the_month_opens_that_day_in_the_week_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::empty_harness(&dir.path().join("team.db"));
    let app = harness.state_mut();
    app.apply(Command::AddRep(RepDraft {
        name: "Ana Ruiz".into(),
        role: "AE".into(),
        ..RepDraft::default()
    }))
    .unwrap();
    let rep = app.caches().roster[0].rep.id;
    // Six sessions on Thursday 26 November: four fit in the month's cell.
    for hour in 9..15 {
        app.apply(Command::AddOneOffSession {
            rep,
            start: Utc.with_ymd_and_hms(2026, 11, 26, hour, 0, 0).unwrap(),
            duration_mins: 30,
        })
        .unwrap();
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    settle(&mut harness);
    harness
        .get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l == "Month"))
        .click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label("Ana Ruiz Thu 26 Nov 14:00, planned")
            .is_none()
    );
    harness.get_by_label("+2 more").click();
    settle(&mut harness);
    harness.get_by_label("23 Nov - 29 Nov 2026");
    harness.get_by_label("Ana Ruiz Thu 26 Nov 14:00, planned");
}

fn replace_text(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    settle(harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(text.to_owned()));
    settle(harness);
}

fn button(harness: &mut Harness<'_, App>, text: &str) {
    harness
        .get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(text)))
        .click();
    settle(harness);
}

#[test]
fn the_time_zone_is_found_by_typing_and_a_session_says_its_zone_when_it_differs() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::empty_harness(&dir.path().join("team.db"));
    harness
        .state_mut()
        .apply(Command::AddRep(RepDraft {
            name: "Ana Ruiz".into(),
            role: "AE".into(),
            ..RepDraft::default()
        }))
        .unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness.get_by_label("Ana Ruiz").click();
    settle(&mut harness);
    button(&mut harness, "Set a cadence");
    replace_text(&mut harness, "Time", "09:00");
    replace_text(&mut harness, "Time zone", "berl");
    assert!(harness.query_by_label("America/New_York").is_none());
    harness.get_by_label("Europe/Berlin").click();
    settle(&mut harness);
    assert!(
        harness.query_by_label("Europe/Berlin").is_none(),
        "the list goes once a zone is taken"
    );
    harness.get_by_label_contains(
        "The calendar shows times on this computer's clock (UTC): 09:00 in Europe/Berlin is 08:00 here.",
    );
    // Today's 09:00 has passed: the form says when the first session is.
    harness.get_by_label_contains("First session: Fri 27 Nov 2026 at 09:00.");
    button(&mut harness, "Save cadence");
    let cadence = harness.state().caches().cadences[0].clone();
    assert_eq!(cadence.time_zone, chrono_tz::Europe::Berlin);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    settle(&mut harness);
    button(&mut harness, "Next >");
    harness
        .get_by_label("Ana Ruiz Fri 27 Nov 08:00, planned")
        .click();
    settle(&mut harness);
    harness.get_by_label("09:00 in Europe/Berlin (times here are UTC)");
}

#[test]
fn a_one_off_on_top_of_the_reps_own_cadence_slot_is_refused() {
    use coachbook::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
    let dir = tempfile::tempdir().unwrap();
    let (mut app, rep) = app_with_rep(&dir, Box::new(FixedClock(common::test_now())));
    app.apply(Command::SetCadence {
        rep,
        cadence: Some(Cadence {
            id: CadenceId(0),
            rep_id: rep,
            recurrence: Recurrence::Weekly {
                interval_weeks: 1,
                weekday: Weekday::Tue,
            },
            start_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            local_time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            duration_mins: 45,
            time_zone: Tz::UTC,
            end: CadenceEnd::Never,
            ended: None,
        }),
    })
    .unwrap();
    let slot = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let err = app
        .apply(Command::AddOneOffSession {
            rep,
            start: slot,
            duration_mins: 45,
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("already has a session at that time"), "{err}");
    // Moved away, the slot is free for a one-off.
    app.apply(Command::ChangeSession {
        rep,
        key: OccurrenceKey::Slot {
            cadence: app.caches().cadences[0].id,
            slot,
        },
        change: SessionChange::Move {
            start: slot + Duration::hours(2),
            duration_mins: 45,
        },
    })
    .unwrap();
    app.apply(Command::AddOneOffSession {
        rep,
        start: slot,
        duration_mins: 45,
    })
    .unwrap();
}
