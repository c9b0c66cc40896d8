//! Text is encoded where it leaves, for each destination: the terminal (no escape sequence
//! reaches it), CSV (no cell a spreadsheet would run), the calendar file (no text adds a
//! property), the HTML report (no markup) and the copied recap (no control character).
//!
//! The data files here are written past the doors, straight with SQL, as a file from an
//! older Coachbook or one edited by hand could be: the encoders must hold on their own.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionId;
use coachbook::domain::text::{Lines, clean};
use coachbook::exchange::{csv_export, spreadsheet};
use coachbook::export::terminal::{Guard, shown, shown_lines};
use coachbook::export::{ics, report};
use coachbook::store;
use common::cli::{arg, assert_ok, coachbook, demo_file, text};
use common::text::{OSC0, OSC52, hostile};
use common::{demo_store, harness_on, settle, test_now};
use icalendar::parser::{read_calendar, unfold};
use proptest::prelude::*;
use rusqlite::{Connection, params};

const TODAY: &[&str] = &["--today", "2026-11-20"];

/// Characters a terminal would act on: controls other than the line feed, and the bidi
/// overrides and isolates.
fn obeyed_by_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[track_caller]
fn assert_terminal_safe(output: &str) {
    let bad: Vec<char> = output
        .chars()
        .filter(|c| obeyed_by_a_terminal(*c))
        .collect();
    assert!(bad.is_empty(), "{bad:?} in {output:?}");
}

fn first_rep(db: &Path) -> (i64, String) {
    Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT id, name FROM reps WHERE archived = 0 ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// An open commitment of the rep and the first skill's name, full of escape sequences.
fn plant_hostile_text(db: &Path, rep: i64) {
    let conn = Connection::open(db).unwrap();
    let day = store::to_day(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    conn.execute(
        "INSERT INTO commitments (rep_id, text, owner, due_day, status, created_utc_ms)
         VALUES (?1, ?2, 'rep', ?3, 'open', ?4)",
        params![
            rep,
            hostile("Commitment"),
            day,
            store::to_utc_ms(test_now())
        ],
    )
    .unwrap();
    conn.execute(
        "UPDATE skills SET name = ?1 WHERE id = (SELECT min(id) FROM skills)",
        [hostile("Skill")],
    )
    .unwrap();
}

#[test]
fn the_command_line_shows_escape_sequences_instead_of_sending_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, TODAY);
    let (rep, name) = first_rep(&db);
    plant_hostile_text(&db, rep);

    let agenda = assert_ok(&coachbook(&["agenda", "--db", arg(&db), "--rep", &name]));
    assert_terminal_safe(&agenda);
    assert!(
        agenda.contains("Commitment\\u001B]52;c;cHduZWQ=\\u0007 \\u001B]0;owned\\u001B\\ "),
        "{agenda}"
    );
    assert!(
        agenda.contains("\\u0000\\u009B2J\\u202Edesrever\\r\\nX-EVIL:1\\u0085\\u007F\\tend"),
        "the line break is shown, not made: {agenda}"
    );
    assert!(!agenda.lines().any(|l| l.starts_with("X-EVIL")), "{agenda}");

    // JSON keeps the text exactly (escaped the JSON way), and still reaches no terminal raw.
    let json = assert_ok(&coachbook(&[
        "agenda",
        "--db",
        arg(&db),
        "--rep",
        &name,
        "--json",
    ]));
    assert_terminal_safe(&json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        value["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["text"] == hostile("Commitment").as_str()),
        "{json}"
    );

    for args in [
        vec!["gaps", "--db", arg(&db)],
        vec!["gaps", "--db", arg(&db), "--json"],
    ] {
        let out = assert_ok(&coachbook(&args));
        assert_terminal_safe(&out);
    }
    // Text planted past every door is a problem `check` names, safely.
    let check = coachbook(&["check", "--db", arg(&db)]);
    assert!(!check.status.success());
    let out = text(&check.stdout);
    assert_terminal_safe(&out);
    assert!(out.contains("holds a control character"), "{out}");
    let gaps = assert_ok(&coachbook(&["gaps", "--db", arg(&db)]));
    assert!(gaps.contains("Skill\\u001B]52;"), "{gaps}");
}

#[test]
fn errors_and_reports_that_quote_a_file_show_its_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, TODAY);
    // (An argument cannot hold a NUL.)
    let nobody = hostile("Nobody").replace('\0', "");
    let out = coachbook(&["agenda", "--db", arg(&db), "--rep", &nobody]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert_terminal_safe(&stderr);
    assert!(stderr.contains("Nobody\\u001B]52;c;"), "{stderr}");

    // A file name is text from outside too.
    let odd = dir.path().join(format!("team{OSC0}.db"));
    std::fs::copy(&db, &odd).unwrap();
    let out = assert_ok(&coachbook(&["check", "--db", arg(&odd)]));
    assert_terminal_safe(&out);
    assert!(out.contains("team\\u001B]0;owned\\u001B\\.db"), "{out}");
    let missing = dir.path().join(format!("gone{OSC52}.db"));
    let out = coachbook(&["agenda", "--db", arg(&missing), "--rep", "x"]);
    assert!(!out.status.success());
    assert_terminal_safe(&text(&out.stderr));

    // A roster's problems quote its cells; a bidi override survives cleaning (it is text)
    // and is shown escaped.
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "name,role\nEve Long,\u{202e}REP\n").unwrap();
    let out = coachbook(&[
        "import-roster",
        "--db",
        arg(&db),
        "--in",
        arg(&roster),
        "--dry-run",
    ]);
    let stdout = text(&out.stdout);
    assert_terminal_safe(&stdout);
    assert!(stdout.contains("\"\\u202EREP\" is not one of"), "{stdout}");

    // A data file with a table named like an escape sequence (made by hand): `check` lists it.
    let conn = Connection::open(&odd).unwrap();
    conn.execute_batch(&format!("CREATE TABLE \"x{OSC52}\" (a);"))
        .unwrap();
    drop(conn);
    let out = coachbook(&["check", "--db", arg(&odd)]);
    assert_terminal_safe(&text(&out.stdout));
    assert_terminal_safe(&text(&out.stderr));
}

#[test]
fn csv_cells_never_start_a_formula_nor_carry_a_control() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let store = demo_store(&db);
    let cells = [
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "'=already quoted",
        "safe;=split",
    ];
    for (i, cell) in cells.iter().enumerate() {
        store
            .conn()
            .execute(
                "UPDATE observations SET evidence = ?1, account = ?2 WHERE id = (SELECT min(id) + ?3 FROM observations)",
                params![format!("{cell}{OSC52}"), cell, i as i64],
            )
            .unwrap();
    }
    store
        .conn()
        .execute(
            "UPDATE reps SET name = ?1 WHERE id = (SELECT min(id) FROM reps)",
            [hostile("=Rep")],
        )
        .unwrap();
    let out = dir.path().join("tables");
    csv_export::export_dir(&store, &out).unwrap();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let raw = std::fs::read_to_string(&path).unwrap();
        assert!(
            raw.chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\t'),
            "{}: {raw:?}",
            path.display()
        );
        let mut reader = csv::Reader::from_path(&path).unwrap();
        for record in reader.records() {
            for field in record.unwrap().iter() {
                let is_number = field.parse::<f64>().is_ok();
                assert!(
                    is_number || !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: {field:?}",
                    path.display()
                );
            }
        }
    }
    let observations = std::fs::read_to_string(out.join("observations.csv")).unwrap();
    assert!(
        observations.contains(",\"'=cmd|' /C calc'!A0\","),
        "{observations}"
    );
    assert!(
        observations.contains(",\"'\t=1+1\","),
        "a tab before a formula"
    );
    assert!(
        observations.contains(",\"safe;=split\","),
        "quoted: {observations}"
    );
    let reps = std::fs::read_to_string(out.join("reps.csv")).unwrap();
    let expected = format!("\"'{}\"", clean(&hostile("=Rep"), Lines::Many));
    assert!(reps.contains(&expected), "{reps}");
}

/// Property lines of each component of a calendar file, by component.
fn property_counts(text: &str) -> Vec<(String, usize)> {
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).expect("the file parses");
    let mut counts = vec![("VCALENDAR".to_owned(), calendar.properties.len())];
    counts.extend(
        calendar
            .components
            .iter()
            .map(|c| (c.name.to_string(), c.properties.len())),
    );
    counts
}

#[test]
fn no_name_adds_a_property_to_the_calendar_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("team.db"));
    let plain = ics::export(store.conn(), None, test_now()).unwrap();
    let one_plain = ics::export(store.conn(), Some(RepId(1)), test_now()).unwrap();
    for name in [
        "Dana\r\nATTENDEE:mailto:evil@example.com\r\nX-EVIL:1".to_owned(),
        "Dana\rDESCRIPTION:bare CR\nX-EVIL:1".to_owned(),
        "Dana\u{2028}X-EVIL:1\u{85}X-EVIL:2".to_owned(),
        "Dana\r\n END:VEVENT\r\nBEGIN:VEVENT".to_owned(),
        hostile("Dana"),
    ] {
        store
            .conn()
            .execute("UPDATE reps SET name = ?1 WHERE id = 1", [&name])
            .unwrap();
        for (rep, before) in [(None, &plain), (Some(RepId(1)), &one_plain)] {
            let text = ics::export(store.conn(), rep, test_now()).unwrap();
            assert_eq!(
                property_counts(&text),
                property_counts(before),
                "{name:?}: {text}"
            );
            for line in text.split("\r\n") {
                assert!(!line.contains(['\r', '\n']), "a bare line break: {line:?}");
                assert!(
                    line.chars().all(|c| !c.is_control()),
                    "a control character: {line:?}"
                );
                assert!(
                    !line.starts_with("X-EVIL") && !line.starts_with("ATTENDEE"),
                    "{line:?}"
                );
            }
        }
    }
}

#[test]
fn the_report_escapes_markup_and_drops_controls() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("team.db"));
    let markup = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>&amp;";
    let text = format!("{markup}{}", hostile("X"));
    let conn = store.conn();
    conn.execute("UPDATE reps SET name = ?1 WHERE id = 1", [&text])
        .unwrap();
    conn.execute(
        "UPDATE sessions SET summary = ?1 WHERE rep_id = 1 AND status = 'held'",
        [&text],
    )
    .unwrap();
    conn.execute(
        "UPDATE session_notes SET shared_text = ?1
         WHERE session_id IN (SELECT id FROM sessions WHERE rep_id = 1)",
        [&text],
    )
    .unwrap();
    conn.execute(
        "UPDATE observations SET evidence = ?1, account = ?1 WHERE rep_id = 1",
        [&text],
    )
    .unwrap();
    conn.execute("UPDATE commitments SET text = ?1 WHERE rep_id = 1", [&text])
        .unwrap();
    conn.execute(
        "UPDATE skills SET name = ?1 WHERE id = (SELECT min(id) FROM skills)",
        [&text],
    )
    .unwrap();
    let history = store::rep_history::load(
        conn,
        RepId(1),
        NaiveDate::from_ymd_opt(2025, 11, 20).unwrap(),
        test_now().date_naive(),
        test_now(),
    )
    .unwrap();
    assert!(!history.sessions.is_empty() && !history.observations.is_empty());
    let html = report::render(&history).unwrap();
    for forbidden in ["<script", "<img", "onerror=alert(2)>"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
    assert!(html.contains("&amp;amp;"));
    assert!(
        html.chars()
            .all(|c| !c.is_control() || c == '\n' || c == '\t'),
        "a control character in the report"
    );
}

#[test]
fn copy_summary_copies_no_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("team.db"));
    let (session, rep): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT id, rep_id FROM sessions WHERE status = 'held' ORDER BY start_utc_ms DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE sessions SET summary = ?1 WHERE id = ?2",
            params![hostile("Summary"), session],
        )
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE reps SET name = ?1 WHERE id = ?2",
            params![hostile("Rep"), rep],
        )
        .unwrap();
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), false);
    harness
        .state_mut()
        .ui_state_mut()
        .open_session(RepId(rep), OccurrenceKey::Stored(SessionId(session)));
    settle(&mut harness);
    let recap = harness.state().recap();
    assert!(recap.contains("Summary]52;c;cHduZWQ= ]0;owned"), "{recap}");
    assert!(
        recap
            .chars()
            .all(|c| !c.is_control() || c == '\n' || c == '\t'),
        "{recap:?}"
    );
}

proptest! {
    /// Whatever the text, no encoder lets out a control character beyond the white space
    /// its format is made of.
    #[test]
    fn no_output_encoder_emits_a_control_character(text in any::<String>()) {
        prop_assert!(shown(&text).chars().all(|c| !obeyed_by_a_terminal(c) && c != '\n'));
        prop_assert!(shown_lines(&text).chars().all(|c| !obeyed_by_a_terminal(c)));
        let mut out = Vec::new();
        {
            use std::io::Write;
            let mut guard = Guard::new(&mut out);
            guard.write_all(text.as_bytes()).unwrap();
        }
        prop_assert!(String::from_utf8(out).unwrap().chars().all(|c| !obeyed_by_a_terminal(c)));

        prop_assert!(ics::text(&text).chars().all(|c| !c.is_control()));
        prop_assert!(report::esc(&text).chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));

        let cell = csv_export::cell(&text);
        prop_assert!(cell.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
        prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
        prop_assert_eq!(spreadsheet::unguarded(&cell), clean(&text, Lines::Many));
    }
}

#[test]
fn plain_text_leaves_every_encoder_as_it_came() {
    assert_eq!(shown("Zoë \u{5d3}\u{200f} Lee"), "Zoë \u{5d3}\u{200f} Lee");
    assert_eq!(ics::text("Dana Lee, AE; Ünal"), "Dana Lee, AE; Ünal");
    assert_eq!(report::esc("Zoë <b>"), "Zoë &lt;b&gt;");
    assert_eq!(csv_export::cell("Dana Lee"), "Dana Lee");
}
