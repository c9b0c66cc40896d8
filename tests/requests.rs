//! The one request channel: what a widget asks is carried out at the end of its frame, in
//! the order it was asked, and what came of it lands through a reply.

mod common;

use coachbook::domain::observation::ObservationId;
use coachbook::model::TableId;
use coachbook::ops::Command;
use coachbook::ui::{Origin, Place, Reply, Request, Screen};
use egui_kittest::kittest::Queryable;

fn harness(dir: &tempfile::TempDir) -> egui_kittest::Harness<'static, coachbook::app::App> {
    common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true)
}

#[test]
fn a_request_is_carried_out_at_the_end_of_the_frame_it_was_pushed_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness
        .state_mut()
        .request(Request::Go(Place::Screen(Screen::Team)));
    assert_eq!(
        harness.state().screen(),
        Screen::Home,
        "nothing happens before a frame"
    );
    harness.step();
    assert_eq!(harness.state().screen(), Screen::Team);
}

#[test]
fn requests_of_one_frame_run_in_the_order_they_were_pushed() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let rep = harness.state().caches().roster[0].rep.clone();
    let app = harness.state_mut();
    // Archive then restore in one frame: the rep ends as it began, and Undo takes back
    // the last of the two.
    app.request(Request::Apply(
        Command::SetArchived {
            id: rep.id,
            archived: true,
        },
        Origin::Other,
    ));
    app.request(Request::Apply(
        Command::SetArchived {
            id: rep.id,
            archived: false,
        },
        Origin::Other,
    ));
    harness.step();
    let row = harness.state().caches().rep(rep.id).unwrap();
    assert!(!row.rep.archived);
    harness.state_mut().request(Request::Undo);
    harness.step();
    assert!(harness.state().caches().rep(rep.id).unwrap().rep.archived);
}

#[test]
fn a_refused_command_lands_its_message_in_the_form_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    harness.get_by_label("Team").click();
    common::settle(&mut harness);
    harness
        .get_by(|n| {
            n.role() == egui::accesskit::Role::Button
                && n.label().is_some_and(|l| l.starts_with("Add rep"))
        })
        .click();
    common::settle(&mut harness);
    let taken = harness.state().caches().roster[0].rep.name.clone();
    let draft = coachbook::domain::rep::RepDraft {
        name: taken,
        role: "AE".to_owned(),
        email: String::new(),
        start_date: None,
    };
    harness
        .state_mut()
        .request(Request::Apply(Command::AddRep(draft), Origin::RepForm));
    common::settle(&mut harness);
    let error = harness
        .state()
        .ui_state()
        .team
        .form
        .as_ref()
        .and_then(|f| f.error.clone());
    assert!(
        error.is_some_and(|e| e.contains("already")),
        "the form stays open with the reason"
    );
}

#[test]
fn a_reply_for_an_editor_since_opened_on_another_row_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let conn = harness.state().store().conn();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM observations ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (first, second) = (ObservationId(ids[0]), ObservationId(ids[1]));
    let observation = coachbook::store::observations::get(conn, first)
        .unwrap()
        .unwrap();
    let state = harness.state_mut().ui_state_mut();
    state.observations.editor = Some(coachbook::ui::EditorState::loading(second));
    state.receive(
        Reply::Editor(TableId::Log, first, Some(Box::new(observation))),
        0.0,
    );
    let editor = state.observations.editor.as_ref().unwrap();
    assert_eq!(editor.id, second);
    assert!(
        editor.form.is_none(),
        "still waiting for its own observation"
    );
}
