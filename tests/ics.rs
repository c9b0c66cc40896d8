//! The exported calendar file, read back by independent parsers: icalendar's for the
//! structure, and the rrule crate's own RRULE parser for the dates.

mod common;

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::session::SkipReason;
use coachbook::export::ics;
use coachbook::ops::{Command, SessionChange};
use coachbook::store::{self, Store};
use icalendar::parser::{read_calendar, unfold};
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0).unwrap()
}

fn app(dir: &tempfile::TempDir, names: &[&str]) -> (App, Vec<RepId>) {
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    let mut app = App::new(store, Box::new(FixedClock(now()))).unwrap();
    for name in names {
        app.apply(Command::AddRep(RepDraft {
            name: (*name).into(),
            role: "AE".into(),
            ..RepDraft::default()
        }))
        .unwrap();
    }
    let ids = names
        .iter()
        .map(|n| {
            app.caches()
                .roster
                .iter()
                .find(|r| r.rep.name == *n)
                .unwrap()
                .rep
                .id
        })
        .collect();
    (app, ids)
}

fn cadence(rep: RepId, recurrence: Recurrence, hour: u32, tz: chrono_tz::Tz) -> Cadence {
    Cadence {
        id: CadenceId(0),
        rep_id: rep,
        recurrence,
        start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        local_time: NaiveTime::from_hms_opt(hour, 30, 0).unwrap(),
        duration_mins: 45,
        time_zone: tz,
        end: CadenceEnd::Never,
        ended: None,
    }
}

struct Parsed {
    uid: String,
    rrule: Option<String>,
    exdates: usize,
    recurrence_id: bool,
    summary: String,
}

fn events(text: &str) -> Vec<Parsed> {
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).expect("the file parses");
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| Parsed {
            uid: c.find_prop("UID").unwrap().val.to_string(),
            rrule: c.find_prop("RRULE").map(|p| p.val.to_string()),
            exdates: c.properties.iter().filter(|p| p.name == "EXDATE").count(),
            recurrence_id: c.find_prop("RECURRENCE-ID").is_some(),
            summary: c.find_prop("SUMMARY").unwrap().val.to_string(),
        })
        .collect()
}

#[test]
fn the_export_parses_back_to_the_same_events_with_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, reps) = app(&dir, &["Dana Whitfield", "Marcus Okafor"]);
    let berlin = chrono_tz::Tz::Europe__Berlin;
    let weekly = Recurrence::Weekly {
        interval_weeks: 1,
        weekday: Weekday::Mon,
    };
    app.apply(Command::SetCadence {
        rep: reps[0],
        cadence: Some(cadence(reps[0], weekly, 9, berlin)),
    })
    .unwrap();
    let monthly = Recurrence::MonthlyByWeekday {
        week: -1,
        weekday: Weekday::Fri,
    };
    app.apply(Command::SetCadence {
        rep: reps[1],
        cadence: Some(cadence(reps[1], monthly, 14, berlin)),
    })
    .unwrap();

    let conn = app.store().conn();
    let cadences = store::cadences::list(conn).unwrap();
    let dana = cadences
        .iter()
        .find(|c| c.rep_id == reps[0])
        .unwrap()
        .clone();
    let slots = dana.occurrences(now(), now() + chrono::Duration::days(30), 10);
    let key = |slot| coachbook::domain::schedule::OccurrenceKey::Slot {
        cadence: dana.id,
        slot,
    };
    app.apply(Command::ChangeSession {
        rep: reps[0],
        key: key(slots[0]),
        change: SessionChange::Skip(SkipReason::Vacation),
    })
    .unwrap();
    app.apply(Command::ChangeSession {
        rep: reps[0],
        key: key(slots[1]),
        change: SessionChange::Cancel,
    })
    .unwrap();
    app.apply(Command::ChangeSession {
        rep: reps[0],
        key: key(slots[2]),
        change: SessionChange::Move {
            start: slots[2] + chrono::Duration::hours(26),
            duration_mins: 45,
        },
    })
    .unwrap();
    app.apply(Command::AddOneOffSession {
        rep: reps[1],
        start: now() + chrono::Duration::days(2),
        duration_mins: 30,
    })
    .unwrap();

    let text = ics::export(app.store().conn(), None, now()).unwrap();
    assert!(
        text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin"),
        "a VTIMEZONE for the TZID"
    );
    let parsed = events(&text);
    assert_eq!(
        parsed.len(),
        4,
        "two cadences, one moved occurrence, one one-off"
    );
    let dana_events: Vec<&Parsed> = parsed
        .iter()
        .filter(|e| e.summary == "Coaching: Dana Whitfield")
        .collect();
    assert_eq!(dana_events.len(), 2);
    let series = dana_events.iter().find(|e| !e.recurrence_id).unwrap();
    assert_eq!(
        series.rrule.as_deref(),
        Some("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO")
    );
    assert_eq!(series.exdates, 2, "the skipped and the cancelled slot");
    let moved = dana_events.iter().find(|e| e.recurrence_id).unwrap();
    assert_eq!(
        moved.uid, series.uid,
        "the moved occurrence overrides the series"
    );
    assert!(
        parsed
            .iter()
            .any(|e| e.rrule.as_deref() == Some("FREQ=MONTHLY;BYDAY=-1FR"))
    );

    let again = events(&ics::export(app.store().conn(), None, now()).unwrap());
    let uids = |list: &[Parsed]| list.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(
        uids(&parsed),
        uids(&again),
        "a second export has the same UIDs"
    );

    let only_marcus = events(&ics::export(app.store().conn(), Some(reps[1]), now()).unwrap());
    assert!(
        only_marcus
            .iter()
            .all(|e| e.summary == "Coaching: Marcus Okafor")
    );
    assert_eq!(only_marcus.len(), 2);
}

/// Expands the exported DTSTART and RRULE with the rrule crate's own parser.
fn independent_expansion(text: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).unwrap();
    let event = calendar
        .components
        .iter()
        .find(|c| c.name == "VEVENT")
        .unwrap();
    let start = event.find_prop("DTSTART").unwrap();
    let tzid = start
        .params
        .iter()
        .find(|p| p.key == "TZID")
        .unwrap()
        .val
        .as_ref()
        .unwrap()
        .to_string();
    let source = format!(
        "DTSTART;TZID={tzid}:{}\nRRULE:{}",
        start.val,
        event.find_prop("RRULE").unwrap().val
    );
    let set = rrule::RRuleSet::from_str(&source).unwrap();
    let tz = rrule::Tz::Tz(tzid.parse().unwrap());
    set.after(from.with_timezone(&tz))
        .before(to.with_timezone(&tz))
        .all(400)
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        .filter(|d| *d >= from && *d < to)
        .collect()
}

fn recurrence() -> impl Strategy<Value = Recurrence> {
    let weekday = prop::sample::select(vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]);
    prop_oneof![
        (1u32..=4, weekday.clone()).prop_map(|(interval_weeks, weekday)| Recurrence::Weekly {
            interval_weeks,
            weekday
        }),
        (1u32..=31).prop_map(|day| Recurrence::MonthlyByDay { day }),
        (prop::sample::select(vec![1i8, 2, 3, 4, -1]), weekday)
            .prop_map(|(week, weekday)| Recurrence::MonthlyByWeekday { week, weekday }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_app_and_the_exported_rrule_agree(
        recurrence in recurrence(),
        hour in 6u32..20,
        zone in prop::sample::select(vec![
            chrono_tz::Tz::America__New_York,
            chrono_tz::Tz::Europe__Berlin,
            chrono_tz::Tz::Asia__Tokyo,
            chrono_tz::Tz::Australia__Sydney,
            chrono_tz::Tz::UTC,
        ]),
        start_offset in 0i64..60,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, reps) = app(&dir, &["Dana Whitfield"]);
        let mut c = cadence(reps[0], recurrence, hour, zone);
        c.start_date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(start_offset);
        app.apply(Command::SetCadence { rep: reps[0], cadence: Some(c) }).unwrap();
        let stored = store::cadences::list(app.store().conn()).unwrap().remove(0);
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).unwrap();
        let ours = stored.occurrences(from, to, u16::MAX);
        let text = ics::export(app.store().conn(), None, now()).unwrap();
        prop_assert!(!ours.is_empty());
        prop_assert_eq!(ours, independent_expansion(&text, from, to));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A week or a month shown years after a cadence began: the app expands from a later
    /// start in the same phase, the independent parser from the cadence's own start.
    #[test]
    fn a_window_long_after_the_start_has_the_same_occurrences(
        recurrence in recurrence(),
        hour in 6u32..20,
        zone in prop::sample::select(vec![
            chrono_tz::Tz::America__New_York,
            chrono_tz::Tz::Europe__Berlin,
            chrono_tz::Tz::Australia__Sydney,
        ]),
        start_offset in 0i64..60,
        window_offset in 0i64..1500,
        window_days in 1i64..62,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, reps) = app(&dir, &["Dana Whitfield"]);
        let mut c = cadence(reps[0], recurrence, hour, zone);
        c.start_date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(start_offset);
        app.apply(Command::SetCadence { rep: reps[0], cadence: Some(c) }).unwrap();
        let stored = store::cadences::list(app.store().conn()).unwrap().remove(0);
        let from = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap()
            + chrono::Duration::days(window_offset);
        let to = from + chrono::Duration::days(window_days);
        let text = ics::export(app.store().conn(), None, now()).unwrap();
        prop_assert_eq!(stored.occurrences(from, to, u16::MAX), independent_expansion(&text, from, to));
    }
}
