//! Observations through the app's command path and queries, on the demo team: filters
//! match SQL, changes round-trip through undo byte for byte, retired skills behave, and
//! bad input writes nothing.

mod common;

use std::path::Path;
use std::sync::Arc;

use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::domain::observation::{CallContext, ObservationDraft, ObservationId, Visibility};
use coachbook::domain::observation_query::{ObservationFilter, RatingFilter, Sort, SortKey};
use coachbook::domain::rep::RepId;
use coachbook::domain::skill::{Rubric, SkillDraft, SkillId};
use coachbook::domain::{Bucket, Level, Rating};
use coachbook::model::{ObservationLog, QueryJob, TableId, query_now};
use coachbook::ops::Command;
use coachbook::store;
use rusqlite::Connection;

use common::{demo_store, dump, test_now};

fn demo_app(path: &Path) -> App {
    let store = demo_store(path);
    App::new(store, Box::new(FixedClock(test_now()))).unwrap()
}

fn sql_count(path: &Path, filter_sql: &str) -> usize {
    let conn = Connection::open(path).unwrap();
    let sql = format!(
        "SELECT count(*) FROM observations o JOIN skills s ON s.id = o.skill_id WHERE {filter_sql}"
    );
    conn.query_row(&sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

fn run(app: &App, filter: ObservationFilter, sort: Sort) -> Vec<ObservationId> {
    let log = Arc::new(ObservationLog::load(app.store().conn()).unwrap());
    let job = QueryJob {
        table: TableId::Log,
        generation: 1,
        log,
        filter,
        sort,
        lookups: app.caches().lookups(),
    };
    query_now(app.store(), &job)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn filters_and_search_return_exactly_the_rows_sql_finds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let app = demo_app(&path);
    let rep = app.caches().roster[2].rep.id;
    let skill = app.caches().framework.skills[4].id;
    let from = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let (from_day, to_day) = (store::to_day(from), store::to_day(to));
    let cases: Vec<(ObservationFilter, String)> = vec![
        (ObservationFilter::default(), "1".into()),
        (
            ObservationFilter {
                rep: Some(rep),
                ..Default::default()
            },
            format!("o.rep_id = {}", rep.0),
        ),
        (
            ObservationFilter {
                bucket: Some(Bucket::Customer),
                ..Default::default()
            },
            "s.bucket = 'customer'".into(),
        ),
        (
            ObservationFilter {
                skill: Some(skill),
                ..Default::default()
            },
            format!("o.skill_id = {}", skill.0),
        ),
        (
            ObservationFilter {
                rating: RatingFilter::Level(4),
                ..Default::default()
            },
            "o.rating = 4".into(),
        ),
        (
            ObservationFilter {
                rating: RatingFilter::NotObserved,
                ..Default::default()
            },
            "o.rating IS NULL".into(),
        ),
        (
            ObservationFilter {
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
            format!("o.observed_day BETWEEN {from_day} AND {to_day}"),
        ),
        (
            ObservationFilter {
                account: "harbor".into(),
                ..Default::default()
            },
            "o.account LIKE '%harbor%'".into(),
        ),
        (
            ObservationFilter {
                visibility: Some(Visibility::Private),
                ..Default::default()
            },
            "o.shared = 0".into(),
        ),
        (
            ObservationFilter {
                rep: Some(rep),
                bucket: Some(Bucket::Selling),
                rating: RatingFilter::Level(3),
                ..Default::default()
            },
            format!(
                "o.rep_id = {} AND s.bucket = 'selling' AND o.rating = 3",
                rep.0
            ),
        ),
        (
            ObservationFilter {
                text: "pricing".into(),
                ..Default::default()
            },
            "(o.evidence LIKE '%pricing%' OR o.account LIKE '%pricing%')".into(),
        ),
        (
            ObservationFilter {
                text: "discovery quest".into(),
                ..Default::default()
            },
            "o.evidence LIKE '%discovery%' AND (o.evidence LIKE '%question%')".into(),
        ),
    ];
    for (filter, sql) in cases {
        let found = run(&app, filter.clone(), Sort::default());
        let expected = sql_count(&path, &sql);
        assert!(expected > 0, "the demo data has rows for {sql}");
        assert_eq!(found.len(), expected, "{filter:?} vs {sql}");
    }
}

#[test]
fn every_column_sorts_and_the_default_is_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir.path().join("demo.db"));
    let newest = run(&app, ObservationFilter::default(), Sort::default());
    let conn = app.store().conn();
    let day_of = |id: ObservationId| -> i64 {
        conn.query_row(
            "SELECT observed_day FROM observations WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(day_of(newest[0]) >= day_of(newest[newest.len() - 1]));
    for key in [
        SortKey::Rep,
        SortKey::Bucket,
        SortKey::Skill,
        SortKey::Rating,
        SortKey::Context,
        SortKey::Account,
        SortKey::Visibility,
        SortKey::Evidence,
    ] {
        let up = run(
            &app,
            ObservationFilter::default(),
            Sort {
                key,
                descending: false,
            },
        );
        let down = run(
            &app,
            ObservationFilter::default(),
            Sort {
                key,
                descending: true,
            },
        );
        assert_eq!(up.len(), newest.len(), "{key:?}");
        assert_ne!(up, down, "{key:?} sorts both ways");
    }
    let by_evidence = run(
        &app,
        ObservationFilter::default(),
        Sort {
            key: SortKey::Evidence,
            descending: false,
        },
    );
    let text = |id: ObservationId| -> String {
        conn.query_row(
            "SELECT lower(evidence) FROM observations WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(text(by_evidence[0]) <= text(by_evidence[by_evidence.len() - 1]));
}

fn draft(app: &App, evidence: &str) -> ObservationDraft {
    ObservationDraft {
        rep_id: app.caches().roster[0].rep.id,
        skill_id: app.caches().framework.skills[0].id,
        observed_on: test_now().date_naive(),
        rating: Rating::Rated(Level::new(4).unwrap()),
        evidence: evidence.into(),
        context: CallContext::Demo,
        account: "Northwind Logistics".into(),
        session_id: None,
        visibility: Visibility::Shared,
    }
}

#[test]
fn edit_delete_undo_redo_round_trip_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut app = demo_app(&path);
    let id = ObservationId(42);
    let original = dump(&path);

    let mut edited = store::observations::get(app.store().conn(), id)
        .unwrap()
        .unwrap()
        .draft;
    edited.evidence = "Asked three open questions before showing anything. 🎯 مرحبا".into();
    edited.rating = Rating::NotObserved;
    edited.visibility = Visibility::Private;
    app.apply(Command::EditObservation {
        id,
        draft: edited.clone(),
    })
    .unwrap();
    let after_edit = dump(&path);
    assert_ne!(after_edit, original);
    let hits = |app: &App| store::observations::search(app.store().conn(), "\"مرحبا\"*").unwrap();
    assert!(
        hits(&app).contains(id),
        "the search index has the new words"
    );
    assert_eq!(
        store::observations::get(app.store().conn(), id)
            .unwrap()
            .unwrap()
            .draft,
        edited
    );

    app.undo().unwrap().unwrap();
    common::assert_same(
        &dump(&path),
        &original,
        "undoing the edit restores every byte of the row",
    );
    assert!(hits(&app).is_empty(), "the search index follows the undo");
    app.redo().unwrap().unwrap();
    common::assert_same(&dump(&path), &after_edit, "dump");
    app.undo().unwrap().unwrap();

    app.apply(Command::DeleteObservations(vec![id, ObservationId(43)]))
        .unwrap();
    assert!(
        store::observations::get(app.store().conn(), id)
            .unwrap()
            .is_none()
    );
    app.undo().unwrap().unwrap();
    common::assert_same(
        &dump(&path),
        &original,
        "undoing the delete restores both rows exactly",
    );

    app.apply(Command::SetVisibility {
        ids: vec![ObservationId(1), ObservationId(2)],
        visibility: Visibility::Private,
    })
    .unwrap();
    app.undo().unwrap().unwrap();
    common::assert_same(&dump(&path), &original, "dump");

    let before_add = dump(&path);
    app.apply(Command::AddObservations(vec![
        draft(&app, "One"),
        draft(&app, "Two"),
    ]))
    .unwrap();
    assert_eq!(
        common::count(&path, "observations") as usize,
        before_add
            .iter()
            .filter(|l| l.starts_with("observations:"))
            .count()
            + 2
    );
    app.undo().unwrap().unwrap();
    common::assert_same(&dump(&path), &before_add, "dump");
}

#[test]
fn a_retired_skill_keeps_its_observations_and_cannot_be_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut app = demo_app(&path);
    let skill = app.caches().framework.skills[3].clone();
    let count = store::observations::count_for_skill(app.store().conn(), skill.id).unwrap();
    assert!(count > 0);

    let before = dump(&path);
    let err = app.apply(Command::DeleteSkill(skill.id)).unwrap_err();
    assert!(err.to_string().contains("retire it instead"), "{err}");
    common::assert_same(&dump(&path), &before, "dump");

    app.apply(Command::SetSkillRetired {
        id: skill.id,
        retired: true,
    })
    .unwrap();
    assert_eq!(
        store::observations::count_for_skill(app.store().conn(), skill.id).unwrap(),
        count
    );
    let mut new = draft(&app, "Seen again");
    new.skill_id = skill.id;
    let err = app.apply(Command::AddObservations(vec![new])).unwrap_err();
    assert!(err.to_string().contains("retired"), "{err}");

    // A skill without observations can be deleted, and the delete undone.
    let fresh = SkillDraft {
        bucket: None,
        name: "Negotiation".into(),
        description: "Trades concessions for value.".into(),
        rubric: Rubric {
            level_1: "a".into(),
            level_3: "b".into(),
            level_5: "c".into(),
        },
    };
    app.apply(Command::AddSkill {
        bucket: Bucket::Selling,
        draft: fresh,
    })
    .unwrap();
    let id = app
        .caches()
        .framework
        .skills
        .iter()
        .find(|s| s.name == "Negotiation")
        .unwrap()
        .id;
    app.apply(Command::SetRoleTarget {
        role: "AE".into(),
        skill: id,
        level: Level::new(3),
    })
    .unwrap();
    let with_skill = dump(&path);
    app.apply(Command::DeleteSkill(id)).unwrap();
    assert!(app.caches().framework.skills.iter().all(|s| s.id != id));
    app.undo().unwrap().unwrap();
    common::assert_same(
        &dump(&path),
        &with_skill,
        "undo brings back the skill and its target",
    );
}

#[test]
fn bad_input_gives_a_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut app = demo_app(&path);
    let before = dump(&path);

    assert!(
        Rating::from_stored(Some(6))
            .unwrap_err()
            .to_string()
            .contains("1 to 5")
    );
    assert!(Level::target(0).unwrap_err().to_string().contains("1 to 5"));
    let conn = Connection::open(&path).unwrap();
    let refused = conn.execute("UPDATE observations SET rating = 7 WHERE id = 1", []);
    assert!(refused.is_err(), "the file itself refuses a rating of 7");
    drop(conn);

    let long = draft(&app, &"x".repeat(10_001));
    let err = app
        .apply(Command::AddObservations(vec![draft(&app, "fine"), long]))
        .unwrap_err();
    assert!(err.to_string().contains("10000"), "{err}");

    let mut future = draft(&app, "Tomorrow's call");
    future.observed_on = test_now().date_naive().succ_opt().unwrap();
    assert!(
        app.apply(Command::AddObservations(vec![future]))
            .unwrap_err()
            .to_string()
            .contains("future")
    );

    let empty = SkillDraft {
        name: "  ".into(),
        ..SkillDraft::default()
    };
    let err = app
        .apply(Command::AddSkill {
            bucket: Bucket::Selling,
            draft: empty,
        })
        .unwrap_err();
    assert!(err.to_string().contains("skill name is empty"), "{err}");

    let duplicate = SkillDraft {
        name: "listening".into(),
        rubric: Rubric {
            level_1: "a".into(),
            level_3: "b".into(),
            level_5: "c".into(),
        },
        ..SkillDraft::default()
    };
    let err = app
        .apply(Command::AddSkill {
            bucket: Bucket::Selling,
            draft: duplicate,
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("already has a skill called"),
        "{err}"
    );

    let conn = Connection::open(&path).unwrap();
    assert!(
        conn.execute("UPDATE role_targets SET level = 9", [])
            .is_err(),
        "a target of 9 is refused"
    );
    drop(conn);

    let err = app
        .apply(Command::SetRepTarget {
            rep: RepId(9_999),
            skill: SkillId(1),
            level: Level::new(3),
        })
        .unwrap_err();
    assert!(err.to_string().contains("no longer exists"), "{err}");

    common::assert_same(&dump(&path), &before, "nothing was written");
}
