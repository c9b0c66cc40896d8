//! `coachbook org ...`: setting up an organization's server, its logins, and linking a
//! data file to it. Passwords never come from the command line: a file only its owner
//! can read, PGPASSWORD, or a prompt.

use super::DataFile;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::Utc;
use clap::{Args, Subcommand};

use crate::domain::text::{Lines, clean, tidy};
use crate::export::terminal::shown;
use crate::org::people::{self, Person};
use crate::org::{OrgAddress, PasswordSource, schema, sync};
use crate::store::outbox::{self, OrgLink};

/// The server and how to log in to it.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The server, as postgres://LOGIN@HOST:PORT/DATABASE (add ?sslmode=require for TLS).
    #[arg(long, env = "COACHBOOK_ORG_URL", value_name = "URL")]
    pub url: String,
    /// The CA certificate (PEM) that signed the server's certificate, when it is not one
    /// this computer trusts already.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// A file holding the login's password on its first line, readable by you alone.
    /// Without it: PGPASSWORD, or a prompt.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

/// A new login and the file holding its first password.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The new login's name on the server.
    #[arg(long, value_name = "LOGIN")]
    pub login: String,
    /// A file holding the new login's password, readable by you alone. Without it, the
    /// password is asked for twice.
    #[arg(long, value_name = "FILE")]
    pub new_password_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create or upgrade the organization on the server: its schema, row-level security
    /// and group roles. Run as the server's administrator.
    Init(ServerArgs),
    /// Create a manager's login.
    AddManager {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        new: LoginArgs,
        /// The manager's name as people know it.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The leader the manager reports to (their login).
        #[arg(long, value_name = "LOGIN")]
        leader: Option<String>,
    },
    /// Create a leader's login: a leader reads the roll-ups of their managers' teams.
    AddLeader {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        new: LoginArgs,
        /// The leader's name as people know it.
        #[arg(long, value_name = "NAME")]
        name: String,
    },
    /// Create a rep's login: a rep reads only their own shared history.
    AddRep {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        new: LoginArgs,
        /// The rep's manager (their login); the manager must have published.
        #[arg(long, value_name = "LOGIN")]
        manager: String,
        /// The rep's name as on the manager's roster (any case).
        #[arg(long, value_name = "NAME")]
        rep: String,
    },
    /// Create enablement's login: enablement publishes the organization's framework.
    AddEnablement {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        new: LoginArgs,
        /// The person's name as people know it.
        #[arg(long, value_name = "NAME")]
        name: String,
    },
    /// Publish the organization's framework (as enablement): a framework file, or the
    /// framework of a data file. Every joined manager takes it in at their next sync.
    PublishFramework {
        #[command(flatten)]
        server: ServerArgs,
        /// A framework file, in the format of assets/framework.toml.
        #[arg(
            long,
            value_name = "FILE.toml",
            conflicts_with = "from_db",
            required_unless_present = "from_db"
        )]
        from: Option<PathBuf>,
        /// A data file whose framework (its skills in use) is published.
        #[arg(long, value_name = "PATH")]
        from_db: Option<PathBuf>,
    },
    /// The leader's figures across the teams of their managers: coverage, the longest
    /// waits, training needs and calibration (as the leader).
    Report {
        #[command(flatten)]
        server: ServerArgs,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Count as if today were this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
    },
    /// Fill a server of your own with a demo organization to measure against: a leader
    /// (demo_leader) and N managers, each with ten years of a 10-rep team, published.
    Demo {
        #[command(flatten)]
        server: ServerArgs,
        /// How many managers.
        #[arg(long, default_value_t = 50)]
        managers: usize,
        /// Where the managers' data files and the demo logins' password file go.
        #[arg(long, value_name = "FOLDER")]
        folder: PathBuf,
        /// Count as if today were this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        today: Option<chrono::NaiveDate>,
    },
    /// Link the data file to the organization as the URL's login (a manager): everything
    /// shared is queued and the next sync publishes it.
    Join(ServerArgs),
    /// Send what waits in the data file's outbox to the organization's server.
    Sync {
        /// A file holding the password, when the link names none.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Units per server transaction (smaller batches for the kill tests).
        #[arg(long, hide = true, default_value_t = sync::BATCH_UNITS)]
        batch_units: usize,
    },
    /// Say whether the data file is linked, to where, and how much waits to be sent.
    Status,
    /// Unlink the data file: nothing more is queued or sent. What the server holds stays.
    Leave,
}

pub(super) fn run(
    db: &DataFile,
    command: OrgCommand,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    match command {
        OrgCommand::Init(server) => init(&server, out),
        OrgCommand::AddManager {
            server,
            new,
            name,
            leader,
        } => add(&server, &new, &name, Person::Manager { leader }, out),
        OrgCommand::AddLeader { server, new, name } => {
            add(&server, &new, &name, Person::Leader, out)
        }
        OrgCommand::AddRep {
            server,
            new,
            manager,
            rep,
        } => {
            let person = Person::Rep {
                manager,
                rep: rep.clone(),
            };
            add(&server, &new, &rep, person, out)
        }
        OrgCommand::AddEnablement { server, new, name } => {
            add(&server, &new, &name, Person::Enablement, out)
        }
        OrgCommand::PublishFramework {
            server,
            from,
            from_db,
        } => super::org_framework::publish(&server, from.as_deref(), from_db.as_deref(), out),
        OrgCommand::Report {
            server,
            json,
            today,
        } => super::org_report::run(&server, json, today, out),
        OrgCommand::Demo {
            server,
            managers,
            folder,
            today,
        } => super::org_demo::run(&server, managers, &folder, today, out),
        OrgCommand::Join(server) => join(db, &server, out),
        OrgCommand::Sync {
            password_file,
            batch_units,
        } => sync_command(db, password_file, batch_units, out),
        OrgCommand::Status => status(db, out),
        OrgCommand::Leave => leave(db, out),
    }
}

fn address(server: &ServerArgs) -> anyhow::Result<OrgAddress> {
    Ok(OrgAddress::parse(&server.url, server.ca_file.as_deref())?)
}

pub(super) fn connect(server: &ServerArgs) -> anyhow::Result<(OrgAddress, postgres::Client)> {
    let address = address(server)?;
    let source = PasswordSource {
        file: server.password_file.clone(),
        prompt: true,
    };
    let password = source.read(address.login())?;
    let client = crate::org::connect(&address, password.as_deref())?;
    Ok((address, client))
}

fn init(server: &ServerArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let (address, mut client) = connect(server)?;
    let upgrade = schema::init(&mut client, address.login())?;
    let said = if upgrade.from == upgrade.to {
        format!("was already at schema {}", upgrade.to)
    } else if upgrade.from == 0 {
        format!("is set up (schema {})", upgrade.to)
    } else {
        format!("went from schema {} to {}", upgrade.from, upgrade.to)
    };
    writeln!(
        out,
        "The organization at {} {said}.",
        shown(address.shown())
    )?;
    Ok(ExitCode::SUCCESS)
}

fn add(
    server: &ServerArgs,
    new: &LoginArgs,
    name: &str,
    person: Person,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    people::check_login(&new.login)?;
    let name = tidy(&clean(name, Lines::One));
    if name.is_empty() {
        return Err(anyhow!(
            "The name is empty; give the person's name with --name."
        ));
    }
    let password = new_password(new)?;
    let (address, mut client) = connect(server)?;
    schema::check(&mut client, address.login())?;
    people::add(
        &mut client,
        address.login(),
        &new.login,
        &name,
        &person,
        &password,
    )?;
    let what = match person {
        Person::Manager { .. } => "manager",
        Person::Leader => "leader",
        Person::Rep { .. } => "rep",
        Person::Enablement => "enablement",
    };
    writeln!(
        out,
        "Added the {what} login {} for {}.",
        shown(&new.login),
        shown(&name)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The new login's password: from its file, or typed twice.
fn new_password(new: &LoginArgs) -> anyhow::Result<String> {
    if let Some(file) = &new.new_password_file {
        return Ok(crate::org::read_password_file(file)?);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(anyhow!(
            "Give the new login's password in a file only you can read, with --new-password-file."
        ));
    }
    let first = rpassword::prompt_password(format!("New password for {}: ", new.login))?;
    let again = rpassword::prompt_password("The same password again: ")?;
    if first != again {
        return Err(anyhow!("The two passwords differ; nothing was created."));
    }
    if first.chars().count() < 12 {
        return Err(anyhow!(
            "A password needs at least 12 characters; nothing was created."
        ));
    }
    Ok(first)
}

fn join(db: &DataFile, server: &ServerArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut store = db.open_existing()?;
    let (address, mut client) = connect(server)?;
    schema::check(&mut client, address.login())?;
    sync::check_manager(&mut client, address.login())?;
    let link = OrgLink {
        url: address.shown().to_owned(),
        login: address.login().to_owned(),
        ca_file: absolute(server.ca_file.as_deref()),
        password_file: absolute(server.password_file.as_deref()),
        joined: Utc::now(),
        synced: None,
    };
    store.transact(|tx| outbox::join(tx, &link))?;
    let waiting = outbox::waiting(store.conn())?;
    writeln!(
        out,
        "Linked {} to {} as {}: {waiting} shared items wait to be published (coachbook org sync).",
        shown(&db.display().to_string()),
        shown(address.shown()),
        shown(address.login())
    )?;
    Ok(ExitCode::SUCCESS)
}

fn absolute(path: Option<&Path>) -> Option<String> {
    path.map(|p| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_owned())
            .display()
            .to_string()
    })
}

fn linked(store: &crate::store::Store, db: &DataFile) -> anyhow::Result<OrgLink> {
    outbox::link(store.conn())?.ok_or_else(|| {
        anyhow!(
            "{} is not linked to an organization; link it with coachbook org join --url URL.",
            db.display()
        )
    })
}

fn sync_command(
    db: &DataFile,
    password_file: Option<PathBuf>,
    batch_units: usize,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = db.open_existing()?;
    let link = linked(&store, db)?;
    let fallback = PasswordSource {
        file: password_file,
        prompt: true,
    };
    let mut client = sync::connect_link(&link, &fallback)?;
    let (mut store, pulled) = super::org_framework::pull(store, &mut client, &link.login)?;
    if let Some(pulled) = pulled {
        writeln!(out, "{}.", shown(&pulled))?;
    }
    let report = sync::sync_store(&mut store, &mut client, &link.login, batch_units, Utc::now)?;
    let (_, taken_in) = super::org_answers::pull(store, &mut client, &link.login)?;
    for line in taken_in {
        writeln!(out, "{line}.")?;
    }
    let batches = match report.batches {
        1 => "1 batch".to_owned(),
        n => format!("{n} batches"),
    };
    writeln!(
        out,
        "Published {} shared items to {} in {batches}; nothing waits.",
        report.units_sent,
        shown(&link.url),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn status(db: &DataFile, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let store = db.open_existing()?;
    let Some(link) = outbox::link(store.conn())? else {
        writeln!(
            out,
            "{} is not linked to an organization.",
            shown(&db.display().to_string())
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    let waiting = outbox::waiting(store.conn())?;
    let synced = match link.synced {
        Some(at) => format!("last in step {}", at.format("%Y-%m-%d %H:%M UTC")),
        None => "never synced".to_owned(),
    };
    writeln!(
        out,
        "Linked to {} as {}; {synced}; {waiting} shared items wait.",
        shown(&link.url),
        shown(&link.login)
    )?;
    Ok(ExitCode::SUCCESS)
}

fn leave(db: &DataFile, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut store = db.open_existing()?;
    let link = linked(&store, db)?;
    store.transact(outbox::leave)?;
    writeln!(
        out,
        "Unlinked {} from {}; what the server holds stays there.",
        shown(&db.display().to_string()),
        shown(&link.url)
    )?;
    Ok(ExitCode::SUCCESS)
}
