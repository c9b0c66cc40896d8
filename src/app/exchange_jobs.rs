//! The File menu's work, done after the frame: roster files are read and checked at once
//! (they are small); exports and archive imports run on a thread with their own
//! connection, so a file of half a million observations never freezes the window.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::App;
use crate::exchange::{TableCounts, archive, csv_export, roster_csv};
use crate::store::{self, FileAccess, Store};
use crate::ui::{ExchangeJob, Reply, RosterPreview};

/// The job asked for, the one running on its thread, and where its answer arrives.
#[derive(Default)]
pub(super) struct ExchangeJobs {
    /// Waits for the running job to finish.
    queued: Option<ExchangeJob>,
    running: Option<(ExchangeJob, Receiver<Finished>)>,
}

/// A job's outcome, and the writable store an import borrowed, handed back.
type Finished = (Result<TableCounts, String>, Option<Store>);

impl ExchangeJobs {
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub(super) fn queue(&mut self, job: ExchangeJob) {
        self.queued = Some(job);
    }
}

impl App {
    /// Reads and checks a chosen roster file for the preview (it is small).
    pub(super) fn check_roster(&mut self, path: PathBuf) {
        let check =
            roster_csv::check_file(self.ops.store().conn(), &path).map_err(|e| e.to_string());
        self.reply(Reply::RosterChecked(Box::new(RosterPreview::new(
            path, check,
        ))));
    }

    /// Starts a requested job once none runs, and takes in a finished one.
    pub(super) fn run_exchange(&mut self, ctx: &egui::Context) {
        if self.exchange.running.is_none()
            && let Some(job) = self.exchange.queued.take()
        {
            self.start_exchange(job);
        }
        let Some((_, receiver)) = &self.exchange.running else {
            return;
        };
        let outcome = match receiver.try_recv() {
            Ok((outcome, writer)) => {
                if let Some(writer) = writer {
                    self.ops.take_back(writer);
                }
                outcome
            }
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Err(TryRecvError::Disconnected) => Err(
                "The export or import stopped before it finished; an import wrote nothing. \
                 Restart Coachbook to go on changing the file."
                    .to_owned(),
            ),
        };
        let Some((job, _)) = self.exchange.running.take() else {
            return;
        };
        self.reply(Reply::ExchangeRunning(None));
        match outcome {
            Ok(counts) => {
                if matches!(job, ExchangeJob::ImportJson(_)) {
                    self.contents_replaced();
                }
                self.reply(Reply::Info(done_text(&job, &counts)));
            }
            Err(message) => self.reply(Reply::Error(message)),
        }
        ctx.request_repaint();
    }

    fn start_exchange(&mut self, job: ExchangeJob) {
        match self.lend_writer(&job) {
            Ok(writer) => {
                let receiver = start(
                    job.clone(),
                    self.ops.store().access(),
                    writer,
                    self.ops.clock().now(),
                );
                self.exchange.running = Some((job.clone(), receiver));
                self.reply(Reply::ExchangeRunning(Some(job)));
            }
            Err(err) => self.reply(Reply::Error(err.to_string())),
        }
    }
}

impl App {
    /// An import writes through the app's own store, which holds the file's one writer
    /// lock; the app reads through a read-only connection until it comes back.
    fn lend_writer(&mut self, job: &ExchangeJob) -> Result<Option<Store>, store::StoreError> {
        if !matches!(job, ExchangeJob::ImportJson(_)) {
            return Ok(None);
        }
        self.ops.lend_writer().map(Some)
    }
}

fn done_text(job: &ExchangeJob, counts: &TableCounts) -> String {
    let what = counts.describe();
    match job {
        ExchangeJob::ExportCsv(dir) => format!("Exported {what} to {}", dir.display()),
        ExchangeJob::ExportJson(file) => format!("Exported {what} to {}", file.display()),
        ExchangeJob::ImportJson(file) => format!("Imported {what} from {}", file.display()),
    }
}

/// Runs `job` on a thread of its own: exports with their own read-only connection to the
/// data file at `db`, an import with the app's own writable store, lent for the while.
fn start(
    job: ExchangeJob,
    db: FileAccess,
    mut writer: Option<Store>,
    now: DateTime<Utc>,
) -> Receiver<Finished> {
    let (done, receiver) = channel();
    let spawned = std::thread::Builder::new()
        .name("exchange".into())
        .spawn(move || {
            let outcome = run(&job, &db, writer.as_mut(), now).map_err(|e| e.to_string());
            // The window may have closed meanwhile; then nobody needs the answer.
            let _ = done.send((outcome, writer));
        });
    if let Err(err) = spawned {
        eprintln!("coachbook: the export thread did not start: {err}");
    }
    receiver
}

fn run(
    job: &ExchangeJob,
    db: &FileAccess,
    writer: Option<&mut Store>,
    now: DateTime<Utc>,
) -> anyhow::Result<TableCounts> {
    match job {
        ExchangeJob::ExportCsv(dir) => Ok(csv_export::export_dir(&db.open_read_only()?, dir)?),
        ExchangeJob::ExportJson(file) => {
            Ok(archive::export_file(&db.open_read_only()?, file, now)?)
        }
        ExchangeJob::ImportJson(file) => {
            let store = writer.ok_or_else(|| {
                anyhow::anyhow!("The archive import needs this window's own access to the file.")
            })?;
            Ok(crate::ops::import_archive(store, file, now)?)
        }
    }
}
