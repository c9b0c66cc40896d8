//! Publishing to the organization's server from the window: the thread of `org::worker`
//! started on the first frame when the file is linked, its news taken in between frames,
//! its batches acknowledged in the data file, and a kick after every change.

use chrono::{DateTime, Utc};

use super::App;
use crate::org::worker::{FromWorker, OrgStatus, SyncState, ToWorker, Worker};
use crate::store::outbox;

/// The publishing thread, once started, and what the status bar shows of it.
#[derive(Default)]
pub(super) struct OrgSync {
    started: bool,
    worker: Option<Worker>,
    pub status: Option<OrgStatus>,
    /// When the server was first found unreachable since it was last reached.
    offline_since: Option<DateTime<Utc>>,
}

impl App {
    /// Starts the thread on the first frame (it wakes the window through `ctx`), then
    /// takes in what it said.
    pub(super) fn run_org_sync(&mut self, ctx: &egui::Context) {
        if !self.org.started {
            self.org.started = true;
            self.start_org_sync(ctx);
        }
        loop {
            let Some(message) = self
                .org
                .worker
                .as_ref()
                .and_then(|w| w.from.try_recv().ok())
            else {
                return;
            };
            self.take_org_news(message);
        }
    }

    fn start_org_sync(&mut self, ctx: &egui::Context) {
        let store = self.ops.store();
        if store.is_read_only() {
            return;
        }
        let Ok(Some(link)) = outbox::link(store.conn()) else {
            return;
        };
        let units = outbox::waiting(store.conn()).unwrap_or(0);
        let state = if units == 0 {
            SyncState::InStep { at: link.synced }
        } else {
            SyncState::Waiting { units }
        };
        self.org.status = Some(OrgStatus {
            state,
            // A link edited by hand may hold what must not show: only an address
            // Coachbook reads is shown, and as it keeps it.
            url: crate::org::sync::address_of(&link).map_or_else(
                |_| "an address Coachbook cannot read".to_owned(),
                |a| a.shown().to_owned(),
            ),
            login: link.login.clone(),
        });
        let ctx = ctx.clone();
        let wake = Box::new(move || ctx.request_repaint());
        match Worker::start(store.access(), link, wake) {
            Ok(worker) => self.org.worker = Some(worker),
            Err(err) => self.set_org_state(SyncState::Stopped {
                units,
                error: format!("Coachbook could not start publishing: {err}."),
            }),
        }
    }

    fn take_org_news(&mut self, message: FromWorker) {
        match message {
            FromWorker::Sending { .. } => {
                let units = self.org_units_waiting();
                self.set_org_state(SyncState::Sending { units });
            }
            FromWorker::Sent { entries } => {
                let acknowledged = self.ops.acknowledge_published(&entries);
                if let Some(worker) = &self.org.worker {
                    worker.tell(ToWorker::Acknowledged {
                        ok: acknowledged.is_ok(),
                    });
                }
                self.org.offline_since = None;
                let units = self.org_units_waiting();
                let state = match acknowledged {
                    Ok(()) => SyncState::Sending { units },
                    Err(err) => SyncState::Stopped {
                        units,
                        error: format!(
                            "The server has the changes, but the data file could not note it: {err}"
                        ),
                    },
                };
                self.set_org_state(state);
            }
            FromWorker::Framework { version, framework } => {
                let command = crate::ops::Command::AdoptOrgFramework { version, framework };
                let result = self.apply_step(command);
                self.answer(crate::ui::Origin::Other, result);
            }
            FromWorker::Answers(team) => self.take_in_server_answers(team),
            FromWorker::InStep => {
                self.org.offline_since = None;
                let at = outbox::link(self.ops.store().conn())
                    .ok()
                    .flatten()
                    .and_then(|link| link.synced);
                self.set_org_state(SyncState::InStep { at });
            }
            FromWorker::Failed { error, offline } => {
                let units = self.org_units_waiting();
                let now = self.ops.clock().now();
                let state = if offline {
                    SyncState::Offline {
                        since: *self.org.offline_since.get_or_insert(now),
                        units,
                        error,
                    }
                } else {
                    SyncState::Stopped { units, error }
                };
                self.set_org_state(state);
            }
        }
    }

    /// A rep's answers from the server become their stored answers, as one undoable
    /// step; answers that cannot be taken in are said once.
    fn take_in_server_answers(&mut self, team: crate::org::rep_answers::TeamAnswers) {
        let now = self.ops.clock().now();
        let prepared = team
            .answers
            .map_err(|why| why.to_string())
            .and_then(|answers| {
                crate::ops::prepare_from_server(self.ops.store().conn(), team.rep, answers, now)
                    .map_err(|e| e.to_string())
            });
        match prepared {
            Ok(prepared) if prepared.unchanged => {}
            Ok(prepared) => {
                let which = prepared.which_share();
                let result = self.apply_step(prepared.command()).map(|mut taken| {
                    taken.label = format!("{}, {which}", taken.label);
                    taken
                });
                self.answer(crate::ui::Origin::Other, result);
            }
            Err(why) => self.reply(crate::ui::Reply::Error(format!(
                "A rep's answers on the organization's server were left out: {why}"
            ))),
        }
        if let Err(err) = self.ops.note_server_answers(team.rep, team.revision) {
            self.reply(crate::ui::Reply::Error(err.to_string()));
        }
    }

    /// After a change to the file: the count on the status bar, and a kick.
    pub(super) fn org_changed(&mut self) {
        let Some(worker) = &self.org.worker else {
            return;
        };
        worker.tell(ToWorker::Kick { now: false });
        let units = self.org_units_waiting();
        let state = match self.org.status.as_ref().map(|s| &s.state) {
            Some(SyncState::Offline { since, error, .. }) => SyncState::Offline {
                since: *since,
                units,
                error: error.clone(),
            },
            Some(SyncState::Stopped { error, .. }) => SyncState::Stopped {
                units,
                error: error.clone(),
            },
            Some(SyncState::Sending { .. }) => SyncState::Sending { units },
            _ if units == 0 => return,
            _ => SyncState::Waiting { units },
        };
        self.set_org_state(state);
    }

    /// "Sync now" on the status bar.
    pub(super) fn sync_now(&mut self) {
        if let Some(worker) = &self.org.worker {
            worker.tell(ToWorker::Kick { now: true });
        }
    }

    fn org_units_waiting(&self) -> u64 {
        outbox::waiting(self.ops.store().conn()).unwrap_or(0)
    }

    fn set_org_state(&mut self, state: SyncState) {
        if let Some(status) = &mut self.org.status {
            status.state = state;
        }
    }
}
