//! Text is cleaned where it enters through a file: the roster, the JSON archive, a
//! returned rep file and the rep view's own edits. The window's doors are in `text_in.rs`.

mod common;

use chrono::Duration;
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::observation::{CallContext, ObservationDraft, Visibility};
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::rep_file::answers::Topic;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::{SessionField, SessionId};
use coachbook::domain::skill::{Rubric, SkillDraft};
use coachbook::domain::text::{Lines, clean};
use coachbook::domain::{Bucket, Rating};
use coachbook::exchange::{archive, csv_export, roster_csv};
use coachbook::ops::{Command, prepare_answers};
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::store::Store;
use rusqlite::Connection;

use common::text::{assert_file_clean, hostile};
use common::{assert_same, demo_store, dump, test_now};

fn demo_app(path: &std::path::Path) -> App {
    App::new(demo_store(path), Box::new(FixedClock(test_now()))).unwrap()
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
    let (session, rep): (i64, i64) = app
        .store()
        .conn()
        .query_row(
            "SELECT id, rep_id FROM sessions ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (key, rep) = (OccurrenceKey::Stored(SessionId(session)), RepId(rep));
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
    let file = coachbook::repfile::read_returned(&dir.path().join("rep.coachrep")).unwrap();
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
    let file = coachbook::repfile::read_returned(&path).unwrap();
    let prepared = prepare_answers(app.store().conn(), &file, test_now()).unwrap();
    app.apply(prepared.command()).unwrap();
    assert_file_clean(&db);
    let reflection: String = app
        .store()
        .conn()
        .query_row("SELECT text FROM commitment_reflections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reflection, clean(&hostile("Raw reflection"), Lines::Many));
}
