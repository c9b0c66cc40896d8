//! Subcommands for what travels to and from a rep: the feedback report, the rep file, and
//! the answers a rep sends back.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};

use super::{DataFile, find_rep};
use crate::export::ShareKind;
use crate::export::terminal::shown;
use crate::ops::{Ops, ShareWith};

/// The period a report covers when none is given: the year up to today.
pub const DEFAULT_PERIOD_DAYS: i64 = 365;

/// Whose history, over which period, into which file.
#[derive(Debug, clap::Args)]
pub struct ShareArgs {
    /// The rep (the name as on the roster, any case).
    #[arg(long, value_name = "NAME")]
    rep: String,
    /// The file to write (.html for a report, .coachrep for a rep file).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// First day of the period (YYYY-MM-DD). Default: a year before --to.
    #[arg(long, value_name = "DATE")]
    from: Option<NaiveDate>,
    /// Last day of the period (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE")]
    to: Option<NaiveDate>,
}

/// Writes a rep's feedback report or rep file, as the rep page's "Share feedback" does.
pub fn share_command(
    path: &DataFile,
    args: &ShareArgs,
    kind: ShareKind,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = path.open_existing()?;
    let rep_id = find_rep(&store, path, &args.rep)?;
    let now = Utc::now();
    let to = args.to.unwrap_or_else(|| now.date_naive());
    let from = args
        .from
        .unwrap_or(to - chrono::Duration::days(DEFAULT_PERIOD_DAYS));
    if from > to {
        anyhow::bail!("The period starts ({from}) after it ends ({to}); swap the dates.");
    }
    let share = ShareWith {
        rep: rep_id,
        from,
        to,
        kind,
        path: &args.out,
    };
    let history = Ops::new(store, Box::new(crate::clock::SystemClock)).share(share)?;
    writeln!(
        out,
        "Wrote {}'s {} ({} sessions, {} observations) to {}.",
        shown(&history.rep_name),
        kind.noun(),
        history.sessions.len(),
        history.observations.len(),
        args.out.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn import_answers_command(
    path: &DataFile,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let returned = crate::repfile::read_returned(file)?;
    // Checked on the bare data file, so a refused file leaves it exactly as it was.
    let store = path.open_existing()?;
    let prepared = crate::ops::prepare_answers(store.conn(), &returned, Utc::now())?;
    if prepared.unchanged {
        writeln!(
            out,
            "{}'s {} are already imported; nothing changed.",
            shown(&prepared.rep_name),
            prepared.which_share()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut ops = Ops::new(store, Box::new(crate::clock::SystemClock));
    ops.apply(prepared.command())?;
    let a = &prepared.value.answers;
    writeln!(
        out,
        "Imported {}'s {}: {} self-ratings, {} reflections, {} topics, {} session ratings{}.",
        shown(&prepared.rep_name),
        prepared.which_share(),
        a.assessments.len(),
        a.reflections.len(),
        a.topics.len(),
        prepared.sessions_rated,
        if prepared.left_out > 0 {
            format!(
                " ({} about skills, commitments or sessions no longer here were left out)",
                prepared.left_out
            )
        } else {
            String::new()
        }
    )?;
    Ok(ExitCode::SUCCESS)
}
