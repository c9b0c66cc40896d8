//! Forms show every problem at once, each under its field, keep the cursor in the first
//! one so typing goes somewhere, and drop each problem as soon as it is fixed.

mod common;

use coachbook::app::App;
use coachbook::ops::Command;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::settle;

fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

fn focused(harness: &Harness<'_, App>, label: &str) -> bool {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .is_focused()
}

#[test]
fn the_add_rep_form_shows_every_problem_and_keeps_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut harness = common::empty_harness(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    settle(&mut harness);
    type_into(&mut harness, "Email", "sam at example");
    type_into(&mut harness, "Start date", "2026-13-40");
    harness.key_press(Key::Enter);
    settle(&mut harness);

    // All three at once: the empty name, the email and the date.
    harness.get_by_label("The name is empty. Type the rep's full name.");
    harness.get_by_label_contains("\"sam at example\" does not look like an email");
    harness.get_by_label_contains("\"2026-13-40\" is not a date");
    assert!(
        focused(&harness, "Name"),
        "the cursor is in the first field with a problem"
    );
    assert_eq!(common::count(&path, "reps"), 0);

    // Typing goes into the name; its problem leaves while the others stay.
    harness.event(Event::Text("Sam Ortiz".to_owned()));
    settle(&mut harness);
    let form = harness.state().ui_state().team.form.clone().unwrap();
    assert_eq!(form.name, "Sam Ortiz");
    assert_eq!(form.problems.len(), 2, "{:?}", form.problems);

    type_into(&mut harness, "Email", "sam@example.com");
    type_into(&mut harness, "Start date", "2026-03-01");
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(common::count(&path, "reps"), 1);
}

#[test]
fn the_cadence_form_shows_every_problem_under_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::empty_harness(&dir.path().join("team.db"));
    harness
        .state_mut()
        .apply(Command::AddRep(coachbook::domain::rep::RepDraft {
            name: "Ana Ruiz".into(),
            role: "AE".into(),
            ..Default::default()
        }))
        .unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    harness.get_by_label("Ana Ruiz").click();
    settle(&mut harness);
    harness
        .get_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Set a cadence"))
        })
        .click();
    settle(&mut harness);
    type_into(&mut harness, "Time", "9h");
    type_into(&mut harness, "Starts on", "");
    type_into(&mut harness, "Time zone", "Atlantis/Nowhere");
    harness
        .get_by(|n| n.role() == Role::Button && n.label().as_deref() == Some("Save cadence"))
        .click();
    settle(&mut harness);
    harness.get_by_label("Write the time as HH:MM, for example 09:30.");
    harness.get_by_label("The cadence needs a start date.");
    harness.get_by_label_contains("\"Atlantis/Nowhere\" is not a known time zone");
    assert!(focused(&harness, "Time"));
    assert!(harness.state().caches().cadences.is_empty());

    // The cursor is in Time: select what is there and type over it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(Event::Text("09:30".to_owned()));
    settle(&mut harness);
    assert!(
        harness
            .query_by_label("Write the time as HH:MM, for example 09:30.")
            .is_none(),
        "a fixed field's problem goes"
    );
    harness.get_by_label("The cadence needs a start date.");
}
