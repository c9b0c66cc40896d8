//! The session workspace through the window: open a session, accept the agenda, write
//! notes, capture, agree next steps, mark held; reopen; the next session follows up.

mod common;

use std::path::Path;

use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::store::Store;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

use common::{demo_store, settle, test_now};

fn open(path: &Path) -> Harness<'static, App> {
    let store = Store::open(path).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 2400.0))
        .build_eframe(move |cc| {
            App::from_creation(cc, store, Box::new(FixedClock(test_now()))).unwrap()
        });
    // Notes may hold any script; a glyph the test fonts lack is drawn as a box, as in the app.
    harness
        .ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    settle(&mut harness);
    harness
}

/// The first button whose label starts with `text` (Home lists a missed session twice).
fn button(harness: &mut Harness<'_, App>, text: &str) {
    harness
        .get_all_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(text)))
        .next()
        .unwrap_or_else(|| panic!("no button {text}"))
        .click();
    settle(harness);
}

fn field<'h>(harness: &'h Harness<'_, App>, label: &'h str) -> egui_kittest::Node<'h> {
    harness.get_by(|n| {
        matches!(n.role(), Role::TextInput | Role::MultilineTextInput)
            && n.label().as_deref() == Some(label)
    })
}

fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    field(harness, label).focus();
    settle(harness);
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

/// Waits past the autosave delay so typing reaches the file.
fn wait_for_autosave(harness: &mut Harness<'_, App>) {
    std::thread::sleep(std::time::Duration::from_millis(1100));
    harness.step();
    settle(harness);
}

#[test]
fn prepare_run_and_close_a_session_then_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    drop(demo_store(&path));
    let mut harness = open(&path);

    // Hannah's session on Thursday was not held yet: open it from Home.
    button(&mut harness, "Open session: Hannah Novak Thu 19 Nov 09:30");
    harness.get_by_label_contains("Coaching: Hannah Novak");
    button(&mut harness, "Accept the proposed agenda");
    let points: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM talking_points", [], |r| r.get(0))
        .unwrap();
    assert!(points >= 3, "the agenda has points in every bucket");

    type_into(
        &mut harness,
        "Shared notes: Navigating our organization",
        "Ask solutions for the Atlas demo.",
    );
    type_into(
        &mut harness,
        "Shared notes: Customer and selling skills",
        "Practise the upfront contract.",
    );
    type_into(
        &mut harness,
        "Shared notes: Knowledge of the customer",
        "Who owns the budget at Atlas? 📈",
    );
    type_into(
        &mut harness,
        "Private notes: Customer and selling skills",
        "PRIVATE-CANARY seems tired",
    );
    type_into(
        &mut harness,
        "Summary (shared with the rep)",
        "Good session; two next steps agreed.",
    );
    wait_for_autosave(&mut harness);

    button(&mut harness, "Capture observation");
    harness.event(Event::Text("li".into()));
    harness.run();
    harness.event(Event::Text("4".into()));
    harness.run();
    harness.event(Event::Text(
        "Summarised the buyer's priorities back to them.".into(),
    ));
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    let linked: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM observations WHERE session_id IS NOT NULL AND evidence LIKE 'Summarised the buyer%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(linked, 1, "the observation is linked to the session");

    for (text, due) in [
        ("Send Atlas the recap", "2026-11-27"),
        ("Book the finance lead", "2026-12-04"),
    ] {
        type_into(&mut harness, "Next step", text);
        type_into(&mut harness, "Due", due);
        button(&mut harness, "Add commitment");
    }
    // A step due before the session is refused.
    type_into(&mut harness, "Next step", "Too late");
    type_into(&mut harness, "Due", "2026-11-01");
    button(&mut harness, "Add commitment");
    harness.get_by_label_contains("before the session it came from");

    button(&mut harness, "Mark held");
    harness.get_by_label_contains("Marked Hannah Novak's session");
    let recap = harness.state().recap();
    assert!(
        recap.contains("Send Atlas the recap") && recap.contains("Practise the upfront contract.")
    );
    assert!(
        !recap.contains("PRIVATE-CANARY"),
        "private notes never leave"
    );
    drop(harness);

    // Reopen the app: everything is there.
    let mut harness = open(&path);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    settle(&mut harness);
    harness
        .get_by_label("Hannah Novak Thu 19 Nov 09:30, held")
        .click();
    settle(&mut harness);
    button(&mut harness, "Open session");
    assert_eq!(
        field(&harness, "Shared notes: Knowledge of the customer")
            .value()
            .as_deref(),
        Some("Who owns the budget at Atlas? 📈")
    );
    assert_eq!(
        field(&harness, "Private notes: Customer and selling skills")
            .value()
            .as_deref(),
        Some("PRIVATE-CANARY seems tired")
    );

    // The next session follows up the open commitments.
    button(&mut harness, "< Back");
    button(&mut harness, "Next >");
    harness
        .get_by_label("Hannah Novak Thu 26 Nov 09:30, planned")
        .click();
    settle(&mut harness);
    button(&mut harness, "Open session");
    // The follow-up list shows the most overdue first; the new ones are due last.
    harness
        .get_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Show all ") && l.ends_with(" open commitments"))
        })
        .next()
        .unwrap()
        .click();
    settle(&mut harness);
    harness.get_by_label("Done: Send Atlas the recap");
    harness.get_by_label("Done: Book the finance lead");
}

#[test]
fn typing_is_saved_within_a_second_without_a_clean_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    drop(demo_store(&path));
    let mut harness = open(&path);
    button(&mut harness, "Open session: Hannah Novak Thu 19 Nov 09:30");
    type_into(
        &mut harness,
        "Summary (shared with the rep)",
        "Saved without closing anything.",
    );
    wait_for_autosave(&mut harness);
    // No close, no flush: the process could die here.
    std::mem::forget(harness);
    let conn = Connection::open(&path).unwrap();
    let saved: i64 = conn
        .query_row(
            "SELECT count(*) FROM sessions WHERE summary = 'Saved without closing anything.'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(saved, 1);
}

#[test]
fn a_note_typed_on_a_full_disk_stays_on_screen_and_is_saved_when_space_returns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    drop(demo_store(&path));
    // No free pages left over from writing the demo: the file must grow to take the note.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    let mut harness = open(&path);
    button(&mut harness, "Open session: Hannah Novak Thu 19 Nov 09:30");
    let before = common::dump(&path);
    let pages: i64 = harness
        .state()
        .store()
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // The disk is full: the file may not grow by a single page.
    harness
        .state()
        .store()
        .conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let note = "A long note about the Atlas deal. ".repeat(400);
    let label = "Shared notes: Knowledge of the customer";
    type_into(&mut harness, label, &note);
    wait_for_autosave(&mut harness);
    harness.get_by_label_contains("is full");
    assert_eq!(common::dump(&path), before, "nothing half-written");
    assert_eq!(
        field(&harness, label).value().as_deref(),
        Some(note.as_str()),
        "the text stays on screen"
    );

    harness
        .state()
        .store()
        .conn()
        .pragma_update(None, "max_page_count", 1_000_000_000)
        .unwrap();
    // The harness's clock moves with its frames: run frames past the retry pause.
    let retry_at = harness.ctx.input(|i| i.time) + coachbook::ui::RETRY_SECS;
    while harness.ctx.input(|i| i.time) <= retry_at {
        harness.step();
    }
    settle(&mut harness);
    assert!(harness.state().ui_state().session.dirty.is_empty());
    let saved: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM session_notes WHERE bucket = 'customer' AND shared_text = ?1",
            [&note],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(saved, 1, "the retry saved it once space came back");
}
