//! The session workspace's rules through the app: the proposed agenda on the demo team,
//! exact notes of any length and script, undo of points, notes and commitments, refusals.

mod common;

use chrono::{Duration, NaiveDate};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::Bucket;
use coachbook::domain::agenda::Section;
use coachbook::domain::commitment::{CommitmentStatus, Owner};
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionField;
use coachbook::ops::Command;
use coachbook::store;

use common::{demo_store, test_now};

fn demo_app(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("demo.db");
    let store = demo_store(&path);
    App::new(store, Box::new(FixedClock(test_now()))).unwrap()
}

/// A rep's next untouched session slot.
fn next_slot(app: &App, rep: RepId) -> OccurrenceKey {
    let cadence = app
        .caches()
        .cadences
        .iter()
        .find(|c| c.rep_id == rep && c.ended.is_none())
        .unwrap();
    let slot = cadence.occurrences(test_now(), test_now() + Duration::days(40), 1)[0];
    OccurrenceKey::Slot {
        cadence: cadence.id,
        slot,
    }
}

#[test]
fn the_proposed_agenda_gives_reasons_and_every_open_commitment_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir);
    for row in &app.caches().roster {
        let (next, points) = app.next_session_agenda(row.rep.id).unwrap();
        assert!(next.is_some(), "{} has a next session", row.rep.name);
        assert!(
            points.iter().all(|p| !p.reason.trim().is_empty()),
            "every point says why"
        );
        for bucket in Bucket::ALL {
            assert!(
                points.iter().any(|p| p.section == Section::Bucket(bucket)),
                "{bucket:?} has points"
            );
        }
        let open: Vec<String> = store::commitments::for_rep(app.store().conn(), row.rep.id)
            .unwrap()
            .into_iter()
            .filter(|c| c.status == CommitmentStatus::Open)
            .map(|c| c.draft.text)
            .collect();
        let follow_ups: Vec<&str> = points
            .iter()
            .filter(|p| p.section == Section::FollowUp && p.reason.contains("commitment"))
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            follow_ups.len(),
            open.len(),
            "{}: each open commitment once",
            row.rep.name
        );
        for text in &open {
            assert_eq!(
                follow_ups.iter().filter(|t| **t == text.as_str()).count(),
                open.iter().filter(|t| *t == text).count()
            );
        }
    }
}

#[test]
fn notes_of_any_length_and_script_are_kept_exactly_and_privately() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir);
    let rep = app.caches().roster[0].rep.id;
    let key = next_slot(&app, rep);
    let long: String = "مرحبا بالعالم 🎯 שלום e\u{301} "
        .chars()
        .cycle()
        .take(100_000)
        .collect();
    app.apply(Command::EditSessionText {
        rep,
        key,
        field: SessionField::SharedNotes(Bucket::Customer),
        text: long.clone(),
    })
    .unwrap();
    app.apply(Command::EditSessionText {
        rep,
        key,
        field: SessionField::PrivateNotes(Bucket::Customer),
        text: "PRIVATE".into(),
    })
    .unwrap();
    let OccurrenceKey::Slot { cadence, slot } = key else {
        unreachable!()
    };
    let session = store::sessions::find_slot(app.store().conn(), cadence, slot)
        .unwrap()
        .unwrap();
    let notes = store::sessions::notes(app.store().conn(), session.id).unwrap();
    let customer = notes.iter().find(|n| n.bucket == Bucket::Customer).unwrap();
    assert_eq!(
        customer.shared, long,
        "100,000 characters, right-to-left and emoji, byte for byte"
    );
    assert_eq!(
        customer.private, "PRIVATE",
        "private notes are a field of their own"
    );
}

#[test]
fn points_notes_and_commitments_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir);
    let path = app.store().path().to_owned();
    let rep = app.caches().roster[1].rep.id;
    let key = next_slot(&app, rep);
    let before = common::dump(&path);

    app.apply(Command::AddTalkingPoints {
        rep,
        key,
        points: vec![(Bucket::Selling, "Discovery questions".into(), String::new())],
    })
    .unwrap();
    let point = store::talking_points::for_session(
        app.store().conn(),
        store::sessions::between(
            app.store().conn(),
            test_now(),
            test_now() + Duration::days(40),
        )
        .unwrap()
        .into_iter()
        .find(|s| s.rep_id == rep)
        .unwrap()
        .id,
    )
    .unwrap()
    .remove(0);
    let with_point = common::dump(&path);
    app.apply(Command::SetPointCovered {
        id: point.id,
        covered: true,
    })
    .unwrap();
    app.undo().unwrap().unwrap();
    common::assert_same(&common::dump(&path), &with_point, "untick");

    app.apply(Command::EditSessionText {
        rep,
        key,
        field: SessionField::Summary,
        text: "Went well".into(),
    })
    .unwrap();
    app.undo().unwrap().unwrap();
    common::assert_same(&common::dump(&path), &with_point, "note edit undone");

    let due = test_now().date_naive() + Duration::days(10);
    app.apply(Command::AddCommitment {
        rep,
        key,
        text: "Send the recap".into(),
        owner: Owner::Rep,
        due_on: due,
    })
    .unwrap();
    app.undo().unwrap().unwrap();
    common::assert_same(&common::dump(&path), &with_point, "commitment undone");

    app.undo().unwrap().unwrap();
    common::assert_same(
        &common::dump(&path),
        &before,
        "the first point undone removes the session it stored",
    );

    let empty = app.apply(Command::AddCommitment {
        rep,
        key,
        text: "   ".into(),
        owner: Owner::Rep,
        due_on: due,
    });
    assert!(
        empty
            .unwrap_err()
            .to_string()
            .contains("commitment is empty")
    );
    let early = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let early = app.apply(Command::AddCommitment {
        rep,
        key,
        text: "Old".into(),
        owner: Owner::Rep,
        due_on: early,
    });
    assert!(
        early
            .unwrap_err()
            .to_string()
            .contains("before the session")
    );
    common::assert_same(&common::dump(&path), &before, "refusals write nothing");
}

#[test]
fn capturing_in_a_session_that_was_only_a_slot_stores_and_links_it() {
    use coachbook::domain::observation::{CallContext, ObservationDraft, Visibility};
    use coachbook::domain::{Level, Rating};
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(&dir);
    let path = app.store().path().to_owned();
    let rep = app.caches().roster[2].rep.id;
    let key = next_slot(&app, rep);
    let before = common::dump(&path);
    let draft = ObservationDraft {
        rep_id: rep,
        skill_id: app.caches().framework.skills[0].id,
        observed_on: test_now().date_naive(),
        rating: Rating::Rated(Level::new(3).unwrap()),
        evidence: "Role-played the opening".into(),
        context: CallContext::RolePlay,
        account: String::new(),
        session_id: None,
        visibility: Visibility::Shared,
    };
    app.apply(Command::AddObservationsInSession {
        rep,
        key,
        drafts: vec![draft],
    })
    .unwrap();
    let linked: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM observations o JOIN sessions s ON s.id = o.session_id
             WHERE o.evidence = 'Role-played the opening' AND s.rep_id = ?1",
            [rep.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1);
    app.undo().unwrap().unwrap();
    common::assert_same(
        &common::dump(&path),
        &before,
        "undo removes the observation and the session it stored",
    );

    // Rewording a point is undone too.
    app.apply(Command::AddTalkingPoints {
        rep,
        key,
        points: vec![(Bucket::Customer, "Who decides".into(), String::new())],
    })
    .unwrap();
    let OccurrenceKey::Slot { cadence, slot } = key else {
        unreachable!()
    };
    let session = store::sessions::find_slot(app.store().conn(), cadence, slot)
        .unwrap()
        .unwrap();
    let point = store::talking_points::for_session(app.store().conn(), session.id)
        .unwrap()
        .remove(0);
    app.apply(Command::EditTalkingPoint {
        id: point.id,
        text: "Who signs".into(),
    })
    .unwrap();
    assert_eq!(
        store::talking_points::get(app.store().conn(), point.id)
            .unwrap()
            .unwrap()
            .text,
        "Who signs"
    );
    app.undo().unwrap().unwrap();
    assert_eq!(
        store::talking_points::get(app.store().conn(), point.id)
            .unwrap()
            .unwrap()
            .text,
        "Who decides"
    );
    assert!(
        app.apply(Command::EditTalkingPoint {
            id: point.id,
            text: " ".into()
        })
        .is_err()
    );
}
