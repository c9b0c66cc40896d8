//! Nothing typed is lost: the session texts are saved a second after the last key, all
//! at once when the workspace is left, and as the window closes.

use std::time::Duration;

use super::{App, WriteState};
use crate::ui::{Reply, Screen};

impl App {
    /// Saves what was typed in the session workspace a second after the last key, and
    /// everything at once when the workspace is left.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let leaving = self.state.screen != Screen::Session;
        if let Some(message) = self.save_session_texts(now, leaving) {
            self.reply(Reply::Error(message));
        }
        if !self.state.session.dirty.is_empty() || !self.state.session.carried.is_empty() {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    /// Saves every text typed and not saved yet, as the window closes.
    pub(super) fn save_typing(&mut self, now: f64) {
        if let Some(message) = self.save_session_texts(now, true) {
            self.write_state = WriteState::Failed(message);
        }
    }

    /// Saves the session texts the screen says are due (all of them with `flush`); a text
    /// whose save fails goes back to the screen, unsaved, to be tried again. Says why the
    /// last one failed.
    fn save_session_texts(&mut self, now: f64, flush: bool) -> Option<String> {
        let mut failed = None;
        for save in self.state.texts_to_save(now, flush) {
            if let Err(err) = self.apply(save.command()) {
                failed = Some(err.to_string());
                self.state.receive(Reply::TextNotSaved(save), now);
            }
        }
        failed
    }
}
