//! Replacing the data file from Settings: restoring a backup, or encrypting, decrypting
//! or re-keying it. Copying and checking a large file takes seconds, so it runs on a
//! thread with the app's own writable store (and so its writer lock), while the window
//! reads the old file and shows a modal; then every screen reads the new file.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use super::App;
use crate::domain::passphrase::Passphrase;
use crate::model::QueryWorker;
use crate::store::backup::{BackupError, BackupFile, Restored};
use crate::store::{Rekeyed, Store};
use crate::ui::{self, Reply};

/// What is to take the data file's place.
pub(super) enum Swap {
    Restore(BackupFile),
    /// The file under a new passphrase (`None`: plain), remembered in the keychain or not.
    Passphrase {
        to: Option<Passphrase>,
        remember: bool,
    },
}

/// What came of a swap, with what the reply says of it.
enum Outcome {
    Restored(BackupFile, Restored),
    Rekeyed {
        rekeyed: Rekeyed,
        encrypted: bool,
        /// Why the keychain could not follow, when it could not.
        keychain: Option<String>,
    },
}

type Finished = (Result<Outcome, BackupError>, Store);

/// A swap under way.
pub(super) struct SwapJob {
    receiver: Receiver<Finished>,
}

impl App {
    /// Starts the swap Settings asked for once nothing else uses the file, and takes it
    /// in when it is done.
    pub(super) fn swap_file(&mut self, ctx: &egui::Context) {
        if self.swapping.is_some() {
            self.receive_swap(ctx);
            return;
        }
        if self.swap_wanted.is_none() || self.backups.is_running() || self.exchange.is_running() {
            return;
        }
        let Some(swap) = self.swap_wanted.take() else {
            return;
        };
        let file = self.ops.store().access();
        let mut writer = match self.ops.lend_writer() {
            Ok(writer) => writer,
            Err(err) => {
                self.reply(Reply::Error(err.to_string()));
                return;
            }
        };
        // The query thread's connection closes before the files are swapped.
        std::mem::replace(&mut self.worker, QueryWorker::start(file)).stop();
        let (done, receiver) = channel();
        let now = self.ops.clock().now();
        let doing = swap.describe(self.ops.clock().today());
        let spawned = std::thread::Builder::new()
            .name("swap".into())
            .spawn(move || {
                let result = match swap {
                    Swap::Restore(chosen) => writer
                        .restore_from(&chosen.path, now)
                        .map(|restored| Outcome::Restored(chosen, restored)),
                    Swap::Passphrase { to, remember } => {
                        writer.change_passphrase(to.clone(), now).map(|rekeyed| {
                            // On this thread too: the keychain may take its time to answer.
                            let kept = to.as_ref().filter(|_| remember);
                            Outcome::Rekeyed {
                                rekeyed,
                                encrypted: to.is_some(),
                                keychain: crate::keychain::keep(writer.path(), kept)
                                    .err()
                                    .map(|err| err.to_string()),
                            }
                        })
                    }
                };
                // The window may have closed meanwhile; then nobody needs the answer.
                let _ = done.send((result, writer));
            });
        if let Err(err) = spawned {
            self.reply(Reply::Error(format!(
                "Coachbook could not start: {err}. Nothing changed; restart Coachbook to make changes."
            )));
            return;
        }
        self.reply(Reply::Swapping(Some(doing)));
        self.swapping = Some(SwapJob { receiver });
        ctx.request_repaint();
    }

    fn receive_swap(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.swapping else {
            return;
        };
        let (result, writer) = match job.receiver.try_recv() {
            Ok(finished) => finished,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Err(TryRecvError::Disconnected) => {
                self.swapping = None;
                self.reply(Reply::Swapping(None));
                self.reply(Reply::Error(
                    "The change stopped before it finished. Restart Coachbook: the data file \
                     is either as it was or the new one, never half of each."
                        .to_owned(),
                ));
                return;
            }
        };
        self.swapping = None;
        self.reply(Reply::Swapping(None));
        self.ops.take_back(writer);
        std::mem::replace(
            &mut self.worker,
            QueryWorker::start(self.ops.store().access()),
        )
        .stop();
        // The publishing thread read the old file: it starts again on the new one, with its
        // passphrase, at the next frame.
        self.org = super::org_sync::OrgSync::default();
        self.reply(Reply::ContentsReplaced);
        self.contents_replaced();
        self.backups.known.clear();
        self.reply(Reply::Backups(None));
        self.reply(Reply::Encrypted(self.ops.store().passphrase().is_some()));
        let reply = match result {
            Ok(Outcome::Restored(chosen, restored)) => {
                Reply::Info(self.restored_text(&chosen, &restored))
            }
            Ok(Outcome::Rekeyed {
                rekeyed,
                encrypted,
                keychain,
            }) => Reply::Info(rekeyed_text(&rekeyed, encrypted, keychain)),
            Err(err) => Reply::Error(err.to_string()),
        };
        self.reply(reply);
        ctx.request_repaint();
    }

    fn restored_text(&self, chosen: &BackupFile, restored: &Restored) -> String {
        format!(
            "Restored the backup of {}. {}",
            ui::backup_taken_text(chosen.taken, self.ops.clock().today()),
            match &restored.before_restore {
                Some(kept) => format!(
                    "Your data as it was is kept as {}.",
                    kept.file_name().map_or_else(
                        || kept.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    )
                ),
                None => String::new(),
            }
        )
    }
}

/// What the change did, and what the keychain could not keep.
fn rekeyed_text(rekeyed: &Rekeyed, encrypted: bool, keychain: Option<String>) -> String {
    let done = if encrypted {
        "The data file is encrypted with the passphrase"
    } else {
        "The data file is plain again"
    };
    let left = if rekeyed.left.is_empty() {
        String::new()
    } else {
        format!(
            " {} backup(s) could not follow and open as before.",
            rekeyed.left.len()
        )
    };
    let keychain = keychain.map(|err| format!(" {err}")).unwrap_or_default();
    format!(
        "{done}, and so are its {} backup(s).{left}{keychain}",
        rekeyed.converted
    )
}

impl Swap {
    /// What the modal says while it runs.
    fn describe(&self, today: chrono::NaiveDate) -> String {
        match self {
            Swap::Restore(chosen) => format!(
                "Restoring the backup of {}",
                ui::backup_taken_text(chosen.taken, today)
            ),
            Swap::Passphrase { to: Some(_), .. } => {
                "Encrypting the data file and its backups".to_owned()
            }
            Swap::Passphrase { to: None, .. } => {
                "Decrypting the data file and its backups".to_owned()
            }
        }
    }
}
