//! The rep view on a real rep file: the rep answers, and nothing else in the file moves.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use coachbook::repview::RepView;
use common::{demo_store, dump};
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};

/// The tables the manager's Coachbook wrote; the rep view must leave them as they are.
const MANAGER_TABLES: &[&str] = &[
    "about",
    "skills",
    "sessions",
    "session_notes",
    "commitments",
    "observations",
    "plans",
];

fn manager_part(path: &Path) -> Vec<String> {
    dump(path)
        .into_iter()
        .filter(|row| {
            MANAGER_TABLES
                .iter()
                .any(|t| row.starts_with(&format!("{t}: ")))
        })
        .collect()
}

/// A demo data file and a rep file for its first rep.
fn rep_file(dir: &Path) -> PathBuf {
    let store = demo_store(&dir.join("team.db"));
    let from = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let path = dir.join("rep.coachrep");
    common::first_rep_file(&store, from, &path);
    path
}

/// The mouse wheel over the page, `points` down.
fn scroll_down(harness: &mut Harness<'static, RepView>, points: f32) {
    harness.event(egui::Event::PointerMoved(egui::pos2(550.0, 700.0)));
    harness.event(common::wheel_down(points));
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
}

#[test]
fn the_rep_rates_reflects_and_brings_topics_and_can_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = rep_file(dir.path());
    let before = manager_part(&path);
    let mut harness = common::rep_view_harness(&path);
    let skill = harness.state().file().history.skills[0].name.clone();

    harness
        .get_by_label(&format!("Rate yourself 4 of 5 on {skill}"))
        .click();
    harness.run();
    harness
        .get_by_label(&format!("Your comment on {skill}"))
        .focus();
    harness.run();
    harness
        .get_by_label(&format!("Your comment on {skill}"))
        .type_text("I ask for the org chart now");
    harness.run();
    // Typing pauses: the comment is saved a second later.
    for _ in 0..90 {
        harness.step();
    }
    harness.run();

    harness.get_by_label("Commitments").click();
    harness.run();
    // The oldest commitment, closed, is listed last: the rep scrolls down to it.
    scroll_down(&mut harness, 20_000.0);
    let commitment = harness.state().file().history.commitments[0].clone();
    let field = format!(
        "Your reflection on: {} (due {})",
        commitment.text,
        commitment.due_on.format("%-d %b %Y")
    );
    harness.get_by_label(&field).focus();
    harness.run();
    harness
        .get_by_label(&field)
        .type_text("Done, and it helped.");
    for _ in 0..90 {
        harness.step();
    }
    harness.run();

    harness.get_by_label("Next session").click();
    harness.run();
    harness.get_by_label("The topic to bring").focus();
    harness.run();
    harness
        .get_by_label("The topic to bring")
        .type_text("The Northwind renewal");
    harness.run();
    harness.get_by_label("Add topic").click();
    harness.run();

    let file = coachbook::repfile::read(&path).unwrap();
    assert_eq!(file.answers.assessments.len(), 1);
    assert_eq!(file.answers.assessments[0].rating, 4);
    assert_eq!(
        file.answers.assessments[0].comment,
        "I ask for the org chart now"
    );
    assert_eq!(file.answers.reflections.len(), 1);
    assert_eq!(file.answers.reflections[0].text, "Done, and it helped.");
    assert_eq!(file.answers.topics.len(), 1);
    assert_eq!(file.answers.topics[0].text, "The Northwind renewal");

    harness.get_by_label("Undo").click();
    harness.run();
    assert!(
        coachbook::repfile::read(&path)
            .unwrap()
            .answers
            .topics
            .is_empty()
    );
    harness.get_by_label("Redo").click();
    harness.run();
    assert_eq!(
        coachbook::repfile::read(&path)
            .unwrap()
            .answers
            .topics
            .len(),
        1
    );
    assert_eq!(manager_part(&path), before);
}

#[test]
fn clicking_everything_changes_nothing_but_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = rep_file(dir.path());
    let before = manager_part(&path);
    let mut harness = common::rep_view_harness(&path);
    for tab in [
        "Skills and self-assessment",
        "Sessions",
        "Commitments",
        "Observations",
        "Next session",
    ] {
        harness.get_by_label(tab).click();
        harness.run();
        let mut index = 0;
        loop {
            let clickable: Vec<_> = harness
                .query_all(by().predicate(|node| {
                    use egui::accesskit::Role;
                    matches!(
                        node.role(),
                        Role::Button | Role::CheckBox | Role::ComboBox | Role::Link
                    ) && !node.is_disabled()
                }))
                .collect();
            let Some(node) = clickable.get(index) else {
                break;
            };
            node.click();
            index += 1;
            harness.run();
            // A tab button moves elsewhere: come back, and go on with the next control.
            harness.get_by_label(tab).click();
            harness.run();
        }
        let mut index = 0;
        loop {
            let fields: Vec<_> = harness
                .query_all(by().predicate(|node| {
                    use egui::accesskit::Role;
                    matches!(node.role(), Role::TextInput | Role::MultilineTextInput)
                        && !node.is_disabled()
                }))
                .collect();
            let Some(field) = fields.get(index) else {
                break;
            };
            field.focus();
            index += 1;
            harness.run();
            if let Some(focused) = harness.query_all(by().predicate(|n| n.is_focused())).next() {
                focused.type_text("typed by the test");
            }
            harness.run();
        }
        for _ in 0..90 {
            harness.step();
        }
        harness.run();
    }
    assert_eq!(
        manager_part(&path),
        before,
        "the manager's part of the file changed"
    );
    let file = coachbook::repfile::read(&path).unwrap();
    assert!(!file.answers.is_empty(), "the clicks reached the answers");
}

/// The limits of a rep file show beside each field as the rep types, and the field takes
/// no more; a full bucket takes no more topics.
#[test]
fn the_limits_show_as_the_rep_types_and_more_is_not_taken() {
    use coachbook::domain::Bucket;
    use coachbook::domain::rep_file::answers::{MAX_TOPIC_CHARS, MAX_TOPICS_PER_BUCKET, Topic};
    use coachbook::repfile::{RepEdit, RepFileWriter};
    use egui_kittest::kittest::NodeT;

    let dir = tempfile::tempdir().unwrap();
    let path = rep_file(dir.path());
    let bucket = Bucket::default();
    let almost_full: Vec<Topic> = (1..MAX_TOPICS_PER_BUCKET)
        .map(|i| Topic {
            bucket,
            text: format!("Topic {i}"),
        })
        .collect();
    RepFileWriter::open(&path)
        .unwrap()
        .apply(&RepEdit::SetTopics(almost_full))
        .unwrap();
    let mut harness = common::rep_view_harness(&path);
    // Tall enough that the topic form sits below all fifty topics on screen.
    harness.set_size(egui::vec2(1100.0, 2600.0));
    harness.run();
    let skill = harness.state().file().history.skills[0].name.clone();
    harness
        .get_by_label(&format!("Rate yourself 3 of 5 on {skill}"))
        .click();
    harness.run();
    harness
        .get_by_label(&format!("Your comment on {skill}"))
        .focus();
    harness.run();
    harness
        .get_by_label(&format!("Your comment on {skill}"))
        .type_text("Better");
    harness.run();
    harness.get_by_label("6 / 2000");

    harness.get_by_label("Next session").click();
    harness.run();
    harness.get_by_label("The topic to bring").focus();
    harness.run();
    harness
        .get_by_label("The topic to bring")
        .type_text(&"é".repeat(MAX_TOPIC_CHARS + 100));
    harness.run();
    harness.get_by_label(&format!("{MAX_TOPIC_CHARS} / {MAX_TOPIC_CHARS}"));
    harness.get_by_label("Add topic").click();
    harness.run();

    let topics = coachbook::repfile::read(&path).unwrap().answers.topics;
    assert_eq!(topics.len(), MAX_TOPICS_PER_BUCKET);
    assert_eq!(
        topics[MAX_TOPICS_PER_BUCKET - 1].text,
        "é".repeat(MAX_TOPIC_CHARS)
    );
    assert!(
        harness
            .get_by_label("Add topic")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label_contains(&format!("holds its {MAX_TOPICS_PER_BUCKET} topics"));
}
