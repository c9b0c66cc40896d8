//! Choosing among fifty reps: every rep and skill picker opens a search field that filters
//! the whole list as you type (the rule of quick capture), Enter chooses, Esc leaves the
//! choice alone.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::domain::rep::RepDraft;
use coachbook::ops::Command;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rusqlite::Connection;

use common::{demo_harness, settle};

/// The demo team plus fifty more reps, on the Observations screen.
fn many_reps(path: &Path) -> Harness<'static, App> {
    let mut harness = demo_harness(path, egui::vec2(1300.0, 860.0), true);
    let role = harness.state().caches().roster[0].rep.role.clone();
    let drafts = (1..=50)
        .map(|n| RepDraft {
            name: format!("Extra Seller {n:02}"),
            role: role.clone(),
            email: String::new(),
            start_date: None,
        })
        .collect();
    harness
        .state_mut()
        .apply(Command::ImportRoster(drafts))
        .unwrap();
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    settle(&mut harness);
    harness
}

/// A picker reads as a combo box named by its label, as the drop-down it replaced did.
fn open_picker(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_role_and_label(Role::ComboBox, label).click();
    harness.run();
}

/// Names offered in an open picker: its entries are buttons, the table's names are not.
fn offered(harness: &Harness<'_, App>, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|name| {
            harness
                .query_all_by_label(name)
                .any(|n| n.accesskit_node().role() == Role::Button)
        })
        .cloned()
        .collect()
}

/// `first` is listed above `second` in the open picker.
fn assert_first_offered(harness: &Harness<'_, App>, first: &str, second: &str) {
    let y = |name: &str| {
        harness
            .query_all_by_label(name)
            .filter(|n| n.accesskit_node().role() == Role::Button)
            .filter_map(|n| n.accesskit_node().bounding_box())
            .map(|r| r.y0)
            .fold(f64::MAX, f64::min)
    };
    assert!(y(first) < y(second), "{first} above {second}");
}

/// What the picker labelled `label` shows while closed.
fn picker_text(harness: &Harness<'_, App>, label: &str) -> String {
    harness
        .get_by_role_and_label(Role::ComboBox, label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

fn rep_names(harness: &Harness<'_, App>) -> Vec<String> {
    harness
        .state()
        .caches()
        .roster
        .iter()
        .map(|r| r.rep.name.clone())
        .collect()
}

fn observations_of(path: &Path, name: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM observations o JOIN reps r ON r.id = o.rep_id WHERE r.name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn typing_kwa_in_the_rep_picker_offers_only_kwame_and_enter_filters_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    let names = rep_names(&harness);
    assert!(names.len() > 50, "{} reps", names.len());
    open_picker(&mut harness, "Rep");
    // Opened, the list holds every rep (it scrolls), not six.
    let all = harness.state().caches().roster.len();
    assert!(offered(&harness, &names).len() >= 8, "more than six shown");
    assert!(all > 50);
    for c in "kwa".chars() {
        harness.event(Event::Text(c.to_string()));
        harness.run();
    }
    // The capture rule (letters in order) also lets Kowalski in, below Kwame: the word
    // start and the run of letters put Kwame first, and Enter takes the first.
    assert_eq!(
        offered(&harness, &names),
        ["Ingrid Kowalski", "Kwame Okafor"]
    );
    assert_first_offered(&harness, "Kwame Okafor", "Ingrid Kowalski");
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Rep")
            .is_none(),
        "Enter closes the picker"
    );
    let expected = observations_of(&path, "Kwame Okafor");
    harness.get_by_label_contains(&format!("{expected} observations"));
    assert_eq!(picker_text(&harness, "Rep"), "Kwame Okafor");
}

#[test]
fn letters_and_enter_in_one_frame_choose_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    open_picker(&mut harness, "Rep");
    let events = &mut harness.input_mut().events;
    for c in ["k", "w", "a"] {
        events.push(Event::Text(c.to_owned()));
    }
    events.push(Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    settle(&mut harness);
    let expected = observations_of(&path, "Kwame Okafor");
    harness.get_by_label_contains(&format!("{expected} observations"));
}

#[test]
fn accents_and_case_do_not_matter_and_arrows_move() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    let names = rep_names(&harness);
    open_picker(&mut harness, "Rep");
    harness.event(Event::Text("EXTRA SELLER 0".to_owned()));
    harness.run();
    let shown = offered(&harness, &names);
    // Capture's rule: the 0 of 10, 20... is in order too, but after the word starts.
    assert_eq!(shown.len(), 14, "{shown:?}");
    // Down twice moves to the third match.
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(picker_text(&harness, "Rep"), "Extra Seller 03");

    // A name with an accent is found without typing it.
    if let Some(accented) = names.iter().find(|n| n.contains('á') || n.contains('é')) {
        open_picker(&mut harness, "Rep");
        let plain: String = accented
            .chars()
            .map(|c| match c {
                'á' => 'a',
                'é' => 'e',
                other => other,
            })
            .collect();
        harness.event(Event::Text(plain.to_lowercase()));
        harness.run();
        assert!(offered(&harness, &names).contains(accented), "{accented}");
    }
}

#[test]
fn the_skill_picker_filters_as_you_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    let skills: Vec<String> = harness
        .state()
        .caches()
        .framework
        .skills
        .iter()
        .map(|s| s.name.clone())
        .collect();
    open_picker(&mut harness, "Skill");
    assert_eq!(offered(&harness, &skills).len(), skills.len(), "all skills");
    for c in "upf".chars() {
        harness.event(Event::Text(c.to_string()));
        harness.run();
    }
    let shown = offered(&harness, &skills);
    assert_eq!(shown.first().map(String::as_str), Some("Upfront contract"));
    assert!(shown.len() < skills.len(), "{shown:?}");
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(picker_text(&harness, "Skill"), "Upfront contract");
}

#[test]
fn escape_closes_without_changing_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    let total = common::count(&path, "observations");
    open_picker(&mut harness, "Rep");
    harness.event(Event::Text("kwa".to_owned()));
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::Escape);
    settle(&mut harness);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Rep")
            .is_none()
    );
    assert_eq!(picker_text(&harness, "Rep"), "All");
    harness.get_by_label_contains(&format!("{total} observations"));
    // Opening again starts from an empty search.
    open_picker(&mut harness, "Rep");
    let names = rep_names(&harness);
    assert!(offered(&harness, &names).len() > 1);
}

#[test]
fn the_calendar_rep_picker_filters_and_offers_everyone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    settle(&mut harness);
    let names = rep_names(&harness);
    open_picker(&mut harness, "Rep");
    harness.get_by_role_and_label(Role::Button, "Everyone");
    harness.event(Event::Text("kwa".to_owned()));
    harness.run();
    assert_eq!(
        offered(&harness, &names),
        ["Ingrid Kowalski", "Kwame Okafor"]
    );
    assert_first_offered(&harness, "Kwame Okafor", "Ingrid Kowalski");
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(picker_text(&harness, "Rep"), "Kwame Okafor");
}

#[test]
fn the_observation_editor_picks_its_skill_by_typing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    let conn = Connection::open(&path).unwrap();
    let (id, newest): (i64, i64) = conn
        .query_row(
            "SELECT id, observed_day FROM observations ORDER BY observed_day DESC, id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let skill_of = |id: i64| -> String {
        conn.query_row(
            "SELECT s.name FROM observations o JOIN skills s ON s.id = o.skill_id WHERE o.id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_ne!(skill_of(id), "Upfront contract");
    let newest = coachbook::store::from_day(newest).unwrap().to_string();
    common::open_observation_of_day(&mut harness, &newest);
    settle(&mut harness);
    harness.get_by_label_contains("Edit observation");
    // The filter bar has a Skill picker too; the editor's is the one in the side panel.
    let right =
        |n: &egui_kittest::Node<'_>| n.accesskit_node().bounding_box().map_or(0.0, |r| r.x0);
    harness
        .query_all_by_role_and_label(Role::ComboBox, "Skill")
        .max_by(|a, b| right(a).total_cmp(&right(b)))
        .unwrap()
        .click();
    harness.run();
    harness.event(Event::Text("upf".to_owned()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Edit observation")
            .is_some(),
        "Enter in the picker chooses; it does not save or close the editor"
    );
    harness
        .get_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Save changes"))
        })
        .click();
    settle(&mut harness);
    assert_eq!(skill_of(id), "Upfront contract");
}

#[test]
fn arrows_start_from_the_current_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = many_reps(&path);
    open_picker(&mut harness, "Rep");
    harness.event(Event::Text("extra seller 40".to_owned()));
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(picker_text(&harness, "Rep"), "Extra Seller 40");
    // Reopened, Down moves from Extra Seller 40 to the next rep, not from the top.
    open_picker(&mut harness, "Rep");
    harness.key_press(Key::ArrowDown);
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(picker_text(&harness, "Rep"), "Extra Seller 41");
}
