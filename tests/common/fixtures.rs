//! The committed data files of every schema version (tests/fixtures/schema-vN.db).
//!
//! They are frozen test data. `REGENERATE_FIXTURES=1 cargo test --test migrations` writes
//! the ones that are missing from today's demo team (seed 7 as of 2026-11-20, with a few
//! talking points, a rep's answers and a share added), taken back to version N by undoing
//! the later steps ([`UNDO`]). A new schema step needs its undo added there and its fixture written
//! once; the older fixtures stay as they are.

use std::path::{Path, PathBuf};

use coachbook::domain::Bucket;
use coachbook::domain::rep::RepId;
use coachbook::domain::rep_file::answers::{
    ReceivedAnswers, Reflection, RepAnswers, SelfAssessment, Topic,
};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::session::SessionId;
use coachbook::ops::{Command, Stamp};
use coachbook::store::{LATEST_VERSION, Store};

/// What each step added, undone: `(N, SQL)` takes a file from version N back to N - 1.
const UNDO: &[(i64, &str)] = &[
    (
        12,
        "DROP INDEX observations_log;
         CREATE INDEX observations_day ON observations(observed_day);",
    ),
    (
        11,
        "DROP TRIGGER outbox_goal_insert; DROP TRIGGER outbox_goal_update;
         DROP TRIGGER outbox_goal_delete;
         DROP INDEX skills_org_key; ALTER TABLE skills DROP COLUMN org_key;",
    ),
    (10, UNDO_OUTBOX),
    (9, "DROP TABLE busy_blocks;"),
    (8, UNDO_SEARCH),
    (7, "DROP TABLE coaching_plans; DROP TABLE session_ratings;"),
    (6, "DROP TABLE rep_shares;"),
    (
        5,
        "DROP TABLE self_assessments; DROP TABLE commitment_reflections;
         DROP TABLE rep_topics; DROP TABLE rep_answer_imports;",
    ),
    (4, "DROP TABLE talking_points;"),
    (3, "ALTER TABLE cadences DROP COLUMN ended_utc_ms;"),
    (
        2,
        "DROP TABLE observations_fts; DROP INDEX observations_evidence;",
    ),
];

/// Step 10's link, outbox and the triggers that fill it.
const UNDO_OUTBOX: &str = "
    DROP TABLE org_link; DROP TABLE outbox;
    DROP TRIGGER outbox_reps_insert; DROP TRIGGER outbox_reps_update;
    DROP TRIGGER outbox_reps_delete; DROP TRIGGER outbox_rep_targets_insert;
    DROP TRIGGER outbox_rep_targets_update; DROP TRIGGER outbox_rep_targets_delete;
    DROP TRIGGER outbox_skills_insert; DROP TRIGGER outbox_skills_update;
    DROP TRIGGER outbox_skills_delete; DROP TRIGGER outbox_roles_insert;
    DROP TRIGGER outbox_roles_update; DROP TRIGGER outbox_roles_delete;
    DROP TRIGGER outbox_role_targets_insert; DROP TRIGGER outbox_role_targets_update;
    DROP TRIGGER outbox_role_targets_delete; DROP TRIGGER outbox_cadences_insert;
    DROP TRIGGER outbox_cadences_update; DROP TRIGGER outbox_cadences_delete;
    DROP TRIGGER outbox_sessions_insert; DROP TRIGGER outbox_sessions_update;
    DROP TRIGGER outbox_sessions_delete; DROP TRIGGER outbox_session_notes_insert;
    DROP TRIGGER outbox_session_notes_update; DROP TRIGGER outbox_session_notes_delete;
    DROP TRIGGER outbox_observations_insert; DROP TRIGGER outbox_observations_update;
    DROP TRIGGER outbox_observations_delete; DROP TRIGGER outbox_commitments_insert;
    DROP TRIGGER outbox_commitments_update; DROP TRIGGER outbox_commitments_delete;
    DROP TRIGGER outbox_coaching_plans_insert; DROP TRIGGER outbox_coaching_plans_update;
    DROP TRIGGER outbox_coaching_plans_delete;
";

/// Step 8's index, its bookkeeping and its triggers on the tables it reads.
const UNDO_SEARCH: &str = "
    DROP TABLE search_index; DROP TABLE search_rows; DROP TABLE search_dirty;
    DROP TRIGGER search_reps_in; DROP TRIGGER search_reps_up; DROP TRIGGER search_reps_out;
    DROP TRIGGER search_sessions_in; DROP TRIGGER search_sessions_up;
    DROP TRIGGER search_sessions_out;
    DROP TRIGGER search_notes_in; DROP TRIGGER search_notes_up; DROP TRIGGER search_notes_out;
    DROP TRIGGER search_points_in; DROP TRIGGER search_points_up;
    DROP TRIGGER search_points_out;
    DROP TRIGGER search_commitments_in; DROP TRIGGER search_commitments_up;
    DROP TRIGGER search_commitments_out;
    DROP TRIGGER search_observations_in; DROP TRIGGER search_observations_up;
    DROP TRIGGER search_observations_out;
    DROP TRIGGER search_topics_in; DROP TRIGGER search_topics_up;
    DROP TRIGGER search_topics_out;
    DROP TRIGGER search_assessments_in; DROP TRIGGER search_assessments_up;
    DROP TRIGGER search_assessments_out;
    DROP TRIGGER search_reflections_in; DROP TRIGGER search_reflections_up;
    DROP TRIGGER search_reflections_out;
    DROP TRIGGER search_ratings_in; DROP TRIGGER search_ratings_up;
    DROP TRIGGER search_ratings_out;
    DROP TRIGGER search_plans_in; DROP TRIGGER search_plans_up; DROP TRIGGER search_plans_out;
";

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("schema-v{version}.db"))
}

/// The fixture of every version, written first when asked and missing.
pub fn fixtures() -> Vec<(i64, PathBuf)> {
    static WRITE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("REGENERATE_FIXTURES").is_some() {
        WRITE.call_once(write_missing_fixtures);
    }
    (1..=LATEST_VERSION)
        .map(|version| {
            let path = fixture(version);
            assert!(
                path.is_file(),
                "{} is missing: write it once with REGENERATE_FIXTURES=1 cargo test --test migrations",
                path.display()
            );
            (version, path)
        })
        .collect()
}

fn write_missing_fixtures() {
    assert_eq!(
        UNDO.len() as i64,
        LATEST_VERSION - 1,
        "every schema step after the first needs its undo in UNDO"
    );
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let mut store = super::demo_store(&demo);
    add_rows_of_later_tables(&mut store);
    drop(store);
    for version in 1..=LATEST_VERSION {
        let out = fixture(version);
        if out.exists() {
            continue;
        }
        let copy = dir.path().join(format!("v{version}.db"));
        std::fs::copy(&demo, &copy).unwrap();
        take_back(&copy, version);
        let conn = coachbook::store::connect::open(&copy).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        conn.execute("VACUUM INTO ?1", [out.to_str().unwrap()])
            .unwrap();
    }
}

/// Takes the data file at `path` back to schema `version`, as an older Coachbook wrote it.
pub fn take_back(path: &Path, version: i64) {
    let conn = coachbook::store::connect::open(path).unwrap();
    for (_, sql) in UNDO.iter().filter(|(step, _)| *step > version) {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
}

/// The demo leaves the talking points, the reps' answers and the shares empty; a few rows
/// there let a later upgrade prove it keeps them too.
fn add_rows_of_later_tables(store: &mut Store) {
    let stamp = Stamp {
        now: super::test_now(),
        today: super::test_now().date_naive(),
        zone: chrono_tz::Tz::UTC,
    };
    let rep = RepId(1);
    let (session, commitment, skill): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT min(id) FROM sessions WHERE rep_id = 1),
                    (SELECT min(id) FROM commitments WHERE rep_id = 1),
                    (SELECT min(id) FROM skills)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let commands = [
        Command::AddTalkingPoints {
            rep,
            key: OccurrenceKey::Stored(SessionId(session)),
            points: vec![
                (Bucket::Selling, "Pricing objections".into(), "Gap".into()),
                (Bucket::Customer, "Renewal at Acme".into(), String::new()),
            ],
        },
        Command::SetRepAnswers {
            rep,
            value: ReceivedAnswers {
                answers: RepAnswers {
                    assessments: vec![SelfAssessment {
                        skill_id: coachbook::domain::skill::SkillId(skill),
                        rating: 3,
                        comment: "Better on calls than in email".into(),
                    }],
                    reflections: vec![Reflection {
                        commitment_id: commitment,
                        text: "Done, and it helped".into(),
                    }],
                    topics: vec![Topic {
                        bucket: Bucket::Organization,
                        text: "Getting legal to answer faster".into(),
                    }],
                    session_ratings: Vec::new(),
                },
                received: Some(stamp.now),
            },
        },
    ];
    for command in commands {
        store
            .transact(|tx| command.apply(tx, stamp).map(drop))
            .unwrap();
    }
    let name = coachbook::store::reps::get(store.conn(), rep)
        .unwrap()
        .unwrap()
        .name;
    let share = coachbook::domain::rep_file::token::ShareIdentity {
        token: coachbook::domain::rep_file::token::ShareToken::from_bytes(&[0x5a; 32]),
        rep,
        rep_name: name,
        from: stamp.today - chrono::Duration::days(365),
        to: stamp.today,
        shared: stamp.now,
    };
    coachbook::store::rep_shares::record(store.conn(), &share).unwrap();
}
