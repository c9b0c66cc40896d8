//! The manager's calendar file read as busy time: from the File menu, from Settings'
//! "Read again", and at start when Settings asks for it.

use std::path::Path;

use super::App;
use crate::domain::busy::BusySource;
use crate::exchange::busy_ics::{self, ReadAs};
use crate::ops::Command;
use crate::ui::{Origin, Reply, Request};

impl App {
    /// Reads `path` and replaces the busy time with what it holds, as one undoable step;
    /// a file that cannot be read leaves the busy time as it was, with a sentence.
    pub(super) fn import_busy(&mut self, path: &Path) {
        let clock = self.ops.clock();
        let source = &self.caches.busy_source;
        let how = ReadAs {
            zone: clock.time_zone(),
            now: clock.now(),
            keep_titles: source.keep_titles,
        };
        let read = match busy_ics::read_file(path, how) {
            Ok(read) => read,
            Err(err) => {
                self.reply(Reply::Error(err.to_string()));
                return;
            }
        };
        let source = BusySource {
            path: Some(path.display().to_string()),
            read_at: Some(how.now),
            ..source.clone()
        };
        let skipped = read.skipped.join(" ");
        let command = Command::ReplaceBusy {
            blocks: read.blocks,
            source,
        };
        let result = self.apply_step(command);
        self.answer_busy(result, &skipped);
    }

    fn answer_busy(
        &mut self,
        result: Result<super::Taken, crate::ops::CommandError>,
        skipped: &str,
    ) {
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

    /// At start, the calendar file again when Settings asks for it.
    pub(super) fn reread_busy_at_start(&mut self) {
        let source = &self.caches.busy_source;
        if let (true, Some(path)) = (source.reread, source.path.clone()) {
            self.requests.push(Request::ImportBusy(path.into()));
        }
    }
}
