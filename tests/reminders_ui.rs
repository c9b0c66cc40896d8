//! Desktop reminders in the running window: a session about to start is reminded of once,
//! a skipped one never, and nothing comes once notifications are turned off. (Showing the
//! notification itself is the desktop's business; without one, it is only logged.)

mod common;

use chrono::Duration;
use coachbook::app::App;
use coachbook::domain::reminders::{NudgeKind, Reminders};
use coachbook::domain::rep::RepId;
use coachbook::domain::session::SkipReason;
use coachbook::ops::{Command, SessionChange};
use egui_kittest::Harness;

fn harness(dir: &tempfile::TempDir) -> Harness<'static, App> {
    common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1280.0, 800.0), true)
}

fn one_off(
    harness: &mut Harness<'_, App>,
    rep: RepId,
    in_mins: i64,
) -> chrono::DateTime<chrono::Utc> {
    let start = common::test_now() + Duration::minutes(in_mins);
    harness
        .state_mut()
        .apply(Command::AddOneOffSession {
            rep,
            start,
            duration_mins: 30,
        })
        .unwrap();
    common::settle(harness);
    start
}

fn shown_for(
    harness: &Harness<'_, App>,
    rep: RepId,
) -> Vec<(NudgeKind, chrono::DateTime<chrono::Utc>)> {
    harness
        .state()
        .nudges_shown()
        .iter()
        .filter(|n| n.rep == rep)
        .map(|n| (n.kind, n.start))
        .collect()
}

#[test]
fn a_session_about_to_start_is_reminded_of_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let rep = common::rep_named(harness.state(), "Hannah Novak");
    let start = one_off(&mut harness, rep, 10);
    assert_eq!(shown_for(&harness, rep), vec![(NudgeKind::Soon, start)]);
    let nudge = harness.state().nudges_shown().last().unwrap().clone();
    assert_eq!(
        nudge.text(chrono_tz::Tz::UTC).0,
        "Coaching with Hannah Novak at 17:10"
    );
    // More changes, more checks: still once.
    for mins_per_week in [60, 45] {
        harness
            .state_mut()
            .apply(Command::SetCoachingGoal { mins_per_week })
            .unwrap();
        common::settle(&mut harness);
    }
    assert_eq!(shown_for(&harness, rep), vec![(NudgeKind::Soon, start)]);
}

#[test]
fn a_skipped_session_and_switched_off_notifications_bring_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let rep = common::rep_named(harness.state(), "Kwame Okafor");
    let start = common::test_now() + Duration::minutes(12);
    harness
        .state_mut()
        .apply(Command::Batch(vec![Command::AddOneOffSession {
            rep,
            start,
            duration_mins: 30,
        }]))
        .unwrap();
    let id = harness
        .state()
        .store()
        .conn()
        .query_row(
            "SELECT id FROM sessions WHERE rep_id = ?1 AND start_utc_ms = ?2",
            [rep.0, start.timestamp_millis()],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    harness
        .state_mut()
        .apply(Command::ChangeSession {
            rep,
            key: coachbook::domain::schedule::OccurrenceKey::Stored(
                coachbook::domain::session::SessionId(id),
            ),
            change: SessionChange::Skip(SkipReason::RepSick),
        })
        .unwrap();
    common::settle(&mut harness);
    assert!(shown_for(&harness, rep).is_empty(), "a skipped session");

    harness
        .state_mut()
        .apply(Command::SetReminders(Reminders {
            before_mins: 15,
            notify: false,
        }))
        .unwrap();
    let other = common::rep_named(harness.state(), "Priya Lindqvist");
    one_off(&mut harness, other, 5);
    assert!(
        shown_for(&harness, other).is_empty(),
        "notifications are off"
    );
}
