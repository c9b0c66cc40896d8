//! A cadence created through the window, its sessions in the week view, and a skip.

mod common;

use coachbook::app::App;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::{empty_harness, settle};

fn button(harness: &mut Harness<'_, App>, text: &str) {
    harness
        .get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(text)))
        .click();
    settle(harness);
}

fn replace_text(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    settle(harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(text.to_owned()));
    settle(harness);
}

#[test]
fn create_a_cadence_see_it_in_the_week_and_skip_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = empty_harness(&dir.path().join("team.db"));
    harness.get_by_label_contains("No reps yet: add your team");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    settle(&mut harness);
    button(&mut harness, "Add rep");
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Ana Ruiz");
    settle(&mut harness);
    button(&mut harness, "Save rep");
    harness.get_by_label("Ana Ruiz").click();
    settle(&mut harness);
    button(&mut harness, "Set a cadence");
    replace_text(&mut harness, "Time zone", "UTC");
    replace_text(&mut harness, "Time", "09:00");
    button(&mut harness, "Save cadence");
    harness.get_by_label_contains("Set the cadence of Ana Ruiz: Weekly, Fri, 09:00");
    harness.get_by_label("Weekly, Fri, 09:00");
    replace_text(&mut harness, "on", "2026-11-25");
    replace_text(&mut harness, "at", "11:00");
    button(&mut harness, "Add session");
    harness.get_by_label_contains("Scheduled a session with Ana Ruiz on Wed 25 Nov");

    // Home now counts her as due for coaching: the first session has passed unheld. The
    // one-off she has next week stands in for "Schedule now".
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    settle(&mut harness);
    harness.get_by_label("Booked with Ana Ruiz: Wed 25 Nov 11:00");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    settle(&mut harness);
    harness.get_by_label("Ana Ruiz Fri 20 Nov 09:00, missed");
    button(&mut harness, "Next >");
    harness
        .get_by_label("Ana Ruiz Fri 27 Nov 09:00, planned")
        .click();
    settle(&mut harness);
    harness.get_by_label("Vacation").click();
    settle(&mut harness);
    button(&mut harness, "Skip session");
    harness.get_by_label("Ana Ruiz Fri 27 Nov 09:00, skipped");
    harness.get_by_label_contains("Skipped Ana Ruiz's session");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    harness.get_by_label("Ana Ruiz Fri 27 Nov 09:00, planned");
}
