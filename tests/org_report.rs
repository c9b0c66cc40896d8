//! The leader's report is checked against figures computed independently from the same
//! data: each manager's data file read with SQLite and the app's own level model, against
//! the server's SQL aggregates read as the leader. Only the leader's own managers count.

mod common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use coachbook::domain::framework::Framework;
use coachbook::domain::levels::{self, DEFAULT_HALF_LIFE_DAYS, Point};
use coachbook::domain::text::fold_case;
use coachbook::org::report::{self, OrgReport, WINDOW_DAYS};
use common::cli::{arg, assert_ok, coachbook};
use rusqlite::Connection;

fn as_of() -> NaiveDate {
    common::test_now().date_naive()
}

fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Held, missed and skipped sessions of active reps in the window, from the file.
fn sessions_in_window(conn: &Connection, status: &str) -> i64 {
    let last = day_number(as_of());
    count(
        conn,
        &format!(
            "SELECT count(*) FROM sessions s JOIN reps r ON r.id = s.rep_id
             WHERE r.archived = 0 AND s.status = '{status}'
               AND s.start_utc_ms / 86400000 > {} AND s.start_utc_ms / 86400000 <= {last}",
            last - WINDOW_DAYS
        ),
    )
}

/// Each active rep's level in each organization skill, by the app's own level model from
/// the file's shared ratings: (rep id, skill key) -> (level, ratings).
fn file_levels(conn: &Connection) -> BTreeMap<(i64, String), (Option<f64>, u32)> {
    file_levels_on(conn, as_of())
}

fn file_levels_on(
    conn: &Connection,
    as_of: NaiveDate,
) -> BTreeMap<(i64, String), (Option<f64>, u32)> {
    let mut points: BTreeMap<(i64, String), Vec<Point>> = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT r.id, s.org_key, o.observed_day, o.rating
             FROM reps r JOIN skills s ON s.org_key IS NOT NULL AND s.retired = 0
             LEFT JOIN observations o
                    ON o.rep_id = r.id AND o.skill_id = s.id AND o.shared = 1
             WHERE r.archived = 0",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<u8>>(3)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (rep, key, day, rating) = row.unwrap();
        let entry = points.entry((rep, key)).or_default();
        if let Some(day) = day {
            let day = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(day);
            entry.push(Point { day, rating });
        }
    }
    points
        .into_iter()
        .map(|(k, p)| {
            let f = levels::figures(&p, as_of, DEFAULT_HALF_LIFE_DAYS, None);
            (k, (f.level, f.ratings))
        })
        .collect()
}

fn check_manager(report: &OrgReport, manager: &str, conn: &Connection) {
    let coverage = report
        .managers
        .iter()
        .find(|m| m.manager == manager)
        .unwrap();
    assert_eq!(
        coverage.reps,
        count(conn, "SELECT count(*) FROM reps WHERE archived = 0")
    );
    let held = sessions_in_window(conn, "held");
    assert_eq!(coverage.held, held, "{manager} held");
    let due = held + sessions_in_window(conn, "missed") + sessions_in_window(conn, "skipped");
    assert_eq!(coverage.due, due, "{manager} due");
    let expected = file_levels(conn);
    let cells: Vec<_> = report
        .levels
        .iter()
        .filter(|c| c.manager == manager)
        .collect();
    assert_eq!(cells.len(), expected.len(), "{manager}: rep x skill cells");
    for cell in cells {
        let (level, ratings) = expected[&(cell.rep_id, cell.key.clone())];
        assert_eq!(cell.ratings, i64::from(ratings), "{manager} {}", cell.key);
        match (cell.level, level) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{manager} {}: {a} {b}", cell.key),
            (a, b) => assert_eq!(a, b, "{manager} {}", cell.key),
        }
    }
}

#[test]
fn the_leaders_report_matches_figures_computed_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let (org, files) = common::org::three_teams(&dir);
    let mut lea = org.login("lea");
    let report = report::read(&mut lea, "lea", as_of(), DEFAULT_HALF_LIFE_DAYS).unwrap();

    let managers: Vec<&str> = report.managers.iter().map(|m| m.manager.as_str()).collect();
    assert_eq!(managers, ["ana", "bo"], "only the leader's own managers");
    assert_eq!(report.framework_version, Some(1));
    for (manager, path) in &files[..2] {
        check_manager(&report, manager, &Connection::open(path).unwrap());
    }
    let skill = fold_case(&Framework::default_framework().unwrap().skills[0].name);
    let ana = Connection::open(&files[0].1).unwrap();
    let last = day_number(as_of());
    let ana_ratings = count(
        &ana,
        &format!(
            "SELECT count(*) FROM observations o JOIN skills s ON s.id = o.skill_id
             WHERE s.org_key = '{skill}' AND o.shared = 1 AND o.rating IS NOT NULL
               AND o.observed_day > {} AND o.observed_day <= {last}",
            last - WINDOW_DAYS
        ),
    );
    let calibration = report
        .calibration
        .iter()
        .find(|c| c.ratings.manager == "ana" && c.ratings.key == skill)
        .map_or(0, |c| c.ratings.count);
    assert_eq!(calibration, ana_ratings);
    assert!(!report.needs.is_empty());

    let url = org.cluster.url("lea");
    let password = org.cluster.password_file("lea", common::org::PASSWORD);
    let report_as_lea = |extra: &[&str]| {
        let mut args = vec![
            "org",
            "report",
            "--url",
            &url,
            "--password-file",
            arg(&password),
        ];
        args.extend_from_slice(&["--today", "2026-11-20"]);
        args.extend_from_slice(extra);
        assert_ok(&coachbook(&args))
    };
    let parsed: serde_json::Value = serde_json::from_str(&report_as_lea(&["--json"])).unwrap();
    assert_eq!(parsed["managers"].as_array().unwrap().len(), 2);
    let text = report_as_lea(&[]);
    assert!(text.contains("Coaching across 2 teams"), "{text}");
    assert!(text.contains("Training needs"), "{text}");
}

/// The server's level of every cell of `manager` read as the leader on `day`, against the
/// file's own on that day.
fn check_levels_on(org: &common::org::Org, manager: &str, conn: &Connection, day: NaiveDate) {
    let mut lea = org.login("lea");
    let report = report::read(&mut lea, "lea", day, DEFAULT_HALF_LIFE_DAYS).unwrap();
    let expected = file_levels_on(conn, day);
    let mut checked = 0;
    for cell in report.levels.iter().filter(|c| c.manager == manager) {
        let (level, ratings) = expected[&(cell.rep_id, cell.key.clone())];
        assert_eq!(cell.ratings, i64::from(ratings), "{day} {}", cell.key);
        match (cell.level, level) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{day} {}: {a} {b}", cell.key),
            (a, b) => assert_eq!(a, b, "{day} {}", cell.key),
        }
        checked += 1;
    }
    assert_eq!(checked, expected.len());
}

/// The server keeps running sums of the ratings for the heat map; after edits, removals,
/// an undo and a whole republish they still give the levels the file gives, today (from
/// the sums) and on an earlier day (from the rows).
#[test]
fn the_heat_maps_running_sums_follow_every_change_of_the_ratings() {
    use coachbook::domain::observation::{ObservationId, Visibility};
    use coachbook::ops::{Command, Ops};
    let dir = tempfile::tempdir().unwrap();
    let (org, files) = common::org::three_teams(&dir);
    let path = &files[0].1;
    let store = coachbook::store::Store::open(path).unwrap();
    let mut ops = Ops::new(
        store,
        Box::new(coachbook::clock::FixedClock(common::test_now())),
    );
    let ids: Vec<ObservationId> = ops
        .store()
        .conn()
        .prepare("SELECT id FROM observations WHERE shared = 1 AND rating IS NOT NULL ORDER BY observed_day DESC LIMIT 12")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|id| ObservationId(id.unwrap()))
        .collect();
    let mut draft = coachbook::store::observations::get(ops.store().conn(), ids[0])
        .unwrap()
        .unwrap()
        .draft;
    let flipped = if draft.rating == coachbook::domain::Rating::from_stored(Some(1)).unwrap() {
        5
    } else {
        1
    };
    draft.rating = coachbook::domain::Rating::from_stored(Some(flipped)).unwrap();
    ops.apply(Command::EditObservation { id: ids[0], draft })
        .unwrap();
    ops.apply(Command::SetVisibility {
        ids: ids[1..4].to_vec(),
        visibility: Visibility::Private,
    })
    .unwrap();
    ops.apply(Command::DeleteObservations(ids[4..8].to_vec()))
        .unwrap();
    ops.apply(Command::DeleteObservations(ids[8..10].to_vec()))
        .unwrap();
    ops.undo().unwrap().unwrap();
    let mut store = ops.into_store();
    org.sync(&mut store);
    let conn = store.conn();
    check_levels_on(&org, "ana", conn, as_of());
    check_levels_on(&org, "ana", conn, as_of() - chrono::Duration::days(45));
    // A republished team (a join again) ends where it started.
    org.join(&mut store, "ana");
    org.sync(&mut store);
    check_levels_on(&org, "ana", store.conn(), as_of());
}

/// A server set up by the Coachbook before the running sums (schema 4) and filled there
/// gives the same levels once `org init` upgrades it: the upgrade sums the rows it holds.
#[test]
fn an_upgraded_server_sums_the_ratings_it_already_held() {
    use coachbook::ops::{Command, Ops};
    use coachbook::org::people::Person;
    use coachbook::org::{framework, schema, sync};
    let cluster = common::pg::Cluster::start();
    let mut admin = cluster.admin();
    schema::init_to(&mut admin, common::pg::ADMIN, 4).unwrap();
    let org = common::org::Org { cluster };
    org.add("ena", Person::Enablement);
    org.add("lea", Person::Leader);
    org.add(
        "ana",
        Person::Manager {
            leader: Some("lea".into()),
        },
    );
    let fw = Framework::default_framework().unwrap();
    framework::publish(&mut org.login("ena"), "ena", &fw, common::test_now()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = coachbook::store::Store::open(&dir.path().join("ana.db")).unwrap();
    coachbook::ops::generate_demo(&mut store, 1, common::test_now()).unwrap();
    org.join(&mut store, "ana");
    let mut ana = org.login("ana");
    let (version, pulled) = framework::newer(&mut ana, "ana", 0).unwrap().unwrap();
    let mut ops = Ops::new(
        store,
        Box::new(coachbook::clock::FixedClock(common::test_now())),
    );
    ops.apply(Command::AdoptOrgFramework {
        version,
        framework: pulled,
    })
    .unwrap();
    let mut store = ops.into_store();
    sync::sync_store(
        &mut store,
        &mut ana,
        "ana",
        sync::BATCH_UNITS,
        common::test_now,
    )
    .unwrap();

    let upgrade = schema::init(&mut admin, common::pg::ADMIN).unwrap();
    assert_eq!((upgrade.from, upgrade.to), (4, schema::LATEST_SCHEMA));
    let sums: i64 = admin
        .query_one("SELECT count(*) FROM coachbook.level_sums", &[])
        .unwrap()
        .get(0);
    assert!(sums > 0);
    check_levels_on(&org, "ana", store.conn(), as_of());
}
