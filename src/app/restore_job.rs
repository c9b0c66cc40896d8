//! Restoring a backup from Settings. Copying and checking a large file takes seconds, so
//! it runs on a thread with the app's own writable store (and so its writer lock), while
//! the window reads the old file and shows a modal; then every screen reads the restored
//! file.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use super::App;
use crate::model::QueryWorker;
use crate::store::Store;
use crate::store::backup::{BackupError, BackupFile, Restored};
use crate::ui::{self, Reply};

type Finished = (Result<Restored, BackupError>, Store);

/// A restore under way.
pub(super) struct RestoreJob {
    receiver: Receiver<Finished>,
    chosen: BackupFile,
}

impl App {
    /// Starts the restore Settings asked for once nothing else uses the file, and takes
    /// it in when it is done.
    pub(super) fn restore_backup(&mut self, ctx: &egui::Context) {
        if self.restoring.is_some() {
            self.receive_restore(ctx);
            return;
        }
        if self.restore_wanted.is_none() || self.backups.is_running() || self.exchange.is_running()
        {
            return;
        }
        let Some(chosen) = self.restore_wanted.take() else {
            return;
        };
        let path = self.ops.store().path().to_owned();
        let mut writer = match self.ops.lend_writer() {
            Ok(writer) => writer,
            Err(err) => {
                self.reply(Reply::Error(err.to_string()));
                return;
            }
        };
        // The query thread's connection closes before the files are swapped.
        std::mem::replace(&mut self.worker, QueryWorker::start(path)).stop();
        let (done, receiver) = channel();
        let backup = chosen.path.clone();
        let now = self.ops.clock().now();
        let spawned = std::thread::Builder::new()
            .name("restore".into())
            .spawn(move || {
                let result = writer.restore_from(&backup, now);
                // The window may have closed meanwhile; then nobody needs the answer.
                let _ = done.send((result, writer));
            });
        if let Err(err) = spawned {
            self.reply(Reply::Error(format!(
                "The restore could not start: {err}. Nothing changed; restart Coachbook to make changes."
            )));
            return;
        }
        self.reply(Reply::Restoring(Some(chosen.clone())));
        self.restoring = Some(RestoreJob { receiver, chosen });
        ctx.request_repaint();
    }

    fn receive_restore(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.restoring else {
            return;
        };
        let (result, writer) = match job.receiver.try_recv() {
            Ok(finished) => finished,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Err(TryRecvError::Disconnected) => {
                self.restoring = None;
                self.reply(Reply::Restoring(None));
                self.reply(Reply::Error(
                    "The restore stopped before it finished. Restart Coachbook: the data file \
                     is either as it was or the backup, never half of each."
                        .to_owned(),
                ));
                return;
            }
        };
        let chosen = job.chosen.clone();
        self.restoring = None;
        self.reply(Reply::Restoring(None));
        self.ops.take_back(writer);
        std::mem::replace(
            &mut self.worker,
            QueryWorker::start(self.ops.store().path().to_owned()),
        )
        .stop();
        self.reply(Reply::ContentsReplaced);
        self.contents_replaced();
        self.backups.known.clear();
        self.reply(Reply::Backups(None));
        self.reply(match result {
            Ok(restored) => Reply::Info(format!(
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
            )),
            Err(err) => Reply::Error(err.to_string()),
        });
        ctx.request_repaint();
    }
}
