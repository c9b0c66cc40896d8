//! Reminders in the exported calendar, read back by a parser: an alarm on every event (the
//! minutes set in Settings), the upfront contract in the description of the session it
//! belongs to, and the reps as attendees only when asked, with UIDs that do not move.

mod common;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use coachbook::domain::reminders::Reminders;
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionField;
use coachbook::export::ics::{self, IcsOptions};
use coachbook::ops::Command;
use coachbook::store::{self, Store};
use icalendar::parser::{Component, read_calendar, unfold};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 12, 0, 0).unwrap()
}

/// Two reps, one with an email, each with a weekly cadence and one one-off session.
fn team(dir: &tempfile::TempDir) -> (App, Vec<RepId>) {
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    let mut app = App::new(store, Box::new(FixedClock(now()))).unwrap();
    for (name, email) in [
        ("Dana Whitfield", "dana@example.com"),
        ("Marcus Okafor", ""),
    ] {
        app.apply(Command::AddRep(RepDraft {
            name: name.into(),
            role: "AE".into(),
            email: email.into(),
            ..RepDraft::default()
        }))
        .unwrap();
    }
    let reps: Vec<RepId> = app.caches().roster.iter().map(|r| r.rep.id).collect();
    for (rep, weekday) in reps.iter().zip([Weekday::Mon, Weekday::Thu]) {
        app.apply(Command::SetCadence {
            rep: *rep,
            cadence: Some(Cadence {
                id: CadenceId(0),
                rep_id: *rep,
                recurrence: Recurrence::Weekly {
                    interval_weeks: 1,
                    weekday,
                },
                start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                local_time: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
                duration_mins: 45,
                time_zone: chrono_tz::Europe::Berlin,
                end: CadenceEnd::Never,
                ended: None,
            }),
        })
        .unwrap();
        app.apply(Command::AddOneOffSession {
            rep: *rep,
            start: now() + chrono::Duration::days(3),
            duration_mins: 30,
        })
        .unwrap();
    }
    (app, reps)
}

fn events(text: &str) -> Vec<Component<'static>> {
    let unfolded: &'static str = Box::leak(unfold(text).into_boxed_str());
    read_calendar(unfolded)
        .expect("the file parses")
        .components
        .into_iter()
        .filter(|c| c.name == "VEVENT")
        .collect()
}

fn prop(event: &Component<'_>, name: &str) -> Option<String> {
    event.find_prop(name).map(|p| p.val.to_string())
}

fn alarms(event: &Component<'_>) -> Vec<String> {
    event
        .components
        .iter()
        .filter(|c| c.name == "VALARM")
        .map(|c| c.find_prop("TRIGGER").unwrap().val.to_string())
        .collect()
}

#[test]
fn every_event_has_the_alarm_set_in_settings_and_no_attendee_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = team(&dir);
    let text = ics::export(app.store().conn(), None, now()).unwrap();
    let parsed = events(&text);
    assert_eq!(parsed.len(), 4, "two cadences and two one-off sessions");
    for event in &parsed {
        assert_eq!(alarms(event), vec!["-PT15M".to_owned()], "{event:?}");
        assert!(event.find_prop("ATTENDEE").is_none());
    }
    app.apply(Command::SetReminders(Reminders {
        before_mins: 40,
        notify: true,
    }))
    .unwrap();
    let text = ics::export(app.store().conn(), None, now()).unwrap();
    assert!(events(&text).iter().all(|e| alarms(e) == ["-PT40M"]));
    app.apply(Command::SetReminders(Reminders {
        before_mins: 0,
        notify: true,
    }))
    .unwrap();
    let text = ics::export(app.store().conn(), None, now()).unwrap();
    assert!(!text.contains("BEGIN:VALARM"));
    app.undo().unwrap().unwrap();
    assert_eq!(
        store::meta::reminders(app.store().conn())
            .unwrap()
            .before_mins,
        40
    );
}

#[test]
fn reps_with_an_email_are_invited_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (app, reps) = team(&dir);
    let options = IcsOptions {
        rep: None,
        alarm_mins: 15,
        invite_reps: true,
    };
    let invited = ics::export_with(app.store().conn(), &options, now()).unwrap();
    let parsed = events(&invited);
    let attendees: Vec<(String, Option<String>)> = parsed
        .iter()
        .map(|e| (prop(e, "SUMMARY").unwrap(), prop(e, "ATTENDEE")))
        .collect();
    for (summary, attendee) in &attendees {
        if summary.contains("Dana") {
            assert_eq!(attendee.as_deref(), Some("mailto:dana@example.com"));
        } else {
            assert_eq!(attendee, &None, "Marcus has no email");
        }
    }
    let dana = parsed
        .iter()
        .find(|e| prop(e, "ATTENDEE").is_some())
        .unwrap()
        .find_prop("ATTENDEE")
        .unwrap();
    let cn = dana.params.iter().find(|p| p.key == "CN").unwrap();
    assert_eq!(
        cn.val.as_ref().map(|v| v.to_string()).as_deref(),
        Some("Dana Whitfield")
    );
    // The same UIDs with or without attendees: importing again updates the events.
    let plain = ics::export(app.store().conn(), None, now()).unwrap();
    let uids = |text: &str| {
        let mut uids: Vec<String> = events(text)
            .iter()
            .map(|e| prop(e, "UID").unwrap())
            .collect();
        uids.sort();
        uids
    };
    assert_eq!(uids(&plain), uids(&invited));
    assert!(reps.len() == 2);
}

#[test]
fn the_upfront_contract_travels_with_its_session_and_stays_inside_the_description() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, reps) = team(&dir);
    let cadence = store::cadences::list(app.store().conn())
        .unwrap()
        .into_iter()
        .find(|c| c.rep_id == reps[0])
        .unwrap();
    let slot = cadence.occurrences(now(), now() + chrono::Duration::days(14), 1)[0];
    let key = OccurrenceKey::Slot {
        cadence: cadence.id,
        slot,
    };
    for (field, text) in [
        (SessionField::Purpose, "Plan the Acme renewal"),
        (
            SessionField::DesiredOutcome,
            "Agreed next step\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected; x,y",
        ),
    ] {
        let stored: Option<i64> = app
            .store()
            .conn()
            .query_row(
                "SELECT id FROM sessions WHERE cadence_id = ?1 AND occurrence_utc_ms = ?2",
                [cadence.id.0, slot.timestamp_millis()],
                |r| r.get(0),
            )
            .ok();
        let key = stored.map_or(key, |id| {
            OccurrenceKey::Stored(coachbook::domain::session::SessionId(id))
        });
        app.apply(Command::EditSessionText {
            rep: reps[0],
            key,
            field,
            text: text.into(),
        })
        .unwrap();
    }
    let text = ics::export(app.store().conn(), None, now()).unwrap();
    let parsed = events(&text);
    assert_eq!(
        parsed.len(),
        5,
        "the session with a contract is an event of its own"
    );
    let own = parsed
        .iter()
        .find(|e| prop(e, "DESCRIPTION").is_some())
        .expect("an event with the contract");
    assert!(own.find_prop("RECURRENCE-ID").is_some());
    assert_eq!(prop(own, "UID").unwrap(), ics::cadence_uid(&cadence));
    let description = prop(own, "DESCRIPTION").unwrap();
    assert!(
        description.contains("Purpose: Plan the Acme renewal"),
        "{description}"
    );
    assert!(description.contains("injected"), "{description}");
    assert!(
        !parsed
            .iter()
            .any(|e| prop(e, "SUMMARY").as_deref() == Some("injected; x,y"))
    );
    assert_eq!(alarms(own).len(), 1);
}
