//! Nothing typed is lost: the session screen hands its texts over a second after the last
//! key and all at once when the workspace is left (`ui::hand_over_typing`); as the window
//! closes, when no frame will come, the app takes them itself.

use super::{App, WriteState};
use crate::ui::{Reply, TextSave};

impl App {
    /// Saves a text the session screen handed over; one that fails goes back to the
    /// screen, unsaved, to be tried again.
    pub(super) fn save_text(&mut self, save: TextSave) {
        if let Err(err) = self.apply(save.command()) {
            self.reply(Reply::TextNotSaved(save));
            self.reply(Reply::Error(err.to_string()));
        }
    }

    /// Saves every text typed and not saved yet, as the window closes.
    pub(super) fn save_typing(&mut self, now: f64) {
        if let Some(message) = self.save_session_texts(now, true) {
            self.write_state = WriteState::Failed(message);
        }
    }

    /// Saves the session texts the screen says are due (all of them with `flush`); a text
    /// whose save fails goes back to the screen, unsaved. Says why the last one failed.
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
