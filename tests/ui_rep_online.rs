//! The rep view on the organization's server, driven through its AccessKit labels: the rep
//! rates and comments in their own copy, the answers reach the server without waiting for
//! a file, offline they stay on the rep's computer and the status bar says so, and once
//! the server is back they arrive; the manager's sync then takes them in.

mod common;

use std::path::Path;

use coachbook::org::people::Person;
use coachbook::repview::RepView;
use coachbook::repview::online::{Online, refresh_copy};
use coachbook::store::{self, Store};
use common::org::{Org, PASSWORD};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Runs frames until a text starting with `words` shows, for up to 60 seconds.
#[track_caller]
fn wait_for(harness: &mut Harness<'_, RepView>, words: &str) {
    common::wait_for_text(harness, words, "Your answers", 60);
}

/// The comment the server holds for the first skill.
fn server_comment(org: &Org) -> Option<String> {
    let text: Option<String> = org
        .cluster
        .admin()
        .query_opt("SELECT answers FROM coachbook.rep_answers", &[])
        .unwrap()
        .map(|r| r.get(0));
    let answers = coachbook::org::rep_answers::from_json(&text?).unwrap();
    answers.assessments.first().map(|a| a.comment.clone())
}

fn harness_on(org: &Org, copy: &Path) -> Harness<'static, RepView> {
    let address = org.address("rita");
    let copy = copy.to_owned();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 1400.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            let online = Online::new(address, Some(PASSWORD.to_owned()), None);
            RepView::open_online(&copy, online).unwrap()
        });
    harness.run();
    harness
}

#[test]
fn answers_typed_online_reach_the_server_and_wait_out_an_outage() {
    let org = Org::start();
    org.add("ana", Person::Manager { leader: None });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ana.db");
    let mut store = common::demo_store(&db);
    org.join(&mut store, "ana");
    org.sync(&mut store);
    let rep = store::reps::list(store.conn()).unwrap()[0].clone();
    drop(store);
    org.add(
        "rita",
        Person::Rep {
            manager: "ana".into(),
            rep: rep.name,
        },
    );
    let copy = dir.path().join("online").join("rita.coachrep");
    refresh_copy(
        &org.address("rita"),
        Some(PASSWORD),
        &copy,
        common::test_now(),
    )
    .unwrap();
    let mut harness = harness_on(&org, &copy);
    let skill = harness.state().file().history.skills[0].name.clone();
    let says = |harness: &Harness<'_, RepView>, words: &str| {
        harness
            .query_all_by(|n| common::text_of(n).is_some_and(|t| t.contains(words)))
            .next()
            .is_some()
    };
    assert!(says(
        &harness,
        "sent to your manager through the organization's server"
    ));

    harness
        .get_by_label(&format!("Rate yourself 4 of 5 on {skill}"))
        .click();
    harness.run();
    let field = format!("Your comment on {skill}");
    harness.get_by_label(&field).focus();
    harness.run();
    // Typed faster than frames: every key in one frame.
    harness
        .get_by_label(&field)
        .type_text("I ask for the org chart now");
    harness.run();
    for _ in 0..90 {
        harness.step();
    }
    wait_for(
        &mut harness,
        "Your answers are on the organization's server",
    );
    assert_eq!(
        server_comment(&org).as_deref(),
        Some("I ask for the org chart now")
    );

    org.cluster.kill();
    harness.get_by_label(&field).focus();
    harness.run();
    harness.get_by_label(&field).type_text(", every time");
    harness.run();
    for _ in 0..90 {
        harness.step();
    }
    wait_for(&mut harness, "Offline since");
    let file = coachbook::repfile::read(&copy).unwrap();
    assert_eq!(
        file.answers.assessments[0].comment,
        "I ask for the org chart now, every time"
    );

    org.cluster.restart();
    wait_for(
        &mut harness,
        "Your answers are on the organization's server",
    );
    assert_eq!(
        server_comment(&org).as_deref(),
        Some("I ask for the org chart now, every time")
    );
    let pw = org.cluster.password_file("ana-sync", PASSWORD);
    let said = common::cli::assert_ok(&common::cli::coachbook(&[
        "org",
        "sync",
        "--db",
        common::cli::arg(&db),
        "--password-file",
        common::cli::arg(&pw),
    ]));
    assert!(said.contains("organization's server"), "{said}");
    let store = Store::open_read_only(&db).unwrap();
    let stored = store::rep_answers::get(store.conn(), rep.id).unwrap();
    assert_eq!(
        stored.answers.assessments[0].comment,
        "I ask for the org chart now, every time"
    );
}
