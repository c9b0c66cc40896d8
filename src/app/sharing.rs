//! The app's side of sharing with a rep: writing the report or rep file a screen asked
//! for, importing a returned rep file, and reading the open rep's answers.

use super::App;
use crate::ops::ShareWith;
use crate::store;
use crate::ui::{self, RepTab};

impl App {
    pub(super) fn write_share(&mut self, ctx: &egui::Context) {
        let Some(request) = self.state.share_request.take() else {
            return;
        };
        let now = ctx.input(|i| i.time);
        let share = ShareWith {
            rep: request.rep,
            from: request.from,
            to: request.to,
            kind: request.kind,
            path: &request.path,
        };
        let result = self.ops.share(share);
        self.state.toast = Some(match result {
            Ok(history) => {
                self.state.team.share = None;
                ui::Toast::info(
                    format!(
                        "Saved {}'s {} ({} sessions, {} shared observations) to {}",
                        history.rep_name,
                        request.kind.noun(),
                        history.sessions.len(),
                        history.observations.len(),
                        request.path.display()
                    ),
                    now,
                )
            }
            Err(err) => ui::Toast::error(err.to_string(), now),
        });
    }

    /// Reads a returned rep file and imports its answers as one undoable command; the
    /// same file again changes nothing.
    pub(super) fn import_answers(&mut self, ctx: &egui::Context) {
        let Some(path) = self.state.answers_request.take() else {
            return;
        };
        let now = ctx.input(|i| i.time);
        let prepared = crate::repfile::read_returned(&path)
            .map_err(anyhow::Error::from)
            .and_then(|file| {
                super::prepare_answers(self.ops.store().conn(), &file, self.ops.clock().now())
                    .map_err(anyhow::Error::from)
            });
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(err) => {
                self.state.toast = Some(ui::Toast::error(err.to_string(), now));
                return;
            }
        };
        if let Some(page) = self
            .state
            .team
            .open_rep
            .as_mut()
            .filter(|p| p.rep == prepared.rep)
        {
            page.tab = RepTab::Calibration;
        }
        if prepared.unchanged {
            self.state.toast = Some(ui::Toast::info(
                format!(
                    "{}'s {} are already imported; nothing changed.",
                    prepared.rep_name,
                    prepared.which_share()
                ),
                now,
            ));
            return;
        }
        let left_out = prepared.left_out;
        let which = prepared.which_share();
        self.state.toast = Some(match self.apply(prepared.command()) {
            Ok(label) if left_out > 0 => ui::Toast::info(
                format!(
                    "{label}, {which} ({left_out} answers about skills or commitments no longer here were left out)"
                ),
                now,
            ),
            Ok(label) => ui::Toast::info(format!("{label}, {which}"), now),
            Err(err) => ui::Toast::error(err.to_string(), now),
        });
    }

    /// Opens a rep file in the rep view: a separate Coachbook window, so the rep's view
    /// never shares a process with the manager's screens.
    pub(super) fn open_rep_file(&mut self, ctx: &egui::Context) {
        let Some(path) = self.state.open_rep_file.take() else {
            return;
        };
        let now = ctx.input(|i| i.time);
        let result = crate::repfile::read(&path)
            .map_err(anyhow::Error::from)
            .and_then(|_| {
                let exe = std::env::current_exe()?;
                let mut child = std::process::Command::new(exe).arg(&path).spawn()?;
                // Reaped when it closes, so it does not linger as a zombie.
                std::thread::spawn(move || child.wait());
                Ok(())
            });
        self.state.toast = Some(match result {
            Ok(()) => ui::Toast::info(format!("Opening {} in the rep view", path.display()), now),
            Err(err) => ui::Toast::error(format!("{err:#}"), now),
        });
    }

    /// Reads the open rep's answers when a tab that shows them is open.
    pub(super) fn load_answers(&mut self, ctx: &egui::Context) {
        let Some(page) = self.state.team.open_rep.as_ref() else {
            return;
        };
        if !matches!(page.tab, RepTab::Calibration | RepTab::Commitments)
            || self
                .caches
                .answers
                .as_ref()
                .is_some_and(|(r, _)| *r == page.rep)
        {
            return;
        }
        let rep = page.rep;
        match store::answers::get(self.ops.store().conn(), rep) {
            Ok(answers) => self.caches.answers = Some((rep, answers)),
            Err(err) => {
                let now = ctx.input(|i| i.time);
                self.state.toast = Some(ui::Toast::error(err.to_string(), now));
                self.caches.answers = Some((rep, Default::default()));
            }
        }
        ctx.request_repaint();
    }
}
