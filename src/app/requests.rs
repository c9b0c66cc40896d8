//! Draining the request channel, once, at the end of the frame: each request is carried
//! out in the order it was pushed, and what came of it goes back as a reply.

use super::{App, Taken};
use crate::ui::{Origin, Reply, Request};

impl App {
    pub(super) fn drain_requests(&mut self, ctx: &egui::Context) {
        let mut repaint = false;
        for request in std::mem::take(&mut self.requests) {
            // Excerpts arrive from the query thread, which wakes the window itself.
            repaint |= !matches!(request, Request::Excerpts(_));
            self.carry_out(request);
        }
        if repaint {
            ctx.request_repaint();
        }
    }

    fn carry_out(&mut self, request: Request) {
        match request {
            Request::Apply(command, origin) => {
                let result = self.apply_step(command);
                self.answer(origin, result);
            }
            Request::Undo => {
                if let Some(result) = self.undo_step() {
                    self.answer(Origin::Other, result);
                }
            }
            Request::Redo => {
                if let Some(result) = self.redo_step() {
                    self.answer(Origin::Other, result);
                }
            }
            Request::Go(place) => self.state.go(place),
            Request::Back => self.state.back(),
            Request::Excerpts(ids) => self.ask_excerpts(ids),
            Request::ReadObservation(table, id) => self.read_observation(table, id),
            Request::SaveText(save) => self.save_text(save),
            Request::ExportCalendar(export) => self.write_calendar(export),
            Request::Share(share) => self.write_share(share),
            Request::ImportAnswers(path) => self.import_answers(&path),
            Request::OpenRepFile(path) => self.open_rep_file(&path),
            Request::CheckRoster(path) => self.check_roster(path),
            Request::ImportBusy(path) => self.import_busy(&path, false),
            Request::Exchange(job) => self.exchange.queue(job),
            Request::BackupNow => self.backups.manual_wanted(),
            Request::SyncNow => self.sync_now(),
            Request::Restore(backup) => {
                self.swap_wanted = Some(super::swap_job::Swap::Restore(backup));
            }
            Request::ChangePassphrase { to, remember } => {
                self.swap_wanted = Some(super::swap_job::Swap::Passphrase { to, remember });
            }
            Request::Keychain(remember) => self.keychain(remember),
            Request::Quit => self.quit_wanted = true,
        }
    }

    pub(super) fn answer<E: std::fmt::Display>(
        &mut self,
        origin: Origin,
        result: Result<Taken, E>,
    ) {
        let (result, undo) = match result {
            Ok(taken) => (Ok(taken.label), taken.undo),
            Err(err) => (Err(err.to_string()), None),
        };
        self.reply(Reply::Applied {
            origin,
            result,
            undo,
        });
    }
}
