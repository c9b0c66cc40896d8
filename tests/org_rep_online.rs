//! The rep online: a rep's login reads their own shared history from the server into a
//! copy on their computer, answers there, and the answers reach the manager's data file at
//! the manager's next `coachbook org sync`. Against a real throwaway cluster.

mod common;

use std::path::{Path, PathBuf};

use coachbook::domain::Bucket;
use coachbook::domain::rep::RepId;
use coachbook::domain::rep_file::answers::{RepAnswers, Topic};
use coachbook::org::people::Person;
use coachbook::org::rep_history;
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::repview::online::refresh_copy;
use coachbook::store::{self, Store};
use common::cli::{arg, assert_ok, coachbook};
use common::org::{Org, PASSWORD};

/// Ana's demo team published, and the login rita for her first rep.
fn published(dir: &Path) -> (Org, PathBuf, RepId) {
    let org = Org::start();
    org.add("ana", Person::Manager { leader: None });
    let db = dir.join("ana.db");
    let mut store = common::demo_store(&db);
    org.join(&mut store, "ana");
    org.sync(&mut store);
    let rep = store::reps::list(store.conn()).unwrap()[0].clone();
    org.add(
        "rita",
        Person::Rep {
            manager: "ana".into(),
            rep: rep.name,
        },
    );
    (org, db, rep.id)
}

fn copy_of(org: &Org, dir: &Path) -> PathBuf {
    let copy = dir.join("online").join("rita.coachrep");
    let fresh = refresh_copy(
        &org.address("rita"),
        Some(PASSWORD),
        &copy,
        common::test_now(),
    )
    .unwrap();
    assert_eq!(fresh, None);
    copy
}

fn sync(org: &Org, db: &Path) -> String {
    let pw = org.cluster.password_file("ana-sync", PASSWORD);
    assert_ok(&coachbook(&[
        "org",
        "sync",
        "--db",
        arg(db),
        "--password-file",
        arg(&pw),
    ]))
}

#[test]
fn the_reps_history_from_the_server_is_the_one_their_manager_would_share() {
    let dir = tempfile::tempdir().unwrap();
    let (org, db, rep) = published(dir.path());
    let online = rep_history::read(&mut org.login("rita"), "rita", common::test_now()).unwrap();
    assert_eq!(online.manager, "ana");
    let store = Store::open_read_only(&db).unwrap();
    let h = &online.history;
    let local =
        store::rep_history::load(store.conn(), rep, h.from, h.to, common::test_now()).unwrap();
    assert!(!h.observations.is_empty() && !h.sessions.is_empty());
    assert_eq!(h.rep_name, local.rep_name);
    assert_eq!(h.role_name, local.role_name);
    assert_eq!(h.skills, local.skills);
    assert_eq!(h.sessions, local.sessions);
    assert_eq!(h.observations, local.observations);
    assert_eq!(h.plans, local.plans);
    let mut ids: Vec<i64> = h.commitments.iter().map(|c| c.id).collect();
    let mut local_ids: Vec<i64> = local.commitments.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    local_ids.sort_unstable();
    assert_eq!(ids, local_ids);
    // Another team's login reads nothing of it: rita's copy is rita's alone.
    let copy = copy_of(&org, dir.path());
    let file = coachbook::repfile::read(&copy).unwrap();
    assert_eq!(file.history.observations, h.observations);
    assert!(file.answers.is_empty());
}

#[test]
fn answers_given_online_reach_the_manager_at_the_next_sync_and_once() {
    let dir = tempfile::tempdir().unwrap();
    let (org, db, rep) = published(dir.path());
    let copy = copy_of(&org, dir.path());
    let mut writer = RepFileWriter::open_online(&copy).unwrap();
    let file = coachbook::repfile::read(&copy).unwrap();
    let skill = file.history.skills[0].id;
    let commitment = file.history.commitments[0].id;
    let session = file.history.sessions.last().unwrap().id;
    for edit in [
        RepEdit::SetAssessment {
            skill,
            value: Some((4, "I ask for the org chart now".into())),
        },
        RepEdit::SetReflection {
            commitment,
            text: "Done, and it helped.".into(),
        },
        RepEdit::SetTopics(vec![Topic {
            bucket: Bucket::Customer,
            text: "The Northwind renewal".into(),
        }]),
        RepEdit::SetSessionRating {
            session,
            value: Some((5, "Clear next steps".into())),
        },
    ] {
        writer.apply(&edit).unwrap();
    }
    assert_eq!(writer.unsent_edits().unwrap(), Some(4));
    let answers = coachbook::repfile::read(&copy).unwrap().answers;
    let mut rita = org.login("rita");
    coachbook::org::rep_answers::send(&mut rita, "rita", &answers, common::test_now()).unwrap();
    writer.mark_sent(4).unwrap();
    assert_eq!(writer.unsent_edits().unwrap(), None);

    let said = sync(&org, &db);
    assert!(
        said.contains("sent through the organization's server"),
        "{said}"
    );
    let store = Store::open_read_only(&db).unwrap();
    let stored = store::rep_answers::get(store.conn(), rep).unwrap();
    let sent = answers.clone().normalized();
    assert_eq!(stored.answers.assessments, sent.assessments);
    assert_eq!(stored.answers.reflections, sent.reflections);
    assert_eq!(stored.answers.topics, sent.topics);
    // Ratings of earlier sessions stay; the new one is among them.
    assert!(
        stored
            .answers
            .session_ratings
            .contains(&sent.session_ratings[0])
    );
    drop(store);
    let again = sync(&org, &db);
    assert!(!again.contains("Imported"), "{again}");

    // A new read of the history keeps the answers the server holds.
    let copy = copy_of(&org, dir.path());
    assert_eq!(coachbook::repfile::read(&copy).unwrap().answers, answers);
}

#[test]
fn answers_not_sent_stay_on_the_reps_computer_and_offline_the_copy_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _db, _rep) = published(dir.path());
    let copy = copy_of(&org, dir.path());
    let mut writer = RepFileWriter::open_online(&copy).unwrap();
    writer
        .apply(&RepEdit::SetTopics(vec![Topic {
            bucket: Bucket::Selling,
            text: "Typed on the plane".into(),
        }]))
        .unwrap();
    drop(writer);
    // Read again: the server has no answers, the copy's unsent ones are kept.
    let copy = copy_of(&org, dir.path());
    let writer = RepFileWriter::open_online(&copy).unwrap();
    assert_eq!(writer.unsent_edits().unwrap(), Some(1));
    let topics = coachbook::repfile::read(&copy).unwrap().answers.topics;
    assert_eq!(topics[0].text, "Typed on the plane");
    drop(writer);

    let before = common::sha256(&copy);
    org.cluster.kill();
    let offline = refresh_copy(
        &org.address("rita"),
        Some(PASSWORD),
        &copy,
        common::test_now(),
    )
    .unwrap();
    assert!(offline.is_some());
    assert_eq!(common::sha256(&copy), before, "the copy is left as it was");
    // No copy and no server: a sentence, and nothing written.
    let none = dir.path().join("online").join("nobody.coachrep");
    let err = refresh_copy(
        &org.address("rita"),
        Some(PASSWORD),
        &none,
        common::test_now(),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("could not reach"), "{err:#}");
    assert!(!none.exists());
}

#[test]
fn answers_a_rep_forged_on_the_server_are_cleaned_or_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (org, db, rep) = published(dir.path());
    let mut rita = org.login("rita");
    let evil = RepAnswers {
        topics: vec![Topic {
            bucket: Bucket::Customer,
            text: "Pay\u{1b}]0;pwned\u{7} now".into(),
        }],
        ..RepAnswers::default()
    };
    coachbook::org::rep_answers::send(&mut rita, "rita", &evil, common::test_now()).unwrap();
    sync(&org, &db);
    let store = Store::open_read_only(&db).unwrap();
    let topics = store::rep_answers::get(store.conn(), rep)
        .unwrap()
        .answers
        .topics;
    assert_eq!(topics.len(), 1);
    assert!(!topics[0].text.contains('\u{1b}'), "{:?}", topics[0].text);
    drop(store);

    let before = common::dump(&db);
    for forged in [
        "not json",
        r#"{"assessments":[{"skill":1,"rating":9,"comment":""}],"reflections":[],"topics":[],"session_ratings":[]}"#,
    ] {
        rita.execute(
            "UPDATE coachbook.rep_answers SET answers = $1, revision = revision + 1",
            &[&forged],
        )
        .unwrap();
        let said = sync(&org, &db);
        assert!(said.contains("Left out the answers rep"), "{said}");
        assert!(!said.contains('\u{1b}'));
    }
    let after = common::dump(&db);
    let answers_rows = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .filter(|r| r.starts_with("rep_topics") || r.starts_with("self_assessments"))
            .cloned()
            .collect()
    };
    assert_eq!(answers_rows(&after), answers_rows(&before));
    // The rep's own view refuses them with a sentence too, and writes no copy.
    let copy = dir.path().join("online").join("rita.coachrep");
    let err = refresh_copy(
        &org.address("rita"),
        Some(PASSWORD),
        &copy,
        common::test_now(),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("cannot be read"), "{err:#}");
    assert!(!copy.exists());
}

#[test]
fn text_a_manager_forged_on_the_server_reaches_the_rep_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _db, rep) = published(dir.path());
    let mut ana = org.login("ana");
    let changed = ana
        .execute(
            "UPDATE coachbook.observations
                SET evidence = E'Evil\\x1b]0;pwned\\x07 \\u202eevil\\u202c text'
              WHERE rep_id = $1",
            &[&rep.0],
        )
        .unwrap();
    assert!(changed > 0);
    let copy = copy_of(&org, dir.path());
    let file = coachbook::repfile::read(&copy).unwrap();
    for o in &file.history.observations {
        assert!(!o.evidence.contains('\u{1b}'), "{:?}", o.evidence);
        assert!(!o.evidence.contains('\u{7}'), "{:?}", o.evidence);
        assert!(o.evidence.starts_with("Evil"), "{:?}", o.evidence);
    }
    // A value no Coachbook writes is refused with a sentence, and no copy is written.
    ana.execute(
        "UPDATE coachbook.observations SET context = 'golf' WHERE rep_id = $1",
        &[&rep.0],
    )
    .unwrap();
    let fresh = dir.path().join("fresh").join("rita.coachrep");
    let err = refresh_copy(
        &org.address("rita"),
        Some(PASSWORD),
        &fresh,
        common::test_now(),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("cannot read"), "{err:#}");
    assert!(!fresh.exists());
}
