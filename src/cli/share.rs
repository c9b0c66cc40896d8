//! Subcommands for what travels to and from a rep: the feedback report, the rep file, and
//! the answers a rep sends back.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{NaiveDate, Utc};

use super::{find_rep, open_existing};
use crate::app::Command;
use crate::domain::shared::SharedHistory;
use crate::store::{self, Store};

/// The period a report covers when none is given: the year up to today.
pub const DEFAULT_PERIOD_DAYS: i64 = 365;

fn history(
    store: &Store,
    path: &Path,
    rep: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> anyhow::Result<SharedHistory> {
    let rep_id = find_rep(store, path, rep)?;
    let now = Utc::now();
    let to = to.unwrap_or_else(|| now.date_naive());
    let from = from.unwrap_or(to - chrono::Duration::days(DEFAULT_PERIOD_DAYS));
    if from > to {
        anyhow::bail!("The period starts ({from}) after it ends ({to}); swap the dates.");
    }
    Ok(store::shared::load(store.conn(), rep_id, from, to, now)?)
}

pub fn report_command(
    path: &Path,
    rep: &str,
    file: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = open_existing(path)?;
    let history = history(&store, path, rep, from, to)?;
    let html = crate::export::report::render(&history)?;
    crate::export::write_private(file, html.as_bytes())
        .with_context(|| format!("{} could not be written", file.display()))?;
    writeln!(
        out,
        "Wrote {}'s feedback report ({} sessions, {} observations) to {}.",
        history.rep_name,
        history.sessions.len(),
        history.observations.len(),
        file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn share_command(
    path: &Path,
    rep: &str,
    file: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = open_existing(path)?;
    let history = history(&store, path, rep, from, to)?;
    crate::repfile::write(&history, file)?;
    writeln!(
        out,
        "Wrote {}'s rep file ({} sessions, {} observations) to {}.",
        history.rep_name,
        history.sessions.len(),
        history.observations.len(),
        file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn import_answers_command(
    path: &Path,
    file: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let rep_file = crate::repfile::read(file)?;
    let mut app = crate::app::App::new(open_existing(path)?, Box::new(crate::clock::SystemClock))?;
    let prepared = crate::app::prepare_answers(app.store().conn(), &rep_file, Utc::now())?;
    if prepared.unchanged {
        writeln!(
            out,
            "{}'s answers are already imported; nothing changed.",
            prepared.rep_name
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let command: Command = prepared.command();
    app.apply(command)?;
    let a = &prepared.value.answers;
    writeln!(
        out,
        "Imported {}'s answers: {} self-ratings, {} reflections, {} topics{}.",
        prepared.rep_name,
        a.assessments.len(),
        a.reflections.len(),
        a.topics.len(),
        if prepared.left_out > 0 {
            format!(
                " ({} about skills or commitments no longer here were left out)",
                prepared.left_out
            )
        } else {
            String::new()
        }
    )?;
    Ok(ExitCode::SUCCESS)
}
