//! The organization's framework: enablement publishes it with a version; each manager's
//! `org sync` takes it in (skills updated in place, new ones added, dropped ones retired
//! with their history kept) and publishes the result; the organization's skills refuse a
//! manager's edits while per-rep targets stay the manager's; only enablement publishes.

mod common;

use coachbook::clock::FixedClock;
use coachbook::domain::framework::Framework;
use coachbook::domain::skill::SkillDraft;
use coachbook::ops::{Command, CommandError, Ops};
use coachbook::org::framework;
use coachbook::org::people::Person;
use coachbook::store::Store;
use common::cli::{arg, assert_ok, coachbook, text};
use common::org::{Org, PASSWORD};
use common::pg::ADMIN;
use postgres::error::SqlState;
use rusqlite::Connection;

const DROPPED: &str = "Product value";

fn publish_as_enablement(org: &Org, framework: &Framework) -> i64 {
    let mut ena = org.login("ena");
    framework::publish(&mut ena, "ena", framework, common::test_now()).unwrap()
}

/// Version 1: the shipped framework with one rubric reworded and one skill added.
fn version_1() -> Framework {
    let mut f = Framework::default_framework().unwrap();
    f.skills[1].rubric.level_5 = "Brings in the right specialist before the first call.".into();
    let mut added = f.skills[2].clone();
    added.name = "Negotiating multi-year terms".into();
    f.skills.push(added);
    f
}

fn one(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn sync(path: &std::path::Path) -> String {
    assert_ok(&coachbook(&["org", "sync", "--db", arg(path)]))
}

#[test]
fn every_manager_takes_in_the_framework_and_keeps_their_history() {
    let org = Org::start();
    org.add("ena", Person::Enablement);
    org.add("ana", Person::Manager { leader: None });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.db");
    let mut store = common::demo_store(&path);
    org.join(&mut store, "ana");
    let dropped_id = one(
        store.conn(),
        &format!("SELECT id FROM skills WHERE name = '{DROPPED}'"),
    );
    let observations = |conn: &Connection| {
        one(
            conn,
            &format!("SELECT count(*) FROM observations WHERE skill_id = {dropped_id}"),
        )
    };
    let before = observations(store.conn());
    assert!(before > 0);
    drop(store);

    let v1 = version_1();
    assert_eq!(publish_as_enablement(&org, &v1), 1);
    let said = sync(&path);
    assert!(
        said.contains("Took the organization's framework, version 1"),
        "{said}"
    );
    let conn = Connection::open(&path).unwrap();
    let org_skills = "SELECT count(*) FROM skills WHERE org_key IS NOT NULL AND retired = 0";
    assert_eq!(one(&conn, org_skills), v1.skills.len() as i64);
    assert_eq!(
        observations(&conn),
        before,
        "the adopted skill kept its history"
    );
    let rubric: String = conn
        .query_row(
            "SELECT rubric_5 FROM skills WHERE name = ?1",
            [&v1.skills[1].name],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rubric, v1.skills[1].rubric.level_5);
    drop(conn);
    let mut admin = org.cluster.admin();
    let published: i64 = admin
        .query_one(
            "SELECT count(*) FROM coachbook.skills WHERE manager = 'ana' AND org_key IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(published, v1.skills.len() as i64);
    assert!(!sync(&path).contains("Took"), "version 1 is taken in once");

    let mut v2 = v1.clone();
    v2.skills.retain(|s| s.name != DROPPED);
    assert_eq!(publish_as_enablement(&org, &v2), 2);
    sync(&path);
    let store = Store::open(&path).unwrap();
    let retired = one(
        store.conn(),
        &format!("SELECT retired FROM skills WHERE id = {dropped_id}"),
    );
    assert_eq!(retired, 1, "a dropped skill is retired");
    assert_eq!(observations(store.conn()), before, "and keeps its history");
    org.assert_in_step("ana", store.conn());

    let mut ops = Ops::new(store, Box::new(FixedClock(common::test_now())));
    let org_skill = coachbook::domain::skill::SkillId(one(
        ops.store().conn(),
        "SELECT min(id) FROM skills WHERE org_key IS NOT NULL AND retired = 0",
    ));
    let edit = Command::EditSkill {
        id: org_skill,
        draft: SkillDraft {
            name: "Mine now".into(),
            ..SkillDraft::default()
        },
    };
    assert!(matches!(ops.apply(edit), Err(CommandError::OrgSkill(_))));
    assert!(matches!(
        ops.apply(Command::DeleteSkill(org_skill)),
        Err(CommandError::OrgSkill(_))
    ));
    let rep = coachbook::domain::rep::RepId(one(ops.store().conn(), "SELECT min(id) FROM reps"));
    ops.apply(Command::SetRepTarget {
        rep,
        skill: org_skill,
        level: coachbook::domain::Level::new(5),
    })
    .unwrap();
}

#[test]
fn only_enablement_publishes_and_enablement_reads_no_team() {
    let org = Org::start();
    org.add("ena", Person::Enablement);
    org.add("ana", Person::Manager { leader: None });
    let mut ana = org.login("ana");
    let err = ana
        .batch_execute(
            "INSERT INTO coachbook.framework_versions (published_utc_ms, source) VALUES (0, 'x')",
        )
        .unwrap_err();
    assert_eq!(err.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE));
    let mut ena = org.login("ena");
    for table in ["reps", "observations", "sessions", "managers"] {
        let err = ena
            .batch_execute(&format!("SELECT * FROM coachbook.{table}"))
            .unwrap_err();
        assert_eq!(
            err.code(),
            Some(&SqlState::INSUFFICIENT_PRIVILEGE),
            "{table}"
        );
    }
    let err = ena
        .batch_execute(
            "INSERT INTO coachbook.framework_versions (published_utc_ms, source, published_by)
             VALUES (0, 'x', 'ana')",
        )
        .unwrap_err();
    assert_eq!(err.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE));
}

#[test]
fn the_command_line_publishes_a_file_or_a_data_files_framework_and_refuses_a_bad_one() {
    let org = Org::start();
    let admin_url = org.cluster.url(ADMIN);
    let admin_pw = org.cluster.admin_password_file();
    let new_pw = org.cluster.password_file("new", PASSWORD);
    assert_ok(&coachbook(&[
        "org",
        "add-enablement",
        "--url",
        &admin_url,
        "--password-file",
        arg(&admin_pw),
        "--login",
        "ena",
        "--name",
        "Enablement",
        "--new-password-file",
        arg(&new_pw),
    ]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("framework.toml");
    std::fs::write(&file, version_1().to_toml().unwrap()).unwrap();
    let ena_url = org.cluster.url("ena");
    let publish = |from: &[&str]| {
        let mut args = vec![
            "org",
            "publish-framework",
            "--url",
            &ena_url,
            "--password-file",
            arg(&new_pw),
        ];
        args.extend_from_slice(from);
        coachbook(&args)
    };
    let said = assert_ok(&publish(&["--from", arg(&file)]));
    assert!(said.contains("as version 1"), "{said}");
    let db = common::cli::demo_file(&dir, &["--today", "2026-11-20"]);
    let said = assert_ok(&publish(&["--from-db", arg(&db)]));
    assert!(said.contains("as version 2"), "{said}");

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "roles = [\n").unwrap();
    let out = publish(&["--from", arg(&bad)]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(
        said.contains("is not a framework file Coachbook can use"),
        "{said}"
    );
    common::cli::assert_clean_message(&said);
    let versions: i64 = org
        .cluster
        .admin()
        .query_one("SELECT count(*) FROM coachbook.framework_versions", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, 2);
}
