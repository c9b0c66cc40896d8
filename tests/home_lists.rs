//! Lists that would grow without end are capped: Home shows the most overdue commitments
//! first, a few of them, with their count and "Show all"; a commitment is marked done from
//! Home and Ctrl+Z brings it back; the session's follow-up list is capped the same way.

mod common;

use coachbook::app::App;
use coachbook::domain::commitment::{CommitmentDraft, CommitmentStatus, Owner};
use coachbook::ui::{LIST_CAP, Place};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use common::settle;

fn harness(dir: &tempfile::TempDir) -> Harness<'static, App> {
    common::demo_harness(
        &dir.path().join("demo.db"),
        egui::vec2(1300.0, 1200.0),
        true,
    )
}

/// The labels of the buttons whose label starts with `start`, top to bottom.
fn buttons(harness: &Harness<'_, App>, start: &str) -> Vec<String> {
    harness
        .query_all_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(start))
        })
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).click();
    settle(harness);
}

#[test]
fn home_shows_the_most_overdue_commitments_first_with_their_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let today = common::test_now().date_naive();
    let due = harness.state().caches().due_commitments.clone();
    assert!(due.len() > 2 * LIST_CAP, "the demo has {} due", due.len());
    assert!(
        due.windows(2)
            .all(|w| w[0].draft.due_on <= w[1].draft.due_on)
    );

    // At most the cap, and they are the most overdue ones, in order.
    let shown = buttons(&harness, "Done: ");
    let expected: Vec<String> = due[..LIST_CAP]
        .iter()
        .map(|c| format!("Done: {}", c.draft.text))
        .collect();
    assert_eq!(shown, expected);

    // The heading says how many there are.
    let overdue = due.iter().filter(|c| c.draft.due_on < today).count();
    let week = due.len() - overdue;
    let count = if week == 0 {
        format!("{overdue} overdue")
    } else {
        format!("{overdue} overdue, {week} this week")
    };
    harness.get_by_label(&count);

    // "Show all" reveals the rest (laid out as far as the window shows); "Show fewer"
    // hides them again.
    click(
        &mut harness,
        &format!("Show all {} commitments due", due.len()),
    );
    assert!(buttons(&harness, "Done: ").len() > LIST_CAP);
    assert!(harness.query_by_label("Show all").is_none());
    click(&mut harness, "Show fewer commitments due");
    assert_eq!(buttons(&harness, "Done: "), expected);
}

#[test]
fn a_commitment_marked_done_on_home_leaves_the_list_and_ctrl_z_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let first = harness.state().caches().due_commitments[0].clone();
    let total = harness.state().caches().due_commitments.len();
    let done = buttons(&harness, "Done: ")[0].clone();
    click(&mut harness, &done);
    let due = &harness.state().caches().due_commitments;
    assert_eq!(due.len(), total - 1);
    assert!(due.iter().all(|c| c.id != first.id));
    // The list still shows as many, the next most overdue first.
    assert_eq!(buttons(&harness, "Done: ").len(), LIST_CAP);
    assert_eq!(
        buttons(&harness, "Done: ")[0],
        format!("Done: {}", due[0].draft.text)
    );
    harness.get_by_label(&format!("Show all {} commitments due", total - 1));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    let due = &harness.state().caches().due_commitments;
    assert_eq!(due.len(), total);
    assert_eq!(due[0].id, first.id);
    assert_eq!(
        buttons(&harness, "Done: ")[0],
        format!("Done: {}", first.draft.text)
    );
}

#[test]
fn dropping_from_home_also_leaves_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let first = harness.state().caches().due_commitments[0].clone();
    let drop = buttons(&harness, "Drop: ")[0].clone();
    click(&mut harness, &drop);
    assert!(
        harness
            .state()
            .caches()
            .due_commitments
            .iter()
            .all(|c| c.id != first.id)
    );
}

#[test]
fn needs_coaching_is_capped_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("demo.db"));
    // Half a year on, with no session held since, every rep with a cadence is overdue.
    let later = common::test_now() + chrono::Duration::days(180);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .build_eframe(move |cc| {
            App::from_creation(cc, store, Box::new(coachbook::clock::FixedClock(later))).unwrap()
        });
    settle(&mut harness);
    let listed = |h: &Harness<'_, App>| {
        buttons(h, "Schedule now with ").len() + buttons(h, "Booked with ").len()
    };
    let label = harness
        .get_all_by(|n| {
            n.label().is_some_and(|l| {
                l.starts_with("Show all ") && l.ends_with(" reps who need coaching")
            })
        })
        .next()
        .and_then(|n| n.accesskit_node().label())
        .unwrap();
    let total: usize = label["Show all ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total > LIST_CAP);
    harness.get_by_label(&format!("{total} reps"));
    assert_eq!(listed(&harness), LIST_CAP);
    click(&mut harness, &label);
    assert_eq!(listed(&harness), total);
    click(&mut harness, "Show fewer reps who need coaching");
    assert_eq!(listed(&harness), LIST_CAP);
}

#[test]
fn the_session_follow_up_list_is_capped_with_show_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("demo.db"));
    // Ten more overdue commitments for the first rep, so their list runs past the cap.
    let rep = coachbook::store::reps::list(store.conn()).unwrap()[0].id;
    let due_on = common::test_now().date_naive() - chrono::Duration::days(4000);
    for i in 0..10 {
        let draft = CommitmentDraft {
            rep_id: rep,
            session_id: None,
            text: format!("Old promise {i}"),
            owner: Owner::Rep,
            due_on: due_on + chrono::Duration::days(i),
        };
        let now = common::test_now();
        coachbook::store::commitments::insert(
            store.conn(),
            &draft,
            CommitmentStatus::Open,
            None,
            now,
        )
        .unwrap();
    }
    let mut harness = common::harness_on(store, egui::vec2(1300.0, 900.0), true);
    let occurrences = &harness.state().caches().calendar.occurrences;
    let key = occurrences.iter().find(|o| o.rep == rep).unwrap().key;
    let other = occurrences.iter().find(|o| o.rep != rep).unwrap();
    let other = (other.rep, other.key);
    harness
        .state_mut()
        .ui_state_mut()
        .go(Place::Session(rep, key));
    settle(&mut harness);
    let open = harness
        .state()
        .caches()
        .session
        .as_ref()
        .unwrap()
        .commitments
        .iter()
        .filter(|c| c.status == CommitmentStatus::Open)
        .count();
    assert!(open >= 10, "{open} open");
    harness.get_by_label(&format!("{open} open"));

    // The most overdue first, at most the cap.
    let expected: Vec<String> = (0..LIST_CAP)
        .map(|i| format!("Done: Old promise {i}"))
        .collect();
    assert_eq!(buttons(&harness, "Done: "), expected);
    click(&mut harness, &format!("Show all {open} open commitments"));
    assert_eq!(buttons(&harness, "Done: ").len(), open);
    click(&mut harness, "Show fewer open commitments");
    assert_eq!(buttons(&harness, "Done: "), expected);

    // "Show all" belongs to the session it was pressed in: opened again after another
    // one, the list starts capped.
    click(&mut harness, &format!("Show all {open} open commitments"));
    for (rep, key) in [other, (rep, key)] {
        harness
            .state_mut()
            .ui_state_mut()
            .go(Place::Session(rep, key));
        settle(&mut harness);
    }
    assert_eq!(buttons(&harness, "Done: "), expected);
}
