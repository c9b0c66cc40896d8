//! The command line: no subcommand opens the window; subcommands serve automation and tests.

mod backup;
mod busy;
mod check;
mod coaching;
mod coaching_time;
mod crash;
mod data_file;
mod encryption;
mod exchange;
mod org;
mod org_answers;
mod org_demo;

pub use data_file::{DataFile, read_key_file};
pub use org_demo::{DEMO_LEADER, DEMO_REP};
mod org_framework;
mod org_report;
mod search;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Parser, Subcommand};

mod rep_file;

use crate::demo;
use crate::export::terminal::shown;
use crate::store::{self, Store};

#[derive(Debug, Parser)]
#[command(
    name = "coachbook",
    version,
    about = "Plan, run and follow one-to-one coaching of sales reps.",
    long_about = "Plan, run and follow one-to-one coaching of sales reps.\n\n\
                  Without a subcommand, Coachbook opens its window on the data file; given a \
                  rep file (.coachrep), it opens the rep's view of it."
)]
pub struct Cli {
    /// A rep file (.coachrep) to open in the rep view, or a data file to open.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// The data file. Default: coachbook.db in the platform's data folder.
    #[arg(long, global = true, env = "COACHBOOK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The data file's passphrase, when it is encrypted: a file holding it, readable by
    /// you alone. Without it, an encrypted file's passphrase is asked for.
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Open the organization's server instead of a data file: the leader's window (or,
    /// with --rep, a rep's own history). Written as postgres://LOGIN@HOST:PORT/DATABASE.
    #[arg(long, value_name = "URL", conflicts_with = "file")]
    pub org: Option<String>,

    /// With --org: open the rep's own shared history (the login is a rep's), where the rep
    /// answers as in a rep file; the answers reach the manager at their next sync.
    #[arg(long, requires = "org")]
    pub rep: bool,

    /// With --org: the CA certificate (PEM) of the server's certificate.
    #[arg(long, value_name = "FILE", requires = "org")]
    pub org_ca_file: Option<PathBuf>,

    /// With --org: a file holding the password, readable by you alone (else PGPASSWORD,
    /// or a prompt).
    #[arg(long, value_name = "FILE", requires = "org")]
    pub org_password_file: Option<PathBuf>,

    /// Print how long after the process started the first frame was drawn and the data had
    /// loaded, then close the window (for measuring start-up).
    #[arg(long, hide = true)]
    pub quit_after_first_frame: bool,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Write a realistic demo team (8 reps, 12 months of coaching) into a new or empty data file.
    Demo {
        /// The same seed always gives the same team.
        #[arg(long, default_value_t = demo::DEFAULT_SEED)]
        seed: u64,
        /// standard: 8 reps, one year. large: 50 reps, 40 skills, ten years, about
        /// 500,000 observations (for measuring performance). quarter: the large team's
        /// last 91 days.
        #[arg(long, value_enum, default_value_t = SizeArg::Standard)]
        size: SizeArg,
        /// Pretend today is this date (YYYY-MM-DD), for files that are the same byte for byte.
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Check the data file's integrity and print its schema version and row counts.
    Check,
    /// Print the proposed agenda of a rep's next session: per bucket, each point and why.
    Agenda {
        /// The rep, by name as on the roster (any case).
        #[arg(long, value_name = "NAME")]
        rep: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the skill figures of the heat map: level, target, gap, trend, ratings, flags.
    Gaps {
        /// Only this rep (the name as on the roster, any case).
        #[arg(long, value_name = "NAME")]
        rep: Option<String>,
        /// The figures as of this day (YYYY-MM-DD): later observations are left out.
        #[arg(long, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print each rep's minutes of held sessions in the last 30 and 90 days against the
    /// coaching-time goal (Settings; 45 minutes a week unless set), and the observations
    /// made of them.
    CoachingTime {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find every text that holds the words: session summaries, contracts and preparation,
    /// notes (private ones marked), talking points, commitments, observations, what reps
    /// wrote back, plans and rep names. Each word matches the start of a word, in any case,
    /// with or without accents.
    Search {
        /// The words to look for.
        #[arg(value_name = "QUERY")]
        query: String,
        /// Only this rep's texts (the name as on the roster, any case).
        #[arg(long, value_name = "NAME")]
        rep: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the coaching schedule (one rep's, or the team's) as an .ics calendar file:
    /// each event with an alarm and its session's upfront contract.
    ExportIcs {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only this rep's sessions (the name as on the roster, any case).
        #[arg(long, value_name = "NAME")]
        rep: Option<String>,
        /// List each rep with an email as an attendee; once the file is in your calendar,
        /// it can send them the invitations.
        #[arg(long)]
        invite_reps: bool,
        /// The alarm, in minutes before each session (0: none). Default: the reminder set
        /// in Settings, 15 minutes unless changed.
        #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(0..=1440))]
        alarm_mins: Option<u32>,
    },
    /// Write a rep's feedback report: one HTML file with only what was shared with them.
    Report(rep_file::ShareArgs),
    /// Write a rep file (.coachrep) for a rep to open in Coachbook and answer.
    Share(rep_file::ShareArgs),
    /// Import the self-assessment, reflections and topics from a rep file a rep sent back.
    ImportAnswers {
        /// The returned rep file (.coachrep).
        #[arg(long = "in", value_name = "FILE")]
        file: PathBuf,
    },
    /// Read your own calendar (an .ics file exported from Outlook, Google or Apple
    /// Calendar) as busy time: the week view shows it and scheduling steps around it.
    /// Only when you are busy is kept, unless --keep-titles.
    ImportBusy {
        /// The calendar file (.ics).
        #[arg(long = "in", value_name = "FILE")]
        file: PathBuf,
        /// Keep each event's title too, not only that you are busy.
        #[arg(long)]
        keep_titles: bool,
        /// Read the file again from the same place each time Coachbook starts.
        #[arg(long)]
        reread: bool,
    },
    /// Write every table as a CSV file (reps.csv, observations.csv, ...) into a folder.
    ExportCsv {
        /// The folder to write into; created when missing.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write the whole data file as one JSON archive, which import-json reads back exactly.
    ExportJson {
        /// The archive file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Fill a new or empty data file (no reps, sessions or observations) from a JSON archive.
    ImportJson {
        /// The archive to read, as written by export-json.
        #[arg(long = "in", value_name = "FILE")]
        file: PathBuf,
    },
    /// Add the reps of a CSV file (columns: name, role, email, start date), all or none.
    ImportRoster {
        /// The roster file; its first line names the columns.
        #[arg(long = "in", value_name = "FILE")]
        file: PathBuf,
        /// Only check the file and print its problems; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Back up the data file now into backups/ beside it, check the backup, and rotate
    /// older automatic ones out.
    Backup,
    /// Put a backup in place of the data file; the file as it was is kept as
    /// <name>.before-restore and backed up.
    Restore {
        /// The backup to restore (a file in the backups folder).
        #[arg(long, value_name = "BACKUP", required_unless_present = "latest")]
        from: Option<PathBuf>,
        /// Restore the newest backup of the data file.
        #[arg(long, conflicts_with = "from")]
        latest: bool,
    },
    /// Encrypt the data file (or a new one) with a passphrase, or give an encrypted file a
    /// new one: a checked copy takes its place, a backup is made first, and its backups are
    /// encrypted too.
    Encrypt {
        /// A file holding the new passphrase, readable by you alone. Without it, the
        /// passphrase is asked for twice.
        #[arg(long, value_name = "FILE")]
        new_key_file: Option<PathBuf>,
    },
    /// Turn an encrypted data file (and its backups) back into a plain one.
    Decrypt,
    /// The organization's shared server (PostgreSQL): set it up, add logins, link this
    /// data file and publish its shared rows.
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// For the crash-safety test: apply numbered commands from `--from` on, printing
    /// "ack N" after each commit, until killed.
    #[command(hide = true)]
    CrashWriter {
        #[arg(long, default_value_t = 0)]
        from: u64,
        #[arg(long)]
        count: Option<u64>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SizeArg {
    Standard,
    Large,
    Quarter,
}

impl From<SizeArg> for demo::DemoSize {
    fn from(size: SizeArg) -> demo::DemoSize {
        match size {
            SizeArg::Standard => demo::DemoSize::Standard,
            SizeArg::Large => demo::DemoSize::Large,
            SizeArg::Quarter => demo::DemoSize::Quarter,
        }
    }
}

/// Where the data file is: `--db` or `COACHBOOK_DB`, else the platform's data folder.
pub fn resolve_db(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match db {
        Some(path) => Ok(path),
        None => store::default_path().ok_or_else(|| {
            anyhow!("Coachbook could not find a data folder for this account; name a file with --db PATH.")
        }),
    }
}

/// An error as one message: each cause is added only when it says something the message
/// does not already say, so no sentence is repeated ("X.: X.").
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = sentence(err.as_ref());
    for cause in err.chain().skip(1) {
        let cause = sentence(cause);
        if cause.is_empty() || text.contains(&cause) {
            continue;
        }
        text.push_str(if text.ends_with('.') { " " } else { ": " });
        text.push_str(&cause);
    }
    text
}

/// One error's own words; SQLite's, meant for programmers, are said in a person's words.
fn sentence(err: &(dyn std::error::Error + 'static)) -> String {
    match err.downcast_ref::<rusqlite::Error>() {
        Some(sqlite) => format!(
            "Coachbook could not read or change the data file ({}).",
            store::sqlite_reason(sqlite)
        ),
        None => err.to_string(),
    }
}

/// Runs a subcommand; `Ok(None)` means "no subcommand: open the window".
pub fn run_command(cli: Cli, out: &mut dyn Write) -> anyhow::Result<Option<ExitCode>> {
    let Some(command) = cli.command else {
        return Ok(None);
    };
    let mut guard = crate::export::terminal::Guard::new(out);
    let out: &mut dyn Write = &mut guard;
    let path = DataFile::new(resolve_db(cli.db)?, cli.key_file);
    let code = match command {
        CliCommand::Demo { seed, size, today } => {
            let now = match today {
                Some(day) => fixed_now(day),
                None => Utc::now(),
            };
            demo_command(&path, seed, now, size.into(), out)?
        }
        CliCommand::Check => check::check_command(&path, out)?,
        CliCommand::ExportIcs {
            out: file,
            rep,
            invite_reps,
            alarm_mins,
        } => {
            let ask = IcsAsk {
                rep: rep.as_deref(),
                invite_reps,
                alarm_mins,
            };
            export_ics_command(&path, &file, ask, out)?
        }
        CliCommand::Report(args) => {
            rep_file::share_command(&path, &args, crate::export::ShareKind::Report, out)?
        }
        CliCommand::Share(args) => {
            rep_file::share_command(&path, &args, crate::export::ShareKind::RepFile, out)?
        }
        CliCommand::ImportAnswers { file } => rep_file::import_answers_command(&path, &file, out)?,
        CliCommand::Agenda { rep, json } => coaching::agenda(&path, &rep, json, out)?,
        CliCommand::Gaps { rep, as_of, json } => {
            coaching::gaps(&path, rep.as_deref(), as_of, json, out)?
        }
        CliCommand::CoachingTime { json } => coaching_time::coaching_time(&path, json, out)?,
        CliCommand::Search { query, rep, json } => {
            search::search(&path, &query, rep.as_deref(), json, out)?
        }
        CliCommand::ExportCsv { out: dir } => exchange::export_csv(&path, &dir, out)?,
        CliCommand::ExportJson { out: file } => exchange::export_json(&path, &file, out)?,
        CliCommand::ImportJson { file } => exchange::import_json(&path, &file, out)?,
        CliCommand::ImportRoster { file, dry_run } => {
            exchange::import_roster(&path, &file, dry_run, out)?
        }
        CliCommand::ImportBusy {
            file,
            keep_titles,
            reread,
        } => {
            let ask = busy::BusyAsk {
                keep_titles,
                reread,
            };
            busy::import_busy(&path, &file, ask, out)?
        }
        CliCommand::Backup => backup::backup(&path, out)?,
        CliCommand::Restore { from, .. } => backup::restore(&path, from, out)?,
        CliCommand::Encrypt { new_key_file } => {
            encryption::encrypt(&path, new_key_file.as_deref(), out)?
        }
        CliCommand::Decrypt => encryption::decrypt(&path, out)?,
        CliCommand::Org(command) => org::run(&path, command, out)?,
        CliCommand::CrashWriter { from, count } => crash::run(&path, from, count, out)?,
    };
    Ok(Some(code))
}

/// Late afternoon UTC on the given day: a stable "now" for reproducible demo files.
pub fn fixed_now(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN))
        .and_utc()
}

fn demo_command(
    path: &DataFile,
    seed: u64,
    now: DateTime<Utc>,
    size: demo::DemoSize,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let mut store = path.open()?;
    let summary = crate::ops::generate_demo_sized(&mut store, seed, now, size)?;
    writeln!(
        out,
        "Wrote the demo team to {}: {} reps, {} sessions, {} observations, {} commitments.",
        path.display(),
        summary.reps,
        summary.sessions,
        summary.observations,
        summary.commitments
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The rep called `name` (any case), or a sentence saying there is none.
pub(super) fn find_rep(
    store: &Store,
    path: &Path,
    name: &str,
) -> anyhow::Result<crate::domain::rep::RepId> {
    let wanted = crate::domain::text::fold_case(name);
    store::reps::list(store.conn())?
        .into_iter()
        .find(|r| crate::domain::text::fold_case(&r.name) == wanted)
        .map(|r| r.id)
        .ok_or_else(|| {
            anyhow!(
                "There is no rep called \"{}\" in {}.",
                shown(name),
                path.display()
            )
        })
}

/// What `export-ics` was asked for besides the file.
struct IcsAsk<'a> {
    rep: Option<&'a str>,
    invite_reps: bool,
    alarm_mins: Option<u32>,
}

fn export_ics_command(
    path: &DataFile,
    file: &Path,
    ask: IcsAsk<'_>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = path.open_existing()?;
    let rep_id = ask
        .rep
        .map(|name| find_rep(&store, path, name))
        .transpose()?;
    check::note_unreadable_cadences(&store)?;
    let alarm_mins = match ask.alarm_mins {
        Some(mins) => mins,
        None => store::meta::reminders(store.conn())?.before_mins,
    };
    let options = crate::export::ics::IcsOptions {
        rep: rep_id,
        alarm_mins,
        invite_reps: ask.invite_reps,
    };
    let text = crate::export::ics::export_with(store.conn(), &options, Utc::now())?;
    crate::files::write_bytes(file, text.as_bytes())?;
    let events = text.matches("BEGIN:VEVENT").count();
    writeln!(out, "Wrote {events} events to {}.", file.display())?;
    Ok(ExitCode::SUCCESS)
}
