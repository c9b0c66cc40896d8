//! `coachbook org ...` run as the binary, on a throwaway cluster: setting up the
//! organization, adding logins, linking a data file, publishing and leaving; and the
//! doors that must refuse with a sentence and change nothing.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::cli::{arg, assert_clean_message, assert_ok, coachbook, demo_file, text};
use common::org::PASSWORD;
use common::pg::{ADMIN, Cluster};

#[test]
fn an_organization_is_set_up_joined_published_and_left_from_the_command_line() {
    let cluster = Cluster::start();
    let admin_url = cluster.url(ADMIN);
    let admin_pw = cluster.admin_password_file();
    let server = ["--url", &admin_url, "--password-file", arg(&admin_pw)];
    let new_pw = cluster.password_file("new", PASSWORD);

    let first = assert_ok(&coachbook(&[&["org", "init"][..], &server].concat()));
    let latest = coachbook::org::schema::LATEST_SCHEMA;
    assert!(
        first.contains(&format!("is set up (schema {latest})")),
        "{first}"
    );
    let again = assert_ok(&coachbook(&[&["org", "init"][..], &server].concat()));
    assert!(
        again.contains(&format!("was already at schema {latest}")),
        "{again}"
    );

    let leader = [
        &["org", "add-leader"][..],
        &server,
        &[
            "--login",
            "lea",
            "--name",
            "Lea Park",
            "--new-password-file",
            arg(&new_pw),
        ],
    ]
    .concat();
    assert!(assert_ok(&coachbook(&leader)).contains("Added the leader login lea for Lea Park."));
    let manager = [
        &["org", "add-manager"][..],
        &server,
        &["--login", "ana", "--name", "Ana Ruiz", "--leader", "lea"],
        &["--new-password-file", arg(&new_pw)],
    ]
    .concat();
    assert_ok(&coachbook(&manager));
    let twice = coachbook(&manager);
    assert!(
        text(&twice.stderr).contains("already a login called ana"),
        "{}",
        text(&twice.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let ana_url = cluster.url("ana");
    let joined = assert_ok(&coachbook(&[
        "org",
        "join",
        "--db",
        arg(&db),
        "--url",
        &ana_url,
        "--password-file",
        arg(&new_pw),
    ]));
    assert!(
        joined.contains("shared items wait to be published"),
        "{joined}"
    );
    let status = assert_ok(&coachbook(&["org", "status", "--db", arg(&db)]));
    assert!(status.contains("as ana; never synced;"), "{status}");

    let synced = assert_ok(&coachbook(&["org", "sync", "--db", arg(&db)]));
    assert!(synced.contains("nothing waits"), "{synced}");
    let status = assert_ok(&coachbook(&["org", "status", "--db", arg(&db)]));
    assert!(status.contains("; 0 shared items wait."), "{status}");
    let reps: i64 = cluster
        .admin()
        .query_one(
            "SELECT count(*) FROM coachbook.reps WHERE manager = 'ana'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(reps > 0);

    let rep = [
        &["org", "add-rep"][..],
        &server,
        &[
            "--login",
            "rita",
            "--manager",
            "ana",
            "--rep",
            "nobody at all",
        ],
        &["--new-password-file", arg(&new_pw)],
    ]
    .concat();
    let unknown = coachbook(&rep);
    assert!(
        text(&unknown.stderr).contains("has published no rep called"),
        "{}",
        text(&unknown.stderr)
    );

    let left = assert_ok(&coachbook(&["org", "leave", "--db", arg(&db)]));
    assert!(left.contains("what the server holds stays there"), "{left}");
    let status = assert_ok(&coachbook(&["org", "status", "--db", arg(&db)]));
    assert!(status.contains("is not linked"), "{status}");
}

/// Runs `args`, expects a refusal in one clean sentence holding `words`, and the data
/// file unchanged.
#[track_caller]
fn refused(args: &[&str], words: &str, db: &std::path::Path) {
    let before = common::sha256(db);
    let out = coachbook(args);
    let said = text(&out.stderr);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(said.contains(words), "{args:?}: {said}");
    assert_clean_message(&said);
    assert_eq!(common::sha256(db), before, "{args:?} changed the file");
}

#[test]
fn bad_addresses_passwords_and_servers_are_refused_with_a_sentence() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let admin_url = cluster.url(ADMIN);
    let open_pw = dir.path().join("open-pw");
    std::fs::write(&open_pw, "secret secret\n").unwrap();
    std::fs::set_permissions(&open_pw, std::fs::Permissions::from_mode(0o644)).unwrap();
    let wrong_pw = cluster.password_file("wrong", "not the password");
    let with_password = admin_url.replace("postgres@", "postgres:hunter2@");
    let join = |url: &str, pw: &std::path::Path| -> Vec<String> {
        [
            "org",
            "join",
            "--db",
            arg(&db),
            "--url",
            url,
            "--password-file",
            arg(pw),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (join(&admin_url, &open_pw), "chmod 600"),
        (join(&with_password, &wrong_pw), "holds a password"),
        (join(&admin_url, &wrong_pw), "password is wrong"),
        (
            join("postgres://ana@127.0.0.1:1/x", &wrong_pw),
            "could not reach the server",
        ),
        (
            join("http://example.com", &wrong_pw),
            "not one Coachbook understands",
        ),
        (
            join(&admin_url, &dir.path().join("missing")),
            "password file",
        ),
        (
            vec!["org".into(), "sync".into(), "--db".into(), arg(&db).into()],
            "is not linked to an organization",
        ),
        (
            ["--org", "http://example.com", "--rep"]
                .map(String::from)
                .to_vec(),
            "not one Coachbook understands",
        ),
        (
            vec![
                "--org".into(),
                "postgres://rita@127.0.0.1:1/x".into(),
                "--rep".into(),
                "--org-password-file".into(),
                arg(&open_pw).into(),
            ],
            "chmod 600",
        ),
        (vec!["--rep".into()], "--org"),
    ];
    for (args, words) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&args, words, &db);
    }
    let shown = coachbook(&[
        "org",
        "add-manager",
        "--url",
        &admin_url,
        "--password-file",
        arg(&wrong_pw),
        "--login",
        "ana\u{1b}[31m",
        "--name",
        "Ana",
        "--new-password-file",
        arg(&wrong_pw),
    ]);
    let said = text(&shown.stderr);
    assert!(said.contains("cannot be a login"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
}
