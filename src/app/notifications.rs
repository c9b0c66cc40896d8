//! Desktop notifications while the window is open: every half minute the pure scheduler
//! (`domain::reminders`) is asked what is due, each notification is shown from a thread of
//! its own (the desktop's notification service may be slow or missing), and its action
//! opens the session's workspace at the next frame.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::App;
use crate::domain::reminders::{Nudge, NudgeKind, Scheduler, Upcoming};
use crate::domain::rep::RepId;
use crate::domain::schedule::{self, OccurrenceKey};
use crate::model::Caches;
use crate::store::{self, Store, StoreError};
use crate::ui::Place;

/// How often the scheduler is asked; a reminder may come this much late, never early.
const CHECK_SECS: u64 = 30;
/// Notifications shown this run, kept for the window's memory and for tests.
const KEEP_SHOWN: usize = 200;

/// A session whose notification was clicked.
type Opened = (RepId, OccurrenceKey);

pub(super) struct Notifications {
    scheduler: Scheduler,
    next_check: f64,
    opened: (Sender<Opened>, Receiver<Opened>),
    pub(super) shown: Vec<Nudge>,
}

impl Notifications {
    /// The scheduler, told what an earlier run already showed.
    pub(super) fn new(remembered: &[(NudgeKind, RepId, DateTime<Utc>)]) -> Notifications {
        let mut scheduler = Scheduler::default();
        for &(kind, rep, start) in remembered {
            scheduler.remember(kind, rep, start);
        }
        Notifications {
            scheduler,
            next_check: 0.0,
            opened: channel(),
            shown: Vec::new(),
        }
    }

    /// Asks the scheduler at the next frame: the sessions or the settings changed.
    pub(super) fn check_soon(&mut self) {
        self.next_check = 0.0;
    }

    /// What was shown for sessions still to come, for the next run.
    pub(super) fn to_remember(&self, now: DateTime<Utc>) -> Vec<(NudgeKind, RepId, DateTime<Utc>)> {
        self.scheduler.shown_since(now)
    }
}

impl App {
    /// Opens a session whose notification was clicked, and shows what is due.
    pub(super) fn remind(&mut self, ctx: &egui::Context) {
        while let Ok((rep, key)) = self.notifications.opened.1.try_recv() {
            self.state.go(Place::Session(rep, key));
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
        ctx.request_repaint_after(Duration::from_secs(CHECK_SECS));
        if self.frame_time < self.notifications.next_check {
            return;
        }
        self.notifications.next_check = self.frame_time + CHECK_SECS as f64;
        let settings = self.state.settings.reminders;
        // A second window on the file (which only reads it) leaves them to the first.
        let writes = self.ops.store().read_only_reason().is_none();
        if !settings.notify || self.caches.needs_setup || !writes {
            return;
        }
        let clock = self.ops.clock();
        let (now, zone) = (clock.now(), clock.time_zone());
        let Ok(upcoming) = upcoming(self.ops.store(), &mut self.caches, now) else {
            return;
        };
        let mut shown_now = false;
        for nudge in self
            .notifications
            .scheduler
            .due(now, zone, settings, &upcoming)
        {
            show(
                &nudge,
                zone,
                self.notifications.opened.0.clone(),
                ctx.clone(),
            );
            self.notifications.shown.push(nudge);
            shown_now = true;
        }
        if shown_now {
            self.save_memory();
        }
        let excess = self.notifications.shown.len().saturating_sub(KEEP_SHOWN);
        self.notifications.shown.drain(..excess);
    }

    /// The notifications shown while this window was open, oldest first.
    pub fn nudges_shown(&self) -> &[Nudge] {
        &self.notifications.shown
    }
}

/// The sessions of the next two days, each with its rep's name and whether it is prepared.
fn upcoming(
    store: &Store,
    caches: &mut Caches,
    now: DateTime<Utc>,
) -> Result<Vec<Upcoming>, StoreError> {
    let to = now + chrono::Duration::days(2);
    let stored = store::sessions::between(store.conn(), now, to)?;
    let occurrences = schedule::occurrences(&mut caches.cadences, &stored, now, to, now);
    Ok(occurrences
        .into_iter()
        .filter_map(|occurrence| {
            let row = caches.rep(occurrence.rep).filter(|r| !r.rep.archived)?;
            let prepared = match occurrence.key {
                OccurrenceKey::Stored(id) => stored.iter().any(|s| s.id == id && s.is_prepared()),
                OccurrenceKey::Slot { .. } => false,
            };
            Some(Upcoming {
                rep_name: row.rep.name.clone(),
                occurrence,
                prepared,
            })
        })
        .collect())
}

/// Shows `nudge` from a thread of its own; its action sends the session to open back.
fn show(nudge: &Nudge, zone: chrono_tz::Tz, opened: Sender<Opened>, ctx: egui::Context) {
    let (title, body) = nudge.text(zone);
    let target = (nudge.rep, nudge.key);
    let spawned = std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || {
            let mut notification = notify_rust::Notification::new();
            notification
                .appname("Coachbook")
                .summary(&title)
                // Notification services read the body as markup.
                .body(&crate::export::report::esc(&body))
                .action("default", "Open the session");
            match notification.show() {
                Ok(handle) => wait_for_open(handle, move || {
                    let _ = opened.send(target);
                    ctx.request_repaint();
                }),
                Err(err) => eprintln!("coachbook: a reminder could not be shown: {err}"),
            }
        });
    if let Err(err) = spawned {
        eprintln!("coachbook: a reminder could not be shown: {err}");
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn wait_for_open(handle: notify_rust::NotificationHandle, open: impl FnOnce()) {
    handle.wait_for_action(|action| {
        if action == "default" {
            open();
        }
    });
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn wait_for_open<H>(_handle: H, _open: impl FnOnce()) {}
