//! A rep's returned file: imported once as one undoable step, again without a change,
//! shown beside the manager's levels, and its topics on the next agenda.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use coachbook::domain::Bucket;
use coachbook::domain::rep::RepId;
use coachbook::domain::rep_file::answers::Topic;
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::ui::{RepPage, RepTab, Screen};
use common::{demo_store, dump, harness_on, settle};
use egui_kittest::kittest::Queryable;

const REP: RepId = RepId(1);

/// The demo file, and a rep file of rep 1 answered with two self-ratings, a reflection
/// and a topic.
fn answered(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("team.db");
    let store = demo_store(&db);
    let from = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let file = dir.join("answered.coachrep");
    let history = common::first_rep_file(&store, from, &file);
    drop(store);
    let mut writer = RepFileWriter::open(&file).unwrap();
    for (skill, rating) in [(&history.skills[0], 5), (&history.skills[1], 3)] {
        writer
            .apply(&RepEdit::SetAssessment {
                skill: skill.id,
                value: Some((rating, format!("SELF-{}", skill.name))),
            })
            .unwrap();
    }
    writer
        .apply(&RepEdit::SetReflection {
            commitment: history.commitments[0].id,
            text: "REFLECTION-TEXT".into(),
        })
        .unwrap();
    writer
        .apply(&RepEdit::SetTopics(vec![Topic {
            bucket: Bucket::Customer,
            text: "TOPIC-NORTHWIND".into(),
        }]))
        .unwrap();
    (db, file)
}

/// Rows that differ between two dumps.
fn changed(before: &[String], after: &[String]) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|r| !before.contains(r))
        .cloned()
        .collect();
    out.extend(before.iter().filter(|r| !after.contains(r)).cloned());
    out
}

#[test]
fn import_is_one_step_idempotent_and_touches_only_that_rep() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = answered(dir.path());
    let original = dump(&db);
    let store = coachbook::store::Store::open(&db).unwrap();
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), true);

    harness
        .state_mut()
        .request(coachbook::ui::Request::ImportAnswers(file.clone()));
    settle(&mut harness);
    let imported = dump(&db);
    let rep_commitments: Vec<i64> =
        coachbook::store::rep_answers::commitment_ids(harness.state().store().conn(), REP).unwrap();
    for row in changed(&original, &imported) {
        let owned = row.starts_with("self_assessments: Integer(1) |")
            || row.starts_with("rep_answer_imports: Integer(1) |")
            || (row.starts_with("rep_topics: ") && row.contains("| Integer(1) |"))
            || rep_commitments
                .iter()
                .any(|id| row.starts_with(&format!("commitment_reflections: Integer({id}) |")));
        assert!(owned, "the import wrote a row that is not rep 1's: {row}");
    }
    let stored = coachbook::store::rep_answers::get(harness.state().store().conn(), REP).unwrap();
    assert_eq!(stored.answers.assessments.len(), 2);
    assert_eq!(stored.answers.reflections[0].text, "REFLECTION-TEXT");
    assert_eq!(stored.answers.topics[0].text, "TOPIC-NORTHWIND");

    harness
        .state_mut()
        .request(coachbook::ui::Request::ImportAnswers(file.clone()));
    settle(&mut harness);
    assert_eq!(
        dump(&db),
        imported,
        "importing the same file again changed the data"
    );

    let (_, agenda) = harness.state().next_session_agenda(REP).unwrap();
    let topic = agenda
        .iter()
        .find(|p| p.text == "TOPIC-NORTHWIND")
        .expect("the rep's topic is on the proposed agenda");
    assert!(
        topic.reason.contains("asked to bring this"),
        "{}",
        topic.reason
    );

    let state = harness.state_mut().ui_state_mut();
    state.screen = Screen::Team;
    let mut page = RepPage::new(REP);
    page.tab = RepTab::Calibration;
    state.team.open_rep = Some(page);
    settle(&mut harness);
    let comments: Vec<String> = stored
        .answers
        .assessments
        .iter()
        .map(|a| a.comment.clone())
        .collect();
    for comment in &comments {
        harness.get_by_label(comment);
    }
    harness.get_by_label("TOPIC-NORTHWIND");

    harness.get_by_label("Undo").click();
    settle(&mut harness);
    assert_eq!(dump(&db), original, "undo put back exactly what was there");
}

#[test]
fn a_file_of_someone_else_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = answered(dir.path());
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "UPDATE about SET value = 'Somebody Else' WHERE key = 'rep_name'",
            [],
        )
        .unwrap();
    let original = dump(&db);
    let store = coachbook::store::Store::open(&db).unwrap();
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), true);
    harness
        .state_mut()
        .request(coachbook::ui::Request::ImportAnswers(file));
    settle(&mut harness);
    harness.get_by_label_contains("now names \"Somebody Else\"");
    assert_eq!(dump(&db), original);
}

/// The rep's Commitments tab: the reflection under its commitment, and a commitment closed
/// from the list and reopened by undo.
#[test]
fn the_commitments_tab_shows_reflections_and_closes_a_commitment() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = answered(dir.path());
    let store = coachbook::store::Store::open(&db).unwrap();
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), true);
    harness
        .state_mut()
        .request(coachbook::ui::Request::ImportAnswers(file));
    settle(&mut harness);
    let state = harness.state_mut().ui_state_mut();
    state.screen = Screen::Team;
    let mut page = RepPage::new(REP);
    page.tab = RepTab::Commitments;
    state.team.open_rep = Some(page);
    settle(&mut harness);
    harness.get_by_label_contains("reflection: REFLECTION-TEXT");

    let open = |h: &egui_kittest::Harness<'_, coachbook::app::App>| {
        coachbook::store::commitments::for_rep(h.state().store().conn(), REP)
            .unwrap()
            .iter()
            .filter(|c| c.status == coachbook::domain::commitment::CommitmentStatus::Open)
            .count()
    };
    let before = open(&harness);
    assert!(before > 0, "the demo rep has open commitments");
    harness
        .get_all_by(|n| n.label().is_some_and(|l| l.starts_with("Done: ")))
        .next()
        .unwrap()
        .click();
    settle(&mut harness);
    assert_eq!(open(&harness), before - 1);
    harness.get_by_label("Undo").click();
    settle(&mut harness);
    assert_eq!(open(&harness), before);
}
