//! What leaves the manager's laptop for a rep: the feedback report, the rep file and the
//! copied recap hold every shared item of that rep and nothing private, nothing of anyone
//! else - checked byte for byte on a file full of canaries.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionId;
use coachbook::store::{self, Store};
use common::{harness_on, settle, test_now};
use rusqlite::params;

const ANA: RepId = RepId(1);
const ANA_HELD: i64 = 10;

/// Shared items of Ana's: all must reach her.
const SHARED: &[&str] = &[
    "SHARED-SUMMARY-ANA",
    "SHARED-NOTE-ANA-organization",
    "SHARED-NOTE-ANA-selling",
    "SHARED-NOTE-ANA-customer",
    "SHARED-OBS-ANA",
    "SHARED-ACCOUNT-ANA",
    "SHARED-COMMIT-ANA",
];

/// Private items and everything of Ben's: none may reach Ana.
const PRIVATE: &[&str] = &[
    "PRIVATE-NOTE-organization",
    "PRIVATE-NOTE-selling",
    "PRIVATE-NOTE-customer",
    "PRIVATE-PURPOSE",
    "PRIVATE-AGENDA",
    "PRIVATE-OUTCOME",
    "PRIVATE-PREP-OUTCOME",
    "PRIVATE-PREP-ASK",
    "PRIVATE-FOCUS-ACCOUNTS",
    "PRIVATE-SKIP-NOTE",
    "PRIVATE-PLANNED-SUMMARY",
    "PRIVATE-POINT-TEXT",
    "PRIVATE-POINT-REASON",
    "PRIVATE-OBS-EVIDENCE",
    "PRIVATE-OBS-ACCOUNT",
    "private-email-ana@example.com",
    "BENCANARY",
    "BEN-SUMMARY",
    "BEN-SHARED-NOTE",
    "BEN-PRIVATE-NOTE",
    "BEN-OBS",
    "BEN-ACCOUNT",
    "BEN-COMMIT",
    "BEN-SELF-COMMENT",
    "BEN-TOPIC",
];

fn ms(day: u32) -> i64 {
    store::to_utc_ms(
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
            .and_utc(),
    )
}

fn day_n(day: u32) -> i64 {
    store::to_day(NaiveDate::from_ymd_opt(2026, 11, day).unwrap())
}

/// A data file with Ana's shared and private items, and Ben's everything.
fn canary_file(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let skill: i64 = store
        .conn()
        .query_row("SELECT min(id) FROM skills", [], |r| r.get(0))
        .unwrap();
    store
        .transact(|tx| -> Result<(), store::StoreError> {
            store::meta::set(tx, store::meta::SETUP_CHOICE, "empty")?;
            let now = ms(20);
            tx.execute(
                "INSERT INTO reps (id, name, role, email, created_utc_ms, updated_utc_ms)
                 VALUES (1, 'Ana Ruiz', 'AE', 'private-email-ana@example.com', ?1, ?1),
                        (2, 'BENCANARY', 'AE', 'ben@example.com', ?1, ?1)",
                [now],
            )?;
            let session = |id: i64, rep: i64, day: u32, status: &str, tag: &str| {
                let skip = (status == "skipped").then_some("other");
                tx.execute(
                    "INSERT INTO sessions (id, rep_id, start_utc_ms, duration_mins, status,
                     skip_reason, skip_note, purpose, agenda, desired_outcome, prep_outcome,
                     prep_ask, focus_accounts, summary, created_utc_ms, updated_utc_ms)
                     VALUES (?1, ?2, ?3, 45, ?4, ?5, ?6, 'PRIVATE-PURPOSE', 'PRIVATE-AGENDA',
                     'PRIVATE-OUTCOME', 'PRIVATE-PREP-OUTCOME', 'PRIVATE-PREP-ASK',
                     'PRIVATE-FOCUS-ACCOUNTS', ?7, ?8, ?8)",
                    params![id, rep, ms(day), status, skip, "PRIVATE-SKIP-NOTE", tag, now],
                )
            };
            session(ANA_HELD, 1, 10, "held", "SHARED-SUMMARY-ANA")?;
            session(11, 1, 12, "skipped", "")?;
            session(12, 1, 27, "planned", "PRIVATE-PLANNED-SUMMARY")?;
            session(20, 2, 10, "held", "BEN-SUMMARY")?;
            for bucket in ["organization", "selling", "customer"] {
                tx.execute(
                    "INSERT INTO session_notes (session_id, bucket, shared_text, private_text)
                     VALUES (?1, ?2, ?3, ?4), (20, ?2, 'BEN-SHARED-NOTE', 'BEN-PRIVATE-NOTE')",
                    params![
                        ANA_HELD,
                        bucket,
                        format!("SHARED-NOTE-ANA-{bucket}"),
                        format!("PRIVATE-NOTE-{bucket}")
                    ],
                )?;
            }
            tx.execute(
                "INSERT INTO talking_points (session_id, bucket, text, reason, position)
                 VALUES (?1, 'selling', 'PRIVATE-POINT-TEXT', 'PRIVATE-POINT-REASON', 0)",
                [ANA_HELD],
            )?;
            let observation = |rep: i64, evidence: &str, account: &str, shared: bool| {
                tx.execute(
                    "INSERT INTO observations (rep_id, skill_id, observed_day, rating, evidence,
                     context, account, shared, created_utc_ms, updated_utc_ms)
                     VALUES (?1, ?2, ?3, 4, ?4, 'client_call', ?5, ?6, ?7, ?7)",
                    params![rep, skill, day_n(9), evidence, account, shared, now],
                )
            };
            observation(1, "SHARED-OBS-ANA", "SHARED-ACCOUNT-ANA", true)?;
            observation(1, "PRIVATE-OBS-EVIDENCE", "PRIVATE-OBS-ACCOUNT", false)?;
            observation(2, "BEN-OBS", "BEN-ACCOUNT", true)?;
            tx.execute(
                "INSERT INTO commitments (rep_id, session_id, text, owner, due_day, status,
                 created_utc_ms) VALUES (1, ?1, 'SHARED-COMMIT-ANA', 'rep', ?2, 'open', ?3),
                 (2, 20, 'BEN-COMMIT', 'rep', ?2, 'open', ?3)",
                params![ANA_HELD, day_n(24), ms(10)],
            )?;
            tx.execute(
                "INSERT INTO self_assessments (rep_id, skill_id, rating, comment)
                 VALUES (2, ?1, 3, 'BEN-SELF-COMMENT')",
                [skill],
            )?;
            tx.execute(
                "INSERT INTO rep_topics (rep_id, bucket, text, position) VALUES (2, 'customer', 'BEN-TOPIC', 0)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    store
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn assert_private_by_construction(what: &str, bytes: &[u8], shared: &[&str]) {
    for canary in PRIVATE {
        assert!(!contains(bytes, canary), "{what} holds {canary}");
    }
    for canary in shared {
        assert!(contains(bytes, canary), "{what} lacks {canary}");
    }
}

fn ana_history(store: &Store) -> coachbook::domain::rep_file::history::SharedHistory {
    let from = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    store::rep_history::load(store.conn(), ANA, from, to, test_now()).unwrap()
}

#[test]
fn report_rep_file_and_recap_hold_only_what_was_shared() {
    let dir = tempfile::tempdir().unwrap();
    let store = canary_file(&dir.path().join("canary.db"));
    let history = ana_history(&store);

    let html = coachbook::export::report::render(&history).unwrap();
    assert_private_by_construction("the report", html.as_bytes(), SHARED);
    assert!(
        html.contains("<svg"),
        "the report draws its trend charts inline"
    );
    for external in ["<script", "<link", "src=\"http", "url(http", "@import"] {
        assert!(
            !html.contains(external),
            "the report fetches nothing: {external}"
        );
    }

    let rep_file = dir.path().join("ana.coachrep");
    common::write_rep_file(&store, &history, &rep_file);
    let bytes = std::fs::read(&rep_file).unwrap();
    assert_private_by_construction("the rep file", &bytes, SHARED);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial") || n.ends_with("-journal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), false);
    harness
        .state_mut()
        .ui_state_mut()
        .open_session(ANA, OccurrenceKey::Stored(SessionId(ANA_HELD)));
    settle(&mut harness);
    let recap = harness.state().recap();
    let recap_shared = [
        "SHARED-SUMMARY-ANA",
        "SHARED-NOTE-ANA-selling",
        "SHARED-COMMIT-ANA",
    ];
    assert_private_by_construction("the copied recap", recap.as_bytes(), &recap_shared);
}

#[test]
fn rep_file_reads_back_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = canary_file(&dir.path().join("canary.db"));
    let history = ana_history(&store);
    let path = dir.path().join("ana.coachrep");
    let share = common::write_rep_file(&store, &history, &path);
    let file = coachbook::repfile::read(&path).unwrap();
    assert_eq!(file.history, history);
    assert_eq!(file.identity, share);
    assert!(file.answers.is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn newer_damaged_and_foreign_files_are_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("canary.db");
    let store = canary_file(&db);
    let path = dir.path().join("ana.coachrep");
    common::write_rep_file(&store, &ana_history(&store), &path);

    let newer = dir.path().join("newer.coachrep");
    std::fs::copy(&path, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(
            None,
            "user_version",
            coachbook::repfile::REP_FILE_VERSION + 1,
        )
        .unwrap();
    let message = coachbook::repfile::read(&newer).unwrap_err().to_string();
    assert!(message.contains("newer Coachbook"), "{message}");

    let damaged = dir.path().join("damaged.coachrep");
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 2048] {
        *b ^= 0x5A;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let message = coachbook::repfile::read(&damaged).unwrap_err().to_string();
    assert!(
        message.contains("damaged") || message.contains("not a Coachbook rep file"),
        "{message}"
    );

    let truncated = dir.path().join("truncated.coachrep");
    std::fs::write(&truncated, &std::fs::read(&path).unwrap()[..1000]).unwrap();
    assert!(coachbook::repfile::read(&truncated).is_err());

    let message = coachbook::repfile::read(&db).unwrap_err().to_string();
    assert!(message.contains("not a Coachbook rep file"), "{message}");
    let text = dir.path().join("notes.coachrep");
    std::fs::write(&text, "just some text").unwrap();
    let message = coachbook::repfile::read(&text).unwrap_err().to_string();
    assert!(message.contains("not a Coachbook rep file"), "{message}");
}

#[test]
fn the_window_writes_the_report_and_the_rep_file_it_was_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let store = canary_file(&dir.path().join("canary.db"));
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), true);
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    for (kind, name) in [
        (coachbook::ui::ShareKind::Report, "ana.html"),
        (coachbook::ui::ShareKind::RepFile, "ana.coachrep"),
    ] {
        let path = dir.path().join(name);
        harness
            .state_mut()
            .request(coachbook::ui::Request::Share(coachbook::ui::ShareRequest {
                rep: ANA,
                from,
                to,
                kind,
                path: path.clone(),
            }));
        settle(&mut harness);
        assert_private_by_construction(name, &std::fs::read(&path).unwrap(), SHARED);
    }
    let file = coachbook::repfile::read(&dir.path().join("ana.coachrep")).unwrap();
    assert_eq!((file.history.from, file.history.to), (from, to));
}

#[test]
fn opening_a_file_that_is_not_a_rep_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("canary.db");
    let store = canary_file(&db);
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), true);
    harness
        .state_mut()
        .request(coachbook::ui::Request::OpenRepFile(db));
    settle(&mut harness);
    egui_kittest::kittest::Queryable::get_by_label_contains(&harness, "not a Coachbook rep file");
}
