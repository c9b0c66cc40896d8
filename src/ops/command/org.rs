//! Taking in the organization's framework, pulled from its server at sync.

use rusqlite::Connection;

use super::{Applied, Changes, CommandError};
use crate::domain::framework::Framework;
use crate::store;

pub(super) fn adopt(
    conn: &Connection,
    version: i64,
    framework: &Framework,
) -> Result<Applied, CommandError> {
    let adopted = store::org_framework::adopt(conn, version, framework)?;
    Ok(Applied {
        inverse: None,
        label: format!(
            "Took the organization's framework, version {version}: {} skills new, {} updated, {} retired",
            adopted.added, adopted.updated, adopted.retired
        ),
        changes: Changes::FRAMEWORK,
    })
}
