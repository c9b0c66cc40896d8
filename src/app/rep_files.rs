//! The app's side of sharing with a rep: writing the report or rep file a screen asked
//! for, importing a returned rep file, and reading the open rep's answers.

use std::path::Path;

use super::App;
use crate::ops::{ShareWith, prepare_answers};
use crate::store;
use crate::ui::{Origin, RepTab, Reply, ShareRequest};

impl App {
    pub(super) fn write_share(&mut self, request: ShareRequest) {
        let share = ShareWith {
            rep: request.rep,
            from: request.from,
            to: request.to,
            kind: request.kind,
            path: &request.path,
        };
        match self.ops.share(share) {
            Ok(history) => {
                self.reply(Reply::Shared);
                self.reply(Reply::Info(format!(
                    "Saved {}'s {} ({} sessions, {} shared observations) to {}",
                    history.rep_name,
                    request.kind.noun(),
                    history.sessions.len(),
                    history.observations.len(),
                    request.path.display()
                )));
            }
            Err(err) => self.reply(Reply::Error(err.to_string())),
        }
    }

    /// Reads a returned rep file and imports its answers as one undoable command; the
    /// same file again changes nothing.
    pub(super) fn import_answers(&mut self, path: &Path) {
        let prepared = crate::repfile::read_returned(path)
            .map_err(anyhow::Error::from)
            .and_then(|file| {
                prepare_answers(self.ops.store().conn(), &file, self.ops.clock().now())
                    .map_err(anyhow::Error::from)
            });
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(err) => return self.reply(Reply::Error(err.to_string())),
        };
        self.reply(Reply::AnswersRead(prepared.rep));
        if prepared.unchanged {
            return self.reply(Reply::Info(format!(
                "{}'s {} are already imported; nothing changed.",
                prepared.rep_name,
                prepared.which_share()
            )));
        }
        let left_out = prepared.left_out;
        let which = prepared.which_share();
        // Through `Applied`, so that the toast offers the undo the import recorded.
        let reply = match self.apply_step(prepared.command()) {
            Ok(taken) => {
                let label = taken.label;
                let text = if left_out > 0 {
                    format!(
                        "{label}, {which} ({left_out} answers about skills, commitments or sessions no longer here were left out)"
                    )
                } else {
                    format!("{label}, {which}")
                };
                Reply::Applied {
                    origin: Origin::Other,
                    result: Ok(text),
                    undo: taken.undo,
                }
            }
            Err(err) => Reply::Error(err.to_string()),
        };
        self.reply(reply);
    }

    /// Opens a rep file in the rep view: a separate Coachbook window, so the rep's view
    /// never shares a process with the manager's screens.
    pub(super) fn open_rep_file(&mut self, path: &Path) {
        let result = crate::repfile::read(path)
            .map_err(anyhow::Error::from)
            .and_then(|_| {
                let exe = std::env::current_exe()?;
                let mut child = std::process::Command::new(exe).arg(path).spawn()?;
                // Reaped when it closes, so it does not linger as a zombie.
                std::thread::spawn(move || child.wait());
                Ok(())
            });
        self.reply(match result {
            Ok(()) => Reply::Info(format!("Opening {} in the rep view", path.display())),
            Err(err) => Reply::Error(format!("{err:#}")),
        });
    }

    /// Reads the open rep's answers when a tab that shows them is open.
    pub(super) fn load_answers(&mut self, ctx: &egui::Context) {
        let Some(page) = self.state.team.open_rep.as_ref() else {
            return;
        };
        if !matches!(
            page.tab,
            RepTab::Calibration | RepTab::Commitments | RepTab::Plan
        ) || self
            .caches
            .answers
            .as_ref()
            .is_some_and(|(r, _)| *r == page.rep)
        {
            return;
        }
        let rep = page.rep;
        let conn = self.ops.store().conn();
        let read = store::rep_answers::get(conn, rep)
            .and_then(|answers| Ok((answers, store::rep_answers::rated_sessions(conn, rep)?)));
        match read {
            Ok((answers, rated)) => {
                self.caches.answers = Some((rep, answers));
                self.caches.rated_sessions = Some((rep, rated));
            }
            Err(err) => {
                self.reply(Reply::Error(err.to_string()));
                self.caches.answers = Some((rep, Default::default()));
                self.caches.rated_sessions = Some((rep, Vec::new()));
            }
        }
        ctx.request_repaint();
    }
}
