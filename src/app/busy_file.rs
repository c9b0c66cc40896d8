//! The manager's calendar file read as busy time, on a thread of its own (a hostile file
//! may take seconds): from the File menu, from Settings' "Read again", and at start when
//! Settings asks for it.

use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::App;
use crate::domain::busy::BusySource;
use crate::exchange::busy_ics::{self, BusyRead, ReadAs};
use crate::ops::Command;
use crate::ui::{Origin, Reply};

/// A calendar file being read, and what its busy time will be kept with.
pub(super) struct BusyJob {
    answer: Receiver<Result<BusyRead, String>>,
    source: BusySource,
    at_start: bool,
}

impl App {
    /// Starts reading `path`; its busy time replaces the old one when the thread is done.
    pub(super) fn import_busy(&mut self, path: &Path, at_start: bool) {
        if self.busy_job.is_some() {
            self.reply(Reply::Info(
                "Coachbook is still reading a calendar file; try again in a moment.".to_owned(),
            ));
            return;
        }
        let clock = self.ops.clock();
        let how = ReadAs {
            zone: clock.time_zone(),
            now: clock.now(),
            keep_titles: self.caches.busy_source.keep_titles,
        };
        let source = BusySource {
            path: Some(path.display().to_string()),
            read_at: Some(how.now),
            ..self.caches.busy_source.clone()
        };
        let (tx, answer) = channel();
        let path = path.to_owned();
        let spawned = std::thread::Builder::new()
            .name("calendar-file".into())
            .spawn(move || {
                let read = busy_ics::read_file(&path, how).map_err(|e| e.to_string());
                let _ = tx.send(read);
            });
        match spawned {
            Ok(_) => {
                self.busy_job = Some(BusyJob {
                    answer,
                    source,
                    at_start,
                })
            }
            Err(err) => self.reply(Reply::Error(format!(
                "Coachbook could not start reading the calendar file: {err}."
            ))),
        }
    }

    /// Takes in the calendar file once read: its busy time replaces the old in one step.
    pub(super) fn take_busy_read(&mut self) {
        let Some(job) = self.busy_job.as_ref() else {
            return;
        };
        let read = match job.answer.try_recv() {
            Ok(read) => read,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("The calendar file could not be read.".into()),
        };
        let Some(job) = self.busy_job.take() else {
            return;
        };
        let read = match read {
            Ok(read) => read,
            Err(message) => {
                self.reply(Reply::Error(message));
                return;
            }
        };
        let skipped = read.skipped.join(" ");
        let command = Command::ReplaceBusy {
            blocks: read.blocks,
            source: job.source,
            at_start: job.at_start,
        };
        let result = self.apply_step(command);
        match result {
            Ok(taken) => {
                let label = if skipped.is_empty() {
                    taken.label
                } else {
                    format!("{}. {skipped}", taken.label)
                };
                self.reply(Reply::Applied {
                    origin: Origin::Other,
                    result: Ok(label),
                    undo: taken.undo,
                });
            }
            Err(err) => self.reply(Reply::Error(err.to_string())),
        }
    }

    pub(super) fn is_reading_busy(&self) -> bool {
        self.busy_job.is_some()
    }

    /// At start, the calendar file again when Settings asks for it, in the window that
    /// writes the file.
    pub(super) fn reread_busy_at_start(&mut self) {
        let source = &self.caches.busy_source;
        let writes = self.ops.store().read_only_reason().is_none();
        if let (true, true, Some(path)) = (writes, source.reread, source.path.clone()) {
            self.import_busy(Path::new(&path), true);
        }
    }
}
