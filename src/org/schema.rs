//! The server's schema: numbered steps in the `coachbook` schema, applied in one
//! transaction under an advisory lock, refusing a server a newer Coachbook set up.

use postgres::Client;

use super::OrgError;

/// Step N takes the server from schema N-1 to N. Append; never edit a shipped step.
const STEPS: &[&str] = &[
    include_str!("sql/001_org.sql"),
    include_str!("sql/002_framework.sql"),
    include_str!("sql/003_leader.sql"),
    include_str!("sql/004_rep_answers.sql"),
    include_str!("sql/005_leader_sums.sql"),
    include_str!("sql/006_own_rows_by_index.sql"),
];

pub const LATEST_SCHEMA: i64 = STEPS.len() as i64;

/// One number for every Coachbook's advisory lock, so two `org init` never interleave.
const INIT_LOCK: i64 = 0x00C0_AC4B_0000_0001;

/// What `init` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Upgrade {
    pub from: i64,
    pub to: i64,
}

/// Creates or upgrades the organization's schema and its group roles. Needs a login that
/// may create schemas and roles (the server's administrator).
pub fn init(client: &mut Client, login: &str) -> Result<Upgrade, OrgError> {
    init_to(client, login, LATEST_SCHEMA)
}

/// Like [`init`], stopping at schema `to`: how the tests set up a server of an earlier
/// Coachbook to upgrade.
pub fn init_to(client: &mut Client, login: &str, to: i64) -> Result<Upgrade, OrgError> {
    let to = to.clamp(1, LATEST_SCHEMA);
    let pg = |e| OrgError::from_pg(e, login, "set up the organization");
    let mut tx = client.transaction().map_err(pg)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
        .map_err(pg)?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS coachbook;
         CREATE TABLE IF NOT EXISTS coachbook.schema_version (
             only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
             version  bigint NOT NULL
         );",
    )
    .map_err(pg)?;
    let from: i64 = tx
        .query_opt("SELECT version FROM coachbook.schema_version", &[])
        .map_err(pg)?
        .map_or(0, |row| row.get(0));
    if from > LATEST_SCHEMA {
        return Err(OrgError::NewerSchema {
            found: from,
            known: LATEST_SCHEMA,
        });
    }
    for step in STEPS.iter().take(to as usize).skip(from as usize) {
        tx.batch_execute(step).map_err(pg)?;
    }
    let version = from.max(to);
    tx.execute(
        "INSERT INTO coachbook.schema_version (version) VALUES ($1)
         ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version",
        &[&version],
    )
    .map_err(pg)?;
    tx.batch_execute(
        "GRANT SELECT ON coachbook.schema_version
             TO coachbook_manager, coachbook_leader, coachbook_rep, coachbook_enablement",
    )
    .map_err(pg)?;
    tx.commit().map_err(pg)?;
    Ok(Upgrade { from, to: version })
}

/// Refuses a server this Coachbook cannot work with: none set up, older, or newer.
pub fn check(client: &mut Client, login: &str) -> Result<(), OrgError> {
    let found: i64 = match client.query_opt("SELECT version FROM coachbook.schema_version", &[]) {
        Ok(Some(row)) => row.get(0),
        Ok(None) => return Err(OrgError::NotInitialized),
        Err(e) => {
            return Err(OrgError::from_pg(
                e,
                login,
                "read the organization's version",
            ));
        }
    };
    match found.cmp(&LATEST_SCHEMA) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(OrgError::NewerSchema {
            found,
            known: LATEST_SCHEMA,
        }),
        std::cmp::Ordering::Less => Err(OrgError::OlderSchema {
            found,
            known: LATEST_SCHEMA,
        }),
    }
}
