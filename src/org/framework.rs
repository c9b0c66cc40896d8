//! The organization's framework on the server: enablement publishes a framework file as a
//! new version; each manager's Coachbook pulls the newest at sync and takes it in through
//! the operations layer (`Command::AdoptOrgFramework`).

use chrono::{DateTime, Utc};
use postgres::Client;

use super::OrgError;
use crate::domain::framework::Framework;

/// Publishes `framework` as the organization's next version; returns that version.
pub fn publish(
    client: &mut Client,
    login: &str,
    framework: &Framework,
    at: DateTime<Utc>,
) -> Result<i64, OrgError> {
    let source = framework
        .to_toml()
        .map_err(|e| OrgError::Refused(e.to_string()))?;
    let row = client
        .query_one(
            "INSERT INTO coachbook.framework_versions (published_utc_ms, source)
             VALUES ($1, $2) RETURNING version",
            &[&at.timestamp_millis(), &source],
        )
        .map_err(|e| OrgError::from_pg(e, login, "publish the framework"))?;
    Ok(row.get(0))
}

/// The organization's newest framework when it is newer than `known`; its text is read
/// like any framework file, so it is checked and cleaned the same way.
pub fn newer(
    client: &mut Client,
    login: &str,
    known: i64,
) -> Result<Option<(i64, Framework)>, OrgError> {
    let row = client
        .query_opt(
            "SELECT version, source FROM coachbook.framework_versions
             WHERE version > $1 ORDER BY version DESC LIMIT 1",
            &[&known],
        )
        .map_err(|e| OrgError::from_pg(e, login, "read the organization's framework"))?;
    let Some(row) = row else {
        return Ok(None);
    };
    let version: i64 = row.get(0);
    let source: String = row.get(1);
    let framework = Framework::from_toml(&source).map_err(|e| {
        OrgError::Refused(format!(
            "The organization's framework (version {version}) cannot be used: {e} Ask enablement to publish it again."
        ))
    })?;
    Ok(Some((version, framework)))
}
