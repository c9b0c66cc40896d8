//! `coachbook org publish-framework`, and the framework pull at the start of
//! `coachbook org sync`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use super::org::ServerArgs;
use crate::clock::SystemClock;
use crate::domain::framework::Framework;
use crate::export::terminal::shown;
use crate::ops::{Command, Ops};
use crate::org::framework;
use crate::store::{Store, org_framework};

pub(super) fn publish(
    server: &ServerArgs,
    from: Option<&Path>,
    from_db: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let framework = match (from, from_db) {
        (Some(file), _) => crate::exchange::framework_file::read(file)?,
        (None, Some(db)) => {
            let store = super::DataFile::new(db.to_owned(), None).open_read_only()?;
            crate::store::framework::load(store.conn())?.to_framework()
        }
        (None, None) => {
            return Err(anyhow::anyhow!(
                "Name the framework to publish: --from FILE.toml or --from-db PATH."
            ));
        }
    };
    // A data file's framework is held to the same rules as a file's.
    let framework = Framework::from_toml(&framework.to_toml()?)?;
    let (address, mut client) = super::org::connect(server)?;
    crate::org::schema::check(&mut client, address.login())?;
    let version = framework::publish(&mut client, address.login(), &framework, Utc::now())?;
    writeln!(
        out,
        "Published the organization's framework as version {version} ({} skills) to {}; managers take it in at their next sync.",
        framework.skills.len(),
        shown(address.shown())
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Takes in the organization's framework when the server has a newer one; says what it
/// did, if anything.
pub(super) fn pull(
    store: Store,
    client: &mut postgres::Client,
    login: &str,
) -> anyhow::Result<(Store, Option<String>)> {
    let known = org_framework::version(store.conn())?;
    let Some((version, framework)) = framework::newer(client, login, known)? else {
        return Ok((store, None));
    };
    let mut ops = Ops::new(store, Box::new(SystemClock));
    let done = ops.apply(Command::AdoptOrgFramework { version, framework })?;
    Ok((ops.into_store(), Some(done.label)))
}
