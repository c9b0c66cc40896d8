//! `import-busy`: the manager's own calendar file read as busy time, which the week view
//! shows and scheduling steps around.

use super::DataFile;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;

use crate::clock::SystemClock;
use crate::domain::busy::BusySource;
use crate::exchange::busy_ics::{self, ReadAs};
use crate::export::terminal::shown;
use crate::ops::{Command, Ops};

/// What `import-busy` was asked for besides the file.
pub(super) struct BusyAsk {
    pub keep_titles: bool,
    pub reread: bool,
}

pub(super) fn import_busy(
    db: &DataFile,
    file: &Path,
    ask: BusyAsk,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = db.open_existing()?;
    let now = Utc::now();
    let how = ReadAs {
        zone: crate::clock::system_time_zone(),
        now,
        keep_titles: ask.keep_titles,
    };
    let read = busy_ics::read_file(file, how)?;
    for sentence in &read.skipped {
        writeln!(out, "{}", shown(sentence))?;
    }
    let source = BusySource {
        path: std::path::absolute(file)
            .ok()
            .map(|p| p.display().to_string()),
        reread: ask.reread,
        keep_titles: ask.keep_titles,
        read_at: Some(now),
    };
    let blocks = read.blocks.len();
    let mut ops = Ops::new(store, Box::new(SystemClock));
    ops.apply(Command::ReplaceBusy {
        blocks: read.blocks,
        source,
        at_start: false,
    })?;
    writeln!(
        out,
        "Read {} events from {}: {blocks} busy times in the coming six months, kept in {}.",
        read.events,
        shown(&file.display().to_string()),
        shown(&db.display().to_string())
    )?;
    Ok(ExitCode::SUCCESS)
}
