//! A sync: connect as the manager the data file is linked to, check the server, then send
//! the outbox batch by batch, each acknowledged in the data file once the server has it.
//! A kill or a lost connection at any point leaves the unacknowledged units queued, and
//! sending them again changes nothing on the server.

use chrono::{DateTime, Utc};
use postgres::Client;

use super::address::{OrgAddress, PasswordSource};
use super::{OrgError, connect, publish, schema};
use crate::store::outbox::{self, OrgLink};

/// Units per batch: each batch is one PostgreSQL transaction and one acknowledgement.
pub const BATCH_UNITS: usize = 5000;

/// The address a linked file publishes to.
pub fn address_of(link: &OrgLink) -> Result<OrgAddress, OrgError> {
    OrgAddress::parse(&link.url, link.ca_file.as_deref().map(std::path::Path::new))
}

/// Connects as the linked login, with its password file or, failing that, `fallback`.
pub fn connect_link(link: &OrgLink, fallback: &PasswordSource) -> Result<Client, OrgError> {
    let address = address_of(link)?;
    let source = match &link.password_file {
        Some(file) => PasswordSource {
            file: Some(file.into()),
            prompt: false,
        },
        None => fallback.clone(),
    };
    let password = source.read(address.login())?;
    let mut client = connect::connect(&address, password.as_deref())?;
    schema::check(&mut client, address.login())?;
    Ok(client)
}

/// Whether the connection's login is a manager of the organization.
pub fn check_manager(client: &mut Client, login: &str) -> Result<(), OrgError> {
    let found = client
        .query_opt(
            "SELECT 1 FROM coachbook.managers WHERE login = current_user",
            &[],
        )
        .map_err(|e| OrgError::from_pg(e, login, "read the organization's managers"))?;
    match found {
        Some(_) => Ok(()),
        None => Err(OrgError::Refused(format!(
            "The login {login} is not a manager of this organization; whoever runs the server adds it with coachbook org add-manager."
        ))),
    }
}

/// What a sync did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub units_sent: u64,
    pub batches: u64,
}

/// Sends everything waiting in `store`'s outbox, `batch_units` units per transaction.
pub fn sync_store(
    store: &mut crate::store::Store,
    client: &mut Client,
    login: &str,
    batch_units: usize,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<SyncReport, OrgError> {
    let mut report = SyncReport::default();
    loop {
        let batch = outbox::next_batch(store.conn(), batch_units.max(1))?;
        if batch.is_empty() {
            return Ok(report);
        }
        publish::send(client, login, &batch)?;
        store.transact(|tx| outbox::acknowledge(tx, &batch.entries, now()))?;
        report.units_sent += batch.entries.len() as u64;
        report.batches += 1;
    }
}
