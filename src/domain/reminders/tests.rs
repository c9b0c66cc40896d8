use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::domain::session::SessionId;

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    BERLIN
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn session(id: i64, start: DateTime<Utc>, status: SessionStatus, prepared: bool) -> Upcoming {
    Upcoming {
        occurrence: Occurrence {
            key: OccurrenceKey::Stored(SessionId(id)),
            rep: RepId(id),
            cadence: None,
            start,
            duration_mins: 45,
            status,
            skip_reason: None,
            moved: false,
        },
        rep_name: format!("Rep {id}"),
        prepared,
    }
}

fn kinds(nudges: &[Nudge]) -> Vec<(NudgeKind, i64)> {
    nudges.iter().map(|n| (n.kind, n.rep.0)).collect()
}

#[test]
fn a_session_is_reminded_of_once_at_the_set_time_before() {
    let start = at(2026, 12, 3, 10, 0);
    let sessions = [session(1, start, SessionStatus::Planned, true)];
    let mut scheduler = Scheduler::default();
    let settings = Reminders::default();
    let due = |s: &mut Scheduler, now| kinds(&s.due(now, BERLIN, settings, &sessions));
    assert!(due(&mut scheduler, at(2026, 12, 3, 9, 44)).is_empty());
    assert_eq!(
        due(&mut scheduler, at(2026, 12, 3, 9, 45)),
        vec![(NudgeKind::Soon, 1)]
    );
    assert!(
        due(&mut scheduler, at(2026, 12, 3, 9, 50)).is_empty(),
        "not twice"
    );
    assert!(
        due(&mut scheduler, at(2026, 12, 3, 10, 0)).is_empty(),
        "not once started"
    );
}

#[test]
fn held_skipped_and_cancelled_sessions_get_nothing_and_off_means_off() {
    let start = at(2026, 12, 3, 10, 0);
    let now = at(2026, 12, 3, 9, 50);
    let sessions = [
        session(1, start, SessionStatus::Held, false),
        session(2, start, SessionStatus::Skipped, false),
        session(3, start, SessionStatus::Cancelled, false),
        session(4, start, SessionStatus::Planned, false),
    ];
    let mut scheduler = Scheduler::default();
    let off = Reminders {
        notify: false,
        ..Reminders::default()
    };
    assert!(scheduler.due(now, BERLIN, off, &sessions).is_empty());
    let on = scheduler.due(now, BERLIN, Reminders::default(), &sessions);
    assert_eq!(kinds(&on), vec![(NudgeKind::Soon, 4)]);
}

#[test]
fn the_day_before_an_unprepared_session_asks_for_preparation_from_nine() {
    let start = at(2026, 12, 4, 8, 30);
    let sessions = [
        session(1, start, SessionStatus::Planned, false),
        session(2, start, SessionStatus::Planned, true),
    ];
    let mut scheduler = Scheduler::default();
    let settings = Reminders::default();
    assert!(
        scheduler
            .due(at(2026, 12, 3, 8, 59), BERLIN, settings, &sessions)
            .is_empty()
    );
    let due = scheduler.due(at(2026, 12, 3, 9, 0), BERLIN, settings, &sessions);
    assert_eq!(kinds(&due), vec![(NudgeKind::Prepare, 1)]);
    assert!(
        scheduler
            .due(at(2026, 12, 3, 17, 0), BERLIN, settings, &sessions)
            .is_empty()
    );
    // The next morning it is the session itself that is reminded of.
    let soon = scheduler.due(at(2026, 12, 4, 8, 15), BERLIN, settings, &sessions);
    assert_eq!(
        kinds(&soon),
        vec![(NudgeKind::Soon, 1), (NudgeKind::Soon, 2)]
    );
}

#[test]
fn across_the_spring_change_minutes_and_days_are_the_zones() {
    // Clocks go forward on Sunday 29 March 2026 in Berlin: 02:00 becomes 03:00.
    let monday = at(2026, 3, 30, 9, 30);
    let sunday_early = at(2026, 3, 29, 9, 30);
    let sessions = [
        session(1, monday, SessionStatus::Planned, false),
        session(2, sunday_early, SessionStatus::Planned, true),
    ];
    let mut scheduler = Scheduler::default();
    let settings = Reminders::default();
    // Saturday evening: Monday is not tomorrow yet; Sunday's session is prepared.
    assert!(
        scheduler
            .due(at(2026, 3, 28, 21, 0), BERLIN, settings, &sessions)
            .is_empty()
    );
    // 09:15 local on Sunday is 07:15 UTC after the change.
    let soon = scheduler.due(
        Utc.with_ymd_and_hms(2026, 3, 29, 7, 15, 0).unwrap(),
        BERLIN,
        settings,
        &sessions,
    );
    assert_eq!(
        kinds(&soon),
        vec![(NudgeKind::Prepare, 1), (NudgeKind::Soon, 2)]
    );
    // The Monday reminder comes 15 minutes before 09:30 local, not an hour off.
    assert!(
        scheduler
            .due(
                Utc.with_ymd_and_hms(2026, 3, 30, 7, 14, 0).unwrap(),
                BERLIN,
                settings,
                &sessions
            )
            .is_empty()
    );
    let monday_soon = scheduler.due(
        Utc.with_ymd_and_hms(2026, 3, 30, 7, 15, 0).unwrap(),
        BERLIN,
        settings,
        &sessions,
    );
    assert_eq!(kinds(&monday_soon), vec![(NudgeKind::Soon, 1)]);
}

#[test]
fn what_an_earlier_run_showed_is_not_shown_again() {
    let start = at(2026, 12, 3, 10, 0);
    let sessions = [session(1, start, SessionStatus::Planned, true)];
    let mut first = Scheduler::default();
    let now = at(2026, 12, 3, 9, 50);
    assert_eq!(
        first
            .due(now, BERLIN, Reminders::default(), &sessions)
            .len(),
        1
    );
    let mut second = Scheduler::default();
    for (kind, rep, start) in first.shown_since(now) {
        second.remember(kind, rep, start);
    }
    assert!(
        second
            .due(now, BERLIN, Reminders::default(), &sessions)
            .is_empty()
    );
}

proptest! {
    /// Whatever the clock does (steps, jumps back, repeats), each session is reminded of
    /// at most once of each kind, a Soon only within its window before the start.
    #[test]
    fn never_twice_and_never_outside_the_window(
        offsets in proptest::collection::vec(-3_000i64..3_000, 1..60),
        before_mins in 0u32..120,
        starts in proptest::collection::vec(0i64..2_880, 1..6),
    ) {
        let base = at(2026, 10, 24, 0, 0);
        let sessions: Vec<Upcoming> = starts
            .iter()
            .enumerate()
            .map(|(i, m)| session(i as i64, base + Duration::minutes(*m), SessionStatus::Planned, i % 2 == 0))
            .collect();
        let settings = Reminders { before_mins, notify: true };
        let lead = i64::from(before_mins.max(1));
        let mut scheduler = Scheduler::default();
        let mut seen = HashSet::new();
        for offset in offsets {
            let now = base + Duration::minutes(offset);
            for nudge in scheduler.due(now, BERLIN, settings, &sessions) {
                prop_assert!(seen.insert((nudge.kind, nudge.rep, nudge.start)));
                prop_assert!(nudge.start > now);
                if nudge.kind == NudgeKind::Soon {
                    prop_assert!(now >= nudge.start - Duration::minutes(lead));
                }
            }
        }
    }
}
