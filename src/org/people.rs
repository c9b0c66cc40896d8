//! The organization's logins: each one a PostgreSQL role in one of Coachbook's group
//! roles, with a row saying whose it is. Created by the server's administrator.

use postgres::Client;

use super::OrgError;

/// What a new login is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Person {
    /// A first-line manager, optionally under a leader (by login).
    Manager { leader: Option<String> },
    /// A leader above managers.
    Leader,
    /// A rep of a manager: the rep called `rep` among the manager's published reps.
    Rep { manager: String, rep: String },
    /// Enablement: publishes the organization's framework.
    Enablement,
}

impl Person {
    fn group(&self) -> &'static str {
        match self {
            Person::Manager { .. } => "coachbook_manager",
            Person::Leader => "coachbook_leader",
            Person::Rep { .. } => "coachbook_rep",
            Person::Enablement => "coachbook_enablement",
        }
    }
}

/// A login must be plain enough to type and to read in a list: letters, digits and
/// `_ . - @`, not starting like PostgreSQL's or Coachbook's own roles.
pub fn check_login(login: &str) -> Result<(), OrgError> {
    let plain = !login.is_empty()
        && login.len() <= 63
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'))
        && login.starts_with(|c: char| c.is_ascii_alphabetic());
    let reserved = login.starts_with("pg_") || login.starts_with("coachbook_");
    if plain && !reserved {
        return Ok(());
    }
    Err(OrgError::Refused(format!(
        "\"{}\" cannot be a login: use up to 63 letters, digits and _ . - @, starting with a letter (not pg_ or coachbook_).",
        crate::domain::text::clean(login, crate::domain::text::Lines::One)
    )))
}

/// Creates the login with `password` (sent to the server only as a SCRAM verifier, so it
/// appears in no log) and records whose it is; all or nothing.
pub fn add(
    client: &mut Client,
    admin: &str,
    login: &str,
    name: &str,
    person: &Person,
    password: &str,
) -> Result<(), OrgError> {
    check_login(login)?;
    let pg = |e| OrgError::from_pg(e, admin, "create the login");
    let mut tx = client.transaction().map_err(pg)?;
    let exists = tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&login])
        .map_err(pg)?
        .is_some();
    if exists {
        return Err(OrgError::Refused(format!(
            "There is already a login called {login} on the server."
        )));
    }
    register(&mut tx, login, name, person)?;
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let create: String = tx
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', $1::text, $2::text, $3::text)",
            &[&login, &verifier, &person.group()],
        )
        .map_err(pg)?
        .get(0);
    tx.batch_execute(&create).map_err(pg)?;
    tx.commit().map_err(pg)
}

/// The row saying whose the login is, checked against what it points to.
fn register(
    tx: &mut postgres::Transaction<'_>,
    login: &str,
    name: &str,
    person: &Person,
) -> Result<(), OrgError> {
    let pg = |e| OrgError::from_pg(e, "", "record the login");
    match person {
        // Enablement's rights come with its group; it owns no rows.
        Person::Enablement => {}
        Person::Leader => {
            tx.execute(
                "INSERT INTO coachbook.leaders (login, name) VALUES ($1, $2)",
                &[&login, &name],
            )
            .map_err(pg)?;
        }
        Person::Manager { leader } => {
            if let Some(leader) = leader {
                let known = tx
                    .query_opt(
                        "SELECT 1 FROM coachbook.leaders WHERE login = $1",
                        &[leader],
                    )
                    .map_err(pg)?;
                if known.is_none() {
                    return Err(OrgError::Refused(format!(
                        "There is no leader with the login {leader}; add them first with coachbook org add-leader."
                    )));
                }
            }
            tx.execute(
                "INSERT INTO coachbook.managers (login, name, leader) VALUES ($1, $2, $3)",
                &[&login, &name, leader],
            )
            .map_err(pg)?;
        }
        Person::Rep { manager, rep } => {
            let rep_id = published_rep(tx, manager, rep)?;
            tx.execute(
                "INSERT INTO coachbook.rep_logins (login, manager, rep_id) VALUES ($1, $2, $3)",
                &[&login, manager, &rep_id],
            )
            .map_err(pg)?;
        }
    }
    Ok(())
}

/// The id of the manager's rep called `rep` (any case), once the manager has published.
fn published_rep(
    tx: &mut postgres::Transaction<'_>,
    manager: &str,
    rep: &str,
) -> Result<i64, OrgError> {
    let pg = |e| OrgError::from_pg(e, "", "find the rep");
    let rows = tx
        .query(
            "SELECT id FROM coachbook.reps
             WHERE manager = $1 AND lower(name) = lower($2) AND NOT archived",
            &[&manager, &rep],
        )
        .map_err(pg)?;
    match rows.as_slice() {
        [row] => Ok(row.get(0)),
        [] => Err(OrgError::Refused(format!(
            "The manager {manager} has published no rep called \"{}\". The manager runs coachbook org sync first, or check the name.",
            crate::domain::text::clean(rep, crate::domain::text::Lines::One)
        ))),
        _ => Err(OrgError::Refused(format!(
            "The manager {manager} has more than one rep called \"{}\".",
            crate::domain::text::clean(rep, crate::domain::text::Lines::One)
        ))),
    }
}
