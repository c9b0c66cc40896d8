//! Quick capture, the Observations screen, the rep page and the framework editor, driven
//! through the real app's labels and keys.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::store;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

use common::{demo_harness, settle, skill_named};

fn demo_app(path: &Path) -> Harness<'static, App> {
    let mut harness = demo_harness(path, egui::vec2(1300.0, 860.0), true);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness
}

/// Sends keys as a person types them, counting each one.
struct Keyboard {
    count: usize,
}

impl Keyboard {
    fn shortcut(&mut self, harness: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
        self.count += 1;
        harness.key_press_modifiers(modifiers, key);
        harness.run();
    }

    fn key(&mut self, harness: &mut Harness<'_, App>, key: Key) {
        self.shortcut(harness, Modifiers::NONE, key);
    }

    fn chars(&mut self, harness: &mut Harness<'_, App>, text: &str) {
        for c in text.chars() {
            self.count += 1;
            harness.event(Event::Text(c.to_string()));
            harness.run();
        }
    }
}

/// Free text such as evidence, which the keystroke budget does not count.
fn type_free(harness: &mut Harness<'_, App>, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

fn last_observation(path: &Path) -> (i64, i64, Option<i64>, String, String) {
    let conn = Connection::open(path).unwrap();
    conn.query_row(
        "SELECT o.rep_id, o.skill_id, o.rating, o.evidence, s.name
         FROM observations o JOIN skills s ON s.id = o.skill_id ORDER BY o.id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
    .unwrap()
}

#[test]
fn quick_capture_end_to_end_within_the_keystroke_budget() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = demo_app(&path);
    let before = common::count(&path, "observations");
    let priya = harness
        .state()
        .caches()
        .roster
        .iter()
        .find(|r| r.rep.name.starts_with("Priya"))
        .unwrap()
        .rep
        .id;

    // The first capture of the day picks the rep by typing.
    let mut keys = Keyboard { count: 0 };
    keys.shortcut(&mut harness, Modifiers::COMMAND, Key::K);
    harness.get_by_label_contains("Capture an observation");
    keys.chars(&mut harness, "pri");
    keys.key(&mut harness, Key::Tab);
    keys.chars(&mut harness, "li");
    keys.chars(&mut harness, "4");
    type_free(
        &mut harness,
        "Summarised the customer's three priorities before answering.",
    );
    keys.key(&mut harness, Key::Enter);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Capture an observation")
            .is_none(),
        "the dialog closes"
    );
    let (rep, _, rating, evidence, skill) = last_observation(&path);
    assert_eq!(
        (rep, rating, skill.as_str()),
        (priya.0, Some(4), "Listening")
    );
    assert!(evidence.starts_with("Summarised"));

    // The next one, with the rep remembered, takes five keys besides the evidence.
    let mut keys = Keyboard { count: 0 };
    keys.shortcut(&mut harness, Modifiers::COMMAND, Key::K);
    keys.chars(&mut harness, "up");
    keys.chars(&mut harness, "5");
    type_free(
        &mut harness,
        "Agreed the agenda and the time with the buyer in the first minute.",
    );
    keys.key(&mut harness, Key::Enter);
    settle(&mut harness);
    assert!(keys.count <= 5, "took {} keys", keys.count);
    let (rep, _, rating, _, skill) = last_observation(&path);
    assert_eq!(
        (rep, rating, skill.as_str()),
        (priya.0, Some(5), "Upfront contract")
    );
    assert_eq!(common::count(&path, "observations"), before + 2);
    let counted =
        |harness: &Harness<'_, App>| harness.state().caches().rep(priya).unwrap().observations;
    let priya_count: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM observations WHERE rep_id = ?1",
            [priya.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        counted(&harness),
        priya_count,
        "the roster's count follows the captures"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(counted(&harness), priya_count - 1, "and the undo");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut harness);

    // The new rows are in the table.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    settle(&mut harness);
    harness.get_by_label_contains(&format!("{} observations", before + 2));
    harness.get_by_label_contains("Agreed the agenda and the time");
}

#[test]
fn a_strong_rating_without_evidence_asks_for_it_and_several_skills_save_together() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = demo_app(&path);
    let before = common::count(&path, "observations");
    let mut keys = Keyboard { count: 0 };
    keys.shortcut(&mut harness, Modifiers::COMMAND, Key::K);
    keys.chars(&mut harness, "kwa");
    keys.key(&mut harness, Key::Enter);
    keys.chars(&mut harness, "ques1");
    keys.key(&mut harness, Key::Enter);
    harness.get_by_label_contains("A rating of 1 needs evidence");
    assert_eq!(common::count(&path, "observations"), before);

    type_free(
        &mut harness,
        "Asked only yes/no questions in the first ten minutes.",
    );
    keys.shortcut(&mut harness, Modifiers::COMMAND, Key::Enter);
    harness.get_by_label_contains("Also from this call (1)");
    // A digit outside 1-5 is explained, not typed.
    keys.chars(&mut harness, "lis");
    keys.key(&mut harness, Key::Enter);
    keys.chars(&mut harness, "7");
    harness.get_by_label_contains("7 is out of range");
    keys.chars(&mut harness, "n");
    keys.key(&mut harness, Key::Enter);
    settle(&mut harness);
    assert_eq!(common::count(&path, "observations"), before + 2);
    let (_, _, rating, _, skill) = last_observation(&path);
    assert_eq!(
        (rating, skill.as_str()),
        (None, "Listening"),
        "N records not observed"
    );
}

#[test]
fn filtering_the_table_through_the_window_matches_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = demo_app(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    settle(&mut harness);
    let total = common::count(&path, "observations");
    harness.get_by_label_contains(&format!("{total} observations"));

    let search = harness.get_by_role_and_label(Role::TextInput, "Search evidence");
    search.focus();
    harness.run();
    type_free(&mut harness, "pricing");
    settle(&mut harness);
    let conn = Connection::open(&path).unwrap();
    let expected: i64 = conn
        .query_row(
            "SELECT count(*) FROM observations WHERE evidence LIKE '%pricing%' OR account LIKE '%pricing%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    harness.get_by_label_contains(&format!("{expected} observations"));

    harness.get_by_label("Clear filters").click();
    settle(&mut harness);
    harness.get_by_label_contains(&format!("{total} observations"));
}

#[test]
fn edit_in_the_panel_then_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = demo_app(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    settle(&mut harness);
    let before = common::dump(&path);
    // The newest observation is the first row; click its date cell.
    let newest: String = Connection::open(&path)
        .unwrap()
        .query_row("SELECT max(observed_day) FROM observations", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|d| store::from_day(d).unwrap().to_string())
        .unwrap();
    common::open_observation_of_day(&mut harness, &newest);
    settle(&mut harness);
    harness.get_by_label_contains("Edit observation");
    harness.get_by_label("Private to me").click();
    harness.run();
    harness
        .get_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Save changes"))
        })
        .click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Edit observation")
            .is_none(),
        "the panel closes after saving"
    );
    assert_ne!(common::dump(&path), before);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    common::assert_same(&common::dump(&path), &before, "undo restores the row");
    harness.get_by_label_contains("Undid: Edited an observation");
}

#[test]
fn a_retired_skill_disappears_from_capture() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = demo_app(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    harness.run();
    harness.get_by_label("Retire Product value").click();
    settle(&mut harness);
    let retired: bool = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT retired FROM skills WHERE name = 'Product value'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(retired);
    // Deleting it is refused with a message.
    harness.get_by_label("Show retired skills").click();
    harness.run();
    harness.get_by_label("Delete Product value").click();
    settle(&mut harness);
    harness.get_by_label_contains("retire it instead");

    let mut keys = Keyboard { count: 0 };
    keys.shortcut(&mut harness, Modifiers::COMMAND, Key::K);
    keys.chars(&mut harness, "dec");
    keys.key(&mut harness, Key::Enter);
    keys.chars(&mut harness, "product val");
    assert!(
        harness
            .query_by_label_contains("Product value  (")
            .is_none(),
        "a retired skill is not offered"
    );
}

#[test]
fn the_rep_page_shows_that_reps_observations_and_targets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = demo_app(&path);
    let row = harness.state().caches().roster[0].clone();
    harness.get_by_label(&row.rep.name).click();
    harness.run();
    assert!(
        harness.state().ui_state().team.open_rep.is_some(),
        "the rep's page opens"
    );
    // The rail has an "Observations" button too; the page's tab is the one to its right.
    harness
        .get_all_by_label("Observations")
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap()
        .click();
    settle(&mut harness);
    harness.get_by_label_contains(&format!("{} observations", row.observations));

    harness.get_by_label("Targets").click();
    harness.run();
    harness
        .get_by_label(&format!("Target of {} for Listening", row.rep.name))
        .click();
    harness.run();
    harness.get_by_label("2").click();
    settle(&mut harness);
    let skill = skill_named(harness.state(), "Listening");
    let level = harness.state().caches().target(&row.rep, skill).unwrap();
    assert_eq!(level.get(), 2, "the rep's own target replaces the role's");
    harness.get_by_label("< Back").click();
    harness.run();
    harness.get_by_label_contains("8 active reps");
}

#[test]
fn the_roster_counts_wait_for_the_log_and_then_match_sql() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("demo.db"));
    let mut caches = coachbook::model::Caches::load(&store, common::test_now()).unwrap();
    assert!(
        caches.counts_pending,
        "the first frame does not count the log in SQL"
    );
    let log = coachbook::model::ObservationLog::load(store.conn()).unwrap();
    caches.take_counts(log.counts_at_load());
    assert!(!caches.counts_pending);
    let sql = store::observations::count_by_rep(store.conn()).unwrap();
    for row in &caches.roster {
        let expected = sql.get(&row.rep.id).copied().unwrap_or(0);
        assert_eq!(row.observations, expected, "{}", row.rep.name);
    }
}
