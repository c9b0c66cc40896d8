//! The window publishes a linked file on its own thread while the manager works: the
//! status bar says synced, changes waiting, or offline since when; a change made offline
//! reaches the server once it is back ("Sync now" skips the wait), and the server's rows
//! then equal the file's shared rows.

mod common;

use std::time::{Duration, Instant};

use coachbook::app::App;
use coachbook::domain::observation::{ObservationId, Visibility};
use coachbook::ops::Command;
use coachbook::org::people::Person;
use coachbook::store::outbox;
use common::org::Org;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const MANAGER: &str = "ana";

/// Runs frames until the status bar says `words`, for up to 30 seconds.
#[track_caller]
fn wait_for(harness: &mut Harness<'_, App>, words: &str) {
    common::wait_for_text(harness, words, "Org", 30);
}

/// The real app on `store`, not settled: the status bar's spinner repaints while the
/// thread publishes.
fn harness_on(store: coachbook::store::Store, size: egui::Vec2) -> Harness<'static, App> {
    Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| common::app_at_test_time(cc, store))
}

fn shared_observations(app: &App, n: usize) -> Vec<ObservationId> {
    app.store()
        .conn()
        .prepare("SELECT id FROM observations WHERE shared = 1 ORDER BY id LIMIT ?1")
        .unwrap()
        .query_map([n as i64], |r| r.get(0))
        .unwrap()
        .map(|id| ObservationId(id.unwrap()))
        .collect()
}

#[test]
fn the_window_publishes_says_so_and_catches_up_after_the_server_was_away() {
    let dir = tempfile::tempdir().unwrap();
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let mut store = common::demo_store(&dir.path().join("team.db"));
    org.join(&mut store, MANAGER);
    let mut harness = harness_on(store, egui::vec2(1280.0, 800.0));

    wait_for(&mut harness, "Org: synced");
    org.assert_in_step(MANAGER, harness.state().store().conn());

    org.cluster.kill();
    let ids = shared_observations(harness.state(), 3);
    harness
        .state_mut()
        .apply(Command::SetVisibility {
            ids,
            visibility: Visibility::Private,
        })
        .unwrap();
    wait_for(&mut harness, "Org: 3 changes waiting");
    harness.get_by_label("Sync now").click();
    wait_for(&mut harness, "Org: offline since 17:00, 3 changes waiting");

    org.cluster.restart();
    harness.get_by_label("Sync now").click();
    wait_for(&mut harness, "Org: synced");
    let app = harness.state();
    assert_eq!(outbox::waiting(app.store().conn()).unwrap(), 0);
    org.assert_in_step(MANAGER, app.store().conn());
}

#[test]
fn many_changes_in_one_frame_are_all_published() {
    let dir = tempfile::tempdir().unwrap();
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let mut store = common::demo_store(&dir.path().join("team.db"));
    org.join(&mut store, MANAGER);
    let mut harness = harness_on(store, egui::vec2(1024.0, 640.0));
    wait_for(&mut harness, "Org: synced");

    let ids = shared_observations(harness.state(), 40);
    for id in ids {
        harness.state_mut().request(coachbook::ui::Request::Apply(
            Command::SetVisibility {
                ids: vec![id],
                visibility: Visibility::Private,
            },
            coachbook::ui::Origin::Other,
        ));
    }
    wait_for(&mut harness, "Org: 40 changes waiting");
    harness.get_by_label("Sync now").click();
    wait_for(&mut harness, "Org: synced");
    org.assert_in_step(MANAGER, harness.state().store().conn());
}

#[test]
fn answers_a_rep_sent_through_the_server_arrive_in_the_window_once() {
    let dir = tempfile::tempdir().unwrap();
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let mut store = common::demo_store(&dir.path().join("team.db"));
    org.join(&mut store, MANAGER);
    org.sync(&mut store);
    let rep = coachbook::store::reps::list(store.conn()).unwrap()[0].clone();
    org.add(
        "rita",
        Person::Rep {
            manager: MANAGER.into(),
            rep: rep.name.clone(),
        },
    );
    let answers = coachbook::domain::rep_file::answers::RepAnswers {
        topics: vec![coachbook::domain::rep_file::answers::Topic {
            bucket: coachbook::domain::Bucket::Customer,
            text: "Northwind renewal, from the server".into(),
        }],
        ..Default::default()
    };
    coachbook::org::rep_answers::send(&mut org.login("rita"), "rita", &answers, common::test_now())
        .unwrap();
    let mut harness = harness_on(store, egui::vec2(1280.0, 800.0));
    wait_for(&mut harness, "Org: synced");
    let stored = |harness: &Harness<'_, App>| {
        coachbook::store::rep_answers::get(harness.state().store().conn(), rep.id)
            .unwrap()
            .answers
            .topics
    };
    let until = Instant::now() + Duration::from_secs(30);
    while stored(&harness).is_empty() && Instant::now() < until {
        harness.step();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(stored(&harness), answers.topics);
    // Undone by the manager, it stays undone until the rep sends again.
    harness.state_mut().undo().unwrap().unwrap();
    // Another change makes the thread pass again; the undone answers are not offered.
    let ids = shared_observations(harness.state(), 1);
    harness
        .state_mut()
        .apply(Command::SetVisibility {
            ids,
            visibility: Visibility::Private,
        })
        .unwrap();
    wait_for(&mut harness, "Org: 1 change waiting");
    wait_for(&mut harness, "Org: synced");
    for _ in 0..20 {
        harness.step();
    }
    assert!(stored(&harness).is_empty());
}

#[test]
fn a_link_edited_to_hold_a_password_never_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let path = dir.path().join("team.db");
    let mut store = common::demo_store(&path);
    org.join(&mut store, MANAGER);
    store
        .conn()
        .execute(
            "UPDATE org_link SET url = replace(url, 'ana@', 'ana:hunter2@')",
            [],
        )
        .unwrap();
    let mut harness = harness_on(store, egui::vec2(1280.0, 800.0));
    // Before the thread's first word the status bar shows where it publishes to.
    harness.step();
    let early = harness
        .query_all_by(|n| common::text_of(n).is_some_and(|t| t.contains("hunter2")))
        .count();
    assert_eq!(early, 0);
    wait_for(&mut harness, "Org: not publishing");
    harness
        .query_all_by(|n| common::text_of(n).is_some_and(|t| t.starts_with("Org: not publishing")))
        .last()
        .unwrap()
        .hover();
    for _ in 0..10 {
        harness.step();
    }
    let leaks = harness
        .query_all_by(|n| common::text_of(n).is_some_and(|t| t.contains("hunter2")))
        .count();
    assert_eq!(leaks, 0);
    let said = harness
        .query_all_by(|n| common::text_of(n).is_some_and(|t| t.contains("holds a password")))
        .count();
    assert!(said > 0, "the hover says why");
}

#[test]
fn a_linked_file_encrypted_in_the_window_goes_on_publishing() {
    let dir = tempfile::tempdir().unwrap();
    let org = Org::start();
    org.add(MANAGER, Person::Manager { leader: None });
    let path = dir.path().join("team.db");
    let mut store = common::demo_store(&path);
    org.join(&mut store, MANAGER);
    let mut harness = harness_on(store, egui::vec2(1280.0, 800.0));
    wait_for(&mut harness, "Org: synced");

    let key = coachbook::domain::passphrase::Passphrase::to_open("harbour tea at noon").unwrap();
    harness
        .state_mut()
        .request(coachbook::ui::Request::ChangePassphrase {
            to: Some(key),
            remember: false,
        });
    common::wait_for_text(
        &mut harness,
        "The data file is encrypted with the passphrase",
        "The data file",
        30,
    );
    assert_eq!(
        coachbook::store::sealing(&path),
        coachbook::store::Sealing::Encrypted
    );
    // A change after the swap reaches the server: the publishing thread reads the new,
    // encrypted file.
    let ids = shared_observations(harness.state(), 2);
    harness
        .state_mut()
        .apply(Command::SetVisibility {
            ids,
            visibility: Visibility::Private,
        })
        .unwrap();
    wait_for(&mut harness, "Org: 2 changes waiting");
    harness.get_by_label("Sync now").click();
    wait_for(&mut harness, "Org: synced");
    assert_eq!(outbox::waiting(harness.state().store().conn()).unwrap(), 0);
    org.assert_in_step(MANAGER, harness.state().store().conn());
}
