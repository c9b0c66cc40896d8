//! The computer's keychain asked on a thread of its own. A locked keychain may show its own
//! prompt to unlock, and a Secret Service that does not answer holds its caller until D-Bus
//! gives up: neither may hold the window, which goes on drawing meanwhile.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use super::App;
use crate::ui::Reply;

/// The keychain's answer, on its way.
pub(super) struct KeychainJob {
    answer: Receiver<Reply>,
}

impl App {
    /// Remembers the open file's passphrase in this computer's keychain, or forgets it.
    /// A second click while the keychain is still being asked waits for the first answer.
    pub(super) fn keychain(&mut self, remember: bool) {
        if self.keychain_job.is_some() {
            return;
        }
        let store = self.ops.store();
        let key = match (remember, store.passphrase()) {
            (true, Some(key)) => Some(key.clone()),
            (true, None) => return,
            (false, _) => None,
        };
        let path = store.path().to_owned();
        let (done, answer) = channel();
        let spawned = std::thread::Builder::new()
            .name("keychain".into())
            .spawn(move || {
                let reply = match crate::keychain::keep(&path, key.as_ref()) {
                    Ok(()) if key.is_some() => Reply::Info(
                        "This computer's keychain now remembers the passphrase: the file \
                         opens without asking."
                            .to_owned(),
                    ),
                    Ok(()) => Reply::Info(
                        "This computer's keychain no longer remembers the passphrase: it is \
                         asked for when the file opens."
                            .to_owned(),
                    ),
                    Err(err) => Reply::Error(err.to_string()),
                };
                let _ = done.send(reply);
            });
        match spawned {
            Ok(_) => self.keychain_job = Some(KeychainJob { answer }),
            Err(err) => self.reply(Reply::Error(format!(
                "Coachbook could not ask the keychain: {err}."
            ))),
        }
    }

    /// Says what the keychain answered, once it has.
    pub(super) fn take_keychain_answer(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.keychain_job else {
            return;
        };
        let reply = match job.answer.try_recv() {
            Ok(reply) => reply,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(50));
                return;
            }
            Err(TryRecvError::Disconnected) => Reply::Error(
                "The keychain did not answer. Try again; the data file is as it was.".to_owned(),
            ),
        };
        self.keychain_job = None;
        self.reply(reply);
    }
}
