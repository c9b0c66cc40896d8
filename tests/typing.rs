//! Nothing typed is lost, however the keys arrive: the same keys and clicks, all in one
//! frame, one per frame, or split at random, leave the same data in the file; closing the
//! window right after typing keeps the typing.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use coachbook::app::App;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use proptest::prelude::*;
use rusqlite::Connection;

use common::typing::{click_at, feed, frames_until_quiet, key, typed};
use common::{harness_on, settle};

/// One demo file made once; each test works on a copy.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.db");
        drop(common::demo_store(&path));
        (dir, path)
    });
    path
}

fn app_on_copy(dir: &tempfile::TempDir) -> (Harness<'static, App>, PathBuf) {
    let path = dir.path().join("demo.db");
    std::fs::copy(template(), &path).unwrap();
    let store = coachbook::store::Store::open(&path).unwrap();
    let harness = harness_on(store, egui::vec2(1400.0, 2400.0), false);
    (harness, path)
}

/// Opens Hannah's session of Thursday from Home.
fn open_session(harness: &mut Harness<'_, App>) {
    harness
        .get_all_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with("Open session: Hannah Novak Thu 19 Nov"))
        })
        .next()
        .unwrap()
        .click();
    settle(harness);
}

/// Where a text field with this label is on screen now.
fn centre_of(harness: &Harness<'_, App>, label: &str) -> egui::Pos2 {
    harness
        .get_by(|n| {
            matches!(
                n.role(),
                Role::TextInput | Role::MultilineTextInput | Role::Button
            ) && n.label().as_deref() == Some(label)
        })
        .rect()
        .center()
}

const ORGANIZATION: &str = "Asked who signs off on the renewal.";
const SELLING: &str = "Old due date test";
const PRIVATE: &str = "Check the account plan first";
const NEXT_STEP: &str = "Send the mutual plan by Friday";

/// Notes in three fields and a commitment, clicking from field to field as fast as a
/// person can.
fn session_keys(harness: &Harness<'_, App>) -> Vec<Event> {
    let mut events = Vec::new();
    let steps = [
        ("Shared notes: Navigating our organization", ORGANIZATION),
        ("Shared notes: Customer and selling skills", SELLING),
        ("Private notes: Knowledge of the customer", PRIVATE),
        ("Next step", NEXT_STEP),
        ("Due", "2026-11-27"),
    ];
    for (label, text) in steps {
        events.extend(click_at(centre_of(harness, label)));
        events.extend(typed(text));
    }
    events.extend(click_at(centre_of(harness, "Add commitment")));
    events
}

/// What the open session holds in the file: its notes by bucket and its commitments.
fn session_in_file(path: &Path) -> (Vec<(String, String, String)>, Vec<String>) {
    let conn = Connection::open(path).unwrap();
    let mut notes = conn
        .prepare(
            "SELECT bucket, shared_text, private_text FROM session_notes
             WHERE shared_text <> '' OR private_text <> '' ORDER BY bucket",
        )
        .unwrap();
    let notes = notes
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, shared, private): &(String, String, String)| {
            [ORGANIZATION, SELLING, PRIVATE].contains(&shared.as_str())
                || [ORGANIZATION, SELLING, PRIVATE].contains(&private.as_str())
        })
        .collect();
    let mut texts = conn
        .prepare("SELECT text FROM commitments WHERE text LIKE 'Send the mutual%'")
        .unwrap();
    let texts = texts
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (notes, texts)
}

fn expected_session() -> (Vec<(String, String, String)>, Vec<String>) {
    let row = |b: &str, s: &str, p: &str| (b.to_owned(), s.to_owned(), p.to_owned());
    (
        vec![
            row("customer", "", PRIVATE),
            row("organization", ORGANIZATION, ""),
            row("selling", SELLING, ""),
        ],
        vec![NEXT_STEP.to_owned()],
    )
}

/// Types the session's keys split at `cuts`, leaves the workspace (which saves), and
/// reads back what the file holds.
fn type_session(cuts: &[usize]) -> (Vec<(String, String, String)>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    open_session(&mut harness);
    let events = session_keys(&harness);
    feed(&mut harness, &events, cuts);
    for (label, text) in [
        ("Shared notes: Navigating our organization", ORGANIZATION),
        ("Shared notes: Customer and selling skills", SELLING),
    ] {
        let shown = harness.get_by_label(label).value();
        assert_eq!(shown.as_deref(), Some(text), "{label} on screen");
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    settle(&mut harness);
    session_in_file(&path)
}

#[test]
fn session_typing_in_one_frame_lands_where_it_was_typed() {
    assert_eq!(type_session(&[]), expected_session());
}

#[test]
fn session_typing_one_event_per_frame_gives_the_same_file() {
    let every: Vec<usize> = (1..400).collect();
    assert_eq!(type_session(&every), expected_session());
}

const EVIDENCE: &str = "Summarised the customer's three priorities.";

/// Quick capture from Home in one burst: Ctrl+K, two letters of the rep, Tab, two of the
/// skill, the rating, the evidence, Enter.
fn capture_keys() -> Vec<Event> {
    let mut events = key(Key::K, Modifiers::COMMAND);
    events.extend(typed("pr"));
    events.extend(key(Key::Tab, Modifiers::NONE));
    events.extend(typed("li"));
    events.extend(typed("4"));
    events.extend(typed(EVIDENCE));
    events.extend(key(Key::Enter, Modifiers::NONE));
    events
}

/// The newest observation: rep, skill, rating, evidence, session.
fn newest_observation(path: &Path) -> (String, String, Option<i64>, String, Option<i64>) {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT r.name, s.name, o.rating, o.evidence, o.session_id FROM observations o
             JOIN skills s ON s.id = o.skill_id JOIN reps r ON r.id = o.rep_id
             ORDER BY o.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap()
}

fn capture_with_cuts(cuts: &[usize]) -> (String, String, Option<i64>, String, Option<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    feed(&mut harness, &capture_keys(), cuts);
    assert!(
        harness.state().ui_state().capture.is_none(),
        "the dialog saved and closed"
    );
    newest_observation(&path)
}

fn expected_capture() -> (String, String, Option<i64>, String, Option<i64>) {
    (
        "Priya Lindqvist".to_owned(),
        "Listening".to_owned(),
        Some(4),
        EVIDENCE.to_owned(),
        None,
    )
}

#[test]
fn quick_capture_in_one_frame_saves_what_was_typed() {
    assert_eq!(capture_with_cuts(&[]), expected_capture());
}

#[test]
fn quick_capture_one_key_per_frame_saves_the_same() {
    let every: Vec<usize> = (1..200).collect();
    assert_eq!(capture_with_cuts(&every), expected_capture());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Wherever the frames fall, the capture saves the same observation and the session
    /// the same notes.
    #[test]
    fn random_frames_give_the_same_result(
        capture_cuts in prop::collection::btree_set(1usize..60, 0..12),
        session_cuts in prop::collection::btree_set(1usize..140, 0..16),
    ) {
        let cuts: Vec<usize> = capture_cuts.into_iter().collect();
        prop_assert_eq!(capture_with_cuts(&cuts), expected_capture());
        let cuts: Vec<usize> = session_cuts.into_iter().collect();
        prop_assert_eq!(type_session(&cuts), expected_session());
    }
}

#[test]
fn ctrl_k_in_a_session_captures_for_that_session() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    open_session(&mut harness);
    let mut events = key(Key::K, Modifiers::COMMAND);
    events.extend(typed("li"));
    events.extend(typed("3"));
    events.extend(typed("Walked through the pricing"));
    events.extend(key(Key::Enter, Modifiers::NONE));
    feed(&mut harness, &events, &[]);
    let (rep, skill, rating, evidence, session) = newest_observation(&path);
    assert_eq!(
        (rep.as_str(), skill.as_str(), rating, evidence.as_str()),
        (
            "Hannah Novak",
            "Listening",
            Some(3),
            "Walked through the pricing"
        )
    );
    let linked: (String, String) = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT r.name, date(s.start_utc_ms / 1000, 'unixepoch') FROM sessions s
             JOIN reps r ON r.id = s.rep_id WHERE s.id = ?1",
            [session.expect("linked to a session")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        linked,
        ("Hannah Novak".to_owned(), "2026-11-19".to_owned()),
        "linked to the open session"
    );
}

/// Opens Hannah's session, and returns the keys of a click into its first bucket's shared
/// notes and a sentence typed there.
fn organization_notes_typed(harness: &mut Harness<'_, App>) -> Vec<Event> {
    open_session(harness);
    let mut events = click_at(centre_of(
        harness,
        "Shared notes: Navigating our organization",
    ));
    events.extend(typed(ORGANIZATION));
    events
}

/// The notes typed in the open session's first bucket, as the file holds them.
fn organization_notes(path: &Path) -> String {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT shared_text FROM session_notes WHERE bucket = 'organization'
             AND shared_text = ?1",
            [ORGANIZATION],
            |r| r.get(0),
        )
        .unwrap_or_default()
}

#[test]
fn closing_the_window_right_after_typing_keeps_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    let events = organization_notes_typed(&mut harness);
    harness.input_mut().events.extend(events);
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    frames_until_quiet(&mut harness);
    assert_eq!(organization_notes(&path), ORGANIZATION, "saved on close");
}

#[test]
fn typing_is_saved_when_the_app_exits_another_way() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    let events = organization_notes_typed(&mut harness);
    feed(&mut harness, &events, &[]);
    assert_eq!(
        organization_notes(&path),
        "",
        "not saved yet: typing is fresh"
    );
    eframe::App::on_exit(harness.state_mut());
    assert_eq!(organization_notes(&path), ORGANIZATION);
}

#[test]
fn leaving_a_field_saves_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    let mut events = organization_notes_typed(&mut harness);
    events.extend(key(Key::Tab, Modifiers::NONE));
    feed(&mut harness, &events, &[]);
    assert_eq!(organization_notes(&path), ORGANIZATION);
}

#[test]
fn opening_another_session_saves_the_typing_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = app_on_copy(&dir);
    let events = organization_notes_typed(&mut harness);
    feed(&mut harness, &events, &[]);
    let other: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT s.id FROM sessions s JOIN reps r ON r.id = s.rep_id
             WHERE r.name = 'Hannah Novak' AND s.status = 'held'
             ORDER BY s.start_utc_ms DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let rep = harness.state().caches().session.as_ref().unwrap().rep;
    let key = coachbook::domain::schedule::OccurrenceKey::Stored(
        coachbook::domain::session::SessionId(other),
    );
    harness.state_mut().ui_state_mut().open_session(rep, key);
    frames_until_quiet(&mut harness);
    assert_eq!(organization_notes(&path), ORGANIZATION);
}

/// The rep view: comments on two skills typed in one frame with a click between them,
/// and the window closed at once, are both in the rep file.
#[test]
fn rep_view_typing_in_one_frame_lands_in_the_rep_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("team.db"));
    let path = dir.path().join("rep.coachrep");
    let from = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    common::first_rep_file(&store, from, &path);
    let opened = path.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 1400.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            coachbook::repview::RepView::open(&opened).unwrap()
        });
    harness.run();
    let skills: Vec<String> = harness.state().file().history.skills[..2]
        .iter()
        .map(|s| s.name.clone())
        .collect();
    for skill in &skills {
        harness
            .get_by_label(&format!("Rate yourself 3 of 5 on {skill}"))
            .click();
        harness.run();
    }
    let comments = ["I ask for the org chart now", "Still rushing the demo"];
    let mut events = Vec::new();
    for (skill, comment) in skills.iter().zip(comments) {
        let label = format!("Your comment on {skill}");
        let centre = harness.get_by_label(&label).rect().center();
        events.extend(click_at(centre));
        events.extend(typed(comment));
    }
    harness.input_mut().events.extend(events);
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    frames_until_quiet(&mut harness);
    let conn = Connection::open(&path).unwrap();
    let mut saved: Vec<String> = conn
        .prepare("SELECT comment FROM self_assessments WHERE comment <> ''")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    saved.sort();
    assert_eq!(saved, comments);
}
