//! Backups while the app runs: one at start when the newest is a day old, then at most
//! every half hour while there were changes, "Back up now", a protected one before each
//! import. Restoring one is in `swap_job`.
//!
//! Backups run on a thread of their own with their own read-only connection, so a large
//! file never holds up a frame; a failure shows a toast, never a panic.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::App;
use crate::domain::backup_policy::{self, BackupKind, Retention};
use crate::store::FileAccess;
use crate::store::backup::{self, BackupDetails, BackupFile};
use crate::ui::{Reply, Screen};

enum Job {
    Create(BackupKind),
    Rotate(Retention),
}

enum Done {
    Created(BackupKind, Result<BackupFile, String>),
    Rotated(Result<usize, String>),
}

/// The schedule's memory and the work under way.
#[derive(Default)]
pub(super) struct BackupJobs {
    running: Option<Receiver<Done>>,
    listing: Option<Receiver<Result<Vec<BackupDetails>, String>>>,
    /// A command changed the file since the last backup started.
    changed: bool,
    /// When the last backup started, or the app did; `None` until the first frame.
    last: Option<DateTime<Utc>>,
    /// The retention counts changed: rotate once nothing else runs.
    rotate: Option<Retention>,
    /// "Back up now" was asked and has not started yet.
    manual: bool,
    /// Details read before, by path: a backup never changes once made.
    pub(super) known: HashMap<PathBuf, BackupDetails>,
}

impl BackupJobs {
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some() || self.listing.is_some()
    }

    /// A command was applied: the next half-hourly backup has something to keep.
    pub(super) fn note_change(&mut self) {
        self.changed = true;
    }

    pub(super) fn rotate_soon(&mut self, retention: Retention) {
        self.rotate = Some(retention);
    }

    pub(super) fn manual_wanted(&mut self) {
        self.manual = true;
    }
}

impl App {
    /// Starts what is due, takes in what finished, and keeps the Settings list current.
    pub(super) fn run_backups(&mut self, ctx: &egui::Context) {
        let now = self.ops.clock().now();
        self.receive_backup(ctx);
        self.receive_listing(ctx);
        if self.backups.running.is_none() {
            let job = self.due_backup_job(now);
            if let Some(job) = job {
                if let Job::Create(_) = job {
                    self.backups.changed = false;
                    self.backups.last = Some(now);
                }
                self.backups.running = Some(start(job, self.ops.store().access(), now));
            } else if self.backups.changed
                && let Some(last) = self.backups.last
            {
                // No frame may come while the manager reads; wake up when one is due.
                let wait = (backup_policy::EVERY - (now - last))
                    .to_std()
                    .unwrap_or_default();
                ctx.request_repaint_after(wait.max(Duration::from_secs(1)));
            }
        }
        let backing_up = self.backups.running.is_some();
        if self.state.settings.backing_up != backing_up {
            self.reply(Reply::BackingUp(backing_up));
        }
        if self.state.screen == Screen::Settings
            && self.state.settings.backups.is_none()
            && self.backups.listing.is_none()
            && self.backups.running.is_none()
        {
            self.backups.listing =
                Some(list(self.ops.store().access(), self.backups.known.clone()));
        }
        if self.backups.is_running() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn due_backup_job(&mut self, now: DateTime<Utc>) -> Option<Job> {
        if std::mem::take(&mut self.backups.manual) {
            return Some(Job::Create(BackupKind::Manual));
        }
        if let Some(retention) = self.backups.rotate.take() {
            return Some(Job::Rotate(retention));
        }
        // The window that writes the file keeps its backups; a reading one leaves them be.
        if self.ops.store().is_read_only() {
            return None;
        }
        match self.backups.last {
            None => {
                self.backups.last = Some(now);
                // A brand-new file has nothing to lose yet.
                let newest = backup::list(self.ops.store().path())
                    .ok()
                    .and_then(|b| b.last().map(|b| b.taken));
                (!self.caches.needs_setup && backup_policy::due_at_start(newest, now))
                    .then_some(Job::Create(BackupKind::Automatic))
            }
            Some(last) => backup_policy::due_while_working(last, self.backups.changed, now)
                .then_some(Job::Create(BackupKind::Automatic)),
        }
    }

    fn receive_backup(&mut self, ctx: &egui::Context) {
        let Some(receiver) = &self.backups.running else {
            return;
        };
        let done = match receiver.try_recv() {
            Ok(done) => done,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Done::Created(
                BackupKind::Automatic,
                Err("The backup stopped before it finished; no older backup was removed.".into()),
            ),
        };
        self.backups.running = None;
        self.reply(Reply::Backups(None));
        match done {
            Done::Created(kind, Ok(file)) => {
                if kind == BackupKind::Manual {
                    self.reply(Reply::Info(format!("Backed up to {}", file.path.display())));
                }
            }
            Done::Created(_, Err(message)) | Done::Rotated(Err(message)) => {
                self.backups.changed = true;
                self.reply(Reply::Error(message));
            }
            Done::Rotated(Ok(_)) => {}
        }
        ctx.request_repaint();
    }

    fn receive_listing(&mut self, ctx: &egui::Context) {
        let Some(receiver) = &self.backups.listing else {
            return;
        };
        let listed = match receiver.try_recv() {
            Ok(listed) => listed,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("The list of backups could not be read.".into()),
        };
        self.backups.listing = None;
        match listed {
            Ok(details) => {
                self.backups.known = details
                    .iter()
                    .map(|d| (d.file.path.clone(), d.clone()))
                    .collect();
                self.reply(Reply::Backups(Some(details)));
            }
            Err(message) => {
                self.reply(Reply::Backups(Some(Vec::new())));
                self.reply(Reply::Error(message));
            }
        }
        ctx.request_repaint();
    }
}

/// Runs `job` on a thread of its own with its own read-only connection to `db`.
fn start(job: Job, db: FileAccess, now: DateTime<Utc>) -> Receiver<Done> {
    let (done, receiver) = channel();
    let spawned = std::thread::Builder::new()
        .name("backup".into())
        .spawn(move || {
            let outcome = match job {
                Job::Create(kind) => Done::Created(
                    kind,
                    db.open_read_only()
                        .map_err(|e| e.to_string())
                        .and_then(|store| {
                            backup::create(store.conn(), &db.path, db.key.as_ref(), kind, now)
                                .map_err(|e| e.to_string())
                        }),
                ),
                Job::Rotate(retention) => Done::Rotated(
                    backup::rotate(&db.path, db.key.as_ref(), retention).map_err(|e| e.to_string()),
                ),
            };
            // The window may have closed meanwhile; then nobody needs the answer.
            let _ = done.send(outcome);
        });
    if let Err(err) = spawned {
        eprintln!("coachbook: the backup thread did not start: {err}");
    }
    receiver
}

/// Lists the backups with their details on a thread, reading only the ones not `known`.
fn list(
    db: FileAccess,
    known: HashMap<PathBuf, BackupDetails>,
) -> Receiver<Result<Vec<BackupDetails>, String>> {
    let (done, receiver) = channel();
    let spawned = std::thread::Builder::new()
        .name("backup-list".into())
        .spawn(move || {
            let listed = backup::list(&db.path)
                .map_err(|e| e.to_string())
                .map(|files| {
                    files
                        .iter()
                        .rev()
                        .map(|f| {
                            known
                                .get(&f.path)
                                .cloned()
                                .unwrap_or_else(|| backup::details(f, db.key.as_ref()))
                        })
                        .collect()
                });
            let _ = done.send(listed);
        });
    if let Err(err) = spawned {
        eprintln!("coachbook: the backup list thread did not start: {err}");
    }
    receiver
}
