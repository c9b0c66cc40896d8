//! Hostile and unlucky roster files: enormous lines and files, a million blank lines, byte
//! order marks, control characters and spreadsheet formulas. Each is read as a stream
//! within its limits and judged by the rules a rep typed into the window is judged by;
//! a large roster is checked and imported in time that grows with its lines, not faster.

mod common;

use std::time::{Duration, Instant};

use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::exchange::{ExchangeError, roster_csv};
use coachbook::ops::Command;
use coachbook::store::{self, Store};

use common::test_now;

fn app_on(dir: &tempfile::TempDir) -> App {
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    App::new(store, Box::new(FixedClock(test_now()))).unwrap()
}

/// Checks `text` against the app's roster and, when clean, imports it; the reps' names.
fn import(app: &mut App, text: &[u8]) -> Result<Vec<String>, String> {
    let check = roster_csv::check_bytes(app.store().conn(), text).map_err(|e| e.to_string())?;
    let Some(drafts) = check.drafts() else {
        let problems: Vec<String> = check
            .lines
            .iter()
            .flat_map(|l| {
                l.problems
                    .iter()
                    .map(|p| format!("Line {}: {p}", l.line.line))
            })
            .collect();
        return Err(problems.join("\n"));
    };
    app.apply(Command::ImportRoster(drafts))
        .map_err(|e| e.to_string())?;
    Ok(store::reps::list(app.store().conn())
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect())
}

#[test]
fn a_byte_order_mark_and_a_million_blank_lines_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    let mut text = b"\xEF\xBB\xBFName,Role\n".to_vec();
    text.extend(std::iter::repeat_n(b'\n', 1_000_000));
    text.extend(b"Ana Ruiz,AE\n,,\n\r\n");
    let started = Instant::now();
    assert_eq!(import(&mut app, &text).unwrap(), ["Ana Ruiz"]);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn control_characters_are_cleaned_and_formulas_stay_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    let text = "name,role,email\n\
                \"Ana\u{1b}]0;owned\u{7}\tRuiz\",AE,\"ana@example.com\u{0}\"\n\
                \"=HYPERLINK(\"\"http://evil.example\"\",\"\"Bo\"\")\",AE,\n\
                +cmd|' /C calc'!A0,AE,\n";
    let mut names = import(&mut app, text.as_bytes()).unwrap();
    names.sort();
    assert_eq!(
        names,
        [
            "+cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://evil.example\",\"Bo\")",
            "Ana]0;owned Ruiz"
        ],
        "a name is kept as typed, as in the window; an export neutralises formulas"
    );
    let email: String = app
        .store()
        .conn()
        .query_row("SELECT email FROM reps WHERE name LIKE 'Ana%'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(email, "ana@example.com");
}

#[test]
fn a_huge_line_is_a_problem_of_its_line_with_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&dir);
    let huge = "x".repeat(3 * 1024 * 1024);
    let text = format!("name,role,email,start date\n{huge},{huge},{huge},{huge}\nBo,AE,,\n");
    let problems = import(&mut app, text.as_bytes()).unwrap_err();
    assert!(problems.contains("Line 2: The name is 3145728 characters long; keep it to 120."));
    assert!(problems.contains("is not one of"));
    assert!(
        problems.len() < 2000,
        "no cell is quoted whole: {} bytes",
        problems.len()
    );
    assert_eq!(store::reps::list(app.store().conn()).unwrap().len(), 0);
}

#[test]
fn an_oversized_file_is_refused_from_its_size_and_too_many_reps_from_their_count() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on(&dir);
    let file = dir.path().join("huge.csv");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(roster_csv::MAX_BYTES + 1)
        .unwrap();
    let err = roster_csv::check_file(app.store().conn(), &file).unwrap_err();
    assert!(matches!(err, ExchangeError::TooLarge { .. }), "{err}");
    assert!(
        err.to_string().contains("roster files of up to 16 MB"),
        "{err}"
    );

    let mut text = String::from("name,role\n");
    for i in 0..=roster_csv::MAX_REPS {
        text.push_str(&format!("r{i},AE\n"));
    }
    let err = roster_csv::check_bytes(app.store().conn(), text.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("more than 100000 reps"), "{err}");
}

/// A roster of `n` distinct reps.
fn roster(n: usize) -> String {
    let mut text = String::from("name,role,email,start date\n");
    for i in 0..n {
        text.push_str(&format!(
            "Rep {i:06},AE,rep{i}@example.com,2025-01-{:02}\n",
            i % 28 + 1
        ));
    }
    text
}

#[test]
fn a_large_roster_is_checked_and_imported_in_linear_time() {
    // The same work per line at 5,000 and at 40,000 lines, within a generous margin for a
    // busy machine: a quadratic import takes 64 times as long for eight times the lines.
    let per_line = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_on(&dir);
        let text = roster(n);
        let started = Instant::now();
        assert_eq!(import(&mut app, text.as_bytes()).unwrap().len(), n);
        started.elapsed().as_secs_f64() / n as f64
    };
    let small = per_line(5_000);
    let large = per_line(40_000);
    assert!(
        large < small * 4.0,
        "{:.1} µs then {:.1} µs per line",
        small * 1e6,
        large * 1e6
    );
}
