//! Publishing to the organization's server through the outbox: after every kind of change
//! (edit, made private, undo, delete, archive, session text, commitment) and after days
//! offline, a sync leaves the manager's rows on the server equal to the shared rows of the
//! data file, and a second sync sends nothing.

mod common;

use coachbook::clock::FixedClock;
use coachbook::domain::Bucket;
use coachbook::domain::commitment::{CommitmentId, CommitmentStatus};
use coachbook::domain::observation::{ObservationId, Visibility};
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::{SessionField, SessionId};
use coachbook::ops::{Command, Ops};
use coachbook::org::OrgError;
use coachbook::org::people::Person;
use coachbook::store::outbox;
use common::org::{Org, try_sync};
use common::test_now;

const MANAGER: &str = "ana";

/// The demo file, linked to a new organization as its manager and published once.
fn published_demo(dir: &tempfile::TempDir) -> (Org, Ops) {
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let mut store = common::demo_store(&dir.path().join("team.db"));
    org.join(&mut store, MANAGER);
    let report = org.sync(&mut store);
    assert!(report.units_sent > 1000, "{report:?}");
    org.assert_in_step(MANAGER, store.conn());
    (org, Ops::new(store, Box::new(FixedClock(test_now()))))
}

fn id(ops: &Ops, sql: &str) -> i64 {
    ops.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Syncs the ops' file and checks the server against it; returns the units sent.
#[track_caller]
fn sync_in_step(org: &Org, ops: &mut Ops) -> u64 {
    let mut store = ops.lend_writer().unwrap();
    let sent = org.sync(&mut store).units_sent;
    org.assert_in_step(MANAGER, store.conn());
    assert_eq!(outbox::waiting(store.conn()).unwrap(), 0);
    ops.take_back(store);
    sent
}

fn server_count(org: &Org, table: &str) -> i64 {
    org.cluster
        .admin()
        .query_one(&format!("SELECT count(*) FROM coachbook.{table}"), &[])
        .unwrap()
        .get(0)
}

#[test]
fn every_kind_of_change_reaches_the_server_and_a_second_sync_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (org, mut ops) = published_demo(&dir);
    assert_eq!(sync_in_step(&org, &mut ops), 0);

    let shared = ObservationId(id(
        &ops,
        "SELECT min(id) FROM observations WHERE shared = 1",
    ));
    let mut observation = coachbook::store::observations::get(ops.store().conn(), shared)
        .unwrap()
        .unwrap();
    observation.draft.evidence = "Asked what the CFO would need to see first.".into();
    ops.apply(Command::EditObservation {
        id: shared,
        draft: observation.draft.clone(),
    })
    .unwrap();
    assert_eq!(sync_in_step(&org, &mut ops), 1);

    let before = server_count(&org, "observations");
    ops.apply(Command::SetVisibility {
        ids: vec![shared],
        visibility: Visibility::Private,
    })
    .unwrap();
    sync_in_step(&org, &mut ops);
    assert_eq!(
        server_count(&org, "observations"),
        before - 1,
        "made private"
    );
    ops.undo().unwrap().unwrap();
    sync_in_step(&org, &mut ops);
    assert_eq!(server_count(&org, "observations"), before, "undone");

    ops.apply(Command::DeleteObservations(vec![shared]))
        .unwrap();
    sync_in_step(&org, &mut ops);
    assert_eq!(server_count(&org, "observations"), before - 1, "deleted");
    ops.undo().unwrap().unwrap();
    sync_in_step(&org, &mut ops);
    ops.redo().unwrap().unwrap();
    sync_in_step(&org, &mut ops);

    let rep = RepId(id(&ops, "SELECT min(id) FROM reps"));
    ops.apply(Command::SetArchived {
        id: rep,
        archived: true,
    })
    .unwrap();
    sync_in_step(&org, &mut ops);

    let session = SessionId(id(
        &ops,
        "SELECT max(id) FROM sessions WHERE status = 'held'",
    ));
    let session_rep = RepId(id(
        &ops,
        "SELECT rep_id FROM sessions ORDER BY status <> 'held', id DESC",
    ));
    let key = OccurrenceKey::Stored(session);
    for (field, text) in [
        (SessionField::Summary, "Agreed to bring finance in earlier."),
        (
            SessionField::SharedNotes(Bucket::Customer),
            "Their budget cycle starts in March.",
        ),
    ] {
        ops.apply(Command::EditSessionText {
            rep: session_rep,
            key,
            field,
            text: text.into(),
        })
        .unwrap();
    }
    sync_in_step(&org, &mut ops);

    let commitment = CommitmentId(id(
        &ops,
        "SELECT min(id) FROM commitments WHERE status = 'open'",
    ));
    ops.apply(Command::SetCommitmentStatus {
        id: commitment,
        status: CommitmentStatus::Done,
    })
    .unwrap();
    ops.apply(Command::DeleteCommitment(commitment)).unwrap();
    sync_in_step(&org, &mut ops);
    ops.undo().unwrap().unwrap();
    assert_eq!(sync_in_step(&org, &mut ops), 1);
}

#[test]
fn changes_made_offline_wait_and_reach_the_server_when_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let (org, mut ops) = published_demo(&dir);
    org.cluster.kill();

    let observations: Vec<ObservationId> = ops
        .store()
        .conn()
        .prepare("SELECT id FROM observations WHERE shared = 1 ORDER BY id LIMIT 20")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|id| ObservationId(id.unwrap()))
        .collect();
    ops.apply(Command::SetVisibility {
        ids: observations[..10].to_vec(),
        visibility: Visibility::Private,
    })
    .unwrap();
    ops.apply(Command::DeleteObservations(observations[10..].to_vec()))
        .unwrap();
    let mut store = ops.lend_writer().unwrap();
    let offline = try_sync(&mut store, 5).unwrap_err();
    assert!(
        matches!(offline, OrgError::Unreachable { .. }),
        "{offline:?}"
    );
    assert!(
        offline.to_string().contains("nothing was lost"),
        "{offline}"
    );
    assert_eq!(outbox::waiting(store.conn()).unwrap(), 20);

    org.cluster.restart();
    assert_eq!(try_sync(&mut store, 5).unwrap().units_sent, 20);
    org.assert_in_step(MANAGER, store.conn());
}

#[test]
fn a_restored_backup_stays_linked_and_the_server_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let mut store = common::demo_store(&path);
    // A backup from before the file was linked: restoring it must not unlink the file.
    let backup = coachbook::store::backup::create(
        store.conn(),
        &path,
        None,
        coachbook::domain::backup_policy::BackupKind::Manual,
        test_now(),
    )
    .unwrap();
    org.join(&mut store, MANAGER);
    org.sync(&mut store);
    let mut ops = Ops::new(store, Box::new(FixedClock(test_now())));
    let newest = ObservationId(id(
        &ops,
        "SELECT max(id) FROM observations WHERE shared = 1",
    ));
    ops.apply(Command::DeleteObservations(vec![newest]))
        .unwrap();
    let observation = coachbook::store::observations::get(
        ops.store().conn(),
        ObservationId(id(
            &ops,
            "SELECT min(id) FROM observations WHERE shared = 1",
        )),
    )
    .unwrap()
    .unwrap();
    ops.apply(Command::AddObservations(vec![observation.draft]))
        .unwrap();
    sync_in_step(&org, &mut ops);

    let mut store = ops.lend_writer().unwrap();
    store.restore_from(&backup.path, test_now()).unwrap();
    let link = outbox::link(store.conn()).unwrap().expect("still linked");
    assert_eq!(link.login, MANAGER);
    org.sync(&mut store);
    org.assert_in_step(MANAGER, store.conn());
}
