//! `coachbook org demo`: an organization to measure against, on a server of one's own:
//! enablement's framework (the shipped one), a leader, and N managers, each with ten
//! years of a 10-rep team written to a data file, linked and published in full. The
//! first publish of each file is timed: it is the benchmark's "first publish" figure.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};

use super::org::ServerArgs;
use crate::demo::DemoSize;
use crate::domain::framework::Framework;
use crate::org::people::{self, Person};
use crate::org::{OrgAddress, PasswordSource, framework, schema, sync};
use crate::store::Store;
use crate::store::outbox::{self, OrgLink};

/// The leader every demo manager reports to.
pub const DEMO_LEADER: &str = "demo_leader";
/// The rep login of the first manager's first rep, to open the rep view online.
pub const DEMO_REP: &str = "demo_r01";

pub(super) fn run(
    server: &ServerArgs,
    managers: usize,
    folder: &Path,
    today: Option<NaiveDate>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let (address, mut admin) = super::org::connect(server)?;
    schema::init(&mut admin, address.login())?;
    crate::files::ensure_dir(folder)?;
    let password_file = folder.join("password");
    let password = demo_password(&password_file)?;
    let now = today.map_or_else(Utc::now, crate::cli::fixed_now);
    framework::publish(
        &mut admin,
        address.login(),
        &Framework::default_framework()?,
        now,
    )?;
    people::add(
        &mut admin,
        address.login(),
        DEMO_LEADER,
        "Demo Leader",
        &Person::Leader,
        &password,
    )?;
    writeln!(
        out,
        "Leader {DEMO_LEADER}; every demo login's password is in {}.",
        password_file.display()
    )?;
    for n in 1..=managers {
        let login = format!("demo_m{n:02}");
        let leader = Some(DEMO_LEADER.to_owned());
        people::add(
            &mut admin,
            address.login(),
            &login,
            &format!("Manager {n:02}"),
            &Person::Manager { leader },
            &password,
        )?;
        let path = folder.join(format!("{login}.db"));
        let mut store = Store::open(&path)?;
        crate::ops::generate_demo_sized(&mut store, n as u64, now, DemoSize::OrgTeam)?;
        let started = Instant::now();
        let units = publish_team(&address.as_login(&login), store, &password_file, now)?;
        writeln!(
            out,
            "{login}: first publish of {units} shared items in {:.1} s ({}).",
            started.elapsed().as_secs_f64(),
            path.display()
        )?;
        if n == 1 {
            add_demo_rep(&mut admin, address.login(), &login, &path, &password, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A rep login for the first rep of `manager`'s file at `path`.
fn add_demo_rep(
    admin: &mut postgres::Client,
    admin_login: &str,
    manager: &str,
    path: &Path,
    password: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let store = Store::open_read_only(path)?;
    let Some(rep) = crate::store::reps::list(store.conn())?.into_iter().next() else {
        return Ok(());
    };
    let person = Person::Rep {
        manager: manager.to_owned(),
        rep: rep.name.clone(),
    };
    people::add(admin, admin_login, DEMO_REP, &rep.name, &person, password)?;
    writeln!(
        out,
        "Rep {DEMO_REP} reads {}'s history (coachbook --org URL --rep).",
        crate::export::terminal::shown(&rep.name)
    )?;
    Ok(())
}

/// A new random password, kept in `file` (owner-only), or the one a previous run kept.
fn demo_password(file: &Path) -> anyhow::Result<String> {
    if file.exists() {
        return Ok(crate::org::read_password_file(file)?);
    }
    use rand::TryRngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| anyhow::anyhow!("No random password could be made: {e}."))?;
    let password: String = bytes.iter().map(|b| char::from(b'a' + b % 26)).collect();
    let mut f = crate::files::create_new(file)?;
    writeln!(f, "{password}")?;
    Ok(password)
}

/// Links the file as `address`'s login, takes in the framework and publishes
/// everything, as a manager's first `org sync` does; the units sent.
fn publish_team(
    address: &OrgAddress,
    mut store: Store,
    password_file: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let link = OrgLink {
        url: address.shown().to_owned(),
        login: address.login().to_owned(),
        ca_file: address.ca_file().map(|p| p.display().to_string()),
        password_file: Some(std::path::absolute(password_file)?.display().to_string()),
        joined: now,
        synced: None,
    };
    store.transact(|tx| outbox::join(tx, &link))?;
    let none = PasswordSource {
        file: None,
        prompt: false,
    };
    let mut client = sync::connect_link(&link, &none)?;
    let (mut store, _) = super::org_framework::pull(store, &mut client, &link.login)?;
    let report = sync::sync_store(
        &mut store,
        &mut client,
        &link.login,
        sync::BATCH_UNITS,
        Utc::now,
    )?;
    Ok(report.units_sent)
}
