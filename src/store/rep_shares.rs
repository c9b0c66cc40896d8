//! The `rep_shares` table: the token of every rep file shared, with the rep, period and
//! moment it was shared for, so a returned file can be traced to the one share it answers.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, from_day, from_utc_ms, to_day, to_utc_ms};
use crate::domain::rep::RepId;
use crate::domain::rep_file::token::{ShareIdentity, ShareToken};

/// Keeps a share just issued. Tokens are random, so a clash means the same share twice.
pub fn record(conn: &Connection, share: &ShareIdentity) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO rep_shares (token, rep_id, rep_name, from_day, to_day, shared_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            share.token.as_str(),
            share.rep.0,
            share.rep_name,
            to_day(share.from),
            to_day(share.to),
            to_utc_ms(share.shared),
        ],
    )?;
    Ok(())
}

/// The share issued under `token`, if this data file issued one.
pub fn get(conn: &Connection, token: &ShareToken) -> Result<Option<ShareIdentity>, StoreError> {
    let row = conn
        .query_row(
            "SELECT rep_id, rep_name, from_day, to_day, shared_utc_ms FROM rep_shares
             WHERE token = ?1",
            [token.as_str()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(rep, rep_name, from, to, shared)| {
        Ok(ShareIdentity {
            token: token.clone(),
            rep: RepId(rep),
            rep_name,
            from: from_day(from)?,
            to: from_day(to)?,
            shared: from_utc_ms(shared)?,
        })
    })
    .transpose()
}

/// When the newest rep file was shared with `rep`, so an import of an older one can say
/// that a newer one exists.
pub fn latest(conn: &Connection, rep: RepId) -> Result<Option<DateTime<Utc>>, StoreError> {
    let newest: Option<i64> = conn.query_row(
        "SELECT max(shared_utc_ms) FROM rep_shares WHERE rep_id = ?1",
        [rep.0],
        |r| r.get(0),
    )?;
    newest.map(from_utc_ms).transpose()
}
