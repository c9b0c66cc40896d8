//! Sharing with a rep: the report, or the rep file whose token the data file keeps so a
//! returned file can be trusted.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::rep::RepId;
use crate::domain::rep_file::history::SharedHistory;
use crate::domain::rep_file::token::{ShareIdentity, ShareToken, TOKEN_BYTES};
use crate::export::{ShareError, ShareKind};
use crate::store::{self, Store};

/// What to share with whom: the period, both days included, and the file to write.
#[derive(Clone, Copy, Debug)]
pub struct ShareWith<'a> {
    pub rep: RepId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: ShareKind,
    pub path: &'a Path,
}

/// Writes a rep's report or rep file: the one way the window and the command line share.
/// A rep file gets a new random token, kept in the data file with the rep and the period
/// in the transaction that writes the file, so no rep file exists without its share and a
/// failed write issues nothing.
pub fn share_with_rep(
    store: &mut Store,
    share: ShareWith<'_>,
    now: DateTime<Utc>,
) -> Result<SharedHistory, ShareError> {
    if share.kind == ShareKind::Report {
        let history = store::rep_history::load(store.conn(), share.rep, share.from, share.to, now)?;
        crate::export::write_report(&history, share.path)?;
        return Ok(history);
    }
    let mut wrote = false;
    let result = store.transact(|tx| {
        let history = store::rep_history::load(tx, share.rep, share.from, share.to, now)?;
        let issued = ShareIdentity {
            token: new_token()?,
            rep: share.rep,
            rep_name: history.rep_name.clone(),
            from: share.from,
            to: share.to,
            shared: store::from_utc_ms(store::to_utc_ms(now))?,
        };
        store::rep_shares::record(tx, &issued)?;
        crate::repfile::write(&history, &issued.token, share.path)?;
        wrote = true;
        Ok(history)
    });
    if result.is_err() && wrote {
        // Its token was not kept, so no import would ever believe it.
        let _ = std::fs::remove_file(share.path);
    }
    result
}

/// A token no one can guess: 256 bits from the operating system's random source.
fn new_token() -> Result<ShareToken, ShareError> {
    use rand::TryRngCore;
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| ShareError::NoRandomness(e.to_string()))?;
    Ok(ShareToken::from_bytes(&bytes))
}
