//! A rep file can only answer for the rep it was shared with. Every way a returned file
//! can be turned - an edited name, id, token or period, a token from another rep or
//! another data file, an old file without a token, a replay - is refused with a sentence
//! (or, for a replay, imported as what it is), and the data file stays byte for byte as it
//! was. What a file may hold is tested in `rep_file_limits.rs`.

mod common;

use chrono::NaiveDate;
use coachbook::domain::rep::RepId;
use coachbook::export::ShareKind;
use coachbook::ops::{ShareWith, share_with_rep};
use coachbook::repfile::{RepEdit, RepFileWriter};
use coachbook::store::{self, Store};
use common::cli::{arg, assert_ok, coachbook, demo_file};
use common::rep_files::{
    about, answer, copy, refused, rep_name, set_about, shared_and_answered, valid_file,
};
use common::{demo_store, dump, test_now};
use rusqlite::Connection;

#[test]
fn a_file_whose_identity_was_edited_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let file = dir.path().join("ana.coachrep");
    shared_and_answered(&db, 1, &file);
    let other = rep_name(&db, 2);

    let edited = copy(&file, "name.coachrep");
    set_about(&edited, "rep_name", &other);
    refused(&db, &edited, &format!("now names \"{other}\""));

    let edited = copy(&file, "id.coachrep");
    set_about(&edited, "rep_id", "2");
    refused(&db, &edited, "now names another rep");

    let edited = copy(&file, "both.coachrep");
    set_about(&edited, "rep_id", "2");
    set_about(&edited, "rep_name", &other);
    refused(
        &db,
        &edited,
        "can only answer for the rep it was shared with",
    );

    for (key, value) in [
        ("from_day", "0"),
        (
            "to_day",
            &(store::to_day(test_now().date_naive()) + 1).to_string(),
        ),
        (
            "generated_utc_ms",
            &(about(&file, "generated_utc_ms").parse::<i64>().unwrap() - 1).to_string(),
        ),
    ] {
        let edited = copy(&file, &format!("{key}.coachrep"));
        set_about(&edited, key, value);
        refused(&db, &edited, "its dates were changed");
    }

    let token = about(&file, "share_token");
    for (name, value) in [
        ("short", token[..token.len() - 1].to_owned()),
        ("long", format!("{token}0")),
        ("upper", token.to_uppercase()),
        ("empty", String::new()),
        ("sql", "' OR '1'='1".to_owned()),
    ] {
        let edited = copy(&file, &format!("token-{name}.coachrep"));
        set_about(&edited, "share_token", &value);
        refused(&db, &edited, "share token is missing or not as issued");
    }
    let edited = copy(&file, "guessed.coachrep");
    let mut guessed = token.into_bytes();
    guessed[0] = if guessed[0] == b'a' { b'b' } else { b'a' };
    set_about(&edited, "share_token", &String::from_utf8(guessed).unwrap());
    refused(&db, &edited, "not issued by this data file");

    let edited = copy(&file, "no-token.coachrep");
    Connection::open(&edited)
        .unwrap()
        .execute("DELETE FROM about WHERE key = 'share_token'", [])
        .unwrap();
    refused(&db, &edited, "share token is missing");

    // The untouched file still comes in, answering its own share.
    let out = coachbook(&["import-answers", "--db", arg(&db), "--in", arg(&file)]);
    let said = assert_ok(&out);
    assert!(said.contains("answers to the file shared on"), "{said}");
}

#[test]
fn tokens_swapped_between_two_reps_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let ana = dir.path().join("ana.coachrep");
    let ben = dir.path().join("ben.coachrep");
    shared_and_answered(&db, 1, &ana);
    shared_and_answered(&db, 2, &ben);
    let (ana_token, ben_token) = (about(&ana, "share_token"), about(&ben, "share_token"));
    assert_ne!(ana_token, ben_token);

    let swapped = copy(&ana, "ana-with-ben-token.coachrep");
    set_about(&swapped, "share_token", &ben_token);
    refused(
        &db,
        &swapped,
        &format!(
            "shared with {} but now names \"{}\"",
            rep_name(&db, 2),
            rep_name(&db, 1)
        ),
    );
    // Ben's token with Ben's name and id, on Ana's dates, is still not Ben's share.
    set_about(&swapped, "rep_id", "2");
    set_about(&swapped, "rep_name", &rep_name(&db, 2));
    refused(&db, &swapped, "its dates were changed");
}

#[test]
fn a_token_from_another_data_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let twin = demo_file(&elsewhere, &["--today", "2026-11-20"]);
    assert_eq!(
        rep_name(&db, 1),
        rep_name(&twin, 1),
        "the same team in both"
    );
    let file = dir.path().join("from-twin.coachrep");
    shared_and_answered(&twin, 1, &file);
    refused(&db, &file, "not issued by this data file");
}

#[test]
fn an_old_file_without_a_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let file = dir.path().join("ana.coachrep");
    shared_and_answered(&db, 1, &file);
    let old = copy(&file, "old.coachrep");
    {
        let conn = Connection::open(&old).unwrap();
        conn.execute_batch(
            "DELETE FROM about WHERE key = 'share_token';
             ALTER TABLE skills DROP COLUMN retired;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    refused(&db, &old, "older Coachbook and carries no share token");
    let message = coachbook::repview::RepView::open(&old)
        .err()
        .unwrap()
        .to_string();
    assert!(message.contains("Share a new rep file"), "{message}");
}

/// Decided: a file shared earlier still answers the share it came from (its answers are
/// true, only older), so it is imported - and the import says which share it answers and
/// that a newer one exists.
#[test]
fn an_older_file_replayed_after_a_newer_share_answers_its_own_share() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let older = dir.path().join("older.coachrep");
    let newer = dir.path().join("newer.coachrep");
    shared_and_answered(&db, 1, &older);
    shared_and_answered(&db, 1, &newer);
    answer(&newer, "NEWER-TOPIC");
    let today = chrono::Local::now().format("%-d %b %Y").to_string();

    let said = assert_ok(&coachbook(&[
        "import-answers",
        "--db",
        arg(&db),
        "--in",
        arg(&newer),
    ]));
    assert!(
        said.contains(&format!("answers to the file shared on {today}:")),
        "{said}"
    );
    let said = assert_ok(&coachbook(&[
        "import-answers",
        "--db",
        arg(&db),
        "--in",
        arg(&older),
    ]));
    assert!(
        said.contains(&format!(
            "answers to the file shared on {today} (a newer file was shared on {today})"
        )),
        "{said}"
    );
    let topic: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT text FROM rep_topics WHERE rep_id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        topic, "TOPIC-FROM-THE-REP",
        "the older file's answers are stored"
    );
}

#[test]
fn each_share_has_its_own_unguessable_token_kept_with_its_rep_and_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = demo_store(&db);
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = test_now().date_naive();
    let mut tokens = Vec::new();
    for (rep, name) in [(1, "a"), (1, "b"), (2, "c")] {
        let path = dir.path().join(format!("{name}.coachrep"));
        let share = ShareWith {
            rep: RepId(rep),
            from,
            to,
            kind: ShareKind::RepFile,
            path: &path,
        };
        share_with_rep(&mut store, share, test_now()).unwrap();
        let file = coachbook::repfile::read(&path).unwrap();
        let token = file.identity.token.clone();
        assert_eq!(token.as_str().len(), 64);
        let issued = store::rep_shares::get(store.conn(), &token)
            .unwrap()
            .unwrap();
        assert_eq!(issued, file.identity);
        assert_eq!((issued.rep, issued.from, issued.to), (RepId(rep), from, to));
        tokens.push(token.as_str().to_owned());
    }
    let distinct: std::collections::HashSet<&String> = tokens.iter().collect();
    assert_eq!(distinct.len(), 3);

    // A report carries no token and issues none.
    let report = dir.path().join("report.html");
    let before = common::count(&db, "rep_shares");
    let share = ShareWith {
        rep: RepId(1),
        from,
        to,
        kind: ShareKind::Report,
        path: &report,
    };
    share_with_rep(&mut store, share, test_now()).unwrap();
    assert_eq!(common::count(&db, "rep_shares"), before);
}

#[test]
fn a_share_that_cannot_be_written_issues_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = demo_store(&db);
    let before = dump(&db);
    let path = dir.path().join("no-such-folder").join("ana.coachrep");
    let share = ShareWith {
        rep: RepId(1),
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: test_now().date_naive(),
        kind: ShareKind::RepFile,
        path: &path,
    };
    let err = share_with_rep(&mut store, share, test_now()).unwrap_err();
    assert!(err.to_string().contains("no-such-folder"), "{err}");
    assert_eq!(dump(&db), before, "a failed share left a token behind");
}

#[test]
fn sql_and_control_characters_in_answers_arrive_as_plain_clean_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let file = dir.path().join("ana.coachrep");
    shared_and_answered(&db, 1, &file);
    let hostile = [
        "'); DROP TABLE reps; --",
        "Robert\"); DELETE FROM observations WHERE (\"1\"=\"1",
        "\u{1b}]0;owned\u{7}title\u{1b}[2J",
        "NUL\u{0}inside",
    ];
    {
        let conn = Connection::open(&file).unwrap();
        conn.execute("DELETE FROM topics", []).unwrap();
        for (i, text) in hostile.iter().enumerate() {
            conn.execute(
                "INSERT INTO topics (bucket, text, position) VALUES ('customer', ?1, ?2)",
                rusqlite::params![text, i as i64],
            )
            .unwrap();
        }
        conn.execute(
            "UPDATE self_assessments SET comment = 'x''); DROP TABLE skills; --\u{1b}[31m'",
            [],
        )
        .unwrap();
    }
    let reps_before = common::count(&db, "reps");
    let observations_before = common::count(&db, "observations");
    let said = assert_ok(&coachbook(&[
        "import-answers",
        "--db",
        arg(&db),
        "--in",
        arg(&file),
    ]));
    assert!(said.contains("4 topics"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
    assert_eq!(common::count(&db, "reps"), reps_before);
    assert_eq!(common::count(&db, "observations"), observations_before);
    let conn = Connection::open(&db).unwrap();
    let topics: Vec<String> = conn
        .prepare("SELECT text FROM rep_topics WHERE rep_id = 1 ORDER BY position")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        topics,
        [
            "'); DROP TABLE reps; --",
            "Robert\"); DELETE FROM observations WHERE (\"1\"=\"1",
            "]0;ownedtitle[2J",
            "NULinside",
        ]
    );
    let comment: String = conn
        .query_row(
            "SELECT comment FROM self_assessments WHERE rep_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(comment, "x'); DROP TABLE skills; --[31m");
}

/// Retiring a skill with shared observations used to make `share` fail on a foreign key.
/// Now the retired skill travels with its history, in the rep file and the report, and
/// the rep cannot rate it.
#[test]
fn a_retired_skill_keeps_its_shared_history_in_the_rep_file_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let (skill, skill_name, evidence): (i64, String, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT s.id, s.name, o.evidence FROM observations o JOIN skills s ON s.id = o.skill_id
             WHERE o.rep_id = 1 AND o.shared = 1 AND o.evidence <> ''
             ORDER BY o.observed_day DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    {
        let mut store = Store::open(&db).unwrap();
        let stamp = coachbook::ops::Stamp {
            now: test_now(),
            today: test_now().date_naive(),
            zone: chrono_tz::Tz::UTC,
        };
        store
            .transact(|tx| {
                coachbook::ops::Command::SetSkillRetired {
                    id: coachbook::domain::skill::SkillId(skill),
                    retired: true,
                }
                .apply(tx, stamp)
                .map(drop)
            })
            .unwrap();
    }
    let name = rep_name(&db, 1);
    let file = dir.path().join("ana.coachrep");
    let report = dir.path().join("ana.html");
    for (command, out) in [("share", &file), ("report", &report)] {
        assert_ok(&coachbook(&[
            command,
            "--db",
            arg(&db),
            "--rep",
            &name,
            "--from",
            "2025-11-20",
            "--to",
            "2026-11-20",
            "--out",
            arg(out),
        ]));
    }

    let shared = coachbook::repfile::read(&file).unwrap().history;
    let retired = shared
        .skills
        .iter()
        .find(|s| s.id.0 == skill)
        .expect("the retired skill is in the rep file");
    assert!(retired.retired);
    assert!(
        shared
            .observations_of(retired.id)
            .any(|o| o.evidence == evidence)
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains(&format!(
            "{} (retired)",
            coachbook::export::report::esc(&skill_name)
        )),
        "the report lists the retired skill's observations"
    );
    assert!(html.contains(&coachbook::export::report::esc(&evidence)));

    let err = RepFileWriter::open(&file)
        .unwrap()
        .apply(&RepEdit::SetAssessment {
            skill: retired.id,
            value: Some((3, String::new())),
        })
        .unwrap_err();
    assert!(err.to_string().contains("retired"), "{err}");
    answer(&file, "AFTER-RETIREMENT");
    assert_ok(&coachbook(&[
        "import-answers",
        "--db",
        arg(&db),
        "--in",
        arg(&file),
    ]));
}

/// Whatever one identity value of a valid file is changed to, the import refuses it.
#[test]
fn any_edit_of_any_identity_value_is_refused() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let dir = tempfile::tempdir().unwrap();
    let (db, valid) = valid_file(dir.path());
    let store = Store::open(&db).unwrap();
    let before = dump(&db);
    let keys = [
        "rep_id",
        "rep_name",
        "from_day",
        "to_day",
        "generated_utc_ms",
        "share_token",
    ];
    let edit = (
        0..keys.len(),
        prop_oneof![
            "\\PC{0,70}",
            (-3i64..=3).prop_map(|d| format!("#{d}")),
            Just(" ".to_owned()),
        ],
    );
    let mut runner = TestRunner::new(Config {
        cases: 96,
        ..Config::default()
    });
    let path = dir.path().join("edited.coachrep");
    runner
        .run(&edit, |(key, value)| {
            let key = keys[key];
            let original = about(&valid, key);
            // "#d": the original number moved by d, the edit most likely to slip through.
            let value = match value.strip_prefix('#') {
                Some(delta) => original
                    .parse::<i64>()
                    .map(|n| (n + delta.parse::<i64>().unwrap_or(0)).to_string())
                    .unwrap_or(value.clone()),
                None => value,
            };
            prop_assume!(value != original);
            std::fs::copy(&valid, &path).unwrap();
            set_about(&path, key, &value);
            let outcome = coachbook::repfile::read_returned(&path)
                .map_err(|e| e.to_string())
                .and_then(|file| {
                    coachbook::ops::prepare_answers(store.conn(), &file, test_now())
                        .map_err(|e| e.to_string())
                });
            prop_assert!(outcome.is_err(), "{key} = {value:?} was believed");
            let message = outcome.err().unwrap_or_default();
            prop_assert!(!message.contains('\u{1b}'), "{message:?}");
            Ok(())
        })
        .unwrap();
    drop(store);
    assert_eq!(dump(&db), before);
}

/// A desktop opens a rep file by its content as well as by its name, and so does
/// `coachbook FILE`: the header's application id tells a rep file from a data file.
#[test]
fn a_rep_file_is_known_by_its_header_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("team.db"));
    let renamed = dir.path().join("from my manager");
    common::first_rep_file(
        &store,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        &renamed,
    );
    assert!(coachbook::repfile::has_rep_file_header(&renamed));
    assert!(!coachbook::repfile::has_rep_file_header(
        &dir.path().join("team.db")
    ));
    assert!(!coachbook::repfile::has_rep_file_header(
        &dir.path().join("missing")
    ));
    let short = dir.path().join("short");
    std::fs::write(&short, b"SQLite format 3\0").unwrap();
    assert!(!coachbook::repfile::has_rep_file_header(&short));
}
