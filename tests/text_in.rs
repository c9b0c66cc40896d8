//! Text is cleaned where it enters, whatever the door: the window's commands, the roster
//! file, the JSON archive, a returned rep file and the rep view's own edits. Each test
//! sends what an attacker (or an unlucky paste) would - terminal escape sequences, NUL,
//! 8-bit controls, bare carriage returns - and then reads every text cell of the data file.

mod common;

use std::path::Path;

use chrono::Duration;
use coachbook::app::{App, Command, SessionChange, Stamp, prepare_answers};
use coachbook::clock::FixedClock;
use coachbook::domain::answers::Topic;
use coachbook::domain::commitment::Owner;
use coachbook::domain::observation::{CallContext, ObservationDraft, Visibility};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::{SessionField, SkipReason};
use coachbook::domain::skill::{Rubric, SkillDraft};
use coachbook::domain::text::{Lines, clean};
use coachbook::domain::{Bucket, Level, Rating};
use coachbook::exchange::archive_text::first_unclean_cell;
use coachbook::exchange::{archive, csv_export, roster_csv};
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::store::Store;
use rusqlite::Connection;

use common::{assert_same, demo_store, dump, test_now};

/// OSC 52 (puts "pwned" on the clipboard), OSC 0 (retitles the terminal), NUL, an 8-bit
/// CSI clearing the screen, CRLF, NEL, DEL, a tab.
fn hostile(word: &str) -> String {
    format!(
        "{word}\u{1b}]52;c;cHduZWQ=\u{7} \u{1b}]0;owned\u{1b}\\ \u{0}\u{9b}2J\r\nnext\u{85}\u{7f}\tend"
    )
}

#[track_caller]
fn assert_file_clean(path: &Path) {
    let conn = Connection::open(path).unwrap();
    assert_eq!(first_unclean_cell(&conn).unwrap(), None);
}

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
    let mut fields = vec![
        SessionField::Purpose,
        SessionField::Agenda,
        SessionField::DesiredOutcome,
        SessionField::OutcomeWanted,
        SessionField::AskFor,
        SessionField::FocusAccounts,
        SessionField::Summary,
    ];
    for bucket in Bucket::ALL {
        fields.push(SessionField::SharedNotes(bucket));
        fields.push(SessionField::PrivateNotes(bucket));
    }
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
    assert_eq!(one_line, "New]52;c;cHduZWQ= ]0;owned\\ 2J next end");
    let many: String = conn
        .query_row(
            "SELECT evidence FROM observations WHERE evidence LIKE 'Evidence%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(many, "Evidence]52;c;cHduZWQ= ]0;owned\\ 2J\nnext\tend");
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

#[test]
fn the_roster_file_is_cleaned_before_its_check_shows_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut app = App::new(Store::open(&db).unwrap(), Box::new(FixedClock(test_now()))).unwrap();
    let file = "name,role,email\n\
        \"Ana\u{1b}]0;owned\u{7} Ruiz\",AE,ana@example.com\n\
        \"Bo\r\nChen\u{0}\",SDR\u{9b},\n\
        \u{202e}Eve Long,AE,\n";
    let check = roster_csv::check_bytes(app.store().conn(), file.as_bytes()).unwrap();
    let names: Vec<String> = check
        .lines
        .iter()
        .map(|l| l.draft.as_ref().unwrap().name.clone())
        .collect();
    // The bidi override stays: it is text (a right-to-left name may need one), and what
    // shows it (the terminal, a spreadsheet) takes care of it on the way out.
    assert_eq!(names, ["Ana]0;owned Ruiz", "Bo Chen", "\u{202e}Eve Long"]);
    app.apply(Command::ImportRoster(check.drafts().unwrap()))
        .unwrap();
    assert_file_clean(&db);

    let before = dump(&db);
    let only_controls = "name,role\n\"\u{1b}\u{7}\r\n\u{0}\",AE\n";
    let check = roster_csv::check_bytes(app.store().conn(), only_controls.as_bytes()).unwrap();
    assert_eq!(check.drafts(), None);
    assert_eq!(
        check.lines[0].problems[0].to_string(),
        "The name is empty. Type the rep's full name."
    );
    assert_same(&dump(&db), &before, "a refused roster leaves the file");
}

/// Names a spreadsheet would run, written to CSV and brought back through the roster: the
/// quote the export adds comes off again, so every name is exactly as it was.
#[test]
fn formula_names_survive_the_csv_export_and_the_roster_import() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "=HYPERLINK(\"http://evil.example\",\"Open\")",
        "+Plus Sign",
        "-Minus Sign",
        "@At Sign",
        "'=Quoted Already",
        "''+Twice Quoted",
        "'t Hooft",
        "Semi;=Colon",
    ];
    let source = dir.path().join("source.db");
    let mut app = App::new(
        Store::open(&source).unwrap(),
        Box::new(FixedClock(test_now())),
    )
    .unwrap();
    for name in names {
        app.apply(Command::AddRep(RepDraft {
            name: name.into(),
            role: "AE".into(),
            ..RepDraft::default()
        }))
        .unwrap();
    }
    let out = dir.path().join("tables");
    csv_export::export_dir(app.store(), &out).unwrap();
    let raw = std::fs::read_to_string(out.join("reps.csv")).unwrap();
    assert!(
        raw.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Open\"\")\""),
        "{raw}"
    );
    assert!(
        raw.contains("\"Semi;=Colon\""),
        "a text cell is always quoted: {raw}"
    );
    assert!(raw.contains("\"'''+Twice Quoted\""), "{raw}");
    assert!(raw.contains("\"'t Hooft\""), "{raw}");

    // The roster a manager makes of it: the name, role and email columns, as exported.
    let mut reader = csv::Reader::from_path(out.join("reps.csv")).unwrap();
    let mut roster = csv::Writer::from_writer(Vec::new());
    roster.write_record(["name", "role", "email"]).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        assert!(
            !record[1].starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{record:?}"
        );
        roster
            .write_record([&record[1], &record[2], &record[3]])
            .unwrap();
    }
    let roster = roster.into_inner().unwrap();
    let target = dir.path().join("target.db");
    let store = Store::open(&target).unwrap();
    let check = roster_csv::check_bytes(store.conn(), &roster).unwrap();
    let back: Vec<String> = check
        .lines
        .iter()
        .map(|l| l.draft.as_ref().unwrap().name.clone())
        .collect();
    assert_eq!(back, names);
}

#[test]
fn an_archive_is_cleaned_cell_by_cell_and_one_with_an_empty_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("source.db"));
    let path = dir.path().join("team.json");
    archive::export_file(&store, &path, test_now()).unwrap();
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let column = |json: &serde_json::Value, table: &str, name: &str| {
        json["tables"][table]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c == name)
            .unwrap()
    };
    let mut json = original.clone();
    let at = column(&json, "reps", "name");
    json["tables"]["reps"]["rows"][0][at] = hostile("Dana").into();
    let at = column(&json, "observations", "evidence");
    json["tables"]["observations"]["rows"][0][at] = hostile("Seen").into();
    let at = column(&json, "sessions", "summary");
    json["tables"]["sessions"]["rows"][0][at] = hostile("Summary").into();
    std::fs::write(&path, json.to_string()).unwrap();

    let target = dir.path().join("target.db");
    let mut fresh = Store::open(&target).unwrap();
    archive::import_file(&mut fresh, &path).unwrap();
    drop(fresh);
    assert_file_clean(&target);
    let conn = Connection::open(&target).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM reps ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, clean(&hostile("Dana"), Lines::One));
    let evidence: String = conn
        .query_row(
            "SELECT evidence FROM observations ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(evidence, clean(&hostile("Seen"), Lines::Many));

    let mut json = original;
    let at = column(&json, "reps", "name");
    json["tables"]["reps"]["rows"][0][at] = "\u{1b}\u{7}\u{0}".into();
    std::fs::write(&path, json.to_string()).unwrap();
    let empty = dir.path().join("empty.db");
    let mut fresh = Store::open(&empty).unwrap();
    let before = dump(&empty);
    let err = archive::import_file(&mut fresh, &path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Nothing was imported"), "{err}");
    drop(fresh);
    assert_same(&dump(&empty), &before, "a refused archive leaves the file");
}

/// Every multi-line field of the window, with its lines and tabs, goes through the archive
/// and back as it was: the archive's list of multi-line columns misses none of them.
#[test]
fn multi_line_text_keeps_its_lines_through_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.db");
    let mut app = demo_app(&source);
    let rep = app.caches().roster[0].rep.id;
    let (key, _) = slots(&app, rep);
    let lines = "first line\n\tindented second\nthird";
    for field in [
        SessionField::Agenda,
        SessionField::Summary,
        SessionField::SharedNotes(Bucket::Selling),
        SessionField::PrivateNotes(Bucket::Customer),
    ] {
        app.apply(Command::EditSessionText {
            rep,
            key,
            field,
            text: lines.into(),
        })
        .unwrap();
    }
    app.apply(Command::AddSkill {
        bucket: Bucket::Customer,
        draft: SkillDraft {
            bucket: Some(Bucket::Customer),
            name: "Multi-line rubric".into(),
            description: String::new(),
            rubric: Rubric {
                level_1: lines.into(),
                level_3: lines.into(),
                level_5: lines.into(),
            },
        },
    })
    .unwrap();
    app.apply(Command::AddObservations(vec![ObservationDraft {
        rep_id: rep,
        skill_id: app.caches().framework.skills[0].id,
        observed_on: test_now().date_naive(),
        rating: Rating::NotObserved,
        evidence: lines.into(),
        context: CallContext::ClientCall,
        account: String::new(),
        session_id: None,
        visibility: Visibility::Private,
    }]))
    .unwrap();
    let history = common::first_rep_file(
        app.store(),
        test_now().date_naive() - Duration::days(365),
        &dir.path().join("rep.coachrep"),
    );
    let mut writer = RepFileWriter::open(&dir.path().join("rep.coachrep")).unwrap();
    writer
        .apply(&RepEdit::SetReflection {
            commitment: history.commitments[0].id,
            text: lines.into(),
        })
        .unwrap();
    drop(writer);
    let file = coachbook::repfile::read(&dir.path().join("rep.coachrep")).unwrap();
    let prepared = prepare_answers(app.store().conn(), &file, test_now()).unwrap();
    app.apply(prepared.command()).unwrap();
    let reflection: String = app
        .store()
        .conn()
        .query_row("SELECT text FROM commitment_reflections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reflection, lines);

    let path = dir.path().join("team.json");
    archive::export_file(app.store(), &path, test_now()).unwrap();
    let target = dir.path().join("target.db");
    let mut fresh = Store::open(&target).unwrap();
    archive::import_file(&mut fresh, &path).unwrap();
    drop(fresh);
    assert_same(&dump(&target), &dump(&source), "the archive round trip");
}

/// A rep edits the answers of their file with a tool of their own, past the rep view: the
/// import cleans them like any other door. The rep view itself cleans what it saves.
#[test]
fn a_rep_file_brings_in_clean_answers_from_the_rep_view_or_from_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let mut app = demo_app(&db);
    let path = dir.path().join("rep.coachrep");
    let history = common::first_rep_file(
        app.store(),
        test_now().date_naive() - Duration::days(365),
        &path,
    );
    let mut writer = RepFileWriter::open(&path).unwrap();
    writer
        .apply(&RepEdit::SetAssessment {
            skill: history.skills[0].id,
            value: Some((4, hostile("Comment"))),
        })
        .unwrap();
    writer
        .apply(&RepEdit::SetTopics(vec![Topic {
            bucket: Bucket::Selling,
            text: hostile("Topic"),
        }]))
        .unwrap();
    drop(writer);
    let raw = Connection::open(&path).unwrap();
    let saved: (String, String) = raw
        .query_row(
            "SELECT (SELECT comment FROM self_assessments), (SELECT text FROM topics)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        saved,
        (
            clean(&hostile("Comment"), Lines::One),
            clean(&hostile("Topic"), Lines::One)
        ),
        "the rep view saves clean text"
    );

    // Past the rep view: controls written straight into the file.
    raw.execute(
        "UPDATE self_assessments SET comment = ?1",
        [hostile("Raw comment")],
    )
    .unwrap();
    raw.execute(
        "INSERT INTO reflections (commitment_id, text) VALUES (?1, ?2)",
        rusqlite::params![history.commitments[0].id, hostile("Raw reflection")],
    )
    .unwrap();
    raw.execute("UPDATE topics SET text = ?1", [hostile("Raw topic")])
        .unwrap();
    drop(raw);
    let file = coachbook::repfile::read(&path).unwrap();
    let stamp = Stamp {
        now: test_now(),
        today: test_now().date_naive(),
    };
    let prepared = prepare_answers(app.store().conn(), &file, stamp.now).unwrap();
    app.apply(prepared.command()).unwrap();
    assert_file_clean(&db);
    let reflection: String = app
        .store()
        .conn()
        .query_row("SELECT text FROM commitment_reflections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        reflection,
        "Raw reflection]52;c;cHduZWQ= ]0;owned\\ 2J\nnext\tend"
    );
}
