//! Text is cleaned where it enters through the window: every command that carries a
//! person's text, undo and redo, and a paste into a form. Each test sends what an attacker
//! (or an unlucky paste) would - terminal escape sequences, NUL, 8-bit controls, bare
//! carriage returns - and then reads every text cell of the data file. The file doors
//! (roster, archive, rep file) are in `text_in_files.rs`.

mod common;

use std::path::Path;

use chrono::Duration;
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::commitment::Owner;
use coachbook::domain::observation::{CallContext, ObservationDraft, Visibility};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::{SessionField, SkipReason};
use coachbook::domain::skill::{Rubric, SkillDraft};
use coachbook::domain::text::{Lines, clean};
use coachbook::domain::{Bucket, Level, Rating};
use coachbook::ops::{Command, SessionChange};
use rusqlite::Connection;

use common::text::{assert_file_clean, hostile};
use common::{assert_same, demo_store, dump, test_now};

fn demo_app(path: &Path) -> App {
    App::new(demo_store(path), Box::new(FixedClock(test_now()))).unwrap()
}

/// The rep's next two untouched slots.
fn slots(app: &App, rep: RepId) -> (OccurrenceKey, OccurrenceKey) {
    let cadence = app
        .caches()
        .cadences
        .iter()
        .find(|c| c.rep_id == rep && c.ended.is_none())
        .unwrap();
    let at = cadence.occurrences(test_now(), test_now() + Duration::days(60), 2);
    let key = |slot| OccurrenceKey::Slot {
        cadence: cadence.id,
        slot,
    };
    (key(at[0]), key(at[1]))
}

/// One command of every kind that carries a person's text, each full of controls.
fn hostile_commands(app: &App) -> Vec<Command> {
    let rep = app.caches().roster[0].rep.id;
    let (key, other) = slots(app, rep);
    let draft = ObservationDraft {
        rep_id: rep,
        skill_id: app.caches().framework.skills[0].id,
        observed_on: test_now().date_naive(),
        rating: Rating::Rated(Level::new(4).unwrap()),
        evidence: hostile("Evidence"),
        context: CallContext::Demo,
        account: hostile("Account"),
        session_id: None,
        visibility: Visibility::Shared,
    };
    let mut commands = vec![
        Command::AddRep(RepDraft {
            name: hostile("New"),
            role: "AE".into(),
            ..RepDraft::default()
        }),
        Command::EditRep {
            id: rep,
            draft: RepDraft {
                name: hostile("Edited"),
                ..app.caches().roster[0].rep.draft()
            },
        },
        Command::AddObservations(vec![draft.clone()]),
        Command::AddSkill {
            bucket: Bucket::Selling,
            draft: SkillDraft {
                bucket: Some(Bucket::Selling),
                name: hostile("Skill"),
                description: hostile("Description"),
                rubric: Rubric {
                    level_1: hostile("One"),
                    level_3: hostile("Three"),
                    level_5: hostile("Five"),
                },
            },
        },
        Command::AddPrompt {
            bucket: Bucket::Customer,
            text: hostile("Prompt"),
        },
        Command::AddTalkingPoints {
            rep,
            key,
            points: vec![(Bucket::Selling, hostile("Point"), hostile("Because"))],
        },
        Command::AddCommitment {
            rep,
            key,
            text: hostile("Commitment"),
            owner: Owner::Rep,
            due_on: test_now().date_naive() + Duration::days(30),
        },
        Command::AddObservationsInSession {
            rep,
            key,
            drafts: vec![draft],
        },
        Command::ChangeSession {
            rep,
            key: other,
            change: SessionChange::Skip(SkipReason::Other(hostile("Skipped"))),
        },
    ];
    let fields = SessionField::all();
    commands.extend(fields.into_iter().map(|field| Command::EditSessionText {
        rep,
        key,
        field,
        text: hostile("Field"),
    }));
    commands
}

/// The yardstick itself: the demo team, written by Coachbook, passes it, so the checks
/// below catch the hostile text and nothing else.
#[test]
fn the_demo_team_holds_only_clean_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    drop(demo_store(&db));
    assert_file_clean(&db);
}

#[test]
fn every_window_command_stores_clean_text_and_so_do_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut app = demo_app(&db);
    let commands = hostile_commands(&app);
    let count = commands.len();
    for command in commands {
        app.apply(command.clone())
            .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    }
    assert_file_clean(&db);
    let conn = Connection::open(&db).unwrap();
    let one_line: String = conn
        .query_row("SELECT name FROM reps WHERE name LIKE 'New%'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        one_line,
        "New]52;c;cHduZWQ= ]0;owned\\ 2J\u{202e}desrever X-EVIL:1 end"
    );
    let many: String = conn
        .query_row(
            "SELECT evidence FROM observations WHERE evidence LIKE 'Evidence%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        many,
        "Evidence]52;c;cHduZWQ= ]0;owned\\ 2J\u{202e}desrever\nX-EVIL:1\tend"
    );
    let agenda: String = conn
        .query_row(
            "SELECT agenda FROM sessions WHERE agenda LIKE 'Field%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(agenda, clean(&hostile("Field"), Lines::Many));
    let after = dump(&db);
    for _ in 0..count {
        app.undo().unwrap().unwrap();
    }
    assert_file_clean(&db);
    for _ in 0..count {
        app.redo().unwrap().unwrap();
    }
    assert_file_clean(&db);
    assert_same(&dump(&db), &after, "redo stores the same clean text");
}

#[test]
fn a_name_that_is_only_controls_is_refused_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut app = demo_app(&db);
    let before = dump(&db);
    for name in [
        "\u{1b}\u{7}\u{0}",
        "\u{1b}\u{9b}\r\n\u{7f}",
        "\t\u{85}\u{2028}",
    ] {
        let err = app
            .apply(Command::AddRep(RepDraft {
                name: name.into(),
                role: "AE".into(),
                ..RepDraft::default()
            }))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "The name is empty. Type the rep's full name."
        );
        let err = app
            .apply(Command::AddSkill {
                bucket: Bucket::Selling,
                draft: SkillDraft {
                    bucket: Some(Bucket::Selling),
                    name: name.into(),
                    ..SkillDraft::default()
                },
            })
            .unwrap_err();
        assert!(err.to_string().contains("name"), "{err}");
    }
    assert_same(&dump(&db), &before, "refused commands leave the file");
}

/// A name pasted into the window's rep form, escape sequences and all: the roster shows,
/// and the file holds, the name without them.
#[test]
fn the_window_shows_and_stores_a_pasted_name_without_its_controls() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut harness = common::empty_harness(&db);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    common::settle(&mut harness);
    harness
        .get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Add rep")))
        .click();
    common::settle(&mut harness);
    let field = harness.get_by_role_and_label(Role::TextInput, "Name");
    assert!(field.is_focused());
    harness.event(egui::Event::Paste(
        "Dana\u{1b}]0;owned\u{7}\r\nLee\u{0}\u{9b}".into(),
    ));
    common::settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    common::settle(&mut harness);
    harness.get_by_label("Dana]0;owned Lee");
    drop(harness);
    let name: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT name FROM reps", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Dana]0;owned Lee");
    assert_file_clean(&db);
}

#[test]
fn a_pasted_tab_or_line_break_in_a_one_line_field_becomes_a_space() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut app = demo_app(&db);
    let rep = app.caches().roster[0].rep.id;
    let (key, _) = slots(&app, rep);
    app.apply(Command::AddCommitment {
        rep,
        key,
        text: "Send\tthe\r\nrecap\u{2028}today".into(),
        owner: Owner::Manager,
        due_on: test_now().date_naive() + Duration::days(60),
    })
    .unwrap();
    let conn = Connection::open(&db).unwrap();
    let text: String = conn
        .query_row(
            "SELECT text FROM commitments WHERE text LIKE 'Send the%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(text, "Send the recap today");
}
