//! The rep rates each held session in their rep file; the manager sees the ratings per rep
//! and over time after importing it. A rating arrives only for a session of that rep's,
//! within the limits of every other answer, and a rating from an earlier file is kept when
//! a later file covers other sessions.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use coachbook::app::App;
use coachbook::domain::rep::RepId;
use coachbook::domain::rep_file::answers::MAX_COMMENT_CHARS;
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::store::{self, Store};
use coachbook::ui::{Place, RepPage, RepTab, Request};
use egui::{Event, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

const REP: RepId = RepId(1);

/// A demo data file whose first rep's rated sessions are cleared, and a rep file of theirs
/// from `from`.
fn shared(dir: &Path, from: NaiveDate) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("team.db");
    let store = common::demo_store(&db);
    store
        .conn()
        .execute("DELETE FROM session_ratings", [])
        .unwrap();
    let file = dir.join("rep.coachrep");
    common::first_rep_file(&store, from, &file);
    (db, file)
}

fn day_label(file: &Path, index_from_newest: usize) -> (i64, String) {
    let history = coachbook::repfile::read(file).unwrap().history;
    let session = &history.sessions[history.sessions.len() - 1 - index_from_newest];
    let day = session
        .start
        .with_timezone(&chrono::Local)
        .format("%A %-d %B %Y")
        .to_string();
    (session.id, day)
}

#[test]
fn the_rep_rates_a_session_and_the_manager_sees_it_after_import() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = shared(dir.path(), NaiveDate::from_ymd_opt(2026, 8, 1).unwrap());
    let (session, day) = day_label(&file, 0);
    let mut view = common::rep_view_harness(&file);
    view.get_by_label("Sessions").click();
    view.run();
    view.get_by_label(&format!("Rate the session of {day} 2 of 5"))
        .click();
    view.run();
    // Typed faster than frames, control characters and all, then the field is left.
    view.get_by_label(&format!("Your comment on the session of {day}"))
        .focus();
    view.run();
    for part in ["Too short;", " we ran\u{1b}[2J", " out of time"] {
        view.event(Event::Text(part.into()));
    }
    view.run();
    view.key_press(Key::Tab);
    view.run();
    let answers = coachbook::repfile::read(&file).unwrap().answers;
    assert_eq!(answers.session_ratings.len(), 1);
    assert_eq!(answers.session_ratings[0].session_id, session);
    assert_eq!(answers.session_ratings[0].usefulness, 2);
    assert_eq!(
        answers.session_ratings[0].comment,
        "Too short; we ran[2J out of time"
    );
    // Undo takes the comment back, then the rating; redo puts both back.
    for _ in 0..2 {
        view.get_by_label("Undo").click();
        view.run();
    }
    let ratings = |file: &Path| {
        coachbook::repfile::read(file)
            .unwrap()
            .answers
            .session_ratings
    };
    assert!(ratings(&file).is_empty());
    for _ in 0..2 {
        view.get_by_label("Redo").click();
        view.run();
    }
    assert_eq!(ratings(&file), answers.session_ratings);
    drop(view);

    let store = Store::open(&db).unwrap();
    let mut app = common::harness_on(store, egui::vec2(1300.0, 1200.0), true);
    app.state_mut()
        .request(Request::ImportAnswers(file.clone()));
    common::settle(&mut app);
    let name = app.state().caches().rep(REP).unwrap().rep.name.clone();
    assert_eq!(
        app.state().caches().session_usefulness.get(&REP),
        Some(&(2.0, 1))
    );
    open_plan_tab(&mut app);
    app.get_by_label(&format!("How {name} rated the sessions"));
    app.get_by_label_contains("Useful 2.0 of 5 on average, over 1 rated session");
    app.get_by_label_contains("Too short; we ran[2J out of time");
}

fn open_plan_tab(app: &mut Harness<'static, App>) {
    let mut page = RepPage::new(REP);
    page.tab = RepTab::Plan;
    app.state_mut()
        .request(Request::Go(Place::Rep(Box::new(page))));
    common::settle(app);
}

#[test]
fn ratings_from_an_earlier_file_stay_when_a_later_one_rates_other_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = shared(dir.path(), NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    let (older, _) = day_label(&file, 3);
    let (newer, _) = day_label(&file, 0);
    let rate = |path: &Path, session: i64, usefulness: u8| {
        RepFileWriter::open(path)
            .unwrap()
            .apply(&RepEdit::SetSessionRating {
                session,
                value: Some((usefulness, String::new())),
            })
            .unwrap();
    };
    rate(&file, older, 5);
    let store = Store::open(&db).unwrap();
    let mut app = common::harness_on(store, egui::vec2(1300.0, 900.0), true);
    app.state_mut()
        .request(Request::ImportAnswers(file.clone()));
    common::settle(&mut app);

    // A second share, rated on another session only.
    let second = dir.path().join("second.coachrep");
    let history = store::rep_history::load(
        app.state().store().conn(),
        REP,
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        common::test_now().date_naive(),
        common::test_now(),
    )
    .unwrap();
    common::write_rep_file(app.state().store(), &history, &second);
    rate(&second, newer, 3);
    app.state_mut().request(Request::ImportAnswers(second));
    common::settle(&mut app);
    let rated = store::rep_answers::get(app.state().store().conn(), REP)
        .unwrap()
        .answers
        .session_ratings;
    let pairs: Vec<(i64, u8)> = rated.iter().map(|r| (r.session_id, r.usefulness)).collect();
    assert_eq!(pairs, vec![(older, 5), (newer, 3)]);
    // Undo of the second import leaves the first file's rating as it was.
    app.state_mut().request(Request::Undo);
    common::settle(&mut app);
    let rated = store::rep_answers::get(app.state().store().conn(), REP)
        .unwrap()
        .answers
        .session_ratings;
    assert_eq!(rated.len(), 1);
    assert_eq!(rated[0].session_id, older);
}

fn edit(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn a_forged_rating_is_refused_whole_and_an_older_file_reads_without_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = shared(dir.path(), NaiveDate::from_ymd_opt(2026, 8, 1).unwrap());
    let (session, _) = day_label(&file, 0);
    let refused = |name: &str, sql: String, words: &str| {
        let forged = common::rep_files::copy(&file, name);
        edit(&forged, &sql);
        common::rep_files::refused(&db, &forged, words);
    };
    // A rating of a session that is not this rep's is left out, and said to be.
    let foreign = common::rep_files::copy(&file, "foreign.coachrep");
    edit(
        &foreign,
        "INSERT INTO session_ratings VALUES (999999, 4, '');",
    );
    let out = common::cli::coachbook(&[
        "import-answers",
        "--db",
        common::cli::arg(&db),
        "--in",
        common::cli::arg(&foreign),
    ]);
    common::cli::assert_ok(&out);
    assert!(common::cli::text(&out.stdout).contains("0 session ratings (1 about skills"));
    assert_eq!(common::count(&db, "session_ratings"), 0);
    assert!(
        coachbook::repfile::read(&foreign)
            .unwrap_err()
            .to_string()
            .contains("session 999999 is rated but not in the file"),
        "the rep view refuses to open it"
    );
    refused(
        "long.coachrep",
        format!(
            "INSERT INTO session_ratings VALUES ({session}, 4, '{}');",
            "x".repeat(MAX_COMMENT_CHARS * 4 + 1)
        ),
        "A comment holds at most",
    );
    refused(
        "typed.coachrep",
        format!("INSERT INTO session_ratings VALUES ({session}, 'four', '');"),
        "damaged",
    );
    // A plan the manager's Coachbook could not have written is refused by the rep view.
    let skill = coachbook::repfile::read(&file).unwrap().history.skills[0]
        .id
        .0;
    let plan = common::rep_files::copy(&file, "plan.coachrep");
    edit(
        &plan,
        &format!(
            "INSERT INTO plans VALUES (99, {skill}, 20400, 2.5, 4, 20442, 'x', 'paused', NULL);"
        ),
    );
    let refusal = coachbook::repfile::read(&plan).unwrap_err().to_string();
    assert!(
        refusal.contains("unknown plan status \"paused\""),
        "{refusal}"
    );
    // A version 2 file, from before plans and session ratings, still reads.
    let old = common::rep_files::copy(&file, "old.coachrep");
    edit(
        &old,
        "DROP TABLE session_ratings; DROP TABLE plans; PRAGMA user_version = 2;",
    );
    let read = coachbook::repfile::read(&old).unwrap();
    assert!(read.answers.session_ratings.is_empty());
    assert!(read.history.plans.is_empty());
    let mut writer = RepFileWriter::open(&old).unwrap();
    let refusal = writer
        .apply(&RepEdit::SetSessionRating {
            session,
            value: Some((4, String::new())),
        })
        .unwrap_err();
    assert!(refusal.to_string().contains("older Coachbook"), "{refusal}");
}

#[test]
fn the_table_keeps_one_rating_per_session_newest_first_and_refuses_out_of_range() {
    use coachbook::domain::rep_file::answers::SessionRating;
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("team.db"));
    let conn = store.conn();
    conn.execute("DELETE FROM session_ratings", []).unwrap();
    let held = store::rep_answers::held_session_ids(conn, REP).unwrap();
    let (first, last) = (held[0], held[held.len() - 1]);
    let rating = |session_id, usefulness: u8, comment: &str| SessionRating {
        session_id,
        usefulness,
        comment: comment.into(),
    };
    store::rep_answers::put_session_rating(conn, &rating(first, 2, "")).unwrap();
    store::rep_answers::put_session_rating(conn, &rating(last, 5, "Clear")).unwrap();
    store::rep_answers::put_session_rating(conn, &rating(first, 3, "On second thoughts")).unwrap();
    let rated = store::rep_answers::rated_sessions(conn, REP).unwrap();
    let shown: Vec<(u8, &str)> = rated
        .iter()
        .map(|r| (r.usefulness, r.comment.as_str()))
        .collect();
    assert_eq!(shown, vec![(5, "Clear"), (3, "On second thoughts")]);
    assert_eq!(
        store::rep_answers::usefulness_by_rep(conn)
            .unwrap()
            .get(&REP),
        Some(&(4.0, 2))
    );
    for out_of_range in [0, 6] {
        assert!(
            store::rep_answers::put_session_rating(conn, &rating(last, out_of_range, "")).is_err()
        );
    }
    assert_eq!(
        store::rep_answers::rated_sessions(conn, REP).unwrap().len(),
        2
    );
}
