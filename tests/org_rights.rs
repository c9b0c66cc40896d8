//! Who reads what on the organization's server, tried with plain SQL as each role would
//! write it: a manager reads and writes only their own team; a leader reads only the
//! roll-ups of their own managers; a rep reads only their own shared history; a login in
//! no Coachbook group reads nothing. Every other attempt is refused by PostgreSQL itself.

mod common;

use coachbook::org::people::Person;
use common::org::{Org, PASSWORD};
use postgres::Client;
use postgres::error::SqlState;

const TEAM_TABLES: [&str; 12] = [
    "reps",
    "rep_targets",
    "skills",
    "roles",
    "role_targets",
    "cadences",
    "sessions",
    "session_notes",
    "observations",
    "commitments",
    "plans",
    "manager_settings",
];

/// Two published teams: ana's (under the leader lea, with the rep login rita for her first
/// rep) and bo's (under another leader).
fn two_teams() -> (Org, tempfile::TempDir) {
    let org = Org::start();
    org.add("lea", Person::Leader);
    org.add("lee", Person::Leader);
    org.add(
        "ana",
        Person::Manager {
            leader: Some("lea".into()),
        },
    );
    org.add(
        "bo",
        Person::Manager {
            leader: Some("lee".into()),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    for manager in ["ana", "bo"] {
        let mut store = common::demo_store(&dir.path().join(format!("{manager}.db")));
        org.join(&mut store, manager);
        org.sync(&mut store);
    }
    let first_rep: String = org
        .cluster
        .admin()
        .query_one(
            "SELECT name FROM coachbook.reps WHERE manager = 'ana' ORDER BY id LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    org.add(
        "rita",
        Person::Rep {
            manager: "ana".into(),
            rep: first_rep,
        },
    );
    (org, dir)
}

fn count(client: &mut Client, sql: &str) -> i64 {
    client
        .query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

fn admin_count(org: &Org, sql: &str) -> i64 {
    count(&mut org.cluster.admin(), sql)
}

/// PostgreSQL refused `sql` for lack of the right (a missing grant, or a row the policy
/// does not allow).
#[track_caller]
fn refused(client: &mut Client, sql: &str) {
    let err = client
        .batch_execute(sql)
        .expect_err(&format!("allowed: {sql}"));
    let code = err.code().cloned();
    assert_eq!(
        code,
        Some(SqlState::INSUFFICIENT_PRIVILEGE),
        "{sql}: {err:?}"
    );
}

/// `sql` ran and changed no row.
#[track_caller]
fn touches_nothing(client: &mut Client, sql: &str) {
    let changed = client
        .execute(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    assert_eq!(changed, 0, "{sql}");
}

/// One of the table's own rows with the manager changed, as an INSERT would send it.
fn copy_as(table: &str, manager: &str) -> String {
    format!(
        "INSERT INTO coachbook.{table}
         SELECT (jsonb_populate_record(NULL::coachbook.{table},
                 to_jsonb(t) || jsonb_build_object('manager', '{manager}'))).*
         FROM coachbook.{table} t LIMIT 1"
    )
}

#[test]
fn a_manager_reads_and_writes_their_own_team_and_nothing_else() {
    let (org, _dir) = two_teams();
    let mut ana = org.login("ana");
    for table in TEAM_TABLES {
        let theirs = admin_count(
            &org,
            &format!("SELECT count(*) FROM coachbook.{table} WHERE manager = 'bo'"),
        );
        if ["reps", "skills", "sessions", "observations"].contains(&table) {
            assert!(theirs > 0, "{table} has rows of bo");
        }
        let seen = format!("SELECT count(*) FROM coachbook.{table} WHERE manager <> current_user");
        assert_eq!(count(&mut ana, &seen), 0, "{table}");
        touches_nothing(
            &mut ana,
            &format!("UPDATE coachbook.{table} SET manager = manager WHERE manager = 'bo'"),
        );
        touches_nothing(
            &mut ana,
            &format!("DELETE FROM coachbook.{table} WHERE manager = 'bo'"),
        );
        let own = count(&mut ana, &format!("SELECT count(*) FROM coachbook.{table}"));
        if own > 0 {
            refused(
                &mut ana,
                &format!("UPDATE coachbook.{table} SET manager = 'bo'"),
            );
            refused(&mut ana, &copy_as(table, "bo"));
        }
        refused(
            &mut ana,
            &format!("ALTER TABLE coachbook.{table} DISABLE ROW LEVEL SECURITY"),
        );
        let after = admin_count(
            &org,
            &format!("SELECT count(*) FROM coachbook.{table} WHERE manager = 'bo'"),
        );
        assert_eq!(after, theirs, "{table}: bo's rows untouched");
    }
    assert_eq!(
        count(&mut ana, "SELECT count(*) FROM coachbook.managers"),
        1
    );
    for sql in [
        "SELECT * FROM coachbook.leaders",
        "SELECT * FROM coachbook.rep_logins",
        "SELECT * FROM coachbook.team_roll_up",
        "SELECT * FROM coachbook.my_rep()",
        "SELECT * FROM coachbook.leader_reps(30000, 90)",
        "SELECT * FROM coachbook.leader_levels(30000, 90)",
        "SELECT * FROM coachbook.level_sums",
        "DELETE FROM coachbook.level_sums",
        "SELECT coachbook.level_sums_recount('{}')",
        "UPDATE coachbook.managers SET leader = NULL",
        "INSERT INTO coachbook.managers (login, name) VALUES ('eve', 'Eve')",
        "CREATE TABLE coachbook.notes (text text)",
        "SET ROLE bo",
        "SET ROLE coachbook_leader",
        "CREATE ROLE mallory LOGIN",
    ] {
        refused(&mut ana, sql);
    }
}

#[test]
fn a_leader_reads_only_the_roll_ups_of_their_own_managers() {
    let (org, _dir) = two_teams();
    let mut lea = org.login("lea");
    for table in TEAM_TABLES {
        refused(&mut lea, &format!("SELECT * FROM coachbook.{table}"));
        refused(&mut lea, &format!("DELETE FROM coachbook.{table}"));
    }
    let managers: Vec<String> = lea
        .query("SELECT manager FROM coachbook.team_roll_up", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(managers, ["ana"]);
    assert_eq!(
        count(&mut lea, "SELECT count(*) FROM coachbook.managers"),
        1
    );
    assert_eq!(count(&mut lea, "SELECT count(*) FROM coachbook.leaders"), 1);
    for sql in [
        "SELECT * FROM coachbook.rep_logins",
        "SELECT * FROM coachbook.level_sums",
        "UPDATE coachbook.managers SET leader = 'lea'",
        "INSERT INTO coachbook.leaders VALUES ('eve', 'Eve')",
        "SET ROLE ana",
    ] {
        refused(&mut lea, sql);
    }
}

#[test]
fn a_rep_reads_only_their_own_shared_history() {
    let (org, _dir) = two_teams();
    let mut rita = org.login("rita");
    let me = "(SELECT rep_id FROM coachbook.rep_logins WHERE login = 'rita')";
    for table in [
        "reps",
        "rep_targets",
        "cadences",
        "sessions",
        "observations",
        "commitments",
        "plans",
    ] {
        let column = if table == "reps" { "id" } else { "rep_id" };
        if table == "cadences" {
            refused(&mut rita, "SELECT * FROM coachbook.cadences");
            continue;
        }
        let others = format!(
            "SELECT count(*) FROM coachbook.{table} WHERE manager <> 'ana' OR {column} <> {me}"
        );
        assert_eq!(count(&mut rita, &others), 0, "{table}");
        refused(&mut rita, &format!("DELETE FROM coachbook.{table}"));
        refused(&mut rita, &copy_as(table, "ana"));
    }
    let mine = format!(
        "SELECT count(*) FROM coachbook.observations WHERE manager = 'ana' AND rep_id = {me}"
    );
    let expected = admin_count(&org, &mine);
    assert!(expected > 0);
    assert_eq!(count(&mut rita, &mine), expected);
    assert_eq!(
        count(
            &mut rita,
            "SELECT count(*) FROM coachbook.sessions WHERE status <> 'held'"
        ),
        0
    );
    assert_eq!(
        count(
            &mut rita,
            "SELECT count(*) FROM coachbook.skills WHERE manager <> 'ana'"
        ),
        0
    );
    let notes_of_others = format!(
        "SELECT count(*) FROM coachbook.session_notes n WHERE NOT EXISTS (
           SELECT 1 FROM coachbook.sessions s WHERE s.manager = 'ana' AND s.id = n.session_id
           AND s.rep_id = {me})"
    );
    assert_eq!(count(&mut rita, &notes_of_others), 0);
    assert_eq!(
        count(&mut rita, "SELECT count(*) FROM coachbook.rep_logins"),
        1
    );
    for sql in [
        "SELECT * FROM coachbook.managers",
        "SELECT * FROM coachbook.team_roll_up",
        "SELECT * FROM coachbook.leader_ratings(30000, 90)",
        "SELECT * FROM coachbook.level_sums",
        "UPDATE coachbook.rep_logins SET rep_id = rep_id + 1",
        "SET ROLE ana",
    ] {
        refused(&mut rita, sql);
    }
}

#[test]
fn a_login_outside_the_organization_reads_nothing() {
    let org = Org::start();
    let mut admin = org.cluster.admin();
    admin
        .batch_execute(&format!("CREATE ROLE eve LOGIN PASSWORD '{PASSWORD}'"))
        .unwrap();
    let mut eve = org.login("eve");
    for table in TEAM_TABLES.iter().chain(&[
        "managers",
        "leaders",
        "rep_logins",
        "team_roll_up",
        "rep_answers",
    ]) {
        refused(&mut eve, &format!("SELECT * FROM coachbook.{table}"));
    }
}

#[test]
fn a_rep_writes_only_their_own_answers_and_only_their_manager_reads_them() {
    let (org, _dir) = two_teams();
    let bo_rep: String = org
        .cluster
        .admin()
        .query_one(
            "SELECT name FROM coachbook.reps WHERE manager = 'bo' ORDER BY id LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    org.add(
        "ron",
        Person::Rep {
            manager: "bo".into(),
            rep: bo_rep,
        },
    );
    let mut rita = org.login("rita");
    let answers = coachbook::domain::rep_file::answers::RepAnswers::default();
    let now = common::test_now();
    let send = coachbook::org::rep_answers::send;
    assert_eq!(send(&mut rita, "rita", &answers, now).unwrap(), 1);
    assert_eq!(send(&mut rita, "rita", &answers, now).unwrap(), 2);
    let mut ron = org.login("ron");
    assert_eq!(send(&mut ron, "ron", &answers, now).unwrap(), 1);
    let ron_id = "(SELECT rep_id FROM coachbook.rep_logins WHERE login = 'ron')";
    for sql in [
        format!("INSERT INTO coachbook.rep_answers VALUES ('bo', {ron_id}, 9, 0, '{{}}')"),
        "INSERT INTO coachbook.rep_answers VALUES ('ana', 999999, 9, 0, '{}')".to_owned(),
        "UPDATE coachbook.rep_answers SET rep_id = rep_id + 1".to_owned(),
        "UPDATE coachbook.rep_answers SET manager = 'bo'".to_owned(),
        "DELETE FROM coachbook.rep_answers".to_owned(),
    ] {
        refused(&mut rita, &sql);
    }
    touches_nothing(
        &mut rita,
        "UPDATE coachbook.rep_answers SET answers = 'x' WHERE manager = 'bo'",
    );
    assert_eq!(
        count(&mut rita, "SELECT count(*) FROM coachbook.rep_answers"),
        1
    );
    assert_eq!(
        count(&mut ron, "SELECT count(*) FROM coachbook.rep_answers"),
        1
    );
    let mut ana = org.login("ana");
    assert_eq!(
        count(
            &mut ana,
            "SELECT count(*) FROM coachbook.rep_answers WHERE revision = 2"
        ),
        1
    );
    assert_eq!(
        count(&mut ana, "SELECT count(*) FROM coachbook.rep_answers"),
        1
    );
    for sql in [
        "UPDATE coachbook.rep_answers SET answers = '{}'",
        "DELETE FROM coachbook.rep_answers",
        "INSERT INTO coachbook.rep_answers VALUES ('ana', 1, 1, 0, '{}')",
    ] {
        refused(&mut ana, sql);
    }
    let mut lea = org.login("lea");
    refused(&mut lea, "SELECT * FROM coachbook.rep_answers");
    assert_eq!(
        admin_count(&org, "SELECT count(*) FROM coachbook.rep_answers"),
        2
    );
}
